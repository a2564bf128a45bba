"""Repeated mentions: one ``held`` event per place and side, one event per place, kind,
side and day within a sentence, the key of a change by year, and the side of a change
that names no gainer in an article whose changes all go one way."""

from __future__ import annotations

import dataclasses
import datetime as dt

from frontline.events.extract.dating import drop_undated_repeats
from frontline.events.model import Event, event_id

__all__ = [
    "dedupe_mentions",
    "fill_sides",
    "first_held",
    "one_day_per_change",
    "settle",
    "year_key",
]

#: Mentions of one change (place, kind, side) this many days apart or fewer are one change
#: reported twice ("took X on Monday" and a later "X, captured yesterday, ..."): not two.
NEAR_DAYS = 3


def first_held(events: list[Event]) -> list[Event]:
    """One ``held`` event per place and side (the first mention)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for ev in events:
        key = (ev.place_id or ev.place, ev.side)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


def year_key(ev: Event) -> tuple[str, str, str]:
    """``(place, side, year)``: one change per place and side in a year."""
    return (ev.place_id or ev.place, ev.side, ev.date[:4])


def dedupe_mentions(events: list[Event]) -> list[Event]:
    """The events of one sentence, one per place, kind, side and date (the most confident),
    and no ``entered`` where the sentence also claims the capture."""
    best: dict[tuple[str, str, str, str], Event] = {}
    for ev in events:
        key = (ev.place_id or ev.place, ev.kind, ev.side, ev.date)
        if key not in best or best[key].confidence < ev.confidence:
            best[key] = ev
    out = list(best.values())
    if any(ev.kind == "entered" for ev in out):
        # "was entered and secured by the army": the sentence also claims the capture.
        taken = {(ev.place_id or ev.place, ev.side) for ev in out if ev.kind == "control_change"}
        out = [ev for ev in out if ev.kind != "entered" or (ev.place_id or ev.place, ev.side)
               not in taken]  # fmt: skip
    return out


def fill_sides(events: list[Event]) -> list[Event]:
    """Give a change with no side ("X was liberated!") the side every other change of the
    article gains, when there are at least two of them and all agree (a report on one
    side's offensive); confidence 0.1 lower. Otherwise the change keeps no side."""
    if all(ev.side for ev in events):
        return events
    sides = {ev.side for ev in events if ev.kind == "control_change" and ev.side}
    n = sum(1 for ev in events if ev.kind == "control_change" and ev.side)
    if len(sides) != 1 or n < 2:
        return events
    side = sides.pop()
    return [
        ev
        if ev.side or ev.kind not in ("control_change", "siege")
        else dataclasses.replace(
            ev,
            side=side,
            event_id=event_id(ev.article, ev.place_id or ev.place, ev.kind, ev.date, side),
            confidence=round(max(0.05, ev.confidence - 0.1), 2),
        )
        for ev in events
    ]


def one_day_per_change(events: list[Event]) -> list[Event]:
    """One date per change of an article: of the mentions of one place, kind and side dated
    at most :data:`NEAR_DAYS` days apart (day precision), only those on the day of the most
    confident mention (the earliest on a tie) stay."""
    groups: dict[tuple[str, str, str], list[Event]] = {}
    for ev in events:
        if ev.kind in ("control_change", "siege") and ev.date_precision == "day":
            groups.setdefault((ev.place_id or ev.place, ev.kind, ev.side), []).append(ev)
    drop: set[int] = set()
    for group in groups.values():
        if len({ev.date for ev in group}) < 2:
            continue
        best = max(group, key=lambda ev: ev.confidence)
        day = dt.date.fromisoformat(best.date)
        drop.update(
            id(ev)
            for ev in group
            if ev.date != best.date
            and abs((dt.date.fromisoformat(ev.date) - day).days) <= NEAR_DAYS
        )
    return [ev for ev in events if id(ev) not in drop] if drop else events


def settle(events: list[Event], undated: set[int]) -> list[Event]:
    """An article's changes after reading it all: sides filled (:func:`fill_sides`),
    undated repeats dropped (:func:`~frontline.events.extract.dating.drop_undated_repeats`,
    ``undated``: ``id()`` of the mentions the article does not date), one day per change
    (:func:`one_day_per_change`)."""
    return one_day_per_change(drop_undated_repeats(fill_sides(events), undated))
