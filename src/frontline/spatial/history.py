"""The whole history of control areas, front lines and route control, computed only at the
dates on which some place's state changed.

Two representations of the same history:

Compact (``cells``, ``edges``, ``route_parts``; built eagerly, what maps draw)
    The areas on a date are the union by side of per-place cell pieces (the Voronoi cell of
    each known place, clipped to the area of interest and to ``max_km``, cut into distance
    bands: :mod:`frontline.spatial.confidence`). Pieces, the cells' shared edges and the
    route's stretch inside each piece depend only on the *set* of known places (the layout),
    not on who holds them, so they are computed once per layout and each carries the
    intervals of its labels (side, confidence class, confidence). A front line on a date is
    the set of edges between cells of two different real sides. Size grows with places +
    state changes, not places x dates.
Dissolved (``control``, ``frontline``, ``route``, ``pockets``; on first access, what exports
read)
    One row per side and class area / side pair / merged route stretch / pocket, recomputed
    only on dates when a label changed; an area is reused when it holds the same pieces as
    before (cached union), and a row is extended instead of repeated while its geometry does
    not change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.control.timeline import TIMELINE_COLUMNS, ControlTimeline
from frontline.ingest.dates import next_day
from frontline.spatial.areas import (
    DEFAULT_MAX_KM,
    AreaEngine,
    Labels,
    Layout,
    engine_for,
    side_order,
)
from frontline.spatial.changes import Diff, diff
from frontline.spatial.compact import Compactor
from frontline.spatial.pockets import pockets_metric
from frontline.spatial.route import RouteIndex, as_route, order_rows, share_rows


@dataclass(frozen=True)
class History:
    """Dated layers, each row valid on ``[valid_from, valid_to)`` (ISO; ``valid_to`` "" = open).

    Attributes
    ----------
    places : GeoDataFrame
        Place states (:meth:`ControlTimeline.intervals`), points.
    cells : GeoDataFrame
        ``cell_id, layout, place_id, place, side, class, confidence, area_km2, valid_from,
        valid_to, geometry``: one distance-band piece of the clipped Voronoi cell of the
        place(s) ``place_id`` (``"|"``-joined when places share coordinates) labelled ``side``
        (a side, ``contested``; ``unknown`` when its class is ``unknown`` and for the part of
        the area of interest farther than ``max_km`` from every known place), ``class``
        (``reported``, ``inferred``, ``unknown``) and ``confidence`` (0-1, 2 decimals) on the
        interval. All rows of one ``cell_id`` share one geometry (km², WGS84). The union by
        side of the rows valid on a date is :attr:`control` on that date.
    edges : GeoDataFrame
        ``edge_id, layout, sides, length_km, valid_from, valid_to, geometry``: a shared edge of
        two cells while it separates two different sides (``sides`` e.g.
        ``"government|opposition"``). The edges valid on a date make :attr:`frontline`.
    route_parts : GeoDataFrame
        ``part_id, layout, side, class, km_from, km_to, length_km, valid_from, valid_to,
        geometry``: the stretch of the route inside one piece (or ``unknown``/``outside``),
        labelled by its holder and class on the interval (empty without a route).
    route_share : DataFrame
        ``date, side, km, pct, pct_mapped`` at every date
        (:func:`frontline.spatial.route.share_rows`).
    dates : list of str
        Every date on which something changed (the first is the start of the range).
    control : GeoDataFrame
        ``side, class, confidence, area_km2, valid_from, valid_to, geometry`` (km², WGS84):
        areas dissolved by side (``class`` "": reported and inferred together; ``confidence``
        their area-weighted mean). Computed on first access. :attr:`control_classes` splits
        them by confidence class.
    frontline : GeoDataFrame
        ``sides, length_km, valid_from, valid_to, geometry`` (km, WGS84). On first access.
    route : GeoDataFrame
        ``side, km_from, km_to, length_km, valid_from, valid_to, geometry``, merged stretches
        (empty without a route). On first access.
    pockets : GeoDataFrame
        ``side, enclosed_by, area_km2, valid_from, valid_to, geometry``: areas of a side cut
        off and enclosed by another (:mod:`frontline.spatial.pockets`). On first access.
    """

    places: gpd.GeoDataFrame
    cells: gpd.GeoDataFrame
    edges: gpd.GeoDataFrame
    route_parts: gpd.GeoDataFrame
    route_share: pd.DataFrame
    dates: list[str]
    _dissolver: Any = field(default=None, repr=False, compare=False)

    @cached_property
    def _dissolved(self) -> tuple[gpd.GeoDataFrame, ...]:
        if self._dissolver is None:
            tail = ["valid_from", "valid_to"]
            return (
                _frame([], ["side", "class", "confidence", "area_km2", *tail]),
                _frame([], ["sides", "length_km", *tail]),
                _frame([], ["side", "km_from", "km_to", "length_km", *tail]),
                _frame([], ["side", "enclosed_by", "area_km2", *tail]),
            )
        return self._dissolver(False)

    @cached_property
    def control_classes(self) -> gpd.GeoDataFrame:
        """Like :attr:`control`, one row per side and confidence class (``class`` column).

        A pass of its own (on first access): the class split costs about 6x the by-side
        areas, so maps and the area benchmark do not pay for it; exports use it.
        """
        if self._dissolver is None:
            return self._dissolved[0]
        return self._dissolver(False, True)[0]

    @cached_property
    def _pockets(self) -> gpd.GeoDataFrame:
        # a pass of its own: finding pockets costs more than the areas, and exports and maps
        # that do not ask for them should not pay for them
        if self._dissolver is None:
            return self._dissolved[3]
        return self._dissolver(True)[3]

    @property
    def control(self) -> gpd.GeoDataFrame:
        return self._dissolved[0]

    @property
    def frontline(self) -> gpd.GeoDataFrame:
        return self._dissolved[1]

    @property
    def route(self) -> gpd.GeoDataFrame:
        return self._dissolved[2]

    @property
    def pockets(self) -> gpd.GeoDataFrame:
        return self._pockets


class _Rows:
    """Rows with validity intervals; a row stays open while its key and geometry persist."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.open: dict[Any, tuple[int, int]] = {}  # key -> (row index, id of metric geom)

    def update(self, day: str, items: dict[Any, tuple[int, dict[str, Any]]]) -> None:
        for key in list(self.open):
            idx, token = self.open[key]
            if key not in items or items[key][0] != token:
                self.rows[idx]["valid_to"] = day
                del self.open[key]
        for key, (token, row) in items.items():
            if key not in self.open:
                self.rows.append({**row, "valid_from": day, "valid_to": ""})
                self.open[key] = (len(self.rows) - 1, token)

    def close(self, end: str) -> None:
        for idx, _ in self.open.values():
            self.rows[idx]["valid_to"] = end


def build_history(
    timeline: ControlTimeline,
    *,
    route: Any = None,
    aoi: BaseGeometry | None = None,
    max_km: float = DEFAULT_MAX_KM,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
) -> History:
    """Areas, front lines and route control at every change date between ``start`` and ``end``.

    Parameters
    ----------
    timeline : ControlTimeline
    route : GeoDataFrame, LineString, path or False, optional
        Route to split (default: the shipped M5; ``False``: none).
    aoi, max_km
        As for :func:`frontline.geometry.control_areas`.
    start, end : str or date, optional
        ISO range (inclusive) within the data; default the whole data. With ``end`` the last
        rows end on the day after ``end``; without it they stay open.

    Returns
    -------
    History
        The compact layers are computed here; ``control``, ``frontline`` and ``route`` on
        first access.

    Raises
    ------
    FrontlineError
        If ``start`` or ``end`` is outside the data.
    """
    first = timeline.check_date(start) if start is not None else timeline.start
    last = timeline.check_date(end) if end is not None else None
    if last is not None and last < first:
        first, last = last, first
    dates = [d for d in timeline.change_dates() if d > first and (last is None or d <= last)]
    dates = [first, *dates]
    closing = next_day(last) if last is not None else ""
    engine = engine_for(aoi, max_km)
    order = side_order(timeline.sides)
    index = RouteIndex(as_route(route), engine) if route is not False else None

    labelled = [
        engine.labels_for(*timeline.known_at(day), regions=timeline.regions_at(day))
        for day in dates
    ]
    shares: list[dict[str, Any]] = []
    if index is not None:
        for day, (layout, labels) in zip(dates, labelled, strict=True):
            shares.extend(share_rows(day, index.segments(layout, labels), index.length_km))
    cells, edges, parts = _compact(timeline, engine, index, dates, labelled, closing, order)
    share_cols = ["date", "side", "km", "pct", "pct_mapped"]

    def dissolve(with_pockets: bool, by_class: bool = False) -> tuple[gpd.GeoDataFrame, ...]:
        return _dissolve(engine, index, dates, labelled, closing, order, with_pockets, by_class)

    return History(
        places=_places(timeline, first, last, closing),
        cells=cells,
        edges=edges,
        route_parts=parts,
        route_share=order_rows(pd.DataFrame(shares, columns=share_cols), order),
        dates=dates,
        _dissolver=dissolve,
    )


def _compact(
    timeline: ControlTimeline,
    engine: AreaEngine,
    index: RouteIndex | None,
    dates: list[str],
    labelled: list[tuple[Layout | None, Labels | None]],
    closing: str,
    order: list[str],
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Per-layout pieces, edges and route parts with the label intervals of each."""

    def day(i: int) -> str:
        return dates[i] if i < len(dates) else closing

    # Runs of consecutive dates with the same layout (the set of known places).
    spans: list[tuple[Layout | None, int, int]] = []
    for i, (layout, _) in enumerate(labelled):
        if spans and spans[-1][0] is layout:
            spans[-1] = (layout, spans[-1][1], i + 1)
        else:
            spans.append((layout, i, i + 1))
    out = Compactor(engine, index, day, _place_names(timeline, engine), order)
    for run, (layout, i0, i1) in enumerate(spans):
        labels = [lab for _, lab in labelled[i0:i1]]
        if layout is None or any(lab is None for lab in labels):
            out.empty_run(run, i0, i1)
        else:
            out.layout_run(run, layout, [lab for lab in labels if lab is not None], i0)
    return out.frames()


def _place_names(timeline: ControlTimeline, engine: AreaEngine) -> dict[tuple, tuple[str, str]]:
    """Layout coordinate (metric, 1 m grid as in ``AreaEngine.layout_for``) -> joined ids, names."""
    iv = timeline.intervals()
    first = iv.drop_duplicates(["place_id", "place"])
    first = first[
        np.isfinite(first["lon"].to_numpy(float)) & np.isfinite(first["lat"].to_numpy(float))
    ]
    x, y = engine.proj.xy(first["lon"].to_numpy(float), first["lat"].to_numpy(float))
    xy = np.round(np.column_stack([x, y]), 0)
    out: dict[tuple, tuple[list[str], list[str]]] = {}
    for (px, py), pid, name in zip(xy, first["place_id"], first["place"], strict=True):
        ids, names = out.setdefault((px, py), ([], []))
        ids.append(str(pid) or str(name))
        names.append(str(name))
    return {k: ("|".join(a), "|".join(b)) for k, (a, b) in out.items()}


def _dissolve(
    engine: AreaEngine,
    index: RouteIndex | None,
    dates: list[str],
    labelled: list[tuple[Layout | None, Labels | None]],
    closing: str,
    order: list[str],
    with_pockets: bool = False,
    by_class: bool = False,
) -> tuple[gpd.GeoDataFrame, ...]:
    """Areas dissolved by side and class, front lines by side pair, merged route stretches
    and (``with_pockets``) pockets, per date."""
    areas, fronts, segments, pockets = _Rows(), _Rows(), _Rows(), _Rows()
    wgs: dict[int, tuple[BaseGeometry, BaseGeometry]] = {}  # id(metric) -> (metric, wgs84)

    def to_wgs(geom: BaseGeometry) -> BaseGeometry:
        hit = wgs.get(id(geom))
        if hit is None or hit[0] is not geom:
            hit = (geom, engine.proj.to_wgs84(geom))
            wgs[id(geom)] = hit
        return hit[1]

    previous: tuple[int, bytes] | None = None
    for day, (layout, labels) in zip(dates, labelled, strict=True):
        signature = (id(layout), labels.signature() if labels is not None else b"")
        if signature == previous:
            continue  # no place changed side or position: every product is unchanged
        previous = signature
        areas.update(
            day,
            {
                (side, klass): (
                    id(geom),
                    {
                        "side": side,
                        "class": klass,
                        "confidence": conf,
                        "area_km2": geom.area / 1e6,
                        "geometry": to_wgs(geom),
                    },
                )
                for side, klass, geom, conf in engine.areas_metric(
                    layout, labels, order, by_class=by_class
                )
            },
        )
        # fronts and pockets are rebuilt per date; identical lines have identical WKB
        fronts.update(
            day,
            {
                pair: (
                    hash(shapely.to_wkb(geom)),
                    {"sides": pair, "length_km": geom.length / 1000, "geometry": geom},
                )
                for pair, geom in engine.fronts_metric(layout, labels, order)
            },
        )
        pockets.update(
            day,
            {
                (side, by, i): (
                    hash(shapely.to_wkb(geom)),
                    {
                        "side": side,
                        "enclosed_by": by,
                        "area_km2": geom.area / 1e6,
                        "geometry": to_wgs(geom),
                    },
                )
                for i, (side, by, geom) in enumerate(
                    pockets_metric(engine, layout, labels, order) if with_pockets else []
                )
            },
        )
        if index is not None:
            segments.update(
                day,
                {
                    (s, round(a, 6), round(b, 6)): (
                        0,
                        {
                            "side": s,
                            "km_from": a,
                            "km_to": b,
                            "length_km": b - a,
                            "geometry": index.geometry(a, b),
                        },
                    )
                    for s, a, b in index.segments(layout, labels)
                },
            )
    for rows in (areas, fronts, segments, pockets):
        rows.close(closing)
    front_rows = fronts.rows
    if front_rows:
        metric = np.array([r["geometry"] for r in front_rows], dtype=object)
        for r, g in zip(front_rows, engine.proj.to_wgs84(metric), strict=True):
            r["geometry"] = g
    tail = ["valid_from", "valid_to"]
    return (
        _frame(areas.rows, ["side", "class", "confidence", "area_km2", *tail]),
        _frame(front_rows, ["sides", "length_km", *tail]),
        _frame(segments.rows, ["side", "km_from", "km_to", "length_km", *tail]),
        _frame(pockets.rows, ["side", "enclosed_by", "area_km2", *tail]),
    )


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=[*columns, "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def _places(
    timeline: ControlTimeline, first: str, last: str | None, closing: str
) -> gpd.GeoDataFrame:
    iv = timeline.intervals()
    vf, vt = iv["valid_from"], iv["valid_to"]
    keep = ((vt == "") | (vt > first)) & ((last is None) | (vf <= (last or "")))
    out = iv.loc[keep].copy()
    out["valid_from"] = out["valid_from"].where(out["valid_from"] > first, first)
    if closing:
        out["valid_to"] = out["valid_to"].where(
            (out["valid_to"] != "") & (out["valid_to"] < closing), closing
        )
    return out.reset_index(drop=True)


__all__ = ["Diff", "History", "TIMELINE_COLUMNS", "build_history", "diff"]
