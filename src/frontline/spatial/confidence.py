"""How sure the map is of each point: the territory confidence model.

Every point of the area of interest takes the side of the nearest place with a known state on
that date (its Voronoi cell), with a confidence

    confidence = min(state confidence (0-1, :class:`~frontline.control.ControlTimeline`),
                     measured accuracy of a nearest-place estimate at that distance)

The estimate is no surer than its evidence, nor than the leave-one-out accuracy at that
distance: :data:`BAND_ACCURACY` per distance band :data:`BAND_KM`, fitted on the curated layer
(:func:`frontline.spatial.validate.fit_band_accuracy`, ``python -m benchmarks control``).
Points farther than the last band edge (or ``max_km``) from every known place have no estimate
(confidence 0). The confidence is grouped into :data:`CLASSES`: ``reported`` (>=
:data:`CLASS_MIN` ``["reported"]``), ``inferred`` (>= ``["inferred"]``) and ``unknown``
(below: drawn and counted as unknown).

Region-level assertions (a ``held`` event whose place is an admin-1 division, e.g. "rebel-held
Idlib province") give the pieces of the division (by their representative point) farther than
:data:`REGION_MIN_KM` from every known place that side with :data:`REGION_CONFIDENCE`, except
inside territory enclosed by one side's places
(:meth:`frontline.spatial.areas.AreaEngine.label_pieces`): point evidence wins near it.
"""

from __future__ import annotations

import numpy as np
import shapely

__all__ = [
    "BAND_ACCURACY",
    "BAND_KM",
    "CLASSES",
    "CLASS_MIN",
    "PRIOR_BAND_ACCURACY",
    "PRIOR_WEIGHT",
    "QUAD_SEGS",
    "REGION_CONFIDENCE",
    "REGION_MIN_KM",
    "band_of",
    "band_pieces",
    "classify",
    "point_confidence",
]

#: Outer edges (km) of the distance bands from the nearest known place.
BAND_KM = (5.0, 10.0, 20.0, 40.0)
#: Prior accuracy per band, before any measurement (the values used until issue 14's
#: calibration); the fit below shrinks each band's measured accuracy towards it.
PRIOR_BAND_ACCURACY = (0.9, 0.75, 0.6, 0.5)
#: Weight of the prior in the fit, in pseudo-cases per band.
PRIOR_WEIGHT = 4.0
#: Accuracy of the nearest-place estimate per band (0-5, 5-10, 10-20, 20-40 km), FITTED by
#: :func:`frontline.spatial.validate.fit_band_accuracy` on the leave-one-out of the curated
#: layer ``data/events/nw_syria_2019_2020.csv`` (sample "+first events": 89 cases, 73 at
#: 0-5 km, 16 at 5-10 km, none beyond): per band (correct + PRIOR_WEIGHT x prior) / (n +
#: PRIOR_WEIGHT), then made non-increasing with distance (running minimum), rounded to 2
#: decimals. Beyond 10 km there is no case: those bands carry the 5-10 km value (the running
#: minimum), not a measurement. Refit with ``python -m benchmarks control`` (it prints the
#: fitted table next to this one, and the 2-fold cross-validation by place).
BAND_ACCURACY = (0.62, 0.5, 0.5, 0.5)
#: Territory confidence classes, most certain first.
CLASSES = ("reported", "inferred", "unknown")
#: Lowest confidence of each class (below the last: ``unknown``). With the fitted
#: :data:`BAND_ACCURACY`, ``reported`` is 0-5 km from a place whose state is sure (>= 0.6),
#: ``inferred`` is farther (right about half the time at the front), ``unknown`` rests on a
#: state less sure than even odds.
CLASS_MIN = {"reported": 0.6, "inferred": 0.5}
#: Segments per quarter circle of the band rings and of the max_km reach (one value for both,
#: so the last ring and the reach share their vertices).
QUAD_SEGS = 16
#: Confidence of a region-level ``held`` assertion (lower spatial precision than a place; a
#: prior, not measured: the curated layer has no region-level rows). Class ``inferred``.
REGION_CONFIDENCE = 0.5
#: A region-level assertion holds only on pieces farther than this (km) from every known
#: place (the first two bands), or whose point estimate is below the ``inferred`` class.
REGION_MIN_KM = 10.0


def band_of(distance_km: np.ndarray, max_km: float = BAND_KM[-1]) -> np.ndarray:
    """Band index of each distance (km); ``-1`` beyond the last band or ``max_km``."""
    d = np.asarray(distance_km, dtype=float)
    band = np.searchsorted(np.asarray(BAND_KM), d, side="left")
    return np.where((band >= len(BAND_KM)) | (d > max_km) | ~np.isfinite(d), -1, band)


def point_confidence(
    state_confidence: np.ndarray,
    distance_km: np.ndarray,
    max_km: float = BAND_KM[-1],
    accuracy: tuple[float, ...] = BAND_ACCURACY,
) -> np.ndarray:
    """Confidence (0-1) of a side estimate from a place at ``distance_km`` (km): the lower of
    the place's state confidence and the band's accuracy (``accuracy``, one per band)."""
    band = band_of(distance_km, max_km)
    acc = np.asarray(accuracy, dtype=float)
    return np.where(
        band >= 0, np.minimum(np.asarray(state_confidence, float), acc[np.maximum(band, 0)]), 0.0
    )


def classify(confidence: np.ndarray) -> np.ndarray:
    """Class name (:data:`CLASSES`) of each confidence."""
    c = np.asarray(confidence, dtype=float)
    # index into (unknown, inferred, reported): one pass, no object-array fill per class
    rank = (c >= CLASS_MIN["inferred"]).astype(np.intp) + (c >= CLASS_MIN["reported"])
    return _BY_RANK[rank]


_BY_RANK = np.array([CLASSES[2], CLASSES[1], CLASSES[0]], dtype=object)


def band_pieces(
    xy: np.ndarray, cells: np.ndarray, max_km: float, *, lines: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split each (clipped) cell into its distance bands around its place (metric CRS, m).

    Only cells reaching past a band edge are cut, so dense places cost one piece each. With
    ``lines``, ``cells`` are lines (e.g. cell edges, cut around ``xy``, one point per line).

    Returns
    -------
    (pieces, cell index, band index)
        Non-empty polygonal pieces; together they cover the cells.
    """
    edges = [r for r in BAND_KM if r < max_km] + [max_km]
    pts = shapely.points(xy)
    reach = shapely.hausdorff_distance(pts, cells) / 1000  # farthest vertex of each cell, km
    reach = np.where(np.isfinite(reach), reach, np.inf)
    pieces, cell_idx, band_idx = [], [], []
    inner = np.zeros(len(cells))
    for k, r in enumerate(edges):
        todo = np.flatnonzero((reach > inner) & ~shapely.is_empty(cells))
        if not len(todo):
            break
        whole = todo[reach[todo] <= r]
        cut = todo[reach[todo] > r]
        part = cells[whole]
        if k > 0 and len(whole):
            part = shapely.difference(
                part, shapely.buffer(pts[whole], edges[k - 1] * 1000, quad_segs=QUAD_SEGS)
            )
        pieces.append(part)
        cell_idx.append(whole)
        band_idx.append(np.full(len(whole), k))
        if len(cut):
            ring = shapely.buffer(pts[cut], r * 1000, quad_segs=QUAD_SEGS)
            if k > 0:
                ring = shapely.difference(
                    ring, shapely.buffer(pts[cut], edges[k - 1] * 1000, quad_segs=QUAD_SEGS)
                )
            pieces.append(shapely.intersection(cells[cut], ring))
            cell_idx.append(cut)
            band_idx.append(np.full(len(cut), k))
        inner = np.where(reach <= r, np.inf, r)
    if not pieces:
        empty = np.zeros(0, dtype=int)
        return np.zeros(0, dtype=object), empty, empty
    geoms = np.concatenate(pieces)
    ci, bi = np.concatenate(cell_idx), np.concatenate(band_idx)
    if lines:
        keep = ~shapely.is_empty(geoms) & (shapely.length(geoms) > 0)
        return geoms[keep], ci[keep], bi[keep]
    keep = ~shapely.is_empty(geoms) & (shapely.area(geoms) > 0)
    geoms = shapely.make_valid(geoms[keep])
    mixed = np.flatnonzero(shapely.get_type_id(geoms) == 7)  # GeometryCollection
    for i in mixed:  # keep the polygonal parts of what make_valid split
        parts = shapely.get_parts(geoms[i])
        geoms[i] = shapely.union_all(parts[np.isin(shapely.get_type_id(parts), (3, 6))])
    return geoms, ci[keep], bi[keep]
