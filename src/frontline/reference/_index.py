"""Look-up structures behind :class:`~frontline.reference.gazetteer.Gazetteer`: name, alias,
folded-key and fuzzy (trigram + rapidfuzz) indexes, and distances in km (WGS84)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from frontline._distance import EARTH_KM, km, km_to_many
from frontline.reference._variants import loose_key
from frontline.reference.normalize import compact, fold_tokens, simplify

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "FuzzyIndex",
    "aoi_distance_km",
    "alias_index",
    "box_distance_km",
    "exact_index",
    "folded_index",
    "fuzzy_index",
    "haversine_km",
    "haversine_one",
    "loose_index",
]

# One formula for the whole package (frontline._distance), under the names this module's
# callers use.
haversine_km = km_to_many
haversine_one = km


def aoi_distance_km(lats: np.ndarray, lons: np.ndarray, area: BaseGeometry) -> np.ndarray:
    """Distance (km) from each point to an area (shapely, WGS84 degrees); 0 inside.

    Computed in a local equirectangular projection (x scaled by the cosine of the area's
    mean latitude), against the outline simplified to 0.5 km: within a few hundred km of the
    area, good to about 1 % + 0.5 km (the full outline costs ~100x more).
    """
    import shapely

    lat0 = math.radians((area.bounds[1] + area.bounds[3]) / 2)
    scale = np.array([111.32 * math.cos(lat0), 110.57])
    projected = shapely.transform(area, lambda xy: xy * scale).simplify(0.5)
    shapely.prepare(projected)
    x, y = np.asarray(lons, dtype=float) * scale[0], np.asarray(lats, dtype=float) * scale[1]
    out = np.zeros(len(x))
    outside = ~shapely.contains_xy(projected, x, y)
    out[outside] = shapely.distance(projected, shapely.points(x[outside], y[outside]))
    return out


def box_distance_km(
    lats: np.ndarray, lons: np.ndarray, box: tuple[float, float, float, float] | None
) -> np.ndarray:
    """Distance (km) from each point to a ``(min_lon, min_lat, max_lon, max_lat)`` box; 0 inside.

    The nearest point of the box is the point clamped into it, so the distance is the
    great-circle distance to that clamped point.
    """
    if box is None:
        return np.zeros(len(lats))
    minx, miny, maxx, maxy = box
    near_lat = np.clip(lats, miny, maxy)
    near_lon = np.clip(lons, minx, maxx)
    p1, p2 = np.radians(lats), np.radians(near_lat)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(near_lon - lons) / 2) ** 2
    )
    return EARTH_KM * 2 * np.arcsin(np.sqrt(a))


class FuzzyIndex:
    """Character-trigram blocking in front of rapidfuzz.

    Scoring every name with rapidfuzz per query (``process.extractOne``) costs a full scan;
    here an inverted trigram index picks the few dozen forms sharing the most trigrams with
    the query, and only those are scored. numpy's ``unique`` does the counting.
    """

    def __init__(self, forms: Sequence[str], shortlist: int = 40) -> None:
        self.forms = list(forms)
        self.shortlist = shortlist
        postings: dict[str, list[int]] = {}
        for i, form in enumerate(self.forms):
            for gram in self._grams(form):
                postings.setdefault(gram, []).append(i)
        self.postings = {g: np.asarray(ix, dtype=np.int32) for g, ix in postings.items()}

    @staticmethod
    def _grams(form: str) -> set[str]:
        padded = f"^{form}$"
        return {padded[i : i + 3] for i in range(len(padded) - 2)}

    def search(self, query: str, cutoff: float) -> list[tuple[int, float]]:
        """``(form number, rapidfuzz ratio 0-100)`` of shortlisted forms scoring >= cutoff."""
        lists = [self.postings[g] for g in self._grams(query) if g in self.postings]
        if not lists:
            return []
        # Count over the forms that share a trigram only (np.unique sorts a few thousand
        # postings), not over every form (bincount + argpartition of the whole table).
        ids, counts = _count(np.concatenate(lists))
        n = min(self.shortlist, len(ids))
        top = ids[np.argpartition(-counts, n - 1)[:n]] if n < len(ids) else ids
        forms = self.forms
        picked = top.tolist()
        # One rapidfuzz call over the shortlist (float64: the scores equal fuzz.ratio's).
        scores = process.cdist(
            [query], [forms[i] for i in picked], scorer=fuzz.ratio, score_cutoff=cutoff,
            dtype=np.float64,
        )[0].tolist()  # fmt: skip
        return [(i, score) for i, score in zip(picked, scores, strict=True) if score]


def _count(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_counts=True)`` (sorted distinct values, their counts),
    hand-written without ``np.unique``'s argument handling: the fuzzy tier counts a few
    thousand postings per query and the wrapper cost a fifth of it."""
    values.sort()
    edge = np.empty(len(values), dtype=bool)
    edge[0] = True
    np.not_equal(values[1:], values[:-1], out=edge[1:])
    starts = np.flatnonzero(edge)
    counts = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(values) - starts[-1]
    return values[starts], counts


def exact_index(names: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """Simplified name -> rows."""
    index: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        index.setdefault(simplify(name), []).append(i)
    return {k: tuple(v) for k, v in index.items()}


def alias_index(alts: Sequence[tuple[str, ...]]) -> dict[str, tuple[tuple[int, str], ...]]:
    """Simplified alias -> (row, alias as written)."""
    index: dict[str, dict[int, str]] = {}
    for i, names in enumerate(alts):
        for alt in names:
            index.setdefault(simplify(alt), {}).setdefault(i, alt)
    return {k: tuple(v.items()) for k, v in index.items()}


def folded_index(forms: Sequence[tuple[str, int]]) -> dict[str, tuple[tuple[int, str, str], ...]]:
    """Folded key (no spaces) -> (row, form, compact form) for every form with that key, the
    compact form precomputed because every folded hit is scored against it."""
    index: dict[str, dict[tuple[int, str], str]] = {}
    for form, i in forms:
        key = "".join(fold_tokens(form))
        if key:
            index.setdefault(key, {}).setdefault((i, compact(form)), form)
    return {k: tuple((i, form, c) for (i, c), form in v.items()) for k, v in index.items()}


def loose_index(
    folded: dict[str, tuple[tuple[int, str, str], ...]],
) -> dict[str, tuple[tuple[int, str, str], ...]]:
    """The folded index re-keyed by :func:`~frontline.reference._variants.loose_key`
    (Turkish ``h`` for ``kh``, ``c`` for ``j``): asked only when the folded key misses."""
    index: dict[str, list[tuple[int, str, str]]] = {}
    for key, hits in folded.items():
        index.setdefault(loose_key(key), []).extend(hits)
    return {k: tuple(v) for k, v in index.items()}


def fuzzy_index(
    forms: Sequence[tuple[str, int]],
) -> tuple[FuzzyIndex, list[tuple[tuple[int, str], ...]]]:
    """A :class:`FuzzyIndex` over compact forms, and the (row, form) owners of each."""
    owners: dict[str, dict[int, str]] = {}
    for form, i in forms:
        c = compact(form)
        if c:
            owners.setdefault(c, {}).setdefault(i, form)
    keys = list(owners)
    return FuzzyIndex(keys), [tuple(owners[k].items()) for k in keys]
