"""The one validation layer: coordinates, ISO dates and date ranges, enumerations,
confidence values and plain numbers, each refused with a :class:`BadInputError` that names
the file and line when there is one.

Every loader and command entry point checks user values here, so the same value is
accepted or refused (with the same words) whichever door it comes in by.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from frontline._distance import km
from frontline.errors import BadInputError

__all__ = [
    "check_choice",
    "check_confidence",
    "check_coordinates",
    "check_date_range",
    "check_finite",
    "check_geometry_coordinates",
    "check_iso_date",
    "check_lat_lon",
    "check_not_swapped",
    "check_text",
]

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Where = str | os.PathLike[str] | None


def _number(value: Any, what: str, path: Where, line: int | None) -> float:
    if isinstance(value, bool):
        raise BadInputError(f"{what} must be a number, got {value!r}", path, line)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise BadInputError(f"{what} must be a number, got {value!r}", path, line) from None


def check_finite(
    value: Any,
    what: str,
    path: Where = None,
    line: int | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
) -> float:
    """``value`` as a finite float, optionally within ``[low, high]``.

    >>> check_finite("2.5", "--max-km", low=0)
    2.5
    >>> check_finite("nan", "--threshold")
    Traceback (most recent call last):
    ...
    frontline.errors.BadInputError: --threshold must be a finite number, got 'nan'
    """
    number = _number(value, what, path, line)
    if not math.isfinite(number):
        raise BadInputError(f"{what} must be a finite number, got {value!r}", path, line)
    if (low is not None and number < low) or (high is not None and number > high):
        # "in 0.001..inf" read as if inf were allowed (it is refused above).
        if high is None:
            span = f"at least {low:g}"
        elif low is None:
            span = f"at most {high:g}"
        else:
            span = f"in {low:g}..{high:g}"
        raise BadInputError(f"{what} must be {span}, got {value!r}", path, line)
    return number


def check_lat_lon(
    lat: Any,
    lon: Any,
    path: Where = None,
    line: int | None = None,
    *,
    allow_missing: bool = False,
) -> tuple[float, float]:
    """A WGS84 point as ``(lat, lon)`` degrees: finite, lat in -90..90, lon in -180..180.

    With ``allow_missing``, both empty (``""``, None or NaN) gives ``(nan, nan)`` (an
    unlocated place); one of the two empty, or text that is not a number, is refused.
    Junk is never silently replaced by a looked-up coordinate.

    Returns
    -------
    tuple of float
        ``(lat, lon)`` in degrees.

    >>> check_lat_lon("35.93", "36.63")
    (35.93, 36.63)
    >>> check_lat_lon(200, 36.6, "events.csv", 4)
    Traceback (most recent call last):
    ...
    frontline.errors.BadInputError: events.csv:4: lat 200 is outside -90..90 (degrees WGS84)
    """
    missing = [_is_missing(lat), _is_missing(lon)]
    if all(missing) and allow_missing:
        return math.nan, math.nan
    if any(missing):
        raise BadInputError(
            f"give both lat and lon or neither (got lat={lat!r}, lon={lon!r})", path, line
        )
    la = _number(lat, "lat", path, line)
    lo = _number(lon, "lon", path, line)
    for name, v, raw, bound in (("lat", la, lat, 90.0), ("lon", lo, lon, 180.0)):
        if not math.isfinite(v):
            raise BadInputError(f"{name} must be a finite number, got {raw!r}", path, line)
        if not -bound <= v <= bound:
            raise BadInputError(
                f"{name} {raw} is outside {-bound:g}..{bound:g} (degrees WGS84)", path, line
            )
    return la, lo


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def check_not_swapped(
    lat: float,
    lon: float,
    reference: tuple[float, float],
    place: str,
    path: Where = None,
    line: int | None = None,
) -> None:
    """Refuse a point whose lat and lon look swapped, judged against a reference point.

    ``reference`` is ``(lat, lon)`` of the same place from the gazetteer (NaN: no check).
    A swapped pair is valid WGS84 in most of the world, so range checks cannot see it;
    when the given point is over 50 km from the reference and the swapped one within
    10 km, the swap is unmistakable.

    >>> try:
    ...     check_not_swapped(36.80591, 35.86447, (35.86447, 36.80591), "Saraqib")
    ... except BadInputError as exc:
    ...     print(exc)  # doctest: +NORMALIZE_WHITESPACE
    lat/lon of 'Saraqib' look swapped: (36.80591, 35.86447) is 134 km from the gazetteer's
    (35.86447, 36.80591)
    """
    rlat, rlon = reference
    if any(math.isnan(v) for v in (lat, lon, rlat, rlon)) or abs(lon) > 90:
        return
    far = km(lat, lon, rlat, rlon)
    if far > 50 and km(lon, lat, rlat, rlon) < 10:
        raise BadInputError(
            f"lat/lon of {place!r} look swapped: ({lat}, {lon}) is {far:.0f} km from the "
            f"gazetteer's ({rlat}, {rlon})",
            path,
            line,
        )


def check_coordinates(lat: Any, lon: Any, path: Where = None, what: str = "") -> None:
    """Check arrays of latitudes and longitudes (NaN = unlocated is allowed).

    Raises
    ------
    BadInputError
        Naming the first bad row (0-based position in ``what``).
    """
    la = np.asarray(lat, dtype=float)
    lo = np.asarray(lon, dtype=float)
    bad = (
        np.isinf(la)
        | np.isinf(lo)
        | (np.abs(np.nan_to_num(la)) > 90)
        | (np.abs(np.nan_to_num(lo)) > 180)
        | (np.isnan(la) != np.isnan(lo))
    )
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        where = f" ({what} row {i})" if what else f" (row {i})"
        raise BadInputError(
            f"coordinate lat={float(la[i])}, lon={float(lo[i])}{where} is not a WGS84 point "
            "(lat -90..90, lon -180..180, finite)",
            path,
        )


def check_geometry_coordinates(geometries: Any, path: Where = None, what: str = "") -> None:
    """Check every vertex of shapely geometries is a finite WGS84 lon/lat pair.

    Raises
    ------
    BadInputError
        Naming ``path`` and the first bad vertex (lon, lat).
    """
    import shapely

    coords = shapely.get_coordinates(np.asarray(geometries, dtype=object))
    if not len(coords):
        return
    lon, lat = coords[:, 0], coords[:, 1]
    bad = ~np.isfinite(coords).all(axis=1) | (np.abs(lat) > 90) | (np.abs(lon) > 180)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        label = f"{what} " if what else ""
        raise BadInputError(
            f"{label}vertex ({float(lon[i])}, {float(lat[i])}) is not WGS84 lon/lat "
            "(lon -180..180, lat -90..90, finite); is the file in another CRS or lat/lon "
            "swapped?",
            path,
        )


def check_iso_date(
    value: Any, what: str = "date", path: Where = None, line: int | None = None
) -> str:
    """``value`` (text ``YYYY-MM-DD`` or a date) as an ISO date string.

    Relative or free-form dates ("yesterday", "Jan 5") are refused: they need an anchor
    the caller does not have.

    >>> check_iso_date("2020-02-08", "--date")
    '2020-02-08'
    >>> check_iso_date("yesterday", "published")
    Traceback (most recent call last):
    ...
    frontline.errors.BadInputError: published must be a date YYYY-MM-DD, got 'yesterday'
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = value.strip() if isinstance(value, str) else None
    if text is None or not _ISO.match(text):
        raise BadInputError(f"{what} must be a date YYYY-MM-DD, got {value!r}", path, line)
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise BadInputError(f"{what} {text!r} is not a calendar date", path, line) from None


def check_date_range(
    start: Any, end: Any, what: tuple[str, str] = ("--from", "--to")
) -> tuple[str | None, str | None]:
    """Check ``start <= end`` (either may be None); return both as ISO strings.

    A reversed range is refused, never swapped: the user meant something else.

    >>> check_date_range("2020-03-01", "2020-02-01")
    Traceback (most recent call last):
    ...
    frontline.errors.BadInputError: --from 2020-03-01 is after --to 2020-02-01
    """
    s = None if start in (None, "") else check_iso_date(start, what[0])
    e = None if end in (None, "") else check_iso_date(end, what[1])
    if s is not None and e is not None and s > e:
        raise BadInputError(f"{what[0]} {s} is after {what[1]} {e}")
    return s, e


def check_choice(
    value: Any,
    choices: Iterable[str],
    what: str,
    path: Where = None,
    line: int | None = None,
) -> str:
    """``value`` if it is one of ``choices`` (compared stripped, case-insensitively).

    Returns
    -------
    str
        The matching entry of ``choices``.
    """
    options = list(choices)
    key = str(value).strip().lower() if isinstance(value, str) else None
    for option in options:
        if key == option.lower():
            return option
    raise BadInputError(f"{what} must be one of {', '.join(options)}; got {value!r}", path, line)


def check_confidence(value: Any, path: Where = None, line: int | None = None) -> float:
    """A confidence value: a finite number in 0..1 (words like "very high" are refused).

    >>> check_confidence("0.8")
    0.8
    """
    return check_finite(value, "confidence", path, line, low=0.0, high=1.0)


def check_text(value: Any, what: str, path: Where = None, line: int | None = None) -> str:
    """``value`` if it is a non-blank string (a place name, a side key).

    >>> check_text(None, "place name")
    Traceback (most recent call last):
    ...
    frontline.errors.BadInputError: place name must be text, got None
    """
    if not isinstance(value, str):
        raise BadInputError(f"{what} must be text, got {value!r}", path, line)
    if not value.strip():
        raise BadInputError(f"empty {what}", path, line)
    return value
