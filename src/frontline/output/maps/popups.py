"""Popup HTML of places and events: escaped, compact, links only for http(s).

Article text, titles, outlets, place names and URLs come from the web. Everything here is
escaped with :func:`html.escape`; only ``http``/``https`` URLs become links, opened with
``rel="noopener noreferrer"``. A report is one compact card: date, kind and side on one line,
the sentence (clipped to two lines by CSS, full text on hover), the outlet as the link.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import pandas as pd

from frontline._io import cell_text
from frontline.reference.sides import Sides

__all__ = [
    "DISAGREE_DAYS",
    "EventTexts",
    "Report",
    "alt_names",
    "disagreement_html",
    "event_card",
    "event_texts",
    "http_link",
    "linkify",
    "place_head",
    "reports_by_place",
    "state_html",
]

_URL = re.compile(r"https?://[^\s|;,<>\"']+", re.IGNORECASE)
_HTTP = re.compile(r"^https?://", re.IGNORECASE)
#: Two reports about one place this many days apart or less, naming different holders,
#: are shown as a disagreement.
DISAGREE_DAYS = 3
# Kinds whose ``side`` names the holder of the place afterwards.
_HOLDER_KINDS = {"control_change", "historical"}


def _esc(value: object) -> str:
    return html.escape(cell_text(value), quote=True)


def http_link(url: object, label: str = "source", title: str = "") -> str:
    """An ``<a>`` for an http(s) URL, else the URL as escaped text (never a live link).

    Examples
    --------
    >>> http_link("javascript:alert(1)")
    '<span>javascript:alert(1)</span>'
    """
    text = cell_text(url)
    if not text:
        return ""
    if _HTTP.match(text):
        tip = f' title="{html.escape(title, quote=True)}"' if title else ""
        return (
            f'<a href="{html.escape(text, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer nofollow"{tip}>{html.escape(label)}</a>'
        )
    return f"<span>{html.escape(text)}</span>"


def _host(url: str) -> str:
    """``https://www.example.org/a`` -> ``example.org`` ("" if not an http(s) URL)."""
    if not _HTTP.match(url):
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def linkify(text: str) -> str:
    """Escape ``text`` and turn the http(s) URLs in it into links named by their site.

    Examples
    --------
    >>> linkify("see https://www.ex.org/a <b>")[-22:]
    '">ex.org</a> &lt;b&gt;'
    """
    out, last = [], 0
    for m in _URL.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(http_link(m.group(0), _host(m.group(0)) or m.group(0)))
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def event_card(row: dict[str, Any], sides: Sides) -> str:
    """Compact escaped HTML for one report: meta line, sentence, outlet (linked if http)."""
    precision = cell_text(row.get("date_precision")) or "day"
    meta = [f"<b>{_esc(row.get('date'))}</b>" + ("" if precision == "day" else f" ({precision})")]
    meta.append(_esc(cell_text(row.get("kind")).replace("_", " ")))
    side = cell_text(row.get("side"))
    if side:
        meta.append(_esc(sides.label(side)))
    actor = cell_text(row.get("actor"))
    if actor and actor.lower() != side.lower():
        meta.append(f"actor: {_esc(actor)}")
    parts = [f'<div class="fl-ev"><div class="fl-ev-meta">{" · ".join(m for m in meta if m)}</div>']
    sentence = cell_text(row.get("sentence"))
    if sentence:
        parts.append(f'<blockquote title="{_esc(sentence)}">{html.escape(sentence)}</blockquote>')
    url = cell_text(row.get("url"))
    source = cell_text(row.get("source"))
    # A hand-coded ``source`` may be a citation with URLs: the link is then named by its site
    # and the citation is its tooltip.
    outlet = source if "://" not in source else ""
    outlet = outlet or _host(url) or cell_text(row.get("article"))
    if _HTTP.match(url):
        src = [http_link(url, outlet or "source", title=source if source != outlet else "")]
    else:  # a non-http URL is shown as text after the outlet, never as a link
        src = [x for x in (_esc(outlet), http_link(url)) if x]
    published = cell_text(row.get("published"))
    if published:
        src.append(f"published {_esc(published[:10])}")
    article = cell_text(row.get("article"))
    if article and article != outlet:
        src.append(f'<span class="fl-art">{_esc(article)}</span>')
    parts.append(f'<div class="fl-src">{" · ".join(src)}</div></div>')
    return "".join(parts)


@dataclass(frozen=True)
class Report:
    """A report about a place: ISO date, event id, holder it names ("" if none), outlet."""

    date: str
    event_id: str
    holder: str
    outlet: str


@dataclass(frozen=True)
class EventTexts:
    """Popup cards of the events (``texts``) and the index of each event id in them."""

    index: dict[str, int]
    texts: list[str]


def event_texts(events: pd.DataFrame | None, sides: Sides) -> EventTexts:
    """One card per distinct event id (rows without one get ``row<i>``)."""
    index: dict[str, int] = {}
    texts: list[str] = []
    if events is None or len(events) == 0:
        return EventTexts(index, texts)
    cols = [c for c in events.columns if c != "geometry"]
    for i, row in enumerate(events[cols].to_dict("records")):
        key = cell_text(row.get("event_id")) or f"row{i}"
        if key in index:
            continue
        index[key] = len(texts)
        texts.append(event_card({str(k): v for k, v in row.items()}, sides))
    return EventTexts(index, texts)


def reports_by_place(events: pd.DataFrame | None) -> dict[str, list[Report]]:
    """Reports per place key (place id, else ``name:<casefolded name>``), sorted by date."""
    out: dict[str, list[Report]] = {}
    if events is None or len(events) == 0:
        return out
    n = len(events)

    def col(name: str) -> Any:
        return events[name] if name in events else [""] * n

    for pid, name, eid, date, kind, side, src in zip(
        col("place_id"), col("place"), col("event_id"), col("date"), col("kind"),
        col("side"), col("source"), strict=True,
    ):  # fmt: skip
        key = cell_text(pid) or f"name:{cell_text(name).casefold()}"
        holder = cell_text(side) if cell_text(kind) in _HOLDER_KINDS else ""
        out.setdefault(key, []).append(
            Report(cell_text(date)[:10], cell_text(eid), holder, cell_text(src))
        )
    for reports in out.values():
        reports.sort(key=lambda r: (r.date, r.event_id))
    return out


def _days(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def disagreement_html(
    reports: list[Report], start: str, end: str, sides: Sides
) -> tuple[str, list[str]]:
    """A note when reports within :data:`DISAGREE_DAYS` days name different holders.

    Only pairs with at least one report dated in ``[start, end)`` count. Returns the escaped
    note ("" if none) and the event ids of both reports of each disagreeing pair.
    """
    held = [r for r in reports if r.holder and len(r.date) == 10]
    pairs: list[tuple[Report, Report]] = []
    for i, a in enumerate(held):
        for b in held[i + 1 :]:
            if _days(a.date, b.date) > DISAGREE_DAYS:
                break
            inside = any(start <= r.date and (not end or r.date < end) for r in (a, b))
            if b.holder != a.holder and inside:
                pairs.append((a, b))
    if not pairs:
        return "", []
    a, b = pairs[0]

    def claim(r: Report) -> str:
        who = _esc(r.outlet) or "a report"
        return f"{who} ({_esc(r.date)}): <b>{_esc(sides.label(r.holder))}</b>"

    note = f'<div class="fl-disagree">Sources disagree: {claim(a)}; {claim(b)}</div>'
    ids: list[str] = []
    for p in pairs:
        ids += [r.event_id for r in p if r.event_id not in ids]
    return note, ids


def place_head(name: str, alt: list[str]) -> str:
    """Escaped head of a place popup: its name and alternate names."""
    head = f"<h4>{html.escape(name)}</h4>"
    if alt:
        head += f'<div class="fl-alt">also: {html.escape(", ".join(alt))}</div>'
    return head


def state_html(row: dict[str, Any], sides: Sides, colour: str) -> str:
    """Escaped line of a place popup: holder (or status) and since when."""
    side = cell_text(row.get("side"))
    status = cell_text(row.get("status")) or "held"
    label = _esc(sides.label(side)) if side else "unknown side"
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
    what += f" since {_esc(row.get('valid_from'))}"
    until = cell_text(row.get("valid_to"))
    if until:
        what += f", until {_esc(until)}"
    implied = row.get("implied")
    if implied is True or cell_text(implied).lower() == "true":
        what += (
            '<div class="fl-alt">implied: the side that lost the place in the first report '
            "of its capture</div>"
        )
    return f'<div class="fl-state">{swatch} {what}</div>'


class _Gazetteer(Protocol):
    def get(self, place_id: str) -> Any: ...


def alt_names(gazetteer: _Gazetteer | None, place_id: str, name: str) -> list[str]:
    """Up to 5 alternate names of ``place_id`` other than ``name`` (plain text)."""
    if gazetteer is None or not place_id:
        return []
    try:
        place = gazetteer.get(place_id)
    except Exception:  # an unknown id only costs the alternate names
        return []
    for attr in ("alt_names", "alternate_names", "aliases"):
        value = getattr(place, attr, None)
        if value:
            items = value.split("|") if isinstance(value, str) else list(value)
            seen: list[str] = []
            for item in items:
                s = str(item).strip()
                if s and s != name and s not in seen:
                    seen.append(s)
            return seen[:5]
    return []
