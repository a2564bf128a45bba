"""Outputs checked by an outside audit: control areas are polygons only (RFC 7946 GeoJSON
and a one-type GeoPackage layer), never collections holding sliver lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from cli_helpers import run as _run


def test_clean_geometries_keeps_only_the_polygons_of_a_collection() -> None:
    from frontline.output.export import clean_geometries

    square = shapely.Polygon([(36.0, 35.0), (36.1, 35.0), (36.1, 35.1), (36.0, 35.1)])
    sliver = shapely.LineString([(36.2, 35.0), (36.3, 35.0)])
    line = shapely.LineString([(36.0, 35.0), (36.5, 35.5)])
    out = clean_geometries([shapely.GeometryCollection([square, sliver]), line, None])
    assert out[0].geom_type == "Polygon" and out[0].equals(square)
    assert out[1].equals(line)  # a line layer keeps its lines
    assert out[2] is None


def test_control_export_holds_only_valid_ccw_polygons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On 2020-02-10 three of five control features were GeometryCollections of a
    MultiPolygon and LineStrings; the GeoPackage layer type was 'Unknown'."""
    out = tmp_path / "control.geojson"
    code, err = _run(["export", "--layer", "control", "--date", "2020-02-10", "-o", str(out)],
                     capsys)  # fmt: skip
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "crs" not in data and data["features"]
    for feature in data["features"]:
        geom = feature["geometry"]
        assert geom["type"] in ("Polygon", "MultiPolygon"), geom["type"]
        poly = shape(geom)
        assert poly.is_valid and poly.area > 0
        for part in getattr(poly, "geoms", [poly]):
            assert part.exterior.is_ccw
            assert all(not ring.is_ccw for ring in part.interiors)
