"""Baseline states overtaken by the places around them.

A baseline is a picture at one date; events then move the front. A village that no report
names keeps its baseline holder for ever, even after every village around it has been taken
(e.g. a village between two captured neighbours and a fought-over town). This module ends such
a state: from the date on which, among the place's Delaunay neighbours (its ring of nearest
places, each within ``max_km``),

- none is held by the place's baseline holder,
- a strict majority is held by one other side, at least one of them by a reported event
  (not itself a baseline or an inference), and no neighbour is held by a third side,

the place is held by that side with basis ``inferred`` and confidence
:data:`ENCLOSED_CONFIDENCE`, until its own next event, or until a neighbour is held by the
baseline holder again (then the baseline state resumes). A place whose ring is open is never
enclosed: on the convex hull of the located places, or with a Delaunay neighbour farther
than ``max_km`` (the timeline's ``neighbour_km``, default 15 km). Only ``baseline`` states are
touched: a reported state is evidence at the place and stays; implied and inferred states
already yield to their neighbours (the lone-state rule of :mod:`frontline.control.timeline`).
The rule and its limits are in ``docs/control-model.md``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

import shapely

from frontline.control._states import State

__all__ = ["ENCLOSED_CONFIDENCE", "delaunay_neighbours", "enclose_baseline_states"]

#: Confidence of a state inferred from enclosing neighbours: the confidence of a holder
#: guessed from the opponents (``GUESSED_CONFIDENCE`` in the state builder), as a prior.
ENCLOSED_CONFIDENCE = 0.6

_KM_PER_DEG = 111.32


def delaunay_neighbours(
    points: Mapping[str, tuple[float, float]], max_km: float
) -> tuple[dict[str, set[str]], set[str]]:
    """Delaunay neighbours of located places, and the places whose ring of them is open.

    Parameters
    ----------
    points : mapping
        Key -> (lat, lon), WGS84 degrees; NaN coordinates are left out.
    max_km : float
        Longest neighbour edge kept (km, on a local equirectangular plane).

    Returns
    -------
    (dict, set)
        Key -> the keys of its neighbours within ``max_km`` (places at the same point share
        them), and the keys of *open* places: on the convex hull, or with a Delaunay
        neighbour farther than ``max_km`` (their ring has a gap).
    """
    located = {k: p for k, p in points.items() if math.isfinite(p[0]) and math.isfinite(p[1])}
    if len(located) < 3:
        return {k: set() for k in located}, set(located)
    # A local equirectangular plane is accurate to < 1 % over tens of km (as in the timeline).
    coslat = math.cos(math.radians(sum(p[0] for p in located.values()) / len(located)))
    at: dict[tuple[float, float], list[str]] = {}
    for k, (lat, lon) in located.items():
        at.setdefault((lon * _KM_PER_DEG * coslat, lat * _KM_PER_DEG), []).append(k)
    cloud = shapely.MultiPoint(list(at))
    edges = shapely.delaunay_triangles(cloud, only_edges=True)
    nbrs: dict[str, set[str]] = {k: set() for k in located}
    far: set[str] = set()
    for line in getattr(edges, "geoms", []):
        (ax, ay), (bx, by) = line.coords[0], line.coords[-1]
        if math.hypot(ax - bx, ay - by) > max_km:
            # a gap wider than max_km: the ring of both ends is open on that side
            far.update(at.get((ax, ay), []) + at.get((bx, by), []))
            continue
        for a in at.get((ax, ay), []):
            nbrs[a].update(at.get((bx, by), []))
        for b in at.get((bx, by), []):
            nbrs[b].update(at.get((ax, ay), []))
    boundary = shapely.convex_hull(cloud).boundary
    on_hull = [xy for xy in at if boundary.distance(shapely.Point(xy)) < 1e-9]
    hull = {k for xy in on_hull for k in at[xy]}
    return nbrs, hull | far


def _state_at(states: list[State], day: str) -> State | None:
    for s in states:
        if s.valid_from <= day and (s.valid_to == "" or s.valid_to > day):
            return s
    return None


def _split(states: list[State], day: str, new: State) -> list[State]:
    """``states`` with the state holding on ``day`` cut at ``day`` and ``new`` from then on
    (until that state's end)."""
    out: list[State] = []
    for s in states:
        if s.valid_from <= day and (s.valid_to == "" or s.valid_to > day):
            if s.valid_from < day:
                out.append(dataclasses.replace(s, valid_to=day))
            out.append(dataclasses.replace(new, valid_from=day, valid_to=s.valid_to))
        else:
            out.append(s)
    return out


def _encloser(state: State, ring: list[State | None], since: str) -> str:
    """The side enclosing a place held by ``state`` ("" if none), from its neighbours' states;
    one of them must be a capture reported after ``since`` (the place's latest evidence)."""
    held = [s for s in ring if s is not None and s.status in ("held", "besieged") and s.side]
    sides = {s.side for s in held}
    if not held or state.side in sides or len(sides) != 1:
        return ""
    side = sides.pop()
    if 2 * len(held) <= len(ring) or not any(
        s.basis == "reported" and s.valid_from > since for s in held
    ):
        return ""
    return side


def _enclosed_state(side: str) -> State:
    return State("", "", side, "held", "", "inferred", ENCLOSED_CONFIDENCE, "", "")


def _relieved(side: str, ring: list[State | None]) -> bool:
    """True when a neighbour is held by ``side`` (the enclosed place's baseline holder)."""
    return any(s is not None and s.side == side and s.status in ("held", "besieged") for s in ring)


def enclose_baseline_states(
    states: dict[str, list[State]],
    points: Mapping[str, tuple[float, float]],
    max_km: float,
    own_dates: Mapping[str, list[str]] | None = None,
) -> dict[str, list[State]]:
    """The places' states with enclosed baseline states handed to the enclosing side.

    Parameters
    ----------
    states : dict
        Key -> the place's states, oldest first (as the timeline builds them).
    points : mapping
        Key -> (lat, lon), WGS84 degrees.
    max_km : float
        Longest neighbour edge (km).
    own_dates : mapping, optional
        Key -> ISO dates of the place's own reports. A report at the place ends an enclosure
        (a report confirming the holder does not start a new state), and only captures
        reported around the place after its latest own report can enclose it again.

    Returns
    -------
    dict
        The same keys; enclosed stretches of ``baseline`` states become ``inferred`` states of
        the enclosing side (ISO ``valid_from``/``valid_to`` as in the input).
    """
    out = {k: list(v) for k, v in states.items()}
    cands = [k for k, v in out.items() if any(s.basis == "baseline" for s in v)]
    if not cands:
        return out
    nbrs, hull = delaunay_neighbours(points, max_km)
    cands = [k for k in cands if k in nbrs and k not in hull and nbrs[k]]
    if not cands:
        return out
    first = min(s.valid_from for k in cands for s in out[k] if s.basis == "baseline")
    own = {k: sorted(v) for k, v in (own_dates or {}).items()}
    starts = {s.valid_from for v in out.values() for s in v} | {d for v in own.values() for d in v}
    days = sorted(d for d in starts if d > first)
    enclosed: dict[str, State] = {}  # key -> the baseline state an enclosure interrupts
    for day in days:
        changed = True
        while changed:  # an enclosed place can close the ring around another one
            changed = False
            for k in cands:
                cur = _state_at(out[k], day)
                if cur is None or cur.basis not in ("baseline", "inferred"):
                    enclosed.pop(k, None)  # the place's own event ends any enclosure
                    continue
                ring = [_state_at(out[n], day) for n in sorted(nbrs[k])]
                seen = [d for d in own.get(k, []) if d <= day]
                if k in enclosed and seen and seen[-1] == day:
                    out[k] = _split(out[k], day, enclosed.pop(k))  # a report at the place
                    changed = True
                elif cur.basis == "baseline":
                    side = _encloser(cur, ring, max([cur.valid_from, *seen]))
                    if side:
                        enclosed[k] = cur
                        out[k] = _split(out[k], day, _enclosed_state(side))
                        changed = True
                elif k in enclosed and _relieved(enclosed[k].side, ring):
                    out[k] = _split(out[k], day, enclosed.pop(k))
                    changed = True
    return {k: _merge(v) for k, v in out.items()}


def _merge(states: list[State]) -> list[State]:
    """Adjacent states that differ only in their dates, joined."""
    merged: list[State] = []
    for s in states:
        if merged and merged[-1].valid_to == s.valid_from and _same(merged[-1], s):
            merged[-1] = dataclasses.replace(merged[-1], valid_to=s.valid_to)
        else:
            merged.append(s)
    return merged


def _same(a: State, b: State) -> bool:
    return dataclasses.replace(a, valid_from="", valid_to="") == dataclasses.replace(
        b, valid_from="", valid_to=""
    )
