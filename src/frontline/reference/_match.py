"""The records the gazetteer answers with: :class:`Place` (a row) and :class:`Match`."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

__all__ = [
    "Match", "Place", "fields_but_query", "make_match", "match_fields", "row_match", "with_query",
]  # fmt: skip


@dataclass(frozen=True)
class Place:
    """One gazetteer row: a named point (WGS84 degrees) with its admin-1 region and names."""

    id: str
    name: str
    lat: float
    lon: float
    admin1: str
    feature: str
    population: int | None
    alt_names: tuple[str, ...]
    geonameid: int | None
    source: str


@dataclass(frozen=True)
class Match:
    """A resolved name.

    Attributes
    ----------
    query : str
        The name as asked.
    place_id, name, lat, lon, admin1, feature
        The place (lat/lon in WGS84 degrees).
    score : float
        How well the name matches, 0-100 (100 exact; context does not change it).
    tier : str
        ``exact``, ``alias``, ``folded`` or ``fuzzy`` (how the name was found).
    matched : str
        The gazetteer name or alias that matched.
    distance_km : float or None
        Distance to the ``near`` point when one was given, in km.
    rank_score : float
        Score plus context bonuses, used to order candidates.
    status : str
        ``exact``, ``alias``, ``fuzzy`` or ``ambiguous`` (see :data:`STATUSES`).
    aoi_km : float or None
        Distance from the place to the area of interest (its bounding box), in km; 0 inside.
    alternatives : tuple of Match
        For an ``ambiguous`` answer: the other places that fit about as well.
    """

    query: str
    place_id: str
    name: str
    lat: float
    lon: float
    admin1: str
    feature: str
    score: float
    tier: str
    matched: str = ""
    distance_km: float | None = None
    rank_score: float = 0.0
    status: str = ""
    aoi_km: float | None = None
    alternatives: tuple[Match, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The CLI fields ``query, name, lat, lon, score, admin1, id``."""
        return {
            "query": self.query,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "score": round(self.score, 1),
            "admin1": self.admin1,
            "id": self.place_id,
        }


_FIELD_NAMES = tuple(f.name for f in fields(Match))
_new = object.__new__


def make_match(*values: Any) -> Match:
    """``Match(*values)`` for all fields but ``alternatives`` (then ``()``) or all of them.

    Hand-written because the geocoder's hot path builds a Match per answer and alternative,
    and a frozen dataclass's ``__init__`` sets each of its 15 fields through
    ``object.__setattr__`` (about 3 us); filling the instance dict at once costs a third.
    The result equals ``Match(*values)`` (a test checks it).
    """
    m = _new(Match)
    d = m.__dict__
    d.update(zip(_FIELD_NAMES, values, strict=False))  # alternatives may be left out
    if len(values) < len(_FIELD_NAMES):
        d["alternatives"] = ()
    return m


def row_match(
    place: dict[str, Any],
    query: str,
    score: float,
    tier: str,
    matched: str,
    distance_km: float | None,
    rank_score: float,
    status: str,
    alternatives: tuple[Match, ...] = (),
) -> Match:
    """The Match of a place whose fields ``place_id, name, lat, lon, admin1, feature,
    aoi_km`` are held in a dict (one per gazetteer row): as :func:`make_match`, without
    unpacking the place's fields per answer."""
    m = _new(Match)
    d = m.__dict__
    d.update(place)
    d["query"] = query
    d["score"] = score
    d["tier"] = tier
    d["matched"] = matched
    d["distance_km"] = distance_km
    d["rank_score"] = rank_score
    d["status"] = status
    d["alternatives"] = alternatives
    return m


def match_fields(m: Match) -> tuple[Any, ...]:
    """All fields of a match, in order (``Match(*match_fields(m)) == m``)."""
    return (
        m.query, m.place_id, m.name, m.lat, m.lon, m.admin1, m.feature, m.score, m.tier,
        m.matched, m.distance_km, m.rank_score, m.status, m.aoi_km, m.alternatives,
    )  # fmt: skip


def fields_but_query(m: Match) -> tuple[Any, ...]:
    """All fields of a match but the first, ``query``."""
    return match_fields(m)[1:]


def with_query(query: str, fields: tuple[Any, ...]) -> Match:
    """The Match with :func:`fields_but_query` ``fields`` answering ``query`` (the
    alternatives of an ``ambiguous`` answer get the query too)."""
    if fields[-1]:
        others = tuple(make_match(query, *fields_but_query(a)) for a in fields[-1])
        return make_match(query, *fields[:-1], others)
    return make_match(query, *fields)
