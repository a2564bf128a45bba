"""The route chart and share line of the legend (the legend rows themselves are drawn by the
JS from the same style records as the map, for the sides present on the shown date)."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd

from frontline._io import cell_text
from frontline.output.maps.payload import SideRecord
from frontline.output.maps.styles import (
    CONTESTED,
    CONTESTED_AREA,
    OUTSIDE,
    UNKNOWN,
    UNKNOWN_COLOUR,
    side_colour,
    side_label,
)
from frontline.reference.sides import Sides

__all__ = ["chart_span", "chart_svg", "long_date", "share_html", "share_table", "side_records"]


def long_date(iso: str) -> str:
    """``2019-08-21`` -> ``21 Aug 2019``."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%b} {d.year}"


def side_records(sides: Sides) -> list[SideRecord]:
    """The sides in table order with validated colours (plain-text labels)."""
    return [SideRecord(key=s.side, label=s.label, colour=side_colour(s.side, sides)) for s in sides]


def share_table(
    share: pd.DataFrame | None,
) -> tuple[list[str], list[str], dict[str, dict[str, float]]]:
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


def chart_span(dates: list[str]) -> tuple[str, str]:
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


def chart_svg(
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
    ordered += [s for s in order if s not in sides and s not in (UNKNOWN, OUTSIDE)]
    ordered += [s for s in order if s == OUTSIDE]
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
        fill = CONTESTED_AREA if s == CONTESTED else side_colour(s, sides)
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
        f'<text x="{x0}" y="{h - 4}" font-size="9" fill="#444">{long_date(lo)}'
        f'</text><text x="{x1}" y="{h - 4}" font-size="9" fill="#444" text-anchor="end">'
        f"{long_date(hi)}</text>"
    )
    parts.append(
        f'<line class="fl-chart-cursor" x1="{x0}" x2="{x0}" y1="{y0 - 3}" y2="{y1 + 3}" '
        'stroke="#000" stroke-width="2"/></svg>'
    )
    # The cursor's scale in days since 1970 (what the browser's Date.UTC gives).
    epoch = dt.date(1970, 1, 1).toordinal()
    return "".join(parts), {"t0": t0 - epoch, "t1": t1 - epoch, "x0": x0, "x1": x1}


def share_html(table: dict[str, float], sides: Sides) -> str:
    keys = [s for s in sides.keys if s in table] + [s for s in table if s not in sides]
    items = []
    for s in keys:
        p = table[s]
        if p < 0.05:
            continue
        label = html.escape(side_label(s, sides))
        colour = CONTESTED_AREA if s == CONTESTED else side_colour(s, sides)
        items.append(
            f'<span class="fl-sw" style="background:{colour};width:10px;height:10px"></span> '
            f"{label} <b>{p:.0f}%</b>"
        )
    return "<br>".join(items)
