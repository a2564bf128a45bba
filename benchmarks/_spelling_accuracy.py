"""Geocoding accuracy on the spelling set (150 spellings of NW Syria villages), generated at
run time by ``scripts/make_spelling_set.py`` from ``../shared/reference`` (it holds OCHA names
and p-codes, so it is never committed).

The expected places are OCHA p-codes; their coordinates come from
``../shared/reference/syria_communities_ocha.csv`` (not shipped). An answer counts as right
when it lies within 3 km of the OCHA point; a "confident wrong" answer is one more than
50 km off whose status is not ``ambiguous``.
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections import Counter
from pathlib import Path

from frontline._distance import km
from frontline.reference.gazetteer import Gazetteer, Match

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference"
OCHA_FILES = ("syria_communities_ocha.csv", "syria_neighbourhoods_ocha.csv")

__all__ = [
    "spelling_rows",
    "spelling_rows_seeded",
    "OCHA_FILES",
    "SHARED",
    "half_of",
    "km",
    "measure",
    "ocha_points",
]


def half_of(pcode: str) -> str:
    """``"A"`` or ``"B"``: the half of the spelling set a place falls in (by a hash of its
    p-code, so every spelling of a place is in one half). Mechanisms were tuned looking at
    half A's misses; half B checks that they were not fitted to those rows."""
    return "AB"[int(hashlib.sha1(pcode.encode()).hexdigest(), 16) % 2]


def spelling_rows() -> list[dict[str, str]]:
    """The spelling set (query, expected p-code, kind, admin1), built from ../shared."""
    from scripts.make_spelling_set import build

    return build()


def ocha_points() -> dict[str, tuple[float, float]]:
    """p-code -> (lat, lon) from the OCHA reference copy."""
    out = {}
    with open(SHARED / OCHA_FILES[0], encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            out[r["pcode"]] = (float(r["lat"]), float(r["lon"]))
    return out


def spelling_rows_seeded(seed: int) -> list[dict[str, str]]:
    """Another spelling set drawn the same way with another seed (places and typos differ)."""
    from scripts.make_spelling_set import build

    return build(seed)


def measure(
    gaz: Gazetteer, *, with_admin1: bool = False, rows: list[dict[str, str]] | None = None
) -> dict[str, object]:
    """Share within 3 km, confident answers > 50 km off, and the misses, per the fixture
    (or per ``rows``, e.g. :func:`spelling_rows_seeded`)."""
    points = ocha_points()
    rows = spelling_rows() if rows is None else rows
    ok = listed = 0
    far: list[str] = []
    misses: list[str] = []
    by_kind: Counter[str] = Counter()
    halves: Counter[str] = Counter()
    half_ok: Counter[str] = Counter()
    for r in rows:
        lat, lon = points[r["expected"]]
        half = half_of(r["expected"])
        halves[half] += 1
        m: Match | None = gaz.geocode(r["query"], admin1=r["admin1"] if with_admin1 else None)
        d = math.inf if m is None else km(m.lat, m.lon, lat, lon)
        if d <= 3.0:
            ok += 1
            half_ok[half] += 1
            by_kind[r["kind"]] += 1
            continue
        if m is not None and any(km(a.lat, a.lon, lat, lon) <= 3.0 for a in m.alternatives):
            listed += 1  # ambiguous, the right place among the candidates it lists
        status = "none" if m is None else m.status
        where = "" if m is None else f" -> {m.name} ({m.admin1}) {d:.1f} km"
        misses.append(f"{r['kind']}: {r['query']!r} [{status}]{where}")
        if m is not None and d > 50 and status != "ambiguous":
            far.append(misses[-1])
    return {"n": len(rows), "ok": ok, "share": ok / len(rows), "far": far, "misses": misses,
            "listed_share": (ok + listed) / len(rows),
            "by_kind": dict(by_kind),
            "halves": {h: (half_ok[h], halves[h]) for h in sorted(halves)}}  # fmt: skip
