"""Conflict profiles: loading, path resolution and one-line validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline._paths import data_path, profile_path
from frontline.errors import BadInputError
from frontline.reference.profile import (
    Profile,
    default_profile,
    load_profile,
    shipped_profile,
)


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile.toml").write_text(text, encoding="utf-8")
    return folder


def test_default_profile_is_the_shipped_nw_syria_example() -> None:
    p = default_profile()
    assert p.name == "nw_syria"
    assert p.gazetteer == (data_path("gazetteer.csv").resolve(),)
    assert p.sides == data_path("sides.csv").resolve()
    assert p.aoi == data_path("aoi.geojson").resolve()
    assert p.route == data_path("m5.geojson").resolve()
    assert list(p.routes) == ["M5"]
    assert [b.name for b in p.basemap] == [
        "syria_outline_ne10m.geojson",
        "syria_admin1_ne10m.geojson",
    ]
    assert p.curated == (data_path("events/nw_syria_2019_2020.csv").resolve(),)
    assert p.regions["governorate"] == 1 and p.regions["nahiya"] == 3
    assert "district" not in p.regions  # Syrian reporting: city neighbourhoods
    assert "muhafazah" in p.region_words(1)
    assert p.path == (profile_path("nw_syria") / "profile.toml").resolve()
    assert all(path.is_absolute() and path.exists() for path in p.gazetteer + p.basemap)


def test_load_profile_accepts_none_a_profile_a_folder_a_file_and_a_shipped_name() -> None:
    p = default_profile()
    assert load_profile(None) == p
    assert load_profile(p) is p
    assert load_profile(p.folder) == p
    assert load_profile(p.path) == p
    assert load_profile("nw_syria") == p


def test_relative_paths_resolve_against_the_profile_folder(tmp_path: Path) -> None:
    folder = tmp_path / "war"
    (folder / "layers").mkdir(parents=True)
    for name in ("g.csv", "s.csv", "aoi.geojson", "layers/road.geojson", "ev.csv", "b.csv"):
        (folder / name).write_text("x", encoding="utf-8")
    _write(
        folder,
        """
[profile]
name = "war"
title = "A war"
[gazetteer]
sources = ["g.csv", "data:gazetteer.csv"]
[sides]
file = "s.csv"
[aoi]
file = "aoi.geojson"
[routes]
"Road 1" = "layers/road.geojson"
[baselines]
july = "b.csv"
[curated]
layers = "ev.csv"
[regions]
Oblast = 1
raion = 2
[defaults]
route = "Road 1"
start = 2024-07-01
end = "2025-03-31"
horizon_days = 7
max_km = 12
""",
    )
    p = Profile.load(folder)
    assert p.title == "A war"
    assert p.gazetteer == ((folder / "g.csv").resolve(), data_path("gazetteer.csv").resolve())
    assert p.routes["Road 1"] == (folder / "layers" / "road.geojson").resolve()
    assert p.route == p.routes["Road 1"]
    assert p.baselines["july"] == (folder / "b.csv").resolve()
    assert p.curated == ((folder / "ev.csv").resolve(),)
    assert dict(p.regions) == {"oblast": 1, "raion": 2}
    assert (p.start, p.end, p.horizon_days, p.max_km) == ("2024-07-01", "2025-03-31", 7, 12.0)


def test_minimal_profile_needs_only_a_name(tmp_path: Path) -> None:
    p = Profile.load(_write(tmp_path, '[profile]\nname = "bare"\n') / "profile.toml")
    assert (p.name, p.title, p.gazetteer, p.sides, p.route, dict(p.routes)) == (
        "bare",
        "bare",
        (),
        None,
        None,
        {},
    )


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[profile]\ntitle = "x"\n', "profile.name: missing"),
        ('[profile]\nname = "x"\n[sides]\nfile = "nope.csv"\n', "sides.file: file not found"),
        ('[profile]\nname = "x"\n[gazetteer]\nsources = ["a.csv"]\n', "gazetteer.sources[0]"),
        ('[profile]\nname = "x"\n[sides]\npath = "s.csv"\n', "sides.path: unknown key"),
        ('[profile]\nname = "x"\n[colours]\n', "[colours]: unknown section"),
        ('[profile]\nname = "x"\n[defaults]\nroute = "M5"\n', "defaults.route: no route named"),
        ('[profile]\nname = "x"\n[defaults]\nstart = "July"\n', "defaults.start: not an ISO"),
        ('[profile]\nname = "x"\n[regions]\noblast = "one"\n', "regions.oblast: must be"),
        ('[profile]\nname = "x"\n[defaults]\nhorizon_days = 1.5\n', "defaults.horizon_days"),
        ('[profile]\nname = "x"\n[aoi]\nfile = "data:nope.geojson"\n', "no shipped file"),
        ("[profile\nname = 1\n", "malformed TOML"),
        ('[profile]\nname = "x"\n[defaults]\nstart = "2025-01-02"\nend = "2025-01-01"\n', "before"),
    ],
)
def test_bad_profiles_fail_with_one_line_naming_file_and_key(
    tmp_path: Path, text: str, needle: str
) -> None:
    folder = _write(tmp_path / "bad", text)
    with pytest.raises(BadInputError) as info:
        Profile.load(folder)
    message = str(info.value)
    assert needle in message
    assert str((folder / "profile.toml").resolve()) in message
    assert "\n" not in message


def test_missing_profile_and_unknown_shipped_name(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="expected profile.toml"):
        Profile.load(tmp_path)
    with pytest.raises(BadInputError, match="no shipped conflict profile named 'atlantis'"):
        shipped_profile("atlantis")


def test_profile_is_frozen() -> None:
    p = default_profile()
    with pytest.raises(AttributeError):
        p.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.routes["X"] = Path("x")  # type: ignore[index]


def test_wheel_carries_the_profiles_and_they_load_from_it(repo_root: Path, tmp_path: Path) -> None:
    """Build the wheel, unpack it, and load both shipped profiles from the unpacked package."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(repo_root)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("frontline-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    for needed in ("nw_syria/profile.toml", "donetsk/profile.toml", "donetsk/gazetteer.csv"):
        assert (site / "frontline" / "data" / "profiles" / needed).is_file(), needed
    assert (site / "frontline" / "data" / "admin1_names.csv").is_file()
    code = (
        "from frontline.reference.profile import shipped_profile\n"
        "for name in ('nw_syria', 'donetsk'):\n"
        "    p = shipped_profile(name)\n"
        "    print(p.gazetteer[0], p.route, p.curated[0], p.aoi, sep='\\n')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True, capture_output=True, text=True, cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    ).stdout.split()  # fmt: skip
    assert len(out) == 8
    assert all(
        Path(p).is_file() and Path(p).is_relative_to(site / "frontline" / "data") for p in out
    )
