"""Building one place's states from its reports (rules in :mod:`frontline.control.timeline`).

Private module: :class:`ControlTimeline` is the public face; the names here are public only so
that the timeline module can import them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from frontline._io import cell_text

__all__ = [
    "BASES",
    "CONTROL_COLUMNS",
    "TIMELINE_COLUMNS",
    "Report",
    "State",
    "StateBuilder",
    "PlaceInfo",
    "Prior",
    "join_sources",
    "most_common",
    "opponent_counts",
    "previous_dates",
]

#: Where a state comes from: an event at the place (``reported``), a baseline (``baseline``),
#: the losing side of a later event back to the place's previous event (``implied``), or the
#: same further back, or a side guessed from the opponents, with a decaying confidence
#: (``inferred``).
BASES = ("reported", "implied", "inferred", "baseline")

#: Confidence at the evidence of an inferred state whose holder is the event's ``from_side``;
#: a holder guessed from the opponents of the gaining side starts lower.
FROM_SIDE_CONFIDENCE = 0.9
GUESSED_CONFIDENCE = 0.6
#: Inferred states are cut in this many steps back to the horizon, each with the confidence at
#: its middle (intervals stay constant so the map and exports stay piecewise constant).
INFERRED_STEPS = 4


#: Columns of ``ControlTimeline.control_at`` (one row per place on a date).
CONTROL_COLUMNS = [
    "place_id",
    "place",
    "side",
    "status",
    "besieger",
    "since",
    "implied",
    "basis",
    "confidence",
    "event_id",
    "sources",
    "lat",
    "lon",
    "geometry",
]
#: Columns of ``ControlTimeline.intervals`` (one row per state of a place).
TIMELINE_COLUMNS = [
    "place_id",
    "place",
    "valid_from",
    "valid_to",
    "side",
    "status",
    "besieger",
    "implied",
    "basis",
    "confidence",
    "event_id",
    "sources",
]


@dataclass(frozen=True)
class Report:
    """One event at a place, as the timeline reads it."""

    date: str
    published: str
    order: int
    kind: str
    side: str
    from_side: str
    event_id: str
    source: str


@dataclass(frozen=True)
class State:
    """One interval of a place's control: ``[valid_from, valid_to)`` (``valid_to`` "" = open)."""

    valid_from: str
    valid_to: str
    side: str
    status: str
    besieger: str
    basis: str
    confidence: float
    event_id: str
    sources: str

    @property
    def implied(self) -> bool:
        """True for states not reported at the place (``implied`` or ``inferred``)."""
        return self.basis in ("implied", "inferred")


@dataclass
class PlaceInfo:
    """A place of the timeline (WGS84 degrees; NaN when unlocated)."""

    place_id: str
    place: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Region:
    """A region-level ``held`` assertion (e.g. "rebel-held Idlib province")."""

    name: str
    side: str
    date: str
    source: str


@dataclass(frozen=True)
class Prior:
    """What a place's first report says about the time before it."""

    holder: str  # "" when no side can be named
    from_side: bool  # the holder is the event's from_side (not a guess)
    evidence: str  # ISO date of the first report
    previous: str  # ISO date of the place's previous (non-control) event, "" if none


def most_common(counter: Counter[str]) -> str:
    """The most frequent key; ties break alphabetically so row order does not matter."""
    best = max(counter.values())
    return sorted(k for k, v in counter.items() if v == best)[0]


def join_sources(items: Iterable[Report | str]) -> str:
    """Distinct sources joined with ``" | "`` in first-seen order."""
    seen: list[str] = []
    for it in items:
        s = it.source if isinstance(it, Report) else str(it)
        if s and s not in seen:
            seen.append(s)
    return " | ".join(seen)


def opponent_counts(
    groups: Iterable[list[Report]], sides: Sequence[str] = ()
) -> dict[str, Counter[str]]:
    """For each side, how often each other side is the explicit loser (``from_side``) or another
    gainer at the same place: the basis of a guessed prior holder. With exactly two ``sides``
    (the table's keys) each one's opponent is the other before any report says so."""
    counts: dict[str, Counter[str]] = {}
    if len(sides) == 2:
        counts = {sides[0]: Counter({sides[1]: 1}), sides[1]: Counter({sides[0]: 1})}
    for reps in groups:
        gainers = {r.side for r in reps}
        for r in reps:
            c = counts.setdefault(r.side, Counter())
            if r.from_side and r.from_side != r.side:
                c[r.from_side] += 1
            for other in gainers - {r.side}:
                c[other] += 1
    return counts


def effective_date(date: str, precision: str, kind: str) -> str:
    if kind == "historical" or precision in {"year", "month"}:
        if precision == "year":
            return date[:4] + "-01-01"
        if precision == "month":
            return date[:7] + "-01"
    return date


def source_of(r: dict[str, Any]) -> str:
    return cell_text(r.get("sources")) or " ".join(
        s for s in (cell_text(r.get("source")), cell_text(r.get("url"))) if s
    )


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


_Cur = tuple[str, str, str, str, float, str, str]  # side, status, besieger, basis, conf, id, src


class StateBuilder:
    """Builds the states of one place; see the rules in :mod:`frontline.control.timeline`.

    Parameters
    ----------
    opponents : dict
        :func:`opponent_counts` of the whole table (guessed holders).
    horizon_days : int
        Inferred states reach at most this many days before their evidence.
    """

    def __init__(self, opponents: dict[str, Counter[str]], horizon_days: int) -> None:
        self.opponents = opponents
        self.horizon_days = int(horizon_days)
        self.states: list[State] = []
        self.cur: _Cur | None = None
        self.since = ""

    # -- the holder before the first report ---------------------------------------------------

    def holder_before(self, first: Report, reps: list[Report]) -> tuple[str, bool]:
        """(side that lost the place, whether it is the event's own ``from_side``)."""
        if first.from_side and first.from_side != first.side:
            return first.from_side, True
        local = Counter(r.side for r in reps if r.side != first.side)
        local.update(r.from_side for r in reps if r.from_side and r.from_side != first.side)
        if local:
            return most_common(local), False
        glob = self.opponents.get(first.side, Counter())
        glob = Counter({k: v for k, v in glob.items() if k != first.side})
        if glob:
            return most_common(glob), False
        return "", False

    def prior_states(self, prior: Prior) -> list[State]:
        """States before the first report: ``implied`` back to the previous event, then
        ``inferred`` in :data:`INFERRED_STEPS` steps back to the horizon, never further."""
        if not prior.holder:
            return []
        out: list[State] = []
        start = prior.evidence
        if prior.from_side and prior.previous and prior.previous < prior.evidence:
            out.append(
                State(prior.previous, start, prior.holder, "held", "", "implied", 1.0, "", "")
            )
            start = prior.previous
        c0 = FROM_SIDE_CONFIDENCE if prior.from_side else GUESSED_CONFIDENCE
        half_life = max(1.0, self.horizon_days / 2)
        step = max(1, math.ceil(self.horizon_days / INFERRED_STEPS))
        back = 0
        while back < self.horizon_days:
            length = min(step, self.horizon_days - back)
            hi, lo = _shift(start, -back), _shift(start, -(back + length))
            mid = back + length / 2
            conf = round(c0 * 0.5 ** (mid / half_life), 3)
            out.append(State(lo, hi, prior.holder, "held", "", "inferred", conf, "", ""))
            back += length
        return sorted(out, key=lambda s: s.valid_from)

    # -- the states from the reports ----------------------------------------------------------

    def push(self, date: str, new: _Cur) -> None:
        """Start ``new`` on ``date`` unless it only confirms the current state."""
        if self.cur is not None and new[:3] == self.cur[:3]:
            return  # a report confirming the current state does not start a new interval
        if self.cur is not None and date > self.since:
            self.states.append(State(self.since, date, *self.cur))
        # a change on the day the current state began replaces it (no empty interval)
        self.cur, self.since = new, date

    def close(self) -> list[State]:
        """All states, the last one open."""
        if self.cur is not None:
            self.states.append(State(self.since, "", *self.cur))
            self.cur = None
        return self.states

    def holder(self) -> str:
        """The side holding the place now ("" if none)."""
        return self.cur[0] if self.cur is not None and self.cur[1] in ("held", "besieged") else ""

    def day(self, day: str, day_reps: list[Report], reps: list[Report]) -> None:
        """Apply the reports of one day."""
        gains = [r for r in day_reps if r.kind in ("control_change", "historical")]
        sieges = [r for r in day_reps if r.kind == "siege"]
        entries = [r for r in day_reps if r.kind == "entered"]
        helds = [r for r in day_reps if r.kind == "held"]
        if helds and not (gains or sieges or entries):
            self._held(day, helds)
            return
        if entries and not gains:
            # Forces inside without a claim of control: contested until a capture is
            # reported, unless every entering side already holds the place.
            entering = [r for r in entries if r.side != self.holder()]
            if entering:
                src = join_sources(entering)
                self.push(day, ("", "contested", "", "reported", 1.0, entering[0].event_id, src))
                return
        if gains:
            latest = max(r.published for r in gains)
            winners = [r for r in gains if r.published == latest]
            if len({r.side for r in winners}) > 1:
                srcs = join_sources(winners)
                self.push(day, ("", "contested", "", "reported", 1.0, winners[-1].event_id, srcs))
                return
            side = winners[-1].side
            support = [r for r in gains if r.side == side]
            self.push(
                day, (side, "held", "", "reported", 1.0, support[0].event_id, join_sources(support))
            )
        if sieges:
            self._siege(day, sieges, reps)

    def _held(self, day: str, helds: list[Report]) -> None:
        # A state named in passing ("the rebel-held town of X") fills what is not known;
        # it never overrides a reported change or a baseline: such phrases are often stale.
        if self.cur is not None and self.cur[3] in ("reported", "baseline"):
            return
        sides = {r.side for r in helds}
        if len(sides) > 1 or (self.holder() in sides and self.cur is not None):
            return
        src = join_sources(helds)
        self.push(day, (helds[-1].side, "held", "", "reported", 1.0, helds[0].event_id, src))

    def _siege(self, day: str, sieges: list[Report], reps: list[Report]) -> None:
        latest = max(sieges, key=lambda r: (r.published, r.order))
        besieger = latest.side
        holder = self.holder()
        if holder == besieger:
            return  # the besieger already holds it (captured the same day)
        if not holder:
            holder = self.holder_before(latest, reps)[0]
        support = [r for r in sieges if r.side == besieger]
        self.push(
            day,
            (
                holder,
                "besieged",
                besieger,
                "reported",
                1.0,
                support[0].event_id,
                join_sources(support),
            ),
        )


def build_states(
    reps: list[Report],
    baseline: tuple[str, str, str] | None,
    *,
    opponents: dict[str, Counter[str]],
    horizon_days: int,
    previous_event: dict[str, str] | None = None,
) -> list[State]:
    """The states of one place, oldest first.

    Parameters
    ----------
    reps : list of Report
        The place's control reports.
    baseline : (side, as_of, source) or None
        The place's baseline state.
    opponents, horizon_days
        See :class:`StateBuilder`.
    previous_event : dict, optional
        ISO date -> the latest ISO date before it of a non-control event at the place.

    Returns
    -------
    list of State
        Not overlapping, sorted; no state before the earliest evidence minus the horizon.
    """
    reps = sorted(reps, key=lambda r: (r.date, r.published, r.order))
    b = StateBuilder(opponents, horizon_days)
    prior: list[State] = []
    if baseline is not None:
        side, as_of, source = baseline
        b.push(as_of, (side, "held", "", "baseline", 1.0, "", source))
    if (
        reps
        and (baseline is None or baseline[1] > reps[0].date)
        and reps[0].kind not in ("historical", "held")  # a held state implies no change
    ):
        first = reps[0]
        holder, explicit = b.holder_before(first, reps)
        previous = (previous_event or {}).get(first.date, "")
        prior = b.prior_states(Prior(holder, explicit, first.date, previous))
        if baseline is not None:
            prior = [s for s in prior if s.valid_to <= baseline[1]]
    by_day: dict[str, list[Report]] = {}
    for r in reps:
        by_day.setdefault(r.date, []).append(r)
    for day, day_reps in by_day.items():
        if baseline is not None and day < baseline[1]:
            continue  # the baseline is the state at as_of; earlier events are history
        b.day(day, day_reps, reps)
    states = b.close()
    if prior and states:
        prior = [s for s in prior if s.valid_from < states[0].valid_from]
        prior = [
            s if s.valid_to <= states[0].valid_from else _until(s, states[0].valid_from)
            for s in prior
        ]
    return prior + states


def _until(s: State, day: str) -> State:
    return State(
        s.valid_from,
        day,
        s.side,
        s.status,
        s.besieger,
        s.basis,
        s.confidence,
        s.event_id,
        s.sources,
    )


def previous_dates(reps: list[Report], other: list[str]) -> dict[str, str]:
    """First report date -> the latest other-kind event date before it (if any)."""
    if not reps or not other:
        return {}
    first = min(r.date for r in reps)
    before = [d for d in other if d < first]
    return {first: max(before)} if before else {}
