"""Place markers of the map: their states, popups and label ranks.

Labels are placed in the browser (``templates/frontline_map.js``: greedy, collision-free, per
zoom); Python only ranks them: route towns first (always labelled when in view), then places
with reports, then by population and gazetteer feature class.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from typing import Any

import geopandas as gpd
import shapely

from frontline._io import cell_text
from frontline.output.maps.payload import MarkerStyle, PlaceRecord, PlaceState, StylePool
from frontline.output.maps.popups import (
    EventTexts,
    Report,
    alt_names,
    disagreement_html,
    linkify,
    place_head,
    state_html,
)
from frontline.output.maps.styles import marker_style
from frontline.reference.sides import Sides

__all__ = ["LABEL_KM", "MAX_EVENTS_PER_POPUP", "places_data"]

#: Places this close to the route (km) are route towns: always labelled when in view.
LABEL_KM = 3.0
#: Reports listed in one popup (the rest are counted).
MAX_EVENTS_PER_POPUP = 5
_DIGITS = 5  # ~1 m: more is noise, fewer shifts small villages
# GeoNames feature codes, most prominent first (capital, admin seats, towns, the rest).
_FEATURE_ORDER = ("PPLC", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPL")


class _Pool:
    """Numbered marker styles and popup heads, shared by every place of a map."""

    def __init__(self) -> None:
        self.styles: StylePool = {}
        self.records: list[MarkerStyle] = []
        self.popups: dict[str, int] = {}

    def style(self, style: MarkerStyle) -> int:
        key = tuple(style.items())
        if key not in self.styles:
            self.styles[key] = len(self.records)
            self.records.append(style)
        return self.styles[key]

    def popup(self, head: str) -> int:
        return self.popups.setdefault(head, len(self.popups))

    def style_list(self) -> list[MarkerStyle]:
        return list(self.records)

    def popup_list(self) -> list[str]:
        return [h for h, _ in sorted(self.popups.items(), key=lambda kv: kv[1])]


def _grouped(places: gpd.GeoDataFrame) -> dict[str, list[dict[str, Any]]]:
    """Records of ``places`` with lat/lon, grouped by place key, sorted by ``valid_from``."""
    frame = places.drop(columns="geometry")
    if "lat" not in frame or "lon" not in frame:
        frame = frame.assign(lat=places.geometry.y.to_numpy(), lon=places.geometry.x.to_numpy())
    frame = frame.assign(valid_from=[cell_text(v) for v in frame["valid_from"]])
    frame = frame.assign(valid_to=[cell_text(v) for v in frame.get("valid_to", "")])
    key_col = "key" if "key" in frame else "place_id"
    keys = [
        cell_text(k) or cell_text(n) for k, n in zip(frame[key_col], frame["place"], strict=True)
    ]
    frame = frame.assign(_key=keys)
    frame = frame[frame["lat"].notna() & frame["lon"].notna()]
    # One pass over plain records: a pandas groupby per place costs seconds at 2,000 places.
    grouped: dict[str, list[dict[str, Any]]] = {}
    for rec in frame.to_dict("records"):
        grouped.setdefault(rec["_key"], []).append(rec)
    for group in grouped.values():
        group.sort(key=lambda r: r["valid_from"])
    return grouped


def _state_reports(row: dict[str, Any], reports: list[Report], evtext: EventTexts) -> list[int]:
    """Cards of the events behind a state, then of the place's other reports in its interval."""
    ids = [i for i in re.split(r"[|,;\s]+", cell_text(row.get("event_id"))) if i]
    out = [evtext.index[i] for i in ids if i in evtext.index]
    vf, vt = row["valid_from"], row["valid_to"]
    lo = bisect.bisect_left([r.date for r in reports], vf)
    for r in reports[lo:]:
        if vt and r.date >= vt:
            break
        j = evtext.index.get(r.event_id)
        if j is not None and j not in out:
            out.append(j)
    return out


def _state(
    row: dict[str, Any],
    head0: str,
    reports: list[Report],
    evtext: EventTexts,
    sides: Sides,
    pool: _Pool,
) -> PlaceState:
    side, status = cell_text(row.get("side")), cell_text(row.get("status")) or "held"
    style = marker_style(side, status, cell_text(row.get("besieger")), sides)
    head = head0 + state_html(row, sides, style["fill"])
    ev_idx = _state_reports(row, reports, evtext)
    note, ids = disagreement_html(reports, row["valid_from"], row["valid_to"], sides)
    if note:
        head += note
        both = [evtext.index[i] for i in ids if i in evtext.index]
        # The disagreeing reports come first so both are shown even when the list is cut.
        ev_idx = both + [j for j in ev_idx if j not in both]
    if len(ev_idx) > MAX_EVENTS_PER_POPUP:
        n = MAX_EVENTS_PER_POPUP
        head += f'<div class="fl-alt">{len(ev_idx)} reports; the first {n} shown</div>'
        ev_idx = ev_idx[:n]
    sources = cell_text(row.get("sources"))
    if not ev_idx and sources:
        head += f'<div class="fl-src">Sources: {linkify(sources)}</div>'
    return PlaceState(
        start=row["valid_from"],
        end=row["valid_to"],
        style=pool.style(style),
        popup=pool.popup(head),
        reports=ev_idx,
    )


def _prominence(gazetteer: Any, place_id: str) -> tuple[int, int]:
    """(feature class order, -population) from the gazetteer; unknown places last."""
    if gazetteer is None or not place_id:
        return (len(_FEATURE_ORDER), 0)
    try:
        place = gazetteer.get(place_id)
    except Exception:  # not in the gazetteer: ranked after the known places
        return (len(_FEATURE_ORDER), 0)
    feature = cell_text(getattr(place, "feature", ""))
    order = _FEATURE_ORDER.index(feature) if feature in _FEATURE_ORDER else len(_FEATURE_ORDER)
    population = getattr(place, "population", None) or 0
    return (order, -int(population))


def places_data(
    places: gpd.GeoDataFrame,
    sides: Sides,
    gazetteer: Any,
    evtext: EventTexts,
    by_place: dict[str, list[Report]],
    route_geom: Any,
) -> tuple[list[PlaceRecord], list[MarkerStyle], list[str]]:
    """Place records (WGS84, states, label rank), their marker styles and popup heads.

    Parameters
    ----------
    places : GeoDataFrame
        ``History.places``: one row per place state with ``valid_from``/``valid_to``.
    sides : Sides
    gazetteer : Gazetteer or None
        Alternate names, population and feature class (for label ranks).
    evtext : EventTexts
        Report cards.
    by_place : dict
        :func:`~frontline.output.maps.popups.reports_by_place` of the events.
    route_geom : shapely geometry or None
        The route; places within :data:`LABEL_KM` km of it are route towns.

    Returns
    -------
    tuple
        ``(places, markerStyles, popups)`` as in :class:`~.payload.Payload`.
    """
    pool = _Pool()
    out: list[PlaceRecord] = []
    order: list[tuple[Any, ...]] = []
    for key, group in _grouped(places).items():
        first = group[0]
        name = cell_text(first["place"]) or str(key)
        pid = cell_text(first.get("place_id"))
        head0 = place_head(name, alt_names(gazetteer, pid, name))
        reports = by_place.get(pid or f"name:{name.casefold()}", [])
        states = [_state(row, head0, reports, evtext, sides, pool) for row in group]
        lat, lon = float(first["lat"]), float(first["lon"])
        near = math.inf
        if route_geom is not None:
            # Degrees to km at this latitude is accurate enough to pick the route towns.
            near = shapely.Point(lon, lat).distance(route_geom) * 111.0
        on_route = near <= LABEL_KM
        reported = any(s["reports"] for s in states)
        order.append((not on_route, not reported, *_prominence(gazetteer, pid), name))
        out.append(
            PlaceRecord(
                id=pid or str(key),
                name=name,
                tip_html=html.escape(name),
                lat=round(lat, _DIGITS),
                lon=round(lon, _DIGITS),
                rank=0,
                route=on_route,
                states=states,
            )
        )
    for rank, i in enumerate(sorted(range(len(out)), key=lambda i: order[i])):
        out[i]["rank"] = rank
    return out, pool.style_list(), pool.popup_list()
