"""Stage 5c: whether a trigger reports a fact: attempts, intentions, conditions, denials,
negations and near misses before the verb cancel it; a noun of capture must not be an aim,
a fear or a future; translated "could" with a past day is "managed to".

Nothing here names a country, a place or a side.
"""

from __future__ import annotations

import re

from frontline.events.extract.arguments import Trigger
from frontline.events.extract.cues import NOUN_BEFORE

__all__ = ["ABLE", "CLAUSE_CUT", "DENIAL", "DENIAL_HINT", "NEGATIVE", "NEGATIVE_WORDS",
           "bare_noun", "clause_cut", "denial_hint", "negated"]  # fmt: skip


def _split(text: str) -> list[str]:
    """A space-separated word list (easier to read than a long list literal)."""
    return text.split()


# Before the verb, in its clause: an attempt, intention, condition, denial or negation.
NEGATIVE = re.compile(
    r"\b(?:will|would|could|might|shall|should|going\s+to|plans?|planned|planning|aims?|aimed"
    r"|aiming|intends?|intended|intending|seeks?|seeking|sought|attempt(?:s|ed|ing)?"
    r"|tr(?:y|ies|ied|ying)|bid|efforts?|in\s+order|vow(?:s|ed)?|threat(?:en|ens|ened)"
    r"|poised|prepar(?:e|es|ed|ing)|expected|likely|until|unless|if|ready|wants?|wanted"
    r"|hop(?:e|es|ed|ing)|goal|fail(?:s|ed|ing)?|struggl\w+|den(?:y|ies|ied|ying)"
    r"|dismiss\w*|reject\w*|refut\w*|not|never|no|cannot|whether|rumou?rs?|false(?:ly)?"
    r"|promis(?:e|es|ed|ing)|pledg(?:e|es|ed|ing)|presumably|perhaps|possibly|probably"
    r"|aimed|push(?:ing)?\s+to|order\s+to|almost|nearly|partially|partly)\b|n't\b|\bmay\b",
    re.IGNORECASE,
)
NEGATIVE_WORDS = frozenset(_split(
    "will would could might shall should going plan plans planned planning aim aims aimed "
    "aiming intend intends intended intending seek seeks seeking sought attempt attempts "
    "attempted attempting try tries tried trying bid effort efforts order vow vows vowed "
    "threaten threatens threatened poised prepare prepares prepared preparing expected "
    "likely until unless if ready want wants wanted hope hopes hoped hoping goal fail "
    "fails failed failing struggled struggling struggle deny denies denied denying "
    "dismissed dismisses dismissing rejected rejects rejecting refuted refutes refuting "
    "not never no cannot whether rumour rumours rumor rumors false falsely push pushing "
    "promise promises promised promising pledge pledges pledged pledging presumably "
    "perhaps possibly probably almost nearly partially partly"
))  # fmt: skip
ABLE = re.compile(
    r"\b(?:able|managed|enabled|enabling|allowed|helped|succeeded|forced|compelled)\b", re.I
)
DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|refuted|false|untrue|fake|fabricat\w+|baseless|unfounded"
    r"|out\s+of\s+sync\s+with\s+reality|not\s+true|disinformation)\b",
    re.IGNORECASE,
)
# Substrings every DENIAL match contains (a cheap test on the lower-cased sentence).
DENIAL_HINT = re.compile(
    "den|refuted|false|untrue|fake|fabricat|baseless|unfounded|out of sync|not true|disinformation"
)
_DENIAL_HINTS = DENIAL_HINT.pattern.split("|")


def denial_hint(low: str) -> bool:
    """``DENIAL_HINT.search(low) is not None``, as plain substring tests (faster than ``re``
    trying the alternation at each character of the sentence)."""
    return any(h in low for h in _DENIAL_HINTS)


CLAUSE_CUT = re.compile(r"[,;:(—–\"“”]|\b(?:while|whereas|but|and|as)\s+$")
_CUT_CHARS = ',;:(—–"“”'
_CUT_WORDS = ("while", "whereas", "but", "and", "as")


def clause_cut(window: str) -> int | None:
    """End of the last :data:`CLAUSE_CUT` match in ``window`` (None: no match).

    The same offset as the last ``CLAUSE_CUT.finditer(window)`` match, found with ``str``
    methods (``re`` would try both branches at each character): a conjunction that ends
    the window (before whitespace only) ends there; else the last punctuation mark.
    """
    tail = window.rstrip()
    if len(tail) < len(window):
        for w in _CUT_WORDS:
            if tail.endswith(w):
                before = tail[-len(w) - 1 : -len(w)]  # "" at the window's start
                if not (before.isalnum() or before == "_"):
                    return len(window)
    last = max(map(window.rfind, _CUT_CHARS))
    return last + 1 if last >= 0 else None


# A past day after a verb, in its clause ("... on Tuesday night", "yesterday").
_PAST_DAY_AFTER = re.compile(
    r"[^.;:!?]{0,120}?\b(?:yesterday|last\s+night|earlier\s+today|this\s+morning"
    r"|(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:night|morning|evening|afternoon))?)\b(?![^.;:!?]{0,40}\b(?:if|unless|soon)\b)",
    re.IGNORECASE,
)
# "the latest town to fall to the army": an ordinal before the infinitive tells a fact.
_LATEST_TO = re.compile(
    r"\b(?:latest|last|first|second|third|fourth|fifth|most\s+recent)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:town|city|village|place|stronghold|bastion|area|locality|settlement)s?\s+to\s+"
    r"(?:be\s+)?$",
    re.IGNORECASE,
)
# "could" right after a force that acts (its subject), a few words allowed between.
_FORCE_COULD = re.compile(
    r"\b(?:army|troops|soldiers|forces|units|rebels|militants|terrorists|fighters|jihadists"
    r"|allies|militias|factions)\b(?:\s+[\w'’-]+){0,10}?\s+could\s+$",
    re.IGNORECASE,
)
# Before it in the sentence: an opinion, a forecast or a condition ("analysts say the army
# could take X").
_OPINION_BEFORE = re.compile(
    r"\b(?:says?|said|warn\w*|fear\w*|believ\w*|expect\w*|think\w*|thought|predict\w*"
    r"|analysts?|experts?|observers?|suggest\w*|if|unless|when|once|whether|risk\w*)\b",
    re.IGNORECASE,
)
# After it: a future or a hypothesis ("could take X within days", "... if talks fail").
_FUTURE_AFTER = re.compile(
    r"\b(?:within|soon|if|unless|next|coming|would|will|may|might|eventually|threat\w*"
    r"|expected|likely|possibl\w*|ahead|future|before\s+long|any\s+(?:day|time|moment))\b",
    re.IGNORECASE,
)
# Before a noun of capture: an aim or a fear, not a fact ("the battle for the capture of X",
# "to prevent the fall of X"); "led to the capture of X" is a fact.
_NOUN_AIM_BEFORE = re.compile(
    r"(?:\b(?:for|toward|towards|against|at|prevent\w*|avoid\w*|stop\w*|halt\w*|resist\w*"
    r"|fear\w*|imminent|possible|potential|looming|eventual)|(?<!led)(?<!leading)(?<!due)"
    r"\s+to)\s*$",
    re.IGNORECASE,
)
# After it, in its clause: a future or a hypothesis ("the fall of X would open the road").
_NOUN_FUTURE_AFTER = re.compile(
    r"^[^.;:!?]{0,80}?\b(?:would|will|could|might|may|can|threatens?|is\s+expected)\b",
    re.IGNORECASE,
)


def _noun_not_asserted(text: str, t: Trigger, window: str) -> bool:
    """Whether a noun of capture ("the fall of X", "X's liberation") is no reported fact."""
    if NEGATIVE.search(window) or _NOUN_AIM_BEFORE.search(window):
        return True
    return bool(_NOUN_FUTURE_AFTER.match(text, t.end))


def _could_past(text: str, t: Trigger, words: list[str], low: set[str], s: int) -> bool:
    """ "Soldiers could liberate X on Tuesday night": translated prose (Persian, Arabic)
    uses "could" for "managed to"; with a past day in its clause and no other modal
    word it reports a fact. So it does with a force as its subject ("the army soldiers
    could set free X, Y and Z") when nothing in the sentence speaks of an opinion, a
    condition or a future."""
    if not words or words[-1].lower() != "could" or len(low & NEGATIVE_WORDS) > 1:
        return False
    if _PAST_DAY_AFTER.match(text, t.end):
        return True
    end = text.find(".", t.end)
    return (
        _FORCE_COULD.search(text, max(s, t.start - 90), t.start) is not None
        and _OPINION_BEFORE.search(text, s, t.start) is None
        and _FUTURE_AFTER.search(text, t.end, end if end > 0 else len(text)) is None
    )


def negated(text: str, t: Trigger, s: int) -> bool:
    """Whether trigger ``t`` (in the sentence starting at ``s``) reports no fact."""
    window = text[max(s, t.start - 60) : t.start]
    if _shared_aim(text, t, s, window):
        return True
    cut = clause_cut(window)
    if cut is not None:
        window = window[cut:]
    words = window.split()
    low = {w.strip(",.;:\"'()").lower() for w in words}
    if t.group in ("gerund", "nominal") and t.text[:1].lower() in "afsuw":
        # "did not waste time after capturing X": the negation is the main clause's
        return False
    # Word-set test first: the regex only confirms (stems, "n't", multi-word forms).
    if (low & NEGATIVE_WORDS or "n't" in window or "may" in words) and NEGATIVE.search(window):
        return not _could_past(text, t, words, low, s)
    if t.group in ("noun", "poss"):
        return _noun_not_asserted(text, t, window)
    if t.group in ("prox", "prox2", "corridor", "gerund", "nominal"):
        return False
    if window.lstrip().lower().startswith("once "):
        return True  # "Once X is captured, ...": a condition
    # A bare infinitive ("an offensive to capture X", "promised to shortly recapture")
    # is an aim, unless it was achieved ("managed to capture").
    infinitive = bool(words) and (
        words[-1].lower() == "to"
        or (len(words) > 1 and words[-2].lower() == "to" and words[-1].endswith("ly"))
    )
    before = text[max(s, t.start - 60) : t.start]
    return infinitive and not (ABLE.search(before) or _LATEST_TO.search(before))


def _shared_aim(text: str, t: Trigger, s: int, window: str) -> bool:
    """Whether a base-form verb joined by "and" shares an aim before it ("trying to advance
    on X and besiege Y", "an offensive to take X and encircle Y"), unless achieved."""
    if t.text.split(None, 1)[0].lower() not in _BASE_FORMS or not _AND_END.search(window):
        return False
    before = text[max(s, t.start - 160) : t.start]
    return bool(_AIM_TO.search(before)) and not ABLE.search(before)


_BASE_FORMS = frozenset(
    ("capture", "recapture", "take", "retake", "seize", "besiege", "encircle", "surround",
     "enter", "liberate", "storm", "secure", "regain", "control", "free", "clear")
)  # fmt: skip
_AND_END = re.compile(r"\band\s+(?:then\s+)?$")
# An infinitive of aim earlier in the clause, no sentence or clause stop after it.
_AIM_TO = re.compile(r"\bto\s+\w+[^.;:!?]*$", re.IGNORECASE)


def bare_noun(text: str, t: Trigger, s: int) -> bool:
    """Whether a capture verb's base form is a noun here ("the militant capture of")."""
    return t.text.lower() in ("capture", "recapture") and bool(
        NOUN_BEFORE.search(text, max(s, t.start - 25), t.start)
    )
