"""Map size and speed: a synthetic map of 2,000 places, 10,000 events and 365 dates.

Targets (issue 5, section 7; issue 15): builds in <= 20 s, file <= 15 MB, loads in headless
Chromium in <= 5 s, one slider step <= 50 ms. Also reports how build time and size grow with
the number of events.

Synthetic data: random places inside the area of interest (``geometry.area_of_interest()``),
control changes between the first two sides of ``data/sides.csv`` on random days of one year.
``python -m benchmarks.bench_maps [--quick]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

CHROMIUM = Path("/usr/bin/chromium")


def synthetic_events(n_places: int, n_events: int, n_dates: int, seed: int = 5) -> gpd.GeoDataFrame:
    """Random control changes at random points of the area of interest (WGS84, ISO dates)."""
    from frontline.reference.sides import Sides
    from frontline.spatial.areas import area_of_interest

    rng = np.random.default_rng(seed)
    aoi = area_of_interest()
    minx, miny, maxx, maxy = aoi.bounds
    pts: list[Any] = []
    while len(pts) < n_places:
        cand = shapely.points(rng.uniform(minx, maxx, n_places), rng.uniform(miny, maxy, n_places))
        pts.extend(cand[shapely.contains(aoi, cand)].tolist())
    pts = pts[:n_places]
    start = np.datetime64("2019-04-01")
    days = np.sort(rng.choice(np.arange(n_dates * 2), size=n_dates, replace=False))
    dates = [str(start + int(d)) for d in days]
    sides = Sides.load().keys[:2]
    place = rng.integers(0, n_places, n_events)
    # every place gets a change on one of the dates: events spread over all 365 dates
    date = np.concatenate(
        [np.arange(n_dates), rng.integers(0, n_dates, max(n_events - n_dates, 0))]
    )
    date = date[:n_events]
    side = rng.integers(0, 2, n_events)
    lon = np.array([pts[i].x for i in place])
    lat = np.array([pts[i].y for i in place])
    frame = pd.DataFrame(
        {
            "event_id": [f"{i:016x}" for i in range(n_events)],
            "article": [f"article_{i % 997}.txt" for i in range(n_events)],
            "published": [dates[d] for d in date],
            "date": [dates[d] for d in date],
            "date_precision": "day",
            "kind": "control_change",
            "place": [f"Place {i}" for i in place],
            "place_id": [f"p{i}" for i in place],
            "lat": lat,
            "lon": lon,
            "side": [sides[s] for s in side],
            "actor": "",
            "distance_km": np.nan,
            "sentence": [
                f"Forces of {sides[s]} took control of Place {p} after clashes, sources said "
                f"on {dates[d]} (synthetic report {i})."
                for i, (s, p, d) in enumerate(zip(side, place, date, strict=True))
            ],
            "char_start": 0,
            "char_end": 0,
            "confidence": 0.8,
            "source": "Synthetic Wire",
            "url": [f"https://example.org/report/{i}" for i in range(n_events)],
        }
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def _load_seconds(path: Path) -> tuple[float, float] | None:
    if not CHROMIUM.exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("window.frontline !== undefined", timeout=60_000)
        # one full step through the slider's data, as a user moving it would trigger
        page.evaluate("frontline.setDate(frontline.dates[0]); frontline.setDate('9999')")
        elapsed = time.perf_counter() - started
        # then every position in turn, as "play" does (ms per date, drawing included)
        per_step = page.evaluate(
            """() => { const t = performance.now(); const n = frontline.dates.length;
            for (const d of frontline.dates) frontline.setDate(d);
            return (performance.now() - t) / n; }"""
        )
        browser.close()
    return elapsed, float(per_step)


def measure(n_places: int, n_events: int, n_dates: int, browser: bool) -> dict[str, Any]:
    from frontline.control.timeline import ControlTimeline
    from frontline.output.maps.render import map_history, save_map
    from frontline.spatial.history import build_history
    from frontline.spatial.route import load_route

    events = synthetic_events(n_places, n_events, n_dates)
    t0 = time.perf_counter()
    route = load_route()
    history = build_history(ControlTimeline(events), route=route)
    t1 = time.perf_counter()
    m = map_history(history, events, route_name=str(route["name"].iloc[0]))
    with tempfile.TemporaryDirectory() as tmp:
        out = save_map(m, Path(tmp) / "bench.html", self_contained=True)
        t2 = time.perf_counter()
        size = out.stat().st_size
        timing = _load_seconds(out) if browser else None
        load, step = timing if timing is not None else (None, None)
    return {
        "pipeline_s": t1 - t0,
        "map_s": t2 - t1,
        "total_s": t2 - t0,
        "mb": size / 1e6,
        "load_s": load,
        "step_ms": step,
        "dates": len(history.dates),
    }


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows ``figure, target, measured, baseline_ratio`` (see benchmarks/__main__.py)."""
    places, events, dates = (100, 500, 30) if quick else (2000, 10000, 365)
    full = measure(places, events, dates, browser=True)
    label = f"{places:,} places, {events:,} events, {full['dates']} dates"
    rows: list[dict[str, Any]] = [
        {
            "figure": f"build: events -> history -> offline HTML ({label})",
            "target": "<= 20 s" if not quick else "",
            "measured": f"{full['total_s']:.1f} s (history {full['pipeline_s']:.1f} s, "
            f"map+save {full['map_s']:.1f} s)",
            "baseline_ratio": None,
        },
        {
            "figure": "offline HTML file size",
            "target": "<= 15 MB" if not quick else "",
            "measured": f"{full['mb']:.1f} MB",
            "baseline_ratio": None,
        },
        {
            "figure": "load in headless Chromium (to first date + a full slider jump)",
            "target": "<= 5 s" if not quick else "",
            "measured": "skipped (no /usr/bin/chromium)"
            if full["load_s"] is None
            else f"{full['load_s']:.2f} s",
            "baseline_ratio": None,
        },
        {
            "figure": "slider step in headless Chromium (mean over every date)",
            "target": "<= 50 ms" if not quick else "",
            "measured": "skipped" if full["step_ms"] is None else f"{full['step_ms']:.0f} ms",
            "baseline_ratio": None,
        },
    ]
    for n in (events // 10, events // 3) if not quick else (events // 5,):
        r = measure(places, n, dates, browser=False)
        rows.append(
            {
                "figure": f"growth: {n:,} events",
                "target": "",
                "measured": f"{r['total_s']:.1f} s, {r['mb']:.1f} MB",
                "baseline_ratio": None,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for row in run(args.quick):
        print(f"{row['figure']:<75} {row['target'] or '':<9} {row['measured']}")


if __name__ == "__main__":
    main()
