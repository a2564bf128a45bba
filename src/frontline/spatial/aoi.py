"""The area of interest and the metric CRS the spatial products are computed in."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from frontline._paths import data_path
from frontline._validate import check_geometry_coordinates
from frontline.errors import BadInputError
from frontline.reference.normalize import fold

__all__ = ["DEFAULT_ADMIN1_FILE", "Projector", "admin_area", "area_of_interest", "metric_crs"]

DEFAULT_ADMIN1_FILE = "syria_admin1_ne10m.geojson"


@lru_cache(maxsize=8)
def _read_aoi(path: str) -> BaseGeometry:
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BadInputError(f"cannot read area of interest: {exc}", path) from None
    if not isinstance(frame, gpd.GeoDataFrame):  # a table without geometry (e.g. a CSV)
        raise BadInputError("the area-of-interest file has no geometry; give a Polygon file", path)
    polys = frame.geometry[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    polys = polys[~polys.is_empty]  # `"coordinates": []` is a Polygon with no area
    if polys.empty:
        raise BadInputError("the area-of-interest file holds no Polygon", path)
    if frame.crs is not None and not frame.crs.equals(CRS.from_epsg(4326)):
        polys = polys.to_crs(4326)
    check_geometry_coordinates(polys.values, path, "area-of-interest")
    return shapely.union_all(shapely.make_valid(polys.values))


def area_of_interest(
    admin1: Sequence[str] | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    admin1_path: str | os.PathLike[str] | None = None,
) -> BaseGeometry:
    """The area of interest as one (Multi)Polygon, WGS84 lon/lat.

    Parameters
    ----------
    admin1 : list of str, optional
        Names of first-level divisions (``name_en``, ``name``, ``name_alt`` or ISO 3166-2 code
        in ``admin1_path``) to union. Default: the shipped ``data/aoi.geojson`` (Idlib, Hama,
        Aleppo, Latakia).
    path : path, optional
        Any polygon file (GeoJSON, GeoPackage...) to use instead; all polygons are unioned.
    admin1_path : path, optional
        Admin-1 polygon file (default: the shipped Natural Earth file for Syria).

    Returns
    -------
    shapely geometry
        Polygon or MultiPolygon in EPSG:4326.

    Raises
    ------
    FrontlineError
        For an unreadable file or an unknown division name.
    """
    if path is not None:
        return _read_aoi(str(path))
    if not admin1:
        return _read_aoi(str(data_path("aoi.geojson")))
    src = Path(admin1_path) if admin1_path is not None else data_path(DEFAULT_ADMIN1_FILE)
    frame, keys = _admin1(str(src))
    chosen = []
    for name in admin1:
        if fold(name) not in keys:
            known = ", ".join(sorted(str(v) for v in frame.get("name_en", frame.index)))
            raise BadInputError(f"unknown admin-1 division {name!r}; known: {known}", src)
        chosen.append(keys[fold(name)])
    return shapely.union_all(shapely.make_valid(frame.geometry.iloc[chosen].values))


@lru_cache(maxsize=4)
def _admin1(path: str) -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    frame = gpd.read_file(path)
    keys: dict[str, int] = {}
    for col in ("name_en", "name", "name_alt", "iso_3166_2"):
        if col in frame.columns:
            for i, value in enumerate(frame[col]):
                for part in str(value or "").split("|"):
                    if part.strip():
                        keys.setdefault(fold(part), i)
    return frame, keys


def admin_area(
    name: str, *, admin1_path: str | os.PathLike[str] | None = None
) -> BaseGeometry | None:
    """The polygon (WGS84) of the admin-1 division called ``name``, or None if none is.

    Names match ``name_en``, ``name``, ``name_alt`` or the ISO 3166-2 code, folded; a
    leading or trailing "province"/"governorate" is ignored.
    """
    src = Path(admin1_path) if admin1_path is not None else data_path(DEFAULT_ADMIN1_FILE)
    frame, keys = _admin1(str(src))
    key = fold(name)
    for word in ("province", "governorate"):
        key = key.removesuffix(" " + word).removeprefix(word + " ").strip()
    if key not in keys:
        return None
    return shapely.make_valid(frame.geometry.iloc[keys[key]])


def metric_crs(geom: BaseGeometry | Sequence[float]) -> CRS:
    """The UTM zone CRS (WGS84 datum) of the centre of ``geom`` or of bounds ``(x0, y0, x1, y1)``.

    Returns
    -------
    pyproj.CRS
        EPSG:326zz (north) or EPSG:327zz (south); EPSG:32637 for NW Syria.
    """
    bounds = geom.bounds if isinstance(geom, BaseGeometry) else tuple(geom)
    lon = (bounds[0] + bounds[2]) / 2
    lat = (bounds[1] + bounds[3]) / 2
    zone = min(60, max(1, int(math.floor((lon + 180) / 6)) + 1))
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


class Projector:
    """Vectorised WGS84 <-> metric transforms of shapely geometries."""

    def __init__(self, crs: CRS) -> None:
        self.crs = crs
        self._fwd = Transformer.from_crs(4326, crs, always_xy=True)
        self._inv = Transformer.from_crs(crs, 4326, always_xy=True)

    def xy(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = self._fwd.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)

    def to_metric(self, geom: Any) -> Any:
        return shapely.transform(geom, lambda c: np.column_stack(self._fwd.transform(*c.T)))

    def to_wgs84(self, geom: Any) -> Any:
        return shapely.transform(geom, lambda c: np.column_stack(self._inv.transform(*c.T)))
