"""Geometry helpers of :class:`~frontline.spatial.areas.AreaEngine` over a layout: cached
block unions of clipped cells, and cells enclosed by their own side."""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline.spatial.labels import Layout

__all__ = ["BLOCK_CELLS", "clipped_union", "interior_cells"]

#: Cells per spatial block whose union is cached (:func:`clipped_union`).
BLOCK_CELLS = 64


def clipped_union(layout: Layout, clipped: np.ndarray, whole: np.ndarray) -> BaseGeometry:
    """Coverage union of the clipped cells in ``whole``, made of the unions of spatial
    blocks of about :data:`BLOCK_CELLS` cells, cached: from one date to the next a few
    places change side, so most blocks' unions are reused. The block unions keep the
    cells' vertices, so they are a coverage too."""
    idx = np.flatnonzero(whole)
    if len(layout.xy) <= 2 * BLOCK_CELLS:
        return shapely.coverage_union_all(clipped[idx])
    if layout.blocks is None:
        k = math.ceil(math.sqrt(len(layout.xy) / BLOCK_CELLS))
        lo, hi = layout.xy.min(axis=0), layout.xy.max(axis=0)
        g = np.minimum((k * (layout.xy - lo) / np.maximum(hi - lo, 1)).astype(int), k - 1)
        layout.blocks = g[:, 0] * k + g[:, 1]
    of = layout.blocks[idx]
    order = np.argsort(of, kind="stable")
    idx, of = idx[order], of[order]
    starts = np.flatnonzero(np.r_[True, of[1:] != of[:-1]])
    parts = []
    for members in np.split(idx, starts[1:]):
        key = members.tobytes()
        hit = layout.block_cache.get(key)
        if hit is None:
            hit = shapely.coverage_union_all(clipped[members])
            layout.block_cache[key] = hit
            if len(layout.block_cache) > 8192:
                layout.block_cache.popitem(last=False)
        parts.append(hit)
    return shapely.coverage_union_all(parts)


def interior_cells(layout: Layout, cell: np.ndarray) -> np.ndarray:
    """Per cell: it has neighbours (cells sharing an edge in the clip) and all of them hold
    the cell's label."""
    n = len(layout.xy)
    a, b = layout.edge_pairs[:, 0], layout.edge_pairs[:, 1]
    differ = cell[a] != cell[b]
    degree = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    other = np.bincount(a[differ], minlength=n) + np.bincount(b[differ], minlength=n)
    return (degree > 0) & (other == 0)
