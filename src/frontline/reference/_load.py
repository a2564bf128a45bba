"""Reading gazetteer tables: the frontline CSV layout and GeoNames dumps (WGS84 degrees)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from frontline._io import read_utf8, separator_hint
from frontline._paths import data_path
from frontline.errors import BadInputError

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "GEONAMES_COLUMNS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "check_coordinates",
    "read_aoi",
    "read_geonames",
    "read_table",
    "shipped_aoi",
    "shipped_aoi_box",
    "validate_table",
]

REQUIRED_COLUMNS = ("id", "name", "lat", "lon")
OPTIONAL_COLUMNS = ("admin1", "feature", "population", "alt_names", "geonameid", "source")
GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
    "feature_class", "feature_code", "country_code", "cc2", "admin1_code", "admin2_code",
    "admin3_code", "admin4_code", "population", "elevation", "dem", "timezone",
    "modification_date",
)  # fmt: skip
# alternateNamesV2 "languages" that are codes or links, not names.
_NOT_NAMES = {"link", "wkdt", "post", "iata", "icao", "faac", "abbr", "unlc", "tcid", "fr_1793"}
_GEONAMES_FEATURES = {
    "HLL": "hill", "HLLS": "hill", "MT": "mountain", "MTS": "mountain", "PK": "peak",
    "MILB": "base", "AIRB": "airbase", "AIRF": "airfield", "AIRP": "airport", "INSM": "base",
    "PASS": "pass", "CMP": "camp",
}  # fmt: skip


def read_table(src: Path) -> pd.DataFrame:
    """Read and check a gazetteer CSV (``id,name,lat,lon`` at least).

    Returns
    -------
    pandas.DataFrame
        String columns, ``lat``/``lon`` as floats (WGS84 degrees).

    Raises
    ------
    BadInputError
        If the file cannot be read or a row is malformed (names file and line).
    """
    try:
        table = pd.read_csv(
            src, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
        )
    except OSError as exc:
        raise BadInputError(f"cannot read gazetteer: {exc.strerror or exc}", src) from None
    except UnicodeDecodeError:
        read_utf8(src, "gazetteer")  # raises naming the first bad byte and its file offset
        raise  # not reached: the file decodes whole
    except (pd.errors.ParserError, ValueError) as exc:
        line = _parser_line(str(exc))
        raise BadInputError(f"malformed gazetteer CSV: {_first_line(exc)}", src, line) from None
    return validate_table(table, src)


def read_geonames(
    src: Path,
    *,
    country: str | Iterable[str] | None = None,
    feature_classes: Iterable[str] | None = ("P",),
    alternate_names: str | os.PathLike[str] | None = None,
    admin1_codes: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """A GeoNames dump as a gazetteer table (see :meth:`Gazetteer.from_geonames`).

    Returns
    -------
    pandas.DataFrame
        Columns ``id`` (``gn:<geonameid>``), ``name, lat, lon`` (WGS84 degrees), ``admin1,
        feature, population, alt_names, geonameid, source``.

    Raises
    ------
    BadInputError
        A row with the wrong number of columns or bad coordinates (file and line).
    """
    src = Path(src)
    raw = read_tsv(src, GEONAMES_COLUMNS)
    raw["_line"] = np.arange(1, len(raw) + 1)
    # pandas pads short rows with empty fields; GeoNames always fills the last column.
    short = raw["modification_date"].eq("").to_numpy()
    if short.any():
        line = int(raw["_line"].to_numpy()[np.argmax(short)])
        raise BadInputError(
            f"not a {len(GEONAMES_COLUMNS)}-column GeoNames row (too few columns)", src, line
        )
    if country is not None:
        codes = {country} if isinstance(country, str) else set(country)
        raw = raw[raw["country_code"].isin(codes)]
    if feature_classes is not None:
        raw = raw[raw["feature_class"].isin(set(feature_classes))]
    lat = pd.to_numeric(raw["latitude"], errors="coerce")
    lon = pd.to_numeric(raw["longitude"], errors="coerce")
    check_coordinates(raw["name"], lat, lon, raw["_line"].to_numpy(), src)
    population = pd.to_numeric(raw["population"], errors="coerce").fillna(0).astype("int64")
    alts = [
        [a for a in (asc, *str(al).split(",")) if a]
        for asc, al in zip(raw["asciiname"], raw["alternatenames"], strict=True)
    ]
    if alternate_names is not None:
        extra = read_alternate_names(Path(alternate_names), set(raw["geonameid"]))
        for names, gid in zip(alts, raw["geonameid"], strict=True):
            names.extend(extra.get(gid, ()))
    admin1 = raw["country_code"] + "." + raw["admin1_code"]
    if admin1_codes is not None:
        table = read_tsv(Path(admin1_codes), ("code", "name", "asciiname", "geonameid"))
        admin1 = admin1.map(dict(zip(table["code"], table["asciiname"], strict=True))).fillna(
            admin1
        )
    feature = [
        _GEONAMES_FEATURES.get(code)
        or (
            (
                "city"
                if p >= 100_000
                else "town"
                if p >= 10_000
                else "village"
                if p > 0
                else "populated place"
            )  # fmt: skip
            if cls_ == "P"
            else code.lower()
        )
        for cls_, code, p in zip(raw["feature_class"], raw["feature_code"], population, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "id": "gn:" + raw["geonameid"],
            "name": raw["name"].to_numpy(),
            "lat": lat.to_numpy(),
            "lon": lon.to_numpy(),
            "admin1": admin1.to_numpy(),
            "feature": feature,
            "population": population.to_numpy(),
            "alt_names": ["|".join(dict.fromkeys(a)) for a in alts],
            "geonameid": raw["geonameid"].to_numpy(),
            "source": f"GeoNames dump {src.name} (CC BY 4.0)",
        }
    )
    return frame


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _parser_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def check_coordinates(
    names: pd.Series, lat: pd.Series, lon: pd.Series, lines: np.ndarray, src: Path
) -> None:
    """Raise :class:`BadInputError` (file and line) at the first empty name or coordinate
    missing or out of range (``lines``: the file line of each row)."""
    bad_name = names.astype(str).str.strip().eq("").to_numpy()
    bad_lat = (lat.isna() | (lat < -90) | (lat > 90)).to_numpy()
    bad_lon = (lon.isna() | (lon < -180) | (lon > 180)).to_numpy()
    bad = bad_name | bad_lat | bad_lon
    if not bad.any():
        return
    j = int(np.argmax(bad))
    if bad_name[j]:
        raise BadInputError("empty name", src, int(lines[j]))
    if bad_lat[j]:
        value = "missing or not a number" if pd.isna(lat.iloc[j]) else "outside [-90, 90]"
        raise BadInputError(f"lat {value} (need a number in [-90, 90])", src, int(lines[j]))
    value = "missing or not a number" if pd.isna(lon.iloc[j]) else "outside [-180, 180]"
    raise BadInputError(f"lon {value} (need a number in [-180, 180])", src, int(lines[j]))


def validate_table(table: pd.DataFrame, src: Path) -> pd.DataFrame:
    """Check the required columns, ids and coordinates of a gazetteer table.

    Returns
    -------
    pandas.DataFrame
        A copy with ``lat``/``lon`` as floats (WGS84 degrees).

    Raises
    ------
    BadInputError
        Naming the file and line of the first bad row.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        hint = separator_hint([str(c) for c in table.columns])
        raise BadInputError(f"gazetteer lacks column(s) {', '.join(missing)}{hint}", src, 1)
    lat = pd.to_numeric(table["lat"].str.strip(), errors="coerce")
    lon = pd.to_numeric(table["lon"].str.strip(), errors="coerce")
    check_coordinates(table["name"], lat, lon, np.arange(2, len(table) + 2), src)
    empty_id = table["id"].str.strip().eq("").to_numpy()
    if empty_id.any():
        raise BadInputError("empty id", src, int(np.argmax(empty_id)) + 2)
    table = table.copy()
    table["lat"] = lat.to_numpy(dtype=float)
    table["lon"] = lon.to_numpy(dtype=float)
    return table


def read_tsv(src: Path, columns: Sequence[str]) -> pd.DataFrame:
    """Read a GeoNames-style tab-separated file (no header, no quoting) as strings."""
    try:
        return pd.read_csv(
            src,
            sep="\t",
            header=None,
            names=list(columns),
            dtype=str,
            quoting=3,  # csv.QUOTE_NONE: GeoNames names contain quotes
            na_filter=False,
            comment=None,
            encoding="utf-8",
            on_bad_lines="error",
        )
    except OSError as exc:
        raise BadInputError(f"cannot read {src.name}: {exc.strerror or exc}", src) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        msg = _first_line(exc)
        raise BadInputError(
            f"not a {len(columns)}-column GeoNames file: {msg}", src, _parser_line(msg)
        ) from None


def read_alternate_names(src: Path, geonameids: set[str]) -> dict[str, list[str]]:
    """Names per geonameid from ``alternateNamesV2.txt`` (10 columns; large: read in chunks)."""
    columns = (
        "id", "geonameid", "lang", "name", "preferred", "short", "colloquial", "historic",
        "from", "to",
    )  # fmt: skip
    out: dict[str, list[str]] = {}
    try:
        reader = pd.read_csv(
            src,
            sep="\t",
            header=None,
            names=list(columns),
            dtype=str,
            quoting=3,
            na_filter=False,
            chunksize=500_000,
            encoding="utf-8",
        )
        for chunk in reader:
            chunk = chunk[chunk["geonameid"].isin(geonameids) & ~chunk["lang"].isin(_NOT_NAMES)]
            for gid, name in zip(chunk["geonameid"], chunk["name"], strict=True):
                if name:
                    out.setdefault(gid, []).append(name)
    except OSError as exc:
        raise BadInputError(f"cannot read {src.name}: {exc.strerror or exc}", src) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        msg = _first_line(exc)
        raise BadInputError(f"not an alternateNames file: {msg}", src, _parser_line(msg)) from None
    return out


def shipped_aoi_box() -> tuple[float, float, float, float] | None:
    """Bounds of the shipped area of interest, if the data has one."""
    try:
        path = data_path("aoi.geojson")
    except FileNotFoundError:
        return None
    try:
        from shapely.geometry import shape

        data = json.loads(path.read_text(encoding="utf-8"))
        feats = data.get("features", [data])
        bounds = np.array([shape(f.get("geometry", f)).bounds for f in feats])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return (
        float(bounds[:, 0].min()),
        float(bounds[:, 1].min()),
        float(bounds[:, 2].max()),
        float(bounds[:, 3].max()),
    )


def read_aoi(path: str | os.PathLike[str]) -> BaseGeometry:
    """An area of interest from a GeoJSON file (Feature, FeatureCollection or geometry;
    WGS84 lon/lat) as one shapely geometry, its polygons unioned.

    Raises
    ------
    BadInputError
        If the file cannot be read or holds no polygon (names the file).
    """
    from shapely.geometry import shape
    from shapely.ops import unary_union

    src = Path(path)
    try:
        data = json.loads(src.read_text(encoding="utf-8"))
        feats = data.get("features", [data])
        shapes = [shape(f.get("geometry", f)) for f in feats]
    except OSError as exc:
        raise BadInputError(f"cannot read area of interest: {exc.strerror or exc}", src) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadInputError(f"not a GeoJSON area of interest: {exc}", src) from None
    polys = [g for g in shapes if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    if not polys:
        raise BadInputError("the area-of-interest file holds no Polygon", src)
    return unary_union(polys)


def shipped_aoi() -> BaseGeometry | None:
    """The shipped area of interest (``data/aoi.geojson``) as one shapely geometry, if any."""
    try:
        path = data_path("aoi.geojson")
        from shapely.geometry import shape
        from shapely.ops import unary_union

        data = json.loads(path.read_text(encoding="utf-8"))
        feats = data.get("features", [data])
        return unary_union([shape(f.get("geometry", f)) for f in feats])
    except (FileNotFoundError, OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
