"""Sides of a conflict (who can hold ground) and the actor names that stand for them.

Sides are data (``data/sides.csv``: ``side,label,colour,aliases``), so the same code maps
another war with another table.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from frontline._io import read_csv
from frontline._paths import data_path
from frontline.errors import BadInputError, FrontlineWarning

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Colours of sides whose row leaves ``colour`` empty, in row order (Okabe-Ito, readable
#: by colour-blind readers).
DEFAULT_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")

__all__ = ["DEFAULT_COLOURS", "ActorMention", "Side", "Sides"]


@dataclass(frozen=True)
class Side:
    """One side: its key (``government``), display label, hex colour and actor aliases."""

    side: str
    label: str
    colour: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ActorMention:
    """An actor alias found in text: character span, the alias as written, and its side."""

    start: int
    end: int
    text: str
    side: str


def _claim_aliases(
    owners: dict[str, str], key: str, aliases: tuple[str, ...], src: Path, line: int
) -> None:
    # An actor name that stands for two sides would make every mention of it ambiguous;
    # the last row silently winning would put events on the wrong side.
    for alias in (key, *aliases):
        owner = owners.setdefault(alias.lower(), key)
        if owner != key:
            raise BadInputError(f"alias {alias!r} stands for both {owner!r} and {key!r}", src, line)


class Sides:
    """The table of sides, with look-ups by key and by actor name.

    Parameters
    ----------
    sides : list of Side
        In legend order.
    """

    def __init__(self, sides: list[Side]) -> None:
        if not sides:
            raise BadInputError("the sides table is empty")
        self._sides = list(sides)
        self._by_key = {s.side: s for s in self._sides}

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Sides:
        """Load a sides CSV (default: the shipped ``data/sides.csv``).

        Returns
        -------
        Sides
        """
        src = Path(path) if path is not None else data_path("sides.csv")
        table = read_csv(src, "sides file", required=("side",), hint="side,label,colour,aliases")
        sides: list[Side] = []
        seen: dict[str, int] = {}
        owners: dict[str, str] = {}
        for lineno, row in table:
            key = row["side"]
            # An empty or missing colour takes the next default one (a new war's first table
            # need not pick colours).
            colour = row.get("colour") or DEFAULT_COLOURS[len(sides) % len(DEFAULT_COLOURS)]
            if not key:
                raise BadInputError("empty 'side'", src, lineno)
            if key.lower() in seen:
                raise BadInputError(
                    f"side {key!r} is listed twice (first on line {seen[key.lower()]})",
                    src,
                    lineno,
                )
            seen[key.lower()] = lineno
            if not _COLOUR.match(colour):
                raise BadInputError(
                    f"colour {colour!r} is not #rrggbb (e.g. #1f77b4; empty: a default colour)",
                    src,
                    lineno,
                )
            aliases = tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
            _claim_aliases(owners, key, aliases, src, lineno)
            sides.append(Side(key, row.get("label") or key, colour, aliases))
            _warn_shared_colour(sides, src, lineno)
        if not sides:
            raise BadInputError(
                "the sides table has no rows: add one per side (side,label,colour,aliases)", src
            )
        return cls(sides)

    def __iter__(self) -> Iterator[Side]:
        return iter(self._sides)

    def __len__(self) -> int:
        return len(self._sides)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __getitem__(self, key: str) -> Side:
        try:
            return self._by_key[key]
        except KeyError:
            raise BadInputError(
                f"unknown side {key!r}; known sides: {', '.join(self._by_key)}"
            ) from None

    @property
    def keys(self) -> list[str]:
        """Side keys in table order."""
        return [s.side for s in self._sides]

    def colour(self, side: str | None, default: str = "#808080") -> str:
        """Hex colour of ``side`` (grey for None or an unknown side)."""
        s = self._by_key.get(side or "")
        return s.colour if s else default

    def label(self, side: str | None) -> str:
        """Display label of ``side`` (``"unknown"`` for None)."""
        s = self._by_key.get(side or "")
        return s.label if s else (side or "unknown")

    def alias_sides(self) -> dict[str, str]:
        """Every name of a side in text (lower case) and the side it names: the keys, the
        aliases and the labels ("Azerbaijani forces"; an alias of another side spelt the
        same wins).

        Returns
        -------
        dict of str to str
        """
        aliases = {a.lower(): s.side for s in self._sides for a in (s.side, *s.aliases)}
        for side in self._sides:
            aliases.setdefault(side.label.lower(), side.side)
        return aliases

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        aliases = self.alias_sides()
        # Longest alias first so "Turkey-backed factions" wins over a shorter overlap.
        alts = sorted(aliases, key=len, reverse=True)
        self._alias_side = aliases
        return re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])", re.IGNORECASE
        )

    def find_actors(self, text: str) -> list[ActorMention]:
        """All actor aliases in ``text``, left to right, longest alias first at each position.

        Returns
        -------
        list of ActorMention
        """
        pattern = self._pattern
        return [
            ActorMention(m.start(), m.end(), m.group(0), self._alias_side[m.group(0).lower()])
            for m in pattern.finditer(text)
        ]

    def normalise(self, name: str) -> str | None:
        """Map a side or actor name (``"government (SAA + allies)"``, ``"HTS"``) to a side key.

        The first alias found in ``name`` decides. Returns None when nothing matches.
        """
        if name.strip().lower() in self._by_key:
            return name.strip().lower()
        found = self.find_actors(name)
        return found[0].side if found else None


def _warn_shared_colour(sides: list[Side], src: Path, line: int) -> None:
    # Two sides in one colour are one colour on the map, legend and route bar: the reader
    # cannot tell their areas apart, so say so (a warning: allies may share one on purpose).
    last = sides[-1]
    same = [s.side for s in sides[:-1] if s.colour.lower() == last.colour.lower()]
    if same:
        warnings.warn(
            f"{src}:{line}: side {last.side!r} has the colour {last.colour} of {same[0]!r}; "
            "the map cannot tell them apart (give another colour)",
            FrontlineWarning,
            stacklevel=3,
        )
