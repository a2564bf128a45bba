"""The compact history: per-layout pieces, edges and route parts with the intervals of their
labels (see :mod:`frontline.spatial.history`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.spatial.areas import (
    NON_SIDES,
    OUTSIDE,
    UNKNOWN,
    AreaEngine,
    Labels,
    Layout,
    edge_estimated,
)
from frontline.spatial.route import RouteIndex

__all__ = ["CELL_COLUMNS", "EDGE_COLUMNS", "PART_COLUMNS", "Compactor", "pair_name", "runs"]

CELL_COLUMNS = ["cell_id", "layout", "place_id", "place", "side", "class", "confidence", "area_km2"]
EDGE_COLUMNS = ["edge_id", "layout", "sides", "length_km"]
PART_COLUMNS = ["part_id", "layout", "side", "class", "km_from", "km_to", "length_km"]
_PAIR_BASE = 1 << 16  # pair code = lo * _PAIR_BASE + hi (label codes are small)
_SEP = "\x1f"


def runs(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
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


def pair_name(a: str, b: str, order: list[str]) -> str:
    """``"a|b"`` with the two sides in sides-table order."""
    rank = {s: i for i, s in enumerate(order)}
    x, y = sorted((a, b), key=lambda s: (rank.get(s, len(rank)), s))
    return f"{x}|{y}"


class Compactor:
    """Accumulates the compact rows of every layout run of a history.

    Parameters
    ----------
    engine, index
        The area engine and the route index (None: no route).
    day : callable
        Row number -> ISO date (the closing date past the last row).
    names : dict
        Metric layout coordinate -> (joined place ids, joined names).
    order : list of str
        Sides-table order.
    """

    def __init__(
        self,
        engine: AreaEngine,
        index: RouteIndex | None,
        day: Callable[[int], str],
        names: dict[tuple, tuple[str, str]],
        order: list[str],
    ) -> None:
        self.engine, self.index, self.day = engine, index, day
        self.names, self.order = names, order
        self.codes: dict[str, int] = {}
        self.real: list[bool] = []
        self.rows: dict[str, list[dict[str, Any]]] = {"cell": [], "edge": [], "part": []}
        self.geoms: dict[str, list[BaseGeometry]] = {"cell": [], "edge": [], "part": []}
        self.n = {"cell": 0, "edge": 0, "part": 0}
        self.unknown_code = self.code(UNKNOWN + _SEP + UNKNOWN + _SEP + "0")
        self.outside_code = self.code(OUTSIDE + _SEP + OUTSIDE + _SEP + "0")

    def code(self, label: str) -> int:
        """Integer code of a label (``side\\x1fclass\\x1fconfidence`` or a bare side)."""
        if label not in self.codes:
            self.codes[label] = len(self.codes)
            self.real.append(label.split(_SEP)[0] not in NON_SIDES)
        return self.codes[label]

    def _add(self, kind: str, row: dict[str, Any], geom: BaseGeometry) -> None:
        self.rows[kind].append(row)
        self.geoms[kind].append(geom)

    def empty_run(self, run: int, i0: int, i1: int) -> None:
        """A run of dates without any known place: all unknown."""
        self._unknown_cell(run, self.engine.aoi_m, i0, i1)
        if self.index is None:
            return
        lo, hi, where = self.index.intervals(None)
        for a, b, w in zip(lo, hi, where, strict=True):
            side = OUTSIDE if w == -2 else UNKNOWN
            self._part(run, self.n["part"], side, side, float(a), float(b), i0, i1)
            self.n["part"] += 1

    def _unknown_cell(self, run: int, area_m: BaseGeometry, i0: int, i1: int) -> None:
        """One unknown cell covering ``area_m`` (metres CRS) from date ``i0`` to ``i1``."""
        row = {
            "cell_id": self.n["cell"],
            "layout": run,
            "place_id": "",
            "place": "",
            "side": UNKNOWN,
            "class": UNKNOWN,
            "confidence": 0.0,
            "area_km2": area_m.area / 1e6,
            "valid_from": self.day(i0),
            "valid_to": self.day(i1),
        }
        self._add("cell", row, self.engine.proj.to_wgs84(area_m))
        self.n["cell"] += 1

    def layout_run(self, run: int, layout: Layout, labels: list[Labels], i0: int) -> None:
        """Pieces, edges and route parts of one layout over its consecutive dates."""
        n_dates = len(labels)
        # one factorisation over all dates (not a dict look-up per piece per date): code only
        # the distinct (side, class, confidence) labels
        side, side_u = pd.factorize(np.concatenate([lab.piece for lab in labels]))
        klass, klass_u = pd.factorize(np.concatenate([lab.klass for lab in labels]))
        cents = np.round(np.concatenate([lab.confidence for lab in labels]) * 100).astype(int)
        inverse, uniq = pd.factorize((side * len(klass_u) + klass) * 101 + cents)
        codes = np.array(
            [
                self.code(
                    f"{side_u[u // 101 // len(klass_u)]}{_SEP}"
                    f"{klass_u[u // 101 % len(klass_u)]}{_SEP}{u % 101 / 100:.2f}"
                )
                for u in uniq
            ]
        )
        pieces = codes[inverse].astype(np.int64).reshape(n_dates, len(layout.pieces))
        inverse, uniq_cell = pd.factorize(np.concatenate([lab.cell for lab in labels]))
        cell_codes = np.array([self.code(str(c)) for c in uniq_cell], dtype=np.int64)
        cells = cell_codes[inverse].reshape(n_dates, len(layout.xy))
        self._pieces(run, layout, pieces, i0)
        estimated = np.array([edge_estimated(layout, lab.conf) for lab in labels], dtype=bool)
        self._edges(run, layout, cells, estimated.reshape(len(labels), -1), i0)
        if self.index is not None:
            self._route(run, layout, pieces, i0)

    def _pieces(self, run: int, layout: Layout, matrix: np.ndarray, i0: int) -> None:
        label_of = {v: k for k, v in self.codes.items()}
        wgs = np.asarray(self.engine.proj.to_wgs84(layout.pieces), dtype=object)
        for it, v, a, b in zip(*runs(matrix), strict=True):
            side, klass, conf = label_of[int(v)].split(_SEP)
            cell = int(layout.piece_cell[it])
            pid, pname = self.names.get(tuple(layout.xy[cell]), ("", ""))
            row = {
                "cell_id": self.n["cell"] + int(it),
                "layout": run,
                "place_id": pid,
                "place": pname,
                "side": side,
                "class": klass,
                "confidence": float(conf),
                "area_km2": float(layout.piece_area[it] / 1e6),
                "valid_from": self.day(i0 + int(a)),
                "valid_to": self.day(i0 + int(b)),
            }
            self._add("cell", row, wgs[it])
        self.n["cell"] += len(layout.pieces)
        if not layout.unknown.is_empty:
            self._unknown_cell(run, layout.unknown, i0, i0 + matrix.shape[0])

    def _edges(
        self, run: int, layout: Layout, matrix: np.ndarray, estimated: np.ndarray, i0: int
    ) -> None:
        # an edge is a front while the two cells hold different real sides
        if not len(layout.edges):
            return
        is_real = np.array(self.real, dtype=bool)
        ca = matrix[:, layout.edge_pairs[:, 0]]
        cb = matrix[:, layout.edge_pairs[:, 1]]
        front = is_real[ca] & is_real[cb] & (ca != cb) & estimated
        pair = np.where(front, np.minimum(ca, cb) * _PAIR_BASE + np.maximum(ca, cb), -1)
        item, val, r0, r1 = runs(pair)
        on = val >= 0
        if on.any():
            label_of = {v: k for k, v in self.codes.items()}
            used = np.unique(item[on])
            ewgs = dict(
                zip(used.tolist(), self.engine.proj.to_wgs84(layout.edges[used]), strict=True)
            )
            elen = shapely.length(layout.edges) / 1000
            for it, v, a, b in zip(item[on], val[on], r0[on], r1[on], strict=True):
                sa, sb = label_of[int(v) // _PAIR_BASE], label_of[int(v) % _PAIR_BASE]
                row = {
                    "edge_id": self.n["edge"] + int(it),
                    "layout": run,
                    "sides": pair_name(sa, sb, self.order),
                    "length_km": float(elen[it]),
                    "valid_from": self.day(i0 + int(a)),
                    "valid_to": self.day(i0 + int(b)),
                }
                self._add("edge", row, ewgs[int(it)])
        self.n["edge"] += len(layout.edges)

    def _route(self, run: int, layout: Layout, matrix: np.ndarray, i0: int) -> None:
        # each stretch of the route inside one piece, labelled like the piece
        assert self.index is not None
        lo, hi, where = self.index.intervals(layout)
        pm = matrix[:, np.where(where >= 0, where, 0)]
        pm[:, where == -1] = self.unknown_code
        pm[:, where == -2] = self.outside_code
        label_of = {v: k for k, v in self.codes.items()}
        for it, v, a, b in zip(*runs(pm), strict=True):
            side, klass, _ = label_of[int(v)].split(_SEP)
            end = i0 + int(b)
            ka, kb = float(lo[it]), float(hi[it])
            self._part(run, self.n["part"] + int(it), side, klass, ka, kb, i0 + int(a), end)
        self.n["part"] += len(lo)

    def _part(
        self, run: int, pid: int, side: str, klass: str, ka: float, kb: float, i0: int, i1: int
    ) -> None:
        assert self.index is not None
        row = {
            "part_id": pid,
            "layout": run,
            "side": side,
            "class": klass,
            "km_from": ka,
            "km_to": kb,
            "length_km": kb - ka,
            "valid_from": self.day(i0),
            "valid_to": self.day(i1),
        }
        self._add("part", row, self.index.geometry(ka, kb))

    def frames(self) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
        """(cells, edges, route parts) GeoDataFrames (WGS84)."""
        tail = ["valid_from", "valid_to"]
        cols = {"cell": CELL_COLUMNS, "edge": EDGE_COLUMNS, "part": PART_COLUMNS}
        out = []
        for kind in ("cell", "edge", "part"):
            frame = pd.DataFrame(self.rows[kind], columns=[*cols[kind], *tail])
            geoms = self.geoms[kind]
            out.append(
                gpd.GeoDataFrame(
                    frame,
                    geometry=np.asarray(geoms, dtype=object) if geoms else [],
                    crs="EPSG:4326",
                )
            )
        return out[0], out[1], out[2]
