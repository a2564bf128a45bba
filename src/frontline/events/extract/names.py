"""Where a capitalised name the gazetteer lacks stands in a place's slot.

A known place is taken after any filler words ("the strategic town of X"); an unknown
capitalised word needs more: a place noun before it, a list it continues, a landform after
it, or only an adjective that describes places ("nearby X", "rebel-held X").
"""

from __future__ import annotations

import re

from frontline.events.extract.patterns import (
    LANDFORMS,
    OF_END,
    PLACE_NOUN_END,
    gap_is_filler,
    list_gap,
    no_sequence,
)

__all__ = ["NAME_AFTER", "NAME_BEFORE", "PLACE_ADJECTIVES", "name_slot"]

#: Words before a name that describe a place, never a person or a group: "captured nearby
#: X", "took strategic X", "entered rebel-held X". A ``-held``/``-controlled`` compound
#: says whose the place is, so the word after it is a place.
PLACE_ADJECTIVES = re.compile(
    r"^\s*(?:the\s+)?(?:(?:nearby|neighbou?ring|adjacent|strategic|key|besieged|embattled"
    r"|[a-z]+-(?:held|controlled|run))\s+)+$",
    re.IGNORECASE,
)

#: A capitalised name ending right before a position ("... turned to Tell Dibs|, which it
#: captured"): the antecedent of a relative clause the gazetteer does not know.
# A place noun right after a name or a list of names: "the <name> area", "the A and B
# villages".
_NOUN_AFTER = re.compile(
    r"(?:\s*(?:,|,?\s+and)\s+(?:(?:al|el)-)?[A-Z][\w'’-]*(?:\s+(?:(?:al|el)-)?[A-Z][\w'’-]*){0,2})"
    r"{0,6}\s+(?:area|village|town|hill|hilltop|region|farms|heights|sector|axis|crossroads"
    r"|areas|villages|towns|hills)\b"
)
NAME_BEFORE = re.compile(
    r"(?<![\w'’-])(?P<name>(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w'’]+(?:[- ](?:(?:al|el"
    r"|ad|an|ar|as|ash|at|az)-)?[A-Z][\w'’]+){0,3})\s*$"
)

#: The same, starting at a position ("the observation post in |Abu Jarif").
NAME_AFTER = re.compile(
    r"(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w'’]+(?:[- ](?:(?:al|el|ad|an|ar|as|ash|at"
    r"|az)-)?[A-Z][\w'’]+){0,3}"
)


def name_slot(text: str, cursor: int, lead: str, first: bool, name: str) -> bool:
    """Whether ``lead`` (the words of ``text`` from ``cursor`` up to a capitalised ``name``)
    puts the name where a place goes: after a place noun ("the town of"), continuing a
    list, named as a landform ("the Zuwayqat Mountains") or after a place adjective
    ("nearby", "rebel-held").

    >>> name_slot("took nearby Abu Jarif", 4, " nearby ", True, "Abu Jarif")
    True
    >>> name_slot("took many Abu Jarif", 4, " many ", True, "Abu Jarif")
    False
    """
    if not first:
        return no_sequence(list_gap(lead))
    if not gap_is_filler(lead):
        return bool(PLACE_ADJECTIVES.match(lead))  # "rebel-held" is no filler word
    if name.split()[-1].lower() in LANDFORMS:
        return True
    low = lead.strip().lower()
    if (low == "the" or low.endswith(" the")) and _NOUN_AFTER.match(
        text, cursor + len(lead) + len(name)
    ):
        return True  # "over the Abu Jarif area", "the Tal X hill"
    before = text[max(0, cursor - 12) : cursor] + lead
    if lead.strip():
        return bool(PLACE_NOUN_END.search(before) or PLACE_ADJECTIVES.match(lead))
    # no lead at all: the caller put the cursor on the list ("The villages are |A, B")
    return lead in ("", " ") or bool(OF_END.search(before))
