"""Pockets: areas of one side cut off from its main area and enclosed by another side.

A pocket on a date is a connected part of a side's area (classes ``reported`` and ``inferred``)
that is not the side's largest part and whose boundary, leaving out the edge of the area of
interest (which may stay open), borders one other side's area for at least
:data:`ENCLOSED_SHARE` of its length. Borders with ``unknown`` or ``contested`` areas do not
enclose.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.spatial.areas import NON_SIDES, AreaEngine, Labels, Layout

__all__ = ["ENCLOSED_SHARE", "POCKET_COLUMNS", "pockets_metric", "pocket_places"]

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
    """``(side, enclosing side, polygon)`` of each pocket on one date (metric CRS)."""
    areas = [
        (side, geom)
        for side, _, geom, _ in engine.areas_metric(layout, labels, order)
        if side not in NON_SIDES
    ]
    if len(areas) < 2:
        return []
    edge = shapely.buffer(shapely.boundary(engine.aoi_m), _TOL_M)
    grown = {side: shapely.buffer(geom, _TOL_M) for side, geom in areas}
    out = []
    for side, geom in areas:
        parts = shapely.get_parts(geom)
        if len(parts) < 2:
            continue
        biggest = int(np.argmax(shapely.area(parts)))
        for i, part in enumerate(parts):
            if i == biggest:
                continue
            inner = shapely.difference(shapely.boundary(part), edge)
            total = inner.length
            if total <= 0:
                continue
            for other, area in grown.items():
                if other == side:
                    continue
                if shapely.intersection(inner, area).length >= ENCLOSED_SHARE * total:
                    out.append((side, other, part))
                    break
    return out


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
