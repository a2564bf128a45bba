"""Interactive maps of territorial control, one HTML page for every date.

:func:`map_history` draws a :class:`~frontline.spatial.history.History`: places coloured by
side, control areas, front lines, the route coloured per stretch, the events of the shown
date, a legend of the sides on that date, a scale bar and a chart of the share of the route
each side held. :func:`save_map` writes it as one self-contained file by default.

How time works
    Each place, cell, cell edge and route stretch is embedded once with its states (see
    :mod:`frontline.output.maps.payload`); ``templates/frontline_map.js`` adds, removes or
    restyles features when the slider moves, so nothing is duplicated per date. At every
    slider position the map shows exactly ``ControlTimeline.control_at(date)``. Slider
    positions are the History's change dates plus the dates of located events.

Works anywhere
    The default page inlines Leaflet from the XStatic packages and draws the vector basemap
    shipped in ``data/``: no request leaves it. Online tile layers (OpenStreetMap first) are
    in the layer control and load only when chosen. ``self_contained=False`` (``--cdn``)
    links Leaflet from a CDN instead; if it cannot load, the page says so in words.

Untrusted text
    Article text, titles, outlets, place names, route and side names come from users or
    the web: HTML is escaped in Python (:mod:`~frontline.output.maps.popups`), plain-text
    fields reach the page only through ``textContent``, colours are validated
    (:func:`~frontline.output.maps.styles.safe_colour`) and JSON in ``<script>`` has ``</``
    escaped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement, Template

from frontline._io import atomic_write, cell_text
from frontline._paths import data_path
from frontline.errors import BadInputError
from frontline.ingest.dates import iso_date
from frontline.output.maps.legend import (
    chart_span,
    chart_svg,
    share_html,
    share_table,
    side_records,
)
from frontline.output.maps.offline import inline_assets
from frontline.output.maps.payload import (
    EventRecord,
    LayerNames,
    Payload,
    PlaceRecord,
    StylePool,
    TileLayer,
    features,
    interval_cols,
    script_json,
    splice,
    state_features,
    style_list,
)
from frontline.output.maps.places import places_data
from frontline.output.maps.popups import event_texts, reports_by_place
from frontline.output.maps.styles import (
    area_style,
    is_inferred,
    route_style,
    side_colour,
    side_label,
)
from frontline.reference.sides import Sides

__all__ = ["TILE_LAYERS", "map_history", "save_map"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
# Display-only simplification: ~50 m in degrees keeps lines faithful at zoom 12 and files small.
_SIMPLIFY_DEG = 0.0005
# Areas now cover the whole area of interest with long, detailed borders: ~10 m and 4 decimals
# (~11 m) lose nothing visible and keep the drawn areas within 0.5 % of control_areas
# (tests/unit/test_maps.py); ~50 m did not (0.51 %).
_AREA_SIMPLIFY_DEG = 0.0001
_AREA_DIGITS = 4
_DIGITS = 5  # ~1 m

#: Optional online base layers, in the order of the layer control (none loads by default).
TILE_LAYERS: list[TileLayer] = [
    TileLayer(
        name="OpenStreetMap (online)",
        url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attribution_html='&copy; <a href="https://www.openstreetmap.org/copyright" '
        'target="_blank" rel="noopener noreferrer">OpenStreetMap</a> contributors',
        max_zoom=19,
    ),
    TileLayer(
        name="Satellite, Esri (online)",
        url="https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/"
        "tile/{z}/{y}/{x}",
        attribution_html="Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics",
        max_zoom=18,
    ),
]

_FALLBACK = """
<noscript><div class="fl-fallback">This map needs JavaScript, which is turned off in this
browser.</div></noscript>
<div class="fl-fallback" data-fl-map="{name}">The map could not start: its scripts did not
load. {why}</div>
"""
_WHY_CDN = (
    "This page links Leaflet from the internet (it was saved with --cdn); open it online, or "
    "make a self-contained page with <code>frontline map</code> (the default)."
)
_FALLBACK_NAME = "fl_fallback"
_WHY_INLINE = "Try another browser, or check that JavaScript is allowed for local files."


class _FrontlineLayer(MacroElement):
    """Our control: payload, slider, legend (JS/CSS from ``templates/``, inlined in the page)."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>{{ this.css }}</style>
<script>{{ this.js }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
frontlineInit({{ this._parent.get_name() }}, {{ this.payload() }});
{% endmacro %}
"""
    )

    def __init__(self, data: Payload, raw: list[str]) -> None:
        super().__init__()
        self._name = "FrontlineLayer"
        self.data = data
        self.raw = raw
        self.css = (_TEMPLATES / "frontline_map.css").read_text(encoding="utf-8")
        self.js = "\n".join(
            (_TEMPLATES / name).read_text(encoding="utf-8")
            for name in ("frontline_draw.js", "frontline_map.js")
        )

    def payload(self) -> str:
        return splice(script_json(self.data), self.raw)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add our header and script to the page as raw text.

        ``MacroElement.render`` wraps each macro's output in ``Element``, which compiles it
        as a Jinja template: the payload (article text from the web) would then be *run* as
        template code (``{{ 7*7 }}`` in a sentence became ``49``) and 12 MB of JSON lexed.
        """
        figure = self.get_root()
        module = self._template.module
        name = self.get_name()
        figure.header.add_child(_Raw(module.header(self, kwargs)), name=name)  # type: ignore[attr-defined]
        figure.script.add_child(_Raw(module.script(self, kwargs)), name=name)  # type: ignore[attr-defined]


class _Raw(Element):
    """Text added to a branca page as is (never compiled as a template)."""

    def __init__(self, text: str) -> None:
        super().__init__("")
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


# --------------------------------------------------------------------------------------------
# slider positions and layers


def _iso(value: str | dt.date | None, what: str) -> str | None:
    return None if value is None or value == "" else iso_date(value, what)


def _event_dates(events: pd.DataFrame | None) -> set[str]:
    if events is None or len(events) == 0:
        return set()
    located = _located(events)
    return {cell_text(d)[:10] for d in located["date"] if cell_text(d)}


def _positions(
    history: Any, events: pd.DataFrame | None, date: str | None, start: str | None, end: str | None
) -> tuple[list[str], int]:
    """(slider dates, index of the opening date)."""
    hist_dates = sorted({cell_text(d) for d in history.dates if cell_text(d)})
    if date is not None and start is None and end is None:
        return [date], 0
    every = sorted(set(hist_dates) | _event_dates(events))
    if not every:
        raise BadInputError("nothing to map: no dated control change or event")
    lo = start or (hist_dates[0] if hist_dates else every[0])
    hi = end or every[-1]
    if lo > hi:
        raise BadInputError(f"--from {lo} is after --to {hi}")
    dates = [d for d in every if lo <= d <= hi]
    # The first position must show the state at ``lo`` even if nothing happened that day.
    if not dates or dates[0] != lo:
        dates.insert(0, lo)
    k = len(dates) - 1
    if date is not None:
        k = max([i for i, d in enumerate(dates) if d <= date] or [0])
    return dates, k


def _window(gdf: gpd.GeoDataFrame, lo: str, hi: str) -> gpd.GeoDataFrame:
    """Rows whose interval meets [lo, hi] (ISO strings; valid_to exclusive, "" open)."""
    if len(gdf) == 0:
        return gdf
    vf, vt = interval_cols(gdf)
    vf_a, vt_a = np.array(vf, dtype=object), np.array(vt, dtype=object)
    keep = (vf_a <= hi) & ((vt_a == "") | (vt_a > lo))
    return gdf.loc[keep]


def _layers(history: Any, lo: str, hi: str) -> dict[str, tuple[gpd.GeoDataFrame, str]]:
    """Cells, edges and route stretches in [lo, hi] with their feature key column.

    A History without the compact layers (built elsewhere) falls back to its dissolved ones.
    """
    if all(hasattr(history, a) for a in ("cells", "edges", "route_parts")):
        return {
            "areas": (_window(history.cells, lo, hi), "cell_id"),
            "front": (_window(history.edges, lo, hi), "edge_id"),
            "route": (_window(history.route_parts, lo, hi), "part_id"),
        }
    out = {}
    for name, attr in (("areas", "control"), ("front", "frontline"), ("route", "route")):
        gdf = _window(getattr(history, attr), lo, hi)
        out[name] = (gdf.assign(_k=range(len(gdf))), "_k")
    return out


def _located(events: pd.DataFrame) -> pd.DataFrame:
    ok = (
        pd.to_numeric(events["lat"], errors="coerce").notna()
        & pd.to_numeric(events["lon"], errors="coerce").notna()
    )
    return events.loc[ok]


def _event_records(
    events: pd.DataFrame | None, dates: list[str], index: dict[str, int], sides: Sides
) -> list[EventRecord]:
    """The located events dated on a slider position (rings on the map)."""
    if events is None or len(events) == 0:
        return []
    shown = set(dates)
    out: list[EventRecord] = []
    for row in _located(events).drop(columns="geometry", errors="ignore").to_dict("records"):
        d, eid = cell_text(row.get("date"))[:10], cell_text(row.get("event_id"))
        if d not in shown or eid not in index:
            continue
        out.append(
            EventRecord(
                lat=round(float(row["lat"]), _DIGITS),
                lon=round(float(row["lon"]), _DIGITS),
                date=d,
                colour=side_colour(cell_text(row.get("side")), sides),
                text=index[eid],
                place=cell_text(row.get("place_id")) or cell_text(row.get("place")),
            )
        )
    return out


def _bounds(
    places: list[PlaceRecord], route_line: Any, cells: gpd.GeoDataFrame
) -> list[list[float]]:
    """[[south, west], [north, east]] (WGS84) of the reports; the route if too few places."""
    geoms = []
    if places:
        geoms.append(shapely.multipoints([[p["lon"], p["lat"]] for p in places]))
    if len(places) < 3 and route_line is not None:
        geoms.append(route_line)
    if geoms:
        minx, miny, maxx, maxy = shapely.union_all(geoms).bounds
    elif len(cells):
        minx, miny, maxx, maxy = cells.total_bounds
    else:
        raise BadInputError("nothing to map: no located place, route or area")
    pad = max(maxx - minx, maxy - miny) * 0.04 + 0.02
    return [[miny - pad, minx - pad], [maxy + pad, maxx + pad]]


def _basemap(
    raw: list[str], files: Sequence[str | os.PathLike[str]] | None
) -> list[dict[str, Any]]:
    """Vector basemap layers (country outlines, then admin-1 lines) with two styles.

    ``files`` None: every ``*_outline_*`` then ``*_admin1_*`` GeoJSON shipped in data/.
    A file whose name holds ``_outline_`` is drawn as a filled land outline, any other as
    dashed boundary lines.
    """
    if files is None:
        folder = data_path("sides.csv").parent
        paths = sorted(folder.glob("*_outline_*.geojson")) + sorted(
            folder.glob("*_admin1_*.geojson")
        )
    else:
        paths = [Path(f) for f in files]
    out = []
    for path in paths:
        gdf = gpd.read_file(path)
        if len(gdf) == 0:
            continue
        fc = features(gdf[["geometry"]], [{} for _ in range(len(gdf))], raw, _SIMPLIFY_DEG, _DIGITS)
        if "_outline_" in path.name:
            online = {"color": "#555555", "weight": 1.6, "fill": False, "opacity": 0.8}
            offline = {"color": "#666666", "weight": 1.6, "fill": True, "fillColor": "#f8f6f1",
                       "fillOpacity": 1}  # fmt: skip
        else:
            online = {"color": "#777777", "weight": 0.8, "dashArray": "4 3", "fill": False}
            offline = {"color": "#9a9a9a", "weight": 0.9, "dashArray": "4 3", "fill": False}
        out.append({"geojson": fc, "online": online, "offline": offline})
    return out


def _compact_layers(
    layers: dict[str, tuple[gpd.GeoDataFrame, str]], sides: Sides, route_name: str, raw: list[str]
) -> dict[str, Any]:
    """The areas/front/route collections and their style lists (payload keys)."""
    area_styles: StylePool = {}
    front_styles: StylePool = {}
    route_styles: StylePool = {}
    cells, cell_key = layers["areas"]
    edges, edge_key = layers["front"]
    parts, part_key = layers["route"]

    def area(r: dict[str, Any]) -> dict[str, Any]:
        inferred = is_inferred(r.get("basis"), r.get("confidence"))
        return dict(area_style(cell_text(r.get("side")), sides, inferred))

    def front(r: dict[str, Any]) -> dict[str, Any]:
        between = [s for s in cell_text(r.get("sides")).split("|") if s]
        who = " / ".join(html.escape(side_label(s, sides)) for s in between)
        return {"tip_html": f"Front line {who}".strip()}

    def tip(r: dict[str, Any]) -> str:
        a, b, length = r.get("km_from"), r.get("km_to"), r.get("length_km")
        span = f"km {a:.0f}–{b:.0f}" if isinstance(a, float) and isinstance(b, float) else ""
        size = f" ({length:.1f} km)" if isinstance(length, float) else ""
        return f"{html.escape(route_name or 'route')} {span}{size}".strip()

    out: dict[str, Any] = {
        "areas": state_features(
            cells, cell_key, area, area_styles, raw, _AREA_SIMPLIFY_DEG, _AREA_DIGITS
        ),
        "front": state_features(
            edges, edge_key, front, front_styles, raw, _SIMPLIFY_DEG, _AREA_DIGITS
        ),
        "route": state_features(
            parts,
            part_key,
            lambda r: dict(route_style(cell_text(r.get("side")), sides)),
            route_styles,
            raw,
            _SIMPLIFY_DEG,
            _DIGITS,
            tip_of=tip,
        ),  # fmt: skip
    }
    out["areaStyles"] = style_list(area_styles)
    out["frontStyles"] = style_list(front_styles)
    out["routeStyles"] = style_list(route_styles)
    return out


def _chart(history: Any, dates: list[str], sides: Sides) -> dict[str, Any]:
    share_dates, order, table = share_table(getattr(history, "route_share", None))
    chart, scale = chart_svg(share_dates, order, table, sides, *chart_span(dates))
    return {
        "chart_html": chart,
        "chart": scale,
        "shareDates": share_dates,
        "share_html": {d: share_html(table[d], sides) for d in share_dates},
    }


# --------------------------------------------------------------------------------------------
# public API


def map_history(
    history: Any,
    events: pd.DataFrame | None = None,
    *,
    date: str | dt.date | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    sides: Sides | None = None,
    gazetteer: Any = None,
    title: str | None = None,
    route_name: str | None = None,
    route_line: Any = None,
    basemap: Sequence[str | os.PathLike[str]] | None = None,
) -> folium.Map:
    """Draw a :class:`~frontline.spatial.history.History` as a map with a time slider.

    Parameters
    ----------
    history : History
        ``places``, ``cells``, ``edges``, ``route_parts`` (GeoDataFrames with ``valid_from``/
        ``valid_to``), ``route_share`` and ``dates``. An object without the compact layers
        is drawn from its dissolved ``control``, ``frontline`` and ``route``. Cells with a
        ``basis`` column of ``inferred`` are drawn lighter, with their own legend entry.
    events : DataFrame, optional
        The event table behind the history (popups quote its sentences; the events of the
        shown date are ringed and always labelled).
    date : str or date, optional
        Without ``start``/``end``: a one-date map of the control on ``date``. With them: the
        date the slider opens on (default: the last date).
    start, end : str or date, optional
        Limit the slider to ``[start, end]`` (ISO dates).
    sides : Sides, optional
        Colours and labels (default ``data/sides.csv``).
    gazetteer : Gazetteer, optional
        Alternate names in popups; population and feature class rank the labels.
    title : str, optional
        Map title (plain text); default names the route.
    route_name : str, optional
        Name of the route in the title, layer control and tooltips (plain text).
    route_line : shapely geometry, optional
        The whole route (WGS84); places within 3 km of it are always labelled.
    basemap : sequence of path, optional
        GeoJSON layers of the vector basemap (a profile's ``[basemap] layers``); files named
        ``*_outline_*`` are filled land, others boundary lines. Default: the shipped ones.

    Returns
    -------
    folium.Map
        A map whose HTML holds every date (save it with :func:`save_map`).
    """
    sides = sides or Sides.load()
    d_date, d_start, d_end = _iso(date, "date"), _iso(start, "--from"), _iso(end, "--to")
    if events is not None and len(events) and "date" in events:
        events = events.assign(date=[cell_text(d)[:10] for d in events["date"]])
    dates, k = _positions(history, events, d_date, d_start, d_end)
    layers = _layers(history, dates[0], dates[-1])
    parts = layers["route"][0]
    if route_line is None and len(parts):
        route_line = shapely.union_all(np.asarray(parts.geometry.values, dtype=object))
    evtext = event_texts(events, sides)
    place_data, marker_styles, popups = places_data(
        _window(history.places, dates[0], dates[-1]),
        sides,
        gazetteer,
        evtext,
        reports_by_place(events),
        route_line,
    )
    name = route_name or ""
    if title is None:
        title = f"Territorial control · {name}" if name else "Territorial control"
    raw: list[str] = []
    data: Payload = {
        "version": 2,
        "dates": dates,
        "start": k,
        "title": title,
        "routeName": name,
        "layers": LayerNames(
            basemap="Boundaries (Natural Earth)",
            areas="Control areas",
            front="Front line",
            route=f"Route: {name}" if name else "Route",
            places="Places",
            events="Events of the shown date",
        ),
        "bounds": _bounds(place_data, route_line, layers["areas"][0]),
        "sides": side_records(sides),
        "markerStyles": marker_styles,
        "popups": popups,
        "texts": evtext.texts,
        "places": place_data,
        "events": _event_records(events, dates, evtext.index, sides),
        "basemap": _basemap(raw, basemap),
        "tiles": TILE_LAYERS,
        **_compact_layers(layers, sides, name, raw),  # type: ignore[typeddict-item]
        **_chart(history, dates, sides),
    }
    m = folium.Map(
        location=[sum(b[0] for b in data["bounds"]) / 2, sum(b[1] for b in data["bounds"]) / 2],
        zoom_start=8,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
    )
    m.add_child(_FrontlineLayer(data, raw), name="frontline")
    root = m.get_root()
    root.title = html.escape(title)  # type: ignore[attr-defined]
    root.html.add_child(_fallback(m, _WHY_CDN), name=_FALLBACK_NAME)  # type: ignore[attr-defined]
    return m


@contextlib.contextmanager
def _stable_ids(root: Element) -> Iterator[None]:
    # folium names every element with a random uuid4, so the same command wrote a different
    # page each time (a useless diff under version control). While one map is written to its
    # own page, ids from the element's position make the page reproducible; the random ids
    # come back afterwards, so maps shown together (a Figure, a notebook) stay distinct.
    elements, stack = [], [root]
    while stack:
        el = stack.pop()
        elements.append((el, el._id))
        stack.extend(reversed(list(el._children.values())))
    for n, (el, _) in enumerate(elements):
        el._id = f"{n:032x}"
    try:
        yield
    finally:
        for el, old in elements:
            el._id = old


def _fallback(m: folium.Map, why: str) -> Element:
    return _Raw(_FALLBACK.format(name=html.escape(m.get_name()), why=why))


def save_map(m: folium.Map, path: str | os.PathLike[str], self_contained: bool = True) -> Path:
    """Write ``m`` as one HTML file, atomically.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`map_history` / :func:`~frontline.pipeline.make_map`.
    path : path
        The HTML file to write.
    self_contained : bool
        True (default): Leaflet inlined from the XStatic packages and the vector basemap from
        ``data/``; the page makes no request until the user picks an online tile layer.
        False (``--cdn``): a small page that links Leaflet from a CDN (needs the network).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    BadInputError
        If the page would still need the network after inlining.
    MissingDependencyError
        If the XStatic packages are missing.
    """
    children = m.get_root().html._children  # type: ignore[attr-defined]
    before = children.get(_FALLBACK_NAME)
    with _stable_ids(m.get_root()):
        children[_FALLBACK_NAME] = _fallback(m, _WHY_INLINE if self_contained else _WHY_CDN)
        try:
            page = m.get_root().render()
        finally:
            if before is None:
                del children[_FALLBACK_NAME]
            else:
                children[_FALLBACK_NAME] = before
    return atomic_write(path, inline_assets(page) if self_contained else page)
