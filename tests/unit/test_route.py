"""Route loading and linear referencing along the shipped M5."""

from __future__ import annotations

import json

import pytest

from frontline.control.timeline import ControlTimeline
from frontline.errors import FrontlineError, FrontlineWarning
from frontline.spatial import areas as G
from frontline.spatial import route as R
from scenarios import SCENARIO, make_events


def test_load_shipped_m5() -> None:
    rt = R.load_route()
    line = rt.geometry.iloc[0]
    assert line.geom_type == "LineString" and len(line.coords) == 17
    assert line.coords[0] == pytest.approx((36.29128, 33.5102))  # Damascus waypoint
    assert line.coords[-1] == pytest.approx((37.16117, 36.20124))  # Aleppo waypoint
    assert 300 < rt["length_km"].iloc[0] < 400
    assert rt.attrs["waypoints"]["Saraqeb"] == pytest.approx((36.80591, 35.86447))


def test_route_without_linestring_is_an_error(tmp_path) -> None:
    bad = tmp_path / "points.geojson"
    bad.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Point", "coordinates": [36.8, 35.8]},
                    }
                ],
            }
        )
    )
    with pytest.raises(FrontlineError, match="no LineString"):
        R.load_route(bad)
    with pytest.raises(FrontlineError, match="not found"):
        R.load_route(tmp_path / "missing.geojson")


def test_segments_agree_with_areas_and_sum_to_length() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    rt = R.load_route()
    # (issue 14: 02-04, when Saraqeb's opposition state is reported, not inferred/decayed)
    segs = R.route_segments(rt, G.control_areas(tl.control_at("2020-02-04")))
    assert segs["km_from"].iloc[0] == 0
    assert segs["km_to"].iloc[-1] == pytest.approx(rt["length_km"].iloc[0])
    assert segs["km_from"].iloc[1:].to_numpy() == pytest.approx(segs["km_to"].iloc[:-1].to_numpy())
    share = R.route_control(tl, ["2020-02-04"], route=rt).set_index("side")
    by_side = segs.groupby("side")["length_km"].sum()
    for side in ("government", "opposition", "unknown", "outside"):
        assert share.loc[side, "km"] == pytest.approx(by_side[side], abs=0.01)
    assert share["pct"].sum() == pytest.approx(100)
    # Saraqeb (opposition) lies on the route: the segment containing its km is opposition's
    idx = R.RouteIndex(rt, G.engine_for())
    km, off = idx.km_of(36.80591, 35.86447)
    assert off < 0.01
    row = segs[(segs["km_from"] <= km) & (segs["km_to"] >= km)].iloc[0]
    assert row["side"] == "opposition"


def test_first_full_control_between_waypoints() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    # Khan Shaykhun to Maarat al-Numan: ~23 km apart, both taken by the government; with
    # 20 km reach the stretch is wholly government once Maarat al-Numan falls
    assert R.first_full_control(tl, "Khan Shaykhun", "Maarat al-Numan", max_km=20) == (
        "2020-01-28",
        "government",
    )
    assert R.first_full_control(tl, "Morek", "Saraqeb", side="opposition", max_km=20) is None
    with pytest.raises(FrontlineError, match="km from the route"):
        R.first_full_control(tl, (36.0, 35.5), "Saraqeb")
    with pytest.raises(FrontlineError, match="unknown place"):
        R.first_full_control(tl, "Atlantis", "Saraqeb")


def test_route_control_date_outside_data() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    # issue 14: dates after the last event are valid (states persist); before the data not
    with pytest.raises(FrontlineError, match="outside the data"):
        R.route_control(tl, ["2018-01-01"])
    # valid, but years past the data: one warning naming its last date
    with pytest.warns(
        FrontlineWarning, match=f"after the end of the data \\(last date {tl.end}\\)"
    ):
        late = R.route_control(tl, ["2030-01-01"])
    assert late["pct"].sum() == pytest.approx(100)


def test_curated_hama_aleppo_first_full_control_in_february_2020() -> None:
    """Issue 4: the curated 2019-2020 events show the government taking the whole
    Hama-Aleppo stretch of the M5 in February 2020.

    Issue 14 removed the 10 km cut-off; with the calibrated confidence (10-40 km from a place:
    0.5, class ``inferred``) the stretch just north of Hama city, 20 km from any report, is
    estimated too, so strict control and control allowing up to 10 % unknown agree.
    """
    from frontline.events.model import curated_events

    tl = ControlTimeline(curated_events())
    strict = R.first_full_control(tl, "Hama", "Aleppo")
    found = R.first_full_control(tl, "Hama", "Aleppo", allow_unknown=True)
    assert strict == found
    assert found is not None
    date, side = found
    assert side == "government" and date.startswith("2020-02")
    # The day before, the opposition (or a contested place) still held part of the M5.
    shares = R.route_control(tl, [_prev_day(date)], stretch=("Hama", "Aleppo"))
    assert set(shares["side"]) & {"opposition", "contested"}
    assert shares["pct"].sum() == pytest.approx(100)


def test_historical_event_does_not_open_the_m5_in_2012() -> None:
    """The seeds add a 2012 'historical' opposition capture of Maarat al-Numan: it dates that
    place only; the data still start in 2019 and the government takes the stretch in 2020."""
    from frontline.pipeline import load_events

    events = load_events()
    tl = ControlTimeline(events)
    assert tl.start >= "2019"
    # The seeds' region-level "rebel-held ... Idlib province" (2020-01-29) fills far pieces
    # of Idlib province at the edge of the front, leaving 0.17 km of the stretch opposition
    # next to al-Nayrab (contested, then retaken) after the government took it
    # (docs/control-model.md, limits); the date is asked of the point evidence.
    tl = ControlTimeline(events[events["kind"] != "held"])
    date, side = R.first_full_control(tl, "Hama", "Aleppo", allow_unknown=True)
    assert side == "government" and date.startswith("2020-02")


def test_stretch_shares_of_mapped_length() -> None:
    from frontline.events.model import curated_events

    tl = ControlTimeline(curated_events())
    whole = R.route_control(tl, ["2020-02-15"]).set_index("side")
    part = R.route_control(tl, ["2020-02-15"], stretch=("Hama", "Aleppo")).set_index("side")
    # the M5 runs from Damascus, far outside the area of interest: outside only in the whole
    assert whole.loc["outside", "pct"] > 40 and "outside" not in part.index
    mapped = whole.drop(index="outside")
    assert mapped["pct_mapped"].sum() == pytest.approx(100)
    assert part["pct"].sum() == pytest.approx(100)
    assert part.loc["government", "km"] < whole.loc["government", "km"] + 1e-6


def _prev_day(date: str) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat()


def test_route_keeps_its_whole_length_when_the_length_rounds_up(tmp_path) -> None:
    """Breakpoints are rounded to 1e-6 km; a route whose length rounds *up* used to lose its
    last stretch (issue 18: 15.3 km on a test route). Cut the M5 at many lengths, keep those
    whose km rounds up, and check the per-side km add up to the whole length."""
    import geopandas as gpd
    import numpy as np
    import shapely
    import shapely.ops

    from frontline.events.model import curated_events

    tl = ControlTimeline(curated_events())
    line = R.load_route().geometry.iloc[0]
    checked = 0
    for frac in np.linspace(0.35, 0.95, 60):
        part = shapely.ops.substring(line, 0, frac, normalized=True)
        path = tmp_path / f"r{checked}.geojson"
        gpd.GeoDataFrame({"name": ["cut"]}, geometry=[part], crs=4326).to_file(path)
        route = R.load_route(path)
        length = float(route["length_km"].iloc[0])
        if round(length, 6) <= length:
            continue
        km = R.route_control(tl, ["2020-02-15"], route=route)["km"].sum()
        assert km == pytest.approx(length, abs=1e-4), (frac, length, km)
        checked += 1
        if checked == 3:
            break
    assert checked == 3


def test_exported_route_and_front_line_km_keep_three_decimals(tmp_path) -> None:
    """Exported km figures read 39.993, not 39.993051154911626; the route still ends at its
    whole length (rounded to 1 m), and the front line's length is its geometry's, to 1 m."""
    import csv

    import geopandas as gpd
    import shapely.ops

    from frontline.events.model import curated_events
    from frontline.output.export import build_layers, export_layers

    events = curated_events()
    line = R.load_route().geometry.iloc[0]
    part = shapely.ops.substring(line, 0, 0.777, normalized=True)
    path = tmp_path / "cut.geojson"
    gpd.GeoDataFrame({"name": ["cut"]}, geometry=[part], crs=4326).to_file(path)
    route = R.load_route(path)
    length = float(route["length_km"].iloc[0])
    assert round(length, 3) != length  # a length with more than 3 decimals
    layers = build_layers(events, layers=["route", "frontline"], date="2020-02-15", route=route)
    raw_front = layers["frontline"]["length_km"].tolist()
    assert any(round(v, 3) != v for v in raw_front)
    for fmt in ("geojson", "csv"):
        out = tmp_path / fmt
        export_layers(layers, out, fmt)
        if fmt == "geojson":
            rows = []
            for name in ("route", "frontline"):
                text = (out / f"{name}.geojson").read_text()
                rows += [f["properties"] for f in json.loads(text)["features"]]
        else:
            rows = []
            for name in ("route", "frontline"):
                with open(out / f"{name}.csv", newline="") as fh:
                    rows += [{k: float(v) if "km" in k else v for k, v in r.items()}
                             for r in csv.DictReader(fh)]  # fmt: skip
        figures = [r[k] for r in rows for k in ("km_from", "km_to", "length_km") if k in r]
        assert figures and all(round(v, 3) == v for v in figures), fmt
        route_rows = [r for r in rows if "km_to" in r]
        assert max(r["km_to"] for r in route_rows) == round(length, 3)
        fronts = sorted(r["length_km"] for r in rows if "sides" in r)
        assert fronts == sorted(round(v, 3) for v in raw_front)
