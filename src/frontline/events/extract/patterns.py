"""Stage 4: the lexicon as patterns: trigger verbs and nouns per event kind, the words of
attempt, denial and negation, list and filler gaps, region and pronoun cues.

Nothing here names a country, a place or a side.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache

from frontline.events.extract.places import ENGLISH_WORDS
from frontline.events.extract.triggers import CTRL, TRIGGER_ANCHORS, TRIGGER_FINDER, TRIGGERS
from frontline.events.extract.triggers import trigger_anchors as trigger_anchors
from frontline.reference.normalize import ARTICLES

__all__ = [
    "ATTEMPT_AFTER",
    "BASE_CONFIDENCE",
    "CITY_AFTER",
    "CITY_BEFORE",
    "CORRIDOR",
    "CORRIDOR_OPEN",
    "COORDINATED_NAME",
    "CTRL",
    "DETERMINER_BEFORE",
    "ENTERED_CONTROL",
    "ENTRY",
    "ENTRY_OF",
    "FILLER",
    "FIRST_CAP",
    "FRONT_WORDS",
    "GAINER_BEFORE",
    "GLUED_GAP",
    "HISTORICAL_DAYS",
    "INSTITUTION_WORDS",
    "LANDFORMS",
    "LISTED_LINE",
    "LOCATOR_BEFORE",
    "LIST_GAP",
    "list_gap",
    "MONTHS",
    "LOSER_BEFORE",
    "MILES_KM",
    "NEXT_WORD",
    "NOT_NAMES",
    "NUMBER",
    "OF_END",
    "OUT_OF",
    "PASSIVE_AUX",
    "PASSIVE_SUBJECT",
    "PERFECT_AUX",
    "PLACE_NOUN_END",
    "PLURAL_BETWEEN",
    "PREV_WORD",
    "PRIOR_EVENT",
    "PRONOUN_AFTER",
    "PRONOUN_BEFORE",
    "RELATIVE_ASIDE",
    "RELATIVE_BEFORE",
    "RELATIVE_IN_LIST",
    "STRONG",
    "SUBORDINATE_BEFORE",
    "TRIGGERS",
    "TRIGGER_ANCHORS",
    "TRIGGER_FINDER",
    "UNKNOWN_NAME",
    "WORD_NUMBERS",
    "convert_km",
    "gap_is_filler",
    "is_name_word",
    "name_with_landform",
    "lead_patterns",
    "name_words_ok",
    "no_sequence",
    "overlaps",
    "trigger_anchors",
    "word_ok",
]


def _words(text: str) -> list[str]:
    """Split a space-separated word list (easier to read than a long list literal)."""
    return text.split()


STRONG = 0.9
# Verbs of entry: alone they report forces inside a place (kind ``entered``: contested),
# not a change of control.
ENTRY = re.compile(
    r"enter(?:ed|s)?|marched\s+into|moved\s+into|pushed\s+into|rolled\s+into"
    r"|poured\s+into"
)
# Unnamed plural places before "them" ("attacked three towns near X, seizing them").
PLURAL_BETWEEN = re.compile(
    r"\b(?:towns|villages|areas|positions|hills|settlements|localities)\b", re.IGNORECASE
)
# A capitalised name joined to the next place by "and" / a comma ("Jibeen and Tal Maleh").
COORDINATED_NAME = re.compile(
    r"(?<![\w'’-])(?P<name>(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w'’]+(?:[- ](?:(?:al|el"
    r"|ad|an|ar|as|ash|at|az)-)?[A-Z][\w'’]+){0,2})\s*(?:,\s*and|,|and)\s+$"
)
# Last words that make an unknown capitalised name a place ("the Zuwayqat Mountains").
LANDFORMS = frozenset(_words(
    "mountains mountain hill hills heights valley plain plains farms dam airport airbase "
    "base bridge lake ridge square quarter roundabout junction crossing"
))  # fmt: skip
# One item of a list set out one a line: "\n - Kafr Zita", "\n2. Morek".
LISTED_LINE = re.compile(
    r"[ \t]*\n\s*(?:[-•*·–]\s*|\d{1,2}[.)]\s*)?(?P<name>[^\n,;.:]{2,60}?)[ \t]*[,;.]?(?=\n|$)"
)
# "drove the rebels out of X": where the places start.
OUT_OF = re.compile(r"\b(?:out\s+of|from)\b", re.IGNORECASE)
# Before a relative clause's verb: "X, which rebels seized", "X that the army took".
RELATIVE_BEFORE = re.compile(
    r"(?:,\s*|\s)(?:which|that)\s+(?:[\w'’-]+\s+){1,5}?(?:had\s+|has\s+|have\s+)?$",
    re.IGNORECASE,
)
# Before a trigger word used as a noun ("the capture of").
DETERMINER_BEFORE = re.compile(r"\b(?:the|its|their|a|an|his|her)\s+$", re.IGNORECASE)
# Before the gainer after "lost X": "to (the)".
GAINER_BEFORE = re.compile(r"\bto\s+(?:the\s+)?$", re.IGNORECASE)
# Before a trigger: it opens a clause of its own (dated separately).
SUBORDINATE_BEFORE = re.compile(
    r"\b(?:after|before|since|following|when|while|as|until|once|which|that|who)\b[^,;.]{0,30}$",
    re.IGNORECASE,
)
# After "withdrew from X": the gainer's entry ("ahead of the army's entry into X").
ENTRY_OF = re.compile(
    r"\b(?:ahead\s+of|before|prior\s+to|as|after|paving\s+the\s+way\s+for|allowing)\b"
    r"[^.;]{0,60}?\b(?:entry|entrance|arrival|advance|enter(?:ed|s|ing)?|took\s+over)\b",
    re.IGNORECASE,
)
ENTERED_CONTROL = re.compile(
    r"\s+(?:all|every|the\s+whole\s+of|the\s+entire(?:ty\s+of)?)\s+(?:the\s+)?"
    r"(?:areas?|parts?|neighbou?rhoods?|districts?|quarters?|of)\b"
    r"|[^.;]{0,80}\bafter\s+(?:the\s+)?(?:defeat|withdrawal|retreat|rout|expulsion|departure"
    r"|collapse|surrender|pull-?out|evacuation|(?:little|no|light|minimal)\s+resistance)\b"
    r"|\s+and\s+(?:then\s+|fully\s+|later\s+)?(?:secured|captured|seized|cleared|liberated"
    r"|took\s+(?:full\s+)?control)\b",
    re.IGNORECASE,
)
BASE_CONFIDENCE = {
    "capture": 0.9,
    "entered": 0.7,
    "entry": 0.6,
    "stormed": 0.6,
    "secured": 0.6,
    "took": 0.75,
    "withdraw": 0.7,
    "lost": 0.7,
    "expel": 0.75,
    "freed": 0.75,
    "fell": 0.85,
    "gerund": 0.75,
    "nominal": 0.65,
    "noun": 0.6,
    "poss": 0.6,
    "siege": 0.85,
    "advance": 0.7,
    "reached": 0.6,
    "prox": 0.8,
    "corridor": 0.8,
    "held": 0.75,
    "since": 0.6,
}
PASSIVE_AUX = re.compile(
    r"\b(?:was|were|been|being|is|are|be|got|gets|get|become|becomes|became|remains?"
    r"|remained)\s+(?:(?:\w+ly|now|also|reportedly"
    r"|apparently|just|since|then|later|once|again|back|all)\s+){0,2}$",
    re.IGNORECASE,
)
PERFECT_AUX = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+)?$", re.IGNORECASE)
ATTEMPT_AFTER = re.compile(
    r"\b(?:in\s+a\s+bid|in\s+an\s+attempt|attempting|trying|seeking|aiming|in\s+order)\s+to\b",
    re.IGNORECASE,
)
LOSER_BEFORE = re.compile(
    # "from" but not "their friends / allies / fighters from X" (those are X)
    r"\b(?:(?<!friends\s)(?<!allies\s)(?<!fighters\s)(?<!members\s)(?<!partners\s)from|against|by"
    r"|(?:defeat|withdrawal|expulsion|retreat|rout|ousting|departure"
    r"|surrender|collapse|losses|expense|empty|free|clear|devoid)\s+of)\s+(?:the\s+)?(?:[\w'’-]+\s+)?$"
    # "at the expense of the factions and HTS": both lose
    r"|\bexpense\s+of\s+[^.;:,]{1,40}?\s+and\s+(?:the\s+)?(?:[\w'’-]+\s+)?$",
    re.IGNORECASE,
)
CORRIDOR = re.compile(r"\bcorridors?\b", re.IGNORECASE)
CORRIDOR_OPEN = re.compile(
    r"\b(?:open(?:ed|ing|s)?|set\s+up|establish(?:ed|es|ing)?|creat(?:ed|es|ing)"
    r"|announc(?:ed|es|ing)|declar(?:ed|es|ing))\b",
    re.IGNORECASE,
)
# Region words (after or before a place) come from the profile: rules.region_patterns().
CITY_BEFORE = re.compile(r"\b(?:city|town)\s+of\s+$", re.IGNORECASE)
# Words allowed between a verb and its object place ("captured the strategic town of").
FILLER = frozenset(_words(
    "the a an of in all most area areas neighbourhood neighbourhoods neighborhood "
    "neighborhoods district districts town towns city cities village villages hamlet hamlets "
    "hill hills hilltop hilltops height summit locality localities settlement "
    "settlements strategic key "
    "important nearby neighbouring neighboring adjacent small large major northern southern "
    "eastern western north south east west central entire whole full complete total control "
    "over back into strategically heavily fortified former stronghold strongholds bastion "
    "base bases border frontline front-line rebel opposition militant jihadist government "
    "regime also two three four five several other southeastern southwestern northeastern "
    "northwestern remaining last nearby twin sister crossroads crossroad important "
    "flashpoint besieged embattled contested significant largest biggest mountain mount "
    "on and, both much rest remainder western outskirts edges gates itself then military post "
    "posts observation at checkpoint airbase airport next their its more than dozen dozens "
    "including such as namely numerous many six seven eight nine ten eleven twelve new further "
    "additional farms positions locality localities besides and regions "
    # Descriptions of a place in any war's reporting ("the coastal city of Sirte")
    "populated coastal port desert oasis industrial mining coal provincial regional capital "
    "historic "
    "ancient oil oil-rich riverside seaside frontier garrison mountainous "
    # Ukrainian and Russian settlement words after a capture verb ("взяли під контроль місто X")
    "місто міста селище селища село села город города посёлок поселок посёлки села")
)  # fmt: skip
LIST_GAP = re.compile(
    r"^[\s\"“”'‘’]*(?:(?:town|village|city|hill|area|district|neighbou?rhood|region|square"
    r"|quarter|roundabout|junction|crossing)s?\b\s*)?(?:\s+and\s+(?:its|their)\s+(?:surroundings|environs"
    r"|outskirts|vicinity|farms)\s*)?(?:,|;|:|[,;]?\s*and|,?\s*as\s+well\s+as|,?\s*&|/|,?\s*plus|,?\s*along\s+with"
    # "A – B – C", "1- A 2- B 3- C": dashes and numbers between members
    r"|\s[–—-](?=\s)|,?\s*\d{1,2}\s?[-.)–](?=\s)"
    r"|,?\s*in\s+addition\s+to)?[\s\"“”'‘’]*"
    r"(?P<seq>(?:later|then|subsequently|afterwards|eventually|finally|soon\s+after)[\s,]+)?"
    r"(?:(?:the|nearby|neighbouring|neighboring|towns?|villages?|hills?|hilltops?|city|cities"
    r"|of|also|key|strategic|small|district|settlements?|areas?|localit(?:y|ies)|hamlets?"
    r"|farms?|positions?|other|more|several|including|namely|such\s+as|two|three|four|five"
    r"|six|seven|eight|nine|ten|\d+|a\s+(?:number|series|string|handful|couple|host)|dozens|nearby|adjacent|small|the\s+strategic|devastated|besieged"
    r"|embattled|important|major|main|large|surrounding|[a-z]+-(?:held|controlled))[\s,:\"“”'‘’]+)*$",
    re.IGNORECASE,
)


_WHITE_RUN = re.compile(r"\s{2,}")


def list_gap(gap: str) -> re.Match[str] | None:
    """``LIST_GAP.match(gap)`` with each run of whitespace squeezed to one space.

    The gaps come with their dates blanked out ("               and took"): on a long run of
    whitespace LIST_GAP's adjacent optional ``\\s`` parts backtrack polynomially (4 ms for
    one gap). Squeezed, the pattern accepts the same gaps with the same ``seq`` group (each
    part needs at most one whitespace character in a row); only whether it matches and
    ``seq`` are read, never offsets.
    """
    return LIST_GAP.match(_WHITE_RUN.sub(" ", gap) if "  " in gap or "\n" in gap else gap)


def no_sequence(m: re.Match[str] | None) -> bool:
    """Whether ``m`` (a LIST_GAP match) is a list gap without a sequence adverb: objects of
    one verb may run in sequence ("took X and later Y"), subjects may not ("first X and
    then Y were liberated": each its own clause)."""
    return m is not None and m.group("seq") is None


# A relative clause between list members ("the towns of X and Y, which lie in the Z
# district, as well as the W area"): skipped up to the comma before the continuation.
RELATIVE_IN_LIST = re.compile(
    r"\s*,\s*(?:which|that|where|who)\b[^;.:\"“”()]{0,120}?,"
    r"(?=\s*(?:as\s+well\s+as|along\s+with|plus|in\s+addition\s+to)\b)",
    re.IGNORECASE,
)
# A non-restrictive relative clause between a subject and its verb ("The town, which lies
# on the highway, was seized ..."): cut out so the subject is next to the verb again.
RELATIVE_ASIDE = re.compile(r",\s*(?:which|who|where)\b[^,;.]{0,120},", re.IGNORECASE)
PRONOUN_AFTER = re.compile(
    r"^\s+(?:it|them|the\s+(?:(?:whole|entire|strategic)\s+)?(?:town|city|village|area|locality"
    r"|hilltop|hill|settlement))\b"
    # "the town of X", "the town X": a name follows, no reference back
    r"(?!\s+of)(?!\s+(?-i:(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Jan|Feb|Mar|Apr|May|Jun"
    r"|Jul|Aug|Sep|Oct|Nov|Dec)(?:(?:al|el|as|ash|ar|at|ad|an|az)-)?[A-Z]))",
    re.IGNORECASE,
)
PRONOUN_BEFORE = re.compile(
    r"\b(?:it|they|the\s+(?:town|city|village|area|locality|hilltop|hill|settlement))\b"
    r"[^.;]{0,70}$",
    re.IGNORECASE,
)
# A capitalised name no gazetteer knows, in object position: kept as an unlocated place.
UNKNOWN_NAME = re.compile(
    r"^(?:(?:al|el|ad|an|ar|as|ash|at|az)-|(?:al|el) )?[A-Z][\w'‘’ʿʾ`]+"
    r"(?:[- ](?:(?:al|el|ad|an|ar|as|ash|at|az|a)-)?['‘’ʿʾ`]?[A-Z][\w'‘’ʿʾ`]+){0,3}"
    r"(?:(?<= Al| El) [a-z][\w'‘’ʿʾ`]{2,})?"
    r"(?:\s\d{1,4}\b)?"  # the word after a capitalised article belongs to the name too
)
NOT_NAMES = frozenset(_words(
    "The It This That These Those They He She We Its Their His Her On In At By For After "
    "Before Since During While When Where What Which Who Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September "
    "October November December President State Ministry Minister General Army Observatory "
    "Council Front Forces Colonel Lieutenant Captain Brigadier Sergeant Commander Corporal "
    "Mr Mrs Dr")
)  # fmt: skip
#: Words that make a capitalised name an institution, never a place ("..., the Russian
#: Center for Reconciliation said").
INSTITUTION_WORDS = frozenset(_words(
    "Center Centre Ministry Agency Observatory Council Command Committee Office Media News "
    "Headquarters Department Coalition Commission Organization Organisation College School "
    "University Hospital Mosque Stadium Prison Factory Building")
)  # fmt: skip
MILES_KM = 1.609344
WORD_NUMBERS = {
    "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
    "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "a few": 3.0,
}  # fmt: skip
HISTORICAL_DAYS = 365
MONTHS = _words("jan feb mar apr may jun jul aug sep oct nov dec")
NEXT_WORD = re.compile(r"[ \-‐](?P<w>['‘’ʿʾ`]?(?:(?:al|el)-)?[A-Z][\w'’]*)")
PREV_WORD = re.compile(r"(?P<w>(?:(?:al|el)-)?[A-Z][\w'’]*)[ \-‐]$")


PRIOR_EVENT = re.compile(
    r"\b(?:hours|days|weeks|months|a\s+(?:day|week|month))\s+(?:after|since)\s+(?:[\w'’-]+\s+){0,7}$",
    re.IGNORECASE,
)
FIRST_CAP = re.compile(r"(?:\b(?:al|el)[- ])?[A-Z]")  # "al-Habeit", "al Habeit"
PLACE_NOUN_END = re.compile(
    r"\b(?:of|town|village|city|hamlet|locality|settlement|settlements|villages|towns|hill"
    r"|hilltop|height|heights|summit)\s*$"
)
OF_END = re.compile(r"\bof\s*$")
CITY_AFTER = re.compile(r"^\s+city\b")
PASSIVE_SUBJECT = re.compile(
    r"((?:(?:al|el)-)?[A-Z][\w'’]+(?:[- ](?:(?:al|el)-)?[A-Z][\w'’]+){0,3})"
    r"(?:,[^,]{0,50},)?(?:,?\s+(?:which|that)\s+|\s+)(?:has\s+|have\s+|had\s+)?"
    r"(?:was|were|been|is|are)\s+\w*\s*$"
)
# The same name right before an intransitive change verb, no copula ("Kafr Mous fell to",
# "A and B had come under government control").
BARE_SUBJECT = re.compile(
    r"((?:(?:al|el)-)?[A-Z][\w'’]+(?:[- ](?:(?:al|el)-)?[A-Z][\w'’]+){0,3})"
    r"(?:,[^,]{0,50},)?\s+(?:(?:has|have|had)\s+)?(?:(?:all|also|now|finally|both|then|later"
    r"|eventually|quickly|soon)\s+)?$"
)
FRONT_WORDS = re.compile(
    r"\b(?:front|frontline|front\s+line|advanc\w+|push\w*|clos\w+|reach\w*"
    r"|approach\w*|troops|forces|army)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
GLUED_GAP = re.compile(r"\s*(?:the\s+)?(?:[\w'’-]+\s+)?")


@lru_cache(maxsize=16)
def lead_patterns(lead: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns of :meth:`ArticleExtractor._actor_after` for one lead word set."""
    return (
        re.compile(rf"\b{lead}$", re.IGNORECASE),
        re.compile(rf"\b{lead}\s+(?:the\s+)?[\w\s'’-]*$", re.IGNORECASE),
    )


def is_name_word(word: str) -> bool:
    """Whether a capitalised word next to a place name can belong to the name."""
    if word.endswith(("'s", "’s")):
        return False  # "Idlib's Khan Sheikhoun": a possessive locator, not part of the name
    bare = word[3:] if word[:3] in ("al-", "el-") else word
    if len(bare) < 2 or word in NOT_NAMES or word.lower() in ENGLISH_WORDS:
        return False
    if word.isupper() and len(word) <= 5:
        return False  # agency or acronym: SANA, SOHR, AFP
    return not word.lower().endswith(("ish", "ian", "ese"))


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the sorted, non-nested ``spans``."""
    i = bisect.bisect_left(spans, (end, -1))
    return i > 0 and spans[i - 1][1] > start


# Words that may open an unknown place name although they are common words.
_NAME_HEADS = frozenset(_words("hill hills mount mountain base airbase airport hilltop"))
_ROUTE_WORDS = frozenset(_words("highway highways road roads motorway route international"))
_COMPASS = frozenset(_words("southeast southwest northeast northwest"))


def name_words_ok(name: str) -> bool:
    """Whether an unknown capitalised name can be a place: no common English or filler
    word in it ("Another Large City", "Five More Towns In" in a headline) nor an article
    word standing alone; article words ("al", "as") are fine."""
    for word in name.split():
        w = word.lower()
        if w in ARTICLES:
            continue
        if w in _COMPASS or ((w in ENGLISH_WORDS or w in FILLER) and w not in _NAME_HEADS):
            return False
        if w in _ROUTE_WORDS:
            return False  # "the International Aleppo-Damascus Highway": a road, not a place
    return True


def word_ok(word: str) -> bool:
    """Whether a word may stand between a verb and its object place."""
    if word[:1].isupper() and word.endswith(("'s", "’s")):
        return True  # "Idlib's Tal Khaznah": a possessive region only locates the place
    w = word.lower().strip(",:\"“”'‘’")
    if word[:1].isupper() and w.endswith(("ish", "ian", "ese", "i")):
        return True  # "the Turkish post", "the Syrian town"
    return w in FILLER or w.endswith(("-held", "-controlled", "-run")) or w == ""


# "several villages west of X": X only locates the places taken.
_RELATIVE_TO = re.compile(
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|near|around"
    r"|outside)\s+of\s*$",
    re.IGNORECASE,
)


# "villages in X", "areas near X": X only locates the places meant.
_PLURAL_IN = re.compile(
    r"(?<!\ball\s)(?<!\ball\sthe\s)\b(?:villages|towns|areas|positions|hills|settlements|localities|hamlets|farms|sites"
    r"|points|regions|parts|suburbs)\s+(?:in|near|around|across|inside|within)\b",
    re.IGNORECASE,
)
#: Before a place that only locates others ("... in north of X", "west of X", "areas in X";
#: "all areas in X" is all of X).
LOCATOR_BEFORE = re.compile(
    r"(?:\b(?:in|inside|across)\s+(?:the\s+)?(?:(?:north|south|east|west|north-?east"
    r"|north-?west|south-?east|south-?west)(?:ern)?\s+(?:(?:parts?|countryside|outskirts"
    r"|suburbs)\s+)?of\s+(?:the\s+)?)"
    r"|\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+"
    r"(?:the\s+)?"
    r"|\b(?:near|around|surrounding|outside(?:\s+of)?|(?:outskirts|vicinity|environs"
    r"|countryside|suburbs)\s+of)\s+(?:the\s+)?(?:[\w'’-]+['’]s\s+)?(?:(?:former|financial"
    r"|center|centre|city|town|capital)\s+)*"
    r"|(?<!\ball\s)(?<!\ball\sthe\s)\b(?:villages|towns|areas|positions|hills|settlements"
    r"|localities|hamlets|farms|sites|points|regions|parts|suburbs|village|town|area)\s+(?:in|near|around|across|inside"
    r"|within)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?)$",
    re.IGNORECASE,
)


def gap_is_filler(gap: str, max_words: int = 12) -> bool:
    """Whether ``gap`` holds only filler words ("the strategic town of")."""
    if _RELATIVE_TO.search(gap) or ("in" in gap and _PLURAL_IN.search(gap)):
        return False
    words = gap.replace(",", " , ").split()
    if len(words) > max_words:
        return False
    return all(w == "," or word_ok(w) for w in words)


def convert_km(value: str, unit: str) -> float:
    """A distance phrase's value in km (miles and metres converted; NaN if unreadable)."""
    v = value.lower()
    number = float(v) if NUMBER.fullmatch(v) else WORD_NUMBERS.get(v, math.nan)
    u = unit.lower()
    if u.startswith("mile"):
        return number * MILES_KM
    if u.startswith(("metre", "meter")):
        return number / 1000.0
    return number


_LANDFORM_AFTER = re.compile(r"[ \t]+([a-z]+)\b")


def name_with_landform(text: str, end: int, name: str) -> str:
    """``name`` (a place the gazetteer lacks, ending at ``end`` in ``text``) with the
    lower-case landform word after it ("the Zarqa heights", "Tal Ahmar hill"): the
    landform is part of how the place is called.

    >>> name_with_landform("took Zarqa heights on Monday", 10, "Zarqa")
    'Zarqa heights'
    """
    m = _LANDFORM_AFTER.match(text, end)
    if m is None or m.group(1) not in LANDFORMS:
        return name
    return f"{name} {m.group(1)}"
