"""Cues of the patterns real reporting uses beyond a trigger and its objects: entries
that claim no control, appositions and parentheses inside lists, reduced passive
participles, counts before "including", and the start of a state ("held since 2012").

Nothing here names a country, a place or a side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from frontline.reference.sides import ActorMention

__all__ = [
    "DATELINE",
    "datelines",
    "past_loser",
    "APPOSITION_IN_LIST",
    "APPOSITION_PARTICIPLE",
    "ATTRIBUTION_AFTER",
    "ENTRY_NOT_FORCE",
    "FOUGHT_WITH",
    "ENTRY_PARTIAL",
    "HEARSAY",
    "INCLUDING_GAP",
    "INCLUDING_LATER",
    "JUST_BEFORE",
    "LATTER_BEFORE",
    "NOT_AGENT_BEFORE",
    "NOUN_BEFORE",
    "ON_BEFORE_DATE",
    "PAGE_STAMP",
    "POST_AFTER_PLACE",
    "POST_BEFORE_PLACE",
    "POST_OBJECT",
    "POST_TO_PLACE",
    "PREPOSITION_BEFORE",
    "PRONOUN_STATE_SINCE",
    "RELATIVE_OPENER",
    "RELATIVE_SUBJECT",
    "SINCE_YEAR",
    "STATE_SINCE",
    "captions",
    "not_agent_before",
]

# An apposition or a parenthesis after a list member, before the list goes on ("X, a town
# south of Y, and Z", "X (a village near Y) and Z", "X, the largest of them, as well as Z").
APPOSITION_IN_LIST = re.compile(
    r"(?:\s*,\s*(?:a|an|the(?=\s+(?-i:[a-z]))|once|home\s+to|site\s+of)\s+[^;:\"“”(),.]{0,80}?"
    r"|\s*\([^()]{0,100}\))"
    r"(?=\s*,?\s*(?:as\s+well\s+as|along\s+with|plus|in\s+addition\s+to|and)\s"
    r"|\s*,\s*(?-i:[A-Z])(?!\w+-based))",
    re.IGNORECASE,
)

# Before a past participle set off by a comma after its place ("X, captured by the army
# on Monday, ..."; "X, recently retaken, ..."): a reduced passive relative clause.
APPOSITION_PARTICIPLE = re.compile(
    r"^\s*,\s*(?:(?:which|that)\s+(?:was|were|had\s+been|has\s+been)\s+)?"
    r"(?:(?:recently|newly|only|just|finally|since|later|eventually|first)\s+)?$",
    re.IGNORECASE,
)

# Between a verb and a list: a count of unnamed places, then the names ("took control of
# around 20 villages in recent days, including X and Y", "seized several towns, among them X").
INCLUDING_GAP = re.compile(
    r"^[^.;:]{0,80}?\b(?:villages|towns|areas|positions|settlements|hills|hilltops|localities"
    r"|hamlets|farms|points|sites|cities)\b[^.;:]{0,50}?\b(?:including|among\s+them|such\s+as"
    r"|namely|notably|mainly|mostly|chiefly|most\s+notably|chief\s+among\s+them|(?:the\s+)?(?:most\s+)?(?:important"
    r"|prominent|notable|largest|biggest|main|key)\s+(?:of\s+)?(?:which|them|among\s+them)"
    r"(?:\s+(?:are|were|is|was|being|include[sd]?))?)[\s\"“”'‘’:]*$",
    re.IGNORECASE,
)

# An entry that claims no control of the whole place: only its edges or some quarters
# ("entered the outskirts of X", "moved into the town's eastern neighbourhoods"), or by
# a convoy, patrol or delegation (no fighting force taking ground), or for a purpose.
ENTRY_PARTIAL = re.compile(
    r"\s+(?:the\s+|parts?\s+of\s+|some\s+|several\s+|a\s+few\s+)?(?:[\w'’-]+\s+){0,4}?"
    r"(?:outskirts|edges?|parts?|neighbou?rhoods?|districts?|quarters?|suburbs?|entrances?"
    r"|gates|fringes|periphery|outer)\b"
    r"|[^.;]{0,80}?\bto\s+(?:set\s+up|establish|reinforce|deliver|supply|evacuate|inspect"
    r"|monitor|patrol|visit)\b",
    re.IGNORECASE,
)

# Before an entry verb, in its clause: who entered was no force taking ground.
ENTRY_NOT_FORCE = re.compile(
    r"\b(?:convoys?|patrols?|columns?\s+of\s+(?:aid|trucks)|reinforcements|delegations?"
    r"|aid|trucks|observers|journalists|reporters|inspectors|ambulances|civilians"
    r"|residents|displaced|refugees|monitors|vehicles|buses|military\s+police)\b[^.;]{0,90}$",
    re.IGNORECASE,
)

# Before a date: it says since when a state holds ("held by rebels since", "in opposition
# hands since"), not when the sentence's event happened.
STATE_SINCE = re.compile(
    r"\b(?:held|hands|controlled|control|run)\b[^.;:()—–]{0,40}?\bsince\s+(?:(?:early|late"
    r"|mid-?|the\s+(?:start|end|beginning|middle|spring|summer|autumn|fall|winter)\s+of)\s*)?$"
    # "(the most significant gain) since the beginning of its offensive three months ago"
    r"|\bsince\s+the\s+(?:start|beginning|launch|outset)\s+of\s+[^.;:()—–]{0,60}$",
    re.IGNORECASE,
)

# After a capitalised name: it opens an attribution, not a place ("..., the Russian centre
# for reconciliation said", "..., Turkish media reported").
ATTRIBUTION_AFTER = re.compile(
    r"(?:\s+[\w'’-]+){0,5}?\s+(?:said|says|reported|reports|told|announced|claimed|stated"
    r"|added|media|sources|agency|centre|center|ministry|observatory|monitor|spokesman"
    r"|spokesperson|officials?|commanders?|activists?)\b",
    re.IGNORECASE,
)

# "the latter" before a passive verb: the last place named, alone.
LATTER_BEFORE = re.compile(r"\bthe\s+latter\b[^.;]{0,40}$", re.IGNORECASE)
# Before a place: a preposition that makes it no subject of the verb after it.
PREPOSITION_BEFORE = re.compile(
    r"\b(?:against|from|to|towards?|with|near|into|by|at|on|toward)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# The object of a siege verb is a military post ("encircled a Turkish military observation
# post", "laying siege to Turkish troops at an observation post", "Turkey's No. 9
# observation point"): the town of the post is besieged.
_POST = (
    r"(?:observation\s+(?:post|point|base)s?|military\s+(?:post|point)s?"
    r"|(?:turkish|turkey['’]s)\s+(?:[\w.'’-]+\s+){0,3}?(?:post|point)s?)"
)
POST_OBJECT = re.compile(
    r"[^.;:]{0,80}?\b" + _POST + r"\b",
    re.IGNORECASE,
)
# Between "post" and its town: "post in (the town of) X", "post at X".
POST_TO_PLACE = re.compile(
    r"(?:\s*,)?\s+(?:(?:(?:located|situated|based|stationed)\s+)?(?:in|at|of|near|(?:just\s+)?"
    r"(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\s+"
    r"(?:the\s+)?(?:(?:nearby|town|city|village|area)\s+)*(?:of\s+)?)",
    re.IGNORECASE,
)
# A place the article ties to a post: "the observation post in X", "troops in the town of X".
POST_BEFORE_PLACE = re.compile(
    r"\b(?:" + _POST + r"|(?:turkish|turkey['’]s)\s+(?:troops|soldiers|forces))(?:\s*,)?\s+"
    r"(?:(?:(?:located|situated|based|stationed)\s+)?(?:in|at|of|near)\s+(?:the\s+)?"
    r"(?:(?:nearby|town|city|village|area)\s+)*(?:of\s+)?)$",
    re.IGNORECASE,
)
# ... or after it: "X, where Turkey maintains an observation post", "the X observation post".
POST_AFTER_PLACE = re.compile(
    r"(?:\s*,\s*where\s+[^.;,]{0,50}?|\s+(?:turkish\s+)?)" + _POST + r"\b",
    re.IGNORECASE,
)


# A photo caption: a line ending with a picture credit and no full stop ("... in Idlib
# province yesterday Getty Images"): its dates are the photo's, not the story's.
_CREDIT = re.compile(
    r"[^.\n](?:\s+|\s*[/|©-]\s*)(?:Getty\s+Images|AFP(?:\s+via\s+Getty\s+Images)?|Reuters"
    r"|AP\s+Photo|EPA(?:-EFE)?|SANA\s+via\s+AP|Shutterstock)"
    r"\s*\)?\s*$",
    re.MULTILINE,
)


# "DAMASCUS, Aug. 23 (Xinhua) --": the date of filing, not of an event. The place is a
# few capitalised words (a clause before a colon is no dateline: "Villages taken on Sunday:").
DATELINE = re.compile(
    r"(?m)^[A-Z][A-Za-z.'’-]+(?: (?:[A-Z]|(?:al|el|ad|ar|as|an|at|ash|de|of)\b)[A-Za-z.'’-]*){0,3}"
    r"(?:,\s*[^()\n]{0,30}?)?\s*"
    r"(?:\([^)\n]{1,40}\))?\s*"
    r"(?:--|—|–|-|:)\s"
)


def datelines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the DATELINE matches: ``finditer``'s, tried at line starts only.

    ``(?m)^`` can only match at a line start, but ``re`` still tries it at every character
    (a third of the article-wide passes' cost); the matches are the same, and left
    non-overlapping the same way.
    """
    out = []
    last = 0
    pos = 0
    match = DATELINE.match
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


def captions(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the caption lines of ``text`` (see ``_CREDIT``)."""
    out: list[tuple[int, int]] = []
    if not any(c in text for c in ("Getty", "Reuters", "AFP", "AP Photo", "EPA", "Shutterstock")):
        return out
    for m in _CREDIT.finditer(text):
        out.append((text.rfind("\n", 0, m.start()) + 1, m.end()))
    return out


# A count of unnamed places, words locating them, then the names after "including" ("took
# several areas in western X this morning, including the town of Y"): the names are taken.
INCLUDING_LATER = re.compile(
    r"[^.;:]{0,60}?\b(?:villages|towns|areas|positions|settlements|hills|hilltops|localities"
    r"|hamlets|points|sites|cities|territory|territories|ground)\b[^.;:]{0,70}?(?:,\s*|\s+"
    r"|;\s+(?:this|these|they)\s+(?=include))"  # "...four sites; this includes X"
    r"(?:including|includes?|among\s+them|such\s+as"
    r"|namely|notably|mainly|mostly|chiefly|plus|as\s+well\s+as|in\s+addition\s+to"
    # "controlled several villages after the withdrawal of the rebels from X, Y"
    r"|after\s+(?:the\s+)?withdrawal\s+of\s+[^.;:]{1,50}?\s+from)\b[\s\"“]*",
    re.IGNORECASE,
)

# After an actor, up to the verb: a relative clause whose subject it is ("from the
# militants that captured it"): the actor acts, though "from" precedes it.
RELATIVE_SUBJECT = re.compile(
    r"\s*,?\s*(?:that|who|which)\s+(?:(?:had|has|have|had\s+been|just|later|then|earlier"
    r"|also|only|first)\s+)*$",
    re.IGNORECASE,
)
# Anywhere in a sentence: what it reports is unconfirmed.
HEARSAY = re.compile(
    r"\b(?:unconfirmed|unverified|preliminary\s+(?:reports?|information)|rumou?r(?:s|ed)?)\b",
    re.IGNORECASE,
)

# "The town had been in rebel hands since 2014", "It has been held by HTS since 2015": a
# state with its start year whose place is the article's topic.
PRONOUN_STATE_SINCE = re.compile(
    r"(?P<it>\b(?:the\s+(?:town|city|village)|it))\s+(?:had|has)\s+(?:been|remained)\s+"
    r"(?:(?P<by>held\s+by|controlled\s+by|under\s+the\s+control\s+of)\s+[^.;]{0,40}?"
    r"|in\s+(?:the\s+)?(?P<mod>[\w'’-]+)\s+hands\s+|under\s+(?P<mod2>[\w'’-]+)\s+control\s+)"
    r"(?:ever\s+)?since\s+(?:(?:early|late|mid-?)\s*)?(?:(?P<month>January|February|March"
    r"|April|May|June|July|August|September|October|November|December)\s+)?"
    r"(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)

# After a place, before a verb: a relative clause about it ("on X, which fell to ...").
RELATIVE_OPENER = re.compile(
    r"\s*,?\s*(?:(?:both|all|each|most|some|two|three)\s+of\s+)?(?:which|that|who|where)\b",
    re.IGNORECASE,
)

# Before a date phrase: its preposition ("X on Monday and Y on Tuesday").
ON_BEFORE_DATE = re.compile(r"\b(?:on|late\s+on|early\s+on|in|at|by)\s+$", re.IGNORECASE)

#: Before a capture word used as a noun: "the militant capture of", "a recapture of".
NOUN_BEFORE = re.compile(r"\b(?:the|a|an|its|their)\s+(?:[\w'’-]+\s+)?$", re.IGNORECASE)
JUST_BEFORE = re.compile(r"\b(?:has|have)\s+just\s+$", re.IGNORECASE)
#: Who a side fought ("clashes with X"): never the subject, nor the agent of a later verb.
FOUGHT_WITH = r"(?:clashes|fighting|battles?|confrontations?|engagements?)\s+with"
# Before an actor that loses or is fought, not one that acts.
NOT_AGENT_BEFORE = re.compile(
    r"\b(?:from|against|"
    + FOUGHT_WITH
    + r"|(?:affiliated|linked|allied|loyal)\s+(?:to|with)|(?:presence|cleared"
    r"|cleansed|purged|defeat|expulsion|rout|positions|fortifications|gatherings|hideouts|dens"
    r"|headquarters|routes|strongholds|targets|remnants|movements)\s+of"
    r"|(?:occupied|held|controlled|dominated)"
    r"\s+(?:[\w'’-]+\s+)?by)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# Words every NOT_AGENT_BEFORE match holds.
_LOSER_HINT = re.compile(r"from|against|with|\bof\b|\bby\b|\bto\b")


def not_agent_before(before: str) -> bool:
    """Whether :data:`NOT_AGENT_BEFORE` matches ``before``, its words tested first as
    substrings (``re`` would try the pattern at each character of the window)."""
    if not (
        "from" in before or "against" in before or "with" in before or " to " in before
    ) and not (("of" in before or "by" in before) and _LOSER_HINT.search(before) is not None):
        return False
    return NOT_AGENT_BEFORE.search(before) is not None


# A page's time stamp on a line of its own, a date then a clock time ("Monday, 24 February
# 2020 - 00:11", "31.08.2019 04:04").
PAGE_STAMP = re.compile(
    r"(?m)^[^\n]{0,40}?(?:19|20)\d\d\s*(?:[-–—,|]\s*)?(?:at\s+)?(?P<hour>[01]?\d|2[0-3]):[0-5]\d"
    r"\b(?!\s*(?:pm|p\.m\.))[^\n]{0,20}$",
    re.IGNORECASE,
)
# "for the first time since 2012": a year after "since" starts a period, it dates no event.
SINCE_YEAR = re.compile(r".*\bsince\s+(?:early\s+|late\s+|mid-?)?(?:19|20)\d\d$", re.DOTALL)


_FROM = re.compile(r"\s+from\s+(?:the\s+)?", re.IGNORECASE)
_OBJECT_NEXT = re.compile(r"\s+(?:the\s|a\s|[A-Z])")


def past_loser(text: str, pos: int, actors: Sequence[ActorMention]) -> int:
    """Where a verb's object starts when the loser comes first ("recaptured from rebels the
    town of X", "liberated from terrorists the settlement of X"): after that actor; else
    ``pos``."""
    m = _FROM.match(text, pos)
    if m is None:
        return pos
    a = next((a for a in actors if a.start == m.end()), None)
    if a is None or not _OBJECT_NEXT.match(text, a.end):
        return pos
    return a.end
