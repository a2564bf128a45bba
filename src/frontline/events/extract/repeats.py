"""Repeated mentions: one ``held`` event per place and side, one event per place, kind,
side and day within a sentence, and the key of a change by year."""

from __future__ import annotations

from frontline.events.model import Event

__all__ = ["dedupe_mentions", "first_held", "year_key"]


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
