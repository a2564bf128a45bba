"""Word lists the extractor reads as data: news outlets and the words that name a side
inside a state phrase ("rebel-held", "government-controlled").

``data/outlets.csv`` (``outlet,aliases``): agencies, channels and papers. An outlet name is
never a place or an actor ("..., Al-Masdar News reports" names no place). Matched as
written (case-sensitive), whole words only, so "AP" never matches "ap" in a word.

``data/side_modifiers.csv`` (``side,modifiers``): the words before ``-held``,
``-controlled``, ``-run`` or ``stronghold`` that say whose the place is.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from frontline._paths import data_path
from frontline.errors import BadInputError
from frontline.ingest.dates import AnchoredPattern
from frontline.reference.sides import ActorMention

__all__ = ["OutletFinder", "SideModifiers", "composed_actors", "outlet_finder", "side_modifiers"]


def _read(path: Path, key: str, values: str) -> list[tuple[str, list[str]]]:
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"cannot read {path.name}: {exc}", path) from exc
    out = []
    for line, row in enumerate(rows, start=2):
        name = (row.get(key) or "").strip()
        if not name:
            raise BadInputError(f"empty {key!r}", path, line)
        words = [w.strip() for w in (row.get(values) or "").split("|") if w.strip()]
        out.append((name, words or [name]))
    return out


class OutletFinder:
    """Finds outlet names in text (one Aho-Corasick pass, longest match first)."""

    def __init__(self, names: list[str]) -> None:
        automaton = ahocorasick.Automaton()
        for name in names:
            automaton.add_word(name, len(name))
        if names:
            automaton.make_automaton()
        self.empty = not names
        self.automaton = automaton

    def find(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` character offsets of every outlet name in ``text``."""
        if self.empty:
            return []
        out = []
        n = len(text)
        for end, length in self.automaton.iter_long(text):
            start = end - length + 1
            if (start and (text[start - 1].isalnum() or text[start - 1] in "-_")) or (
                end + 1 < n and (text[end + 1].isalnum() or text[end + 1] in "-_")
            ):
                continue
            out.append((start, end + 1))
        return out


@lru_cache(maxsize=4)
def outlet_finder(path: str | os.PathLike[str] | None = None) -> OutletFinder:
    """The finder for ``path`` (default: the shipped ``data/outlets.csv``), built once."""
    src = Path(path) if path is not None else data_path("outlets.csv")
    rows = _read(src, "outlet", "aliases")
    return OutletFinder(sorted({a for _, aliases in rows for a in aliases}))


@dataclass(frozen=True)
class SideModifiers:
    """Lower-cased modifier -> side key."""

    side_of: dict[str, str]

    def side(self, words: str) -> str:
        """The side a modifier phrase names ("rebel", "Turkish-backed rebel"), or ``""``.

        The longest known suffix wins ("pro-government" before "government").
        """
        low = words.lower().strip(" ,")
        parts = low.split()
        for i in range(len(parts)):
            side = self.side_of.get(" ".join(parts[i:]))
            if side:
                return side
        return ""


@lru_cache(maxsize=4)
def side_modifiers(path: str | os.PathLike[str] | None = None) -> SideModifiers:
    """The modifiers of ``path`` (default: the shipped ``data/side_modifiers.csv``)."""
    src = Path(path) if path is not None else data_path("side_modifiers.csv")
    return SideModifiers({m.lower(): side for side, mods in _read(src, "side", "modifiers")
                          for m in mods})  # fmt: skip


# Nouns of armed men a side modifier turns into an actor ("pro-government troops",
# "Turkish-backed gunmen"): the sides table need not list every pairing.
_FORCE_NOUNS = (
    "forces|troops|fighters|soldiers|militias|militiamen|units|gunmen|militants|brigades"
    "|battalions|formations|factions|groups|rebels|personnel|servicemen|terrorists"
    "|jihadists|insurgents|extremists|mercenaries|paramilitaries|proxies"
)
# Modifiers too common alone to open an actor ("Islamic State fighters").
_TOO_COMMON = frozenset({"state"})


_FORCE_SET = frozenset(_FORCE_NOUNS.split("|"))
_FORCE = re.compile(rf"\b(?:{_FORCE_NOUNS})\b")  # run on the lower-cased text
# Tried only where a force noun starts (one Aho-Corasick pass): ``re`` would try the
# alternation at every word of the article (~4% of the extraction time). ``lowered``: run
# on the lower-cased text, passed the text itself so the article's shared walk is reused.
_FORCE_FINDER = AnchoredPattern(_FORCE, _FORCE_SET, lowered=True)
_WORD = re.compile(r"[\w'’]+(?:[-/][\w'’]+)*")


def _modifier_before(text: str, pos: int, side_of: dict[str, str]) -> tuple[int, str] | None:
    """Start and side of a side modifier ending right before ``pos`` or one word before
    ("pro-government troops", "loyalist armed gunmen"), one or two words long."""
    ws = list(_WORD.finditer(text, max(0, pos - 48), pos))[-3:]
    if not ws or not text[ws[-1].end() : pos].isspace():
        return None
    for last in (len(ws) - 1, len(ws) - 2):
        for first in (last - 1, last):
            if first < 0 or (last < len(ws) - 1 and not ws[-1].group().islower()):
                continue
            phrase = text[ws[first].start() : ws[last].end()].lower()
            side = side_of.get(phrase, "") if phrase not in _TOO_COMMON else ""
            if side and not text[ws[first].end() : ws[last].start()].strip(" "):
                return ws[first].start(), side
    return None


_BACKER_ENDS = tuple(f"-{w}{sp}" for w in ("backed", "led", "sponsored", "supported")
                     for sp in (" ", "\t", "\n"))  # fmt: skip
_BACKER_BEFORE = re.compile(r"(?<![\w-])(?P<mod>[\w'’-]+-(?:backed|led|sponsored|supported))\s+$")


def _backed(text: str, a: ActorMention, modifiers: SideModifiers) -> ActorMention:
    """``a`` with the side of a backer before it: "Iran-backed terrorist groups" fight for
    the side Iran backs, whatever "terrorist groups" alone would say."""
    # cheap look first: the word before ends in "-backed" / "-led" ... (most actors: no)
    before = text[max(0, a.start - 30) : a.start]
    m = _BACKER_BEFORE.search(before) if before.endswith(_BACKER_ENDS) else None
    if m is not None:
        side = modifiers.side(m.group("mod"))
        if side and side != a.side:
            start = a.start - len(before) + m.start("mod")
            return ActorMention(start, a.end, text[start : a.end], side)
        return a
    if a.text.lower() not in _FORCE_SET:
        return a
    # a bare noun of armed men takes the side of the modifier right before it ("Hezbollah
    # militants", "YPG/PKK terrorists")
    found = _modifier_before(text, a.start, modifiers.side_of)
    if found is None or found[1] == a.side:
        return a
    return ActorMention(found[0], a.end, text[found[0] : a.end], found[1])


def composed_actors(
    text: str, actors: list[ActorMention], modifiers: SideModifiers
) -> list[ActorMention]:
    """``actors`` with the actors a side modifier and a force noun make ("pro-government
    troops", "HTS-led militants") where no listed alias already stands, left to right."""
    actors = [_backed(text, a, modifiers) for a in actors]
    extra = []
    ends = {a.end for a in actors}  # "government forces": most such nouns end an alias
    for m in _FORCE_FINDER.finditer(text):
        if m.end() in ends:
            continue
        found = _modifier_before(text, m.start(), modifiers.side_of)
        if found is None:
            continue
        start, side = found
        if not any(a.start < m.end() and start < a.end for a in actors):
            extra.append(ActorMention(start, m.end(), text[start : m.end()], side))
    return sorted(actors + extra, key=lambda a: a.start) if extra else actors
