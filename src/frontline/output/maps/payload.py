"""The data a map page carries: its typed format and the helpers that serialise it.

Python builds one :class:`Payload` per map; it is embedded as JSON in the page and read by
``templates/frontline_map.js``. This module is the written contract between the two (also
described in ``docs/maps.md``).

Conventions
    Dates are ISO ``YYYY-MM-DD`` strings; an interval ``[start, end)`` has ``end == ""`` when
    open. Coordinates are WGS84 degrees (lat, lon). Fields whose name ends in ``html`` (and
    the ``popups``/``texts`` lists) are HTML already escaped in Python; every other string is
    plain text that the JS only ever puts in the page with ``textContent`` or escapes itself.
    Colours have passed :func:`frontline.output.maps.styles.safe_colour`.

Compact layers
    Areas (cells), front lines (cell edges) and route stretches are GeoJSON
    FeatureCollections with one feature per geometry; ``properties.iv`` lists its states as
    :data:`Interval` triples ``[start, end, style index]`` (triples, not objects: there are
    tens of thousands of them and the page must stay under 15 MB).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TypedDict

import geopandas as gpd
import numpy as np
import shapely

from frontline._io import cell_text

__all__ = [
    "AreaStyle",
    "EventRecord",
    "FeatureCollection",
    "FrontStyle",
    "Interval",
    "LayerNames",
    "MarkerStyle",
    "Payload",
    "PlaceRecord",
    "PlaceState",
    "RouteStyle",
    "SideRecord",
    "StylePool",
    "TileLayer",
    "features",
    "interval_cols",
    "script_json",
    "splice",
    "state_features",
    "style_list",
]

#: ``[start, end, style index]`` of a compact-layer feature (ISO dates, ``end`` "" = open).
Interval = list[Any]
FeatureCollection = dict[str, Any]
#: Style records numbered by their items (see :func:`state_features`).
StylePool = dict[tuple[tuple[str, Any], ...], int]


class MarkerStyle(TypedDict):
    """How a place marker is drawn (Leaflet circle marker; sizes in px)."""

    side: str  #: side key of the holder ("" unknown)
    status: str  #: held, besieged, contested or unknown
    besieger: str  #: side key of the besieger ("" unless besieged)
    fill: str
    stroke: str
    weight: float
    dash: str  #: SVG dash array, "" solid
    radius: float


class AreaStyle(TypedDict):
    """How a control cell is drawn (on a canvas pane faded as a whole)."""

    side: str  #: side key ("" for contested/unknown)
    kind: str  #: side, contested (hatched) or unknown
    colour: str
    opacity: float  #: within the pane
    inferred: bool  #: True when the control model marks the cell as inferred


class RouteStyle(TypedDict):
    """How a route stretch is drawn (a line over a white casing)."""

    side: str  #: side key ("" for contested/unknown/outside)
    kind: str  #: side, contested, unknown or outside
    colour: str
    dash: str  #: dash array, "" solid
    label: str  #: plain-text name of the holder


class FrontStyle(TypedDict):
    """A front-line edge between two sides."""

    tip_html: str  #: escaped tooltip, e.g. "Front line Government / Opposition"


class SideRecord(TypedDict):
    """A side of ``sides.csv`` for the legend."""

    key: str
    label: str  #: plain text
    colour: str


class PlaceState(TypedDict):
    """One state of a place: its style, popup and reports over ``[start, end)``."""

    start: str
    end: str
    style: int  #: index into ``markerStyles``
    popup: int  #: index into ``popups``
    reports: list[int]  #: indices into ``texts``


class PlaceRecord(TypedDict):
    """A located place with its states."""

    id: str
    name: str  #: plain text (labels use textContent)
    tip_html: str  #: escaped name for the hover tooltip
    lat: float
    lon: float
    rank: int  #: label priority, 0 first (reported places, then population / feature)
    route: bool  #: on the route: always labelled when in view
    states: list[PlaceState]


class EventRecord(TypedDict):
    """An event of a slider date, ringed on the map."""

    lat: float
    lon: float
    date: str
    colour: str  #: the side's colour
    text: int  #: index into ``texts``
    place: str  #: place id (or name) whose marker opens it


class TileLayer(TypedDict):
    """An optional online base layer: requested only when the user picks it."""

    name: str
    url: str  #: Leaflet URL template
    attribution_html: str
    max_zoom: int


class LayerNames(TypedDict):
    """Plain-text names of the overlay groups in the layer control."""

    basemap: str
    areas: str
    front: str
    route: str
    places: str
    events: str


class Payload(TypedDict):
    """Everything the JS needs for one map."""

    version: int
    dates: list[str]
    start: int  #: index of the date the page opens on
    title: str
    routeName: str
    layers: LayerNames
    bounds: list[list[float]]  #: [[south, west], [north, east]]
    sides: list[SideRecord]
    markerStyles: list[MarkerStyle]
    areaStyles: list[AreaStyle]
    frontStyles: list[FrontStyle]
    routeStyles: list[RouteStyle]
    popups: list[str]
    texts: list[str]
    places: list[PlaceRecord]
    events: list[EventRecord]
    areas: FeatureCollection
    front: FeatureCollection
    route: FeatureCollection
    basemap: list[dict[str, Any]]
    tiles: list[TileLayer]
    chart_html: str
    chart: dict[str, float] | None
    shareDates: list[str]
    share_html: dict[str, str]


def script_json(data: Any) -> str:
    """JSON safe inside ``<script>``: no ``</`` or ``<!--`` can end or confuse the block.

    Examples
    --------
    >>> script_json({"a": "</script>"})
    '{"a":"<\\\\/script>"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("</", "<\\/")
        .replace("<!--", "<\\u0021--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def features(
    gdf: gpd.GeoDataFrame,
    props: list[dict[str, Any]],
    raw: list[str],
    tolerance: float,
    digits: int,
) -> FeatureCollection:
    """A GeoJSON FeatureCollection of ``gdf`` (simplified, rounded; WGS84) with ``props``.

    Geometries are GEOS's own GeoJSON text, kept in ``raw`` and spliced into the page by
    :func:`splice` (parsing and re-serialising megabytes of coordinates is the slow part).
    ``tolerance`` is in degrees, ``digits`` decimals of a degree.
    """
    if len(gdf) == 0:
        return {"type": "FeatureCollection", "features": []}
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    geoms = shapely.transform(geoms, lambda c: np.round(c, digits))
    texts = shapely.to_geojson(geoms)
    feats = []
    for g, text, p in zip(geoms, texts, props, strict=True):
        if g is None or shapely.is_empty(g):
            continue
        feats.append({"type": "Feature", "geometry": f"@@G{len(raw)}@@", "properties": p})
        raw.append(text)
    return {"type": "FeatureCollection", "features": feats}


_PLACEHOLDER = re.compile(r'"@@G(\d+)@@"')


def splice(text: str, raw: list[str]) -> str:
    """Put the raw geometry texts of :func:`features` in place of their placeholders."""
    return _PLACEHOLDER.sub(lambda m: raw[int(m.group(1))], text)


def interval_cols(gdf: gpd.GeoDataFrame) -> tuple[list[str], list[str]]:
    """``valid_from`` and ``valid_to`` as ISO strings ("" for open)."""
    vf = [cell_text(v) for v in gdf["valid_from"]]
    vt = [cell_text(v) for v in gdf["valid_to"]] if "valid_to" in gdf else [""] * len(gdf)
    return vf, vt


def state_features(
    gdf: gpd.GeoDataFrame,
    key: str,
    style_of: Callable[[dict[str, Any]], Any],
    styles: StylePool,
    raw: list[str],
    tolerance: float,
    digits: int,
    tip_of: Callable[[dict[str, Any]], str] | None = None,
) -> FeatureCollection:
    """One GeoJSON feature per ``key`` (its geometry once) with its states ``iv``.

    ``style_of(row)`` returns a style record (a dict); records are numbered in ``styles``
    (keyed by their sorted items) and ``iv`` lists :data:`Interval` triples.
    """
    if len(gdf) == 0:
        return {"type": "FeatureCollection", "features": []}
    frame = gdf.drop(columns="geometry")
    vf, vt = interval_cols(gdf)
    first: dict[Any, int] = {}
    ivs: dict[Any, list[Interval]] = {}
    for i, row in enumerate(frame.to_dict("records")):
        k = row[key]
        first.setdefault(k, i)
        style = style_of(row)
        s_idx = styles.setdefault(tuple(style.items()), len(styles))
        ivs.setdefault(k, []).append([vf[i], vt[i], s_idx])
    rows = list(first.values())
    props: list[dict[str, Any]] = []
    for k in first:
        p: dict[str, Any] = {"iv": sorted(ivs[k])}
        if tip_of is not None:
            p["tip"] = tip_of(frame.iloc[first[k]].to_dict())
        props.append(p)
    return features(gdf.iloc[rows], props, raw, tolerance, digits)


def style_list(styles: StylePool) -> list[dict[str, Any]]:
    """The style records numbered by :func:`state_features`, in index order."""
    return [dict(s) for s, _ in sorted(styles.items(), key=lambda kv: kv[1])]
