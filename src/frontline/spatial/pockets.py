"""Pockets: areas of one side cut off from its main area and enclosed by another side.

Pockets are judged on the *measured* territory only: the pieces of each side's area within
:data:`~frontline.spatial.confidence.MEASURED_KM` (10 km) of their place, the distances at
which the leave-one-out has cases; farther bands are an extrapolation (no case lies there),
and they neither join a part to its side's main area nor enclose another side's part. A pocket
on a date is a connected part of that measured area of a side (classes ``reported`` and
``inferred``) that either holds a place of that side reported ``besieged`` and borders the
besieger more than any other side, or is not the side's largest part and whose outer
boundary, leaving out the edge of the area of interest (which may stay open), borders one
other side's measured area for at least :data:`ENCLOSED_SHARE` of its length (holes, such as
an enclave of a third side, do not count). Borders with ``unknown`` or ``contested`` areas,
or with the farther bands, do not enclose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.spatial.areas import NON_SIDES, UNKNOWN, AreaEngine, Labels, Layout
from frontline.spatial.confidence import BAND_KM, MEASURED_KM

__all__ = [
    "ENCLOSED_SHARE",
    "POCKET_COLUMNS",
    "measured_labels",
    "pockets_metric",
    "pocket_places",
]

#: Share of a part's inner boundary (not on the edge of the area of interest) that must
#: border one other side for the part to be a pocket.
ENCLOSED_SHARE = 0.95
POCKET_COLUMNS = ["side", "enclosed_by", "area_km2", "places"]
_TOL_M = 1.0  # boundaries closer than 1 m are shared (metric CRS)


def pockets_metric(
    engine: AreaEngine,
    layout: Layout | None,
    labels: Labels | None,
    order: Sequence[str] = (),
) -> list[tuple[str, str, BaseGeometry]]:
    """``(side, enclosing side, polygon)`` of each pocket on one date (metric CRS), judged on
    the measured territory (:func:`measured_labels`)."""
    if layout is None or labels is None:
        return []
    measured = measured_labels(layout, labels)
    areas = [
        (side, geom)
        for side, _, geom, _ in engine.areas_metric(layout, measured, order, sides_only=True)
        if side not in NON_SIDES
    ]
    if len(areas) < 2:
        return []
    edge = shapely.buffer(shapely.boundary(engine.aoi_m), _TOL_M)
    grown = {side: shapely.buffer(geom, _TOL_M) for side, geom in areas}
    sieges = _sieges(layout, labels)
    out = []
    for side, geom in areas:
        parts = shapely.get_parts(geom)
        biggest = int(np.argmax(shapely.area(parts)))
        for i, part in enumerate(parts):
            # the outer ring only: holes (e.g. an enclave of a third side) are inside it
            inner = shapely.difference(shapely.get_exterior_ring(part), edge)
            total = inner.length
            if total <= 0:
                continue
            border = {
                other: shapely.intersection(inner, area).length
                for other, area in grown.items()
                if other != side
            }
            by = _besieger(part, side, sieges, border)
            if by is None and i != biggest and len(parts) > 1:
                by = next((o for o, km in border.items() if km >= ENCLOSED_SHARE * total), None)
            if by is not None:
                out.append((side, by, part))
    return out


def measured_labels(layout: Layout, labels: Labels) -> Labels:
    """The labels with every piece farther than
    :data:`~frontline.spatial.confidence.MEASURED_KM` from its place made ``unknown``."""
    far = layout.piece_band >= sum(1 for r in BAND_KM if r <= MEASURED_KM)
    if not far.any():
        return labels
    piece = np.where(far, UNKNOWN, labels.piece).astype(object)
    klass = np.where(far, UNKNOWN, labels.klass).astype(object)
    return Labels(labels.cell, labels.conf, piece, klass, labels.confidence, labels.besieger)


def _sieges(layout: Layout | None, labels: Labels | None) -> list[tuple[Any, str, str]]:
    """(point, holder, besieger) of the besieged places (metric)."""
    if layout is None or labels is None or labels.besieger is None:
        return []
    idx = np.flatnonzero(labels.besieger != "")
    return [
        (shapely.Point(layout.xy[i]), str(labels.cell[i]), str(labels.besieger[i])) for i in idx
    ]


def _besieger(
    part: BaseGeometry, side: str, sieges: list[tuple[Any, str, str]], border: dict[str, float]
) -> str | None:
    for point, holder, besieger in sieges:
        near = border.get(besieger, 0.0)
        if holder == side and near > 0 and near >= max(border.values()) and part.contains(point):
            return besieger
    return None


def pocket_places(engine: AreaEngine, polygon: BaseGeometry, control: pd.DataFrame) -> list[str]:
    """Names of the places of a control table (``place, lon, lat``) inside a metric polygon."""
    lon = pd.to_numeric(control["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(control["lat"], errors="coerce").to_numpy(float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return []
    x, y = engine.proj.xy(lon[ok], lat[ok])
    inside = shapely.contains_xy(polygon, x, y)
    names = control["place"].astype(str).to_numpy()[ok][inside]
    return sorted(dict.fromkeys(names))
