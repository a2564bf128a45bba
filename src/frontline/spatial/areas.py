"""Control areas and front lines from the places whose state is known on a date.

How areas are made
------------------
Each place with a known state (``held`` or ``besieged``: its holder; ``contested``: the
pseudo-side ``contested``) is the generator of a Voronoi cell (``shapely.voronoi_polygons``),
computed in a metric CRS (a UTM zone chosen from the area of interest; EPSG:32637 for NW
Syria). Cells are dissolved by side and clipped to the area of interest; parts farther than
``max_km`` from every known place are ``unknown``. Places with duplicate coordinates share a
cell (``contested`` when they disagree). Outputs are WGS84 with areas in km².

A front line is the shared boundary between the areas of two different sides (never with
``unknown``, ``contested`` or the edge of the area of interest), with its length in km.

Speed: Voronoi cells, the ``max_km`` clip and the cells' shared edges depend only on *where*
the known places are, not on who holds them, so :class:`AreaEngine` computes them once per set
of places and, on each date, only unions the cells of each side (``shapely.coverage_union_all``,
valid because Voronoi cells form an exact coverage) and picks the edges between sides.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from frontline._paths import data_path
from frontline._validate import check_geometry_coordinates
from frontline.errors import BadInputError, FrontlineError, UnknownPlaceError
from frontline.reference.gazetteer import resolve_name
from frontline.reference.normalize import fold
from frontline.reference.sides import Sides

UNKNOWN = "unknown"
CONTESTED = "contested"
OUTSIDE = "outside"
NON_SIDES = frozenset({UNKNOWN, CONTESTED, OUTSIDE, ""})
DEFAULT_ADMIN1_FILE = "syria_admin1_ne10m.geojson"


@lru_cache(maxsize=8)
def _read_aoi(path: str) -> BaseGeometry:
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BadInputError(f"cannot read area of interest: {exc}", path) from None
    polys = frame.geometry[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polys.empty:
        raise BadInputError("the area-of-interest file holds no Polygon", path)
    if frame.crs is not None and not frame.crs.equals(CRS.from_epsg(4326)):
        polys = polys.to_crs(4326)
    check_geometry_coordinates(polys.values, path, "area-of-interest")  # harden
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
    frame = gpd.read_file(src)
    keys: dict[str, int] = {}
    for col in ("name_en", "name", "name_alt", "iso_3166_2"):
        if col in frame.columns:
            for i, value in enumerate(frame[col]):
                for part in str(value or "").split("|"):
                    if part.strip():
                        keys.setdefault(fold(part), i)
    chosen = []
    for name in admin1:
        if fold(name) not in keys:
            known = ", ".join(sorted(str(v) for v in frame.get("name_en", frame.index)))
            raise BadInputError(f"unknown admin-1 division {name!r}; known: {known}", src)
        chosen.append(keys[fold(name)])
    return shapely.union_all(shapely.make_valid(frame.geometry.iloc[chosen].values))


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


@dataclass
class Layout:
    """Everything that depends only on where the known places are (metric CRS)."""

    xy: np.ndarray  # (n, 2) unique coordinates
    cells: np.ndarray  # Voronoi cell of each unique point (unclipped)
    clip: BaseGeometry  # AOI within max_km of a point
    unknown: BaseGeometry  # AOI farther than max_km from every point
    coverage: bool  # cells form a valid coverage (coverage_union_all usable)
    edge_pairs: np.ndarray  # (m, 2) indices of cells whose clipped shared edge is a line
    edges: np.ndarray  # clipped shared edges (LineString/MultiLineString)
    tree: shapely.STRtree | None
    union_cache: OrderedDict[tuple[str, bytes], BaseGeometry] = field(default_factory=OrderedDict)
    route_cache: dict[bytes, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=dict
    )


def known_points(control: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lon, lat and side label of the places whose state is known in a control table.

    ``held`` and ``besieged`` places are labelled with their holder, ``contested`` ones with
    ``"contested"``; ``unknown`` places and places without coordinates are left out.

    Returns
    -------
    tuple of arrays
        ``lon`` (deg), ``lat`` (deg), ``label`` (str).
    """
    if len(control) == 0:
        empty = np.zeros(0)
        return empty, empty, np.zeros(0, dtype=object)
    status = control["status"].astype(str).to_numpy()
    side = control["side"].fillna("").astype(str).to_numpy()
    lon = pd.to_numeric(control["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(control["lat"], errors="coerce").to_numpy(float)
    label = np.where(status == CONTESTED, CONTESTED, side).astype(object)
    ok = (
        np.isfinite(lon)
        & np.isfinite(lat)
        & (((status == "held") | (status == "besieged")) & (side != "") | (status == CONTESTED))
    )
    return lon[ok], lat[ok], label[ok]


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
        self, aoi: BaseGeometry | None = None, max_km: float = 10.0, crs: CRS | None = None
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
        uniq, inverse = np.unique(xy, axis=0, return_inverse=True)
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
            reach = shapely.union_all(shapely.buffer(pts, self.max_km * 1000, quad_segs=16))
            clip = shapely.intersection(self.aoi_m, reach)
            unknown = shapely.difference(self.aoi_m, reach)
        else:
            clip, unknown = self.aoi_m, shapely.Polygon()
        shapely.prepare(clip)
        coverage = bool(shapely.coverage_is_valid(shapely.GeometryCollection(list(cells))))
        tree = shapely.STRtree(cells)
        left, right = tree.query(cells, predicate="intersects")
        keep = left < right
        left, right = left[keep], right[keep]
        shared = shapely.intersection(shapely.boundary(cells[left]), shapely.boundary(cells[right]))
        shared = shapely.intersection(shared, clip)
        is_line = shapely.length(shared) > 0
        return Layout(
            xy=xy,
            cells=cells,
            clip=clip,
            unknown=unknown,
            coverage=coverage,
            edge_pairs=np.column_stack([left[is_line], right[is_line]]),
            edges=shared[is_line],
            tree=tree,
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

    def _side_union(self, layout: Layout, labels: np.ndarray, side: str) -> BaseGeometry:
        mask = labels == side
        key = (side, np.packbits(mask).tobytes())
        hit = layout.union_cache.get(key)
        if hit is not None:
            layout.union_cache.move_to_end(key)
            return hit
        cells = layout.cells[mask]
        merged = shapely.coverage_union_all(cells) if layout.coverage else shapely.union_all(cells)
        geom = shapely.intersection(merged, layout.clip)
        layout.union_cache[key] = geom
        if len(layout.union_cache) > 256:
            layout.union_cache.popitem(last=False)
        return geom

    # -- products (metric) --------------------------------------------------------------------

    def areas_metric(
        self, layout: Layout | None, labels: np.ndarray, order: Sequence[str] = ()
    ) -> list[tuple[str, BaseGeometry]]:
        """``(side, geometry)`` in the metric CRS for each label present, then ``unknown``."""
        if layout is None:
            return [(UNKNOWN, self.aoi_m)]
        present = [s for s in dict.fromkeys(labels) if s]
        ranked = [s for s in order if s in present] + sorted(
            s for s in present if s not in order and s != CONTESTED
        )
        if CONTESTED in present:
            ranked.append(CONTESTED)
        out = []
        for side in ranked:
            geom = self._side_union(layout, labels, side)
            if not geom.is_empty:
                out.append((side, geom))
        if not layout.unknown.is_empty:
            out.append((UNKNOWN, layout.unknown))
        return out

    def fronts_metric(
        self, layout: Layout | None, labels: np.ndarray, order: Sequence[str] = ()
    ) -> list[tuple[str, BaseGeometry]]:
        """``("a|b", lines)`` in the metric CRS for each pair of sides that share a boundary."""
        if layout is None or len(layout.edges) == 0:
            return []
        a = labels[layout.edge_pairs[:, 0]]
        b = labels[layout.edge_pairs[:, 1]]
        real_a = ~np.isin(a, list(NON_SIDES))
        real_b = ~np.isin(b, list(NON_SIDES))
        sel = (a != b) & real_a & real_b
        if not sel.any():
            return []
        rank = {s: i for i, s in enumerate(order)}
        a, b = a[sel], b[sel]
        names = sorted(set(a) | set(b), key=lambda s: (rank.get(s, len(rank)), s))
        code = {s: i for i, s in enumerate(names)}
        ca = np.array([code[s] for s in a])
        cb = np.array([code[s] for s in b])
        lo, hi = np.minimum(ca, cb), np.maximum(ca, cb)
        keys = lo * len(names) + hi
        pairs_arr = np.array(
            [f"{names[k // len(names)]}|{names[k % len(names)]}" for k in range(len(names) ** 2)],
            dtype=object,
        )[keys]
        pairs = list(pairs_arr)
        edges = layout.edges[sel]
        out = []
        for pair in sorted(
            set(pairs), key=lambda p: [rank.get(s, len(rank)) for s in p.split("|")]
        ):
            parts = shapely.get_parts(edges[pairs_arr == pair])
            parts = parts[shapely.get_type_id(parts) == 1]  # LineStrings only
            if len(parts):
                out.append((pair, shapely.line_merge(shapely.multilinestrings(parts))))
        return out

    # -- public-shaped outputs ----------------------------------------------------------------

    def areas(self, control: pd.DataFrame, sides: Sides | None = None) -> gpd.GeoDataFrame:
        """Control areas for a control table; see :func:`control_areas`."""
        layout, labels = self._labels(control)
        order = side_order(sides)
        return self._areas_frame(self.areas_metric(layout, labels, order))

    def _labels(self, control: pd.DataFrame) -> tuple[Layout | None, np.ndarray]:
        return self.labels_for(*known_points(control))

    def labels_for(
        self, lon: np.ndarray, lat: np.ndarray, lab: np.ndarray
    ) -> tuple[Layout | None, np.ndarray]:
        """Layout of the points and one label per unique point (see :meth:`unique_labels`)."""
        layout, inverse = self.layout_for(lon, lat)
        if layout is None:
            return None, np.zeros(0, dtype=object)
        return layout, self.unique_labels(layout, inverse, lab)

    def _areas_frame(self, items: list[tuple[str, BaseGeometry]]) -> gpd.GeoDataFrame:
        geoms = np.array([g for _, g in items], dtype=object)
        return gpd.GeoDataFrame(
            {
                "side": [s for s, _ in items],
                "area_km2": shapely.area(geoms) / 1e6 if len(geoms) else [],
            },
            geometry=self.proj.to_wgs84(geoms) if len(geoms) else [],
            crs="EPSG:4326",
        )

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


def side_order(sides: Sides | None) -> list[str]:
    try:
        return (sides if sides is not None else Sides.load()).keys
    except (FrontlineError, FileNotFoundError):
        return []


@lru_cache(maxsize=4)
def _default_engine(max_km: float) -> AreaEngine:
    return AreaEngine(None, max_km)


def engine_for(aoi: BaseGeometry | None = None, max_km: float = 10.0) -> AreaEngine:
    """An :class:`AreaEngine` (shared and cached for the default area of interest)."""
    if aoi is None:
        return _default_engine(float(max_km))
    return AreaEngine(aoi, max_km)


def control_areas(
    control: pd.DataFrame,
    aoi: BaseGeometry | None = None,
    max_km: float = 10.0,
    *,
    sides: Sides | None = None,
) -> gpd.GeoDataFrame:
    """Areas held by each side on one date (Voronoi cells of known places, dissolved by side).

    Parameters
    ----------
    control : DataFrame
        A control table (:meth:`ControlTimeline.control_at`): ``side, status, lat, lon``.
    aoi : shapely geometry, optional
        Area of interest (WGS84); default :func:`area_of_interest`.
    max_km : float
        Parts farther than ``max_km`` km from every known place are ``unknown``.
    sides : Sides, optional
        Orders the rows (default the shipped sides table).

    Returns
    -------
    GeoDataFrame
        ``side, area_km2, geometry`` (WGS84), one row per side with area, then ``contested``
        and ``unknown`` when present. Areas in km², computed in the metric CRS. Never fails on
        0, 1 or 2 places, collinear or duplicate coordinates.
    """
    return engine_for(aoi, max_km).areas(control, sides)


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
            shared = shapely.intersection(shapely.boundary(geoms[i]), shapely.boundary(geoms[j]))
            parts = shapely.get_parts(shared)
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
    gazetteer: Any = None,
    *,
    aoi: BaseGeometry | None = None,
    max_km: float = 10.0,
) -> float:
    """Distance from a place to the nearest front line on ``date``.

    Parameters
    ----------
    timeline : ControlTimeline
    place : str or (lon, lat)
        A place of the timeline, a gazetteer name, or WGS84 coordinates.
    date : str or date
        ISO date within the data.
    gazetteer : Gazetteer, optional
        Looks up places the timeline does not know.

    Returns
    -------
    float
        Kilometres (metric CRS); ``inf`` when there is no front line on that date.

    Raises
    ------
    FrontlineError
        For an unknown place or a date outside the data.
    """
    lon, lat = resolve_point(place, timeline=timeline, gazetteer=gazetteer)
    engine = engine_for(aoi, max_km)
    control = timeline.control_at(date)
    layout, labels = engine._labels(control)
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
    gazetteer: Any = None,
    extra: dict[str, tuple[float, float]] | None = None,
) -> tuple[float, float]:
    """(lon, lat) of ``place``: coordinates as given, else ``extra`` names (e.g. route
    waypoints), the timeline's places, then the gazetteer.

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
    if gazetteer is not None:
        match = resolve_name(gazetteer, place)
        if match is not None:
            return match.lon, match.lat
    raise UnknownPlaceError(f"unknown place {place!r}")


def iter_parts(geoms: Iterable[BaseGeometry]) -> np.ndarray:
    """All single-part geometries of ``geoms``."""
    return shapely.get_parts(np.asarray(list(geoms), dtype=object))
