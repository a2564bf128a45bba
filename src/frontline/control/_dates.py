"""A date past the end of the data: the state shown is the last one, said once per timeline.

Kept apart from :mod:`frontline.control.timeline` (which is near the 600-line limit)."""

from __future__ import annotations

import datetime as dt
import warnings
import weakref
from typing import Protocol

from frontline.errors import FrontlineWarning

__all__ = ["warn_past_end"]


class _Dated(Protocol):
    end: str
    horizon_days: int


# Timelines already warned: one warning per timeline however many dates it is asked about
# (a map's slider, diff's two dates, an export's range), and none kept alive by this set.
_WARNED: weakref.WeakSet[_Dated] = weakref.WeakSet()


def warn_past_end(timeline: _Dated, date: str) -> str:
    """Return ``date`` (ISO); if it is more than ``timeline.horizon_days`` days after
    ``timeline.end`` (the last event), warn once per timeline.

    States persist after the last event, so a later date is valid but shows the state on
    ``timeline.end``; a date far past the data is nearly always a typo or a wrong dataset,
    which the user should hear about. Within the horizon (the span the timeline infers
    states back over) a date is quietly taken: a map ending on a ceasefire two days after
    the last report is not a mistake.

    Returns
    -------
    str
        ``date`` unchanged (ISO).
    """
    limit = dt.date.fromisoformat(timeline.end) + dt.timedelta(days=timeline.horizon_days)
    if date > limit.isoformat() and timeline not in _WARNED:
        _WARNED.add(timeline)
        warnings.warn(
            f"date {date} is after the end of the data (last date {timeline.end}); "
            f"the state shown is the one on {timeline.end}, {timeline.horizon_days}+ days old",
            FrontlineWarning,
            stacklevel=3,
        )
    return date
