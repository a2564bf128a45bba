"""Leave-one-out validation of the territory estimate (and the data behind its calibration).

For each place with two or more control events, and each of its events after the first, the
place's state on the day before that event is known from its own earlier events (the truth).
The estimate for that day is made *without any of the place's events*: the timeline is rebuilt
from the other places only, and the place takes the label of the nearest place with a known
state on that day, with the confidence of :mod:`frontline.spatial.confidence`. Accuracy is
reported by distance to that nearest evidence and by confidence class; a class is calibrated
when its stated accuracy (mean confidence) is within 5 points of its measured accuracy.

:func:`fit_calibration` fits the calibration of the raw score (what
:data:`~frontline.spatial.confidence.CALIBRATION` stores) on such a table;
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
    BAND_KM,
    CALIBRATION,
    CLASSES,
    MIN_BLOCK,
    PRIOR_WEIGHT,
    classify,
    point_confidence,
    raw_score,
)
from frontline.spatial.labels import known_mask, known_points

__all__ = [
    "accuracy_by_age",
    "accuracy_by_class",
    "accuracy_by_distance",
    "calibration_steps",
    "cross_validate",
    "fit_calibration",
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
    "evidence_basis",
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
    mask = known_mask(control)
    since = control["since"].to_numpy(dtype=object)[mask]
    basis = control["basis"].to_numpy(dtype=object)[mask]
    name = full.timeline(key)["place"].iloc[0]
    age, kind = np.nan, ""
    if not len(lon):
        dist, pred, sconf = np.inf, "", 0.0
    else:
        coslat = np.cos(np.radians(lat0))
        d = np.hypot((lon - lon0) * _KM_PER_DEG * coslat, (lat - lat0) * _KM_PER_DEG)
        i = int(np.argmin(d))
        dist, pred, sconf = float(d[i]), str(label[i]), float(conf[i])
        age = (dt.date.fromisoformat(day) - dt.date.fromisoformat(str(since[i]))).days
        kind = str(basis[i])
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
        "evidence_basis": kind,
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


def calibration_steps(
    loo: pd.DataFrame, weight: float = PRIOR_WEIGHT, min_block: int = MIN_BLOCK
) -> pd.DataFrame:
    """The steps of the calibration fitted on a :func:`leave_one_out` table (see
    :func:`fit_calibration`), with what they rest on.

    Returns
    -------
    DataFrame
        Per step, ascending: ``raw_from``, ``raw_to`` (lowest and highest raw score of its
        cases, 0-1), ``n``, ``right`` (cases), ``measured`` (right / n), ``confidence``
        (the fitted value, 0-1).
    """
    raw = raw_score(loo["state_confidence"].to_numpy(float), loo["distance_km"].to_numpy(float))
    ok = loo["correct"].to_numpy(bool)
    keep = raw > 0  # cases with an estimate
    levels, inverse = np.unique(np.round(raw[keep], 6), return_inverse=True)
    n = np.bincount(inverse, minlength=len(levels)).astype(float)
    right = np.bincount(inverse, weights=ok[keep].astype(float), minlength=len(levels))
    # [n, right, sum of raw scores, lowest raw, highest raw] per block. Pool adjacent
    # violators, hand-written (ten lines) rather than adding scikit-learn as a dependency
    blocks: list[list[float]] = []
    for k, level in enumerate(levels):
        blocks.append([n[k], right[k], n[k] * level, level, level])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][0] > blocks[-1][1] / blocks[-1][0]:
            _merge(blocks, len(blocks) - 2)
    while len(blocks) > 1 and min(b[0] for b in blocks) < min_block:
        i = min(range(len(blocks)), key=lambda j: blocks[j][0])
        if i == len(blocks) - 1 or (
            i > 0 and _rate_gap(blocks, i, i - 1) <= _rate_gap(blocks, i, i + 1)
        ):
            i -= 1  # merge with the lower neighbour (closer in accuracy, or the last)
        _merge(blocks, i)
    rows, floor = [], 0.0
    for b_n, b_right, b_sum, lo, hi in blocks:
        value = max(round(float((b_right + weight * b_sum / b_n) / (b_n + weight)), 2), floor)
        floor = value
        rows.append(
            {
                "raw_from": float(np.floor(lo * 1000 + 1e-6) / 1000),
                "raw_to": float(hi),
                "n": int(b_n),
                "right": int(b_right),
                "measured": float(b_right / b_n),
                "confidence": value,
            }
        )
    return pd.DataFrame(
        rows, columns=["raw_from", "raw_to", "n", "right", "measured", "confidence"]
    )


def _merge(blocks: list[list[float]], i: int) -> None:
    a, b = blocks[i], blocks.pop(i + 1)
    blocks[i] = [a[0] + b[0], a[1] + b[1], a[2] + b[2], min(a[3], b[3]), max(a[4], b[4])]


def _rate_gap(blocks: list[list[float]], i: int, j: int) -> float:
    return abs(blocks[i][1] / blocks[i][0] - blocks[j][1] / blocks[j][0])


def fit_calibration(
    loo: pd.DataFrame, weight: float = PRIOR_WEIGHT, min_block: int = MIN_BLOCK
) -> tuple[tuple[float, float], ...]:
    """Calibration of the raw score (:func:`~frontline.spatial.confidence.raw_score`) fitted
    on a :func:`leave_one_out` table.

    An isotonic fit of "right" (0/1) on the raw score (pool adjacent violators: the share
    right never falls as the raw score grows); blocks with fewer than ``min_block`` cases
    are merged with the neighbour closest in accuracy; each block's confidence is ``(right
    + weight x mean raw score) / (n + weight)`` (the measured share shrunk towards what the
    raw score claimed), made non-decreasing, rounded to 2 decimals. Cases without an
    estimate (nothing within the last band) are left out.

    Returns
    -------
    tuple of (float, float)
        ``(lowest raw score, confidence)`` per step, ascending (what
        :data:`~frontline.spatial.confidence.CALIBRATION` stores); empty with no case.
    """
    steps = calibration_steps(loo, weight, min_block)
    raw_from = steps["raw_from"].to_numpy(float)
    confidence = steps["confidence"].to_numpy(float)
    return tuple((float(a), float(b)) for a, b in zip(raw_from, confidence, strict=True))


def restate(
    loo: pd.DataFrame, table: tuple[tuple[float, float], ...] = CALIBRATION
) -> pd.DataFrame:
    """The table with ``confidence`` and ``class`` recomputed with a calibration table."""
    out = loo.copy()
    conf = point_confidence(
        out["state_confidence"].to_numpy(float),
        out["distance_km"].to_numpy(float),
        table=table,
    )
    out["confidence"] = conf
    out["class"] = classify(conf)
    return out


def cross_validate(loo: pd.DataFrame, folds: int | None = 2) -> pd.DataFrame:
    """Out-of-fold confidences: places are split into ``folds`` groups (sorted by name, dealt
    in turn, so all cases of a place are in one group; ``None``: one group per place, i.e.
    leave one place out); each group's cases are stated with the calibration fitted on the
    other groups (:func:`fit_calibration`).

    Returns
    -------
    DataFrame
        The :func:`leave_one_out` columns (``confidence`` and ``class`` out of fold) plus
        ``fold`` (0-based) and ``fitted`` (the calibration it was stated with, as text:
        ``raw >= lowest: confidence`` per step).
    """
    places = sorted(set(loo["place"]))
    groups = len(places) if folds is None else folds
    fold_of = {p: i % groups for i, p in enumerate(places)}
    fold = loo["place"].map(fold_of).to_numpy(int)
    parts = []
    for k in range(groups):
        table = fit_calibration(loo[fold != k])
        part = restate(loo[fold == k], table)
        part["fold"] = k
        part["fitted"] = ", ".join(f">= {e:.3f}: {v:.2f}" for e, v in table)
        parts.append(part)
    return pd.concat(parts).sort_index()
