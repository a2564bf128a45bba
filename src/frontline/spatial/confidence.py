"""How sure the map is of each point: the territory confidence model.

Every point of the area of interest takes the side of the nearest place with a known state on
that date (its Voronoi cell). Its confidence is a *calibrated* score:

    raw score  = min(state confidence (0-1, :class:`~frontline.control.ControlTimeline`),
                     PRIOR_BAND_ACCURACY[distance band to that place])
    confidence = CALIBRATION(raw score)

The raw score is the hand-set model (no surer than the evidence, nor than a prior accuracy
per distance band :data:`BAND_KM`); :data:`CALIBRATION` maps it to the accuracy that the
leave-one-out of the curated layer measures for such scores: an isotonic (non-decreasing)
step function, fitted by :func:`frontline.spatial.validate.fit_calibration` (``python -m
benchmarks control`` prints the fit next to the shipped table, and its 2-fold
cross-validation by place). Raw scores below the lowest measured one are not calibrated (they
keep their raw value, at most the lowest step). Points farther than the last band edge (or
``max_km``) from every known place have no estimate (confidence 0). The confidence is grouped
into :data:`CLASSES`: ``reported`` (>= :data:`CLASS_MIN` ``["reported"]``), ``inferred`` (>=
``["inferred"]``) and ``unknown`` (below: drawn and counted as unknown).

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
    "BAND_KM",
    "CALIBRATION",
    "CLASSES",
    "CLASS_MIN",
    "MEASURED_KM",
    "MIN_BLOCK",
    "PRIOR_BAND_ACCURACY",
    "PRIOR_WEIGHT",
    "QUAD_SEGS",
    "REGION_CONFIDENCE",
    "REGION_MIN_KM",
    "band_confidence",
    "band_of",
    "band_pieces",
    "calibrate",
    "classify",
    "point_confidence",
    "raw_score",
]

#: Outer edges (km) of the distance bands from the nearest known place.
BAND_KM = (5.0, 10.0, 20.0, 40.0)
#: Prior accuracy per band (0-5, 5-10, 10-20, 20-40 km), hand-set before any measurement: the
#: raw score of an estimate is the lower of it and the state confidence.
PRIOR_BAND_ACCURACY = (0.9, 0.75, 0.6, 0.5)
#: Weight of the prior in the calibration fit, in pseudo-cases per step: each step's measured
#: accuracy is shrunk towards the mean raw score of its cases.
PRIOR_WEIGHT = 4.0
#: Fewest leave-one-out cases in a calibration step (smaller steps are merged with a
#: neighbour), so that each step, and the class it falls in, is measured on enough cases.
MIN_BLOCK = 10
#: Calibration of the raw score, FITTED by :func:`frontline.spatial.validate.fit_calibration`
#: on the leave-one-out of the curated layer ``data/events/nw_syria_2019_2020.csv`` (sample
#: "+first events", 89 cases): ``(lowest raw score, confidence)`` per step, ascending. Steps
#: are the blocks of an isotonic (pool-adjacent-violators) fit of "right" on the raw score,
#: merged to >= :data:`MIN_BLOCK` cases, each (right + PRIOR_WEIGHT x mean raw score) / (n +
#: PRIOR_WEIGHT), non-decreasing, rounded to 2 decimals; a step starts at the lowest raw score
#: of its cases (rounded down to 3 decimals). Here: the lower step holds the 5-10 km
#: estimates and the less sure states at 0-5 km (raw 0.378-0.75: 23 cases, 11 right), the
#: upper one the 0-5 km estimates from a state at least 0.757 sure (66 cases, 40 right). No
#: case lies beyond 10 km: the 10-40 km bands (raw <= 0.6) take the lower step, an
#: extrapolation. Refit with ``python -m benchmarks control``; a unit test fails if this is
#: not the fit.
CALIBRATION = ((0.378, 0.5), (0.757, 0.62))
#: Territory confidence classes, most certain first.
CLASSES = ("reported", "inferred", "unknown")
#: Lowest confidence of each class (below the last: ``unknown``). With the fitted
#: :data:`CALIBRATION`, ``reported`` is the upper step (0-5 km from a place whose state is at
#: least 0.757 sure), ``inferred`` the lower step (farther, or a less sure state; also the
#: region-level assertions), ``unknown`` a raw score below every measured one.
CLASS_MIN = {"reported": 0.55, "inferred": 0.4}
#: Farthest distance (km) from the nearest known place at which the leave-one-out has cases
#: (none lies beyond 10 km): beyond it the estimate is an extrapolation, and pockets
#: (:mod:`frontline.spatial.pockets`) are judged on the territory within it only.
MEASURED_KM = 10.0
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


def band_confidence(
    state_confidence: np.ndarray,
    band: np.ndarray,
    table: tuple[tuple[float, float], ...] = CALIBRATION,
) -> np.ndarray:
    """Calibrated confidence (0-1) of estimates from places of ``state_confidence`` (0-1) at
    distance band indices ``band`` (``-1`` or past the last band: no estimate, 0)."""
    band = np.asarray(band)
    prior = np.append(np.asarray(PRIOR_BAND_ACCURACY, dtype=float), 0.0)
    idx = np.where((band < 0) | (band >= len(PRIOR_BAND_ACCURACY)), len(prior) - 1, band)
    return calibrate(np.minimum(np.asarray(state_confidence, dtype=float), prior[idx]), table)


def raw_score(
    state_confidence: np.ndarray, distance_km: np.ndarray, max_km: float = BAND_KM[-1]
) -> np.ndarray:
    """Raw score (0-1) of estimates from places of ``state_confidence`` at ``distance_km``
    (km): the lower of the state confidence and :data:`PRIOR_BAND_ACCURACY` of the band; 0
    beyond the last band or ``max_km``."""
    band = band_of(distance_km, max_km)
    prior = np.asarray(PRIOR_BAND_ACCURACY, dtype=float)
    return np.where(
        band >= 0,
        np.minimum(np.asarray(state_confidence, dtype=float), prior[np.maximum(band, 0)]),
        0.0,
    )


def calibrate(raw: np.ndarray, table: tuple[tuple[float, float], ...] = CALIBRATION) -> np.ndarray:
    """Calibrated confidence (0-1) of raw scores: the step of ``table`` (``(lowest raw
    score, confidence)`` pairs, ascending) each falls in; below the first step, the raw score
    itself, at most the first step's confidence; 0 stays 0.

    >>> calibrate(np.array([0.0, 0.2, 0.4, 0.9]), ((0.3, 0.5), (0.8, 0.6))).tolist()
    [0.0, 0.2, 0.5, 0.6]
    """
    r = np.asarray(raw, dtype=float)
    if not table:
        return r
    edges = np.array([e for e, _ in table])
    values = np.array([v for _, v in table])
    step = np.searchsorted(edges, r, side="right") - 1
    out = np.where(step >= 0, values[np.maximum(step, 0)], np.minimum(r, values[0]))
    return np.where(r > 0, out, 0.0)


def point_confidence(
    state_confidence: np.ndarray,
    distance_km: np.ndarray,
    max_km: float = BAND_KM[-1],
    table: tuple[tuple[float, float], ...] = CALIBRATION,
) -> np.ndarray:
    """Confidence (0-1) of a side estimate from a place of ``state_confidence`` at
    ``distance_km`` (km): the calibrated (``table``) :func:`raw_score`."""
    return calibrate(raw_score(state_confidence, distance_km, max_km), table)


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
