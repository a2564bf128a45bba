"""frontline: turn war reporting into dated, sourced maps of territorial control.

Data flows one way, one package per stage (docs/ARCHITECTURE.md):
reference -> ingest -> events -> control -> spatial -> output -> pipeline -> cli.

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

from frontline.errors import FrontlineError

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Side": "reference.sides",
    "Sides": "reference.sides",
    "fold": "reference.normalize",
    "Gazetteer": "reference.gazetteer",
    "Match": "reference.gazetteer",
    "Place": "reference.gazetteer",
    "build_gazetteer": "reference.build",
    "FrontlineGeocoder": "reference.geocoder",
    "Article": "ingest.articles",
    "load_corpus": "ingest.articles",
    "Event": "events.model",
    "EVENT_COLUMNS": "events.model",
    "FrontlineWarning": "errors",
    "BadInputError": "errors",
    "UnknownPlaceError": "errors",
    "MissingDependencyError": "errors",
    "events_to_frame": "events.model",
    "read_events": "events.model",
    "read_acled": "events.model",
    "curated_events": "events.model",
    "merge_events": "events.merge",
    "load_events": "pipeline",
    "extract_events": "events.extract",
    "evaluate": "events.evaluate",
    "ControlTimeline": "control.timeline",
    "read_baseline": "control.timeline",
    "area_of_interest": "spatial.areas",
    "control_areas": "spatial.areas",
    "front_lines": "spatial.fronts",
    "distance_to_front": "spatial.fronts",
    "load_route": "spatial.route",
    "route_segments": "spatial.route",
    "route_control": "spatial.route",
    "first_full_control": "spatial.route",
    "History": "spatial.history",
    "build_history": "spatial.history",
    "diff": "spatial.history",
    "to_geojson": "output.export",
    "format_events": "output.export",
    "export": "output.export",
    "build_layers": "output.export",
    "export_layers": "output.export",
    "make_map": "pipeline",
    "map_history": "output.maps.render",
    "save_map": "output.maps.render",
    "explore": "pipeline",
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
    from frontline.control.timeline import ControlTimeline, read_baseline
    from frontline.errors import (
        BadInputError,
        FrontlineWarning,
        MissingDependencyError,
        UnknownPlaceError,
    )
    from frontline.events.evaluate import evaluate
    from frontline.events.extract import extract_events
    from frontline.events.merge import merge_events
    from frontline.events.model import (
        EVENT_COLUMNS,
        Event,
        curated_events,
        events_to_frame,
        read_acled,
        read_events,
    )
    from frontline.ingest.articles import Article, load_corpus
    from frontline.output.export import (
        build_layers,
        export,
        export_layers,
        format_events,
        to_geojson,
    )
    from frontline.output.maps.render import map_history, save_map
    from frontline.pipeline import explore, load_events, make_map
    from frontline.reference.build import build_gazetteer
    from frontline.reference.gazetteer import Gazetteer, Match, Place
    from frontline.reference.geocoder import FrontlineGeocoder
    from frontline.reference.normalize import fold
    from frontline.reference.sides import Side, Sides
    from frontline.spatial.areas import area_of_interest, control_areas
    from frontline.spatial.fronts import distance_to_front, front_lines
    from frontline.spatial.history import History, build_history, diff
    from frontline.spatial.route import (
        first_full_control,
        load_route,
        route_control,
        route_segments,
    )
