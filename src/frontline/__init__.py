"""frontline: turn war reporting into dated, sourced maps of territorial control.

Data flows one way: articles -> events -> control -> geometry -> maps/exports.

>>> import frontline
>>> gaz = frontline.Gazetteer.load()
>>> events = frontline.extract_events("seeds/")
>>> tl = frontline.ControlTimeline(events)
>>> m = frontline.explore(events)        # folium map, inline in Jupyter

Names are imported on first use, so ``frontline --help`` starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import FrontlineError

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Side": "sides",
    "Sides": "sides",
    "fold": "normalize",
    "Gazetteer": "gazetteer",
    "Match": "gazetteer",
    "Place": "gazetteer",
    "build_gazetteer": "gazetteer_build",
    "FrontlineGeocoder": "geocoder",
    "Article": "articles",
    "load_corpus": "articles",
    "Event": "events",
    "EVENT_COLUMNS": "events",
    "FrontlineWarning": "events",
    "events_to_frame": "events",
    "read_events": "events",
    "read_acled": "events",
    "curated_events": "events",
    "merge_events": "events",
    "load_events": "events",
    "extract_events": "extract",
    "ControlTimeline": "control",
    "read_baseline": "control",
    "area_of_interest": "geometry",
    "control_areas": "geometry",
    "front_lines": "geometry",
    "distance_to_front": "geometry",
    "load_route": "route",
    "route_segments": "route",
    "route_control": "route",
    "first_full_control": "route",
    "History": "history",
    "build_history": "history",
    "diff": "history",
    "to_geojson": "export",
    "build_layers": "export",
    "export_layers": "export",
    "make_map": "maps",
    "map_history": "maps",
    "save_map": "maps",
    "explore": "maps",
}

__all__ = ["FrontlineError", "__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'frontline' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # static checkers and IDEs see the real names
    from .articles import Article, load_corpus
    from .control import ControlTimeline, read_baseline
    from .events import (
        EVENT_COLUMNS,
        Event,
        FrontlineWarning,
        curated_events,
        events_to_frame,
        load_events,
        merge_events,
        read_acled,
        read_events,
    )
    from .export import build_layers, export_layers, to_geojson
    from .extract import extract_events
    from .gazetteer import Gazetteer, Match, Place
    from .gazetteer_build import build_gazetteer
    from .geocoder import FrontlineGeocoder
    from .geometry import area_of_interest, control_areas, distance_to_front, front_lines
    from .history import History, build_history, diff
    from .maps import explore, make_map, map_history, save_map
    from .normalize import fold
    from .route import first_full_control, load_route, route_control, route_segments
    from .sides import Side, Sides
