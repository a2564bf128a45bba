"""Spatial: control areas and front lines, routes, and their history over dates."""

from frontline.spatial.areas import area_of_interest, control_areas
from frontline.spatial.fronts import distance_to_front, front_lines
from frontline.spatial.history import History, build_history, diff
from frontline.spatial.route import first_full_control, load_route, route_control, route_segments

__all__ = [
    "History",
    "area_of_interest",
    "build_history",
    "control_areas",
    "diff",
    "distance_to_front",
    "first_full_control",
    "front_lines",
    "load_route",
    "route_control",
    "route_segments",
]
