"""Export on the shipped data (seeds + curated layer), which holds unlocated places."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from frontline.cli import main


def _run(args: list[str]) -> None:
    try:
        main(args)
    except SystemExit as exc:  # main() returns on success, exits only on errors
        assert exc.code in (0, None), exc.code


def test_gpkg_of_the_shipped_data_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "nw.gpkg"
    _run(["export", "--layer", "all", "--format", "gpkg", "-o", str(out)])
    layers = dict(pyogrio.list_layers(out))
    assert set(layers) == {"places", "events", "control", "frontline", "route", "pockets"}
    places = gpd.read_file(out, layer="places")
    located = places[places.geometry.notna()]
    assert len(located) and shapely.is_valid(located.geometry.values).all()
    ks = places[places["place"] == "Khan Shaykhun"]
    assert not ks.empty and ks.geometry.notna().all()


def test_unlocated_places_are_null_geometries_in_geojson(tmp_path: Path) -> None:
    out = tmp_path / "places.geojson"
    _run(["export", "--layer", "places", "--date", "2020-02-15", "-o", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "crs" not in doc
    nulls = [f for f in doc["features"] if f["geometry"] is None]
    # the curated layer names places the gazetteer lacks (e.g. Khan Tuman): kept, unlocated
    assert any(f["properties"]["place"] == "Khan Tuman" for f in nulls)
    for f in doc["features"]:
        if f["geometry"] is not None:
            lon, lat = f["geometry"]["coordinates"]
            assert 35 < lon < 43 and 32 < lat < 38
