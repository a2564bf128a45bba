"""Exports: RFC 7946 properties, validity, GeoPackage read back, CSV, atomic folders."""

from __future__ import annotations

import importlib
import json
import re

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely

from frontline.errors import FrontlineError
from scenarios import SCENARIO, make_events

# "from frontline import export" would give the export() function the package re-exports.
X = importlib.import_module("frontline.output.export")


def _rings_ccw(geom: dict) -> bool:
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    for rings in polys:
        ext = np.array(rings[0])
        area2 = np.sum(ext[:-1, 0] * ext[1:, 1] - ext[1:, 0] * ext[:-1, 1])
        if area2 <= 0:
            return False
    return True


def test_geojson_is_rfc7946(tmp_path) -> None:
    out = tmp_path / "control.geojson"
    # (issue 14: 02-04, when Saraqeb's opposition state is reported, not inferred/decayed)
    X.export(make_events(SCENARIO), out, layers=["control"], date="2020-02-04")
    text = out.read_text()
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    coords = json.dumps([f["geometry"] for f in doc["features"]])
    assert not re.search(r"\d\.\d{8,}", coords)  # at most 7 decimals
    sides = [f["properties"]["side"] for f in doc["features"]]
    # issue 14: one feature per side and confidence class, unknown last
    assert list(dict.fromkeys(sides)) == ["government", "opposition", "unknown"]
    for f in doc["features"]:
        props = f["properties"]
        assert props["class"] in ("reported", "inferred", "unknown")
        assert 0 <= props["confidence"] <= 1
        assert (props["class"] == "unknown") == (props["side"] == "unknown")
    for f in doc["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        assert shapely.is_valid(geom)
        assert _rings_ccw(f["geometry"])
        minx, miny, maxx, maxy = geom.bounds
        assert 35 < minx < maxx < 39 and 34 < miny < maxy < 37.5  # lon/lat order


def test_range_export_carries_validity(tmp_path) -> None:
    out = tmp_path / "layers"
    files = X.export(make_events(SCENARIO), out, fmt="geojson")
    assert sorted(p.name for p in files) == sorted(f"{n}.geojson" for n in X.LAYERS)
    for p in files:
        doc = json.loads(p.read_text())
        assert doc["features"] or p.name == "pockets.geojson"  # no pocket in this scenario
        assert all("valid_from" in f["properties"] for f in doc["features"])
    events = json.loads((out / "events.geojson").read_text())["features"]
    saraqeb = [f for f in events if f["properties"]["place"] == "Saraqeb"]
    assert saraqeb[0]["geometry"]["coordinates"] == [36.80591, 35.86447]


def test_geopackage_has_one_layer_per_kind(tmp_path) -> None:
    out = tmp_path / "nw.gpkg"
    X.export(make_events(SCENARIO), out, fmt="gpkg")
    names = [row[0] for row in pyogrio.list_layers(out)]
    assert names == list(X.LAYERS)
    control = gpd.read_file(out, layer="control")
    assert control.crs.to_epsg() == 4326 and control.is_valid.all()
    assert {"side", "area_km2", "valid_from", "valid_to"} <= set(control.columns)
    route = gpd.read_file(out, layer="route")
    assert route["km_to"].max() == pytest.approx(route["km_to"].max())
    assert not list(tmp_path.glob(".nw.gpkg.*"))  # no temporary file left


def test_csv_and_errors(tmp_path) -> None:
    out = tmp_path / "places.csv"
    X.export(make_events(SCENARIO), out, layers=["places"], date="2020-02-04")
    text = out.read_text()
    assert "Saraqeb" in text and "besieged" in text
    # issue 14: dates after the last event are valid; before the data they are not
    with pytest.raises(FrontlineError, match="outside the data"):
        X.export(make_events(SCENARIO), tmp_path / "x.geojson", date="2018-01-01")
    with pytest.raises(FrontlineError, match="empty"):
        X.export(make_events(SCENARIO).iloc[0:0], tmp_path / "x.geojson")
    with pytest.raises(FrontlineError, match="unknown layer"):
        X.export(make_events(SCENARIO), tmp_path / "x.geojson", layers=["rivers"])
    assert not (tmp_path / "x.geojson").exists()
