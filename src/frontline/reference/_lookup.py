"""The look-up engine under :class:`~frontline.reference.gazetteer.Gazetteer`: the table in
Python lists, its name indexes, and candidate finding, ranking and answer rules."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from frontline.errors import BadInputError
from frontline.reference import _index
from frontline.reference._load import OPTIONAL_COLUMNS
from frontline.reference._match import (
    Match,
    fields_but_query,
    row_match,
    with_query,
)
from frontline.reference._variants import (
    glide_skeleton,
    heads_agree,
    loose_key,
    loose_spelling,
    name_heads,
)
from frontline.reference.normalize import (
    ARTICLES,
    arabic_keys,
    compact,
    diacritics_only,
    fold,
    fold_tokens,
    has_arabic,
    key_and_compact,
    latin,
    simplify,
    word_folds,
)

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "AMBIGUOUS_KM", "AOI_KM", "BORDER_KM", "NEAR_KM", "STATUSES", "TIERS", "PlaceIndex",
    "plain_latin",
]  # fmt: skip

TIERS = ("exact", "alias", "folded", "fuzzy")
#: Answer statuses (see the module docstring).
STATUSES = ("exact", "alias", "fuzzy", "ambiguous", "none")
#: A fuzzy match farther than this from the area of interest is not an answer (km).
AOI_KM = 10.0
#: With ``near``: a fuzzy match farther than this from the point is not an answer (km).
NEAR_KM = 30.0
#: With ``admin1``: places of another region this close to one of its places count as in
#: it (km; admin-1 borders differ between sources).
BORDER_KM = 5.0
#: Two candidates at least this far apart (km) whose ranks differ by less than
#: ``_AMBIGUOUS_MARGIN`` make the answer ``ambiguous``.
AMBIGUOUS_KM = 5.0
# Less than the in-AOI bonus: namesakes told apart by the AOI alone are not ambiguous.
_AMBIGUOUS_MARGIN = 4.9
# A folded or fuzzy answer needs at least this spelling similarity (rapidfuzz ratio of the
# compact forms, 0-100); below it the match stays a candidate but is no answer.
_WEAK_RATIO = 45.0
# A loose-key hit needs this ratio of the loose spellings (_variants.loose_spelling): they
# already equate the Turkish/French letters, so the floor is higher than the raw 60 it was.
_LOOSE_MIN_RATIO = 70.0
# A folded-key hit with a spelling ratio below this does not settle a query: looser keys
# and the fuzzy tier are asked too (a typo can land on another name's folded key).
_SETTLED_RATIO = 75.0
# A folded key this short (letters) leaves a misspelt name ambiguous.
_THIN_KEY = 2
_TIER_SCORE = {"exact": 100.0, "alias": 97.0}
_STATUS_OF = {"exact": "exact", "alias": "alias", "folded": "fuzzy", "fuzzy": "fuzzy"}
# Context bonuses added to the name score when ranking candidates (not reported as score).
_NEAR_BONUS = 20.0
_NEAR_SCALE_KM = 25.0
_BOX_BONUS = 5.0
# Rank bonus of a namesake written with the article when the query is (see _tie_break):
# less than the AOI bonus and the ambiguity margin, so it orders namesakes, never hides one.
_ARTICLE_BONUS = 2.5


# Queries answered by the general path before the pre-ranked answers are built (seconds).
_WARM_QUERIES = 256
_EMPTY: tuple[dict[str, Match], dict[str, tuple[Any, ...]]] = ({}, {})
# A ranked candidate: (-rank_score, row, score, tier, matched form, distance to near or None).
_Ranked = tuple[float, int, float, str, str, float | None]


# Letters of a folded key that Turkish and French spellings write weaker (see _loose_hits).
_STRONG_LETTERS = ("sh", "kh", "gh", "j", "w")


def _stronger(key: str, form_key: str) -> bool:
    """Whether folded ``key`` writes one of :data:`_STRONG_LETTERS` more often than
    ``form_key``: the form is then no Turkish/French reading of the query."""
    return any(key.count(letters) > form_key.count(letters) for letters in _STRONG_LETTERS)


def _leading_article(simple: str) -> bool:
    """Whether a simplified name starts with an article word (``al``, ``el``, ``ash`` ...)
    followed by more words."""
    head, _, rest = simple.partition(" ")
    return bool(rest) and head in ARTICLES


def plain_latin(name: str) -> bool:
    """Whether a non-ASCII name is Latin whose diacritics alone are not ASCII (Khān
    Shaykhūn): every step of the look-up then depends on its simplified form only, as
    for an ASCII name, so the pre-ranked answers apply."""
    if diacritics_only(name):  # the usual case, without anyascii
        return True
    simple = simplify(name)
    return simple.isascii() and latin(name) == simple


class PlaceIndex:
    """A gazetteer table with its look-up indexes (see :class:`Gazetteer` for the parameters)."""

    def __init__(
        self,
        table: pd.DataFrame,
        *,
        bias_box: tuple[float, float, float, float] | None = None,
        threshold: float = 80.0,
        path: str | os.PathLike[str] | None = None,
        aoi: BaseGeometry | None = None,
    ) -> None:
        self.path = None if path is None else Path(path)
        self._queries = 0
        table = table.reset_index(drop=True)
        for col in OPTIONAL_COLUMNS:
            if col not in table.columns:
                table[col] = ""
        self._table = table
        self._ids: list[str] = table["id"].astype(str).tolist()
        self._names: list[str] = table["name"].astype(str).tolist()
        self._lat = table["lat"].to_numpy(dtype=float)
        self._lon = table["lon"].to_numpy(dtype=float)
        self._admin1: list[str] = table["admin1"].fillna("").astype(str).tolist()
        self._feature: list[str] = table["feature"].fillna("").astype(str).tolist()
        pop = pd.to_numeric(table["population"], errors="coerce").fillna(0).to_numpy(float)
        # < 1 point: a tie-breaker. Python lists: candidates are ranked one by one.
        self._pop_bonus: list[float] = (np.log10(np.maximum(pop, 1.0)) / 10.0).tolist()
        self._alts: list[tuple[str, ...]] = [
            tuple(a for a in str(s).split("|") if a) if isinstance(s, str) else ()
            for s in table["alt_names"].tolist()
        ]
        self._region_rows: dict[str, np.ndarray] = {}
        self._border: dict[tuple[int, str], bool] = {}
        self._row_of = {pid: i for i, pid in enumerate(self._ids)}
        if len(self._row_of) != len(self._ids):
            ids = pd.Series(self._ids)
            again = int(np.flatnonzero(ids.duplicated().to_numpy())[0])  # the second use
            dup, first = self._ids[again], self._ids.index(self._ids[again])
            raise BadInputError(
                f"duplicate id {dup!r} (first used on line {first + 2})", self.path, again + 2
            )
        self.threshold = float(threshold)
        if bias_box is None and len(table):
            bias_box = (
                float(self._lon.min()),
                float(self._lat.min()),
                float(self._lon.max()),
                float(self._lat.max()),
            )
        self.bias_box = bias_box
        if aoi is not None and len(table):
            aoi_km = _index.aoi_distance_km(self._lat, self._lon, aoi)
        else:
            aoi_km = _index.box_distance_km(self._lat, self._lon, bias_box)
        self._in_box: list[float] = (aoi_km <= AOI_KM).astype(float).tolist()
        self._aoi_km: list[float] = aoi_km.tolist()
        # The rank of a row without context, less its name score (see _static_rank).
        self._rank_base: list[float] = [
            pop + _BOX_BONUS * box for pop, box in zip(self._pop_bonus, self._in_box, strict=True)
        ]
        # The Match fields of each row in one tuple (Python floats): the geocoding hot path
        # builds a Match with one index instead of six (numpy scalar indexing is slower still).
        self._match_fields: list[tuple[str, str, float, float, str, str]] = list(
            zip(
                self._ids, self._names, self._lat.tolist(), self._lon.tolist(), self._admin1,
                self._feature, strict=True,
            )
        )  # fmt: skip

    # --- construction ---------------------------------------------------------------------

    @property
    def _settled(self) -> float:
        """The spelling ratio from which a folded-key hit settles a query: below the fuzzy
        tier's own cutoff (``threshold``), a typo of another name may be closer (Haraatnin
        is one letter from Hardatnin, a vowel-poor spelling of Haritan), so the fuzzy tier
        is asked too and the candidates are ranked together."""
        return max(_SETTLED_RATIO, self.threshold)

    @cached_property
    def _exact(self) -> dict[str, tuple[int, ...]]:
        return _index.exact_index(self._names)

    @cached_property
    def _alias(self) -> dict[str, tuple[tuple[int, str], ...]]:
        return _index.alias_index(self._alts)

    @cached_property
    def _forms(self) -> list[tuple[str, int]]:
        """Every (name or alias, row) pair, names first."""
        out = [(n, i) for i, n in enumerate(self._names)]
        out += [(a, i) for i, alts in enumerate(self._alts) for a in alts]
        return out

    @cached_property
    def _named(self) -> frozenset[str]:
        """Every simplified name and alias (keys of the exact and alias indexes)."""
        return frozenset(self._exact).union(self._alias)

    @cached_property
    def _folded(self) -> dict[str, tuple[tuple[int, str, str], ...]]:
        return _index.folded_index(self._forms)

    @cached_property
    def _places(self) -> list[dict[str, Any]]:
        """Each row's Match fields that do not depend on the query (see ``row_match``)."""
        keys = ("place_id", "name", "lat", "lon", "admin1", "feature")
        return [
            {**dict(zip(keys, fields, strict=True)), "aoi_km": aoi}
            for fields, aoi in zip(self._match_fields, self._aoi_km, strict=True)
        ]

    @cached_property
    def _simple_forms(self) -> dict[str, str]:
        """Every name and alias -> its :func:`simplify` form (the tie-break compares them)."""
        return {form: simplify(form) for form, _ in self._forms}

    @cached_property
    def _word_fold(self) -> dict[str, str]:
        """Every ASCII word of the names and aliases -> its folded key (glued Kafr split)."""
        return word_folds(form for form, _ in self._forms)

    @cached_property
    def _loose(self) -> dict[str, tuple[tuple[int, str, str], ...]]:
        return _index.loose_index(self._folded)

    @cached_property
    def _fuzzy(self) -> tuple[_index.FuzzyIndex, list[tuple[tuple[int, str], ...]]]:
        return _index.fuzzy_index(self._forms)

    @cached_property
    def _heads(self) -> frozenset[str]:
        return name_heads(form for form, _ in self._forms)

    def _heads_fit(self, name: str, form: str) -> bool:
        """Whether a spelling-tier hit ``form`` keeps the generic head of ``name`` (see
        :func:`heads_agree`; Arabic script has no word-for-word folding to compare)."""
        return has_arabic(name) or heads_agree(fold_tokens(name), fold_tokens(form), self._heads)

    @cached_property
    def _admin1_key(self) -> list[str]:
        return [fold(a) for a in self._admin1]

    @cached_property
    def _best_hit(self) -> tuple[dict[str, Match], dict[str, tuple[Any, ...]]]:
        """The answer of :meth:`geocode` without context for every name and alias.

        Without ``admin1``/``near`` an exact or alias hit depends only on the simplified
        name, so it is ranked once here and a look-up answers the query: the Match fields
        but the query. Two dicts: one keyed by the forms as written (a hit skips even
        :func:`simplify`), one by simplified form.
        """
        by_simple: dict[str, tuple[Any, ...]] = {}
        for key in {**self._exact, **self._alias}:
            # For ASCII names every step of the general path is a function of the simplified
            # name; other scripts (anyascii renderings) take the general path.
            if not key or not key.isascii():
                continue  # an empty query is an error, never a hit
            found = self._index_hits(key)
            if any(h[0] not in found for h in self._folded_hits(key)):
                found = self._find(key, key, fuzzy=None, region=None)
            answer = self._answer("", self._rank(found, None, key), None)
            if answer is not None:
                by_simple[key] = fields_but_query(answer)
        # Keyed by the form as written, the answer is the whole Match (its query is the
        # form): a hit returns a shared frozen object, with no Match built per query.
        by_form: dict[str, Match] = {}
        for form, _ in self._forms:
            plain = form.isascii() or plain_latin(form)
            hit = by_simple.get(simplify(form)) if plain else None
            if hit is not None and form not in by_form:
                by_form[form] = with_query(form, hit)
        return by_form, by_simple

    def _folded_answer(self, name: str, simple: str) -> tuple[bool, Match | None]:
        """The answer for an ASCII name without context that is no name or alias, when its
        folded key settles it (a spelling ratio of at least :attr:`_settled`, the fuzzy
        cutoff): ``(True, answer)``; else ``(False, None)`` and the general path decides."""
        key, query = key_and_compact(simple.split(), self._word_fold)
        hits = self._folded.get(key)
        if not hits or len(key) <= _THIN_KEY:  # a thin key: the general path doubts it
            return False, None
        settled = max(_SETTLED_RATIO, self.threshold)  # self._settled, inlined
        if len(hits) == 1:  # one form of one place (the usual case): no rival, no ranking
            i, form, form_compact = hits[0]
            r = fuzz.ratio(query, form_compact)
            if r < settled:
                return False, None
            if self._aoi_km[i] > AOI_KM:
                return True, None
            score = 85.0 + 0.11 * r
            place, rank = self._places[i], score + self._rank_base[i]
            return True, row_match(place, name, score, "folded", form, None, rank, "fuzzy")
        ratio = fuzz.ratio
        best: dict[int, tuple[float, str]] = {}
        top = 0.0
        for i, form, form_compact in hits:
            r = ratio(query, form_compact)
            if r > top:
                top = r
            seen = best.get(i)
            if seen is None or seen[0] < r:
                best[i] = (r, form)
        if top < settled:
            return False, None
        if len(best) == 1:  # one place: no rival, no ranking
            ((i, (r, form)),) = best.items()
            return True, self._single_folded(name, i, r, form)
        # _static_rank and _tie_break inlined (this runs for every namesake of the key).
        base, written = self._rank_base, self._simple_forms
        article = _leading_article(simple)
        ranked: list[_Ranked] = []
        for i, (r, form) in best.items():
            score = 85.0 + 0.11 * r
            whole = written.get(form)
            if whole is None:
                whole = simplify(form)
            nudge = 0.0001 * ratio(simple, whole)
            if article and _leading_article(whole):
                nudge += _ARTICLE_BONUS
            ranked.append((-(score + base[i]) - nudge, i, score, "folded", form, None))
        ranked.sort()
        return True, self._answer(name, ranked, None)

    def _tie_break(self, simple: str, form: str) -> float:
        """A rank nudge from the spelling as written, articles included: between namesakes
        whose compact spellings score alike (Nasiriyah, al-Nasiriyah), the one whose whole
        name is closer to the query's goes first instead of the first row (< 0.01); a query
        written with the article (el-Teibeh) prefers the namesakes written with it (al
        Taybeh over Teibah) by :data:`_ARTICLE_BONUS` (a query without it says nothing: the
        press drops articles)."""
        written = self._simple_forms.get(form)
        if written is None:
            written = simplify(form)
        nudge = 0.0001 * fuzz.ratio(simple, written)
        if _leading_article(simple) and _leading_article(written):
            nudge += _ARTICLE_BONUS
        return nudge

    def _single_folded(self, name: str, i: int, r: float, form: str) -> Match | None:
        """The answer when one place has the query's folded key (spelling ratio ``r``)."""
        if self._aoi_km[i] > AOI_KM:
            return None
        score = 85.0 + 0.11 * r
        rank = score + self._rank_base[i]
        return row_match(self._places[i], name, score, "folded", form, None, rank, "fuzzy")

    def _answer_index(self) -> tuple[dict[str, Match], dict[str, tuple[Any, ...]]]:
        """:attr:`_best_hit` once built or worth building (after ``_WARM_QUERIES`` queries);
        empty dicts before (the general path gives the same answers)."""
        if "_best_hit" in self.__dict__ or self._queries >= _WARM_QUERIES:
            return self._best_hit
        self._queries += 1
        return _EMPTY

    def _in_region(self, i: int, region: str) -> bool:
        """Whether row ``i`` is in the admin-1 ``region`` (a folded name) or within
        :data:`BORDER_KM` of one of its places: sources draw admin-1 borders differently (a
        Wikipedia-map village on the Aleppo/al-Raqqah border is in Aleppo for OCHA), so a
        strict filter would drop the right place and answer with a namesake inside."""
        if self._admin1_key[i] == region:
            return True
        cached = self._border.get((i, region))
        if cached is None:
            rows = self._region_rows.get(region)
            if rows is None:
                keys = np.asarray(self._admin1_key, dtype=object)
                rows = self._region_rows[region] = np.flatnonzero(keys == region)
            cached = bool(len(rows)) and bool(
                _index.haversine_km(
                    self._lat[i], self._lon[i], self._lat[rows], self._lon[rows]
                ).min()
                <= BORDER_KM
            )
            self._border[(i, region)] = cached
        return cached

    def _static_rank(self, i: int, score: float) -> float:
        """Rank of row ``i`` at name score ``score`` without admin-1/near context."""
        return score + self._rank_base[i]

    def _index_hits(self, simple: str) -> dict[int, tuple[float, str, str]]:
        """Exact and alias hits of a simplified name: row -> (score, tier, matched)."""
        found: dict[int, tuple[float, str, str]] = {}
        for i in self._exact.get(simple, ()):
            found[i] = (_TIER_SCORE["exact"], "exact", self._names[i])
        for i, alt in self._alias.get(simple, ()):
            if i not in found:  # alias (97) never beats exact (100) for the same row
                found[i] = (_TIER_SCORE["alias"], "alias", alt)
        return found

    def _has_rivals(self, form: str) -> bool:
        found = self._index_hits(simplify(form))
        return any(h[0] not in found for h in self._folded_hits(form))

    def _folded_hits(self, name: str) -> tuple[tuple[int, str, str], ...]:
        """Forms whose folded key is the name's or, for Arabic script, one of its Latin keys:
        (row, form, compact form)."""
        key = "".join(fold_tokens(name))
        hits = self._folded.get(key, ())
        keys = arabic_keys(name)
        if keys:
            hits += tuple(h for k in keys for h in self._folded.get(k, ()))
        return hits

    def _loose_hits(self, name: str) -> tuple[tuple[int, str, str], ...]:
        """Forms with the name's looser Turkish/French-tolerant key (:func:`loose_key`).

        For a Latin query the looseness goes one way: Turkish and French spellings write
        h for kh, s for sh, g for gh, c for j and v/ou for w, never the reverse, so a form
        is no loose hit when the query writes more of those letters than the form (Efesh,
        with sh, is not Afes; Han Seyhun, with h, may be Khan Shaykhun)."""
        keys = arabic_keys(name)
        if keys:
            loose = dict.fromkeys(map(loose_key, keys))
            return tuple(h for k in loose for h in self._loose.get(k, ()))
        key = "".join(fold_tokens(name))
        hits = self._loose.get(loose_key(key), ())
        if not any(letters in key for letters in _STRONG_LETTERS):
            return hits
        return tuple(h for h in hits if not _stronger(key, "".join(fold_tokens(h[1]))))

    def _find(
        self, name: str, simple: str, *, fuzzy: bool | None, region: str | None
    ) -> dict[int, tuple[float, str, str]]:
        """All rows ``name`` may denote: row -> (score, tier, matched), in ``region`` only.

        Scores: exact 100, alias 97, folded and fuzzy 85 + 0.11 x the rapidfuzz ratio of the
        compact spellings (folded keys are lossy: how close the spelling is decides between
        namesakes). Looser keys (tier ``fuzzy``) are asked only while no name or alias
        matched and the best spelling ratio is below 75; the fuzzy tier while it is below
        the fuzzy cutoff (``threshold``, 80 by default).
        """
        found = self._index_hits(simple)
        if region is not None:
            found = {i: v for i, v in found.items() if self._in_region(i, region)}
        query = compact(latin(name))
        # Arabic script: the glides (ya, waw) are letters, so a Latin name that writes them
        # (Mughayriyah for المغيرية) outscores a namesake that does not (Mughira).
        glide = glide_skeleton(name) if has_arabic(name) else None
        best = self._offer(found, self._folded_hits(name), query, "folded", region, glide=glide)
        if not found or best < _SETTLED_RATIO:
            hits = [(i, form, loose_spelling(c)) for i, form, c in self._loose_hits(name)
                    if self._heads_fit(name, form)]  # fmt: skip
            loose_query = loose_spelling(query)
            loose = self._offer(found, hits, loose_query, "fuzzy", region, _LOOSE_MIN_RATIO)
            best = max(best, loose)
        if fuzzy or (fuzzy is None and (not found or best < self._settled)):
            index, owners = self._fuzzy
            hits = [(i, form, index.forms[j]) for j, _ in index.search(query, self.threshold)
                    for i, form in owners[j] if self._heads_fit(name, form)]  # fmt: skip
            self._offer(found, hits, query, "fuzzy", region, glide=glide)
        return found

    def _offer(
        self,
        found: dict[int, tuple[float, str, str]],
        hits: Iterable[tuple[int, str, str]],
        query: str,
        tier: str,
        region: str | None,
        min_ratio: float = 0.0,
        *,
        glide: str | None = None,
    ) -> float:
        """Score ``hits`` (row, form, compact form) with a ratio of at least ``min_ratio``
        into ``found``; return the best ratio, -1 with no hit (``found`` already holding
        exact/alias hits counts as 100). With ``glide`` (the query's
        :func:`~frontline.reference._variants.glide_skeleton`), the ratio is the mean of
        the spelling ratio and the glide skeletons' ratio."""
        best = 100.0 if any(v[1] in ("exact", "alias") for v in found.values()) else -1.0
        for i, form, form_compact in hits:
            if region is not None and not self._in_region(i, region):
                continue
            ratio = fuzz.ratio(query, form_compact)
            if glide:
                ratio = (ratio + fuzz.ratio(glide, glide_skeleton(form_compact))) / 2
            if ratio < min_ratio:
                continue
            best = max(best, ratio)
            score = 85.0 + 0.11 * ratio
            if i not in found or found[i][0] < score:
                found[i] = (score, tier, form)
        return best

    def _rank(
        self,
        found: dict[int, tuple[float, str, str]],
        near: tuple[float, float] | None,
        simple: str = "",
    ) -> list[_Ranked]:
        """Rank candidates; with several, ``simple`` (the simplified query) breaks ties."""
        # Candidate sets are small (a handful of namesakes): plain Python beats numpy here.
        ranked: list[_Ranked] = []
        several = len(found) > 1 and bool(simple)
        for i, (score, tier, matched) in found.items():
            rank = self._static_rank(i, score)
            if several:
                rank += self._tie_break(simple, matched)
            dist = None
            if near is not None:
                dist = _index.haversine_one(near[0], near[1], self._lat[i], self._lon[i])
                rank += _NEAR_BONUS * math.exp(-dist / _NEAR_SCALE_KM)
            ranked.append((-rank, i, score, tier, matched, dist))
        ranked.sort()
        return ranked

    def _match(self, query: str, r: _Ranked, status: str = "") -> Match:
        neg_rank, i, score, tier, matched, dist = r
        return row_match(
            self._places[i], query, float(score), tier, matched, dist, float(-neg_rank),
            status or _STATUS_OF[tier],
        )  # fmt: skip

    def _answerable(self, r: _Ranked) -> bool:
        """Whether a candidate may be an answer: a fuzzy one only inside the AOI and the
        ``near`` radius (an admin-1 region already filtered the candidates)."""
        if _STATUS_OF[r[3]] != "fuzzy":
            return True
        weak = r[2] < 85.0 + 0.11 * _WEAK_RATIO
        dist = r[5]
        return not weak and self._aoi_km[r[1]] <= AOI_KM and (dist is None or dist <= NEAR_KM)

    def _answer(self, query: str, ranked: list[_Ranked], near: Any) -> Match | None:
        """The best answerable candidate, ``ambiguous`` (with the others) when distinct
        places rank within a few points of it."""
        answerable = self._answerable
        for top in ranked:
            if answerable(top):
                break
        else:
            return None
        fields = self._match_fields  # Python floats: numpy scalar indexing is slower
        lat, lon = fields[top[1]][2:4]
        # A misspelt name is no evidence for the place inside the AOI: when the answer is
        # fuzzy, a namesake the AOI bonus alone put behind it is a rival too (a fuzzy answer
        # with a far namesake that fits as well is never confident).
        margin = _AMBIGUOUS_MARGIN + (_BOX_BONUS if _STATUS_OF[top[3]] == "fuzzy" else 0.0)
        rivals = [
            r for r in ranked[:6]
            if r[1] != top[1] and r[0] - top[0] < margin
            and _index.haversine_one(lat, lon, *fields[r[1]][2:4]) > AMBIGUOUS_KM
        ]  # fmt: skip
        if not rivals and (_STATUS_OF[top[3]] != "fuzzy" or len(fold(query)) > _THIN_KEY):
            return self._match(query, top)
        # A misspelt name whose consonant skeleton is a letter or two ("Raia" -> r) matches
        # whatever short name shares it: never a confident answer.
        others = tuple(self._match(query, r) for r in (rivals or ranked[1:3]))
        neg_rank, i, score, tier, matched, dist = top
        return row_match(
            self._places[i], query, float(score), tier, matched, dist, float(-neg_rank),
            "ambiguous", others,
        )  # fmt: skip

    def _doubt_region(
        self, name: str, simple: str, answer: Match, near: tuple[float, float] | None
    ) -> Match:
        """A fuzzy answer found inside an admin-1 region, ``ambiguous`` when the same name
        without the region is ambiguous or fits another place best: the region chose among
        namesakes of a doubtful spelling, and the right place may be one the gazetteer
        lacks (a misspelt Shathah in Hama is not the Hama Shathah 60 km away for sure)."""
        found = self._find(name, simple, fuzzy=None, region=None)
        free = self._answer(name, self._rank(found, near, simple), near)
        if free is None or (free.place_id == answer.place_id and not free.alternatives):
            return answer
        others = tuple(m for m in (free, *free.alternatives) if m.place_id != answer.place_id)
        fields = fields_but_query(answer)
        return Match(name, *fields[:11], "ambiguous", fields[12], others)  # type: ignore[call-arg]
