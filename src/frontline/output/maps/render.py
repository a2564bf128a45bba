"""Interactive folium maps of territorial control, one HTML for every date.

:func:`make_map` runs the pipeline (corpus -> events -> :class:`~frontline.control.ControlTimeline`
-> :func:`~frontline.history.build_history`) and draws the resulting History: places coloured
by side, control areas, front lines, the route coloured per segment, the events of the shown
date, a legend, a scale bar and a chart of the share of the route each side held.

How time works
    Each place, each cell of a place (``History.cells``), each cell edge (``History.edges``)
    and each stretch of the route in a cell (``History.route_parts``) is embedded once with
    its states ``[valid_from, valid_to, style]``; a small control of ours
    (``templates/frontline_map.js``) adds, removes or restyles features when the slider
    moves, so nothing is duplicated per date. Cells dissolve visually by side: they are drawn
    opaque, outlined in their own colour, on a canvas pane faded as a whole. At every slider
    position the map shows exactly ``ControlTimeline.control_at(date)``. Slider positions are
    the History's change dates plus the dates of located events.

Untrusted text
    Article text, titles, outlets, place names and URLs come from the web. Everything is
    escaped with :func:`html.escape` here; only ``http(s)`` URLs become links; JSON placed in
    ``<script>`` has ``</`` escaped. The JavaScript never builds HTML from raw data.

Offline
    :func:`save_map` with ``self_contained=True`` drops tile layers, draws the vector basemap
    shipped in ``data/`` (``*_outline_*.geojson``, ``*_admin1_*.geojson``) and inlines Leaflet
    and jQuery from the XStatic packages (``frontline[offline]``), so the file opens with no
    network at all.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import json
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement, Template

from frontline._io import atomic_write, cell_text
from frontline._paths import data_path
from frontline.errors import BadInputError
from frontline.ingest.dates import iso_date
from frontline.output.maps.offline import inline_assets
from frontline.reference.sides import Sides

__all__ = ["map_history", "save_map"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
UNKNOWN_COLOUR = "#9e9e9e"
OUTSIDE_COLOUR = "#d4d4d4"
# Pseudo-sides of geometry/route: no report near enough, or beyond the area of interest.
_UNKNOWN, _OUTSIDE = "unknown", "outside"
CONTESTED_FILL = "#ffffff"
EVENT_COLOUR = "#ff8c00"
# Display-only simplification: ~50 m in degrees keeps lines faithful at zoom 12 and files small.
_SIMPLIFY_DEG = 0.0005
# Cells interpolate between places ~5-10 km apart: ~50 m and 4 decimals (~11 m) lose nothing
# visible and keep the dissolved areas within 0.5 % of control_areas (tests/test_maps.py).
_AREA_SIMPLIFY_DEG = 0.0005
_AREA_DIGITS = 4
_CONTESTED = "contested"
# Contested cells and route stretches: a mid-grey, darker than "unknown".
CONTESTED_AREA = "#6f6f6f"
_DIGITS = 5  # ~1 m: more is noise, fewer shifts small villages
_MAX_LABELS = 30
_LABEL_KM = 3.0
_MAX_EVENTS_PER_POPUP = 6
_URL = re.compile(r"https?://[^\s|;,<>\"']+", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# small helpers


def _esc(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute ("" for missing)."""
    return html.escape(cell_text(value), quote=True)


def _iso(value: str | dt.date | None, what: str) -> str | None:
    return None if value is None or value == "" else iso_date(value, what)


def _colour(side: str, sides: Sides) -> str:
    if side == _OUTSIDE:
        return OUTSIDE_COLOUR
    return sides.colour(side, UNKNOWN_COLOUR) if side and side in sides else UNKNOWN_COLOUR


def _label(side: str, sides: Sides) -> str:
    """Escaped display label of a side or pseudo-side."""
    if side == _OUTSIDE:
        return "outside the mapped area"
    if not side or side == _UNKNOWN or side not in sides:
        return html.escape(side or _UNKNOWN)
    return html.escape(sides.label(side))


def _long_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%b} {d.year}"


def _http_link(url: Any, label: str = "source") -> str:
    """An ``<a>`` for an http(s) URL, else the URL as escaped text (never a live link)."""
    text = cell_text(url)
    if not text:
        return ""
    if re.match(r"^https?://", text, re.IGNORECASE):
        return (
            f'<a href="{html.escape(text, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer nofollow">{html.escape(label)}</a>'
        )
    return f"<span>{html.escape(text)}</span>"


def _linkify(text: str) -> str:
    """Escape ``text`` and turn the http(s) URLs in it into links."""
    out, last = [], 0
    for m in _URL.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(_http_link(m.group(0), m.group(0)))
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _script_json(data: Any) -> str:
    """JSON safe inside ``<script>``: no ``</`` or ``<!--`` can end or confuse the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("</", "<\\/")
        .replace("<!--", "<\\u0021--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _features(
    gdf: gpd.GeoDataFrame,
    props: list[dict[str, Any]],
    raw: list[str],
    tolerance: float = _SIMPLIFY_DEG,
    digits: int = _DIGITS,
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ``gdf`` (simplified, rounded) with ``props`` per row.

    Geometries are GEOS's own GeoJSON text, kept in ``raw`` and spliced into the page by
    :func:`_splice` (parsing and re-serialising megabytes of coordinates is the slow part).
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


def _splice(text: str, raw: list[str]) -> str:
    """Put the raw geometry texts of :func:`_features` in place of their placeholders."""
    return _PLACEHOLDER.sub(lambda m: raw[int(m.group(1))], text)


def _interval_cols(gdf: gpd.GeoDataFrame) -> tuple[list[str], list[str]]:
    vf = [cell_text(v) for v in gdf["valid_from"]]
    vt = [cell_text(v) for v in gdf["valid_to"]] if "valid_to" in gdf else [""] * len(gdf)
    return vf, vt


# --------------------------------------------------------------------------------------------
# popups


@dataclass(frozen=True)
class _EventText:
    index: dict[str, int]
    texts: list[str]


def _event_card(row: dict[str, Any], sides: Sides) -> str:
    """HTML (escaped) for one event: date and precision, kind, side, sentence, outlet, link."""
    date = _esc(row.get("date"))
    precision = _esc(row.get("date_precision")) or "day"
    kind = _esc(cell_text(row.get("kind")).replace("_", " "))
    side = cell_text(row.get("side"))
    meta = [f"<b>{date}</b> ({precision})", kind]
    if side:
        meta.append(_esc(sides.label(side)))
    actor = cell_text(row.get("actor"))
    if actor and actor.lower() != side.lower():
        meta.append(f"actor: {_esc(actor)}")
    place = cell_text(row.get("place"))
    parts = [f'<div class="fl-ev"><div class="fl-ev-meta">{" · ".join(m for m in meta if m)}']
    if place:
        parts.append(f" · {_esc(place)}")
    parts.append("</div>")
    sentence = cell_text(row.get("sentence"))
    if sentence:
        parts.append(f"<blockquote>{html.escape(sentence)}</blockquote>")
    src = [f"<b>{_esc(row.get('source'))}</b>"] if cell_text(row.get("source")) else []
    link = _http_link(row.get("url"))
    if link:
        src.append(link)
    article = cell_text(row.get("article"))
    if article:
        src.append(f"article: {html.escape(article)}")
    published = cell_text(row.get("published"))
    if published:
        src.append(f"published {html.escape(published)}")
    if src:
        parts.append(f'<div class="fl-src">{" · ".join(src)}</div>')
    parts.append("</div>")
    return "".join(parts)


def _event_texts(events: pd.DataFrame | None, sides: Sides) -> _EventText:
    index: dict[str, int] = {}
    texts: list[str] = []
    if events is None or len(events) == 0:
        return _EventText(index, texts)
    cols = [c for c in events.columns if c != "geometry"]
    for i, row in enumerate(events[cols].to_dict("records")):
        key = cell_text(row.get("event_id")) or f"row{i}"
        if key in index:
            continue
        index[key] = len(texts)
        texts.append(_event_card({str(k): v for k, v in row.items()}, sides))
    return _EventText(index, texts)


def _state_html(
    name: str, alt: Sequence[str], row: dict[str, Any], sides: Sides, colour: str
) -> str:
    side = cell_text(row.get("side"))
    status = cell_text(row.get("status")) or "held"
    since = _esc(row.get("valid_from"))
    until = cell_text(row.get("valid_to"))
    label = _esc(sides.label(side)) if side else "unknown side"
    head = [f"<h4>{html.escape(name)}</h4>"]
    if alt:
        head.append(f'<div class="fl-alt">also: {html.escape(", ".join(alt))}</div>')
    swatch = f'<span class="fl-sw" style="background:{colour}"></span>'
    if status == "besieged":
        besieger = cell_text(row.get("besieger"))
        what = f"held by <b>{label}</b>, <b>besieged</b>"
        if besieger:
            what += f" by <b>{_esc(sides.label(besieger))}</b>"
    elif status == "contested":
        what = "<b>contested</b>" + (f" (last reported with {label})" if side else "")
    elif status == "unknown" or not side:
        what = "<b>unknown</b>"
    else:
        what = f"held by <b>{label}</b>"
    what += f" since {since}"
    if until:
        what += f", until {_esc(until)}"
    implied = row.get("implied")
    if implied is True or cell_text(implied).lower() == "true":
        what += (
            '<div class="fl-alt">implied: the side that lost the place in the first report '
            "of its capture</div>"
        )
    head.append(f'<div class="fl-state">{swatch} {what}</div>')
    return "".join(head)


def _alt_names(gazetteer: Any, place_id: str, name: str) -> list[str]:
    if gazetteer is None or not place_id:
        return []
    try:
        place = gazetteer.get(place_id)
    except Exception:  # an unknown id only costs the alternate names
        return []
    for attr in ("alt_names", "alternate_names", "alternatenames", "aliases", "names"):
        value = getattr(place, attr, None)
        if value:
            items = value.split("|") if isinstance(value, str) else list(value)
            seen: list[str] = []
            for item in items:
                s = str(item).strip()
                if s and s != name and s not in seen:
                    seen.append(s)
            return seen[:8]
    return []


# --------------------------------------------------------------------------------------------
# the data behind one map


def _marker_style(
    side: str, status: str, besieger: str, sides: Sides
) -> tuple[str, str, float, str, float, float]:
    """(fill, stroke, weight, dash, radius, fill opacity) of a place marker."""
    if status == "besieged":
        return (sides.colour(side, UNKNOWN_COLOUR), sides.colour(besieger, "#333333"), 4, "", 7, 1)
    if status == "contested":
        return (CONTESTED_FILL, sides.colour(side, "#333333"), 2.5, "3 2", 6, 1)
    if status == "unknown" or not side:
        return (UNKNOWN_COLOUR, "#ffffff", 1.5, "", 5, 1)
    return (sides.colour(side, UNKNOWN_COLOUR), "#ffffff", 1.5, "", 6, 1)


def _positions(
    history: Any,
    events: pd.DataFrame | None,
    date: str | None,
    start: str | None,
    end: str | None,
) -> tuple[list[str], int]:
    hist_dates = sorted({cell_text(d) for d in history.dates if cell_text(d)})
    if date is not None and start is None and end is None:
        return [date], 0
    ev_dates: set[str] = set()
    if events is not None and len(events):
        ok = (
            pd.to_numeric(events["lat"], errors="coerce").notna()
            & pd.to_numeric(events["lon"], errors="coerce").notna()
        )
        ev_dates = {cell_text(d)[:10] for d in events.loc[ok, "date"] if cell_text(d)}
    every = sorted(set(hist_dates) | ev_dates)
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
    vf, vt = _interval_cols(gdf)
    vf_a, vt_a = np.array(vf, dtype=object), np.array(vt, dtype=object)
    keep = (vf_a <= hi) & ((vt_a == "") | (vt_a > lo))
    return gdf.loc[keep]


def _basemap_files() -> list[Path]:
    """Vector basemap files shipped in data/: country outlines first, then admin-1 lines."""
    folder = data_path("sides.csv").parent
    return sorted(folder.glob("*_outline_*.geojson")) + sorted(folder.glob("*_admin1_*.geojson"))


def _basemap(raw: list[str]) -> list[dict[str, Any]]:
    out = []
    for path in _basemap_files():
        gdf = gpd.read_file(path)
        if len(gdf) == 0:
            continue
        is_outline = "_outline_" in path.name
        props: list[dict[str, Any]] = [{} for _ in range(len(gdf))]
        fc = _features(gdf[["geometry"]], props, raw)
        if is_outline:
            online = {"color": "#555555", "weight": 1.6, "fill": False, "opacity": 0.8}
            offline = {
                "color": "#666666",
                "weight": 1.6,
                "fill": True,
                "fillColor": "#f8f6f1",
                "fillOpacity": 1,
            }
        else:
            online = {"color": "#777777", "weight": 0.8, "dashArray": "4 3", "fill": False}
            offline = {"color": "#9a9a9a", "weight": 0.9, "dashArray": "4 3", "fill": False}
        out.append({"geojson": fc, "online": online, "offline": offline})
    return out


def _legend_html(sides: Sides, used: set[str], has_route: bool, chart: str) -> str:
    rows = ["<h4>Who holds what</h4>"]
    for s in sides:
        if used and s.side not in used:
            continue
        rows.append(
            f'<div class="fl-row"><span class="fl-sw" style="background:{s.colour}"></span>'
            f"{html.escape(s.label)}</div>"
        )
    rows.append(
        f'<div class="fl-row"><span class="fl-sw" style="background:{UNKNOWN_COLOUR}"></span>'
        "unknown</div>"
    )
    rows.append(
        f'<div class="fl-row"><span class="fl-sw" style="background:{CONTESTED_AREA}"></span>'
        "contested</div>"
    )
    rows.append('<div class="fl-sub">Symbols</div>')
    rows.append(
        '<div class="fl-row"><span class="fl-dot" style="background:#777;border:2px solid #fff;'
        'box-shadow:0 0 0 1px #777"></span>place held (colour = side)</div>'
    )
    rows.append(
        '<div class="fl-row"><span class="fl-dot" style="background:#777;border:3px solid #333">'
        "</span>besieged (ring = besieger)</div>"
    )
    rows.append(
        '<div class="fl-row"><span class="fl-dot" style="background:#fff;border:2px dashed #333">'
        "</span>contested</div>"
    )
    rows.append(
        '<div class="fl-row"><span class="fl-lin" style="border-top:3px solid #1a1a1a"></span>'
        "front line</div>"
    )
    if has_route:
        rows.append(
            '<div class="fl-row"><span class="fl-lin" style="border-top:6px solid #777"></span>'
            "route, coloured by holder</div>"
        )
    rows.append(
        f'<div class="fl-row"><span class="fl-dot" style="border:3px solid {EVENT_COLOUR}">'
        "</span>reported on the shown date</div>"
    )
    if chart:
        rows.append(f'<div class="fl-sub">Route held</div><div class="fl-share"></div>{chart}')
    return "".join(rows)


def _share_table(share: pd.DataFrame | None) -> tuple[list[str], list[str], dict[str, dict]]:
    """(dates, sides in order of appearance, {date: {side: pct}}) from ``route_share``."""
    if share is None or len(share) == 0:
        return [], [], {}
    df = share.copy()
    df["date"] = [cell_text(d)[:10] for d in df["date"]]
    pct = pd.to_numeric(df["pct"], errors="coerce").fillna(0.0)
    if len(pct) and pct.max() <= 1.0 + 1e-9 and "km" in df and pct.max() > 0:
        # Fractions, not percentages (a route_share with pct in 0..1).
        pct = pct * 100.0
    df["pct"] = pct
    table: dict[str, dict[str, float]] = {}
    order: list[str] = []
    for d, side, p in zip(df["date"], df["side"], df["pct"], strict=True):
        s = cell_text(side) or "unknown"
        table.setdefault(d, {})[s] = table.get(d, {}).get(s, 0.0) + float(p)
        if s not in order:
            order.append(s)
    return sorted(table), order, table


def _chart_span(dates: list[str]) -> tuple[str, str]:
    """(first, last) ISO date of the chart's time axis: the slider's range, except that a first
    position far before the rest (e.g. a ``historical`` state years earlier: a gap longer than
    all the other dates span) is left off so the changes are not squeezed to one edge."""
    lo, hi = dates[0], dates[-1]
    if len(dates) > 2:
        gap = dt.date.fromisoformat(dates[1]) - dt.date.fromisoformat(lo)
        rest = dt.date.fromisoformat(hi) - dt.date.fromisoformat(dates[1])
        if gap > rest:
            lo = dates[1]
    return lo, hi


def _chart_svg(
    dates: list[str],
    order: list[str],
    table: dict[str, dict[str, float]],
    sides: Sides,
    lo: str,
    hi: str,
) -> tuple[str, dict[str, float] | None]:
    """Inline SVG: stacked share of the route per side over time (step chart), and its scale."""
    if not dates:
        return "", None
    w, h, x0, x1, y0, y1 = 270, 96, 30, 262, 8, 78
    t = [dt.date.fromisoformat(d).toordinal() for d in dates]
    # The axis is the slider's span: earlier states collapse onto its left edge.
    t0 = dt.date.fromisoformat(lo).toordinal()
    t1 = dt.date.fromisoformat(hi).toordinal()
    span = max(t1 - t0, 1)

    def x(day: int) -> float:
        return min(x1, max(x0, x0 + (day - t0) / span * (x1 - x0)))

    def y(p: float) -> float:
        return y1 - p / 100.0 * (y1 - y0)

    ordered = [s for s in sides.keys if s in order]
    ordered += [s for s in order if s not in sides and s not in (_UNKNOWN, _OUTSIDE)]
    ordered += [s for s in order if s == _OUTSIDE]
    parts = [
        f'<svg class="fl-chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
        'aria-label="share of the route held by each side over time">',
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{UNKNOWN_COLOUR}" '
        'fill-opacity="0.35"/>',
    ]
    base = [0.0] * len(dates)
    for s in ordered:
        top = [base[i] + table[d].get(s, 0.0) for i, d in enumerate(dates)]
        if max(top[i] - base[i] for i in range(len(dates))) <= 0:
            continue
        pts: list[tuple[float, float]] = []
        for i in range(len(dates)):
            xa = x(t[i])
            xb = x(t[i + 1]) if i + 1 < len(dates) else x1
            pts += [(xa, y(top[i])), (xb, y(top[i]))]
        for i in reversed(range(len(dates))):
            xa = x(t[i])
            xb = x(t[i + 1]) if i + 1 < len(dates) else x1
            pts += [(xb, y(base[i])), (xa, y(base[i]))]
        d_attr = "M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in pts) + "Z"
        fill = CONTESTED_AREA if s == _CONTESTED else _colour(s, sides)
        parts.append(f'<path d="{d_attr}" fill="{fill}"/>')
        base = top
    for p in (0, 50, 100):
        parts.append(
            f'<line x1="{x0}" x2="{x1}" y1="{y(p):.1f}" y2="{y(p):.1f}" stroke="#fff" '
            'stroke-width="0.6" stroke-opacity="0.8"/>'
            f'<text x="{x0 - 3}" y="{y(p) + 3:.1f}" font-size="9" text-anchor="end" '
            f'fill="#444">{p}%</text>'
        )
    parts.append(
        f'<text x="{x0}" y="{h - 4}" font-size="9" fill="#444">{_long_date(lo)}'
        f'</text><text x="{x1}" y="{h - 4}" font-size="9" fill="#444" text-anchor="end">'
        f"{_long_date(hi)}</text>"
    )
    parts.append(
        f'<line class="fl-chart-cursor" x1="{x0}" x2="{x0}" y1="{y0 - 3}" y2="{y1 + 3}" '
        'stroke="#000" stroke-width="2"/></svg>'
    )
    # The cursor's scale in days since 1970 (what the browser's Date.UTC gives).
    epoch = dt.date(1970, 1, 1).toordinal()
    return "".join(parts), {"t0": t0 - epoch, "t1": t1 - epoch, "x0": x0, "x1": x1}


def _share_html(table: dict[str, float], sides: Sides) -> str:
    keys = [s for s in sides.keys if s in table] + [s for s in table if s not in sides]
    items = []
    for s in keys:
        p = table[s]
        if p < 0.05:
            continue
        label = _label(s, sides)
        colour = CONTESTED_AREA if s == _CONTESTED else _colour(s, sides)
        items.append(
            f'<span class="fl-sw" style="background:{colour};width:10px;height:10px"></span> '
            f"{label} <b>{p:.0f}%</b>"
        )
    return "<br>".join(items)


def _state_features(
    gdf: gpd.GeoDataFrame,
    key: str,
    style_of: Any,
    styles: dict[tuple[Any, ...], int],
    raw: list[str],
    tolerance: float,
    digits: int,
    tip_of: Any = None,
) -> dict[str, Any]:
    """One GeoJSON feature per ``key`` (its geometry once) with its states ``iv``.

    ``iv`` lists ``[valid_from, valid_to, style index]`` (ISO, ``valid_to`` "" = open) for the
    rows of the key; ``style_of(row)`` gives a hashable style, numbered in ``styles``.
    """
    if len(gdf) == 0:
        return {"type": "FeatureCollection", "features": []}
    frame = gdf.drop(columns="geometry")
    vf, vt = _interval_cols(gdf)
    first: dict[Any, int] = {}
    ivs: dict[Any, list[list[Any]]] = {}
    for i, row in enumerate(frame.to_dict("records")):
        k = row[key]
        first.setdefault(k, i)
        s_idx = styles.setdefault(style_of(row), len(styles))
        ivs.setdefault(k, []).append([vf[i], vt[i], s_idx])
    rows = list(first.values())
    props: list[dict[str, Any]] = []
    for k in first:
        p: dict[str, Any] = {"iv": sorted(ivs[k])}
        if tip_of is not None:
            p["tip"] = tip_of(frame.iloc[first[k]].to_dict())
        props.append(p)
    return _features(gdf.iloc[rows], props, raw, tolerance, digits)


def _style_list(styles: dict[tuple[Any, ...], int]) -> list[list[Any]]:
    return [list(s) for s, _ in sorted(styles.items(), key=lambda kv: kv[1])]


def _area_style(side: str, sides: Sides) -> tuple[str, float]:
    """(fill colour, opacity within the areas pane) of a cell labelled ``side``."""
    if side == _CONTESTED:
        return (CONTESTED_AREA, 1.0)
    if not side or side == _UNKNOWN or side not in sides:
        return (UNKNOWN_COLOUR, 0.4)
    return (sides.colour(side), 1.0)


def _route_style(side: str, sides: Sides) -> tuple[str, int, str]:
    """(colour, dashed, escaped label) of a route stretch held by ``side``."""
    known = bool(side) and side in sides
    colour = CONTESTED_AREA if side == _CONTESTED else _colour(side, sides)
    return (colour, 0 if known else 1, _label(side, sides))


def _route_tip(row: dict[str, Any], route_name: str) -> str:
    a, b = row.get("km_from"), row.get("km_to")
    span = f"km {a:.0f}–{b:.0f}" if isinstance(a, float) and isinstance(b, float) else ""
    length = row.get("length_km")
    size = f" ({length:.1f} km)" if isinstance(length, float) else ""
    return f"{html.escape(route_name)} {span}{size}".strip()


def _front_style(pair: str, sides: Sides) -> tuple[str]:
    between = [s for s in cell_text(pair).split("|") if s]
    who = " / ".join(html.escape(sides.label(s)) if s in sides else html.escape(s) for s in between)
    return (f"Front line {who}".strip(),)


def _places_data(
    places: gpd.GeoDataFrame,
    sides: Sides,
    gazetteer: Any,
    evtext: _EventText,
    events: pd.DataFrame | None,
    route_geom: Any,
) -> tuple[list[dict[str, Any]], list[Any], list[str]]:
    """Per place: lat, lon, tooltip, label flag and its interval list (style, popup, events)."""
    styles: dict[tuple[Any, ...], int] = {}
    popups: dict[str, int] = {}
    # Reports per place (by id, else by name), sorted by date, to list those behind a state.
    by_place: dict[str, list[tuple[str, str]]] = {}
    if events is not None and len(events):
        pids = events["place_id"] if "place_id" in events else [""] * len(events)
        for pid, name, eid, date in zip(
            pids, events["place"], events["event_id"], events["date"], strict=True
        ):
            key = cell_text(pid) or f"name:{cell_text(name).casefold()}"
            by_place.setdefault(key, []).append((cell_text(date)[:10], cell_text(eid)))
        for reports in by_place.values():
            reports.sort()
    frame = places.drop(columns="geometry")
    if "lat" not in frame or "lon" not in frame:
        frame = frame.assign(lat=places.geometry.y.to_numpy(), lon=places.geometry.x.to_numpy())
    frame = frame.assign(valid_from=[cell_text(v) for v in frame["valid_from"]])
    frame = frame.assign(valid_to=[cell_text(v) for v in frame.get("valid_to", "")])
    key_col = "key" if "key" in frame else "place_id"
    frame = frame.assign(
        _key=[
            cell_text(k) or cell_text(n)
            for k, n in zip(frame[key_col], frame["place"], strict=True)
        ]
    )
    frame = frame[frame["lat"].notna() & frame["lon"].notna()]
    out: list[dict[str, Any]] = []
    # One pass over plain records: a pandas groupby per place costs seconds at 2,000 places.
    grouped: dict[str, list[dict[str, Any]]] = {}
    for rec in frame.to_dict("records"):
        grouped.setdefault(rec["_key"], []).append(rec)
    for key, group in grouped.items():
        group.sort(key=lambda r: r["valid_from"])
        first = group[0]
        name = cell_text(first["place"]) or str(key)
        pid = cell_text(first.get("place_id"))
        alt = _alt_names(gazetteer, pid, name)
        ivs = []
        for row in group:
            side, status = cell_text(row.get("side")), cell_text(row.get("status")) or "held"
            style = _marker_style(side, status, cell_text(row.get("besieger")), sides)
            s_idx = styles.setdefault(style, len(styles))
            head = _state_html(name, alt, row, sides, style[0])
            sources = cell_text(row.get("sources"))
            ids = [i for i in re.split(r"[|,;\s]+", cell_text(row.get("event_id"))) if i]
            ev_idx = [evtext.index[i] for i in ids if i in evtext.index]
            # Then every other report of this place dated within the state's interval.
            vf, vt = row["valid_from"], row["valid_to"]
            reports = by_place.get(pid or f"name:{name.casefold()}", [])
            lo_i = bisect.bisect_left(reports, (vf, ""))
            for d, eid in reports[lo_i:]:
                if vt and d >= vt:
                    break
                j = evtext.index.get(eid)
                if j is not None and j not in ev_idx:
                    ev_idx.append(j)
            if len(ev_idx) > _MAX_EVENTS_PER_POPUP:
                n = _MAX_EVENTS_PER_POPUP
                head += f'<div class="fl-alt">{len(ev_idx)} reports; the first {n} shown</div>'
                ev_idx = ev_idx[:_MAX_EVENTS_PER_POPUP]
            if not ev_idx and sources:
                head += f'<div class="fl-src">Sources: {_linkify(sources)}</div>'
            p_idx = popups.setdefault(head, len(popups))
            ivs.append([row["valid_from"], row["valid_to"], s_idx, p_idx, ev_idx])
        lat, lon = float(first["lat"]), float(first["lon"])
        near = math.inf
        if route_geom is not None:
            # Degrees to km at this latitude is accurate enough to pick which names to label.
            near = shapely.Point(lon, lat).distance(route_geom) * 111.0
        out.append(
            {
                "id": pid or str(key),
                "name": name,
                "lat": round(lat, _DIGITS),
                "lon": round(lon, _DIGITS),
                "tip": html.escape(name),
                "label": False,
                "_near": near,
                "iv": ivs,
            }
        )
    if len(out) <= _MAX_LABELS:
        for p in out:
            p["label"] = True
    else:
        for p in sorted(out, key=lambda p: p["_near"])[:_MAX_LABELS]:
            if p["_near"] <= _LABEL_KM:
                p["label"] = True
    for p in out:
        del p["_near"]
    style_list = [list(s) for s, _ in sorted(styles.items(), key=lambda kv: kv[1])]
    popup_list = [h for h, _ in sorted(popups.items(), key=lambda kv: kv[1])]
    return out, style_list, popup_list


class _FrontlineLayer(MacroElement):
    """Our control: data, slider, legend (JS/CSS from ``templates/``, inlined in the page)."""

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>{{ this.css }}</style>
<script>{{ this.js }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
frontlineInit({{ this._parent.get_name() }}, {
  basemap: {{ this.groups.basemap.get_name() }},
  areas: {{ this.groups.areas.get_name() }},
  front: {{ this.groups.front.get_name() }},
  route: {{ this.groups.route.get_name() }},
  places: {{ this.groups.places.get_name() }},
  events: {{ this.groups.events.get_name() }}
}, {{ this.payload() }});
{% endmacro %}
"""
    )

    def __init__(self, data: dict[str, Any], groups: Any, raw: list[str]) -> None:
        super().__init__()
        self.raw = raw
        self._name = "FrontlineLayer"
        self.data = data
        self.groups = groups
        self.offline = False
        self.css = (_TEMPLATES / "frontline_map.css").read_text(encoding="utf-8")
        self.js = (_TEMPLATES / "frontline_map.js").read_text(encoding="utf-8")

    def payload(self) -> str:
        return _splice(_script_json({**self.data, "offline": self.offline}), self.raw)


@dataclass(frozen=True)
class _Groups:
    basemap: folium.FeatureGroup
    areas: folium.FeatureGroup
    front: folium.FeatureGroup
    route: folium.FeatureGroup
    places: folium.FeatureGroup
    events: folium.FeatureGroup


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
) -> folium.Map:
    """Draw a :class:`~frontline.history.History` as an interactive map with a time slider.

    Parameters
    ----------
    history : History
        ``places``, ``cells``, ``edges``, ``route_parts`` (GeoDataFrames with ``valid_from``/
        ``valid_to``), ``route_share`` and ``dates``. An object without the compact layers
        is drawn from its dissolved ``control``, ``frontline`` and ``route``.
    events : DataFrame, optional
        The event table behind the history (popups quote its sentences; the events of the
        shown date are highlighted).
    date : str or date, optional
        Without ``start``/``end``: a one-date map of the control on ``date``. With them: the
        date the slider opens on (default: the last date).
    start, end : str or date, optional
        Limit the slider to ``[start, end]`` (ISO dates).
    sides : Sides, optional
        Colours and labels (default ``data/sides.csv``).
    gazetteer : Gazetteer, optional
        Gives the alternate names shown in popups.
    title : str, optional
        Map title (escaped); default names the route.
    route_name : str, optional
        Name of the route in the title and tooltips.
    route_line : shapely geometry, optional
        The whole route, used to pick which place names get permanent labels.

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
    lo, hi = dates[0], dates[-1]

    places = _window(history.places, lo, hi)
    # The compact layers (one geometry per cell / edge / route stretch, restyled per date);
    # a History without them (built elsewhere) falls back to its dissolved layers.
    compact = all(hasattr(history, a) for a in ("cells", "edges", "route_parts"))
    if compact:
        cells = _window(history.cells, lo, hi)
        edges = _window(history.edges, lo, hi)
        parts = _window(history.route_parts, lo, hi)
        cell_key, edge_key, part_key = "cell_id", "edge_id", "part_id"
    else:
        cells = _window(history.control, lo, hi).assign(_k=lambda f: range(len(f)))
        edges = _window(history.frontline, lo, hi).assign(_k=lambda f: range(len(f)))
        parts = _window(history.route, lo, hi).assign(_k=lambda f: range(len(f)))
        cell_key = edge_key = part_key = "_k"

    located = None
    if events is not None and len(events):
        ok = (
            pd.to_numeric(events["lat"], errors="coerce").notna()
            & pd.to_numeric(events["lon"], errors="coerce").notna()
        )
        located = events.loc[ok]
    evtext = _event_texts(events, sides)
    if route_line is None and len(parts):
        route_line = shapely.union_all(np.asarray(parts.geometry.values, dtype=object))
    place_data, styles, popups = _places_data(places, sides, gazetteer, evtext, events, route_line)

    event_rows: list[list[Any]] = []
    if located is not None:
        shown = set(dates)
        for row in located.drop(columns="geometry", errors="ignore").to_dict("records"):
            d = cell_text(row.get("date"))[:10]
            if d not in shown:
                continue
            eid = cell_text(row.get("event_id"))
            if eid not in evtext.index:
                continue
            event_rows.append(
                [
                    round(float(row["lat"]), _DIGITS),
                    round(float(row["lon"]), _DIGITS),
                    d,
                    sides.colour(cell_text(row.get("side")), UNKNOWN_COLOUR),
                    evtext.index[eid],
                    cell_text(row.get("place_id")) or cell_text(row.get("place")),
                ]
            )

    share_dates, order, table = _share_table(getattr(history, "route_share", None))
    chart, scale = _chart_svg(share_dates, order, table, sides, *_chart_span(dates))
    used = {cell_text(s) for s in places.get("side", [])} | {
        cell_text(s) for s in places.get("besieger", [])
    }
    used |= {s for s in order}
    used = {s for s in used if s in sides}
    name = route_name or ""
    if title is None:
        title = f"Territorial control · {name}" if name else "Territorial control"
    raw: list[str] = []
    area_styles: dict[tuple[Any, ...], int] = {}
    front_styles: dict[tuple[Any, ...], int] = {}
    route_styles: dict[tuple[Any, ...], int] = {}
    data = {
        "dates": dates,
        "start": k,
        "title": html.escape(title),
        "styles": styles,
        "popups": popups,
        "texts": evtext.texts,
        "places": place_data,
        "areas": _state_features(
            cells,
            cell_key,
            lambda r: _area_style(cell_text(r.get("side")), sides),
            area_styles,
            raw,
            _AREA_SIMPLIFY_DEG,
            _AREA_DIGITS,
        ),
        "front": _state_features(
            edges,
            edge_key,
            lambda r: _front_style(cell_text(r.get("sides")), sides),
            front_styles,
            raw,
            _SIMPLIFY_DEG,
            _AREA_DIGITS,
        ),
        "route": _state_features(
            parts,
            part_key,
            lambda r: _route_style(cell_text(r.get("side")), sides),
            route_styles,
            raw,
            _SIMPLIFY_DEG,
            _DIGITS,
            tip_of=lambda r: _route_tip(r, name or "route"),
        ),
        "events": event_rows,
        "legend": _legend_html(sides, used, len(parts) > 0, chart),
        "chart": scale,
        "shareDates": share_dates,
        "share": {d: _share_html(table[d], sides) for d in share_dates},
    }

    data["areaStyles"] = _style_list(area_styles)
    data["frontStyles"] = _style_list(front_styles)
    data["routeStyles"] = _style_list(route_styles)
    # Extent: where the reports are; the route only when there are too few places to frame.
    geoms = []
    if place_data:
        geoms.append(shapely.multipoints([[p["lon"], p["lat"]] for p in place_data]))
    if len(place_data) < 3 and route_line is not None:
        geoms.append(route_line)
    if geoms:
        minx, miny, maxx, maxy = shapely.union_all(geoms).bounds
    elif len(cells):
        minx, miny, maxx, maxy = cells.total_bounds
    else:
        raise BadInputError("nothing to map: no located place, route or area")
    pad = max(maxx - minx, maxy - miny) * 0.04 + 0.02
    bounds = (minx - pad, miny - pad, maxx + pad, maxy + pad)
    data["basemap"] = _basemap(raw)

    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=8,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
    )
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap").add_to(m)
    folium.TileLayer("Esri.WorldImagery", name="Satellite (Esri)").add_to(m)
    groups = _Groups(
        basemap=folium.FeatureGroup(name="Boundaries (Natural Earth)"),
        areas=folium.FeatureGroup(name="Control areas"),
        front=folium.FeatureGroup(name="Front line"),
        route=folium.FeatureGroup(name=f"Route{': ' + name if name else ''}"),
        places=folium.FeatureGroup(name="Places"),
        events=folium.FeatureGroup(name="Events of the shown date"),
    )
    for g in (
        groups.basemap,
        groups.areas,
        groups.front,
        groups.route,
        groups.places,
        groups.events,
    ):
        g.add_to(m)
    m.add_child(_FrontlineLayer(data, groups, raw), name="frontline")
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return m


def save_map(m: folium.Map, path: str | os.PathLike[str], self_contained: bool = False) -> Path:
    """Write ``m`` as one HTML file, atomically.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`make_map` (or any folium map).
    path : path
        The HTML file to write.
    self_contained : bool
        Offline file: no tile layers, the vector basemap from ``data/``, Leaflet and jQuery
        inlined from the XStatic packages (``pip install 'frontline[offline]'``).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    FrontlineError
        If an offline asset is missing or the page would still need the network.
    """
    if not self_contained:
        return atomic_write(path, m.get_root().render())
    tiles = [(k, c) for k, c in m._children.items() if isinstance(c, folium.TileLayer)]
    layers = [c for c in m._children.values() if isinstance(c, _FrontlineLayer)]
    try:
        for k, _ in tiles:
            del m._children[k]
        for layer in layers:
            layer.offline = True
        page = m.get_root().render()
    finally:
        for layer in layers:
            layer.offline = False
        # Put the tiles back first so the online map keeps its base layer order.
        rest = list(m._children.items())
        m._children.clear()
        m._children.update(tiles)
        m._children.update(rest)
    return atomic_write(path, inline_assets(page))
