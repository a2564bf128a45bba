"""Control areas and front lines over the whole area of interest, with a confidence class.

How areas are made
------------------
Each place with a known state (``held`` or ``besieged``: its holder; ``contested``: the
pseudo-side ``contested``) is the generator of a Voronoi cell (``shapely.voronoi_polygons``),
computed in a metric CRS (a UTM zone chosen from the area of interest; EPSG:32637 for NW
Syria): every point takes the side of the nearest known place. Each cell is cut into distance
bands around its place and each piece gets a confidence (the lower of the place's state
confidence and the measured accuracy at that distance, :mod:`frontline.spatial.confidence`)
and a class (``reported``, ``inferred``; ``unknown`` below the lowest threshold). Parts farther than
``max_km`` (default :data:`DEFAULT_MAX_KM`, the last band) from every known place have no
estimate and are ``unknown``. Places with duplicate coordinates share a cell (``contested``
when they disagree). Outputs are WGS84 with areas in km².

A front line is the shared boundary between the cells of two different sides (never with
``unknown``, ``contested`` or the edge of the area of interest), with its length in km.

Speed: Voronoi cells, their band pieces, the ``max_km`` clip and the cells' shared edges depend
only on *where* the known places are, not on who holds them, so :class:`AreaEngine` computes
them once per set of places and, on each date, only unions the pieces of each side and class
(the cells wholly in one group with ``shapely.coverage_union_all``, valid because Voronoi
cells form an exact coverage, then the few band pieces of the other cells) and picks the edges
between sides.
"""

from __future__ import annotations

import contextlib
import math
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from frontline.errors import BadInputError, FrontlineError
from frontline.reference.sides import Sides
from frontline.spatial._unions import BLOCK_CELLS, clipped_union, interior_cells
from frontline.spatial.aoi import Projector, admin_area, area_of_interest, metric_crs
from frontline.spatial.confidence import (
    BAND_KM,
    CLASS_MIN,
    QUAD_SEGS,
    REGION_CONFIDENCE,
    REGION_MIN_KM,
    band_confidence,
    band_pieces,
    classify,
)
from frontline.spatial.labels import CONTESTED, Labels, Layout, known_points

__all__ = [
    "BLOCK_CELLS",
    "CONTESTED",
    "DEFAULT_MAX_KM",
    "NON_SIDES",
    "OUTSIDE",
    "UNKNOWN",
    "AreaEngine",
    "Labels",
    "Layout",
    "Projector",
    "area_of_interest",
    "control_areas",
    "engine_for",
    "known_points",
    "metric_crs",
    "side_order",
]

UNKNOWN = "unknown"
OUTSIDE = "outside"
NON_SIDES = frozenset({UNKNOWN, CONTESTED, OUTSIDE, ""})
#: Default outer limit (km) of any estimate: the last confidence band.
DEFAULT_MAX_KM = BAND_KM[-1]


class AreaEngine:
    """Builds control areas, front lines and route segments, caching per set of places.

    Parameters
    ----------
    aoi : shapely geometry, optional
        Area of interest (WGS84); default :func:`area_of_interest`.
    max_km : float
        Parts farther than this from every known place are ``unknown`` (km; ``inf`` = none).
    crs : pyproj.CRS, optional
        Metric CRS; default the UTM zone of the area of interest.
    """

    def __init__(
        self,
        aoi: BaseGeometry | None = None,
        max_km: float = DEFAULT_MAX_KM,
        crs: CRS | None = None,
    ) -> None:
        if max_km is None or not max_km > 0:
            raise BadInputError(f"max_km must be a positive number of km, not {max_km!r}")
        self.aoi = aoi if aoi is not None else area_of_interest()
        if self.aoi.is_empty:
            raise BadInputError("the area of interest is empty")
        self.max_km = float(max_km)
        self.proj = Projector(crs if crs is not None else metric_crs(self.aoi))
        self.aoi_m = shapely.make_valid(self.proj.to_metric(self.aoi))
        shapely.prepare(self.aoi_m)
        self._layouts: OrderedDict[bytes, Layout] = OrderedDict()
        self._regions: dict[str, BaseGeometry | None] = {}

    # -- layout -------------------------------------------------------------------------------

    def layout_for(self, lon: np.ndarray, lat: np.ndarray) -> tuple[Layout | None, np.ndarray]:
        """The cached :class:`Layout` of these points and each point's index into it.

        Returns ``(None, empty)`` when there are no points.
        """
        if len(lon) == 0:
            return None, np.zeros(0, dtype=int)
        x, y = self.proj.xy(lon, lat)
        # 1 m grid: reports of one place with coordinates that differ in the 7th decimal are
        # the same point, and voronoi_polygons rejects duplicate coordinates.
        xy = np.round(np.column_stack([x, y]), 0)
        # unique rows by one int64 code per point (lexicographic in x, then y, like
        # np.unique(axis=0), which sorts a structured view and is ~10x slower)
        xi = xy[:, 0].astype(np.int64) - np.int64(xy[:, 0].min())
        yi = xy[:, 1].astype(np.int64) - np.int64(xy[:, 1].min())
        _, first, inverse = np.unique(
            xi * (yi.max() + 1) + yi, return_index=True, return_inverse=True
        )
        uniq = xy[first]
        key = uniq.tobytes()
        layout = self._layouts.get(key)
        if layout is None:
            layout = self._build_layout(uniq)
            self._layouts[key] = layout
            if len(self._layouts) > 16:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(key)
        return layout, inverse.reshape(-1)

    def _build_layout(self, xy: np.ndarray) -> Layout:
        pts = shapely.points(xy)
        x0, y0, x1, y1 = self.aoi_m.bounds
        pad = 2 * self.max_km * 1000 if math.isfinite(self.max_km) else 1e5
        frame = shapely.box(
            min(x0, xy[:, 0].min()) - pad,
            min(y0, xy[:, 1].min()) - pad,
            max(x1, xy[:, 0].max()) + pad,
            max(y1, xy[:, 1].max()) + pad,
        )
        if len(xy) == 1:
            cells = np.array([frame], dtype=object)
        else:
            try:
                vor = shapely.voronoi_polygons(
                    shapely.multipoints(pts), extend_to=frame, ordered=True
                )
                cells = np.asarray(shapely.get_parts(vor), dtype=object)
            except shapely.errors.GEOSException:
                cells = np.zeros(0, dtype=object)
            if len(cells) != len(xy):
                cells = self._nearest_cells(xy, frame)
        if math.isfinite(self.max_km):
            reach = shapely.union_all(shapely.buffer(pts, self.max_km * 1000, quad_segs=QUAD_SEGS))
            clip = shapely.intersection(self.aoi_m, reach)
            unknown = shapely.difference(self.aoi_m, reach)
        else:
            clip, unknown = self.aoi_m, shapely.Polygon()
        shapely.prepare(clip)
        clipped = shapely.intersection(cells, clip)
        pieces, piece_cell, piece_band = band_pieces(xy, clipped, self.max_km)
        coverage = bool(shapely.coverage_is_valid(shapely.GeometryCollection(list(cells))))
        # Clipping each cell once here instead of each side's union on every date (the
        # costliest step of a long history) is exact only if the clipped cells still share
        # their edges vertex for vertex: checked, else the union is clipped per date.
        filled = clipped[~shapely.is_empty(clipped)]
        clipped_ok = coverage and bool(
            shapely.coverage_is_valid(shapely.GeometryCollection(list(filled)))
        )
        left, right = shapely.STRtree(cells).query(cells, predicate="intersects")
        keep = left < right
        left, right = left[keep], right[keep]
        shared = shapely.intersection(shapely.boundary(cells[left]), shapely.boundary(cells[right]))
        shared = shapely.intersection(shared, clip)
        is_line = shapely.length(shared) > 0
        left, right, shared = left[is_line], right[is_line], shared[is_line]
        # edges cut into the distance bands too, so a front is drawn only where both sides'
        # estimates are above the unknown class
        edges, which, edge_band = band_pieces(xy[left], shared, self.max_km, lines=True)
        return Layout(
            xy=xy,
            cells=cells,
            clip=clip,
            unknown=unknown,
            coverage=coverage,
            edge_pairs=np.column_stack([left[which], right[which]]),
            edges=edges,
            edge_band=edge_band,
            tree=shapely.STRtree(pieces),
            pieces=pieces,
            piece_cell=piece_cell,
            piece_band=piece_band,
            piece_area=shapely.area(pieces),
            clipped=clipped if clipped_ok else None,
        )

    @staticmethod
    def _nearest_cells(xy: np.ndarray, frame: BaseGeometry) -> np.ndarray:
        # Fallback for inputs GEOS cannot triangulate: half-plane intersection per point.
        # Quadratic, but only reached for a handful of degenerate points.
        cells = []
        x0, y0, x1, y1 = frame.bounds
        big = 4 * max(x1 - x0, y1 - y0)
        for i, p in enumerate(xy):
            cell = frame
            for j, q in enumerate(xy):
                if i == j:
                    continue
                mid = (p + q) / 2
                d = q - p
                n = d / np.hypot(*d)
                t = np.array([-n[1], n[0]])
                half = shapely.Polygon(
                    [mid + t * big, mid + t * big - n * big, mid - t * big - n * big, mid - t * big]
                )
                cell = cell.intersection(half)
            cells.append(cell)
        return np.asarray(cells, dtype=object)

    # -- labels -------------------------------------------------------------------------------

    @staticmethod
    def unique_labels(layout: Layout, inverse: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """One label per unique point: the common label, or ``contested`` if they differ."""
        out = np.full(len(layout.xy), "", dtype=object)
        out[inverse] = labels
        if len(inverse) != len(layout.xy):  # some points share coordinates
            counts = np.bincount(inverse, minlength=len(layout.xy))
            for idx in np.flatnonzero(counts > 1):
                if len(set(labels[inverse == idx])) > 1:
                    out[idx] = CONTESTED
        return out

    def label_pieces(
        self,
        layout: Layout,
        cell: np.ndarray,
        conf: np.ndarray,
        regions: Sequence[tuple[str, str]] = (),
    ) -> Labels:
        """Per-piece side, class and confidence from per-place labels and confidences.

        ``regions`` are region-level assertions ``(side, admin-1 name)``: a piece whose
        representative point lies in the region and that is farther than
        :data:`~frontline.spatial.confidence.REGION_MIN_KM` from every known place (or whose
        estimate is below the ``inferred`` class) takes the region's side with
        :data:`~frontline.spatial.confidence.REGION_CONFIDENCE` (point evidence wins near it),
        unless all the cells around its place's cell hold that place's side (the piece is
        inside a side's territory: point evidence wins there too). Unknown names are ignored.
        """
        confidence = band_confidence(conf[layout.piece_cell], layout.piece_band)
        far = layout.piece_band >= sum(1 for r in BAND_KM if r <= REGION_MIN_KM)
        side = cell[layout.piece_cell].astype(object)
        if regions and len(layout.pieces):
            # a cell whose neighbours all hold its side lies inside that side's territory,
            # not at its edge: there the point evidence wins over a region assertion
            weak = (far | (confidence < CLASS_MIN["inferred"])) & ~interior_cells(layout, cell)[
                layout.piece_cell
            ]
            reps = shapely.point_on_surface(layout.pieces)
        for region_side, name in regions:
            poly = self.region_metric(name)
            if poly is None or not len(layout.pieces):
                continue
            take = weak & shapely.contains(poly, reps)
            side[take] = region_side
            confidence[take] = REGION_CONFIDENCE
        klass = classify(confidence)
        piece = np.where(klass == UNKNOWN, UNKNOWN, side).astype(object)
        piece[piece == ""] = UNKNOWN
        return Labels(cell, conf, piece, klass, confidence)

    def region_metric(self, name: str) -> BaseGeometry | None:
        """The admin-1 division ``name`` in the metric CRS (cached), or None if unknown."""
        if name not in self._regions:
            geom = admin_area(name)
            self._regions[name] = None if geom is None else self.proj.to_metric(geom)
            if self._regions[name] is not None:
                shapely.prepare(self._regions[name])
        return self._regions[name]

    def _group_union(self, layout: Layout, mask: np.ndarray, tag: str) -> BaseGeometry:
        """Union of the pieces in ``mask``: cells whose pieces are all in it are unioned as
        whole (unclipped) cells, as a coverage, and clipped once; other pieces are added."""
        key = (tag, np.packbits(mask).tobytes())
        hit = layout.union_cache.get(key)
        if hit is not None:
            layout.union_cache.move_to_end(key)
            return hit
        n = len(layout.xy)
        total = np.bincount(layout.piece_cell, minlength=n)
        inside = np.bincount(layout.piece_cell[mask], minlength=n)
        whole = (inside == total) & (total > 0)
        rest = layout.pieces[mask & ~whole[layout.piece_cell]]
        geom = shapely.Polygon()
        if whole.any() and layout.clipped is not None:
            with contextlib.suppress(shapely.errors.GEOSException):
                geom = clipped_union(layout, layout.clipped, whole)
            if geom.is_empty:  # an exception, or nothing inside the clip: the general path
                geom = shapely.intersection(shapely.union_all(layout.cells[whole]), layout.clip)
        elif whole.any():
            cells = layout.cells[whole]
            merged = None
            if layout.coverage:
                with contextlib.suppress(shapely.errors.GEOSException):
                    merged = shapely.coverage_union_all(cells)
            if merged is None:
                merged = shapely.union_all(cells)
            geom = shapely.intersection(merged, layout.clip)
        if len(rest):
            geom = shapely.union_all([geom, *rest])
        layout.union_cache[key] = geom
        if len(layout.union_cache) > 256:
            layout.union_cache.popitem(last=False)
        return geom

    # -- products (metric) --------------------------------------------------------------------

    def areas_metric(
        self,
        layout: Layout | None,
        labels: Labels | None,
        order: Sequence[str] = (),
        *,
        by_class: bool = False,
        sides_only: bool = False,
    ) -> list[tuple[str, str, BaseGeometry, float]]:
        """``(side, class, geometry, confidence)`` in the metric CRS for each side (and class
        with ``by_class``; else class "") present, then ``unknown`` (left out with
        ``sides_only``). The confidence is the area-weighted mean of the pieces (0 for
        ``unknown``)."""
        if layout is None or labels is None:
            return [(UNKNOWN, UNKNOWN if by_class else "", self.aoi_m, 0.0)]
        present = [s for s in dict.fromkeys(labels.piece) if s and s != UNKNOWN]
        ranked = [s for s in order if s in present] + sorted(
            s for s in present if s not in order and s != CONTESTED
        )
        if CONTESTED in present:
            ranked.append(CONTESTED)
        classes = [k for k in ("reported", "inferred") if k in set(labels.klass)]
        groups = (
            [(s, k) for s in ranked for k in classes] if by_class else [(s, "") for s in ranked]
        )
        area = layout.piece_area
        out = []
        for side, klass in groups:
            mask = labels.piece == side
            if klass:
                mask &= labels.klass == klass
            if not mask.any():
                continue
            geom = self._group_union(layout, mask, f"{side}\x1f{klass}")
            conf = float(np.average(labels.confidence[mask], weights=area[mask] + 1e-9))
            if not geom.is_empty:
                out.append((side, klass, geom, round(conf, 3)))
        if sides_only:
            return out
        unknown = labels.piece == UNKNOWN
        if unknown.any():
            geom = shapely.union_all([layout.unknown, self._group_union(layout, unknown, "?")])
        else:
            geom = layout.unknown
        if not geom.is_empty:
            out.append((UNKNOWN, UNKNOWN if by_class else "", geom, 0.0))
        return out

    def fronts_metric(
        self, layout: Layout | None, labels: Labels | None, order: Sequence[str] = ()
    ) -> list[tuple[str, BaseGeometry]]:
        """``("a|b", lines)`` in the metric CRS for each pair of sides that share a boundary."""
        if layout is None or labels is None or len(layout.edges) == 0:
            return []
        a = labels.cell[layout.edge_pairs[:, 0]]
        b = labels.cell[layout.edge_pairs[:, 1]]
        real_a = ~np.isin(a, list(NON_SIDES))
        real_b = ~np.isin(b, list(NON_SIDES))
        sel = (a != b) & real_a & real_b & edge_estimated(layout, labels.conf)
        if not sel.any():
            return []
        rank = {s: i for i, s in enumerate(order)}
        a, b = a[sel], b[sel]
        names = sorted(set(a) | set(b), key=lambda s: (rank.get(s, len(rank)), s))
        code = {s: i for i, s in enumerate(names)}
        ca = np.array([code[s] for s in a])
        cb = np.array([code[s] for s in b])
        keys = np.full(len(sel), -1)
        keys[sel] = np.minimum(ca, cb) * len(names) + np.maximum(ca, cb)
        parts, owner = self._edge_parts(layout)
        part_key = keys[owner]
        out = []
        # names are in side order, so key order is the order of the pairs
        for key in np.unique(keys[sel]):
            mine = parts[part_key == key]
            if len(mine):
                pair = f"{names[key // len(names)]}|{names[key % len(names)]}"
                out.append((pair, shapely.line_merge(shapely.multilinestrings(mine))))
        return out

    @staticmethod
    def _edge_parts(layout: Layout) -> tuple[np.ndarray, np.ndarray]:
        """The LineString parts of the layout's edges and the edge of each (cached)."""
        if layout.edge_parts is None:
            parts, owner = shapely.get_parts(layout.edges, return_index=True)
            line = shapely.get_type_id(parts) == 1  # LineStrings only
            layout.edge_parts = (parts[line], owner[line])
        return layout.edge_parts

    # -- public-shaped outputs ----------------------------------------------------------------

    def areas(
        self,
        control: pd.DataFrame,
        sides: Sides | None = None,
        *,
        by_class: bool = False,
        regions: Sequence[tuple[str, str]] = (),
    ) -> gpd.GeoDataFrame:
        """Control areas for a control table; see :func:`control_areas`."""
        layout, labels = self.labels_of(control, regions)
        order = side_order(sides)
        return self.areas_frame(self.areas_metric(layout, labels, order, by_class=by_class))

    def labels_of(
        self, control: pd.DataFrame, regions: Sequence[tuple[str, str]] = ()
    ) -> tuple[Layout | None, Labels | None]:
        """Layout and labels of the known places of a control table (and region assertions
        ``(side, admin-1 name)``, see :meth:`label_pieces`)."""
        return self.labels_for(*known_points(control), regions=regions)

    def labels_for(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        lab: np.ndarray,
        conf: np.ndarray | None = None,
        besieger: np.ndarray | None = None,
        *,
        regions: Sequence[tuple[str, str]] = (),
    ) -> tuple[Layout | None, Labels | None]:
        """Layout of the points and their :class:`Labels` (one label per unique point, see
        :meth:`unique_labels`; the lowest confidence of points sharing coordinates)."""
        layout, inverse = self.layout_for(lon, lat)
        if layout is None:
            return None, None
        cell = self.unique_labels(layout, inverse, lab)
        per_point = np.ones(len(lab)) if conf is None else np.asarray(conf, dtype=float)
        uconf = np.ones(len(layout.xy))
        np.minimum.at(uconf, inverse, per_point)
        labels = self.label_pieces(layout, cell, uconf, regions)
        if besieger is not None and len(besieger):
            by = np.full(len(layout.xy), "", dtype=object)
            by[inverse] = besieger
            labels = Labels(
                labels.cell, labels.conf, labels.piece, labels.klass, labels.confidence, by
            )
        return layout, labels

    def areas_frame(self, items: list[tuple[str, str, BaseGeometry, float]]) -> gpd.GeoDataFrame:
        """WGS84 area frame (``side, class, confidence, area_km2, geometry``) from metric items;
        without classes (all "") the ``class`` column is left out."""
        geoms = np.array([it[2] for it in items], dtype=object)
        data: dict[str, Any] = {"side": [it[0] for it in items]}
        if any(it[1] for it in items):
            data["class"] = [it[1] for it in items]
        data["confidence"] = [it[3] for it in items]
        data["area_km2"] = shapely.area(geoms) / 1e6 if len(geoms) else []
        wgs = np.asarray(self.proj.to_wgs84(geoms), dtype=object) if len(geoms) else geoms
        if len(wgs):
            # reprojection can make nearly touching rings of a valid polygon cross: repair
            # (exports repair every geometry anyway, in frontline.output.export)
            bad = ~shapely.is_valid(wgs)
            wgs[bad] = shapely.make_valid(wgs[bad])
        return gpd.GeoDataFrame(data, geometry=list(wgs) if len(wgs) else [], crs="EPSG:4326")

    def fronts_frame(self, items: list[tuple[str, BaseGeometry]]) -> gpd.GeoDataFrame:
        """WGS84 front-line frame (``sides, length_km, geometry``) from metric items."""
        geoms = np.array([g for _, g in items], dtype=object)
        return gpd.GeoDataFrame(
            {
                "sides": [s for s, _ in items],
                "length_km": shapely.length(geoms) / 1000 if len(geoms) else [],
            },
            geometry=self.proj.to_wgs84(geoms) if len(geoms) else [],
            crs="EPSG:4326",
        )


def edge_estimated(layout: Layout, conf: np.ndarray) -> np.ndarray:
    """Per edge piece: both cells' estimates there are above the ``unknown`` class."""
    floor = CLASS_MIN["inferred"]  # the lowest confidence not drawn as unknown
    ok_a = band_confidence(conf[layout.edge_pairs[:, 0]], layout.edge_band) >= floor
    ok_b = band_confidence(conf[layout.edge_pairs[:, 1]], layout.edge_band) >= floor
    return np.asarray(ok_a & ok_b, dtype=bool)


def side_order(sides: Sides | None) -> list[str]:
    try:
        return (sides if sides is not None else Sides.load()).keys
    except (FrontlineError, FileNotFoundError):
        return []


@lru_cache(maxsize=4)
def _default_engine(max_km: float) -> AreaEngine:
    return AreaEngine(None, max_km)


def engine_for(aoi: BaseGeometry | None = None, max_km: float = DEFAULT_MAX_KM) -> AreaEngine:
    """An :class:`AreaEngine` (shared and cached for the default area of interest)."""
    if aoi is None:
        return _default_engine(float(max_km))
    return AreaEngine(aoi, max_km)


def control_areas(
    control: pd.DataFrame,
    aoi: BaseGeometry | None = None,
    max_km: float = DEFAULT_MAX_KM,
    *,
    sides: Sides | None = None,
    by_class: bool = False,
) -> gpd.GeoDataFrame:
    """Areas held by each side on one date (Voronoi cells of known places, dissolved by side).

    Parameters
    ----------
    control : DataFrame
        A control table (:meth:`ControlTimeline.control_at`): ``side, status, lat, lon``.
    aoi : shapely geometry, optional
        Area of interest (WGS84); default :func:`area_of_interest`.
    max_km : float
        No estimate farther than ``max_km`` km from every known place (``unknown``).
    sides : Sides, optional
        Orders the rows (default the shipped sides table).
    by_class : bool
        One row per side and confidence class (``reported``, ``inferred``) instead of one
        per side.

    Returns
    -------
    GeoDataFrame
        ``side, [class,] confidence, area_km2, geometry`` (WGS84), one row per side (and
        class) with area, then ``contested`` and ``unknown`` (no estimate, or confidence below
        the ``inferred`` class) when present. ``confidence`` (0-1) is the area-weighted mean.
        Areas in km², computed in the metric CRS. Never fails on 0, 1 or 2 places, collinear
        or duplicate coordinates.
    """
    return engine_for(aoi, max_km).areas(control, sides, by_class=by_class)


def __getattr__(name: str) -> Any:
    # front_lines, distance_to_front and resolve_point moved to frontline.spatial.fronts
    # (which imports this module); older imports from here keep working.
    if name in ("front_lines", "distance_to_front", "resolve_point"):
        from frontline.spatial import fronts

        return getattr(fronts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
