"""Stage 4b: the places a passive or intransitive verb is about, before it ("X and Y were
captured", "X fell to the army"): coordinated subjects, appositions, "the latter",
locators, and names the gazetteer lacks."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from frontline.events.extract.arguments import LISTED_REFERENT, ArgumentReader, PlaceRef
from frontline.events.extract.cues import LATTER_BEFORE, PREPOSITION_BEFORE, RELATIVE_OPENER
from frontline.events.extract.patterns import (
    BARE_SUBJECT,
    COORDINATED_NAME,
    LOCATOR_BEFORE,
    NOT_NAMES,
    PASSIVE_SUBJECT,
    PRONOUN_BEFORE,
    RELATIVE_ASIDE,
    TRIGGERS,
    gap_is_filler,
    list_gap,
    name_words_ok,
    no_sequence,
)

__all__ = ["SubjectReader"]

# A subject pointing back at a list before ("The above mentioned towns were liberated",
# "These villages were then captured").
_ANAPHOR = re.compile(r"\b" + LISTED_REFERENT + r"[^.;,]{0,40}$", re.IGNORECASE)
# People of a group before a passive's subject: the group's name is no place.
_PEOPLE_OF = re.compile(
    r"\b(?:militants|fighters|members|soldiers|terrorists|gunmen|officers|commanders|elements"
    r"|troops)\s+(?:of|from)\s+(?:the\s+)?(?:[\w'’()-]+\s+){0,5}?$",
    re.IGNORECASE,
)
# After a known subject: a name the gazetteer lacks closing the list before the copula.
_UNKNOWN_LAST = re.compile(
    r"\s*(?:,\s*and|,|and)\s+(?P<name>(?:(?:al|el)-)?[A-Z][\w'’]+(?:[- ](?:(?:al|el)-)?"
    r"[A-Z][\w'’]+){0,3})\s+(?:(?:has|have|had)\s+)?(?:was|were|been|is|are)\b[^,;.]{0,30}$"
)

# Between a place and the place locating it ("Hantunin village in north of X").
_NOUN_LOCATOR = re.compile(
    r"\s+(?:(?:village|town|hill|area|villages|towns|hills|areas)\s+)?(?:in\s+(?:the\s+)?)?"
    r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
    r"\s+(?:of\s+)?|near\s+|outside\s+)(?:the\s+)?",
    re.IGNORECASE,
)
# Right before a passive verb, after an apposition: ", was", ", has been".
_APPOSED_AUX = re.compile(
    r",\s*(?:has\s+been|have\s+been|had\s+been|was|were|is|are)\s+(?:\w+ly\s+)?$"
)
# After a place: an apposition describing it ("X, a town on the highway, ...").
_APPOSITION_OPEN = re.compile(r",\s+(?:a|an|the|one|which|located|home|once|long)\b")


class SubjectReader(ArgumentReader):
    """The subject side of a clause (the object side is :class:`ArgumentReader`'s)."""

    sentences: list[tuple[int, int]]
    sent_starts: list[int]

    def subjects_before(
        self, pos: int, s: int, s_hits: Sequence[int], bare: bool = False
    ) -> list[PlaceRef]:
        """The places before a passive verb at ``pos`` ("X and Y were captured"); with
        ``bare``, an intransitive one that needs no copula ("X and Y fell to")."""
        text = self.text
        before = [i for i in s_hits if self.hits[i].end <= pos and not self.region[i]]
        window = text[max(s, pos - 90) : pos]
        if _ANAPHOR.search(window):
            return self.referred_list(pos, s)  # "The above-mentioned towns were liberated"
        if LATTER_BEFORE.search(window) and (latter := self._latter(pos, before)):
            return latter  # "X and Y ..., the latter was retaken": Y only
        if before and (head := self._apposed_head(pos, s, before)) is not None:
            return [head]  # "X, a town at the junction of A and B, was retaken": X
        before = self._without_locators(before, pos, s)
        if before:
            last = self.hits[before[-1]]
            gap = text[last.end : pos]
            if (
                len(gap) <= 90
                and not RELATIVE_OPENER.match(gap)
                and PREPOSITION_BEFORE.search(text, max(s, last.start - 12), last.start)
            ):
                return []  # "a town that rebelled against X was retaken": X is no subject
            if (
                len(gap) <= 90
                and (
                    not TRIGGERS.search(gap)
                    # "X and Y, which rebels had seized in May, were recaptured": past the aside
                    or (gap[:1] == "," and not TRIGGERS.search(RELATIVE_ASIDE.sub("", gap, 1)))
                )
            ):
                places = [PlaceRef(last.text, last.start, last.end, last)]
                self.coordinated_before(places, before, s, s_hits)
                places += self._unknown_after(last.end, pos)
                # "areas in X and Y were liberated": X and Y only locate them
                if not RELATIVE_OPENER.match(gap) and self._locator(places[0].start, s):
                    return []
                return places
        pm = PRONOUN_BEFORE.search(window)
        if pm is None and text.find(",", s, pos) >= 0:
            pm = PRONOUN_BEFORE.search(RELATIVE_ASIDE.sub("", text[s:pos])[-90:])
        if pm:
            lp = self.antecedent(pos, s, s_hits, noun=pm.group(0)[:2].lower() == "th")
            if lp is not None:
                return [PlaceRef(lp.text, lp.start, lp.end, lp.hit, pronoun=True)]
        m = PASSIVE_SUBJECT.search(window) or (BARE_SUBJECT.search(window) if bare else None)
        if m and (
            PREPOSITION_BEFORE.search(window, 0, m.start(1))
            or _PEOPLE_OF.search(window, 0, m.start(1))
        ):
            # "... to rebel against X has been recaptured", "three militants of HTS and X
            # were captured": X is no subject
            return []
        if m and m.group(1).split()[0] not in NOT_NAMES and name_words_ok(m.group(1)):
            start = pos - len(window) + m.start(1)
            end = start + len(m.group(1))
            known = any(self.hits[i].start < end and start < self.hits[i].end for i in s_hits)
            if (
                not known
                and not any(a.start < end and start < a.end for a in self.actors)
                and not (self._locator(start, s))
            ):  # a region the scanner knows ("lands of Idlib") is no unknown name
                places = [PlaceRef(m.group(1), start, end, None)]
                self.coordinated_before(places, [], s, s_hits)  # "A, B and C were taken"
                return places
        return []

    def _unknown_after(self, end: int, pos: int) -> list[PlaceRef]:
        """A name the gazetteer lacks closing a list of subjects after the known place
        ending at ``end`` ("Tal Hawash and al-Karkat were also captured")."""
        ref = self._unknown_ref(_UNKNOWN_LAST.match(self.text, end, pos))
        return [] if ref is None else [ref]

    def _apposed_head(self, pos: int, s: int, before: list[int]) -> PlaceRef | None:
        """The place opening the sentence when an apposition set off by commas stands
        between it and the passive verb at ``pos`` (the places inside only describe it)."""
        h = self.hits[before[0]]
        if (
            not _APPOSITION_OPEN.match(self.text, h.end)
            or not _APPOSED_AUX.search(self.text, max(s, pos - 30), pos)
            or not gap_is_filler(self.text[s : h.start], max_words=4)
            or TRIGGERS.search(self.text, h.end, pos)
        ):
            return None
        return PlaceRef(h.text, h.start, h.end, h)

    def _latter(self, pos: int, before: list[int]) -> list[PlaceRef]:
        """What "the latter" before ``pos`` names: the last place (a known one or a name)."""
        named = [p for p in self.sentence_places if p.end <= pos]
        if before and (not named or self.hits[before[-1]].start > named[-1].start):
            h = self.hits[before[-1]]
            return [PlaceRef(h.text, h.start, h.end, h, pronoun=True)]
        if named:
            p = named[-1]
            return [PlaceRef(p.text, p.start, p.end, p.hit, pronoun=True)]
        return []

    def _without_locators(self, before: list[int], pos: int, s: int) -> list[int]:
        """``before`` without its last places that only locate others ("A village in north
        of X and B villages in north of Y were liberated": A and B), or [] if all do ("the
        villages west of X were liberated": X is no subject)."""
        if not before or RELATIVE_OPENER.match(self.text, self.hits[before[-1]].end, pos):
            return before
        out = list(before)
        while out and self._locator(self.hits[out[-1]].start, s, listed=False):
            out.pop()
        return out

    def _locator(self, start: int, s: int, listed: bool = True) -> bool:
        """Whether the place at ``start`` only locates others ("areas west of X"; with
        ``listed``, also "areas in Y and X")."""
        if LOCATOR_BEFORE.search(self.text, max(s, start - 60), start):
            return True
        if not listed:
            return False
        i = bisect.bisect_left(self.hits_start, start) - 1
        if i < 0 or self.hits[i].start < s:
            return False
        prev = self.hits[i]
        return bool(
            no_sequence(list_gap(self.text[prev.end : start]))
            and LOCATOR_BEFORE.search(self.text, max(s, prev.start - 60), prev.start)
        )

    def coordinated_before(
        self, places: list[PlaceRef], before: list[int], s: int, s_hits: Sequence[int]
    ) -> None:
        """Prepend the coordinated subjects of a passive ("X, Y and Z were captured"),
        known places and names the gazetteer lacks alike, to ``places`` (in place)."""
        text = self.text
        j = len(before) - 2
        for _ in range(30):  # a bound on list length, not a tuned figure
            first = places[0].start
            if j >= 0:
                prev = self.hits[before[j]]
                gap = text[prev.end : first]
                if (
                    j >= 1
                    and gap.strip()
                    and no_sequence(list_gap(gap))
                    and self._locator(prev.start, s, listed=False)
                ):
                    # "A village in north of X and B ...": X only locates A
                    j -= 1
                    loc = self.hits[before[j + 1]]
                    prev = self.hits[before[j]]
                    if not _NOUN_LOCATOR.fullmatch(text, prev.end, loc.start):
                        return
                    places.insert(0, PlaceRef(prev.text, prev.start, prev.end, prev))
                    j -= 1
                    continue
                if gap.strip() and no_sequence(list_gap(gap)):
                    places.insert(0, PlaceRef(prev.text, prev.start, prev.end, prev))
                    j -= 1
                    continue
            unknown = self.unknown_before(s, first)
            if unknown is None or any(
                self.hits[i].start < unknown.end and unknown.start < self.hits[i].end
                for i in s_hits
            ):
                return  # a region or other known name is not an unknown list member
            places.insert(0, unknown)
            while j >= 0 and self.hits[before[j]].end > unknown.start:
                j -= 1

    def unknown_before(
        self, s: int, pos: int, pattern: re.Pattern[str] = COORDINATED_NAME
    ) -> PlaceRef | None:
        """A name the gazetteer lacks coordinated before a subject ("Jibeen and X were"),
        or, with another ``pattern``, ending at ``pos``."""
        return self._unknown_ref(pattern.search(self.text, max(s, pos - 50), pos))

    def _unknown_ref(self, m: re.Match[str] | None) -> PlaceRef | None:
        """The place a match's ``name`` group is, unless it is no name (a common word) or
        overlaps an actor or an outlet."""
        if m is None:
            return None
        name = m.group("name")
        start, end = m.span("name")
        if name.split()[0] in NOT_NAMES or not name_words_ok(name):
            return None
        spans = [(a.start, a.end) for a in self.actors] + self.outlets
        if any(a < end and start < b for a, b in spans):
            return None
        return PlaceRef(name, start, end, None)
