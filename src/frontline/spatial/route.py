"""A route (the M5 or any LineString) split by who controls each stretch, in km from its start.

Linear referencing is done in the metric CRS of the area engine (UTM): ``km`` is the distance
along the line from its first vertex. A route passes through areas of sides, ``contested`` and
``unknown`` areas (inside the area of interest with no estimate or one below the ``inferred``
confidence class) and ``outside`` (beyond the area of interest); ``pct`` is of the whole route
(or stretch), ``pct_mapped`` of its length inside the area of interest.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from frontline._paths import data_path
from frontline._validate import check_geometry_coordinates
from frontline.errors import BadInputError
from frontline.spatial.aoi import Projector, metric_crs
from frontline.spatial.areas import (
    CONTESTED,
    DEFAULT_MAX_KM,
    NON_SIDES,
    OUTSIDE,
    UNKNOWN,
    AreaEngine,
    Labels,
    Layout,
    engine_for,
    side_order,
)
from frontline.spatial.fronts import resolve_point

__all__ = [
    "MAX_UNKNOWN_SHARE",
    "SEGMENT_COLUMNS",
    "RouteIndex",
    "as_route",
    "first_full_control",
    "iter_labels",
    "load_route",
    "order_rows",
    "route_control",
    "route_segments",
    "share_rows",
    "stretch_km",
]

SEGMENT_COLUMNS = ["side", "km_from", "km_to", "length_km", "geometry"]
#: With ``allow_unknown``, the largest share of a stretch that may be ``unknown``.
MAX_UNKNOWN_SHARE = 0.1


def load_route(path: str | os.PathLike[str] | None = None) -> gpd.GeoDataFrame:
    """Read a route: the first LineString (or mergeable MultiLineString) of a vector file.

    Named Point features in the same file (e.g. the M5's waypoints) are kept in
    ``route.attrs["waypoints"]`` (name -> (lon, lat)) so stretches can be cut between them.

    Parameters
    ----------
    path : path, optional
        GeoJSON, GeoPackage or any file pyogrio reads; default the shipped ``data/m5.geojson``.

    Returns
    -------
    GeoDataFrame
        One row: ``name``, ``length_km`` (km, metric CRS), ``geometry`` (LineString, WGS84).

    Raises
    ------
    FrontlineError
        If the file cannot be read or holds no LineString.
    """
    src = Path(path) if path is not None else data_path("m5.geojson")
    if not src.exists():
        raise BadInputError("route file not found", src)
    try:
        frame = gpd.read_file(src)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BadInputError(f"cannot read route: {exc}", src) from None
    if not isinstance(frame, gpd.GeoDataFrame):  # a table without geometry (e.g. a CSV)
        raise BadInputError("the route file has no geometry; give a LineString file", src)
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    check_geometry_coordinates(frame.geometry, src, "route")  # harden: lat 200 was a GEOS crash
    line, name = _first_line(frame, src.stem)
    if line is None:
        raise BadInputError("no LineString in the route file (need one connected line)", src)
    length_km = _length_km(line)
    if not length_km > 0:  # every vertex on one point: no share of it can be held
        raise BadInputError("the route has zero length (all its vertices are one point)", src)
    waypoints: dict[str, tuple[float, float]] = {}
    if "name" in frame.columns:
        pts = frame[frame.geometry.notna() & (frame.geometry.geom_type == "Point")]
        for wp_name, geom in zip(pts["name"], pts.geometry, strict=True):
            if isinstance(wp_name, str) and wp_name:
                waypoints[wp_name] = (geom.x, geom.y)
    route = gpd.GeoDataFrame(
        {"name": [name], "length_km": [length_km]}, geometry=[line], crs="EPSG:4326"
    )
    route.attrs["waypoints"] = waypoints
    route.attrs["path"] = str(src)
    return route


def _first_line(frame: gpd.GeoDataFrame, name: str) -> tuple[BaseGeometry | None, str]:
    """The first LineString (or mergeable MultiLineString) of ``frame`` and its name
    (``name`` when the row has none)."""
    names = frame["name"] if "name" in frame.columns else [None] * len(frame)
    # not iterrows(): it turns a null geometry ("geometry": null) into the float NaN
    for geom, row_name in zip(frame.geometry, names, strict=True):
        if geom is None or geom.is_empty:
            continue
        if geom.geom_type == "MultiLineString":
            geom = shapely.line_merge(geom)
        if geom.geom_type == "LineString":
            return geom, row_name if isinstance(row_name, str) and row_name else name
    return None, name


def _length_km(line: BaseGeometry) -> float:
    return float(Projector(metric_crs(line)).to_metric(line).length / 1000)


def as_route(route: gpd.GeoDataFrame | BaseGeometry | str | os.PathLike[str] | None) -> Any:
    if route is None or isinstance(route, (str, os.PathLike)):
        return load_route(route)
    if isinstance(route, BaseGeometry):
        if route.geom_type != "LineString":
            raise BadInputError(f"a route must be a LineString, not a {route.geom_type}")
        frame = gpd.GeoDataFrame(
            {"name": ["route"], "length_km": [_length_km(route)]}, geometry=[route], crs=4326
        )
        frame.attrs["waypoints"] = {}
        return frame
    return route


class RouteIndex:
    """A route projected into an engine's metric CRS, split once per layout into intervals
    that each lie in one Voronoi cell (or in ``unknown``/``outside``), so a date only relabels
    them.
    """

    def __init__(self, route: gpd.GeoDataFrame, engine: AreaEngine) -> None:
        self.route = route
        self.engine = engine
        self.line = engine.proj.to_metric(route.geometry.iloc[0])
        self.length_km = self.line.length / 1000
        self._key = shapely.to_wkb(self.line)
        self._substrings: dict[tuple[float, float], BaseGeometry] = {}

    def km_of(self, lon: float, lat: float) -> tuple[float, float]:
        """(km along the route, km off the route) of a WGS84 point."""
        x, y = self.engine.proj.xy(np.array([lon]), np.array([lat]))
        pt = shapely.Point(float(x[0]), float(y[0]))
        return self.line.project(pt) / 1000, self.line.distance(pt) / 1000

    def intervals(self, layout: Layout | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(km_from, km_to, piece)`` where piece is an index into the layout's pieces, -1
        unknown, -2 outside."""
        if layout is not None and self._key in layout.route_cache:
            return layout.route_cache[self._key]
        eng = self.engine
        cuts = [shapely.boundary(eng.aoi_m)]
        if layout is not None:
            cuts.append(shapely.boundary(layout.clip))
            cand = layout.tree.query(self.line) if layout.tree is not None else []
            cuts.extend(shapely.boundary(layout.pieces[cand]))
        hits = shapely.intersection(self.line, np.asarray(cuts, dtype=object))
        coords = shapely.get_coordinates(hits)
        km = shapely.line_locate_point(self.line, shapely.points(coords)) / 1000
        # Breakpoints closer than 1 m are one; the classification below is by midpoints.
        raw = np.clip(np.concatenate([[0.0, self.length_km], km]), 0.0, self.length_km)
        breaks = np.unique(np.round(raw, 6))
        # Rounding must neither shorten nor lengthen the route: a length that rounds up used
        # to be filtered out with the whole last stretch.
        breaks[0], breaks[-1] = 0.0, self.length_km
        lo, hi = breaks[:-1], breaks[1:]
        keep = hi - lo > 1e-6
        lo, hi = lo[keep], hi[keep]
        mids = shapely.line_interpolate_point(self.line, (lo + hi) / 2 * 1000)
        cell = np.where(shapely.contains(eng.aoi_m, mids), -1, -2)
        if layout is not None:
            inside = shapely.contains(layout.clip, mids)
            pi, ci = layout.tree.query(mids, predicate="intersects")  # type: ignore[union-attr]
            # A midpoint on a cell edge hits two cells; either is right, keep the first.
            first = np.unique(pi, return_index=True)[1]
            found = np.full(len(mids), -1)
            found[pi[first]] = ci[first]
            cell = np.where(inside & (found >= 0), found, cell)
        result = (lo, hi, cell)
        if layout is not None:
            layout.route_cache[self._key] = result
        return result

    def segments(
        self, layout: Layout | None, labels: Labels | None
    ) -> list[tuple[str, float, float]]:
        """Merged ``(side, km_from, km_to)`` along the route for one labelling of the layout
        (``unknown`` where the estimate's class is ``unknown``)."""
        lo, hi, cell = self.intervals(layout)
        names = np.where(cell == -2, OUTSIDE, UNKNOWN).astype(object)
        if layout is not None and labels is not None and len(labels):
            in_cell = cell >= 0
            names[in_cell] = labels.piece[cell[in_cell]]
        out: list[tuple[str, float, float]] = []
        for name, a, b in zip(names, lo, hi, strict=True):
            name = name or UNKNOWN
            if out and out[-1][0] == name and abs(out[-1][2] - a) < 1e-6:
                out[-1] = (name, out[-1][1], float(b))
            else:
                out.append((name, float(a), float(b)))
        return out

    def geometry(self, km_from: float, km_to: float) -> BaseGeometry:
        """The WGS84 stretch of the route between two km marks."""
        key = (round(km_from, 6), round(km_to, 6))
        geom = self._substrings.get(key)
        if geom is None:
            geom = self.engine.proj.to_wgs84(substring(self.line, km_from * 1000, km_to * 1000))
            self._substrings[key] = geom
        return geom

    def segments_frame(self, segs: Iterable[tuple[str, float, float]]) -> gpd.GeoDataFrame:
        """GeoDataFrame ``side, km_from, km_to, length_km, geometry`` (WGS84)."""
        rows = [
            {
                "side": s,
                "km_from": a,
                "km_to": b,
                "length_km": b - a,
                "geometry": self.geometry(a, b),
            }
            for s, a, b in segs
        ]
        return gpd.GeoDataFrame(rows, columns=SEGMENT_COLUMNS, geometry="geometry", crs=4326)


def route_segments(
    route: gpd.GeoDataFrame | BaseGeometry | None,
    areas: gpd.GeoDataFrame,
) -> gpd.GeoDataFrame:
    """Split a route by the area (side) that contains each stretch, for one date's areas.

    Parameters
    ----------
    route : GeoDataFrame or LineString, optional
        From :func:`load_route` (default: the shipped M5).
    areas : GeoDataFrame
        Output of :func:`frontline.geometry.control_areas` (WGS84).

    Returns
    -------
    GeoDataFrame
        ``side, km_from, km_to, length_km, geometry`` ordered along the route; km from the
        route's start; stretches in no area are ``outside``.
    """
    rt = as_route(route)
    # Only the projection is needed here: any engine whose CRS suits the areas' extent.
    extent = rt.geometry.iloc[0] if areas.empty else shapely.box(*areas.total_bounds)
    engine = AreaEngine(extent, max_km=float("inf"))
    index = RouteIndex(rt, engine)
    line = index.line
    areas_m = engine.proj.to_metric(areas.geometry.values)
    pieces: list[tuple[str, float, float]] = []
    for side, geom in zip(areas["side"], areas_m, strict=True):
        for part in shapely.get_parts(shapely.intersection(line, geom)):
            if part.geom_type != "LineString" or part.length == 0:
                continue
            a = line.project(shapely.Point(part.coords[0])) / 1000
            b = line.project(shapely.Point(part.coords[-1])) / 1000
            pieces.append((side, min(a, b), max(a, b)))
    pieces.sort(key=lambda p: p[1])
    segs: list[tuple[str, float, float]] = []
    pos = 0.0
    for side, a, b in pieces:
        if a - pos > 1e-6:
            segs.append((OUTSIDE, pos, a))
        if segs and segs[-1][0] == side and abs(segs[-1][2] - a) < 1e-6:
            segs[-1] = (side, segs[-1][1], b)
        else:
            segs.append((side, max(a, pos), b))
        pos = max(pos, b)
    if index.length_km - pos > 1e-6:
        segs.append((OUTSIDE, pos, index.length_km))
    return index.segments_frame(segs)


def share_rows(
    date: str,
    segs: list[tuple[str, float, float]],
    total: float,
    window: tuple[float, float] | None = None,
) -> list[dict]:
    """Per side: km, ``pct`` of the route (or of ``window``, a km range along it) and
    ``pct_mapped`` of its length inside the area of interest (not ``outside``).

    ``contested`` (forces of several sides, reported) and ``unknown`` (no estimate, or a
    confidence below the ``inferred`` class) are kept apart.
    """
    lo, hi = window if window is not None else (0.0, total)
    km: dict[str, float] = {}
    for side, a, b in segs:
        length = min(b, hi) - max(a, lo)
        if length > 1e-9:
            km[side] = km.get(side, 0.0) + length
    span = hi - lo
    mapped = span - km.get(OUTSIDE, 0.0)
    return [
        {
            "date": date,
            "side": s,
            "km": v,
            "pct": 100 * v / span if span else 0.0,
            "pct_mapped": (100 * v / mapped if mapped > 1e-9 else 0.0) if s != OUTSIDE else None,
        }
        for s, v in km.items()
    ]


def order_rows(frame: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    rank = {s: i for i, s in enumerate([*order, CONTESTED, UNKNOWN, OUTSIDE])}
    frame = frame.assign(_r=frame["side"].map(lambda s: rank.get(s, len(rank))))
    return frame.sort_values(["date", "_r", "side"]).drop(columns="_r").reset_index(drop=True)


def route_control(
    timeline: Any,
    dates: Sequence[str | dt.date] | None = None,
    route: gpd.GeoDataFrame | BaseGeometry | str | os.PathLike[str] | None = None,
    aoi: BaseGeometry | None = None,
    max_km: float = DEFAULT_MAX_KM,
    *,
    stretch: tuple[str | tuple[float, float], str | tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Km and share of a route (or of a stretch of it) held by each side on each date.

    Parameters
    ----------
    timeline : ControlTimeline
    dates : list of str or date, optional
        Default: the timeline's change dates.
    route : GeoDataFrame, LineString or path, optional
        Default: the shipped M5.
    aoi, max_km
        As for :func:`frontline.spatial.areas.control_areas`.
    stretch : (start, end), optional
        Only the stretch between two places on the route (route waypoint names such as
        ``("Hama", "Aleppo")``, places of the timeline, or (lon, lat)).

    Returns
    -------
    DataFrame
        ``date`` (ISO), ``side`` (a side, ``contested``, ``unknown`` or ``outside``), ``km``,
        ``pct`` (percent of the route or stretch length), ``pct_mapped`` (percent of its
        length inside the area of interest; empty for ``outside``).

    Raises
    ------
    FrontlineError
        For a date before the data, a bad route or a stretch end not on the route.
    """
    rt = as_route(route)
    engine = engine_for(aoi, max_km)
    index = RouteIndex(rt, engine)
    window = None
    if stretch is not None:
        a = stretch_km(index, stretch[0], timeline=timeline)
        b = stretch_km(index, stretch[1], timeline=timeline)
        if abs(a - b) < 1e-6:
            # Both ends at one point of the route: a stretch of 0 km has no shares (it
            # printed an empty table).
            raise BadInputError(
                f"the stretch {stretch[0]}:{stretch[1]} has no length: its ends are the same "
                f"point of the route (km {a:.1f}); name two different places"
            )
        window = (min(a, b), max(a, b))
    days = [timeline.check_date(d) for d in dates] if dates is not None else None
    rows: list[dict] = []
    for day, layout, labels in iter_labels(timeline, engine, days):
        rows.extend(share_rows(day, index.segments(layout, labels), index.length_km, window))
    frame = pd.DataFrame(rows, columns=["date", "side", "km", "pct", "pct_mapped"])
    return order_rows(frame, side_order(getattr(timeline, "sides", None)))


def iter_labels(
    timeline: Any, engine: AreaEngine, dates: Sequence[str] | None = None
) -> Iterable[tuple[str, Layout | None, Labels | None]]:
    """For each date (default: change dates), the layout of known places and their labels."""
    for day in dates if dates is not None else timeline.change_dates():
        regions = timeline.regions_at(day) if hasattr(timeline, "regions_at") else ()
        yield (day, *engine.labels_for(*timeline.known_at(day), regions=regions))


def stretch_km(
    index: RouteIndex,
    place: str | tuple[float, float],
    *,
    timeline: Any = None,
    max_off_km: float = 5.0,
) -> float:
    """Km along the route of a place (route waypoint, timeline place, or (lon, lat)).

    Raises
    ------
    FrontlineError
        If the place is unknown or farther than ``max_off_km`` from the route.
    """
    waypoints = index.route.attrs.get("waypoints") or {}
    lon, lat = resolve_point(place, timeline=timeline, extra=waypoints)
    km, off = index.km_of(lon, lat)
    if off > max_off_km:
        raise BadInputError(
            f"{place!r} is {off:.1f} km from the route (more than {max_off_km:g} km)"
        )
    return km


def first_full_control(
    timeline: Any,
    start: str | tuple[float, float],
    end: str | tuple[float, float],
    route: gpd.GeoDataFrame | BaseGeometry | str | os.PathLike[str] | None = None,
    *,
    side: str | None = None,
    aoi: BaseGeometry | None = None,
    max_km: float = DEFAULT_MAX_KM,
    allow_unknown: bool = False,
) -> tuple[str, str] | None:
    """The first date on which one side holds the whole stretch of a route between two places.

    Parameters
    ----------
    timeline : ControlTimeline
    start, end : str or (lon, lat)
        Places on the route: a route waypoint name, a place of the timeline, or WGS84
        coordinates; snapped to the route (at most 5 km off it).
    route : optional
        Default: the shipped M5.
    side : str, optional
        Only this side counts (default: any real side, not ``unknown``/``contested``).
    allow_unknown : bool
        If True, ``unknown`` parts of the stretch (no estimate, or below the ``inferred``
        class) do not count against the holder as long as they are at most
        :data:`MAX_UNKNOWN_SHARE` of it: the side holds every part the data speak for and no
        other side or contested place is on it. The date returned is then
        the first on which a side *comes to* hold the stretch with a reported (not implied)
        state within ``max_km`` of it; the data's first date does not count. Use it when
        the stretch's ends (cities no report mentions) lie outside the reported area.

    Returns
    -------
    (date, side) or None
        ISO date and side key, or None if no side ever holds the whole stretch.
    """
    rt = as_route(route)
    engine = engine_for(aoi, max_km)
    index = RouteIndex(rt, engine)
    a = stretch_km(index, start, timeline=timeline)
    b = stretch_km(index, end, timeline=timeline)
    lo, hi = min(a, b), max(a, b)
    previous: set[str] | None = None
    for day, layout, labels in iter_labels(timeline, engine):
        on = [
            (s, min(y, hi) - max(x, lo))
            for s, x, y in index.segments(layout, labels)
            if y > lo + 1e-6 and x < hi - 1e-6
        ]
        holders = {s for s, _ in on}
        unknown_km = sum(km for s, km in on if s == UNKNOWN)
        if allow_unknown and unknown_km <= MAX_UNKNOWN_SHARE * (hi - lo):
            holders.discard(UNKNOWN)
        before, previous = previous, holders
        if len(holders) != 1:
            continue
        (holder,) = holders
        if holder in NON_SIDES or (side is not None and holder != side):
            continue
        if allow_unknown and (
            before is None
            or before == holders
            or not _reported_near(timeline, day, holder, index, lo, hi, max_km)
        ):
            # With the unknown parts ignored, states implied from later reports could claim
            # the stretch on the data's first day: only a side that comes to hold it, on a
            # reported state near it, counts.
            continue
        return day, holder
    return None


def _reported_near(
    timeline: Any, day: str, holder: str, index: RouteIndex, lo: float, hi: float, max_km: float
) -> bool:
    """Whether a place within ``max_km`` of the stretch is reported (not implied) held by
    ``holder`` on ``day``."""
    control = timeline.control_at(day)
    mine = control[(control["side"] == holder) & ~control["implied"].astype(bool)]
    lon = mine["lon"].to_numpy(dtype=float)
    lat = mine["lat"].to_numpy(dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return False
    x, y = index.engine.proj.xy(lon[ok], lat[ok])
    stretch = substring(index.line, lo * 1000, hi * 1000)
    return bool((shapely.distance(shapely.points(x, y), stretch) <= max_km * 1000).any())
