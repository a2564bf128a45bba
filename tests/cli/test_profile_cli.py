"""Another war from the command line only: the shipped Donetsk profile, and NW Syria without one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from frontline import cli

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "profiles" / "donetsk" / "reports"
# Word-bounded so that base64 (the inlined Leaflet) cannot match by chance.
SYRIAN = re.compile(r"(?<![A-Za-z0-9+/=])(?:Damascus|SAA|M5|Idlib|Syria)(?![A-Za-z0-9+/=])")


def _places(tmp_path: Path, capsys: pytest.CaptureFixture[str], *profile: str) -> dict[str, dict]:
    out = tmp_path / "places.geojson"
    cli.main(["export", *profile, "--layer", "places", "--date", "2024-10-15", "-o", str(out)])
    capsys.readouterr()
    text = out.read_text(encoding="utf-8")
    assert not SYRIAN.search(text)
    return {f["properties"]["place"]: f for f in json.loads(text)["features"]}


def test_donetsk_map_export_diff(tmp_path, capsys) -> None:
    page = tmp_path / "donetsk.html"
    cli.main(["map", "--profile", "donetsk", "-o", str(page)])
    assert "wrote" in capsys.readouterr().out
    html = page.read_text(encoding="utf-8")
    assert "Pokrovsk-Kurakhove" in html  # the route's name, from the profile
    assert "Russian forces" in html and "Ukrainian forces" in html  # legend from sides.csv
    assert not SYRIAN.search(html), SYRIAN.search(html)

    places = _places(tmp_path, capsys, "--profile", "donetsk")
    vuhledar = places["Vuhledar"]
    assert vuhledar["properties"]["side"] == "russia"
    lon, lat = vuhledar["geometry"]["coordinates"]
    assert (round(lat, 3), round(lon, 3)) == (47.780, 37.250)  # GeoNames 690823
    assert places.get("Pokrovsk", {}).get("properties", {}).get("side") != "russia"

    cli.main(["diff", "2024-08-01", "2024-10-15", "--profile", "donetsk", "--format", "csv"])
    text = capsys.readouterr().out
    assert "Vuhledar" in text and "russia" in text
    assert not SYRIAN.search(text)


def test_donetsk_extract_and_geocode(tmp_path, capsys) -> None:
    cli.main(["extract", str(REPORTS), "--profile", "donetsk", "--format", "csv"])
    rows = capsys.readouterr().out
    assert "Vuhledar" in rows and "Kurakhove" in rows
    # Cyrillic reports: Russian (02) and Ukrainian (07) with Cyrillic verbs and names.
    assert re.search(r"02_ukrainsk_ru\.txt.*Ukrayinsk.*russia", rows)
    assert re.search(r"07_toretsk_uk\.txt.*Toretsk.*russia", rows)
    assert not SYRIAN.search(rows)

    cli.main(["geocode", "Vuhledar", "Вугледар", "--profile", "donetsk", "--format", "csv"])
    out = capsys.readouterr().out
    assert out.count("gn:690823") == 2


def test_per_file_option_overrides_profile(tmp_path, capsys) -> None:
    # --no-curated drops the profile's only event layer: nothing left to map.
    with pytest.raises(SystemExit) as exc:
        cli.main(["map", "--profile", "donetsk", "--no-curated", "-o", str(tmp_path / "x.html")])
    assert exc.value.code == 2
    assert "no events" in capsys.readouterr().err
    # --curated FILE replaces it: the same file by hand gives the same Vuhledar.
    layer = ROOT / "profiles" / "donetsk" / "events" / "donetsk_2024_2025.csv"
    with pytest.raises(SystemExit):  # --no-curated wins over --curated
        _places(tmp_path, capsys, "--profile", "donetsk", "--no-curated", "--curated", str(layer))
    places = _places(tmp_path, capsys, "--profile", "donetsk", "--curated", str(layer))
    assert places["Vuhledar"]["properties"]["side"] == "russia"


def test_no_profile_still_maps_nw_syria(tmp_path, capsys) -> None:
    page = tmp_path / "m5.html"
    cli.main(["map", "-o", str(page)])
    html = page.read_text(encoding="utf-8")
    assert "M5" in html and "Saraqib" in html
    assert "Vuhledar" not in html
    cli.main(["geocode", "Saraqib", "--format", "csv"])
    assert "Idlib" in capsys.readouterr().out
