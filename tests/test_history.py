"""History at change dates and the diff between two dates."""

from __future__ import annotations

import pytest

from frontline.control import ControlTimeline
from frontline.history import build_history, diff
from test_control import SCENARIO, make_events


def test_history_rows_cover_each_date_once() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    h = build_history(tl, max_km=20)
    assert h.dates == tl.change_dates()
    for day in h.dates:
        live = h.control[
            (h.control["valid_from"] <= day)
            & ((h.control["valid_to"] == "") | (h.control["valid_to"] > day))
        ]
        assert live["side"].is_unique
        assert live["area_km2"].sum() == pytest.approx(h.control["area_km2"][live.index].sum())
    # 2020-02-06: the government holds every known place, so there is no front line
    live = h.frontline[
        (h.frontline["valid_from"] <= "2020-02-06")
        & ((h.frontline["valid_to"] == "") | (h.frontline["valid_to"] > "2020-02-06"))
    ]
    assert live.empty
    share = h.route_share[h.route_share["date"] == "2020-02-06"].set_index("side")
    assert "opposition" not in share.index and share["pct"].sum() == pytest.approx(100)
    assert set(h.route["side"]) >= {"government", "opposition", "outside"}


def test_history_range_closes_rows() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    h = build_history(tl, start="2020-01-01", end="2020-02-10", route=False)
    assert h.dates == ["2020-01-01", "2020-01-28", "2020-02-03", "2020-02-06"]
    assert set(h.control["valid_to"]) <= {"2020-01-28", "2020-02-06", "2020-02-11"}
    assert h.route.empty
    assert (h.places["valid_from"] >= "2020-01-01").all()
    assert (h.places["valid_to"] <= "2020-02-11").all() and (h.places["valid_to"] != "").all()


def test_diff_lists_changed_places_and_area_gains() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    d = diff(tl, "2020-01-01", "2020-02-10")
    assert sorted(d.places["place"]) == ["Maarat al-Numan", "Saraqeb"]
    row = d.places.set_index("place").loc["Saraqeb"]
    assert (row["side_before"], row["side_after"]) == ("opposition", "government")
    assert row["event_ids"] == "e3 e4"  # the siege, then the capture
    areas = d.areas.set_index("side")
    assert areas.loc["government", "gained_km2"] > 0
    assert areas.loc["government", "gained_km2"] == pytest.approx(
        -areas.loc["opposition", "gained_km2"]
    )
