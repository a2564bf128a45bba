"""Merging mentions: the same change reported by several articles becomes one event."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

from frontline.events.model import event_id, finish_frame
from frontline.reference.normalize import fold

__all__ = ["merge_events"]


def _place_key(row: Any) -> str:
    return str(row.place_id) if row.place_id else "name:" + fold(str(row.place))


def merge_events(gdf: gpd.GeoDataFrame, max_days: int = 1) -> gpd.GeoDataFrame:
    """Merge mentions of the same change (same place, kind and side; dates within a day).

    Mentions chain: two mentions merge when their dates are at most ``max_days`` apart
    (single linkage within each place/kind/side group). The input is not changed, so the
    raw mentions stay available.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per change, columns :data:`EVENT_COLUMNS` plus ``mentions`` (int) and
        ``sources`` (``" | "``-joined ``"source url"`` of each mention). The row's date is
        the one most mentions give (earliest on a tie), its precision the finest, its
        sentence and article those of the most confident mention.
    """
    if len(gdf) == 0:
        out = gdf.copy()
        out["mentions"] = pd.Series(dtype="int64")
        out["sources"] = pd.Series(dtype=str)
        return out
    df = pd.DataFrame(gdf.drop(columns="geometry"))
    df["_key"] = [_place_key(r) for r in df.itertuples()]
    df["_day"] = pd.to_datetime(df["date"], errors="coerce")
    df = df.sort_values(["_key", "kind", "side", "_day"], kind="stable")
    group = (
        (df["_key"] != df["_key"].shift())
        | (df["kind"] != df["kind"].shift())
        | (df["side"] != df["side"].shift())
        | ((df["_day"] - df["_day"].shift()).dt.days > max_days)
    ).cumsum()
    order = {p: i for i, p in enumerate(("day", "week", "month", "year"))}
    rows = []
    for _, part in df.groupby(group, sort=False):
        best = part.sort_values("confidence", ascending=False, kind="stable").iloc[0].copy()
        counts = part["date"].value_counts()
        top = counts[counts == counts.max()].index
        best["date"] = min(top)
        best["date_precision"] = min(part["date_precision"], key=lambda p: order.get(p, 9))
        best["confidence"] = float(part["confidence"].max())
        best["mentions"] = len(part)
        best["sources"] = " | ".join(
            " ".join(x for x in (s, u) if x) or a
            for s, u, a in zip(part["source"], part["url"], part["article"], strict=True)
        )
        best["event_id"] = event_id(
            "merged", best["_key"], best["kind"], best["date"], best["side"]
        )
        rows.append(best)
    merged = pd.DataFrame(rows).drop(columns=["_key", "_day"]).reset_index(drop=True)
    merged["mentions"] = merged["mentions"].astype("int64")
    frame = finish_frame(merged)
    return frame.sort_values(["date", "place"], kind="stable").reset_index(drop=True)
