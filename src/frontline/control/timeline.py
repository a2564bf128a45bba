"""Control timeline: who held each place, from when to when, on whose word and how surely.

Rules (also in docs/control-model.md)
-------------------------------------
States
    ``held`` by a side; ``besieged`` (``side`` is the holder, ``besieger`` the besieging
    side); ``contested``; ``unknown``. Every state has a ``basis`` (``reported``, ``implied``,
    ``inferred`` or ``baseline``) and a ``confidence`` (0-1).
Which events change control
    ``control_change`` (``side`` gains the place on ``date``), ``historical`` (``side`` holds
    the place from the start of the event's period: 1 January for precision ``year``, the 1st
    for ``month``, the date itself otherwise) and ``siege`` (the place becomes ``besieged`` by
    ``side``; the holder is unchanged; a later capture ends the siege). ``entered``
    (``side``'s forces entered the place without a claim of control) makes the place
    ``contested`` from ``date`` until the next ``control_change``/``historical`` event; it
    changes nothing when ``side`` already holds the place, and a capture reported the same day
    wins over it. ``advance``, ``proximity`` and ``corridor`` never change control.
Reported states
    From an event at the place: basis ``reported``, confidence 1. They persist after the last
    event ("as of the last report").
Before a place's first control event (bounded inference)
    The place was held by the side that lost it: the event's ``from_side`` when given; else
    the side most often opposed to the gaining side at that place, else in the whole table
    (a guess). With ``from_side``, the state is ``implied`` (confidence 1) back to the place's
    previous event of another kind (``advance``, ``proximity``...); before that, or for a
    guess, it is ``inferred``, with a confidence that halves every ``horizon_days / 2`` days
    before the evidence (from 0.9 for ``from_side``, 0.6 for a guess), in four constant steps.
    More than ``horizon_days`` (default :data:`DEFAULT_HORIZON_DAYS`) before the evidence the
    place is ``unknown``: nothing is implied back to the start of the data. A ``historical``
    first event implies nothing before it.
Lone implied states
    On a date, an ``implied``/``inferred`` state is not drawn as held (status ``unknown``,
    confidence 0) when every place within ``neighbour_km`` (default
    :data:`DEFAULT_NEIGHBOUR_KM`) that is held on that date is held by another side.
Baseline
    A per-place CSV ``place,side,as_of,source`` or polygons (``side,valid_from,source``; see
    :mod:`frontline.control.baseline`) set a state with basis ``baseline`` and the baseline's
    source at ``as_of``; events at the place override it from their date.
Conflicting reports on one day
    Reports of the same place on the same day that give different sides: the report published
    later wins (``published``, then the article's own order); if the latest reports were
    published at the same time and disagree, the place is ``contested`` that day.
Dates
    The data starts at the first event that is not ``historical`` (or the earliest baseline);
    every date from then on is valid (after the last event, states persist); ``"latest"``
    means the last event's date. Earlier dates raise :class:`~frontline.errors.BadInputError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline._io import cell_text
from frontline.control._dates import warn_past_end
from frontline.control._states import (
    BASES,
    CONTROL_COLUMNS,
    TIMELINE_COLUMNS,
    PlaceInfo,
    Region,
    Report,
    State,
    build_states,
    effective_date,
    opponent_counts,
    previous_dates,
    source_of,
)
from frontline.control.baseline import (
    id_point,
    is_polygon_file,
    places_in_polygons,
    read_baseline,
    read_baseline_polygons,
)
from frontline.control.enclosure import enclose_baseline_states
from frontline.errors import BadInputError
from frontline.ingest.dates import iso_date
from frontline.reference.gazetteer import resolve_name
from frontline.reference.normalize import fold
from frontline.reference.sides import Sides

__all__ = [
    "BASES",
    "CONTROL_COLUMNS",
    "CONTROL_KINDS",
    "DEFAULT_HORIZON_DAYS",
    "DEFAULT_NEIGHBOUR_KM",
    "TIMELINE_COLUMNS",
    "ControlTimeline",
    "read_baseline",
]

CONTROL_KINDS = ("control_change", "historical", "siege", "entered")
#: Inferred states reach at most this many days before their evidence.
DEFAULT_HORIZON_DAYS = 60
#: Radius (km) of the neighbours that can overrule a lone implied state.
DEFAULT_NEIGHBOUR_KM = 15.0
_KM_PER_DEG = 111.32


class ControlTimeline:
    """Per-place control states derived from dated events (see the module docstring for rules).

    Parameters
    ----------
    events : GeoDataFrame
        Event table (``docs/ARCHITECTURE.md``). Rows of kinds other than ``control_change``,
        ``historical``, ``siege`` and ``entered`` only bound implied states; an optional
        ``from_side`` column names the side that lost the place.
    baseline : path or DataFrame, optional
        Baseline states: a CSV ``place,side,as_of,source`` (or :func:`read_baseline` output),
        or polygons ``side,valid_from,source`` (a GeoJSON/GeoPackage path or GeoDataFrame).
    sides : Sides, optional
        Sides table used to check side keys (default: the shipped ``data/sides.csv``).
    gazetteer : Gazetteer, optional
        Resolves baseline places that no event mentions.
    horizon_days : int
        Implied/inferred states reach at most this many days before their evidence.
    neighbour_km : float
        Radius (km) of the neighbours that can overrule a lone implied state.

    Raises
    ------
    BadInputError
        If there are no control events and no baseline, or a baseline row is bad.
    """

    def __init__(
        self,
        events: gpd.GeoDataFrame | pd.DataFrame,
        baseline: str | os.PathLike[str] | pd.DataFrame | None = None,
        sides: Sides | None = None,
        gazetteer: Any = None,
        *,
        horizon_days: int = DEFAULT_HORIZON_DAYS,
        neighbour_km: float = DEFAULT_NEIGHBOUR_KM,
    ) -> None:
        if not horizon_days >= 0:
            raise BadInputError(f"horizon_days must be >= 0, not {horizon_days!r}")
        self.sides = sides if sides is not None else Sides.load()
        self.events = events
        self.horizon_days = int(horizon_days)
        self.neighbour_km = float(neighbour_km)
        self._places: dict[str, PlaceInfo] = {}
        self.regions: list[Region] = []
        """Region-level ``held`` assertions (kind ``held``), for the spatial layer."""
        names = getattr(gazetteer, "admin1_names", None) or []
        self._admin1_keys = {fold(n) for n in names}
        reports, others = self._read_events(events)
        base = self._load_baseline(baseline, gazetteer)
        if not reports and base.empty:
            raise BadInputError(
                "no control events (control_change, historical, siege or entered with a place "
                "and a side)"
            )
        dated = [r.date for rs in reports.values() for r in rs if r.kind != "historical"]
        every = [r.date for rs in reports.values() for r in rs]
        starts = dated + list(base["as_of"])
        self.start: str = min(starts or every)
        """First valid date (ISO): the first non-``historical`` event or baseline."""
        self.end: str = max([*every, self.start])
        """Date of the last event (ISO); later dates show the states as of then."""
        opponents = opponent_counts(reports.values(), self.sides.keys)
        base_by_key = {
            str(row.key): (str(row.side), str(row.as_of), str(row.source))
            for row in base.itertuples(index=False)
        }
        self._states: dict[str, list[State]] = {}
        for key in list(self._places):
            reps = reports.get(key, [])
            prev = previous_dates(reps, others.get(key, []))
            self._states[key] = build_states(
                reps,
                base_by_key.get(key),
                opponents=opponents,
                horizon_days=self.horizon_days,
                previous_event=prev,
            )
        if not base.empty:  # baseline states overtaken by their neighbours (enclosure.py)
            points = {k: (p.lat, p.lon) for k, p in self._places.items()}
            own = {k: [r.date for r in rs] for k, rs in reports.items()}
            self._states = enclose_baseline_states(self._states, points, self.neighbour_km, own)
        self._intervals = self._intervals_frame()
        self._pairs = self._neighbour_pairs()

    # -- construction -------------------------------------------------------------------------

    def _read_events(
        self, events: gpd.GeoDataFrame | pd.DataFrame | None
    ) -> tuple[dict[str, list[Report]], dict[str, list[str]]]:
        reports: dict[str, list[Report]] = {}
        others: dict[str, list[str]] = {}
        ev = pd.DataFrame(columns=["kind"]) if events is None or len(events) == 0 else events
        if "kind" not in ev.columns:
            raise BadInputError("the event table has no 'kind' column")
        has_from = "from_side" in ev.columns
        for order, row in enumerate(ev.itertuples(index=False)):
            r = row._asdict()
            date, side, kind = cell_text(r.get("date")), cell_text(r.get("side")), r["kind"]
            if not date or (kind in (*CONTROL_KINDS, "held") and not side):
                continue  # a control event without date or side says nothing about control
            if kind == "held":
                day = iso_date(date, "event date")
                place = cell_text(r.get("place"))
                # Every assertion goes to the spatial layer, which paints those naming an
                # admin-1 division ("rebel-held Idlib province"); one naming a town ("the
                # rebel-held town of X") is also that town's state from its date.
                self.regions.append(Region(place, side, day, source_of(r)))
                held_key = self._town_key(r, place)
                if held_key is not None:
                    reports.setdefault(held_key, []).append(
                        Report(day, cell_text(r.get("published")) or day, order, kind, side,
                               "", cell_text(r.get("event_id")), source_of(r))
                    )  # fmt: skip
                continue
            key = self._place_key(r, create=kind in CONTROL_KINDS)
            if key is None:
                continue
            date = iso_date(date, "event date")
            if kind not in CONTROL_KINDS:
                others.setdefault(key, []).append(date)
                continue
            date = effective_date(date, cell_text(r.get("date_precision")), kind)
            reports.setdefault(key, []).append(
                Report(
                    date=date,
                    published=cell_text(r.get("published")) or date,
                    order=order,
                    kind=kind,
                    side=side,
                    from_side=cell_text(r.get("from_side")) if has_from else "",
                    event_id=cell_text(r.get("event_id")),
                    source=source_of(r),
                )
            )
        return reports, others

    def _town_key(self, r: dict[str, Any], place: str) -> str | None:
        """The place key of a ``held`` assertion naming a town, or None (a region, or no
        gazetteer to tell an admin-1 name from a town)."""
        if not self._admin1_keys or fold(place) in self._admin1_keys:
            return None
        return self._place_key(r, create=True)

    def _place_key(self, r: dict[str, Any], create: bool = True) -> str | None:
        place_id = cell_text(r.get("place_id"))
        place = cell_text(r.get("place"))
        if not place_id and not place:
            return None
        key = place_id or "name:" + fold(place)
        if key not in self._places:
            if not create:
                return key
            lat, lon = r.get("lat"), r.get("lon")
            try:
                latf, lonf = float(lat), float(lon)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                latf = lonf = float("nan")
            self._places[key] = PlaceInfo(place_id, place, latf, lonf)
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
        is_poly = isinstance(baseline, gpd.GeoDataFrame) and "valid_from" in baseline.columns
        if is_poly or (not isinstance(baseline, pd.DataFrame) and is_polygon_file(baseline)):
            return self._polygon_baseline(read_baseline_polygons(baseline, sides=self.sides))
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

    def _polygon_baseline(self, polys: gpd.GeoDataFrame) -> pd.DataFrame:
        located = {
            k: (i.place, i.lon, i.lat)
            for k, i in self._places.items()
            if np.isfinite(i.lat) and np.isfinite(i.lon)
        }
        return places_in_polygons(located, polys)

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
        name = cell_text(r.get("place"))
        if place_id:  # an id names one place: never matched by (folded) name (namesakes)
            if place_id not in self._places:
                lat, lon, name = id_point(gazetteer, place_id, r.get("lat"), r.get("lon"), name)
                self._places[place_id] = PlaceInfo(place_id, name, lat, lon)
            return place_id
        index = self._name_index()
        if name in index:
            return index[name]
        if fold(name) in index:
            return index[fold(name)]
        if cell_text(r.get("lat")):
            key = "name:" + fold(name)
            point = float(cell_text(r.get("lat"))), float(cell_text(r.get("lon")) or "nan")
            self._places.setdefault(key, PlaceInfo("", name, *point))
            return key
        match = resolve_name(gazetteer, name)
        if match is None:
            return None
        key = match.place_id or "name:" + fold(match.name)
        self._places.setdefault(
            key, PlaceInfo(match.place_id, match.name or name, match.lat, match.lon)
        )
        return key

    def _intervals_frame(self) -> gpd.GeoDataFrame:
        rows = []
        for key, states in self._states.items():
            info = self._places[key]
            if not states or states[0].valid_from > self.start:
                # unknown until the first (possibly inferred) state
                until = states[0].valid_from if states else ""
                states = [State(self.start, until, "", "unknown", "", "", 0.0, "", ""), *states]
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
                        "basis": s.basis,
                        "confidence": s.confidence,
                        "event_id": s.event_id,
                        "sources": s.sources,
                        "lat": info.lat,
                        "lon": info.lon,
                    }
                )
        frame = pd.DataFrame(rows, columns=["key", *TIMELINE_COLUMNS, "lat", "lon"])
        frame["implied"] = frame["implied"].astype(bool)
        frame["confidence"] = frame["confidence"].astype(float)
        frame["_pidx"] = pd.factorize(frame["key"])[0]
        geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs="EPSG:4326")
        return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")

    def _neighbour_pairs(self) -> np.ndarray:
        """(m, 2) place-index pairs (both directions) closer than ``neighbour_km``."""
        iv = self._intervals
        first = iv.drop_duplicates("_pidx")
        lon = first["lon"].to_numpy(float)
        lat = first["lat"].to_numpy(float)
        ok = np.isfinite(lon) & np.isfinite(lat)
        if ok.sum() < 2 or not self.neighbour_km > 0:
            return np.zeros((0, 2), dtype=int)
        # A local equirectangular plane is accurate to < 1 % over a neighbour radius of tens
        # of km, and needs no projection here (the control layer knows no CRS).
        coslat = np.cos(np.radians(np.nanmean(lat[ok])))
        x, y = lon[ok] * _KM_PER_DEG * coslat, lat[ok] * _KM_PER_DEG
        pts = shapely.points(x, y)
        tree = shapely.STRtree(pts)
        a, b = tree.query(pts, predicate="dwithin", distance=self.neighbour_km)
        keep = a != b
        idx = first["_pidx"].to_numpy()[ok]
        return np.column_stack([idx[a[keep]], idx[b[keep]]])

    # -- queries ------------------------------------------------------------------------------

    def check_date(self, date: str | dt.date) -> str:
        """``date`` as ISO (``"latest"``: the last event's date).

        Raises
        ------
        BadInputError
            If ``date`` is before the first date of the data. A date after :attr:`end` warns
        (:class:`FrontlineWarning`, once per timeline) and shows the state on :attr:`end`.
        """
        if isinstance(date, str) and date.strip().lower() == "latest":
            return self.end
        d = iso_date(date)
        if d < self.start:
            raise BadInputError(f"date {d} is outside the data (which starts on {self.start})")
        return warn_past_end(self, d)

    def change_dates(self) -> list[str]:
        """Dates (ISO, sorted) on which any place's state changed, from :attr:`start` on.

        Returns
        -------
        list of str
        """
        vf = set(self._intervals["valid_from"])
        return sorted({d for d in vf if d > self.start} | {self.start})

    def _active(self, d: str) -> np.ndarray:
        arr = self._arrays
        active = (arr["vf"] <= d) & ((arr["vt"] == "") | (arr["vt"] > d))
        return active & ~self._overruled(active)

    def _overruled(self, active: np.ndarray) -> np.ndarray:
        """Active implied/inferred held rows that every held neighbour contradicts."""
        arr = self._arrays
        out = np.zeros(len(active), dtype=bool)
        cand = active & arr["implied"] & arr["held"]
        if not cand.any() or len(self._pairs) == 0:
            return out
        n = int(arr["pidx"].max()) + 1
        side = np.full(n, -1)
        held_rows = active & arr["held"]
        side[arr["pidx"][held_rows]] = arr["side_code"][held_rows]
        row_of = np.full(n, -1)
        row_of[arr["pidx"][cand]] = np.flatnonzero(cand)
        a, b = self._pairs[:, 0], self._pairs[:, 1]
        sel = (row_of[a] >= 0) & (side[b] >= 0)
        a, b = a[sel], b[sel]
        agree = np.bincount(a[side[a] == side[b]], minlength=n)
        disagree = np.bincount(a[side[a] != side[b]], minlength=n)
        lone = (disagree > 0) & (agree == 0)
        out[row_of[lone]] = True
        return out

    def regions_at(self, date: str) -> list[tuple[str, str]]:
        """(side, region name) of the ``held`` assertions within the horizon of ``date``."""
        d = dt.date.fromisoformat(date)
        span = dt.timedelta(days=self.horizon_days)
        return [
            (r.side, r.name) for r in self.regions if abs(dt.date.fromisoformat(r.date) - d) <= span
        ]

    def control_at(self, date: str | dt.date) -> gpd.GeoDataFrame:
        """The state of every place on ``date``.

        Returns
        -------
        GeoDataFrame
            ``place_id, place, side, status, besieger, since, implied, basis, confidence,
            event_id, sources, lat, lon, geometry`` (points, WGS84); ``since`` is the ISO date
            the state began. A lone implied state overruled by its neighbours is ``unknown``
            with confidence 0.

        Raises
        ------
        BadInputError
            If ``date`` is before the data.
        """
        d = self.check_date(date)
        arr = self._arrays
        active = (arr["vf"] <= d) & ((arr["vt"] == "") | (arr["vt"] > d))
        over = self._overruled(active)
        out = self._intervals.loc[active].rename(columns={"valid_from": "since"})
        gone = over[active]
        if gone.any():
            out = out.copy()
            out.loc[gone, ["side", "status"]] = ["", "unknown"]
            out.loc[gone, "confidence"] = 0.0
        out = out[CONTROL_COLUMNS].reset_index(drop=True)
        return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")

    def known_at(self, date: str) -> tuple[np.ndarray, ...]:
        """Lon, lat, label, confidence and besieger of places with a known state on ``date``.

        The fast path of :func:`frontline.spatial.areas.known_points` for many dates: plain
        arrays, no table is built. Labels are the holder, or ``"contested"``; confidence 0-1;
        besieger "" unless the place is besieged. ``date`` is ISO and not checked.
        """
        arr = self._arrays
        m = self._active(date) & arr["known"]
        return arr["lon"][m], arr["lat"][m], arr["label"][m], arr["conf"][m], arr["besieger"][m]

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
                "conf": iv["confidence"].to_numpy(dtype=float),
                "besieger": np.where(
                    status == "besieged", iv["besieger"].to_numpy(dtype=object), ""
                ).astype(object),
                "held": held,
                "implied": iv["implied"].to_numpy(dtype=bool),
                "pidx": iv["_pidx"].to_numpy(dtype=int),
                "side_code": pd.factorize(iv["side"])[0],
            }
            self._arrays_cache = cached
        return cached

    def intervals(self) -> gpd.GeoDataFrame:
        """All states of all places as intervals.

        Returns
        -------
        GeoDataFrame
            ``place_id, place, valid_from, valid_to, side, status, besieger, implied, basis,
            confidence, event_id, sources, lat, lon, geometry``; ``valid_to`` is exclusive, ""
            when open. Neighbour overruling (see :meth:`control_at`) is per date, not here.
        """
        cols = [*TIMELINE_COLUMNS, "lat", "lon", "geometry"]
        return gpd.GeoDataFrame(self._intervals[cols].copy(), geometry="geometry", crs="EPSG:4326")

    def place_key(self, place: str) -> str:
        """The internal key of ``place`` (a place id or name).

        Raises
        ------
        BadInputError
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
        """(lon, lat) of a place of the timeline (WGS84 degrees)."""
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
            ``place_id, place, valid_from, valid_to, side, status, besieger, implied, basis,
            confidence, event_id, sources`` (ISO dates, ``valid_to`` exclusive, "" when open).
        """
        key = self.place_key(place)
        iv = self._intervals
        return iv.loc[iv["key"] == key, TIMELINE_COLUMNS].reset_index(drop=True)

    def __len__(self) -> int:
        return len(self._places)
