"""State assertions: who holds a place, as news says in passing ("the rebel-held town of
X", "government-controlled Y", "X, the last opposition stronghold", "X, held by HTS").

They become events of kind ``held`` (evidence for the control model, never a change of
control). The side comes from the modifier word (``data/side_modifiers.csv``) or the actor
named after "of"/"by" (``data/sides.csv``); a phrase naming no side gives nothing. Regions
(a governorate, "Idlib province") count as places here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from frontline.events.extract.lexicon import SideModifiers
from frontline.events.extract.places import PlaceHit
from frontline.ingest.dates import AnchoredPattern
from frontline.reference.sides import ActorMention

__all__ = ["HELD", "HELD_CUES", "HELD_SINCE", "HeldMention", "find_held", "held_from"]

#: Every state phrase (the modifier, "held by", "in the hands of", "the last ... stronghold",
#: "the rebel stronghold of", "under HTS control", "under the control of").
#: Possessive ``++``/``*+`` where giving characters back could never let the next item
#: match (a word char is no hyphen, a hyphen no space): same matches, less backtracking.
HELD = re.compile(
    r"(?P<mod>\b[\w'’]++(?:-[\w'’]++)*?)[-‐](?:held|controlled|run|dominated)\b"
    r"|\b(?:(?:which|that)\s+(?:is|was|are|were|remains?)\s+(?:still\s+)?|,\s*(?:still\s+)?)?"
    r"(?P<by>(?:held|controlled|run|dominated)\s+by|in\s+the\s+hands\s+of)\b"
    r"|\b(?P<last>last\s+(?:(?:major|main|remaining|big|large|biggest|largest|significant|key"
    r"|great|sizeable|sizable)\s+)*(?P<mod2>[\w'’-]+\s+)?(?:stronghold|bastion|bulwark|enclave"
    r"|holdout|bastions|strongholds|enclaves|territory|pocket|province|base))\b"
    r"|(?P<sh>(?P<mod3>\b[\w'’]++(?:-[\w'’]++)*+)\s++(?:stronghold|strongholds|bastion|bastions"
    r"|base|pocket|enclave))\b"
    r"|(?P<inctl>\bin\s+(?:full\s+|complete\s+|total\s+|effective\s+)?control\s+of)\b"
    r"|\bin\s+(?:the\s+)?(?P<mod5>[\w'’]++(?:-[\w'’]++)*+)\s++hands\b"
    r"|\b(?P<under>under\s+(?:the\s+)?(?:full\s+|complete\s+|effective\s+)?"
    r"(?:(?P<mod4>[\w'’]+(?:-[\w'’]+)*)\s+)??control)\b(?P<of>\s+of)?",
    re.IGNORECASE,
)
#: The words every state phrase contains, found article-wide through an Aho-Corasick pass
#: (:class:`AnchoredPattern`): :data:`HELD` itself runs only on sentences holding one
#: (run over whole articles it cost a sixth of the extraction time).
HELD_CUES = AnchoredPattern(
    re.compile(
        r"[-‐](?:held|controlled|run|dominated)\b|(?:held|controlled|run|dominated)\s+by\b"
        r"|last\b|strongholds?\b|bastions?\b|under\b|hands\b|base\b|pocket\b|enclave\b"
        r"|in\s+(?:\w+\s+)?control\s+of\b",
        re.IGNORECASE,
    ),
    ["-held", "-controlled", "-run", "-dominated", "‐held", "‐controlled", "held by",
     "controlled by", "run by", "dominated by", "last", "stronghold", "bastion", "under",
     "hands", "base", "pocket", "enclave", "in control", "in full control",
     "in complete control", "in total control", "in effective control"],
)  # fmt: skip
#: After a state phrase: since when the side holds the place ("held by rebels since 2012",
#: "in opposition hands since early 2015"): a change of control that year.
HELD_SINCE = re.compile(
    r"\s*,?\s*(?:ever\s+|continuously\s+)?since\s+(?:(?:early|late|mid-?|the\s+(?:start|end|beginning|middle)"
    r"\s+of|the\s+(?:spring|summer|autumn|fall|winter)\s+of|(?P<month>January|February|March"
    r"|April|May|June|July|August|September|October|November|December))\s*)?"
    r"(?P<year>(?:19|20)\d\d)\b(?!\s*[-–]|\s+to\b)",
    re.IGNORECASE,
)
_COPULA_BEFORE = re.compile(
    r"\b(?:is|are|remains?|remained)\s+(?:(?:still|now|currently|the|a|an|two|three|several"
    r"|major|main|key|big|large|last|only|remaining|strategic)\s+)*$",
    re.IGNORECASE,
)
# A possessive before "last" ("the rebels' last", "Syria's last").
_OWNER_BEFORE = re.compile(r"\b(?P<own>[\w-]+)['’]s?\s+$")
_PROVINCE_AFTER = re.compile(r"\s+(?:province|governorate)\b", re.IGNORECASE)
_CAME = re.compile(r"\bc[oa]mes?\s+$", re.IGNORECASE)
# Region words every profile shares here (the profile's own are added: "oblast", "raion").
_BASE_REGIONS = ("province", "governorate", "region", "district", "countryside")


@lru_cache(maxsize=16)
def _gaps(region_words: tuple[str, ...] = ()) -> tuple[re.Pattern[str], ...]:
    """(after, before, list-back) gap patterns for a profile's region words.

    *after*: between a state phrase and the place it qualifies ("-held town of", "stronghold
    in"); *before*: between a place and a state phrase after it ("X, the last ...", "X
    province, which is held by"); *list-back*: between listed places before a state phrase.
    """
    words = sorted({*_BASE_REGIONS, *(w.lower() for w in region_words)}, key=len, reverse=True)
    alt = "|".join(re.escape(w) + "s?" for w in words)
    after = re.compile(
        r"^\s*(?:(?:the|a|an|of|in|and|town|towns|city|cities|village|villages|area|areas|parts?"
        rf"|{alt}|enclave|territory|zone|north|south"
        r"|east|west|northern|southern|eastern|western|north-?western|north-?eastern"
        r"|south-?western|south-?eastern|central|key|strategic|nearby|neighbouring|remaining"
        r"|what|remains?|opposition|rebel|rebels|is|was|large|much|most|whole|entire|includes?"
        r"|included|covers|comprises|spans|more|than|half|part|bastion|stronghold|enclave"
        r"|pocket)\s+)*$",
        re.IGNORECASE,
    )
    before = re.compile(
        rf"^(?:['’]s\s+|\s+(?:{alt}|area)\s*)?(?:\s*[,–—-]\s*(?:one\s+of\s+)?|\s+)?"
        r"(?:(?:which|that|is|was|are"
        r"|were|remains?|remained|as|now|still|the|its|their|largely|mostly|entirely|fully|has|have"
        r"|had|been|currently|presently|firmly|two|three|four|several|a|an|major|main|key|big"
        r"|biggest|largest|last|only|remaining|strategic)\s+)*$",
        re.IGNORECASE,
    )
    back = re.compile(
        rf"^(?:\s+(?:{alt}))?\s*(?:,|,?\s+and|,?\s+along\s+with|,?\s+as\s+well\s+as)"
        r"(?:\s+(?:the|parts?|most|much)(?:\s+of)?)*\s+$",
        re.IGNORECASE,
    )
    return after, before, back


# Before a place: only part of it is meant ("parts of X", "northern X").
_PART_OF = re.compile(
    r"\b(?:parts?\s+of|areas?\s+of|(?:north|south|east|west)(?:ern)?\s+(?:parts?\s+)?of|(?:north|south|east|west)(?:ern)?|north-?(?:east|west)(?:ern)?"
    r"|south-?(?:east|west)(?:ern)?|central|countryside\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class HeldMention:
    """A place a sentence says someone holds: ``hit`` index, side, phrase offsets."""

    hit: int
    side: str
    start: int
    end: int
    past: bool = False  # "which had been held by rebels": not a state at publication


def _side_after(
    text: str, pos: int, actors: Sequence[ActorMention], lead: str = r"(?:of|by)"
) -> str:
    for a in actors:
        if a.start >= pos:
            gap = text[pos : a.start]
            # "of the (Syrian) opposition", "of both the rebels"
            pattern = rf"\s*(?:{lead}\s+)?(?:both\s+)?(?:the\s+)?(?:[A-Z]\w+\s+)?"
            if len(gap) < 30 and re.fullmatch(pattern, gap):
                return a.side
            return ""
    return ""


def _side_of(text: str, pos: int, actors: Sequence[ActorMention], mods: SideModifiers) -> str:
    """The side named after a state noun at ``pos``: an actor ("of the rebels") or a
    modifier word ("the last bastion of opposition to the regime")."""
    side = _side_after(text, pos, actors)
    if side:
        return side
    m = _OF_WORD.match(text, pos)
    return mods.side(m.group("w")) if m is not None else ""


# A state noun phrase set off after the place it describes ("X, the last ...").
_OF_WORD = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z]\w+\s+)?(?P<w>[\w'’-]+)\b")
_ACTOR_STATE_GAP = re.compile(
    r"\s*(?:(?:is|are|was|were|remains?|remained|now|still|firmly|fully|already|who|which"
    r"|that)\s+)*",
    re.IGNORECASE,
)


def _actor_before(text: str, pos: int, actors: Sequence[ActorMention]) -> str:
    """The side of the actor right before ``pos`` ("rebels (are still) in control of")."""
    for a in reversed(actors):
        if a.end <= pos:
            return a.side if _ACTOR_STATE_GAP.fullmatch(text, a.end, pos) else ""
    return ""


def _place_after(
    text: str,
    pos: int,
    hits: Sequence[PlaceHit],
    first: int,
    inside: bool = False,
    gap_after: re.Pattern[str] | None = None,
) -> int | None:
    """The place the phrase ending at ``pos`` qualifies. ``inside``: "in X" names it
    ("the last stronghold in X"); else "in X" only locates it ("a rebel-held city in X")."""
    for i in range(first, len(hits)):
        h = hits[i]
        if h.start < pos:
            continue
        gap = text[pos : h.start]
        low = gap.lower()
        if h.start - pos > 60 or not (gap_after or _gaps()[0]).match(gap) or "countryside" in low:
            return None  # "rebel-held areas in the northern countryside of X": not all of X
        if not inside and re.search(r"\b(?:in|near)\b", low):
            return None
        return i
    return None


def _place_before(
    text: str, pos: int, hits: Sequence[PlaceHit], first: int, gap_before: re.Pattern[str]
) -> int | None:
    best = None
    for i in range(first, len(hits)):
        if hits[i].end > pos:
            break
        best = i
    if best is None or pos - hits[best].end > 40:
        return None
    if not gap_before.match(text[hits[best].end : pos]):
        return None
    if (
        best > first
        and _IN_GAP.fullmatch(text, hits[best - 1].end, hits[best].start)
        and text[hits[best].end : pos].lstrip().lower().startswith(_BASE_REGIONS)
    ):
        return best - 1  # "the town of X in Y province, which had been in rebel hands": X
    return best


# Between a place and the region that locates it ("X in Idlib province").
_IN_GAP = re.compile(r",?\s+in\s+(?:the\s+)?")


_LIST_AFTER = re.compile(r"^\s*(?:,|,?\s+and|,?\s+as\s+well\s+as)\s+(?:the\s+)?$", re.IGNORECASE)


def _coordinated_after(text: str, first: int, hits: Sequence[PlaceHit]) -> list[int]:
    """``first`` and the places listed after it ("the strongholds of X and Y")."""
    out = [first]
    i = first + 1
    while i < len(hits) and _LIST_AFTER.match(text[hits[out[-1]].end : hits[i].start]):
        out.append(i)
        i += 1
    return out


def _coordinated_before(
    text: str, last: int, hits: Sequence[PlaceHit], first: int, list_back: re.Pattern[str]
) -> list[int]:
    """``last`` and the places listed before it ("X along with Y and parts of Z are ...")."""
    out = [last]
    i = last - 1
    while i >= first and list_back.match(text[hits[i].end : hits[out[0]].start]):
        out.insert(0, i)
        i -= 1
    return out


def find_held(
    text: str,
    s: int,
    e: int,
    hits: Sequence[PlaceHit],
    hit_range: range,
    actors: Sequence[ActorMention],
    modifiers: SideModifiers,
    region_words: tuple[str, ...] = (),
) -> list[HeldMention]:
    """The state assertions of the sentence ``text[s:e]``.

    Parameters
    ----------
    hits, hit_range : the article's place hits and the indices of the sentence's ones.
    actors : the sentence's actor mentions.
    region_words : the profile's region words ("oblast"), besides province, governorate,
        region, district and countryside.

    Returns
    -------
    list of HeldMention
    """
    if not hit_range:
        return []
    gap_after, gap_before, list_back = _gaps(tuple(sorted(region_words)))
    sc = _Scope(text, s, hits[: hit_range.stop], hit_range.start, actors, modifiers,
                gap_after, gap_before, list_back)  # fmt: skip
    out: list[HeldMention] = []
    for m in HELD.finditer(text, held_from(text, s, e), e):
        side, places = _read_state(m, sc)
        if side:
            out.extend(HeldMention(i, side, m.start(), m.end()) for i in places)
    return [
        HeldMention(h.hit, h.side, h.start, h.end, past=_past(text, s, h.start, h.end))
        for h in out
        if not _part_of(text, s, hits[h.hit])
    ]


# Lower-case words one of which every HELD match holds, with at most three runs of
# whitespace before the first of them ("which is still held by", "in the X hands").
_HELD_KEYS = ("held", "controlled", "run", "dominated", "hands", "last", "stronghold",
              "bastion", "base", "pocket", "enclave", "control", "under")  # fmt: skip


def held_from(text: str, s: int, e: int) -> int:
    """Where ``HELD.finditer(text, s, e)`` can find its first match: the start of the third
    word before the first of :data:`_HELD_KEYS` (``e`` if none), so that ``re`` does not try
    HELD's branches at every word before it. Same matches from there as from ``s``.

    Only for ASCII sentences (``s`` otherwise): ``re.IGNORECASE`` also matches letters
    (the Kelvin sign, the long s) that ``str.lower`` does not map to ASCII.
    """
    sentence = text[s:e]
    if not sentence.isascii():
        return s
    low = sentence.lower()
    found = [i for i in map(low.find, _HELD_KEYS) if i >= 0]
    if not found:
        return e
    i = s + min(found)
    for _ in range(3):  # back to the start of the word, then over the whitespace before it
        while i > s and not text[i - 1].isspace():
            i -= 1
        while i > s and text[i - 1].isspace():
            i -= 1
    while i > s and not text[i - 1].isspace():
        i -= 1
    return i


def _part_of(text: str, s: int, h: PlaceHit) -> bool:
    """Whether only part of the place at ``h`` is meant ("parts of X", "northern X"); "the
    northwestern X province" is the province located, all of it."""
    m = _PART_OF.search(text, max(s, h.start - 25), h.start)
    if m is None:
        return False
    return "of" in m.group(0).lower().split() or not _PROVINCE_AFTER.match(text, h.end)


@dataclass(frozen=True)
class _Scope:
    """What :func:`_read_state` needs of the sentence."""

    text: str
    s: int
    local: Sequence[PlaceHit]
    first: int
    actors: Sequence[ActorMention]
    modifiers: SideModifiers
    gap_after: re.Pattern[str]
    gap_before: re.Pattern[str]
    list_back: re.Pattern[str]


def _read_state(m: re.Match[str], sc: _Scope) -> tuple[str, list[int]]:
    """The side and the place indices one state phrase ``m`` speaks of (``""`` if none)."""
    text, local, first, actors, mods = sc.text, sc.local, sc.first, sc.actors, sc.modifiers
    if m.group("by") or m.group("under"):
        if m.group("under") and _CAME.search(text, max(sc.s, m.start() - 8), m.start()):
            return "", []  # "X came under rebel control": a change, read as such elsewhere
        mod = m.group("mod4") or ""
        side = mods.side(mod) if mod else _side_after(text, m.end(), actors, "")
        place = _place_before(text, m.start(), local, first, sc.gap_before)
        if not side or place is None:
            return "", []  # "X and parts of Y are dominated by Z": the listed places too
        return side, _coordinated_before(text, place, local, first, sc.list_back)
    if m.group("inctl"):
        # "<actor> (are now) in control of X": the actor just before holds X
        side = _actor_before(text, m.start(), actors)
        place = _place_after(text, m.end(), local, first, True, sc.gap_after)
    elif m.group("last"):
        own = _OWNER_BEFORE.search(text, max(sc.s, m.start() - 30), m.start())
        start = own.start() if own is not None else m.start()  # "the rebels' last bulwark"
        mod = m.group("mod2") or (own.group("own") if own is not None else "")
        side = (mods.side(mod) if mod else "") or _side_of(text, m.end(), actors, mods)
        place = _place_before(text, start, local, first, sc.gap_before)
        if place is None or not _APPOSED_BEFORE.search(text, max(sc.s, start - 30), start):
            # "the last stronghold of X" (else "X, the last stronghold of the rebels in Y")
            after = _place_after(text, m.end(), local, first, True, sc.gap_after)
            place = after if after is not None else place
    elif m.group("sh"):
        return _read_stronghold(m, sc)
    elif m.group("mod5"):
        side = mods.side(m.group("mod5"))
        place = _place_before(text, m.start(), local, first, sc.gap_before)
    else:
        return _read_modifier(m, sc)
    return (side, [place]) if side and place is not None else ("", [])


def _read_stronghold(m: re.Match[str], sc: _Scope) -> tuple[str, list[int]]:
    """ "the rebel stronghold of X (and Y)", "X, one of the largest strongholds of
    terrorists", "X, which is a Jaysh al-Izza stronghold", "X and Y are the biggest rebel
    strongholds"."""
    text, local, first = sc.text, sc.local, sc.first
    owner = next((a for a in sc.actors if a.end == m.end("mod3")), None)
    side = sc.modifiers.side(m.group("mod3")) or (owner.side if owner else "")
    side = side or _side_of(text, m.end(), sc.actors, sc.modifiers)
    if not side:
        return "", []
    place = _place_after(text, m.end(), local, first, False, sc.gap_after)
    if place is not None:
        return side, _coordinated_after(text, place, local)
    start = owner.start if owner is not None else m.start()
    place = _place_before(text, start, local, first, sc.gap_before)
    if place is None:
        return "", []
    return side, _coordinated_before(text, place, local, first, sc.list_back)


def _read_modifier(m: re.Match[str], sc: _Scope) -> tuple[str, list[int]]:
    """ "the rebel-held town of X (and Y)", "X and Y are two major rebel-held towns", "X, a
    major opposition-controlled stronghold"."""
    text, local, first = sc.text, sc.local, sc.first
    side = sc.modifiers.side(m.group("mod"))
    if not side:
        return "", []
    place = _place_after(text, m.end(), local, first, False, sc.gap_after)
    if place is not None:
        return side, _coordinated_after(text, place, local)
    before = text[max(sc.s, m.start() - 30) : m.start()]
    if not (_COPULA_BEFORE.search(before) or _APPOSED_BEFORE.search(before)):
        return "", []
    place = _place_before(text, m.start(), local, first, sc.gap_before)
    if place is None:
        return "", []
    return side, _coordinated_before(text, place, local, first, sc.list_back)


# "X, a (major) ..." before a state word: an apposition describing X.
_APPOSED_BEFORE = re.compile(
    r",\s*(?:one\s+of\s+)?(?:a|an|the|its|their)\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE
)


def _past(text: str, s: int, start: int, end: int) -> bool:
    """Whether the state phrase at ``start:end`` speaks of the past ("which had been held
    by", "were held by terrorists") or of a place just taken ("took control of the
    jihadist stronghold of X")."""
    if _PAST_STATE.search(text, max(s, start - 25), end):
        return True
    taken = _TAKEN_BEFORE.search(text, max(s, start - 60), start)
    # "a campaign to retake the rebel stronghold of X": an aim, X is still held
    return taken is not None and not text[max(s, taken.start() - 4) : taken.start()].endswith("to ")


_PAST_STATE = re.compile(r"\b(?:had\s+been|was|were|used\s+to\s+be)\b", re.IGNORECASE)
_TAKEN_BEFORE = re.compile(
    r"\b(?:captur\w*|(?:tak(?:en|ing|e)|took|seiz\w*|gain\w*)\s+(?:full\s+)?control\s+(?:of|over)"
    r"|seiz\w*|retak\w*|retook|liberat\w*|storm\w*|entered|fall\s+of)\s+(?:the\s+)?"
    r"(?:[\w'’-]+,?\s+){0,3}$",
    re.IGNORECASE,
)
