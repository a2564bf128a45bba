"""The whole history of control areas, front lines and route control, computed only at the
dates on which some place's state changed.

Two representations of the same history:

Compact (``cells``, ``edges``, ``route_parts``; built eagerly, what maps draw)
    The areas on a date are the union by side of per-place cells (the Voronoi cell of each
    known place, clipped to the area of interest and to ``max_km``). Cells, their shared edges
    and the route's stretch inside each cell depend only on the *set* of known places (the
    layout), not on who holds them, so they are computed once per layout and each carries the
    intervals of its labels. A front line on a date is the set of edges between cells of two
    different real sides. Size grows with places + state changes, not places x dates.
Dissolved (``control``, ``frontline``, ``route``; computed on first access, what exports read)
    One row per side area / side pair / merged route stretch, recomputed only on dates when a
    label changed; a side's area is reused when it holds the same places as before (cached
    union), and a row is extended instead of repeated while its geometry does not change.
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
from frontline.ingest.dates import iso_date, next_day
from frontline.spatial.areas import (
    NON_SIDES,
    OUTSIDE,
    UNKNOWN,
    AreaEngine,
    Layout,
    engine_for,
    side_order,
)
from frontline.spatial.route import RouteIndex, as_route, order_rows, share_rows


@dataclass(frozen=True)
class History:
    """Dated layers, each row valid on ``[valid_from, valid_to)`` (ISO; ``valid_to`` "" = open).

    Attributes
    ----------
    places : GeoDataFrame
        Place states (:meth:`ControlTimeline.intervals`), points.
    cells : GeoDataFrame
        ``cell_id, layout, place_id, place, side, area_km2, valid_from, valid_to, geometry``:
        the clipped Voronoi cell of the place(s) ``place_id`` (``"|"``-joined when places share
        coordinates) labelled ``side`` (a side, ``contested``; ``unknown`` for the part of the
        area of interest farther than ``max_km`` from every known place) on the interval. All
        rows of one ``cell_id`` share one geometry (km², WGS84). The union by side of the rows
        valid on a date is :attr:`control` on that date.
    edges : GeoDataFrame
        ``edge_id, layout, sides, length_km, valid_from, valid_to, geometry``: a shared edge of
        two cells while it separates two different sides (``sides`` e.g.
        ``"government|opposition"``). The edges valid on a date make :attr:`frontline`.
    route_parts : GeoDataFrame
        ``part_id, layout, side, km_from, km_to, length_km, valid_from, valid_to, geometry``:
        the stretch of the route inside one cell (or ``unknown``/``outside``), labelled by its
        holder on the interval (empty without a route).
    route_share : DataFrame
        ``date, side, km, pct`` at every date.
    dates : list of str
        Every date on which something changed (the first is the start of the range).
    control : GeoDataFrame
        ``side, area_km2, valid_from, valid_to, geometry`` (km², WGS84): areas dissolved by
        side. Computed on first access.
    frontline : GeoDataFrame
        ``sides, length_km, valid_from, valid_to, geometry`` (km, WGS84). On first access.
    route : GeoDataFrame
        ``side, km_from, km_to, length_km, valid_from, valid_to, geometry``, merged stretches
        (empty without a route). On first access.
    """

    places: gpd.GeoDataFrame
    cells: gpd.GeoDataFrame
    edges: gpd.GeoDataFrame
    route_parts: gpd.GeoDataFrame
    route_share: pd.DataFrame
    dates: list[str]
    _dissolver: Any = field(default=None, repr=False, compare=False)

    @cached_property
    def _dissolved(self) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
        if self._dissolver is None:
            empty = _frame([], ["side", "area_km2", "valid_from", "valid_to"])
            return (
                empty,
                _frame([], ["sides", "length_km", "valid_from", "valid_to"]),
                _frame([], ["side", "km_from", "km_to", "length_km", "valid_from", "valid_to"]),
            )
        return self._dissolver()

    @property
    def control(self) -> gpd.GeoDataFrame:
        return self._dissolved[0]

    @property
    def frontline(self) -> gpd.GeoDataFrame:
        return self._dissolved[1]

    @property
    def route(self) -> gpd.GeoDataFrame:
        return self._dissolved[2]


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

    labelled = [engine.labels_for(*timeline.known_at(day)) for day in dates]
    shares: list[dict[str, Any]] = []
    if index is not None:
        for day, (layout, labels) in zip(dates, labelled, strict=True):
            shares.extend(share_rows(day, index.segments(layout, labels), index.length_km))
    cells, edges, parts = _compact(timeline, engine, index, dates, labelled, closing, order)

    def dissolve() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
        return _dissolve(engine, index, dates, labelled, closing, order)

    return History(
        places=_places(timeline, first, last, closing),
        cells=cells,
        edges=edges,
        route_parts=parts,
        route_share=order_rows(pd.DataFrame(shares, columns=["date", "side", "km", "pct"]), order),
        dates=dates,
        _dissolver=dissolve,
    )


CELL_COLUMNS = ["cell_id", "layout", "place_id", "place", "side", "area_km2"]
EDGE_COLUMNS = ["edge_id", "layout", "sides", "length_km"]
PART_COLUMNS = ["part_id", "layout", "side", "km_from", "km_to", "length_km"]
_PAIR_BASE = 1 << 16  # pair code = lo * _PAIR_BASE + hi (label codes are small)


def _runs(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Run-length encode each column of a (dates x items) code matrix.

    Returns ``(item, code, first_row, end_row)`` per run (``end_row`` exclusive).
    """
    n_rows = matrix.shape[0]
    change = np.ones(matrix.shape, dtype=bool)
    change[1:] = matrix[1:] != matrix[:-1]
    item, row = np.nonzero(change.T)  # sorted by item, then row
    end = np.empty_like(row)
    end[:-1] = row[1:]
    if len(end):
        end[-1] = n_rows
    last_of_item = np.ones(len(item), dtype=bool)
    last_of_item[:-1] = item[1:] != item[:-1]
    end[last_of_item] = n_rows
    return item, matrix[row, item], row, end


def _compact(
    timeline: ControlTimeline,
    engine: AreaEngine,
    index: RouteIndex | None,
    dates: list[str],
    labelled: list[tuple[Layout | None, np.ndarray]],
    closing: str,
    order: list[str],
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Per-layout cells, edges and route parts with the label intervals of each."""
    codes: dict[str, int] = {}
    real: list[bool] = []

    def code(label: str) -> int:
        if label not in codes:
            codes[label] = len(codes)
            real.append(label not in NON_SIDES)
        return codes[label]

    unknown_code, outside_code = code(UNKNOWN), code(OUTSIDE)
    # Runs of consecutive dates with the same layout (the set of known places).
    runs: list[tuple[Layout | None, int, int]] = []
    for i, (layout, _) in enumerate(labelled):
        if runs and runs[-1][0] is layout:
            runs[-1] = (layout, runs[-1][1], i + 1)
        else:
            runs.append((layout, i, i + 1))

    def day(i: int) -> str:
        return dates[i] if i < len(dates) else closing

    names = _place_names(timeline, engine)
    cell_rows: list[dict[str, Any]] = []
    cell_geoms: list[BaseGeometry] = []
    edge_rows: list[dict[str, Any]] = []
    edge_geoms: list[BaseGeometry] = []
    part_rows: list[dict[str, Any]] = []
    part_geoms: list[BaseGeometry] = []
    n_cells = n_edges = n_parts = 0
    for run, (layout, i0, i1) in enumerate(runs):
        if layout is None:
            geom = engine.proj.to_wgs84(engine.aoi_m)
            cell_rows.append(
                {
                    "cell_id": n_cells,
                    "layout": run,
                    "place_id": "",
                    "place": "",
                    "side": UNKNOWN,
                    "area_km2": engine.aoi_m.area / 1e6,
                    "valid_from": day(i0),
                    "valid_to": day(i1),
                }
            )
            cell_geoms.append(geom)
            n_cells += 1
            if index is not None:
                lo, hi, where = index.intervals(None)
                for a, b, w in zip(lo, hi, where, strict=True):
                    part_rows.append(
                        {
                            "part_id": n_parts,
                            "layout": run,
                            "side": OUTSIDE if w == -2 else UNKNOWN,
                            "km_from": float(a),
                            "km_to": float(b),
                            "length_km": float(b - a),
                            "valid_from": day(i0),
                            "valid_to": day(i1),
                        }
                    )
                    part_geoms.append(index.geometry(float(a), float(b)))
                    n_parts += 1
            continue
        matrix = np.array(
            [[code(lab) for lab in labelled[i][1]] for i in range(i0, i1)], dtype=np.int64
        ).reshape(i1 - i0, len(layout.xy))
        # cells: clipped once per layout, one row per label run
        clipped = shapely.intersection(layout.cells, layout.clip)
        area = shapely.area(clipped) / 1e6
        keep = area > 0
        wgs = np.asarray(engine.proj.to_wgs84(clipped), dtype=object)
        item, val, r0, r1 = _runs(matrix)
        label_of = {v: k for k, v in codes.items()}
        for it, v, a, b in zip(item, val, r0, r1, strict=True):
            if not keep[it]:
                continue
            pid, pname = names.get(tuple(layout.xy[it]), ("", ""))
            cell_rows.append(
                {
                    "cell_id": n_cells + int(it),
                    "layout": run,
                    "place_id": pid,
                    "place": pname,
                    "side": label_of[int(v)],
                    "area_km2": float(area[it]),
                    "valid_from": day(i0 + int(a)),
                    "valid_to": day(i0 + int(b)),
                }
            )
            cell_geoms.append(wgs[it])
        n_cells += len(layout.xy)
        if not layout.unknown.is_empty:
            cell_rows.append(
                {
                    "cell_id": n_cells,
                    "layout": run,
                    "place_id": "",
                    "place": "",
                    "side": UNKNOWN,
                    "area_km2": layout.unknown.area / 1e6,
                    "valid_from": day(i0),
                    "valid_to": day(i1),
                }
            )
            cell_geoms.append(engine.proj.to_wgs84(layout.unknown))
            n_cells += 1
        # edges: a front while the two cells hold different real sides
        if len(layout.edges):
            is_real = np.array(real, dtype=bool)
            ca = matrix[:, layout.edge_pairs[:, 0]]
            cb = matrix[:, layout.edge_pairs[:, 1]]
            front = is_real[ca] & is_real[cb] & (ca != cb)
            pair = np.where(front, np.minimum(ca, cb) * _PAIR_BASE + np.maximum(ca, cb), -1)
            item, val, r0, r1 = _runs(pair)
            on = val >= 0
            if on.any():
                used = np.unique(item[on])
                ewgs = dict(
                    zip(
                        used.tolist(),
                        engine.proj.to_wgs84(layout.edges[used]),
                        strict=True,
                    )
                )
                elen = shapely.length(layout.edges) / 1000
                for it, v, a, b in zip(item[on], val[on], r0[on], r1[on], strict=True):
                    sa, sb = label_of[int(v) // _PAIR_BASE], label_of[int(v) % _PAIR_BASE]
                    edge_rows.append(
                        {
                            "edge_id": n_edges + int(it),
                            "layout": run,
                            "sides": _pair_name(sa, sb, order),
                            "length_km": float(elen[it]),
                            "valid_from": day(i0 + int(a)),
                            "valid_to": day(i0 + int(b)),
                        }
                    )
                    edge_geoms.append(ewgs[int(it)])
            n_edges += len(layout.edges)
        # route: each stretch inside one cell, coloured by the cell's label
        if index is not None:
            lo, hi, where = index.intervals(layout)
            col = np.where(where >= 0, where, 0)
            pm = matrix[:, col]
            pm[:, where == -1] = unknown_code
            pm[:, where == -2] = outside_code
            item, val, r0, r1 = _runs(pm)
            for it, v, a, b in zip(item, val, r0, r1, strict=True):
                ka, kb = float(lo[it]), float(hi[it])
                part_rows.append(
                    {
                        "part_id": n_parts + int(it),
                        "layout": run,
                        "side": label_of[int(v)],
                        "km_from": ka,
                        "km_to": kb,
                        "length_km": kb - ka,
                        "valid_from": day(i0 + int(a)),
                        "valid_to": day(i0 + int(b)),
                    }
                )
                part_geoms.append(index.geometry(ka, kb))
            n_parts += len(lo)
    tail = ["valid_from", "valid_to"]
    return (
        _frame_geoms(cell_rows, cell_geoms, [*CELL_COLUMNS, *tail]),
        _frame_geoms(edge_rows, edge_geoms, [*EDGE_COLUMNS, *tail]),
        _frame_geoms(part_rows, part_geoms, [*PART_COLUMNS, *tail]),
    )


def _pair_name(a: str, b: str, order: list[str]) -> str:
    rank = {s: i for i, s in enumerate(order)}
    x, y = sorted((a, b), key=lambda s: (rank.get(s, len(rank)), s))
    return f"{x}|{y}"


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


def _frame_geoms(
    rows: list[dict[str, Any]], geoms: list[BaseGeometry], columns: list[str]
) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return gpd.GeoDataFrame(
        frame, geometry=np.asarray(geoms, dtype=object) if geoms else [], crs="EPSG:4326"
    )


def _dissolve(
    engine: AreaEngine,
    index: RouteIndex | None,
    dates: list[str],
    labelled: list[tuple[Layout | None, np.ndarray]],
    closing: str,
    order: list[str],
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Areas dissolved by side, front lines by side pair, merged route stretches, per date."""
    areas, fronts, segments = _Rows(), _Rows(), _Rows()
    wgs: dict[int, tuple[BaseGeometry, BaseGeometry]] = {}  # id(metric) -> (metric, wgs84)

    def to_wgs(geom: BaseGeometry) -> BaseGeometry:
        hit = wgs.get(id(geom))
        if hit is None or hit[0] is not geom:
            hit = (geom, engine.proj.to_wgs84(geom))
            wgs[id(geom)] = hit
        return hit[1]

    previous: tuple[int, bytes] | None = None
    for day, (layout, labels) in zip(dates, labelled, strict=True):
        signature = (id(layout), "\x1f".join(labels).encode())
        if signature == previous:
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
    for rows in (areas, fronts, segments):
        rows.close(closing)

    front_rows = fronts.rows
    if front_rows:
        metric = np.array([r["geometry"] for r in front_rows], dtype=object)
        for r, g in zip(front_rows, engine.proj.to_wgs84(metric), strict=True):
            r["geometry"] = g
    return (
        _frame(areas.rows, ["side", "area_km2", "valid_from", "valid_to"]),
        _frame(front_rows, ["sides", "length_km", "valid_from", "valid_to"]),
        _frame(segments.rows, ["side", "km_from", "km_to", "length_km", "valid_from", "valid_to"]),
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
