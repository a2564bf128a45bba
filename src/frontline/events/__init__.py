"""Events: the event record and table, readers (hand-coded CSV, ACLED, curated layer),
merging, and extraction from text (``events.extract``)."""

from frontline.events.merge import merge_events
from frontline.events.model import (
    EVENT_COLUMNS,
    KINDS,
    Event,
    curated_events,
    event_id,
    events_to_frame,
    read_acled,
    read_events,
)

__all__ = [
    "EVENT_COLUMNS",
    "Event",
    "KINDS",
    "curated_events",
    "event_id",
    "events_to_frame",
    "merge_events",
    "read_acled",
    "read_events",
]
