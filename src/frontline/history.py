"""The whole history of control areas, front lines and route control, computed only at the
dates on which some place's state changed.

Between two change dates nothing can change, so each product is computed once per change
date; within a date, a side's area is reused when the side holds exactly the same places as
before (cached union), and a row is extended (``valid_to`` pushed) instead of repeated when
its geometry did not change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from .control import TIMELINE_COLUMNS, ControlTimeline, iso_date, next_day
from .geometry import UNKNOWN, _side_order, engine_for
from .route import RouteIndex, _as_route, _order_rows, _share_rows


@dataclass(frozen=True)
class History:
    """Dated layers, each row valid on ``[valid_from, valid_to)`` (ISO; ``valid_to`` "" = open).

    Attributes
    ----------
    places : GeoDataFrame
        Place states (:meth:`ControlTimeline.intervals`), points.
    control : GeoDataFrame
        ``side, area_km2, valid_from, valid_to, geometry`` (km², WGS84).
    frontline : GeoDataFrame
        ``sides, length_km, valid_from, valid_to, geometry`` (km, WGS84).
    route : GeoDataFrame
        ``side, km_from, km_to, length_km, valid_from, valid_to, geometry`` (empty without a
        route).
    route_share : DataFrame
        ``date, side, km, pct`` at every date.
    dates : list of str
        Every date on which something changed (the first is the start of the range).
    """

    places: gpd.GeoDataFrame
    control: gpd.GeoDataFrame
    frontline: gpd.GeoDataFrame
    route: gpd.GeoDataFrame
    route_share: pd.DataFrame
    dates: list[str]


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
    max_km: float = 10.0,
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
    order = _side_order(timeline.sides)
    index = RouteIndex(_as_route(route), engine) if route is not False else None

    areas, fronts, segments = _Rows(), _Rows(), _Rows()
    shares: list[dict[str, Any]] = []
    wgs: dict[int, tuple[BaseGeometry, BaseGeometry]] = {}  # id(metric) -> (metric, wgs84)

    def to_wgs(geom: BaseGeometry) -> BaseGeometry:
        hit = wgs.get(id(geom))
        if hit is None or hit[0] is not geom:
            hit = (geom, engine.proj.to_wgs84(geom))
            wgs[id(geom)] = hit
        return hit[1]

    previous: tuple[int, bytes] | None = None
    for day in dates:
        layout, labels = engine.labels_for(*timeline.known_at(day))
        signature = (id(layout), "\x1f".join(labels).encode())
        if signature == previous:
            if index is not None:
                shares.extend(_share_rows(day, index.segments(layout, labels), index.length_km))
            continue  # no place changed side or position: every product is unchanged
        previous = signature
        area_items = {}
        for side, geom in engine.areas_metric(layout, labels, order):
            token = id(geom)
            area_items[side] = (
                token,
                {"side": side, "area_km2": geom.area / 1e6, "geometry": to_wgs(geom)},
            )
        areas.update(day, area_items)
        front_items = {}
        for pair, geom in engine.fronts_metric(layout, labels, order):
            # fronts are rebuilt per date; identical lines have identical WKB
            token = hash(shapely.to_wkb(geom))
            front_items[pair] = (
                token,
                {"sides": pair, "length_km": geom.length / 1000, "geometry": geom},
            )
        fronts.update(day, front_items)
        if index is not None:
            segs = index.segments(layout, labels)
            seg_items = {
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
                for s, a, b in segs
            }
            segments.update(day, seg_items)
            shares.extend(_share_rows(day, segs, index.length_km))
    for rows in (areas, fronts, segments):
        rows.close(closing)

    front_rows = fronts.rows
    if front_rows:
        metric = np.array([r["geometry"] for r in front_rows], dtype=object)
        for r, g in zip(front_rows, engine.proj.to_wgs84(metric), strict=True):
            r["geometry"] = g

    return History(
        places=_places(timeline, first, last, closing),
        control=_frame(areas.rows, ["side", "area_km2", "valid_from", "valid_to"]),
        frontline=_frame(front_rows, ["sides", "length_km", "valid_from", "valid_to"]),
        route=_frame(
            segments.rows, ["side", "km_from", "km_to", "length_km", "valid_from", "valid_to"]
        ),
        route_share=_order_rows(pd.DataFrame(shares, columns=["date", "side", "km", "pct"]), order),
        dates=dates,
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


@dataclass(frozen=True)
class Diff:
    """Changes between two dates.

    Attributes
    ----------
    date_from, date_to : str
        ISO dates compared.
    places : DataFrame
        ``place_id, place, side_before, status_before, side_after, status_after, event_ids,
        sources``: places whose side or status differs, with the events that changed them.
    areas : DataFrame
        ``side, km2_before, km2_after, gained_km2`` (km²).
    """

    date_from: str
    date_to: str
    places: pd.DataFrame
    areas: pd.DataFrame


def diff(
    timeline: ControlTimeline,
    date_from: str | dt.date,
    date_to: str | dt.date,
    *,
    aoi: BaseGeometry | None = None,
    max_km: float = 10.0,
) -> Diff:
    """Places that changed hands between two dates and km² gained per side.

    Returns
    -------
    Diff

    Raises
    ------
    FrontlineError
        If a date is outside the data.
    """
    d1 = timeline.check_date(iso_date(date_from))
    d2 = timeline.check_date(iso_date(date_to))
    before = timeline.control_at(d1).set_index(["place_id", "place"])
    after = timeline.control_at(d2).set_index(["place_id", "place"])
    joined = pd.merge(
        before[["side", "status"]],
        after[["side", "status"]],
        how="outer",
        left_index=True,
        right_index=True,
        suffixes=("_before", "_after"),
    )
    joined = joined.fillna("")
    changed = joined[
        (joined["side_before"] != joined["side_after"])
        | (joined["status_before"] != joined["status_after"])
    ].reset_index()
    iv = timeline.intervals()
    lo, hi = min(d1, d2), max(d1, d2)
    moves = iv[(iv["valid_from"] > lo) & (iv["valid_from"] <= hi)]
    ids, srcs = [], []
    for pid, name in zip(changed["place_id"], changed["place"], strict=True):
        m = moves[(moves["place_id"] == pid) & (moves["place"] == name)]
        ids.append(" ".join(e for e in m["event_id"] if e))
        srcs.append(" | ".join(dict.fromkeys(s for s in m["sources"] if s)))
    changed["event_ids"] = ids
    changed["sources"] = srcs
    engine = engine_for(aoi, max_km)
    a1 = engine.areas(timeline.control_at(d1), timeline.sides)
    a2 = engine.areas(timeline.control_at(d2), timeline.sides)
    km1 = dict(zip(a1["side"], a1["area_km2"], strict=True))
    km2 = dict(zip(a2["side"], a2["area_km2"], strict=True))
    sides = list(dict.fromkeys([*a1["side"], *a2["side"]]))
    sides = [s for s in sides if s != UNKNOWN] + ([UNKNOWN] if UNKNOWN in sides else [])
    areas = pd.DataFrame(
        {
            "side": sides,
            "km2_before": [km1.get(s, 0.0) for s in sides],
            "km2_after": [km2.get(s, 0.0) for s in sides],
        }
    )
    areas["gained_km2"] = areas["km2_after"] - areas["km2_before"]
    cols = [
        "place_id",
        "place",
        "side_before",
        "status_before",
        "side_after",
        "status_after",
        "event_ids",
        "sources",
    ]
    return Diff(d1, d2, changed[cols], areas)


__all__ = ["History", "Diff", "build_history", "diff", "TIMELINE_COLUMNS"]
