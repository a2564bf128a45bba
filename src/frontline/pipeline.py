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
from frontline._paths import data_path, seeds_path
from frontline._validate import check_coordinates, check_date_range
from frontline.control.timeline import ControlTimeline
from frontline.errors import BadInputError
from frontline.events.extract import ExtractRules, extract_events
from frontline.events.model import curated_events, read_events
from frontline.ingest.articles import load_corpus
from frontline.ingest.dates import iso_date
from frontline.output.maps.render import map_history
from frontline.reference.gazetteer import Gazetteer
from frontline.reference.profile import Profile, default_profile, load_profile, with_files
from frontline.reference.sides import Sides
from frontline.spatial.aoi import area_of_interest
from frontline.spatial.history import History, build_history
from frontline.spatial.route import load_route

__all__ = ["explore", "load_events", "make_map", "profile_gazetteer", "profile_tables"]

ProfileLike = Profile | str | os.PathLike[str] | None


def _iso(value: str | dt.date | None, what: str) -> str | None:
    if isinstance(value, str) and value.strip().lower() == "latest":
        return "latest"  # the timeline resolves it to its last event's date
    return None if value is None or value == "" else iso_date(value, what)


def load_events(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    curated: bool = True,
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
    profile: ProfileLike = None,
) -> gpd.GeoDataFrame:
    """Events from corpus folders, ``.txt`` articles and event CSVs (default: the seeds).

    Parameters
    ----------
    paths : sequence of path, optional
        Corpus folders or ``.txt`` files (extracted with :func:`~frontline.extract.extract_events`)
        and event CSVs (read with :func:`~frontline.events.read_events`). None: the shipped
        seed corpus with the default profile; with any other profile, its curated layers only.
    curated : bool
        Add the profile's curated event layers (:func:`~frontline.events.curated_events`).
    gazetteer, sides : optional
        Default: the profile's (see :func:`profile_tables`).
    profile : Profile, path or name, optional
        The conflict profile (default: the shipped default profile, see
        :func:`~frontline.reference.profile.load_profile`).

    Returns
    -------
    GeoDataFrame
        The event table (``docs/ARCHITECTURE.md``), WGS84.
    """
    prof = load_profile(profile)
    if gazetteer is None or sides is None:
        gaz, sid = profile_tables(prof)
        gazetteer, sides = gazetteer or gaz, sides or sid
    items = [Path(p) for p in paths] if paths else _default_inputs(prof)
    frames = []
    for p in items:
        if not p.exists():
            raise BadInputError("no such file or folder", p)
        header: list[str] = []
        if p.is_file() and p.suffix.lower() == ".csv":
            header = read_csv(p, "events file").header
        # A CSV other than a corpus catalogue is an event table (read_events names a missing
        # column); anything else is a corpus.
        table_cols = ("kind" in header and "place" in header) or "event_type" in header
        if table_cols or (header and p.name != "articles.csv"):
            frames.append(read_events(p, gazetteer=gazetteer, sides=sides))
        else:
            corpus = load_corpus(p.parent if p.name == "articles.csv" else p)
            rules = ExtractRules.from_profile(prof)
            frames.append(extract_events(corpus, gazetteer=gazetteer, sides=sides, rules=rules))
    if curated:
        frames.extend(curated_events(c) for c in prof.curated)
    frames = [f for f in frames if len(f)]
    if not frames:
        if not items:
            raise BadInputError(
                f"no events: profile {prof.name} has no curated layer; give a folder of "
                "reports or an events CSV (e.g. frontline map REPORTS/ --profile "
                f"{prof.name}), or list CSVs under [curated] layers"
            )
        raise BadInputError("no events found in " + ", ".join(str(p) for p in items))
    out = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")


def _default_inputs(profile: Profile) -> list[Path]:
    # The seed corpus belongs to the default profile; another profile maps its curated layers.
    return [seeds_path()] if profile.path == default_profile().path else []


def profile_tables(profile: ProfileLike = None) -> tuple[Gazetteer | None, Sides]:
    """The gazetteer and sides table named by a profile.

    Parameters
    ----------
    profile : Profile, path or name, optional
        Default: the shipped default profile.

    Returns
    -------
    (Gazetteer or None, Sides)
        The gazetteer is None when the profile names none and the shipped one is not
        installed.
    """
    prof = load_profile(profile)
    sides = Sides.load(prof.sides)
    try:
        gazetteer = profile_gazetteer(prof)
    except (ImportError, FileNotFoundError):  # alternate names are optional
        gazetteer = None
    return gazetteer, sides


def _is_geonames_dump(path: str | os.PathLike[str]) -> bool:
    """A GeoNames dump (``UA.txt``, 19 tab-separated columns) rather than a gazetteer CSV."""
    return Path(path).suffix.lower() == ".txt"


def profile_gazetteer(profile: ProfileLike = None, *, threshold: float = 80.0) -> Gazetteer:
    """The gazetteer of a profile: every file of ``[gazetteer] sources``, biased to its AOI.

    A source is a gazetteer CSV or a GeoNames country dump (``UA.txt`` from
    https://download.geonames.org/export/dump/, every populated place with its alternate
    names). Places of later sources are added to those of the first (a row whose ``id`` an
    earlier source already has is skipped). Names inside the profile's area of interest rank above
    namesakes outside it, and fuzzy matches far outside are not answers.

    Parameters
    ----------
    profile : Profile, path or name, optional
        Default: the shipped default profile.
    threshold : float
        Minimum fuzzy score (0-100).

    Returns
    -------
    Gazetteer
    """
    from frontline.reference._load import read_table

    prof = load_profile(profile)
    paths = list(prof.gazetteer)
    first = paths[0] if paths else None
    try:
        shipped = data_path("gazetteer.csv").resolve()
    except FileNotFoundError:
        shipped = None
    aoi = area_of_interest(path=prof.aoi) if prof.aoi is not None else None
    dump = first is not None and _is_geonames_dump(first)
    if not dump and len(paths) < 2:
        # One gazetteer CSV: loaded once, with the profile's area of interest (if any).
        # Sources added with `frontline gazetteer add` extend the shipped gazetteer only.
        users = first in (None, shipped)
        return Gazetteer.load(first, threshold=threshold, user_sources=users, aoi=aoi)
    if dump and first is not None:
        base = Gazetteer.from_geonames(first, threshold=threshold)
    else:
        base = Gazetteer.load(first, threshold=threshold, user_sources=first in (None, shipped))
    if len(paths) < 2 and aoi is None:
        return base
    table = base.to_frame()
    if len(paths) > 1:
        more = [
            Gazetteer.from_geonames(p).to_frame() if _is_geonames_dump(p) else read_table(Path(p))
            for p in paths[1:]
        ]
        table = pd.concat([table, *more], ignore_index=True).fillna("")
        table = table.drop_duplicates("id", keep="first").reset_index(drop=True)
    box = base.bias_box
    if aoi is not None:
        west, south, east, north = (float(b) for b in aoi.bounds)
        box = (west, south, east, north)
    return Gazetteer(table, bias_box=box, threshold=threshold, path=first, aoi=aoi)


def _history_for(
    events: gpd.GeoDataFrame,
    *,
    profile: Profile,
    sides: Sides,
    gazetteer: Any,
    start: str | None,
    end: str | None,
    date: str | None = None,
    max_km: float | None = None,
    horizon_days: int | None = None,
) -> tuple[History, gpd.GeoDataFrame | None, str | None]:
    if horizon_days is None:
        horizon_days = profile.horizon_days  # the profile's [defaults] horizon_days
    extra: dict[str, Any] = {} if horizon_days is None else {"horizon_days": horizon_days}
    timeline = ControlTimeline(
        events, baseline=profile.baseline, sides=sides, gazetteer=gazetteer, **extra
    )
    if date is not None:
        # export and diff refuse a date before the data; so does map ("latest" -> ISO)
        date = timeline.check_date(date)
    route_gdf = load_route(profile.route) if profile.route is not None else None
    more: dict[str, Any] = {} if max_km is None else {"max_km": max_km}
    if profile.aoi is not None:
        more["aoi"] = area_of_interest(path=profile.aoi)
    history = build_history(
        timeline, route=route_gdf if route_gdf is not None else False, start=start, end=end, **more
    )
    return history, route_gdf, date


def _event_table(events: Any, curated: bool, profile: Profile, gazetteer: Any, sides: Sides) -> Any:
    if isinstance(events, (pd.DataFrame, gpd.GeoDataFrame)):
        if not len(events) or "geometry" not in events.columns:
            raise BadInputError("the event table is empty (or has no geometry column)")
        if {"lat", "lon"} <= set(events.columns):
            check_coordinates(events["lat"], events["lon"], what="events")
        table = events
        if curated:
            table = pd.concat([events, *(curated_events(c) for c in profile.curated)])
            table = table.reset_index(drop=True)
        return gpd.GeoDataFrame(table, geometry="geometry", crs="EPSG:4326")
    paths = [events] if isinstance(events, (str, os.PathLike)) else events
    return load_events(paths, curated=curated, gazetteer=gazetteer, sides=sides, profile=profile)


def _title(profile: Profile, route_name: str) -> str:
    # "North-western Syria, 2019-2020 · M5": the profile's title, then the route drawn.
    return f"{profile.map_title} · {route_name}" if route_name else profile.map_title


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
    profile: ProfileLike = None,
    max_km: float | None = None,
    horizon_days: int | None = None,
) -> folium.Map:
    """Map who held what, by date, from events, a corpus or the shipped seeds.

    Parameters
    ----------
    events : GeoDataFrame, path, list of paths or None
        An event table; corpus folders, ``.txt`` articles or event CSVs; None for the
        profile's default input (see :func:`load_events`).
    date : str or date, optional
        A one-date map of the control on ``date`` (or, with ``start``/``end``, the date the
        slider opens on).
    start, end : str or date, optional
        Limit the slider to ``[start, end]``.
    route : path, optional
        A GeoJSON LineString route (default: the profile's default route).
    curated : bool
        Add the profile's curated event layers.
    sides, gazetteer : optional
        See :func:`map_history` (default: the profile's tables).
    title : str, optional
        Map title (plain text); default the profile's title and the route's name.
    profile : Profile, path or name, optional
        The conflict profile: gazetteer, sides, AOI, route, baseline, curated layers and
        basemap (default: the shipped default profile).
    max_km : float, optional
        No estimate farther than this from any known place (km); default the profile's
        ``max_km``, else 40 km.
    horizon_days : int, optional
        States implied from a later event reach at most this many days back; default the
        profile's ``horizon_days``, else 60.

    Returns
    -------
    folium.Map
        Displays inline in Jupyter; write it with :func:`save_map`.
    """
    prof = load_profile(profile)
    if route is not None:
        prof = with_files(prof, route=route)
    if sides is None or gazetteer is None:
        gaz, sid = profile_tables(prof)
        sides, gazetteer = sides or sid, gazetteer if gazetteer is not None else gaz
    table = _event_table(events, curated, prof, gazetteer, sides)
    d_date, d_start, d_end = _iso(date, "date"), _iso(start, "--from"), _iso(end, "--to")
    check_date_range(d_start, d_end)
    history, route_gdf, d_date = _history_for(
        table,
        profile=prof,
        sides=sides,
        gazetteer=gazetteer,
        start=d_start,
        end=d_end,
        date=d_date,
        max_km=max_km if max_km is not None else prof.max_km,
        horizon_days=horizon_days,
    )
    route_name = ""
    route_line = None
    if route_gdf is not None and len(route_gdf):
        route_name = cell_text(route_gdf["name"].iloc[0]) if "name" in route_gdf else ""
        route_line = route_gdf.geometry.iloc[0]
        if not route_name and prof.default_route and prof.default_route != "route":
            route_name = prof.default_route
    return map_history(
        history,
        table,
        date=d_date,
        start=d_start,
        end=d_end,
        sides=sides,
        gazetteer=gazetteer,
        title=title if title is not None else _title(prof, route_name),
        route_name=route_name,
        route_line=route_line,
        basemap=prof.basemap,
    )


def explore(
    events_or_corpus: Any, date: str | dt.date | None = None, *, profile: ProfileLike = None
) -> folium.Map:
    """A map for Jupyter: ``frontline.explore(events_or_corpus, date=None, profile=None)``.

    Parameters
    ----------
    events_or_corpus : GeoDataFrame, History, list of Article, path or list of paths
        Events, a History, loaded articles, or corpus folders / ``.txt`` / event CSVs.
    date : str or date, optional
        Map the control on this date only (default: every date, with the slider).
    profile : Profile, path or name, optional
        The conflict profile (default: the shipped default profile).

    Returns
    -------
    folium.Map
        Shown inline by Jupyter. The profile's curated events are added only when
        ``events_or_corpus`` is None.
    """
    prof = load_profile(profile)
    obj = events_or_corpus
    # Duck-typed History check that does not touch (and compute) its dissolved layers.
    if all(hasattr(obj, a) for a in ("places", "cells", "route_share", "dates")):
        sides = Sides.load(prof.sides)
        return map_history(obj, None, start=None, end=None, date=date, sides=sides,
                           basemap=prof.basemap)  # fmt: skip
    if isinstance(obj, list) and obj and not isinstance(obj[0], (str, os.PathLike)):
        gazetteer, sides = profile_tables(prof)
        obj = extract_events(
            obj, gazetteer=gazetteer, sides=sides, rules=ExtractRules.from_profile(prof)
        )
    return make_map(obj, date=date, curated=obj is None, profile=prof)
