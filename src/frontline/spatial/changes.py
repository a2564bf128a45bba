"""What changed between two dates: places, km² per side and class, pockets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from shapely.geometry.base import BaseGeometry

from frontline.control.timeline import ControlTimeline
from frontline.errors import BadInputError
from frontline.spatial.areas import DEFAULT_MAX_KM, UNKNOWN, AreaEngine, engine_for, side_order
from frontline.spatial.pockets import pocket_places, pockets_metric

__all__ = ["Diff", "diff"]


@dataclass(frozen=True)
class Diff:
    """Changes between two dates.

    Attributes
    ----------
    date_from, date_to : str
        ISO dates compared.
    places : DataFrame
        ``place_id, place, side_before, status_before, side_after, status_after, event_ids,
        sources``: places whose side or status differs, with the events that changed them.
    areas : DataFrame
        ``side, class, km2_before, km2_after, gained_km2`` (km²) per side and confidence
        class (``reported``, ``inferred``; ``unknown`` last).
    pockets : DataFrame
        ``date, side, enclosed_by, area_km2, places``: the pockets on each of the two dates
        (:mod:`frontline.spatial.pockets`; ``places`` joined with ``", "``).
    """

    date_from: str
    date_to: str
    places: pd.DataFrame
    areas: pd.DataFrame
    pockets: pd.DataFrame


def diff(
    timeline: ControlTimeline,
    date_from: str | dt.date,
    date_to: str | dt.date,
    *,
    aoi: BaseGeometry | None = None,
    max_km: float = DEFAULT_MAX_KM,
) -> Diff:
    """Places that changed hands between two dates, km² gained per side and class, pockets.

    Dates may be any date from the start of the data on, or ``"latest"``.

    Returns
    -------
    Diff

    Raises
    ------
    FrontlineError
        If a date is outside the data.
    BadInputError
        If ``date_from`` is after ``date_to`` (a diff reads forwards in time).
    """
    d1 = timeline.check_date(date_from)
    d2 = timeline.check_date(date_to)
    if d1 > d2:
        raise BadInputError(
            f"the first date ({d1}) is after the second ({d2}): give the earlier first"
        )
    before = timeline.control_at(d1).set_index(["place_id", "place"])
    after = timeline.control_at(d2).set_index(["place_id", "place"])
    joined = pd.merge(
        before[["side", "status"]],
        after[["side", "status"]],
        how="outer",
        left_index=True,
        right_index=True,
        suffixes=("_before", "_after"),
    )
    joined = joined.fillna("")
    changed = joined[
        (joined["side_before"] != joined["side_after"])
        | (joined["status_before"] != joined["status_after"])
    ].reset_index()
    iv = timeline.intervals()
    moves = iv[(iv["valid_from"] > d1) & (iv["valid_from"] <= d2)]
    ids, srcs = [], []
    for pid, name in zip(changed["place_id"], changed["place"], strict=True):
        m = moves[(moves["place_id"] == pid) & (moves["place"] == name)]
        ids.append(" ".join(e for e in m["event_id"] if e))
        srcs.append(" | ".join(dict.fromkeys(s for s in m["sources"] if s)))
    changed["event_ids"] = ids
    changed["sources"] = srcs
    engine = engine_for(aoi, max_km)
    areas = _area_changes(engine, timeline, d1, d2)
    pockets = pd.concat([_pockets(engine, timeline, d) for d in dict.fromkeys([d1, d2])])
    pockets["area_km2"] = pockets["area_km2"].astype(float)
    cols = [
        "place_id",
        "place",
        "side_before",
        "status_before",
        "side_after",
        "status_after",
        "event_ids",
        "sources",
    ]
    return Diff(d1, d2, changed[cols], areas, pockets.reset_index(drop=True))


def _area_changes(engine: AreaEngine, timeline: ControlTimeline, d1: str, d2: str) -> pd.DataFrame:
    a1 = engine.areas(
        timeline.control_at(d1), timeline.sides, by_class=True, regions=timeline.regions_at(d1)
    )
    a2 = engine.areas(
        timeline.control_at(d2), timeline.sides, by_class=True, regions=timeline.regions_at(d2)
    )
    keys1 = list(zip(a1["side"], a1.get("class", a1["side"]), strict=True))
    keys2 = list(zip(a2["side"], a2.get("class", a2["side"]), strict=True))
    km1 = dict(zip(keys1, a1["area_km2"], strict=True))
    km2 = dict(zip(keys2, a2["area_km2"], strict=True))
    keys = list(dict.fromkeys([*keys1, *keys2]))
    keys = [k for k in keys if k[0] != UNKNOWN] + [k for k in keys if k[0] == UNKNOWN]
    areas = pd.DataFrame(
        {
            "side": [k[0] for k in keys],
            "class": [k[1] for k in keys],
            "km2_before": [km1.get(k, 0.0) for k in keys],
            "km2_after": [km2.get(k, 0.0) for k in keys],
        }
    )
    areas["gained_km2"] = areas["km2_after"] - areas["km2_before"]
    return areas


def _pockets(engine: AreaEngine, timeline: ControlTimeline, day: str) -> pd.DataFrame:
    control = timeline.control_at(day)
    layout, labels = engine.labels_of(control, timeline.regions_at(day))
    rows = [
        {
            "date": day,
            "side": side,
            "enclosed_by": by,
            "area_km2": geom.area / 1e6,
            "places": ", ".join(pocket_places(engine, geom, control[control["side"] == side])),
        }
        for side, by, geom in pockets_metric(engine, layout, labels, side_order(timeline.sides))
    ]
    return pd.DataFrame(rows, columns=["date", "side", "enclosed_by", "area_km2", "places"])
