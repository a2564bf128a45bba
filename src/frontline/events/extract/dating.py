"""Stage 5c: which date an event gets: the date phrase of its own clause.

A date phrase belongs to the nearest trigger, a verb's own adverbial winning ("took X on
May 8 and lost it again on May 22"); a clause opened by "after/since/when ..." keeps its
own date ("retook X, since they captured it last night"); nouns ("the capture of") take
no other verb's date. With no phrase of its own, an event takes the day the article last
spoke of, else the publication date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from frontline.events.extract.arguments import Trigger
from frontline.events.extract.patterns import DETERMINER_BEFORE, SUBORDINATE_BEFORE
from frontline.events.model import Event
from frontline.ingest.dates import DateContext, DateMention

__all__ = ["Resolved", "distance", "drop_undated_repeats", "event_date", "follows_other"]

#: A date mention and what it resolved to (``(date, precision)`` or None).
Resolved = tuple[DateMention, tuple[dt.date, str] | None]


def follows_other(t: Trigger, o: Trigger, d: DateMention) -> bool:
    """Whether date ``d``, before trigger ``t``, is the adverbial after another trigger
    ``o`` ("took X on May 8 and lost it on May 22": May 8 is the taking's)."""
    return o.end <= d.start and d.end <= t.start and d.start - o.end < distance(t, d)


def distance(t: Trigger, d: DateMention) -> int:
    """Characters between trigger and date phrase; one before the verb counts 15 more."""
    return d.start - t.end if d.start >= t.end else t.start - d.end + 15


def event_date(
    t: Trigger,
    resolved: Sequence[Resolved],
    sentence_triggers: Sequence[Trigger],
    text: str,
    context: DateContext,
) -> tuple[str, str, bool]:
    """The date of trigger ``t`` in ``text``.

    Returns
    -------
    tuple of (str, str, bool)
        ISO date, precision (``day|week|month|year``), and whether the sentence dates the
        event itself (False: the article's last day, or the publication date).
    """
    # Other verbs of the sentence (not nouns: "completed the capture of the road").
    others = [
        o
        for o in sentence_triggers
        if o is not t and not DETERMINER_BEFORE.search(text, max(0, o.start - 8), o.start)
    ]
    # Only a trigger opening a clause of its own ("after troops retook Y", "since they
    # captured it") takes the dates beyond it; a relative clause about the same place
    # ("X, a bastion that was retaken on Wednesday") does not.
    clauses = [
        o.start
        for o in others
        if SUBORDINATE_BEFORE.search(text, max(0, o.start - 40), o.start) is not None
    ]
    good = [
        (d, r)
        for d, r in resolved
        if r is not None
        and not any(
            (t.end <= o < d.start) if d.start >= t.end else (d.end <= o < t.start) for o in clauses
        )
        and not any(follows_other(t, o, d) for o in others)
    ]
    if good:
        # The nearest phrase, either side ("on Tuesday pulled out of X"); one after the
        # verb wins a near tie ("took X on Monday, days after ...").
        d, r = min(good, key=lambda x: distance(t, x[0]))
        assert r is not None
        return r[0].isoformat(), r[1], True
    if context.day is not None:
        return context.day.isoformat(), "day", False
    return context.published.isoformat(), "day", False


def drop_undated_repeats(events: list[Event], undated: set[int]) -> list[Event]:
    """Drop a mention the article does not date (``id()`` in ``undated``) when it dates the
    same change elsewhere on another day (a headline "X liberated" read as of publication,
    and the body's "took X yesterday"). A repeat on the same day stays."""
    if not undated:
        return events
    dated: dict[tuple[str, str, str], set[str]] = {}
    for ev in events:
        if id(ev) not in undated:
            dated.setdefault((ev.place_id or ev.place, ev.kind, ev.side), set()).add(ev.date)
    return [
        ev
        for ev in events
        if id(ev) not in undated
        or ev.date in dated.get((ev.place_id or ev.place, ev.kind, ev.side), {ev.date})
    ]
