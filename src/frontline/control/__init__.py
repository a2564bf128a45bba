"""Control: who holds each place on any date (``ControlTimeline``), baselines."""

from frontline.control.baseline import read_baseline, read_baseline_polygons
from frontline.control.timeline import ControlTimeline

__all__ = ["ControlTimeline", "read_baseline", "read_baseline_polygons"]
