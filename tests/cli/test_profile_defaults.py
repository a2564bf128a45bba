"""A profile's defaults and rules reach every command: title, output file, --max-km, routes,
region words, the namesake-city rule and the outlier distance (docs/profiles.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from frontline import cli

ROOT = Path(__file__).resolve().parents[2]
DONETSK = ROOT / "profiles" / "donetsk"


def _profile(tmp_path: Path, *, route: bool = True, regions: str = "", extract: str = "") -> Path:
    """A profile on the shipped Donetsk files, with some sections changed."""
    folder = tmp_path / "custom"
    folder.mkdir()
    routes = f'[routes]\n"P-K" = "{DONETSK / "route_pokrovsk_kurakhove.geojson"}"\n'
    text = (
        '[profile]\nname = "custom"\n'
        f'[gazetteer]\nsources = ["{DONETSK / "gazetteer.csv"}"]\n'
        f'[sides]\nfile = "{DONETSK / "sides.csv"}"\n'
        f'[aoi]\nfile = "{DONETSK / "aoi.geojson"}"\n'
        f'[curated]\nlayers = ["{DONETSK / "events" / "donetsk_2024_2025.csv"}"]\n'
        + (routes if route else "")
        + (f"[regions]\n{regions}\n" if regions else "")
        + (f"[extract]\n{extract}\n" if extract else "")
    )
    (folder / "profile.toml").write_text(text, encoding="utf-8")
    return folder


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        cli.main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def _title(page: Path) -> str:
    m = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"))
    assert m
    return m.group(1)


def test_map_default_output_and_title_come_from_the_profile(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "map", "--profile", "donetsk", "--cdn")
    assert code == 0 and "donetsk.html" in out
    assert not (tmp_path / "m5.html").exists()
    assert _title(tmp_path / "donetsk.html") == "Donetsk oblast, 2024-2025 · Pokrovsk-Kurakhove"
    # a profile without [defaults] output: NAME.html, titled with its name
    code, out, _ = _run(capsys, "map", "--profile", str(_profile(tmp_path)), "--cdn")
    # the route file names itself
    assert code == 0 and _title(tmp_path / "custom.html") == "custom · Pokrovsk-Kurakhove"
    # --title and -o still win
    args = ["--profile", "donetsk", "--cdn", "--title", "T", "-o", "x.html"]
    code, _, _ = _run(capsys, "map", *args)
    assert code == 0 and _title(tmp_path / "x.html") == "T"


def test_no_profile_map_still_writes_m5_html(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "map", "--cdn")
    assert code == 0 and "m5.html" in out
    title = _title(tmp_path / "m5.html")
    assert title == "North-western Syria, 2019-2020 · M5 (Damascus-Aleppo highway)"


def _control_km2(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> float:
    args = ["export", "--profile", "donetsk", "--layer", "control", "--date", "2024-10-15"]
    code, _, err = _run(capsys, *args, *extra, "-o", str(path))
    assert code == 0, err
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    return sum(f["properties"]["area_km2"] for f in feats if f["properties"]["side"] != "unknown")


def test_export_max_km_defaults_to_the_profile(tmp_path, capsys) -> None:
    default = _control_km2(capsys, tmp_path / "d.geojson")
    ten = _control_km2(capsys, tmp_path / "ten.geojson", "--max-km", "10")
    forty = _control_km2(capsys, tmp_path / "forty.geojson", "--max-km", "40")
    assert default == pytest.approx(ten)  # donetsk: [defaults] max_km = 10.0
    assert forty > 1.5 * ten  # 40 km reaches far more of the box


def test_profile_without_route_exports_no_route(tmp_path, capsys) -> None:
    prof = str(_profile(tmp_path, route=False))
    out = tmp_path / "all"
    code, stdout, err = _run(
        capsys, "export", "--profile", prof, "--date", "2024-10-15", "--format", "geojson",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    written = sorted(p.name for p in out.iterdir())
    assert written and not any("route" in n for n in written)
    assert "M5" not in "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    code, _, err = _run(
        capsys, "export", "--profile", prof, "--layer", "route", "--date", "2024-10-15",
        "-o", str(tmp_path / "r.geojson"),
    )  # fmt: skip
    assert code == 2 and "no route" in err and "Traceback" not in err
    code, _, err = _run(
        capsys, "diff", "2024-08-01", "2024-10-15", "--profile", prof, "--stretch", "A:B"
    )
    assert code == 2 and "needs a route" in err


def _extract(capsys, tmp_path: Path, text: str, *profile: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    article = tmp_path / "report.txt"
    article.write_text(text, encoding="utf-8")
    code, out, err = _run(
        capsys, "extract", str(article), "--published", "2024-10-05", "--format", "csv",
        *profile,
    )  # fmt: skip
    assert code == 0, err
    rows = out.splitlines()
    head = rows[0].split(",")
    i, j = head.index("place"), head.index("place_id")
    return [(r.split(",")[i], r.split(",")[j]) for r in rows[1:]]


def test_region_words_come_from_the_profile(tmp_path, capsys) -> None:
    # ("villages in X" would only locate the villages: the place itself is the object here)
    text = "Russian forces captured the whole of Pokrovsk raion on 3 October."
    # donetsk names "raion" a region word: Pokrovsk here is a district, not the town
    assert _extract(capsys, tmp_path, text, "--profile", "donetsk") == []
    other = _profile(tmp_path, regions="oblast = 1")
    assert _extract(capsys, tmp_path, text, "--profile", str(other)) == [("Pokrovsk", "gn:704422")]


def test_namesake_city_rule_and_outlier_distance_come_from_the_profile(tmp_path, capsys) -> None:
    city = "Russian forces captured Donetsk on 3 October, the defence ministry said."
    # donetsk: namesake_city = "always" (the region is always called a region)
    assert _extract(capsys, tmp_path, city, "--profile", "donetsk") == [("Donetsk", "gn:709717")]
    strict = _profile(tmp_path, extract='namesake_city = "called-city"')
    assert _extract(capsys, tmp_path, city, "--profile", str(strict)) == []
    far = (
        "Russian forces captured Selydove on 3 October. They also took Hirnyk and Kurakhivka, "
        "and Kuznetsovo-Mykhailivka, the ministry said."
    )
    # Kuznetsovo-Mykhailivka lies > 75 km from the other three: dropped by default ...
    assert ("Kuznetsovo-Mykhailivka", "") in _extract(capsys, tmp_path, far, "--profile", "donetsk")
    wide = tmp_path / "wide"
    wide.mkdir()
    loose = _profile(wide, extract="outlier_km = 500.0")
    # ... and located when the profile allows 500 km
    assert ("Kuznetsovo-Mykhailivka", "gn:703465") in _extract(
        capsys, tmp_path, far, "--profile", str(loose)
    )
