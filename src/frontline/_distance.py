"""Great-circle distance on the WGS84 mean sphere: the one formula every layer uses."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["EARTH_KM", "km", "km_to_many"]

#: Mean Earth radius (IUGG), km.
EARTH_KM = 6371.0088


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points given in WGS84 degrees.

    Returns
    -------
    float
        Kilometres.

    Examples
    --------
    >>> round(km(0.0, 0.0, 0.0, 1.0), 1)
    111.2
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return EARTH_KM * 2 * math.asin(min(1.0, math.sqrt(a)))


def km_to_many(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances from one point to many (WGS84 degrees).

    Returns
    -------
    numpy.ndarray
        Kilometres, one per point of ``lats``/``lons``.
    """
    p1, p2 = math.radians(lat), np.radians(lats)
    dlat, dlon = p2 - p1, np.radians(np.asarray(lons) - lon)
    a = np.sin(dlat / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return EARTH_KM * 2 * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
