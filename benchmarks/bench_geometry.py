"""Areas, front lines and route control over many places and dates (SYNTHETIC data).

Places are random points inside the shipped area of interest (not real places); each of the
``dates`` change dates flips a few random places to the other side, so every date is a change
date. Targets (issue 4): 2,000 places x 500 dates, areas + front lines <= 30 s on one core;
route control over those dates <= 5 s. Times are CPU seconds of this process
(``time.process_time``: the machine is shared, wall time is not a measure of this code). The
baseline is recomputing every product from scratch on each date (no layout cache), measured
on a sample of dates and extrapolated. The full run also prints how the cost grows with the
number of places, of dates and with the size of the area of interest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline.control.timeline import ControlTimeline
from frontline.spatial.areas import AreaEngine, area_of_interest
from frontline.spatial.history import build_history
from frontline.spatial.route import load_route, route_control


def synthetic_events(
    n_places: int, n_dates: int, seed: int = 4, aoi: shapely.Geometry | None = None
) -> gpd.GeoDataFrame:
    """Synthetic events: random points in the AOI, ``n_dates`` days each flipping 4 places."""
    rng = np.random.default_rng(seed)
    aoi = aoi if aoi is not None else area_of_interest()
    x0, y0, x1, y1 = aoi.bounds
    pts: list[tuple[float, float]] = []
    while len(pts) < n_places:
        cand = np.column_stack(
            [rng.uniform(x0, x1, 4 * n_places), rng.uniform(y0, y1, 4 * n_places)]
        )
        inside = shapely.contains_xy(aoi, cand[:, 0], cand[:, 1])
        pts.extend(map(tuple, cand[inside]))
    pts = pts[:n_places]
    lon = np.array([p[0] for p in pts])
    # a west/east split so there is a long front, then random flips
    side = np.where(lon < np.median(lon), "opposition", "government")
    day0 = dt.date(2019, 1, 1)
    rows = [(i, day0, side[i]) for i in range(n_places)]
    for d in range(1, n_dates):
        for i in rng.choice(n_places, 4, replace=False):
            side[i] = "government" if side[i] == "opposition" else "opposition"
            rows.append((int(i), day0 + dt.timedelta(days=d), side[i]))
    frame = pd.DataFrame(
        {
            "event_id": [f"s{k}" for k in range(len(rows))],
            "published": [r[1].isoformat() for r in rows],
            "date": [r[1].isoformat() for r in rows],
            "date_precision": "day",
            "kind": "control_change",
            "place": [f"synthetic {r[0]}" for r in rows],
            "place_id": [f"syn{r[0]}" for r in rows],
            "lat": [pts[r[0]][1] for r in rows],
            "lon": [pts[r[0]][0] for r in rows],
            "side": [r[2] for r in rows],
            "source": "synthetic",
            "url": "",
        }
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=4326)


def _time_history(
    n_places: int, n_dates: int, aoi: shapely.Geometry | None = None
) -> tuple[float, float, int]:
    tl = ControlTimeline(synthetic_events(n_places, n_dates, aoi=aoi))
    t = time.process_time()
    h = build_history(tl, route=False, aoi=aoi)
    # the dissolved areas and front lines are computed on first access: time them too
    assert len(h.control) and h.frontline is not None
    areas_s = time.process_time() - t
    t = time.process_time()
    route_control(tl, route=load_route())
    route_s = time.process_time() - t
    return areas_s, route_s, len(h.dates)


def _time_naive(n_places: int, n_dates: int, sample: int = 5) -> float:
    """Seconds per date without caches: a fresh engine (Voronoi, clip, edges) each date."""
    tl = ControlTimeline(synthetic_events(n_places, n_dates))
    aoi = area_of_interest()
    dates = tl.change_dates()[:sample]
    t = time.process_time()
    for d in dates:
        eng = AreaEngine(aoi)
        layout, labels = eng.labels_of(tl.control_at(d))
        eng.areas_metric(layout, labels)
        eng.fronts_metric(layout, labels)
    return (time.process_time() - t) / len(dates)


def run(quick: bool = False) -> list[dict[str, object]]:
    """Benchmark rows: figure, target, measured, baseline_ratio."""
    rows: list[dict[str, object]] = []
    sizes = (
        [(100, 20), (200, 40)]
        if quick
        else [(500, 500), (1000, 500), (2000, 125), (2000, 250), (2000, 500)]
    )
    for n_places, n_dates in sizes:
        areas_s, route_s, n = _time_history(n_places, n_dates)
        full = (n_places, n_dates) == (2000, 500)
        naive = _time_naive(n_places, n_dates) * n if full else None
        rows.append(
            {
                "figure": f"areas+fronts, {n_places} places x {n} dates (synthetic)",
                "target": "<= 30 s" if full else "",
                "measured": f"{areas_s:.2f} s CPU",
                "baseline_ratio": naive / areas_s if naive else None,
            }
        )
        rows.append(
            {
                "figure": f"route control (M5), {n_places} places x {n} dates (synthetic)",
                "target": "<= 5 s" if full else "",
                "measured": f"{route_s:.2f} s CPU",
                "baseline_ratio": None,
            }
        )
    if not quick:
        # cost against the size of the area of interest (same places and dates)
        for names in (["Idlib"], ["Idlib", "Hama"], None):
            aoi = area_of_interest(names) if names else area_of_interest()
            km2 = AreaEngine(aoi).aoi_m.area / 1e6
            areas_s, _, n = _time_history(1000, 100, aoi)
            rows.append(
                {
                    "figure": f"areas+fronts, 1000 places x {n} dates, AOI {km2:,.0f} km2",
                    "target": "",
                    "measured": f"{areas_s:.2f} s CPU",
                    "baseline_ratio": None,
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for row in run(args.quick):
        ratio = row["baseline_ratio"]
        print(
            f"{row['figure']:<62} {row['target']!s:>8} {row['measured']!s:>9}"
            + (f"  {ratio:.0f}x faster than recomputing from scratch" if ratio else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
