"""Front lines between control areas and the distance of a place to them."""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.errors import FrontlineError, UnknownPlaceError
from frontline.reference.normalize import fold
from frontline.reference.sides import Sides
from frontline.spatial.aoi import Projector, metric_crs
from frontline.spatial.areas import DEFAULT_MAX_KM, NON_SIDES, engine_for, side_order

__all__ = ["distance_to_front", "front_lines", "resolve_point"]


def front_lines(areas: gpd.GeoDataFrame, *, sides: Sides | None = None) -> gpd.GeoDataFrame:
    """Front lines: shared boundaries between the areas of two different sides.

    Boundaries with ``unknown`` or ``contested`` areas and the edge of the area of interest are
    not front lines.

    Parameters
    ----------
    areas : GeoDataFrame
        Output of :func:`control_areas` (WGS84).

    Returns
    -------
    GeoDataFrame
        ``sides`` (e.g. ``"government|opposition"``, in sides-table order), ``length_km``
        (km, metric CRS), ``geometry`` ((Multi)LineString, WGS84).
    """
    areas = areas if areas.crs is None or areas.crs.to_epsg() == 4326 else areas.to_crs(4326)
    real = areas[~areas["side"].isin(list(NON_SIDES))]
    rank = {s: i for i, s in enumerate(side_order(sides))}
    real = real.iloc[sorted(range(len(real)), key=lambda i: rank.get(real["side"].iloc[i], 99))]
    if len(real) < 2:
        return gpd.GeoDataFrame({"sides": [], "length_km": []}, geometry=[], crs="EPSG:4326")
    proj = Projector(metric_crs(shapely.union_all(real.geometry.values)))
    geoms = proj.to_metric(real.geometry.values)
    names = list(real["side"])
    items = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            # within 1 m: the two areas were unioned and reprojected separately, so their
            # shared boundary need not have identical vertices
            near = shapely.buffer(shapely.boundary(geoms[j]), 1.0)
            shared = shapely.intersection(shapely.boundary(geoms[i]), near)
            parts = shapely.get_parts(shapely.line_merge(shared))
            parts = parts[(shapely.get_type_id(parts) == 1) & (shapely.length(parts) > 0)]
            if len(parts):
                items.append(
                    (f"{names[i]}|{names[j]}", shapely.line_merge(shapely.multilinestrings(parts)))
                )
    lines = np.array([g for _, g in items], dtype=object)
    return gpd.GeoDataFrame(
        {
            "sides": [s for s, _ in items],
            "length_km": shapely.length(lines) / 1000 if len(lines) else [],
        },
        geometry=proj.to_wgs84(lines) if len(lines) else [],
        crs="EPSG:4326",
    )


def distance_to_front(
    timeline: Any,
    place: str | tuple[float, float],
    date: str,
    *,
    aoi: BaseGeometry | None = None,
    max_km: float = DEFAULT_MAX_KM,
) -> float:
    """Distance from a place to the nearest front line on ``date``.

    Parameters
    ----------
    timeline : ControlTimeline
    place : str or (lon, lat)
        A place of the timeline or WGS84 coordinates (the spatial layer does not geocode:
        locate other places first, e.g. with the gazetteer, and pass their coordinates).
    date : str or date
        ISO date from the start of the data on (or ``"latest"``).

    Returns
    -------
    float
        Kilometres (metric CRS); ``inf`` when there is no front line on that date.

    Raises
    ------
    FrontlineError
        For an unknown place or a date outside the data.
    """
    lon, lat = resolve_point(place, timeline=timeline)
    engine = engine_for(aoi, max_km)
    control = timeline.control_at(date)
    layout, labels = engine.labels_of(control)
    fronts = engine.fronts_metric(layout, labels)
    if not fronts:
        return math.inf
    x, y = engine.proj.xy(np.array([lon]), np.array([lat]))
    point = shapely.Point(float(x[0]), float(y[0]))
    return float(min(point.distance(g) for _, g in fronts) / 1000)


def resolve_point(
    place: str | tuple[float, float],
    *,
    timeline: Any = None,
    extra: dict[str, tuple[float, float]] | None = None,
) -> tuple[float, float]:
    """(lon, lat) of ``place``: coordinates as given, else ``extra`` names (e.g. route
    waypoints), then the timeline's located places. Nothing is geocoded here.

    Raises
    ------
    FrontlineError
        If the place is found nowhere.
    """
    if not isinstance(place, str):
        lon, lat = place
        return float(lon), float(lat)
    if extra:
        folded = {fold(k): v for k, v in extra.items()}
        if fold(place) in folded:
            return folded[fold(place)]
    if timeline is not None:
        try:
            lon, lat = timeline.place_point(place)
            if math.isfinite(lon) and math.isfinite(lat):
                return lon, lat
        except FrontlineError:
            pass
    raise UnknownPlaceError(f"unknown place {place!r}")
