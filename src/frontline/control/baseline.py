"""Baselines of control: a per-place CSV or polygons (GeoJSON, GeoPackage, any vector file).

A baseline states who held what at a date (``as_of`` / ``valid_from``) and on whose word
(``source``). :class:`~frontline.control.ControlTimeline` gives each baseline place the state
``held`` with basis ``baseline`` and the source; events at the place override it from their
date.

Polygon baselines have the columns ``side``, ``valid_from`` and ``source``; every place of the
timeline inside a polygon gets that polygon's state (the polygon with the latest
``valid_from`` wins where polygons overlap).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline._io import cell_text, read_utf8
from frontline.errors import BadInputError, FrontlineError, UnknownPlaceError
from frontline.ingest.dates import iso_date
from frontline.reference.gazetteer import resolve_name
from frontline.reference.normalize import fold
from frontline.reference.sides import Sides

__all__ = [
    "BASELINE_COLUMNS",
    "POLYGON_COLUMNS",
    "id_point",
    "is_polygon_file",
    "places_in_polygons",
    "read_baseline",
    "read_baseline_polygons",
]

BASELINE_COLUMNS = ("place", "side", "as_of", "source")
POLYGON_COLUMNS = ("side", "valid_from", "source")
POLYGON_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".fgb")


def read_baseline(
    path: str | os.PathLike[str],
    gazetteer: Any = None,
    *,
    sides: Sides | None = None,
    known: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Read a baseline CSV ``place,side,as_of,source`` (one state per place at ``as_of``).

    An optional ``place_id`` column (a gazetteer id) names the place before its name does:
    a row with an id is never matched to another place by (folded) name.

    Parameters
    ----------
    path : path
        The CSV file.
    gazetteer : Gazetteer, optional
        Places are looked up here (and in ``known``); with neither, any name is accepted and
        checked later against the events by :class:`ControlTimeline`.
    sides : Sides, optional
        Side keys are checked against it (default: the shipped table).
    known : dict, optional
        Folded place names or ids already known (from events) -> key.

    Returns
    -------
    DataFrame
        ``place, side, as_of, source`` plus ``place_id, lat, lon`` when the gazetteer
        resolved the place (as_of ISO).

    Raises
    ------
    FrontlineError
        With the file and line, for a missing column, bad side, bad date or unknown place.
    """
    src = Path(path)
    sides = sides if sides is not None else Sides.load()
    read_utf8(src, "baseline")  # latin-1 was a UnicodeDecodeError traceback
    try:
        with open(src, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in BASELINE_COLUMNS if c not in header]
            if missing:
                raise BadInputError(
                    f"baseline needs columns {', '.join(BASELINE_COLUMNS)}; missing "
                    f"{', '.join(missing)}",
                    src,
                    1,
                )
            rows = []
            for lineno, row in enumerate(reader, start=2):
                place = (row.get("place") or "").strip()
                side = (row.get("side") or "").strip()
                if not place:
                    raise BadInputError("empty 'place'", src, lineno)
                if side not in sides:
                    normal = sides.normalise(side) if side else None
                    if normal is None:
                        raise BadInputError(
                            f"unknown side {side!r}; known sides: {', '.join(sides.keys)}",
                            src,
                            lineno,
                        )
                    side = normal
                try:
                    as_of = iso_date(row.get("as_of") or "", "as_of")
                except FrontlineError as exc:
                    raise BadInputError(exc.message, src, lineno) from None
                rec: dict[str, Any] = {
                    "place": place,
                    "side": side,
                    "as_of": as_of,
                    "source": (row.get("source") or "").strip(),
                    "place_id": "",
                    "lat": None,
                    "lon": None,
                }
                place_id = (row.get("place_id") or "").strip()
                if place_id:
                    # An optional place_id column wins over the name (namesakes share names).
                    rec["place_id"] = place_id
                    if gazetteer is not None and place_id not in (known or {}):
                        try:
                            hit = gazetteer.get(place_id)
                        except UnknownPlaceError:
                            raise UnknownPlaceError(
                                f"unknown place id {place_id!r}", src, lineno
                            ) from None
                        rec["lat"], rec["lon"] = hit.lat, hit.lon
                    rows.append(rec)
                    continue
                in_known = known is not None and (place in known or fold(place) in known)
                if not in_known and gazetteer is not None:
                    match = resolve_name(gazetteer, place)
                    if match is None:
                        raise UnknownPlaceError(f"unknown place {place!r}", src, lineno)
                    rec["place_id"], rec["lat"], rec["lon"] = match.place_id, match.lat, match.lon
                elif not in_known and known is not None:
                    raise BadInputError(
                        f"unknown place {place!r} (not in the events; pass a gazetteer)",
                        src,
                        lineno,
                    )
                rows.append(rec)
    except OSError as exc:
        raise BadInputError(f"cannot read baseline: {exc.strerror}", src) from None
    return pd.DataFrame(
        rows, columns=["place", "side", "as_of", "source", "place_id", "lat", "lon"]
    )


def read_baseline_polygons(
    path: str | os.PathLike[str] | gpd.GeoDataFrame, *, sides: Sides | None = None
) -> gpd.GeoDataFrame:
    """Read a polygon baseline: ``side, valid_from, source, geometry``.

    Parameters
    ----------
    path : path or GeoDataFrame
        A vector file (GeoJSON, GeoPackage...) or a frame with those columns.
    sides : Sides, optional
        Side keys are checked against it (default: the shipped table).

    Returns
    -------
    GeoDataFrame
        ``side, valid_from`` (ISO), ``source``, ``geometry`` (Polygon/MultiPolygon, WGS84).

    Raises
    ------
    FrontlineError
        With the file and feature number, for a missing column, bad side or bad date.
    """
    sides = sides if sides is not None else Sides.load()
    src = None if isinstance(path, gpd.GeoDataFrame) else Path(path)
    if src is None:
        frame = path
    else:
        try:
            frame = gpd.read_file(src)
        except Exception as exc:  # pyogrio raises several types for unreadable files
            raise BadInputError(f"cannot read baseline polygons: {exc}", src) from None
    assert isinstance(frame, gpd.GeoDataFrame)
    missing = [c for c in POLYGON_COLUMNS if c not in frame.columns]
    if missing:
        raise BadInputError(
            f"baseline polygons need columns {', '.join(POLYGON_COLUMNS)}; missing "
            f"{', '.join(missing)}",
            src,
        )
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    rows = []
    for i, (side, day, source, geom) in enumerate(
        zip(frame["side"], frame["valid_from"], frame["source"], frame.geometry, strict=True),
        start=1,
    ):
        side = str(side or "").strip()
        if side not in sides:
            normal = sides.normalise(side) if side else None
            if normal is None:
                raise BadInputError(f"feature {i}: unknown side {side!r}", src)
            side = normal
        try:
            valid_from = iso_date(str(day or ""), "valid_from")
        except FrontlineError as exc:
            raise BadInputError(f"feature {i}: {exc.message}", src) from None
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise BadInputError(f"feature {i}: a baseline feature must be a polygon", src)
        rows.append((side, valid_from, str(source or "").strip(), geom))
    return gpd.GeoDataFrame(
        {
            "side": [r[0] for r in rows],
            "valid_from": [r[1] for r in rows],
            "source": [r[2] for r in rows],
        },
        geometry=[r[3] for r in rows],
        crs="EPSG:4326",
    )


def is_polygon_file(path: str | os.PathLike[str]) -> bool:
    """Whether a baseline path is read as polygons (by its suffix)."""
    return Path(path).suffix.lower() in POLYGON_SUFFIXES


def places_in_polygons(
    places: dict[str, tuple[str, float, float]], polys: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Per-place baseline rows from polygons: each place inside a polygon gets its state.

    Parameters
    ----------
    places : dict
        key -> (name, lon, lat) of located places (WGS84).
    polys : GeoDataFrame
        :func:`read_baseline_polygons` output.

    Returns
    -------
    DataFrame
        ``key, place, side, as_of, source``; where polygons overlap, the latest
        ``valid_from`` wins.
    """
    cols = ["key", "place", "side", "as_of", "source"]
    keys = list(places)
    if not keys or polys.empty:
        return pd.DataFrame(columns=cols)
    pts = shapely.points([places[k][1] for k in keys], [places[k][2] for k in keys])
    best: dict[str, tuple[str, str, str]] = {}
    for side, day, source, geom in sorted(
        zip(polys["side"], polys["valid_from"], polys["source"], polys.geometry, strict=True),
        key=lambda t: t[1],
    ):
        for idx in np.flatnonzero(shapely.intersects(geom, pts)):
            best[keys[idx]] = (side, day, source)
    rows = [(k, places[k][0], *v) for k, v in best.items()]
    return pd.DataFrame(rows, columns=cols)


def id_point(
    gazetteer: Any, place_id: str, lat: Any, lon: Any, name: str = ""
) -> tuple[float, float, str]:
    """(lat, lon, name) of a baseline row naming its place by id: its own coordinates, else
    the gazetteer's (WGS84 degrees; NaN when neither knows the id)."""
    if not cell_text(lat) and gazetteer is not None and hasattr(gazetteer, "get"):
        try:
            place = gazetteer.get(place_id)
            lat, lon, name = place.lat, place.lon, name or place.name
        except (UnknownPlaceError, KeyError):
            pass
    try:
        return float(lat), float(lon), name
    except (TypeError, ValueError):
        return float("nan"), float("nan"), name
