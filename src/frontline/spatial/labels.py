"""Per-layout geometry (:class:`Layout`) and per-date labels (:class:`Labels`) of the area
engine, and the known places of a control table (:func:`known_points`)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline import config

__all__ = ["CONTESTED", "Labels", "Layout", "known_mask", "known_points"]

CONTESTED = config.CONTESTED


@dataclass
class Layout:
    """Everything that depends only on where the known places are (metric CRS)."""

    xy: np.ndarray  # (n, 2) unique coordinates
    cells: np.ndarray  # Voronoi cell of each unique point (unclipped)
    clip: BaseGeometry  # AOI within max_km of a point
    unknown: BaseGeometry  # AOI farther than max_km from every point
    coverage: bool  # the (unclipped) cells form a valid coverage (coverage_union_all usable)
    edge_pairs: np.ndarray  # (m, 2) indices of cells whose clipped shared edge is a line
    edges: np.ndarray  # clipped shared edges (LineString/MultiLineString)
    tree: shapely.STRtree | None  # of the pieces
    pieces: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    piece_cell: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    piece_band: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    piece_area: np.ndarray = field(default_factory=lambda: np.zeros(0))  # m²
    edge_band: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    union_cache: OrderedDict[tuple[str, bytes], BaseGeometry] = field(default_factory=OrderedDict)
    route_cache: dict[bytes, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=dict
    )
    # cells clipped to ``clip``, when they still form a valid coverage (checked once per
    # layout): unions of whole cells then need no clip per date; None otherwise
    clipped: np.ndarray | None = None
    # spatial block of each cell and the cached coverage unions of clipped cells per block
    # (see frontline.spatial._unions.clipped_union)
    blocks: np.ndarray | None = None
    block_cache: OrderedDict[bytes, BaseGeometry] = field(default_factory=OrderedDict)
    # the LineString parts of ``edges`` and the edge each belongs to (on first use)
    edge_parts: tuple[np.ndarray, np.ndarray] | None = None


@dataclass(frozen=True)
class Labels:
    """One date's labelling of a layout.

    Attributes
    ----------
    cell : ndarray of str
        Per unique place: its side, ``contested`` or "".
    conf : ndarray of float
        Per unique place: its state confidence (0-1).
    piece : ndarray of str
        Per piece: the side of its cell, or ``unknown`` when its class is ``unknown``.
    klass : ndarray of str
        Per piece: ``reported``, ``inferred`` or ``unknown``.
    confidence : ndarray of float
        Per piece: confidence (0-1).
    """

    cell: np.ndarray
    conf: np.ndarray
    piece: np.ndarray
    klass: np.ndarray
    confidence: np.ndarray
    besieger: np.ndarray | None = None  # per unique place: besieging side or ""

    def as_tuple(self) -> tuple[np.ndarray | None, ...]:
        """The fields in order."""
        return (self.cell, self.conf, self.piece, self.klass, self.confidence, self.besieger)

    def __len__(self) -> int:
        return len(self.cell)

    def signature(self) -> bytes:
        """Bytes that differ when any piece's label or class differs."""
        return ("\x1f".join(self.piece) + "\x1e" + "\x1f".join(self.klass)).encode()


def known_points(control: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Lon, lat, side label, state confidence and besieger of the places whose state is known.

    ``held`` and ``besieged`` places are labelled with their holder, ``contested`` ones with
    ``"contested"``; ``unknown`` places and places without coordinates are left out. The
    confidence is the table's ``confidence`` column (1 when absent).

    Returns
    -------
    tuple of arrays
        ``lon`` (deg), ``lat`` (deg), ``label`` (str), ``confidence`` (0-1), ``besieger``
        (str, "" unless besieged).
    """
    if len(control) == 0:
        empty = np.zeros(0)
        return empty, empty, np.zeros(0, dtype=object), empty, np.zeros(0, dtype=object)
    status = control["status"].astype(str).to_numpy()
    side = control["side"].fillna("").astype(str).to_numpy()
    lon = pd.to_numeric(control["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(control["lat"], errors="coerce").to_numpy(float)
    if "confidence" in control.columns:
        conf = pd.to_numeric(control["confidence"], errors="coerce").fillna(1.0).to_numpy(float)
    else:
        conf = np.ones(len(control))
    label = np.where(status == CONTESTED, CONTESTED, side).astype(object)
    besieger = np.full(len(control), "", dtype=object)
    if "besieger" in control.columns:
        by = control["besieger"].fillna("").astype(str).to_numpy()
        besieger = np.where(status == "besieged", by, "").astype(object)
    ok = known_mask(control)
    return lon[ok], lat[ok], label[ok], conf[ok], besieger[ok]


def known_mask(control: pd.DataFrame) -> np.ndarray:
    """The rows of a control table whose state is known (what :func:`known_points` keeps).

    Returns
    -------
    ndarray of bool
    """
    if len(control) == 0:
        return np.zeros(0, dtype=bool)
    status = control["status"].astype(str).to_numpy()
    side = control["side"].fillna("").astype(str).to_numpy()
    lon = pd.to_numeric(control["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(control["lat"], errors="coerce").to_numpy(float)
    return (
        np.isfinite(lon)
        & np.isfinite(lat)
        & (((status == "held") | (status == "besieged")) & (side != "") | (status == CONTESTED))
    )
