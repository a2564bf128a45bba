"""Control timeline: who held each place, from when to when, and on whose word.

Rules (also in README.md, "Control timeline")
------------------------------------------
States
    ``held`` by a side; ``besieged`` (``side`` is the holder, ``besieger`` the besieging
    side); ``contested``; ``unknown``.
Which events change control
    ``control_change`` (``side`` gains the place on ``date``), ``historical`` (``side`` holds
    the place from the start of the event's period: 1 January for precision ``year``, the 1st
    for ``month``, the date itself otherwise) and ``siege`` (the place becomes ``besieged`` by
    ``side``; the holder is unchanged; a later capture ends the siege). ``entered``
    (``side``'s forces entered the place without a claim of control) makes the place
    ``contested`` from ``date`` until the next ``control_change``/``historical`` event; it
    changes nothing when ``side`` already holds the place, and a capture reported the same day
    wins over it. ``advance``, ``proximity`` and ``corridor`` never change control.
Implied prior state
    Before a place's first control event it is held by the side that lost it, marked
    ``implied``. The losing side is, in order: the event's ``from_side`` column when the table
    has one and it is filled; else the side most often opposed to the gaining side *at that
    place* (another side that took or besieged it at another time); else the side most often
    opposed to the gaining side among all control events of the table; else ``unknown``. For
    a first ``siege`` event the besieged holder is found the same way. The implied state runs
    from the start of the data.
Baseline
    An optional CSV ``place,side,as_of,source`` sets a (non-implied) state at ``as_of``; it
    replaces the implied state of that place. A baseline place must be a place of the events
    (by name or place id) or of the gazetteer, else :class:`FrontlineError` names the file and
    line.
Conflicting reports on one day
    Reports of the same place on the same day that give different sides: the report published
    later wins (``published``, then the article's own order); if the latest reports were
    published at the same time and disagree, the place is ``contested`` that day.
Dates
    The data covers the first state (earliest baseline ``as_of`` or event date) to the last
    event date, inclusive. ``control_at`` outside that range raises :class:`FrontlineError`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from frontline._io import cell_text, read_utf8
from frontline.errors import BadInputError, FrontlineError, UnknownPlaceError
from frontline.ingest.dates import iso_date
from frontline.reference.gazetteer import resolve_name
from frontline.reference.normalize import fold
from frontline.reference.sides import Sides

CONTROL_KINDS = ("control_change", "historical", "siege", "entered")
STATUSES = ("held", "besieged", "contested", "unknown")
CONTROL_COLUMNS = [
    "place_id",
    "place",
    "side",
    "status",
    "besieger",
    "since",
    "implied",
    "event_id",
    "sources",
    "lat",
    "lon",
    "geometry",
]
TIMELINE_COLUMNS = [
    "place_id",
    "place",
    "valid_from",
    "valid_to",
    "side",
    "status",
    "besieger",
    "implied",
    "event_id",
    "sources",
]
BASELINE_COLUMNS = ("place", "side", "as_of", "source")


@dataclass(frozen=True)
class State:
    """One interval of a place's control: ``[valid_from, valid_to)`` (``valid_to`` "" = open)."""

    valid_from: str
    valid_to: str
    side: str
    status: str
    besieger: str
    implied: bool
    event_id: str
    sources: str


@dataclass(frozen=True)
class _Report:
    date: str
    published: str
    order: int
    kind: str
    side: str
    from_side: str
    event_id: str
    source: str


@dataclass
class _PlaceInfo:
    place_id: str
    place: str
    lat: float
    lon: float


def _effective_date(date: str, precision: str, kind: str) -> str:
    if kind == "historical" or precision in {"year", "month"}:
        if precision == "year":
            return date[:4] + "-01-01"
        if precision == "month":
            return date[:7] + "-01"
    return date


class ControlTimeline:
    """Per-place control states derived from dated events (see the module docstring for rules).

    Parameters
    ----------
    events : GeoDataFrame
        Event table (``docs/ARCHITECTURE.md``). Rows of kinds other than ``control_change``,
        ``historical``, ``siege`` and ``entered`` are ignored; an optional ``from_side`` column
        names the side that lost the place.
    baseline : path or DataFrame, optional
        Baseline states (``place,side,as_of,source``), a file path or the output of
        :func:`read_baseline`.
    sides : Sides, optional
        Sides table used to check side keys (default: the shipped ``data/sides.csv``).
    gazetteer : Gazetteer, optional
        Resolves baseline places that no event mentions.

    Raises
    ------
    FrontlineError
        If there are no control events and no baseline, or a baseline row is bad.
    """

    def __init__(
        self,
        events: gpd.GeoDataFrame | pd.DataFrame,
        baseline: str | os.PathLike[str] | pd.DataFrame | None = None,
        sides: Sides | None = None,
        gazetteer: Any = None,
    ) -> None:
        self.sides = sides if sides is not None else Sides.load()
        self.events = events
        self._places: dict[str, _PlaceInfo] = {}
        reports: dict[str, list[_Report]] = {}
        ev = pd.DataFrame(columns=["kind"]) if events is None or len(events) == 0 else events
        if "kind" not in ev.columns:
            raise BadInputError("the event table has no 'kind' column")
        control = ev[ev["kind"].isin(CONTROL_KINDS)] if len(ev) else ev
        has_from = "from_side" in control.columns
        for order, row in enumerate(control.itertuples(index=False)):
            r = row._asdict()
            date = cell_text(r.get("date"))
            side = cell_text(r.get("side"))
            if not date or not side:
                continue  # a control event without date or side says nothing about control
            key = self._place_key(r)
            if key is None:
                continue
            date = _effective_date(
                iso_date(date, "event date"), cell_text(r.get("date_precision")), r["kind"]
            )
            published = cell_text(r.get("published")) or date
            source = cell_text(r.get("sources")) or " ".join(
                s for s in (cell_text(r.get("source")), cell_text(r.get("url"))) if s
            )
            reports.setdefault(key, []).append(
                _Report(
                    date=date,
                    published=published,
                    order=order,
                    kind=r["kind"],
                    side=side,
                    from_side=cell_text(r.get("from_side")) if has_from else "",
                    event_id=cell_text(r.get("event_id")),
                    source=source,
                )
            )
        base = self._load_baseline(baseline, gazetteer)
        if not reports and base.empty:
            raise BadInputError(
                "no control events (control_change, historical, siege or entered with a place "
                "and a side)"
            )
        self._opponents_global = self._opponent_counts(reports.values())
        starts = [r.date for rs in reports.values() for r in rs] + list(base["as_of"])
        self.start: str = min(starts)
        """First date of the data (ISO)."""
        self.end: str = max([r.date for rs in reports.values() for r in rs] + [self.start])
        """Last date of the data (ISO, inclusive)."""
        self._states: dict[str, list[State]] = {}
        base_by_key = {row.key: row for row in base.itertuples(index=False)}
        for key in list(self._places):
            self._states[key] = self._build_states(
                reports.get(key, []), base_by_key.get(key), reports
            )
        self._intervals = self._intervals_frame()

    # -- construction -------------------------------------------------------------------------

    def _place_key(self, r: dict[str, Any]) -> str | None:
        place_id = cell_text(r.get("place_id"))
        place = cell_text(r.get("place"))
        if not place_id and not place:
            return None
        key = place_id or "name:" + fold(place)
        if key not in self._places:
            lat, lon = r.get("lat"), r.get("lon")
            try:
                latf, lonf = float(lat), float(lon)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                latf = lonf = float("nan")
            self._places[key] = _PlaceInfo(place_id, place, latf, lonf)
        else:
            info = self._places[key]
            if np.isnan(info.lat) and r.get("lat") is not None:
                with contextlib.suppress(TypeError, ValueError):
                    info.lat, info.lon = float(r["lat"]), float(r["lon"])
        return key

    def _load_baseline(self, baseline: Any, gazetteer: Any) -> pd.DataFrame:
        cols = ["key", "place", "side", "as_of", "source"]
        if baseline is None:
            return pd.DataFrame(columns=cols)
        if isinstance(baseline, pd.DataFrame):
            frame, path = baseline, None
        else:
            path = Path(baseline)
            frame = read_baseline(path, gazetteer, sides=self.sides, known=self._name_index())
        rows = []
        for i, r in enumerate(frame.to_dict("records"), start=2):
            key = self._resolve_baseline_place(r, gazetteer)
            if key is None:
                raise BadInputError(
                    f"baseline place {r.get('place')!r} is neither in the events nor in the "
                    "gazetteer",
                    path,
                    i if path else None,
                )
            rows.append(
                {
                    "key": key,
                    "place": cell_text(r.get("place")),
                    "side": cell_text(r.get("side")),
                    "as_of": iso_date(cell_text(r.get("as_of")), "as_of"),
                    "source": cell_text(r.get("source")),
                }
            )
        return pd.DataFrame(rows, columns=cols)

    def _name_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for key, info in self._places.items():
            if info.place:
                index.setdefault(fold(info.place), key)
            if info.place_id:
                index.setdefault(info.place_id, key)
        return index

    def _resolve_baseline_place(self, r: dict[Any, Any], gazetteer: Any) -> str | None:
        place_id = cell_text(r.get("place_id"))
        if place_id and place_id in self._places:
            return place_id
        index = self._name_index()
        name = cell_text(r.get("place"))
        if name in index:
            return index[name]
        if fold(name) in index:
            return index[fold(name)]
        lat, lon = r.get("lat"), r.get("lon")
        if place_id or (lat is not None and cell_text(lat)):
            key = place_id or "name:" + fold(name)
            self._places.setdefault(
                key, _PlaceInfo(place_id, name, float(lat or "nan"), float(lon or "nan"))
            )
            return key
        match = resolve_name(gazetteer, name)
        if match is None:
            return None
        key = match.place_id or "name:" + fold(match.name)
        self._places.setdefault(
            key, _PlaceInfo(match.place_id, match.name or name, match.lat, match.lon)
        )
        return key

    @staticmethod
    def _opponent_counts(groups: Iterable[list[_Report]]) -> dict[str, Counter[str]]:
        # For each side, how often each other side appears as the explicit loser (from_side)
        # or as another gainer at the same place: the basis of the implied prior holder.
        counts: dict[str, Counter[str]] = {}
        for reps in groups:
            gainers = {r.side for r in reps}
            for r in reps:
                c = counts.setdefault(r.side, Counter())
                if r.from_side and r.from_side != r.side:
                    c[r.from_side] += 1
                for other in gainers - {r.side}:
                    c[other] += 1
        return counts

    def _implied_holder(self, first: _Report, reps: list[_Report]) -> str:
        if first.from_side and first.from_side != first.side:
            return first.from_side
        local = Counter(r.side for r in reps if r.side != first.side)
        local.update(r.from_side for r in reps if r.from_side and r.from_side != first.side)
        if local:
            return _most_common(local)
        glob = self._opponents_global.get(first.side, Counter())
        glob = Counter({k: v for k, v in glob.items() if k != first.side})
        if glob:
            return _most_common(glob)
        return ""

    def _build_states(
        self,
        reps: list[_Report],
        base: Any,
        all_reports: dict[str, list[_Report]],
    ) -> list[State]:
        reps = sorted(reps, key=lambda r: (r.date, r.published, r.order))
        states: list[State] = []
        # current: (side, status, besieger, implied, event_id, sources, since)
        cur: tuple[str, str, str, bool, str, str] | None = None
        since = self.start

        def push(date: str, new: tuple[str, str, str, bool, str, str]) -> None:
            nonlocal cur, since
            if cur is not None and new[:3] == cur[:3]:
                return  # a report confirming the current state does not start a new interval
            if cur is not None and date > since:
                states.append(State(since, date, cur[0], cur[1], cur[2], cur[3], cur[4], cur[5]))
            # a change on the day the current state began replaces it (no empty interval)
            cur, since = new, date

        if base is not None:
            if base.as_of > self.start:
                first = reps[0] if reps else None
                holder = self._implied_holder(first, reps) if first else ""
                push(self.start, (holder, "held" if holder else "unknown", "", True, "", ""))
            push(base.as_of, (base.side, "held", "", False, "", base.source))
        elif reps:
            first = reps[0]
            holder = self._implied_holder(first, reps)
            push(self.start, (holder, "held" if holder else "unknown", "", True, "", ""))

        by_day: dict[str, list[_Report]] = {}
        for r in reps:
            by_day.setdefault(r.date, []).append(r)
        for day, day_reps in by_day.items():
            if base is not None and day < base.as_of:
                continue  # the baseline is the state at as_of; earlier events are history
            gains = [r for r in day_reps if r.kind in ("control_change", "historical")]
            sieges = [r for r in day_reps if r.kind == "siege"]
            entries = [r for r in day_reps if r.kind == "entered"]
            if entries and not gains and cur is not None:
                # Forces inside without a claim of control: contested until a capture is
                # reported, unless every entering side already holds the place.
                holder = cur[0] if cur[1] in ("held", "besieged") else ""
                entering = [r for r in entries if r.side != holder]
                if entering:
                    push(day, ("", "contested", "", False, entering[0].event_id, _join(entering)))
                    continue
            if gains:
                latest = max(r.published for r in gains)
                winners = [r for r in gains if r.published == latest]
                sides = {r.side for r in winners}
                if len(sides) > 1:
                    srcs = _join(r.source for r in winners)
                    push(day, ("", "contested", "", False, winners[-1].event_id, srcs))
                    continue
                side = winners[-1].side
                support = [r for r in gains if r.side == side]
                push(day, (side, "held", "", False, support[0].event_id, _join(support)))
            if sieges and cur is not None:
                holder = cur[0] if cur[1] in ("held", "besieged") else ""
                latest_siege = max(sieges, key=lambda r: (r.published, r.order))
                besieger = latest_siege.side
                if holder == besieger:
                    continue  # the besieger already holds it (captured the same day)
                if not holder:
                    holder = self._implied_holder(latest_siege, reps)
                support = [r for r in sieges if r.side == besieger]
                push(
                    day,
                    (holder, "besieged", besieger, False, support[0].event_id, _join(support)),
                )
        if cur is not None:
            states.append(State(since, "", cur[0], cur[1], cur[2], cur[3], cur[4], cur[5]))
        return states

    def _intervals_frame(self) -> gpd.GeoDataFrame:
        rows = []
        for key, states in self._states.items():
            info = self._places[key]
            for s in states:
                rows.append(
                    {
                        "key": key,
                        "place_id": info.place_id,
                        "place": info.place,
                        "valid_from": s.valid_from,
                        "valid_to": s.valid_to,
                        "side": s.side,
                        "status": s.status,
                        "besieger": s.besieger,
                        "implied": s.implied,
                        "event_id": s.event_id,
                        "sources": s.sources,
                        "lat": info.lat,
                        "lon": info.lon,
                    }
                )
        frame = pd.DataFrame(rows, columns=["key", *TIMELINE_COLUMNS, "lat", "lon"])
        frame["implied"] = frame["implied"].astype(bool)
        geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
        return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")

    # -- queries ------------------------------------------------------------------------------

    def check_date(self, date: str | dt.date) -> str:
        """Return ``date`` as ISO, or raise :class:`FrontlineError` if outside the data."""
        d = iso_date(date)
        if d < self.start or d > self.end:
            raise BadInputError(f"date {d} is outside the data ({self.start} to {self.end})")
        return d

    def change_dates(self) -> list[str]:
        """Dates (ISO, sorted) on which any place's state changed, starting with :attr:`start`.

        Returns
        -------
        list of str
        """
        return sorted(set(self._intervals["valid_from"]) | {self.start})

    def control_at(self, date: str | dt.date) -> gpd.GeoDataFrame:
        """The state of every place on ``date``.

        Returns
        -------
        GeoDataFrame
            ``place_id, place, side, status, besieger, since, implied, event_id, sources, lat,
            lon, geometry`` (points, WGS84); ``since`` is the ISO date the state began.

        Raises
        ------
        FrontlineError
            If ``date`` is outside the data.
        """
        d = self.check_date(date)
        return self._control_at(d)

    def _control_at(self, d: str) -> gpd.GeoDataFrame:
        iv = self._intervals
        vf = iv["valid_from"].to_numpy()
        vt = iv["valid_to"].to_numpy()
        mask = (vf <= d) & ((vt == "") | (vt > d))
        out = iv.loc[mask].rename(columns={"valid_from": "since"})
        out = out[CONTROL_COLUMNS].reset_index(drop=True)
        return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")

    def known_at(self, date: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Lon, lat and label of places with a known state on ``date`` (ISO, unchecked).

        The fast path of :func:`frontline.geometry.known_points` for many dates: plain arrays,
        no table is built. Labels are the holder, or ``"contested"``.
        """
        arr = self._arrays
        mask = (arr["vf"] <= date) & ((arr["vt"] == "") | (arr["vt"] > date)) & arr["known"]
        return arr["lon"][mask], arr["lat"][mask], arr["label"][mask]

    @property
    def _arrays(self) -> dict[str, np.ndarray]:
        cached = getattr(self, "_arrays_cache", None)
        if cached is None:
            iv = self._intervals
            status = iv["status"].to_numpy(dtype=object)
            side = iv["side"].to_numpy(dtype=object)
            lon = iv["lon"].to_numpy(dtype=float)
            lat = iv["lat"].to_numpy(dtype=float)
            held = ((status == "held") | (status == "besieged")) & (side != "")
            cached = {
                "vf": iv["valid_from"].to_numpy(dtype=object),
                "vt": iv["valid_to"].to_numpy(dtype=object),
                "lon": lon,
                "lat": lat,
                "label": np.where(status == "contested", "contested", side).astype(object),
                "known": (held | (status == "contested")) & np.isfinite(lon) & np.isfinite(lat),
            }
            self._arrays_cache = cached
        return cached

    def intervals(self) -> gpd.GeoDataFrame:
        """All states of all places as intervals.

        Returns
        -------
        GeoDataFrame
            ``place_id, place, valid_from, valid_to, side, status, besieger, implied,
            event_id, sources, lat, lon, geometry``; ``valid_to`` is exclusive, "" when open.
        """
        cols = [*TIMELINE_COLUMNS, "lat", "lon", "geometry"]
        return gpd.GeoDataFrame(self._intervals[cols].copy(), geometry="geometry", crs="EPSG:4326")

    def place_key(self, place: str) -> str:
        """The internal key of ``place`` (a place id or name).

        Raises
        ------
        FrontlineError
            If no event or baseline mentions the place.
        """
        if place in self._places:
            return place
        for key, info in self._places.items():
            if info.place_id == place:
                return key
        folded = fold(place)
        for key, info in self._places.items():
            if fold(info.place) == folded:
                return key
        raise BadInputError(f"no control events for place {place!r}")

    def place_point(self, place: str) -> tuple[float, float]:
        """(lon, lat) of a place of the timeline (WGS84)."""
        info = self._places[self.place_key(place)]
        return info.lon, info.lat

    def timeline(self, place: str) -> pd.DataFrame:
        """The successive states of one place.

        Parameters
        ----------
        place : str
            A place id or name (transliteration-insensitive).

        Returns
        -------
        DataFrame
            ``place_id, place, valid_from, valid_to, side, status, besieger, implied, event_id,
            sources`` (ISO dates, ``valid_to`` exclusive, "" when open).
        """
        key = self.place_key(place)
        iv = self._intervals
        return iv.loc[iv["key"] == key, TIMELINE_COLUMNS].reset_index(drop=True)

    def __len__(self) -> int:
        return len(self._places)


def _most_common(counter: Counter[str]) -> str:
    # Ties break alphabetically so the result does not depend on row order.
    best = max(counter.values())
    return sorted(k for k, v in counter.items() if v == best)[0]


def _join(items: Iterable[Any]) -> str:
    seen: list[str] = []
    for it in items:
        s = it.source if isinstance(it, _Report) else str(it)
        if s and s not in seen:
            seen.append(s)
    return " | ".join(seen)


def read_baseline(
    path: str | os.PathLike[str],
    gazetteer: Any = None,
    *,
    sides: Sides | None = None,
    known: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Read a baseline CSV ``place,side,as_of,source`` (one state per place at ``as_of``).

    Parameters
    ----------
    path : path
        The CSV file.
    gazetteer : Gazetteer, optional
        Places are looked up here (and in ``known``); with neither, any name is accepted and
        checked later against the events by :class:`ControlTimeline`.
    sides : Sides, optional
        Side keys are checked against it (default: the shipped table).
    known : dict, optional
        Folded place names or ids already known (from events) -> key.

    Returns
    -------
    DataFrame
        ``place, side, as_of, source`` plus ``place_id, lat, lon`` when the gazetteer
        resolved the place (as_of ISO).

    Raises
    ------
    FrontlineError
        With the file and line, for a missing column, bad side, bad date or unknown place.
    """
    src = Path(path)
    sides = sides if sides is not None else Sides.load()
    read_utf8(src, "baseline")  # harden: latin-1 was a UnicodeDecodeError traceback
    try:
        with open(src, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in BASELINE_COLUMNS if c not in header]
            if missing:
                raise BadInputError(
                    f"baseline needs columns {', '.join(BASELINE_COLUMNS)}; missing "
                    f"{', '.join(missing)}",
                    src,
                    1,
                )
            rows = []
            for lineno, row in enumerate(reader, start=2):
                place = (row.get("place") or "").strip()
                side = (row.get("side") or "").strip()
                if not place:
                    raise BadInputError("empty 'place'", src, lineno)
                if side not in sides:
                    normal = sides.normalise(side) if side else None
                    if normal is None:
                        raise BadInputError(
                            f"unknown side {side!r}; known sides: {', '.join(sides.keys)}",
                            src,
                            lineno,
                        )
                    side = normal
                try:
                    as_of = iso_date(row.get("as_of") or "", "as_of")
                except FrontlineError as exc:
                    raise BadInputError(exc.message, src, lineno) from None
                rec: dict[str, Any] = {
                    "place": place,
                    "side": side,
                    "as_of": as_of,
                    "source": (row.get("source") or "").strip(),
                    "place_id": "",
                    "lat": None,
                    "lon": None,
                }
                in_known = known is not None and (place in known or fold(place) in known)
                if not in_known and gazetteer is not None:
                    match = resolve_name(gazetteer, place)
                    if match is None:
                        raise UnknownPlaceError(f"unknown place {place!r}", src, lineno)
                    rec["place_id"], rec["lat"], rec["lon"] = match.place_id, match.lat, match.lon
                elif not in_known and known is not None:
                    raise BadInputError(
                        f"unknown place {place!r} (not in the events; pass a gazetteer)",
                        src,
                        lineno,
                    )
                rows.append(rec)
    except OSError as exc:
        raise BadInputError(f"cannot read baseline: {exc.strerror}", src) from None
    return pd.DataFrame(
        rows, columns=["place", "side", "as_of", "source", "place_id", "lat", "lon"]
    )
