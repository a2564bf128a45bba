"""History at change dates and the diff between two dates."""

from __future__ import annotations

import pytest

from frontline.control.timeline import ControlTimeline
from frontline.spatial.history import build_history, diff
from scenarios import SCENARIO, make_events


def test_history_rows_cover_each_date_once() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    h = build_history(tl, max_km=20)
    assert h.dates == tl.change_dates()
    for day in h.dates:
        live = h.control[
            (h.control["valid_from"] <= day)
            & ((h.control["valid_to"] == "") | (h.control["valid_to"] > day))
        ]
        assert not live.duplicated(["side", "class"]).any()  # issue 14: one row per class
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
    # issue 14: the steps of the inferred (decaying) states are change dates too
    inside = [d for d in tl.change_dates() if "2020-01-01" < d <= "2020-02-10"]
    assert h.dates == ["2020-01-01", *inside]
    assert {"2020-01-28", "2020-02-03", "2020-02-06"} <= set(h.dates)
    assert set(h.control["valid_to"]) <= {*h.dates[1:], "2020-02-11"}
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
    # issue 14: one row per side and confidence class; the AOI total is unchanged
    areas = d.areas.groupby("side")[["km2_before", "km2_after", "gained_km2"]].sum()
    assert set(d.areas["class"]) <= {"reported", "inferred", "unknown"}
    assert areas.loc["government", "gained_km2"] > 0
    assert areas["gained_km2"].sum() == pytest.approx(0, abs=1e-3 * areas["km2_after"].sum())


def _live(frame, day: str):
    return frame[
        (frame["valid_from"] <= day) & ((frame["valid_to"] == "") | (frame["valid_to"] > day))
    ]


def _check_compact(tl: ControlTimeline, h, max_km: float = 40.0) -> None:
    """The map's per-place cells, dissolved by side, are control_areas(control_at(date)); the
    edges shown are the front lines; the route parts are the route split."""
    import shapely

    from frontline.spatial.areas import control_areas
    from frontline.spatial.fronts import front_lines

    assert h.cells.groupby("cell_id").geometry.nunique().max() == 1  # one geometry per cell
    for day in h.dates:
        areas = control_areas(tl.control_at(day), max_km=max_km).set_index("side")
        cells = _live(h.cells, day)
        assert cells["cell_id"].is_unique and cells["layout"].nunique() == 1
        assert set(cells["side"]) == set(areas.index), day
        for side, group in cells.groupby("side"):
            union = shapely.union_all(group.geometry.values)
            want = areas.loc[side, "geometry"]
            diff = shapely.symmetric_difference(union, want).area
            assert diff < 0.005 * want.area, (day, side)
            assert group["area_km2"].sum() == pytest.approx(areas.loc[side, "area_km2"], rel=5e-3)
        fronts = front_lines(areas.reset_index())
        edges = _live(h.edges, day)
        assert edges["length_km"].sum() == pytest.approx(fronts["length_km"].sum(), rel=0.01)
        assert set(edges["sides"]) == set(fronts["sides"])
        parts = _live(h.route_parts, day)
        share = h.route_share[h.route_share["date"] == day].set_index("side")["km"]
        got = parts.groupby("side")["length_km"].sum()
        assert got.sort_index().to_dict() == pytest.approx(share.sort_index().to_dict()), day


def test_compact_cells_and_edges_equal_control_areas_and_front_lines() -> None:
    tl = ControlTimeline(make_events(SCENARIO))
    h = build_history(tl)
    assert len(h.edges) and len(h.route_parts)
    _check_compact(tl, h)


def test_compact_layers_follow_layout_changes() -> None:
    # No side ever loses a place to another here, so no prior holder is implied: each place
    # becomes known on its event date and the layout (set of known places) changes.
    rows = [
        ("Morek", "control_change", "2019-08-23", "government"),
        ("Maarat al-Numan", "control_change", "2019-09-01", "opposition"),
        ("Saraqeb", "control_change", "2020-02-06", "government"),
    ]
    tl = ControlTimeline(make_events(rows))
    h = build_history(tl, max_km=30)
    assert h.cells["layout"].nunique() == 3
    assert len(h.edges)
    _check_compact(tl, h, max_km=30)
    # the dissolved layers are still there for exports
    assert len(h.control) and set(h.control.columns) >= {"side", "area_km2", "valid_from"}
