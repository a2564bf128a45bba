"""The pipeline: joins the layers for the CLI and notebooks (articles -> events -> control ->
geometry -> maps/exports). Each layer below knows nothing of the ones above it; this module is
where corpora meet the extractor, file formats meet event tables, and tables meet maps.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from frontline._io import cell_text, read_csv
from frontline._paths import seeds_path
from frontline._validate import check_coordinates, check_date_range
from frontline.control.timeline import ControlTimeline
from frontline.errors import BadInputError
from frontline.events.extract import extract_events
from frontline.events.model import curated_events, read_events
from frontline.ingest.articles import load_corpus
from frontline.ingest.dates import iso_date
from frontline.output.maps.render import map_history
from frontline.reference.gazetteer import Gazetteer
from frontline.reference.sides import Sides
from frontline.spatial.history import History, build_history
from frontline.spatial.route import load_route

__all__ = ["explore", "load_events", "make_map"]


def _iso(value: str | dt.date | None, what: str) -> str | None:
    return None if value is None or value == "" else iso_date(value, what)


def load_events(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    curated: bool = True,
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
) -> gpd.GeoDataFrame:
    """Events from corpus folders, ``.txt`` articles and event CSVs (default: the seeds).

    Parameters
    ----------
    paths : sequence of path, optional
        Corpus folders or ``.txt`` files (extracted with :func:`~frontline.extract.extract_events`)
        and event CSVs (read with :func:`~frontline.events.read_events`). None: the shipped seeds.
    curated : bool
        Add the shipped hand-coded events (:func:`~frontline.events.curated_events`).

    Returns
    -------
    GeoDataFrame
        The event table (``docs/ARCHITECTURE.md``), WGS84.
    """
    items = [Path(p) for p in paths] if paths else [seeds_path()]
    frames = []
    for p in items:
        if not p.exists():
            raise BadInputError("no such file or folder", p)
        header: list[str] = []
        if p.is_file() and p.suffix.lower() == ".csv":
            header = read_csv(p, "events file").header
        # An event table has kind and place (or ACLED's event_type); anything else is a corpus.
        if ("kind" in header and "place" in header) or "event_type" in header:
            frames.append(read_events(p, gazetteer=gazetteer))
        else:
            corpus = load_corpus(p.parent if p.name == "articles.csv" else p)
            frames.append(extract_events(corpus, gazetteer=gazetteer, sides=sides))
    if curated:
        frames.append(curated_events())
    frames = [f for f in frames if len(f)]
    if not frames:
        raise BadInputError("no events found in " + ", ".join(str(p) for p in items))
    out = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")


def _history_for(
    events: gpd.GeoDataFrame,
    *,
    route: Any,
    sides: Sides,
    gazetteer: Any,
    start: str | None,
    end: str | None,
    date: str | None = None,
) -> tuple[History, gpd.GeoDataFrame | None]:
    timeline = ControlTimeline(events, sides=sides)
    if date is not None:
        timeline.check_date(date)  # export and diff refuse a date outside the data; so does map
    route_gdf = load_route(route) if route is not None else load_route()
    history = build_history(timeline, route=route_gdf, start=start, end=end)
    return history, route_gdf


def make_map(
    events: Any = None,
    *,
    date: str | dt.date | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    route: str | os.PathLike[str] | None = None,
    curated: bool = True,
    sides: Sides | None = None,
    gazetteer: Any = None,
    title: str | None = None,
) -> folium.Map:
    """Map who held what, by date, from events, a corpus or the shipped seeds.

    Parameters
    ----------
    events : GeoDataFrame, path, list of paths or None
        An event table; corpus folders, ``.txt`` articles or event CSVs; None for the seeds.
    date : str or date, optional
        A one-date map of the control on ``date`` (or, with ``start``/``end``, the date the
        slider opens on).
    start, end : str or date, optional
        Limit the slider to ``[start, end]``.
    route : path, optional
        A GeoJSON LineString route (default: the shipped route).
    curated : bool
        Add the shipped hand-coded events (only when ``events`` is paths or None).
    sides, gazetteer, title
        See :func:`map_history`.

    Returns
    -------
    folium.Map
        Displays inline in Jupyter; write it with :func:`save_map`.
    """
    sides = sides or Sides.load()
    if gazetteer is None:
        try:
            gazetteer = Gazetteer.load()
        except (ImportError, FileNotFoundError):  # alternate names are optional
            gazetteer = None
    if isinstance(events, (pd.DataFrame, gpd.GeoDataFrame)):
        if not len(events) or "geometry" not in events.columns:
            raise BadInputError("the event table is empty (or has no geometry column)")
        if {"lat", "lon"} <= set(events.columns):
            check_coordinates(events["lat"], events["lon"], what="events")
        table = events
        if curated:
            table = pd.concat([events, curated_events()], ignore_index=True)
        table = gpd.GeoDataFrame(table, geometry="geometry", crs="EPSG:4326")
    else:
        paths = [events] if isinstance(events, (str, os.PathLike)) else events
        table = load_events(paths, curated=curated, gazetteer=gazetteer, sides=sides)
    d_date, d_start, d_end = _iso(date, "date"), _iso(start, "--from"), _iso(end, "--to")
    check_date_range(d_start, d_end)
    history, route_gdf = _history_for(
        table,
        route=route,
        sides=sides,
        gazetteer=gazetteer,
        start=d_start,
        end=d_end,
        date=d_date,
    )
    route_name = ""
    route_line = None
    if route_gdf is not None and len(route_gdf):
        route_name = cell_text(route_gdf["name"].iloc[0]) if "name" in route_gdf else ""
        route_line = route_gdf.geometry.iloc[0]
    return map_history(
        history,
        table,
        date=d_date,
        start=d_start,
        end=d_end,
        sides=sides,
        gazetteer=gazetteer,
        title=title,
        route_name=route_name,
        route_line=route_line,
    )


def explore(events_or_corpus: Any, date: str | dt.date | None = None) -> folium.Map:
    """A map for Jupyter: ``frontline.explore(events_or_corpus, date=None)``.

    Parameters
    ----------
    events_or_corpus : GeoDataFrame, History, list of Article, path or list of paths
        Events, a History, loaded articles, or corpus folders / ``.txt`` / event CSVs.
    date : str or date, optional
        Map the control on this date only (default: every date, with the slider).

    Returns
    -------
    folium.Map
        Shown inline by Jupyter. The shipped curated events are added only when
        ``events_or_corpus`` is None (the seeds).
    """
    obj = events_or_corpus
    # Duck-typed History check that does not touch (and compute) its dissolved layers.
    if all(hasattr(obj, a) for a in ("places", "cells", "route_share", "dates")):
        return map_history(obj, None, start=None, end=None, date=date, sides=None)
    if isinstance(obj, list) and obj and not isinstance(obj[0], (str, os.PathLike)):
        obj = extract_events(obj)
    return make_map(obj, date=date, curated=obj is None)
