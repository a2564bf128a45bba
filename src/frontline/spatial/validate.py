"""Leave-one-out validation of the territory estimate (and the data behind its calibration).

For each place with two or more control events, and each of its events after the first, the
place's state on the day before that event is known from its own earlier events (the truth).
The estimate for that day is made *without any of the place's events*: the timeline is rebuilt
from the other places only, and the place takes the label of the nearest place with a known
state on that day, with the confidence of :mod:`frontline.spatial.confidence`. Accuracy is
reported by distance to that nearest evidence and by confidence class; a class is calibrated
when its stated accuracy (mean confidence) is within 5 points of its measured accuracy.

:func:`fit_band_accuracy` fits the accuracy per distance band (what
:data:`~frontline.spatial.confidence.BAND_ACCURACY` stores) on such a table;
:func:`cross_validate` fits it on half of the places and states/measures it on the other half,
so the stated figure is not fitted to the cases it is judged on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from frontline._io import cell_text
from frontline.control.timeline import CONTROL_KINDS, ControlTimeline
from frontline.spatial.confidence import (
    BAND_ACCURACY,
    BAND_KM,
    CLASSES,
    PRIOR_BAND_ACCURACY,
    PRIOR_WEIGHT,
    band_of,
    classify,
    point_confidence,
)
from frontline.spatial.labels import known_mask, known_points

__all__ = [
    "accuracy_by_age",
    "accuracy_by_class",
    "accuracy_by_distance",
    "cross_validate",
    "fit_band_accuracy",
    "leave_one_out",
    "restate",
    "wilson_interval",
]

_KM_PER_DEG = 111.32
_LOO_COLUMNS = [
    "place",
    "date",
    "truth",
    "predicted",
    "distance_km",
    "state_confidence",
    "evidence_age_days",
    "confidence",
    "class",
    "correct",
]


def _label(status: str, side: str) -> str:
    if status == "contested":
        return "contested"
    return side if status in ("held", "besieged") and side else ""


def _key(r: dict[Any, Any]) -> str:
    return cell_text(r.get("place_id")) or "name:" + cell_text(r.get("place")).casefold()


def leave_one_out(
    events: pd.DataFrame, *, first_events: bool = False, **timeline_kw: Any
) -> pd.DataFrame:
    """Predict each place's state the day before each of its later events from the others.

    Parameters
    ----------
    events : DataFrame
        Event table (located places: ``lat``, ``lon``).
    first_events : bool
        Also predict the day before each place's *first* event whose ``from_side`` names
        the losing side (the truth), for places with one event too (more cases, farther from
        other evidence).
    **timeline_kw
        Passed to :class:`~frontline.control.ControlTimeline` (e.g. ``horizon_days``).

    Returns
    -------
    DataFrame
        ``place, date`` (ISO, the day before the event), ``truth`` and ``predicted`` (side or
        ``contested``; predicted "" when no place is known within the last band),
        ``distance_km`` (to the nearest known place, km), ``state_confidence`` (its state's),
        ``evidence_age_days`` (days since that state began),
        ``confidence`` and ``class`` of the estimate, ``correct`` (bool).
    """
    full = ControlTimeline(events, **timeline_kw)
    keys = [_key(r) for r in events.to_dict("records")]
    control = events["kind"].isin(CONTROL_KINDS).to_numpy()
    located = np.isfinite(pd.to_numeric(events["lat"], errors="coerce").to_numpy(float))
    counts = pd.Series(keys)[control & located].value_counts()
    rows = []
    for key in counts.index[counts >= (1 if first_events else 2)]:
        mine = np.array([k == key for k in keys])
        others = events.loc[~mine]
        if not others["kind"].isin(CONTROL_KINDS).any():
            continue
        rest = ControlTimeline(others, **timeline_kw)
        t = full.timeline(key)
        reported = t[t["basis"] == "reported"]
        if first_events:
            rows.extend(_first(rest, full, key, events.loc[mine]))
        for start in reported["valid_from"].iloc[1:]:
            day = (dt.date.fromisoformat(start) - dt.timedelta(days=1)).isoformat()
            if day < rest.start:
                continue
            before = t[(t["valid_from"] <= day) & ((t["valid_to"] == "") | (t["valid_to"] > day))]
            if before.empty or before["basis"].iloc[0] != "reported":
                continue
            truth = _label(str(before["status"].iloc[0]), str(before["side"].iloc[0]))
            if not truth:
                continue
            rows.append(_predict(rest, full, key, day, truth))
    frame = pd.DataFrame(rows, columns=_LOO_COLUMNS)
    frame["correct"] = frame["correct"].astype(bool)
    return frame


def _first(
    rest: ControlTimeline, full: ControlTimeline, key: str, mine: pd.DataFrame
) -> list[dict[str, Any]]:
    if "from_side" not in mine.columns:
        return []
    ctrl = mine[mine["kind"].isin(CONTROL_KINDS)].sort_values("date")
    if ctrl.empty:
        return []
    first = ctrl.iloc[0]
    loser, gainer = cell_text(first.get("from_side")), cell_text(first.get("side"))
    if not loser or loser == gainer:
        return []
    day = (dt.date.fromisoformat(str(first["date"])[:10]) - dt.timedelta(days=1)).isoformat()
    if day < rest.start:
        return []
    return [_predict(rest, full, key, day, loser)]


def _predict(
    rest: ControlTimeline, full: ControlTimeline, key: str, day: str, truth: str
) -> dict[str, Any]:
    lon0, lat0 = full.place_point(key)
    control = rest.control_at(day)
    lon, lat, label, conf, _ = known_points(control)
    since = control["since"].to_numpy(dtype=object)[known_mask(control)]
    name = full.timeline(key)["place"].iloc[0]
    age = np.nan
    if not len(lon):
        dist, pred, sconf = np.inf, "", 0.0
    else:
        coslat = np.cos(np.radians(lat0))
        d = np.hypot((lon - lon0) * _KM_PER_DEG * coslat, (lat - lat0) * _KM_PER_DEG)
        i = int(np.argmin(d))
        dist, pred, sconf = float(d[i]), str(label[i]), float(conf[i])
        age = (dt.date.fromisoformat(day) - dt.date.fromisoformat(str(since[i]))).days
    c = float(point_confidence(np.array([sconf]), np.array([dist]))[0])
    if c == 0:
        pred = ""
    return {
        "place": name,
        "date": day,
        "truth": truth,
        "predicted": pred,
        "distance_km": dist,
        "state_confidence": sconf,
        "evidence_age_days": age,
        "confidence": c,
        "class": str(classify(np.array([c]))[0]),
        "correct": pred == truth,
    }


def accuracy_by_distance(loo: pd.DataFrame) -> pd.DataFrame:
    """``band`` (e.g. ``"0-5 km"``), ``n``, ``accuracy`` (0-1) of a :func:`leave_one_out` table
    by distance to the nearest evidence (the bands of :data:`BAND_KM`, then beyond)."""
    edges = [0.0, *BAND_KM, np.inf]
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        sel = loo[(loo["distance_km"] > lo) | ((lo == 0) & (loo["distance_km"] >= 0))]
        sel = sel[sel["distance_km"] <= hi]
        name = f"{lo:g}-{hi:g} km" if np.isfinite(hi) else f"> {lo:g} km"
        acc = float(sel["correct"].mean()) if len(sel) else float("nan")
        rows.append({"band": name, "n": len(sel), "accuracy": acc})
    return pd.DataFrame(rows, columns=["band", "n", "accuracy"])


def accuracy_by_age(loo: pd.DataFrame, edges: tuple[int, ...] = (7, 30)) -> pd.DataFrame:
    """``age`` (days since the nearest evidence's state began, e.g. ``"0-7 d"``), ``n`` and
    ``accuracy`` (0-1) of a :func:`leave_one_out` table (cases with a prediction)."""
    age = loo["evidence_age_days"].to_numpy(float)
    bounds = [-1, *edges, np.inf]
    rows = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        sel = loo[(age > lo) & (age <= hi)]
        name = f"{lo + 1:g}-{hi:g} d" if np.isfinite(hi) else f"> {lo:g} d"
        acc = float(sel["correct"].mean()) if len(sel) else float("nan")
        rows.append({"age": name, "n": len(sel), "accuracy": acc})
    return pd.DataFrame(rows, columns=["age", "n", "accuracy"])


def accuracy_by_class(loo: pd.DataFrame) -> pd.DataFrame:
    """``class``, ``n``, ``stated`` (mean confidence), ``measured`` (accuracy), ``ci95`` (95 %
    Wilson interval of the measured accuracy, e.g. ``"0.50-0.71"``: how far from the stated
    figure chance alone can put it), ``gap_points`` (measured - stated, percentage points) and
    ``calibrated`` (|gap| <= 5) per class."""
    rows = []
    for klass in CLASSES:
        sel = loo[loo["class"] == klass]
        stated = float(sel["confidence"].mean()) if len(sel) else float("nan")
        measured = float(sel["correct"].mean()) if len(sel) else float("nan")
        gap = 100 * (measured - stated)
        lo, hi = wilson_interval(int(sel["correct"].sum()), len(sel))
        rows.append(
            {
                "class": klass,
                "n": len(sel),
                "stated": stated,
                "measured": measured,
                "ci95": f"{lo:.2f}-{hi:.2f}" if len(sel) else "",
                "gap_points": gap,
                "calibrated": bool(abs(gap) <= 5) if len(sel) else False,
            }
        )
    return pd.DataFrame(rows)


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % (``z`` = 1.96) Wilson score interval (0-1) of a proportion ``k / n``; (0, 1) for
    ``n = 0``. Hand-written (three lines) rather than adding scipy as a dependency.

    >>> tuple(round(v, 3) for v in wilson_interval(6, 10))
    (0.313, 0.832)
    """
    if n == 0:
        return 0.0, 1.0
    p = k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(mid - half), float(mid + half)


def fit_band_accuracy(
    loo: pd.DataFrame,
    prior: tuple[float, ...] = PRIOR_BAND_ACCURACY,
    weight: float = PRIOR_WEIGHT,
) -> tuple[float, ...]:
    """Accuracy (0-1) per band of :data:`BAND_KM`, fitted on a :func:`leave_one_out` table.

    Per band, ``(correct + weight x prior) / (n + weight)`` (the measured accuracy shrunk
    towards the prior, so a band with few cases stays near it and one with none *is* the
    prior; with no case and no weight, the prior), then a running minimum from the nearest
    band outwards (accuracy never grows with distance), rounded to 2 decimals. Cases without
    a prediction (nothing within the last band) are left out.

    Returns
    -------
    tuple of float
        One accuracy per band, nearest first.
    """
    band = band_of(loo["distance_km"].to_numpy(float))
    ok = loo["correct"].to_numpy(bool)
    out: list[float] = []
    for k, p in enumerate(prior):
        sel = band == k
        n = sel.sum() + weight
        fitted = (ok[sel].sum() + weight * p) / n if n > 0 else p
        out.append(round(min(float(fitted), *out[-1:], float("inf")), 2))
    return tuple(out)


def restate(loo: pd.DataFrame, accuracy: tuple[float, ...] = BAND_ACCURACY) -> pd.DataFrame:
    """The table with ``confidence`` and ``class`` recomputed from a band accuracy table."""
    out = loo.copy()
    conf = point_confidence(
        out["state_confidence"].to_numpy(float),
        out["distance_km"].to_numpy(float),
        accuracy=accuracy,
    )
    out["confidence"] = conf
    out["class"] = classify(conf)
    return out


def cross_validate(loo: pd.DataFrame, folds: int = 2) -> pd.DataFrame:
    """Out-of-fold confidences: places are split into ``folds`` groups (sorted by name, dealt
    in turn, so all cases of a place are in one group); each group's cases are stated with
    the band accuracy fitted on the other groups (:func:`fit_band_accuracy`).

    Returns
    -------
    DataFrame
        The :func:`leave_one_out` columns (``confidence`` and ``class`` out of fold) plus
        ``fold`` (0-based) and ``fitted`` (the band accuracy it was stated with, as text).
    """
    places = sorted(set(loo["place"]))
    fold_of = {p: i % folds for i, p in enumerate(places)}
    fold = loo["place"].map(fold_of).to_numpy(int)
    parts = []
    for k in range(folds):
        acc = fit_band_accuracy(loo[fold != k])
        part = restate(loo[fold == k], acc)
        part["fold"] = k
        part["fitted"] = ", ".join(f"{a:.2f}" for a in acc)
        parts.append(part)
    return pd.concat(parts).sort_index()
