"""The vocabulary and defaults every layer shares, in one place.

Kinds of event, statuses of a place, date precisions and the pseudo-sides of areas are
``Literal`` types, so mypy catches a misspelt ``"contestd"``; the tuples beside them are the
same words for run-time checks and loops.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

__all__ = [
    "CONTESTED",
    "DEFAULT_MAX_KM",
    "KINDS",
    "NON_SIDES",
    "OUTSIDE",
    "PRECISIONS",
    "STATUSES",
    "UNKNOWN",
    "Kind",
    "Precision",
    "Status",
]

#: What an event says happened to a place (docs/events.md).
Kind = Literal[
    "control_change", "siege", "entered", "advance", "proximity", "corridor", "historical", "held"
]
#: A place's state on a date (docs/control-model.md).
Status = Literal["held", "besieged", "contested", "unknown"]
#: How exactly a date is known.
Precision = Literal["day", "week", "month", "year"]

KINDS: Final[tuple[str, ...]] = get_args(Kind)
STATUSES: Final[tuple[str, ...]] = get_args(Status)
PRECISIONS: Final[tuple[str, ...]] = get_args(Precision)

#: Pseudo-sides of areas and route stretches: no evidence, disputed, beyond the area of interest.
UNKNOWN: Final = "unknown"
CONTESTED: Final = "contested"
OUTSIDE: Final = "outside"
NON_SIDES: Final = frozenset({UNKNOWN, CONTESTED, OUTSIDE, ""})

#: Default reach of a reported place's evidence when drawing areas (km).
DEFAULT_MAX_KM: Final = 10.0
