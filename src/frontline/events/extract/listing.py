"""Stage 5b': a change whose places are counted in one sentence and listed in the next.

"The army took the last five towns held by the rebels. The five towns were A, B, C, D and
E." The first sentence's verb has a counted plural object and no place; the next sentence
opens with that noun (or "They"/"These") and a copula, then the list. The list takes the
first sentence's change: its side, date and confidence.

Nothing here names a country, a place or a side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from frontline.events.extract.arguments import Trigger
from frontline.ingest.dates import DateMention
from frontline.reference.sides import ActorMention

__all__ = ["COUNTED_OBJECT", "FOLLOWING_LIST", "PendingList", "following_list"]

_PLURAL = (
    r"(?:towns|villages|areas|settlements|localities|hills|hilltops|positions|sites|points"
    r"|neighbou?rhoods|districts|farms|heights|cities|regions|locations)"
)
_COUNT = (
    r"(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+number"
    r"\s+of|a\s+few|a\s+dozen|dozens\s+of|more|other)"
)
# Right after the verb: a counted plural place noun ("captured the last five towns").
COUNTED_OBJECT = re.compile(
    r"\s+(?:(?:full\s+|complete\s+)?control\s+(?:of|over)\s+)?(?:the\s+|another\s+)?"
    r"(?:last\s+|remaining\s+|first\s+|(?:at\s+least|more\s+than|over|some|about|nearly)\s+)?"
    rf"{_COUNT}\s+(?:(?:new|more|other|key|small|strategic|nearby|[a-z]+-held)\s+)?"
    rf"(?:[a-z]+\s+and\s+)?{_PLURAL}\b",
    re.IGNORECASE,
)
# The next sentence's opening: that noun, or "they"/"these", then a copula before a list.
FOLLOWING_LIST = re.compile(
    # an attribution may open it ("The monitor said the villages included ...")
    r"\s*(?:[^.;:!?\n]{0,80}?\b(?:said|says|reported|added|noted|stated)\s+(?:that\s+)?)?"
    rf"(?:(?:the|these|those)\s+(?:[\w'’-]+\s+){{0,3}}?{_PLURAL}\b[^.;:!?\n]{{0,80}}?"
    r"|they|these|those)\s*,?\s*(?:were|are|include[sd]?|included)\b"
    r"(?:\s+as\s+follows)?\s*:?"
    # the copula the list follows, not one inside ("The towns that were held ... were A, B")
    r"(?=\s*[\"“]?(?:[-•*·–\d]|(?-i:(?:(?:al|el)-)?[A-Z])))",
    re.IGNORECASE,
)


@dataclass(slots=True)
class PendingList:
    """A change with a counted object and no place, waiting for the next sentence's list."""

    trigger: Trigger
    start: int  # its sentence's span
    end: int
    hits: Sequence[int]
    actors: list[ActorMention]
    resolved: list[tuple[DateMention, tuple | None]]
    hints: list[str]
    triggers: list[Trigger]
    anchored: list[int]


def following_list(text: str, s: int, e: int, pending: PendingList | None) -> int | None:
    """Where the list of the sentence ``text[s:e]`` starts when it names the places of
    ``pending`` (the previous sentence's counted change), else None."""
    if pending is None or not 0 <= s - pending.end <= 3:
        return None
    m = FOLLOWING_LIST.match(text, s, e)
    return m.end() if m is not None else None
