"""Stage 5a: the arguments of a trigger: which places (objects after an active verb, with
lists "X, Y and Z"; subjects before a passive one; "it" / "the town" referring back) and
which actor (the subject before the verb; the agent after "by" / "fell to")."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from frontline.events.extract.cues import (
    APPOSITION_IN_LIST,
    ATTRIBUTION_AFTER,
    FOUGHT_WITH,
    INCLUDING_GAP,
    INCLUDING_LATER,
    ON_BEFORE_DATE,
    RELATIVE_SUBJECT,
    past_loser,
)
from frontline.events.extract.letters import title_case_line
from frontline.events.extract.names import name_slot
from frontline.events.extract.patterns import (
    FIRST_CAP,
    GLUED_GAP,
    INSTITUTION_WORDS,
    LISTED_LINE,
    LOSER_BEFORE,
    NOT_NAMES,
    PLURAL_BETWEEN,
    PRONOUN_AFTER,
    RELATIVE_IN_LIST,
    UNKNOWN_NAME,
    gap_is_filler,
    lead_patterns,
    list_gap,
    name_with_landform,
    name_words_ok,
)
from frontline.events.extract.places import ENGLISH_WORDS, PlaceHit
from frontline.events.extract.triggers import TRIGGERS
from frontline.ingest.dates import DateMention
from frontline.reference.sides import ActorMention, Sides

# Between a place and "the town" after it: a break that starts another clause.
_CLAUSE_BREAK = re.compile(r"[;:—–(]")
# A verb right after a name: the name opens a clause of its own.
_VERB_NEXT = re.compile(r"\s+(?:was|were|is|are|has|had|have|fell|came|returned)\b")

# A plural place noun, then a colon before the list (a locator may stand between).
_LIST_AFTER_COLON = re.compile(
    r"[^.;:!?]{0,60}?\b(?:villages|towns|settlements|areas|localities|hills|hilltops"
    r"|positions|points|sites|hamlets|farms|cities|neighbou?rhoods|districts)\b"
    r"[^.;:!?]{0,60}:",
    re.IGNORECASE,
)


__all__ = ["LISTED_REFERENT", "ArgumentReader", "PlaceRef", "Trigger", "trigger_of"]

_AND = re.compile(r"\s*(?:,\s*)?(?:and|along\s+with|together\s+with|with)\s+(?:the\s+)?")
# Before an actor that is an object or a complement, not a subject.
_UNITS_OF = re.compile(
    r"\b(?:units|elements|troops|forces|soldiers|fighters|members|detachments)\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
# Who a side fought ("after violent clashes with X, they took ..."): never the subject.
_FOUGHT_WITH = re.compile(
    r"\b" + FOUGHT_WITH + r"\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# After a possessive actor: a unit of it ("the army's elite 25th Division"): the actor.
_UNIT_AFTER = re.compile(
    r"['’]s?\s+(?:elite\s+|own\s+)?(?:[\w-]+\s+){0,3}?(?:division|forces|units|troops|brigade"
    r"|regiment|corps|battalion|soldiers|fighters)\b",
    re.IGNORECASE,
)
_OBJECT_BEFORE = re.compile(
    r"\b(?:against|from|to|towards?|with|near|into|by|at|on|in|inside|of|and|between)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


def _verb_form(word: str) -> bool:
    """Whether a capitalised word is an English verb form ("Rushed" in a title-case
    headline): its stem without "-ed"/"-d"/"-s" is a common English word."""
    w = word.lower()
    return any(
        w.endswith(suffix) and w[: -len(suffix)] in ENGLISH_WORDS for suffix in ("ed", "d", "s")
    )


#: A noun phrase pointing back at places listed before ("the above mentioned five areas",
#: "these villages", "the said towns").
LISTED_REFERENT = (
    r"(?:the\s+)?(?:above[\s-]?mentioned|aforementioned|afore-mentioned|said|these|those)\s+"
    r"(?:\w+\s+)?(?:towns|villages|areas|places|localities|settlements|hills|sites|positions)\b"
)
# Right after a verb: "liberating (all of) the above mentioned five areas".
_REFERENT_AFTER = re.compile(r"\s+(?:all\s+(?:of\s+)?)?" + LISTED_REFERENT, re.IGNORECASE)
# A road listed first ("took control of the M5 highway and X"): the places after it count.
_ROUTE_FIRST = re.compile(
    r"\s*(?:the\s+)?(?:strategic\s+|key\s+)?(?:[A-Z]{1,2}-?\d{1,3}|[A-Z][\w'’]+[-–][A-Z][\w'’]+)"
    r"\s+(?:international\s+)?(?:highways?|roads?|motorways?)\s*(?:,|and|as\s+well\s+as)"
    r"\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$"
)
# An indefinite place noun after a verb, its name set off later ("a strategic town in the
# northwest on Tuesday, X,"): up to the name.
_NAMED_LATER = re.compile(
    r"\s+(?:a|an)\s+(?:[\w'’-]+\s+){0,3}?(?:town|city|village|hilltop|hill|crossroads\s+town)"
    r"\b[^.;,:]{0,80},\s+(?=(?:(?:al|el)-)?[A-Z])",
    re.IGNORECASE,
)
# A list item on a line of its own: a capitalised name of up to five words, hyphens and
# lower-case particles allowed ("Qal-et Madiq", "Saxir El Bani"); the line is the item.
_LINE_NAME = re.compile(r"(?:(?:al|el)[- ])?[A-Z][\w'‘’ʿʾ`-]*(?:[ -][\w'‘’ʿʾ`-]+){0,4}")
# "the strategic hill of X": what a later "the hill" may point back to.
_NOUN_OF_NAME = re.compile(
    r"\b(?P<noun>town|village|city|hill|hilltop)\s+of\s+(?P<name>(?-i:(?:(?:al|el)-)?[A-Z][\w'’-]+"
    r"(?:[ -](?:(?:al|el)-)?[A-Z][\w'’-]+){0,2}))",
    re.IGNORECASE,
)
# A counted or plural place noun, then its list in brackets.
_PAREN_LIST = re.compile(
    r"[^.;:()]{0,60}?\b(?:villages|towns|areas|settlements|localities|hills|positions|sites"
    r"|cities)\s*\(\s*",
    re.IGNORECASE,
)
# Part of a place is taken, not the place ("captured most of the X quarter").
_PARTIAL_OF = re.compile(r"\b(?:most|half|parts?|much|sections?)\s+of\b", re.IGNORECASE)
# Between list members: a locator ("in the southwestern Z countryside") ...
_LOCATOR_IN_LIST = re.compile(
    r"\s+in\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:countryside|province|governorate|region"
    r"|district)(?:\s+of\s+(?:[\w'’-]+\s+){0,2}?[A-Z][\w'’-]+)?(?=\s*(?:,|and\b))",
)
# ... or a building the list names among places ("A, Arab Union College, B").
_INSTITUTION_IN_LIST = re.compile(
    r"\s*,\s*(?:[A-Z][\w'’-]*\s+){0,3}(?:"
    + "|".join(sorted(INSTITUTION_WORDS))
    + r")(?=\s*(?:,|and\b))"
)
_ENUMERATOR = re.compile(r"\s*(?:\d{1,2}\s?[-.)–]|[-•*·])\s*")
# The plural place noun a sentence's list follows ("in the towns of A, B and C").
_LIST_NOUN = re.compile(
    r"\b(?:towns|villages|areas|localities|settlements|hills|sites|positions)\s+(?:of\s+)?",
    re.IGNORECASE,
)


@dataclass(slots=True)
class PlaceRef:
    """A place a trigger refers to: a gazetteer hit, or a name it lacks (``hit`` None)."""

    text: str
    start: int
    end: int
    hit: PlaceHit | None  # None: a name the gazetteer does not know
    pronoun: bool = False


@dataclass(slots=True)
class Trigger:
    """A trigger match: offsets, text and pattern group (``control``, ``siege`` ...)."""

    start: int
    end: int
    text: str
    group: str


def trigger_of(m: re.Match[str]) -> Trigger:
    """The :class:`Trigger` of a match of the trigger pattern (its group names the kind)."""
    return Trigger(m.start(), m.end(), m.group(0), m.lastgroup or "")


class ArgumentReader:
    """Finds a trigger's places and actor in the article state the extractor keeps."""

    text: str
    hits: list[PlaceHit]
    region: list[bool]
    actors: list[ActorMention]
    dates: list[DateMention]
    salience: Counter[str]
    first_mention: dict[str, PlaceRef]
    sentence_places: list[PlaceRef]
    last_place: PlaceRef | None
    side_counts: Counter[str] | None
    sides: Sides
    outlets: list[tuple[int, int]]
    hits_start: list[int]
    dates_start: list[int]
    sentences: list[tuple[int, int]]
    sent_starts: list[int]

    def objects_after(self, pos: int, s: int, e: int, s_hits: Sequence[int]) -> list[PlaceRef]:
        """The places after an active verb at ``pos``: a list, a pronoun, or lines after a colon."""
        text = self.text
        if text[pos : pos + 1] in ('"', "”", "’"):
            pos += 1  # troops had "liberated" X: the verb in scare quotes
        after = text[pos:e]
        referred = self._referred(after, pos, s, s_hits)
        if referred is not None:
            return referred
        places: list[PlaceRef] = []
        cursor = pos = past_loser(text, pos, self.actors) if " from " in after[:7] else pos
        hits_after = [i for i in s_hits if self.hits[i].start >= pos]
        k = 0
        while True:
            nxt = self.hits[hits_after[k]] if k < len(hits_after) else None
            limit = nxt.start if nxt is not None else e
            gap = self._without_dates(cursor, limit)
            if places:
                ok = bool(list_gap(gap))
                if ok and nxt is not None and ";" in gap and _VERB_NEXT.match(text, nxt.end):
                    break  # "took X on Tuesday; Y fell on Wednesday": a clause, no list
            else:
                ok = not _PARTIAL_OF.search(gap) and (
                    gap_is_filler(gap)
                    or (", " in gap and bool(INCLUDING_GAP.match(gap)))
                    or self._route_first(gap)
                    or bool(_ENUMERATOR.fullmatch(gap))  # ": 1- A 2- B"
                )
            if nxt is not None and ok and not self.region[hits_after[k]]:
                places.append(PlaceRef(nxt.text, nxt.start, nxt.end, nxt))
                cursor = nxt.end
                k += 1
                continue
            if nxt is not None and ok and nxt.text.endswith(("'s", "’s")):
                cursor = nxt.end  # "Idlib's Tal Khaznah": the region only locates the place
                k += 1
                continue
            if nxt is not None and ok and text[nxt.end : nxt.end + 2] in ("'s", "’s"):
                cursor = nxt.end + 2
                k += 1
                continue
            skip = self._list_skip(cursor, e) if places else None
            if skip is not None:
                # "X and Y, which lie in the Z district, as well as W": on after the clause
                cursor = skip
                while k < len(hits_after) and self.hits[hits_after[k]].start < cursor:
                    k += 1
                continue
            # an unknown name where a place should be
            unknown = self.unknown_name(cursor, limit, first=not places)
            if unknown is None:
                break
            places.append(unknown)
            cursor = unknown.end
        return places or self._objects_elsewhere(pos, cursor, s, e, s_hits)

    def _list_skip(self, cursor: int, e: int) -> int | None:
        """Where a list goes on past what stands between two members: a relative clause or
        an apposition ("X and Y, which lie in the Z district, as well as W"), a locator
        ("X in the southern Z countryside and the town of W"), a building the list names
        among places ("A, Arab Union College, B"); None if nothing to skip."""
        text = self.text
        m = (
            RELATIVE_IN_LIST.match(text, cursor, e)
            or APPOSITION_IN_LIST.match(text, cursor, e)
            or _LOCATOR_IN_LIST.match(text, cursor, e)
            or _INSTITUTION_IN_LIST.match(text, cursor, e)
        )
        return m.end() if m is not None else None

    def _referred(
        self, after: str, pos: int, s: int, s_hits: Sequence[int]
    ) -> list[PlaceRef] | None:
        """The places a pronoun or a referring noun right after a verb points back to ("it",
        "the town", "these villages"); None if ``after`` opens with neither."""
        if _REFERENT_AFTER.match(after):
            return self.referred_list(pos, s)
        m = PRONOUN_AFTER.match(after)
        if m is None:
            return None
        word = m.group(0).strip().lower()
        if word == "them" and (listed := self.referred_list(pos, s)):
            return listed  # "recaptured A and B after the army took them on Friday"
        lp = self.antecedent(pos, s, s_hits, noun=word not in ("it", "them"))
        if lp is None:
            lp = self._named_by_noun(pos, word.split()[-1])
        if lp is None:
            return []
        return [PlaceRef(lp.text, lp.start, lp.end, lp.hit, pronoun=True)]

    def _named_by_noun(self, pos: int, noun: str) -> PlaceRef | None:
        """A place the gazetteer lacks that "the hill" at ``pos`` points back to: the last
        "the hill of X" of the text before (within about two sentences)."""
        found = None
        for m in _NOUN_OF_NAME.finditer(self.text, max(0, pos - 600), pos):
            if m.group("noun").lower() == noun and name_words_ok(m.group("name")):
                found = m
        if found is None:
            return None
        return PlaceRef(found.group("name"), found.start("name"), found.end("name"), None)

    @staticmethod
    def _route_first(gap: str) -> bool:
        """Whether ``gap`` before a place is filler and then a road listed first ("full
        control of the M5 highway and")."""
        m = _ROUTE_FIRST.search(gap)
        return m is not None and gap_is_filler(gap[: m.start()])

    def referred_list(self, pos: int, s: int) -> list[PlaceRef]:
        """The places "the above-mentioned areas" / "these villages" at ``pos`` point back
        to: a list of two or more places earlier in the sentence, else in the sentence
        before; the list after the last plural place noun first ("in the towns of A, B and
        C", names the gazetteer lacks included), else the first list of known places."""
        spans = [(s, pos)]
        k = bisect.bisect_right(self.sent_starts, s) - 1
        if k > 0:
            spans.append(self.sentences[k - 1])
        for a, b in spans:
            lo, hi = bisect.bisect_left(self.hits_start, a), bisect.bisect_left(self.hits_start, b)
            starts = [self.hits[j].start for j in range(lo, hi) if not self.region[j]]
            if nouns := list(_LIST_NOUN.finditer(self.text, a, b)):
                starts.insert(0, nouns[-1].end())
            for start in starts:
                found = self.objects_after(start, a, b, range(lo, hi))
                if len(found) > 1:
                    return [PlaceRef(p.text, p.start, p.end, p.hit, pronoun=True) for p in found]
        return []

    def _objects_elsewhere(
        self, pos: int, cursor: int, s: int, e: int, s_hits: Sequence[int]
    ) -> list[PlaceRef]:
        """The objects of a verb at ``pos`` set out after a colon, one a line, or after
        "including" (no place right after the verb; ``cursor``: where the reading stopped)."""
        text = self.text
        if text[cursor:e].rstrip().endswith(":") and gap_is_filler(
            text[cursor:e].rstrip()[:-1].replace("following", "")
        ):
            return self._listed_lines(e)  # "captured the following villages:" + one a line
        if (colon := _LIST_AFTER_COLON.match(text, pos, e)) is not None:
            # "liberated three settlements in the X countryside: A, B and C"
            return self.objects_after(colon.end(), s, e, s_hits)
        if (paren := _PAREN_LIST.match(text, pos, e)) is not None:
            # "liberated several villages (A, B and C) on Monday"
            return self.objects_after(paren.end(), s, e, s_hits)
        if (named := _NAMED_LATER.match(text, pos, e)) is not None:
            # "captured a strategic town in the northwest on Tuesday, Khan Sheikhoun, ..."
            return self.objects_after(named.end(), s, e, s_hits)[:1]
        if (inc := INCLUDING_LATER.match(text, pos, e)) is not None:
            # "captured several areas in western X this morning, including the town of Y"
            return self.objects_after(inc.end(), s, e, s_hits)
        return []

    def _listed_lines(self, pos: int) -> list[PlaceRef]:
        """The places of a list set out one a line (bullets or numbers) after ``pos``."""
        out = []
        first_hit = bisect.bisect_left(self.hits_start, pos)
        for m in LISTED_LINE.finditer(self.text, pos):
            if m.start() != pos:
                break
            pos = m.end()
            start, end = m.start("name"), m.end("name")
            i = first_hit
            while i < len(self.hits) and self.hits[i].start < start:
                i += 1
            if i < len(self.hits) and self.hits[i].start == start and self.hits[i].end == end:
                h = self.hits[i]
                out.append(PlaceRef(h.text, h.start, h.end, h))
            elif _LINE_NAME.fullmatch(m.group("name")) and name_words_ok(m.group("name")):
                out.append(PlaceRef(m.group("name"), start, end, None))
            else:
                break
        return out

    def _without_dates(self, a: int, b: int) -> str:
        """``text[a:b]`` with date phrases blanked ("took control of this morning, Friday,
        the village of X")."""
        gap = self.text[a:b]
        i = bisect.bisect_left(self.dates_start, a)
        dates = self.dates
        while i < len(dates) and dates[i].start < b:
            d = dates[i]
            if d.end <= b:
                start = d.start
                lead = ON_BEFORE_DATE.search(self.text, max(a, start - 9), start)
                if lead is not None:
                    start = lead.start()  # "X on Monday and Y": the preposition goes too
                gap = gap[: start - a] + " " * (d.end - start) + gap[d.end - a :]
            i += 1
        return gap

    def antecedent(
        self, pos: int, s: int, s_hits: Sequence[int], noun: bool = False
    ) -> PlaceRef | None:
        """What "it" / "the town" at ``pos`` refers to.

        "it": the last place named before it. "the town": the article's most-mentioned
        place so far (its topic), the earliest on a tie, else the last place named.
        """
        if noun and self.salience:
            top = max(self.salience.values())
            keys = [k for k, n in self.salience.items() if n == top]
            # A place named earlier in the same clause is what "the town" points back to
            # ("troops entered X and took control of the town"); else the article's topic.
            in_clause = any(
                self.hits[i].end <= pos
                and not self.region[i]
                and not _CLAUSE_BREAK.search(self.text, self.hits[i].end, pos)
                for i in s_hits
            )
            if not in_clause and (
                len(keys) == 1
                or not any(self.hits[i].end <= pos and not self.region[i] for i in s_hits)
            ):
                return self.first_mention[keys[0]]
        if PLURAL_BETWEEN.search(self.text, max(s, pos - 60), pos) and self.text[
            pos:
        ].lstrip().lower().startswith("them"):
            return None  # "attacked three towns near X, seizing them": not X
        found = [p for p in self.sentence_places if p.end <= pos]
        best = found[-1] if found else None
        for i in s_hits:
            h = self.hits[i]
            if h.end <= pos and not self.region[i] and (best is None or h.start > best.start):
                best = PlaceRef(h.text, h.start, h.end, h)
        return best or self.last_place

    def _title_case(self, pos: int) -> bool:
        """Whether the line around ``pos`` is a title-case headline (see
        :func:`~frontline.events.extract.letters.title_case_line`)."""
        return title_case_line(self.text, pos)

    def unknown_name(self, cursor: int, limit: int, first: bool) -> PlaceRef | None:
        """A capitalised name the gazetteer lacks between ``cursor`` and ``limit``, or None."""
        gap = self._without_dates(cursor, limit)
        cap = FIRST_CAP.search(gap)
        if cap is None:
            return None
        lead = gap[: cap.start()]
        m = UNKNOWN_NAME.match(gap[len(lead) :])
        # an opening quote is no word of the slot ('the villages of "Tal Qarmid"')
        slot = lead[:-1] if first and lead.endswith(('"', "“", "‘", "'")) else lead
        if m is None or not name_slot(self.text, cursor, slot, first, m.group(0)):
            return None
        if first and _PARTIAL_OF.search(slot):
            return None  # "captured most of the X quarter": part of it
        name = m.group(0)
        head, _, rest = name.partition(" ")
        if rest and head.endswith(("'s", "’s")):
            lead += head + " "  # "Idlib’s Tal Khaznah": the region only locates the place
            name = rest
        words = name.split()
        if words[0] in NOT_NAMES or name in NOT_NAMES or not name_words_ok(name):
            return None
        if any(w in INSTITUTION_WORDS for w in words):
            return None  # "..., the Russian Center for Reconciliation said": no place
        start = cursor + len(lead)
        end = start + len(name)
        i = bisect.bisect_left(self.hits_start, start)
        if i < len(self.hits) and self.hits[i].start < end:
            return None  # a name the scanner knows (a region here): no unknown place
        if TRIGGERS.match(self.text, start):
            return None  # "Takes X, Advances toward Y" (a headline): a verb, not a place
        if any(a.start < end and start < a.end for a in self.actors):
            return None
        if any(d.start < end and start < d.end for d in self.dates):
            return None
        if any(o0 < end and start < o1 for o0, o1 in self.outlets):
            return None  # "..., Al-Masdar News reports"
        if (
            ATTRIBUTION_AFTER.match(self.text, end)
            or self.text.startswith("-based", end)
            or (
                " " not in name
                and (name.endswith(("ian", "ish", "ese", "ean")) or _verb_form(name))
            )
        ):
            return None
        if not first and self._title_case(start):
            return None  # "..., the Russian centre said", "..., Turkish media reported"
        name = name_with_landform(self.text, end, name)  # "Zarqa heights"
        return PlaceRef(name, start, start + len(name), None)

    def actor_before(self, pos: int, s: int, s_actors: list[ActorMention]) -> ActorMention | None:
        """The subject actor before ``pos`` in the sentence (losers after "from" skipped)."""
        best = None
        prev = None
        for a in s_actors:
            if a.end <= pos:
                pre = self.text[max(s, a.start - 70) : a.start]
                if (
                    LOSER_BEFORE.search(pre) or ("with" in pre and _FOUGHT_WITH.search(pre))
                ) and not RELATIVE_SUBJECT.match(self.text, a.end, pos):
                    continue  # "after the defeat of the rebels", "clashes with X": the loser
                best, prev = a, best
        if best is not None and prev is not None and self._joint_lead(prev, best):
            return prev
        return best

    def _joint_lead(self, prev: ActorMention, best: ActorMention) -> bool:
        """Whether ``prev`` leads the joint subject "``prev`` and ``best``": "Turkey-backed
        rebels and Turkish forces captured X": a side of the sides table's first two rows
        (the main belligerents) before one of another side ("Regime forces and Iran-backed
        terrorist groups": two sides never take a place together)."""
        if not _AND.fullmatch(self.text, prev.end, best.start):
            return False
        main = [sd.side for sd in self.sides][:2]
        return prev.side in main and best.side != prev.side

    def clause_subject(self, pos: int, s: int, s_actors: list[ActorMention]) -> ActorMention | None:
        """The main clause's subject for a participle at ``pos`` (", capturing X"): the
        first actor of the sentence that is no object or possessive ("The army fought the
        militants' rearguard, capturing X": the army)."""
        for a in s_actors:
            if a.end > pos:
                break
            if self.text.startswith(("'", "’"), a.end) and not _UNIT_AFTER.match(self.text, a.end):
                continue  # "the militants' rearguard"; not "the army's elite 25th Division"
            if _OBJECT_BEFORE.search(self.text, max(s, a.start - 20), a.start) and not (
                _UNITS_OF.search(self.text, max(s, a.start - 24), a.start)
            ):
                continue  # an object; "units of the Syrian Army" are the army
            return a
        return None

    def actor_after(
        self, pos: int, s_actors: list[ActorMention], lead: str = r"(?:by|to|of)"
    ) -> ActorMention | None:
        """The agent after ``pos`` introduced by ``lead`` ("by", "to", "of"), or None."""
        glued_re, gap_re = lead_patterns(lead)
        glued = glued_re.search(self.text[max(0, pos - 8) : pos])
        for a in s_actors:
            if a.start >= pos:
                gap = self.text[pos : a.start]
                if glued and GLUED_GAP.fullmatch(gap):
                    return a
                if len(gap) < 70 and gap_re.search(gap):
                    return a
                return None
        return None

    def actor_after_clause(
        self, pos: int, e: int, s_actors: list[ActorMention]
    ) -> ActorMention | None:
        """The subject of the main clause after a fronted one ("After capturing X, the
        army ..."): the first actor after the next comma, unless it is a loser."""
        comma = self.text.find(",", pos, e)
        if comma < 0:
            return None
        for a in s_actors:
            if a.start > comma:
                pre = self.text[max(comma, a.start - 30) : a.start]
                return None if LOSER_BEFORE.search(pre) else a
        return None

    def gainer_from_loser(self, pos: int, s_actors: list[ActorMention]) -> str:
        """ "X was recaptured from the RSF" (verb ending at ``pos``): no gainer named, the
        loser after "from"; the gainer is the article's other side, or the other of a
        two-side table ("" if neither)."""
        loser = self.actor_after(pos, s_actors, r"from")
        return self.other_side(loser.side) if loser is not None else ""

    def other_side(self, side: str) -> str:
        """The side named most in the article other than ``side`` ("" if none)."""
        # Counted here, not per article: only "withdrew from" needs the other side.
        if self.side_counts is None:
            self.side_counts = Counter(a.side for a in self.actors)
        for key, _ in self.side_counts.most_common():
            if key != side:
                return key
        # No other side named: the sides table's first two rows are the two main
        # belligerents (data, not code): one's loss is the other's gain (in a war of two
        # sides, "Wad Madani was recaptured from the RSF", simply the other one).
        main = [sd.side for sd in self.sides][:2]
        return next((k for k in main if k != side), "") if side in main else ""
