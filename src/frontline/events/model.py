"""Event records and tables: extracted mentions, hand-coded events, ACLED, the curated layer.

Every table here has the columns :data:`EVENT_COLUMNS` (docs/ARCHITECTURE.md), one row per
mention or per hand-coded fact, as a GeoDataFrame of points (EPSG:4326; no geometry when
the place could not be located).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
from dateutil import parser as du_parser
from shapely import points

from frontline import config
from frontline._distance import km
from frontline._io import read_csv
from frontline._paths import data_path
from frontline._validate import (
    check_confidence,
    check_finite,
    check_iso_date,
    check_lat_lon,
    check_not_swapped,
)
from frontline.errors import BadInputError, FrontlineWarning, UnlocatedPlacesWarning
from frontline.ingest.dates import parse_iso_date
from frontline.reference.sides import Sides

if TYPE_CHECKING:
    from frontline.reference.gazetteer import Gazetteer

__all__ = [
    "finish_frame",
    "EVENT_COLUMNS",
    "KINDS",
    "KIND_ALIASES",
    "Event",
    "curated_events",
    "event_id",
    "events_to_frame",
    "read_acled",
    "read_events",
]

#: Event kinds (``frontline.config.Kind``; ``held`` is a state assertion, never a change).
KINDS = config.KINDS

#: Words used in hand-coded files for the kinds above.
KIND_ALIASES = {
    "captured": "control_change",
    "recaptured": "control_change",
    "retaken": "control_change",
    "entered": "entered",
    "taken": "control_change",
    "control": "control_change",
    "control change": "control_change",
    "besieged": "siege",
    "encircled": "siege",
    "besieged/encircled": "siege",
    "surrounded": "siege",
    "held by": "held",
}

#: Columns of every event table, in order.
EVENT_COLUMNS = [
    "event_id",
    "article",
    "published",
    "date",
    "date_precision",
    "kind",
    "place",
    "place_id",
    "lat",
    "lon",
    "side",
    "actor",
    "distance_km",
    "sentence",
    "char_start",
    "char_end",
    "confidence",
    "source",
    "url",
    "geometry",
]

_ACLED_TERRITORY = {
    "government regains territory",
    "non-state actor overtakes territory",
    "non-violent transfer of territory",
}
_ACLED = "event_date,sub_event_type,location,latitude,longitude"
# Kinds the control model uses only with a side (control.timeline.CONTROL_KINDS + held).
_NEEDS_SIDE = ("control_change", "historical", "siege", "entered", "held")
_ACLED_PRECISION = {"1": "day", "2": "week", "3": "month"}


@dataclass(frozen=True)
class Event:
    """One event mention (extracted) or one hand-coded event.

    Attributes follow :data:`EVENT_COLUMNS` (without ``geometry``, which is built from
    ``lat``/``lon``): dates ISO ``YYYY-MM-DD``, ``lat``/``lon`` WGS84 degrees (NaN when the
    place is unknown), ``distance_km`` in km (NaN unless ``kind == "proximity"``),
    ``char_start``/``char_end`` offsets of ``sentence`` in the article text (-1 if none),
    ``confidence`` in 0..1.
    """

    event_id: str
    article: str
    published: str
    date: str
    date_precision: str
    kind: str
    place: str
    place_id: str
    lat: float
    lon: float
    side: str
    actor: str
    distance_km: float
    sentence: str
    char_start: int
    char_end: int
    confidence: float
    source: str
    url: str


def event_id(article: str, place: str, kind: str, date: str, side: str) -> str:
    """Stable id of an event: sha1 of article, place id (or name), kind, date, side; 16 hex."""
    key = "\x1f".join((article, place, kind, date, side))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def events_to_frame(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """Build an event table from records.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`EVENT_COLUMNS`, crs EPSG:4326; geometry is a point at (lon, lat) or
        None for an unlocated place.
    """
    names = [f.name for f in fields(Event)]
    # attrgetter, not dataclasses.astuple: astuple deep-copies every field (10x slower).
    get = attrgetter(*names)
    rows = [get(e) for e in events]
    df = pd.DataFrame(rows, columns=names)
    return finish_frame(df)


def finish_frame(df: pd.DataFrame) -> gpd.GeoDataFrame:
    df = df.copy()
    for col in ("lat", "lon", "distance_km", "confidence"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    for col in ("char_start", "char_end"):
        df[col] = pd.to_numeric(df[col], errors="coerce").fillna(-1).astype("int64")
    for col in EVENT_COLUMNS:
        if col not in df.columns and col != "geometry":
            df[col] = ""
    text_cols = [
        c
        for c in EVENT_COLUMNS
        if c not in ("lat", "lon", "distance_km", "confidence", "char_start", "char_end",
                     "geometry")
    ]  # fmt: skip
    for col in text_cols:
        df[col] = df[col].fillna("").astype(str)
    lat = df["lat"].to_numpy(dtype=float)
    lon = df["lon"].to_numpy(dtype=float)
    ok = ~(np.isnan(lat) | np.isnan(lon))
    geom = np.full(len(df), None, dtype=object)
    if ok.any():
        geom[ok] = points(lon[ok], lat[ok])
    extra = [c for c in df.columns if c not in EVENT_COLUMNS]
    out = gpd.GeoDataFrame(
        df[[c for c in EVENT_COLUMNS if c != "geometry"] + extra],
        geometry=gpd.GeoSeries(geom, index=df.index, crs="EPSG:4326"),
        crs="EPSG:4326",
    )
    return out[EVENT_COLUMNS + extra]


def warn_unlocated(places: Iterable[str], where: str = "") -> None:
    """Emit one :class:`UnlocatedPlacesWarning` listing place names not in the gazetteer."""
    names = sorted(set(places))
    if names:
        warnings.warn(
            f"{len(names)} place(s) not in the gazetteer{where} (kept with empty lat/lon): "
            + ", ".join(names),
            UnlocatedPlacesWarning,
            stacklevel=3,
        )


# --- hand-coded events and ACLED -----------------------------------------------------------


def _kind(value: str, path: Path, line: int) -> str:
    key = value.strip().lower()
    if key in KINDS:
        return key
    if key in KIND_ALIASES:
        return KIND_ALIASES[key]
    raise BadInputError(
        f"unknown kind {value!r}; use one of {', '.join(KINDS)} "
        f"(or {', '.join(sorted(KIND_ALIASES))})",
        path,
        line,
    )


def _side(value: str, sides: Sides, path: Path, line: int, column: str = "side") -> str:
    if not value.strip():
        return ""
    key = sides.normalise(value)
    if key is None:
        raise BadInputError(
            f"{column} {value!r} is not a side or actor in sides.csv "
            f"(sides: {', '.join(sides.keys)})",
            path,
            line,
        )
    return key


def _first_url(text: str) -> str:
    m = re.search(r"https?://\S+", text)
    return m.group(0).rstrip(";,)") if m else ""


def _geocode(
    gazetteer: Gazetteer | None,
    place: str,
    admin1: str | None,
    near: tuple[float, float] | None = None,
) -> tuple[str, float, float]:
    if gazetteer is None:
        return "", math.nan, math.nan
    match = gazetteer.geocode(place, admin1=admin1, near=near)
    if match is None and admin1:
        match = gazetteer.geocode(place, near=near)
    if match is None:
        return "", math.nan, math.nan
    return str(match.place_id), float(match.lat), float(match.lon)


def read_events(
    path: str | os.PathLike[str],
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
) -> gpd.GeoDataFrame:
    """Read hand-coded events (CSV) or an ACLED export, detected from the columns.

    A hand-coded CSV needs at least ``date,place,kind,side,source``; optional columns are
    ``date_precision, place_id, lat, lon, admin1`` (or ``governorate``) ``, actor, url,
    note, article``. Places without ``lat``/``lon`` are geocoded through the gazetteer
    (with the ``admin1`` hint when given); places it cannot find are kept unlocated and
    listed in a :class:`UnlocatedPlacesWarning`.

    Parameters
    ----------
    path : str or PathLike
        The CSV file.
    gazetteer : Gazetteer, optional
        Defaults to the shipped gazetteer.
    sides : Sides, optional
        Defaults to the shipped ``data/sides.csv``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`EVENT_COLUMNS` (plus ``note`` when the file has one).
    """
    src = Path(path)
    table = read_csv(src, "events file")
    if {"event_date", "sub_event_type", "location", "latitude", "longitude"} <= set(table.header):
        return read_acled(src, gazetteer=gazetteer, sides=sides)
    need = "date,place,kind,side,source"
    table.require(need.split(","), f"an events file needs {need}; ACLED exports need {_ACLED}")
    sides = sides or Sides.load()
    if gazetteer is None:
        gazetteer = _default_gazetteer()
    events: list[Event] = []
    notes: list[str] = []
    unlocated: list[str] = []
    sideless: list[int] = []
    for line, row in table:
        try:
            date = parse_iso_date(row["date"]).isoformat()
        except ValueError:
            raise BadInputError(
                f"'date' must be YYYY-MM-DD, got {row['date']!r}", src, line
            ) from None
        place = row["place"]
        if not place:
            raise BadInputError("empty 'place'", src, line)
        kind = _kind(row["kind"], src, line)
        side = _side(row["side"], sides, src, line)
        precision = row.get("date_precision") or "day"
        if precision not in ("day", "week", "month", "year"):
            raise BadInputError(
                f"date_precision must be day|week|month|year, got {precision!r}", src, line
            )
        lat, lon = check_lat_lon(row.get("lat"), row.get("lon"), src, line, allow_missing=True)
        place_id = row.get("place_id", "")
        admin1 = row.get("admin1") or row.get("governorate") or None
        if math.isnan(lat) or math.isnan(lon):
            pid, lat, lon = _geocode(gazetteer, place, admin1)
            place_id = place_id or pid
        else:
            check_not_swapped(lat, lon, _geocode(gazetteer, place, admin1)[1:], place, src, line)
        if math.isnan(lat):
            unlocated.append(place)
        article = row.get("article") or "hand-coded"
        source = row["source"]
        conf, dist = row.get("confidence", ""), row.get("distance_km", "")
        confidence = check_confidence(conf, src, line) if conf else 1.0
        events.append(
            Event(
                event_id=event_id(article, place_id or place, kind, date, side),
                article=article,
                published=check_iso_date(row.get("published") or date, "'published'", src, line),
                date=date,
                date_precision=precision,
                kind=kind,
                place=place,
                place_id=place_id,
                lat=lat,
                lon=lon,
                side=side,
                actor=row.get("actor", ""),
                distance_km=check_finite(dist, "distance_km", src, line, low=0)
                if dist
                else math.nan,
                sentence=row.get("sentence") or row.get("note", ""),
                char_start=-1,
                char_end=-1,
                confidence=confidence,
                source=source,
                url=row.get("url") or _first_url(source),
            )
        )
        notes.append(row.get("note", ""))
        if not side and kind in _NEEDS_SIDE:
            sideless.append(line)
    warn_unlocated(unlocated, f" ({src.name})")
    if sideless:
        # A change with no side says nothing of who holds the place: the control model
        # skips it, which was silent (a forgotten cell dropped a capture from the map).
        shown = ", ".join(map(str, sideless[:10])) + (", ..." if len(sideless) > 10 else "")
        warnings.warn(
            f"{src}: {len(sideless)} row(s) of kind {'/'.join(_NEEDS_SIDE)} have no side and "
            f"are left out of control (line(s) {shown})",
            FrontlineWarning,
            stacklevel=2,
        )
    frame = events_to_frame(events)
    if "note" in table.header:
        frame["note"] = notes
    return frame


def _default_gazetteer() -> Gazetteer | None:
    try:
        from frontline.reference.gazetteer import Gazetteer
    except ImportError:  # pragma: no cover - the gazetteer ships with the package
        return None
    return Gazetteer.load()


def _acled_date(value: str, src: Path, line: int) -> str:
    try:
        return parse_iso_date(value).isoformat()
    except ValueError:
        pass
    try:
        # ACLED exports have used "29 January 2020" and "2020-01-29" over the years.
        return du_parser.parse(value, dayfirst=True).date().isoformat()
    except (ValueError, OverflowError):
        raise BadInputError(f"cannot read event_date {value!r}", src, line) from None


def _acled_side(row: dict[str, str], sides: Sides) -> str:
    for col in ("actor1", "assoc_actor_1"):
        found = sides.normalise(row.get(col, "")) if row.get(col) else None
        if found:
            return found
    actor = row.get("actor1", "")
    # ACLED names state forces "Military Forces of <country> (<years>)" in every country.
    if actor.startswith("Military Forces of") or actor.startswith("Police Forces of"):
        return "government" if "government" in sides else ""
    if row.get("sub_event_type", "").lower() == "government regains territory":
        return "government" if "government" in sides else ""
    if row.get("inter1") in ("2", "3") or "rebel" in actor.lower():
        return sides.normalise("rebels") or ""
    return ""


def read_acled(
    path: str | os.PathLike[str],
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
) -> gpd.GeoDataFrame:
    """Read an ACLED export, keeping the territory-change rows as ``control_change`` events.

    Rows whose ``sub_event_type`` is "Government regains territory", "Non-state actor
    overtakes territory" or "Non-violent transfer of territory" are kept; the gaining side
    comes from ``actor1`` through ``sides.csv``. ACLED's own ``latitude``/``longitude`` are
    kept; the place id is the gazetteer's when it finds the ``location`` within 10 km.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`EVENT_COLUMNS`; ``article`` is ``acled:<event_id_cnty>``,
        ``sentence`` ACLED's ``notes``, ``date_precision`` from ``time_precision``.
    """
    src = Path(path)
    table = read_csv(src, "events file")
    needed = ["event_date", "sub_event_type", "location", "latitude", "longitude", "actor1"]
    table.require(needed, "not an ACLED export")
    sides = sides or Sides.load()
    if gazetteer is None:
        gazetteer = _default_gazetteer()
    events = []
    for line, row in table:
        if row.get("sub_event_type", "").strip().lower() not in _ACLED_TERRITORY:
            continue
        date = _acled_date(row["event_date"], src, line)
        lat, lon = check_lat_lon(row["latitude"], row["longitude"], src, line, allow_missing=True)
        place = row["location"]
        side = _acled_side(row, sides)
        place_id = ""
        if gazetteer is not None and not math.isnan(lat):
            match = gazetteer.geocode(place, admin1=row.get("admin1") or None, near=(lat, lon))
            if match is not None and km(lat, lon, match.lat, match.lon) <= 10.0:
                place_id = str(match.place_id)
        article = f"acled:{row.get('event_id_cnty') or line}"
        events.append(
            Event(
                event_id=event_id(article, place_id or place, "control_change", date, side),
                article=article,
                published=date,
                date=date,
                date_precision=_ACLED_PRECISION.get(row.get("time_precision", "1"), "day"),
                kind="control_change",
                place=place,
                place_id=place_id,
                lat=lat,
                lon=lon,
                side=side,
                actor=row.get("actor1", ""),
                distance_km=math.nan,
                sentence=row.get("notes", ""),
                char_start=-1,
                char_end=-1,
                confidence=1.0,
                source=row.get("source", "") or "ACLED",
                url="",
            )
        )
    return events_to_frame(events)


# --- curated layer -------------------------------------------------------------------------


def curated_events(path: str | os.PathLike[str] | None = None) -> gpd.GeoDataFrame:
    """The shipped curated layer (``data/events/nw_syria_2019_2020.csv``) as an event table.

    Each row is one sourced fact from ``data/sources/nw_syria_control_changes.csv``,
    already geocoded by ``scripts/build_curated_events.py``.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`EVENT_COLUMNS` plus ``from_side`` and ``note``; ``article`` is
        ``"curated"``, ``source`` the citation, ``sentence`` the note.
    """
    src = Path(path) if path is not None else data_path("events/nw_syria_2019_2020.csv")
    df = _curated_table(src)
    out = pd.DataFrame(
        {
            "article": "curated",
            "published": df["date"],
            "date": df["date"],
            "date_precision": df["date_precision"],
            "kind": df["kind"],
            "place": df["place"],
            "place_id": df["place_id"],
            "lat": df["lat"],
            "lon": df["lon"],
            "side": df["side"],
            "actor": df.get("actor", ""),
            "distance_km": math.nan,
            "sentence": df["note"],
            "char_start": -1,
            "char_end": -1,
            "confidence": np.where(df["note"].str.contains("approximate"), 0.8, 1.0),
            "source": df["source"],
            "url": [_first_url(s) for s in df["source"]],
        }
    )
    out.insert(
        0,
        "event_id",
        [
            event_id("curated", str(pid or place), str(kind), str(date), str(side))
            for pid, place, kind, date, side in zip(
                out["place_id"], out["place"], out["kind"], out["date"], out["side"], strict=True
            )
        ],
    )
    frame = finish_frame(out)
    frame["from_side"] = df["from_side"].to_numpy()
    frame["note"] = df["note"].to_numpy()
    return frame


def _curated_table(src: Path) -> pd.DataFrame:
    cols = "date,date_precision,kind,place,place_id,lat,lon,side,from_side,source,note"
    table = read_csv(src, "curated events file", required=cols.split(","), hint=cols)
    for line, row in table:
        row["date"] = check_iso_date(row["date"], "'date'", src, line)
        check_lat_lon(row["lat"], row["lon"], src, line, allow_missing=True)
    return pd.DataFrame(table.rows, columns=[c for c in table.header if c], dtype=object)


# --- merging -------------------------------------------------------------------------------
