"""Control timeline rules, on events placed at real M5 waypoints (data/m5_waypoints.csv)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontline.control.timeline import ControlTimeline, read_baseline
from frontline.errors import FrontlineError
from scenarios import SCENARIO, make_events


def test_implied_prior_state_and_changes() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    assert tl.start == "2019-08-21" and tl.end == "2020-02-27"
    t = tl.timeline("Saraqeb")
    # issue 14: the implied state reaches back 60 days (the horizon), not to the data start
    assert list(t["valid_from"]) == [
        "2019-08-21", "2019-12-05", "2019-12-20", "2020-01-04", "2020-01-19",
        "2020-02-03", "2020-02-06", "2020-02-27",
    ]  # fmt: skip
    assert list(t["valid_to"])[-4:] == ["2020-02-03", "2020-02-06", "2020-02-27", ""]
    assert list(t["status"]) == ["unknown", *["held"] * 4, "besieged", "held", "held"]
    assert list(t["side"])[-4:] == ["opposition", "opposition", "government", "opposition"]
    assert t["besieger"].iloc[-3] == "government"
    assert list(t["implied"]) == [False, True, True, True, True, False, False, False]
    assert list(t["basis"]) == ["", *["inferred"] * 4, *["reported"] * 3]
    conf = list(t["confidence"])
    assert conf[0] == 0 and conf[1] < conf[2] < conf[3] < conf[4] < 1 and conf[-1] == 1
    # Morek: only a government capture; the opposing side comes from the whole table.
    m = tl.timeline("morek")
    assert list(m["side"])[-2:] == ["opposition", "government"] and bool(m["implied"].iloc[-2])


def test_control_at_columns_and_values() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    c = tl.control_at("2020-02-04").set_index("place")
    assert c.loc["Saraqeb", "status"] == "besieged"
    assert c.loc["Saraqeb", "side"] == "opposition"
    assert c.loc["Maarat al-Numan", "side"] == "government"
    assert c.loc["Maarat al-Numan", "since"] == "2020-01-28"
    assert c.loc["Maarat al-Numan", "sources"] == "report 2"
    assert c.loc["Morek", "geometry"].x == pytest.approx(36.689)
    assert tl.change_dates()[0] == "2019-08-21"
    assert "2020-02-27" in tl.change_dates()


def test_from_side_column_decides_the_implied_holder() -> None:
    ev = make_events(
        [
            ("Souran", "control_change", "2019-04-01", "government"),
            ("Hama", "control_change", "2019-05-01", "government"),
        ],
        extra={"from_side": ["opposition", "turkey"]},
    )
    assert ControlTimeline(ev).timeline("Hama")["side"].iloc[0] == "turkey"


def test_single_side_without_opponent_is_unknown_before() -> None:
    ev = make_events(
        [
            ("Hama", "control_change", "2019-05-01", "government"),
            ("Souran", "control_change", "2019-05-02", "government"),
        ]
    )
    t = ControlTimeline(ev).timeline("Souran")
    assert list(t["status"]) == ["unknown", "held"]


def test_conflicting_reports_same_day() -> None:
    later_wins = make_events(
        [
            ("Saraqeb", "control_change", "2020-02-27", "government", "2020-02-27T08:00"),
            ("Saraqeb", "control_change", "2020-02-27", "opposition", "2020-02-27T20:00"),
        ]
    )
    c = ControlTimeline(later_wins).control_at("2020-02-27")
    assert c["side"].iloc[0] == "opposition" and c["status"].iloc[0] == "held"
    tie = make_events(
        [
            ("Saraqeb", "control_change", "2020-02-27", "government", "2020-02-27"),
            ("Saraqeb", "control_change", "2020-02-27", "opposition", "2020-02-27"),
        ]
    )
    c = ControlTimeline(tie).control_at("2020-02-27")
    assert c["status"].iloc[0] == "contested"
    assert c["sources"].iloc[0] == "report 0 | report 1"


def test_historical_sets_state_at_year_start() -> None:
    ev = make_events(
        [
            ("Aleppo", "historical", "2016-12-22", "government"),
            ("Saraqeb", "control_change", "2020-02-06", "government"),
        ]
    )
    ev.loc[0, "date_precision"] = "year"
    tl = ControlTimeline(ev)
    # issue 14: a historical event dates its own place only; the data starts with the others
    assert tl.start == "2020-02-06"
    assert tl.timeline("Aleppo")["valid_from"].iloc[0] == "2016-01-01"
    assert tl.control_at("2020-02-06").set_index("place").loc["Aleppo", "side"] == "government"
    assert tl.change_dates()[0] == "2020-02-06"


def test_other_kinds_do_not_change_control() -> None:
    ev = make_events(
        [
            ("Saraqeb", "control_change", "2020-02-06", "government"),
            ("Saraqeb", "advance", "2020-02-10", "opposition"),
            ("Saraqeb", "proximity", "2020-02-11", "opposition"),
        ]
    )
    assert list(ControlTimeline(ev).timeline("Saraqeb")["valid_from"])[-1] == "2020-02-06"


def test_date_outside_data_and_empty_events() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    with pytest.raises(FrontlineError, match="outside the data"):
        tl.control_at("2018-01-01")
    with pytest.raises(FrontlineError, match="not an ISO date"):
        tl.control_at("February")
    with pytest.raises(FrontlineError, match="no control events"):
        ControlTimeline(make_events(SCENARIO).iloc[0:0])
    with pytest.raises(FrontlineError, match="no control events for place"):
        tl.timeline("Atlantis")


def test_baseline_sets_state_and_rejects_unknown_place(tmp_path) -> None:
    good = tmp_path / "baseline.csv"
    good.write_text("place,side,as_of,source\nSaraqeb,opposition,2019-01-01,test baseline\n")
    tl = ControlTimeline(make_events(SCENARIO), baseline=good)
    assert tl.start == "2019-01-01"
    t = tl.timeline("Saraqeb")
    assert t["implied"].iloc[0] is False or not t["implied"].iloc[0]
    assert t["sources"].iloc[0] == "test baseline"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "place,side,as_of,source\nSaraqeb,opposition,2019-01-01,x\nAtlantis,government,2019-01-01,x\n"
    )
    with pytest.raises(FrontlineError) as err:
        ControlTimeline(make_events(SCENARIO), baseline=bad)
    assert str(err.value).startswith(f"{bad}:3:") and "Atlantis" in str(err.value)
    side = tmp_path / "side.csv"
    side.write_text("place,side,as_of,source\nSaraqeb,martians,2019-01-01,x\n")
    with pytest.raises(FrontlineError, match=":2: unknown side"):
        read_baseline(side)


def test_entered_makes_contested_until_capture() -> None:
    # Invented dates on real coordinates: forces enter on the 19th, the capture is on the 21st.
    events = make_events(
        [
            ("Khan Shaykhun", "entered", "2019-08-19", "government"),
            ("Khan Shaykhun", "control_change", "2019-08-21", "government"),
            ("Morek", "control_change", "2019-08-10", "government"),
            ("Morek", "entered", "2019-08-15", "government"),  # already held: no change
            ("Saraqeb", "entered", "2019-08-12", "government"),
            ("Saraqeb", "control_change", "2019-08-12", "government"),  # same day: capture wins
        ],
        extra={"from_side": "opposition"},
    )
    tl = ControlTimeline(events)
    t = tl.timeline("Khan Shaykhun")
    # issue 14: the implied state starts 60 days (the horizon) before the first report
    assert t["valid_from"].iloc[0] == "2019-06-20"
    assert list(t["valid_from"])[-3:] == ["2019-08-04", "2019-08-19", "2019-08-21"]
    assert list(t["status"])[-3:] == ["held", "contested", "held"]
    assert list(t["side"])[-3:] == ["opposition", "", "government"]
    assert bool(t["implied"].iloc[-3]) and t["event_id"].iloc[-2] == "e0"
    at = tl.control_at("2019-08-20").set_index("place")
    assert at.loc["Khan Shaykhun", "status"] == "contested"
    # issue 14: the inferred opposition state is lone (Morek, 12 km away, is reported
    # government-held) so it is not drawn; without the neighbour rule it is opposition.
    before = tl.control_at("2019-08-18").set_index("place").loc["Khan Shaykhun"]
    assert before["status"] == "unknown" and before["confidence"] == 0
    free = ControlTimeline(events, neighbour_km=0)
    assert free.control_at("2019-08-18").set_index("place").loc["Khan Shaykhun", "side"] == (
        "opposition"
    )
    # Morek's capture is on the first date of the data; its implied state lies before it.
    assert list(tl.timeline("Morek")["basis"]) == [*["inferred"] * 4, "reported"]
    assert list(tl.timeline("Morek")["side"])[-1] == "government"
    s = tl.timeline("Saraqeb")
    assert list(s["status"])[-2:] == ["held", "held"]
    assert list(s["side"])[-2:] == ["opposition", "government"]


def test_entered_alone_is_contested_and_counts_as_control_event() -> None:
    tl = ControlTimeline(
        make_events(
            [
                ("Saraqeb", "control_change", "2020-02-06", "government"),
                ("Saraqeb", "entered", "2020-02-25", "opposition"),
            ]
        )
    )
    s = tl.timeline("Saraqeb")
    # (issue 14: before the capture, four inferred steps of the guessed opposition holder)
    assert list(s["status"])[-2:] == ["held", "contested"]
    assert list(s["side"])[-2:] == ["government", ""]
    assert list(s["valid_to"])[-2:] == ["2020-02-25", ""]
    assert tl.end == "2020-02-25"


# -- issue 14: bounded inference, dates, confidence --------------------------------------------


@pytest.fixture(scope="module")
def seeds_timeline() -> ControlTimeline:
    from frontline.pipeline import load_events

    return ControlTimeline(load_events())


def test_dadikh_and_sofahan_not_government_held_in_2019(seeds_timeline) -> None:
    tl = seeds_timeline
    days = [d for d in tl.change_dates() if d < "2020-01-01"] + ["2019-12-31"]
    for day in days:
        c = tl.control_at(day).set_index("place")
        for place in ("Dadikh", "Sofahan"):
            row = c.loc[place]
            assert not (row["side"] == "government" and row["status"] == "held"), (day, place)
    # their only evidence is a 2020 opposition recapture (from_side government): in February
    # 2020 the implied government state is drawn, with a confidence below 1
    feb = tl.control_at("2020-02-20").set_index("place").loc["Dadikh"]
    assert feb["side"] == "government" and feb["basis"] == "inferred" and feb["confidence"] < 1


def test_no_state_implied_beyond_the_horizon(seeds_timeline) -> None:
    for tl in (seeds_timeline, ControlTimeline(seeds_timeline.events, horizon_days=10)):
        iv = tl.intervals()
        for place, states in iv.groupby("place"):
            # the evidence: the first report, or the earlier event of another kind (e.g. a
            # 'proximity' report) back to which the state is implied with certainty
            evidence = states[states["basis"].isin(["reported", "implied"])]["valid_from"]
            guessed = states[states["basis"] == "inferred"]
            if guessed.empty:
                continue
            first = dt.date.fromisoformat(min(evidence))
            earliest = dt.date.fromisoformat(guessed["valid_from"].min())
            assert (first - earliest).days <= tl.horizon_days, place
            assert guessed["confidence"].between(0, 1).all()
            assert (guessed["confidence"] < 1).any()


def test_historical_event_dates_its_place_only(seeds_timeline) -> None:
    tl = seeds_timeline
    assert tl.start >= "2019-01-01" and tl.change_dates()[0] == tl.start
    maarat = tl.timeline("Maarrat al-Nu'man")
    assert maarat["valid_from"].iloc[0] == "2012-01-01" and maarat["side"].iloc[0] == "opposition"
    with pytest.raises(FrontlineError, match="outside the data"):
        tl.control_at("2015-06-01")


def test_states_persist_after_the_last_event_and_latest(seeds_timeline) -> None:
    tl = seeds_timeline
    last = tl.control_at("latest")
    later = tl.control_at("2020-03-06")
    assert tl.check_date("latest") == tl.end < "2020-03-06"
    cols = ["place", "side", "status", "basis", "confidence"]
    assert last[cols].equals(later[cols])
    assert set(later["basis"]) <= {"reported", "implied", "inferred", "baseline", ""}
    assert later["confidence"].between(0, 1).all()


def test_polygon_baseline_built_from_the_curated_layer(tmp_path) -> None:
    """A baseline constructed from the curated layer itself (no invented data): the hull of
    the four northern-Hama places the government took on 21-23 August 2019, opposition-held
    as of the first curated date, with that source; their events override it."""
    import geopandas as gpd
    import shapely

    from frontline.events.model import curated_events

    ev = curated_events()
    names = ["Morek", "Kafr Zita", "al-Lataminah", "Khan Shaykhun"]
    pts = ev[ev["place"].isin(names)].drop_duplicates("place")
    hull = shapely.buffer(shapely.convex_hull(shapely.multipoints(list(pts.geometry))), 0.01)
    start = str(ev["date"].min())
    base = gpd.GeoDataFrame(
        {"side": ["opposition"], "valid_from": [start], "source": ["hull of curated places"]},
        geometry=[hull],
        crs=4326,
    )
    path = tmp_path / "baseline.geojson"
    base.to_file(path, driver="GeoJSON")
    tl = ControlTimeline(ev, baseline=path)
    before = tl.control_at("2019-06-01").set_index("place").loc["Morek"]
    assert before["side"] == "opposition" and before["basis"] == "baseline"
    assert before["sources"] == "hull of curated places" and before["confidence"] == 1
    after = tl.control_at("2019-08-24").set_index("place").loc["Morek"]
    assert after["side"] == "government" and after["basis"] == "reported"
    # a place outside the hull is not touched by the baseline
    saraqib = tl.timeline("Saraqib")
    assert "baseline" not in set(saraqib["basis"])
    bad = tmp_path / "bad.geojson"
    base.assign(side="martians").to_file(bad, driver="GeoJSON")
    with pytest.raises(FrontlineError, match="unknown side"):
        ControlTimeline(ev, baseline=bad)
