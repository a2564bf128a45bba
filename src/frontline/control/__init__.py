"""Control: who holds each place on any date (``ControlTimeline``), baselines."""

from frontline.control.timeline import ControlTimeline, read_baseline

__all__ = ["ControlTimeline", "read_baseline"]
