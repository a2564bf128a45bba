"""A geopy geocoder backed by the offline gazetteer, so geopy/geopandas users can swap it in.

>>> import geopandas
>>> from frontline import FrontlineGeocoder
>>> found = geopandas.tools.geocode(["Saraqeb", "Khan Sheikhoun"], provider=FrontlineGeocoder())
>>> [round(p.y, 2) for p in found.geometry]  # latitude, WGS84 degrees
[35.86, 35.44]

``geopandas.tools.geocode`` calls ``provider(**kwargs)`` and then ``.geocode(name)``: pass
the class (kwargs go to the constructor) or an instance (calling it returns itself).

An online geocoder (any geopy geocoder, e.g. ``Nominatim``) can be chained behind the
gazetteer for names it does not know: off by default, throttled with geopy's
``RateLimiter``, and its answers kept in an on-disk SQLite cache so a name is asked once.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Protocol

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from frontline.errors import BadInputError
from frontline.reference.gazetteer import Gazetteer, Match

__all__ = ["FrontlineGeocoder", "GeocodeCache"]


class _GeopyLike(Protocol):
    def geocode(self, query: str, *args: Any, **kwargs: Any) -> Any: ...


class GeocodeCache:
    """On-disk cache of online geocoder answers (SQLite: survives crashes and restarts).

    Parameters
    ----------
    path : path
        The SQLite file (created if missing).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers (service TEXT, query TEXT, address TEXT,"
                " lat REAL, lon REAL, PRIMARY KEY (service, query))"
            )
        except sqlite3.Error as exc:
            raise BadInputError(f"cannot open geocode cache: {exc}", self.path) from None

    def get(self, service: str, query: str) -> tuple[str | None, float | None, float | None] | None:
        """The cached answer ``(address, lat, lon)`` (all ``None`` for a cached miss), or None."""
        row = self._db.execute(
            "SELECT address, lat, lon FROM answers WHERE service = ? AND query = ?",
            (service, query),
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def put(
        self, service: str, query: str, address: str | None, lat: float | None, lon: float | None
    ) -> None:
        """Store an answer (``None`` values record a miss)."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                (service, query, address, lat, lon),
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def _location(match: Match) -> Location:
    address = f"{match.name}, {match.admin1}" if match.admin1 else match.name
    raw = {
        **match.as_dict(), "tier": match.tier, "status": match.status, "aoi_km": match.aoi_km,
        "matched": match.matched, "source": "gazetteer",
    }  # fmt: skip
    return Location(address, (match.lat, match.lon), raw)


class FrontlineGeocoder(Geocoder):
    """geopy geocoder over a :class:`~frontline.gazetteer.Gazetteer` (offline).

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Default: the shipped gazetteer.
    admin1 : str, optional
        Admin-1 hint applied to every query (see :meth:`Gazetteer.geocode`).
    fallback : geopy geocoder, optional
        Asked for names the gazetteer does not resolve. Default ``None``: offline only.
    min_delay_seconds : float
        Minimum pause between fallback requests (geopy ``RateLimiter``); Nominatim's usage
        policy asks for 1 s.
    cache : path, optional
        SQLite file caching fallback answers (hits and misses).
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        admin1: str | None = None,
        fallback: _GeopyLike | None = None,
        min_delay_seconds: float = 1.0,
        cache: str | os.PathLike[str] | None = None,
        **geopy_options: Any,
    ) -> None:
        super().__init__(**geopy_options)
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        self.admin1 = admin1
        self.fallback = fallback
        self._fallback_call = (
            None
            if fallback is None
            else RateLimiter(
                fallback.geocode,
                min_delay_seconds=min_delay_seconds,
                max_retries=2,
                swallow_exceptions=True,
                return_value_on_exception=None,
            )
        )
        self.cache = GeocodeCache(cache) if (cache is not None and fallback is not None) else None

    def __call__(self, **kwargs: Any) -> FrontlineGeocoder:
        """Return self (or a copy with new options): geopandas calls ``provider(**kwargs)``."""
        if not kwargs:
            return self
        options = {
            "gazetteer": self.gazetteer,
            "admin1": self.admin1,
            "fallback": self.fallback,
            **kwargs,
        }
        return FrontlineGeocoder(**options)

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        admin1: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 5,
    ) -> Location | list[Location] | None:
        """Geocode a place name.

        Parameters
        ----------
        query : str
            A place name in any common transliteration.
        exactly_one : bool
            Return one :class:`geopy.location.Location` (else a list of candidates).
        admin1, near
            Context hints, see :meth:`Gazetteer.geocode`.
        limit : int
            Maximum candidates when ``exactly_one`` is False.

        Returns
        -------
        geopy.location.Location, list of Location, or None
            ``point`` is (lat, lon) in WGS84 degrees; ``raw`` holds the match fields
            (``query, name, lat, lon, score, admin1, id, tier, status, aoi_km``) or the
            fallback's answer.

        Raises
        ------
        ValueError
            (``FrontlineError``) if ``query`` is empty; geopandas records such rows as
            empty points.
        """
        hint = admin1 if admin1 is not None else self.admin1
        if exactly_one:  # the answer, with its status (no fuzzy guess outside the AOI)
            answer = self.gazetteer.geocode(query, admin1=hint, near=near)
            found = [] if answer is None else [answer]
        else:
            found = self.gazetteer.candidates(query, k=limit, admin1=hint, near=near)
        if found:
            return _location(found[0]) if exactly_one else [_location(m) for m in found]
        online = self._ask_fallback(query)
        if online is None:
            return None
        return online if exactly_one else [online]

    def reverse(self, query: Any, *, exactly_one: bool = True) -> Location | None:
        """Nearest gazetteer place to a ``(lat, lon)`` point (WGS84 degrees)."""
        import numpy as np

        lat, lon = (float(v) for v in query)
        frame = self.gazetteer.to_frame()
        # Equirectangular distance is enough to pick the nearest of a few thousand points.
        dx = (frame["lon"].to_numpy(float) - lon) * np.cos(np.radians(lat))
        dy = frame["lat"].to_numpy(float) - lat
        if not len(frame):
            return None
        i = int(np.argmin(dx * dx + dy * dy))
        place = self.gazetteer.get(str(frame["id"].iloc[i]))
        address = f"{place.name}, {place.admin1}" if place.admin1 else place.name
        return Location(address, (place.lat, place.lon), {"id": place.id, "source": "gazetteer"})

    def _ask_fallback(self, query: str) -> Location | None:
        if self._fallback_call is None or self.fallback is None:
            return None
        service = type(self.fallback).__name__
        if self.cache is not None:
            hit = self.cache.get(service, query)
            if hit is not None:
                address, lat, lon = hit
                if lat is None or lon is None:
                    return None
                return Location(address or query, (lat, lon), {"source": f"{service} (cached)"})
        answer = self._fallback_call(query)
        if isinstance(answer, list):
            answer = answer[0] if answer else None
        if self.cache is not None:
            if answer is None:
                self.cache.put(service, query, None, None, None)
            else:
                self.cache.put(service, query, answer.address, answer.latitude, answer.longitude)
        return answer
