"""Build ``data/m5.geojson`` and ``data/aoi.geojson`` from the shipped reference data.

- ``data/m5.geojson``: the M5 highway as one LineString through the real waypoints of
  ``data/m5_waypoints.csv`` (GeoNames / Wikipedia map coordinates), in order, plus the waypoints
  as named Point features so routes can be cut between named places. The line between two
  waypoints is straight: it follows the real road to within a few km, not exactly.
- ``data/aoi.geojson``: the area of interest, the union of the Idlib, Hama, Aleppo and Latakia
  governorates of ``data/syria_admin1_ne10m.geojson`` (Natural Earth 10m, public domain).

Run from the repository root: ``python scripts/build_route_and_aoi.py``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
AOI_GOVERNORATES = ["Idlib", "Hama", "Aleppo", "Latakia"]  # name_en values in the admin-1 file


def build_route() -> dict[str, object]:
    with open(DATA / "m5_waypoints.csv", encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["order"]))
    coords = [[float(r["lon"]), float(r["lat"])] for r in rows]
    features: list[dict[str, object]] = [
        {
            "type": "Feature",
            "properties": {
                "name": "M5 (Damascus-Aleppo highway)",
                "role": "route",
                "source": "straight lines between the waypoints of data/m5_waypoints.csv; "
                "within a few km of the real road",
            },
            "geometry": {"type": "LineString", "coordinates": coords},
        }
    ]
    for r, c in zip(rows, coords, strict=True):
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": r["name"],
                    "role": "waypoint",
                    "order": int(r["order"]),
                    "source": r["source"],
                },
                "geometry": {"type": "Point", "coordinates": c},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def build_aoi() -> dict[str, object]:
    admin = gpd.read_file(DATA / "syria_admin1_ne10m.geojson")
    chosen = admin[admin["name_en"].isin(AOI_GOVERNORATES)]
    missing = set(AOI_GOVERNORATES) - set(chosen["name_en"])
    if missing:
        raise SystemExit(f"governorates not found in the admin-1 file: {sorted(missing)}")
    # Natural Earth polygons of neighbouring governorates share edges only approximately;
    # a tiny buffer out and back closes slivers between them without moving the outline.
    union = shapely.union_all(shapely.make_valid(chosen.geometry.values))
    union = union.buffer(1e-6).buffer(-1e-6)
    union = shapely.orient_polygons(shapely.set_precision(union, 1e-7))
    geometry = json.loads(shapely.to_geojson(union))
    geometry["coordinates"] = _round(geometry["coordinates"])
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "name": "NW Syria: " + ", ".join(AOI_GOVERNORATES),
                    "governorates": "|".join(AOI_GOVERNORATES),
                    "source": "Natural Earth 10m admin-1 (public domain), "
                    "data/syria_admin1_ne10m.geojson",
                },
                "geometry": geometry,
            }
        ],
    }


def _round(value: object) -> object:
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, float):
        return round(value, 7)
    return value


def main() -> None:
    for name, doc in (("m5.geojson", build_route()), ("aoi.geojson", build_aoi())):
        target = DATA / name
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
