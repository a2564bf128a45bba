"""Stage 2': a known place name glued to another capitalised word is part of a longer
name the gazetteer lacks ("Tal" in "Tal Khatrah"), not that place."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from frontline.events.extract.patterns import NEXT_WORD, PREV_WORD, is_name_word
from frontline.events.extract.places import PlaceHit
from frontline.ingest.dates import DateMention
from frontline.reference.sides import ActorMention

__all__ = ["glued_to_name"]


def _ayn_capital(two: str) -> bool:
    """An ayn or hamza mark, then a capital ("'Awaid")."""
    return len(two) == 2 and two[0] in "'‘’ʿʾ`" and two[1].isupper()


def glued_to_name(
    text: str,
    h: PlaceHit,
    actors: Sequence[ActorMention],
    dates: Sequence[DateMention],
    sentence_start: Callable[[int], bool],
) -> bool:
    """True when ``h`` is glued to another capitalised word ("Tal" in "Tal Khatrah").

    The automaton takes the longest known name, so a known name with a capitalised
    neighbour is part of a longer name the gazetteer lacks: it is left to the
    unknown-name reader instead of being taken for the wrong place.
    """
    # Cheap look at the neighbouring characters before any regex.
    nxt = text[h.end : h.end + 5]
    prv = text[max(0, h.start - 2) : h.start]
    after = (
        NEXT_WORD.match(text, h.end)
        if nxt[:1] in (" ", "-", "‐")
        and (nxt[1:2].isupper() or nxt[1:4] in ("al-", "el-") or _ayn_capital(nxt[1:3]))
        else None
    )
    # PREV_WORD needs a capital in the word before; a lower-case word ("of", "in",
    # the usual case) rules it out without the regex's scan of the 30-character window.
    before = (
        PREV_WORD.search(text, max(0, h.start - 30), h.start)
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
            is_name_word(word)
            and not any(a.start <= m.start("w") < a.end for a in actors)
            and not any(d.start <= m.start("w") < d.end for d in dates)
        ):
            if m is before and sentence_start(m.start("w")):
                continue  # "Regime ...", "Fighters ...": capitalised by position
            return True
    return False
