"""A ``held`` assertion naming a town ("the rebel-held town of X") is that town's state from its
date; one naming an admin-1 division stays a region assertion; neither overrides a report."""

from __future__ import annotations

import pytest

from frontline.control.timeline import ControlTimeline
from frontline.reference.gazetteer import Gazetteer
from scenarios import make_events


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _row(tl: ControlTimeline, date: str, place: str) -> dict:
    table = tl.control_at(date)
    rows = table[table["place"] == place]
    return rows.iloc[0].to_dict() if len(rows) else {}


def test_town_held_fills_an_unknown_state(gazetteer: Gazetteer) -> None:
    events = make_events(
        [
            ("Morek", "control_change", "2019-08-23", "government"),
            ("Maar Dibsah", "held", "2019-09-01", "opposition"),
        ]
    )
    tl = ControlTimeline(events, gazetteer=gazetteer)
    row = _row(tl, "2019-09-05", "Maar Dibsah")
    assert (row["side"], row["status"], row["basis"]) == ("opposition", "held", "reported")
    # Nothing before the assertion: it states a holder, not a change.
    assert _row(tl, "2019-08-25", "Maar Dibsah").get("side", "") == ""


def test_town_held_never_overrides_a_reported_capture(gazetteer: Gazetteer) -> None:
    events = make_events(
        [
            ("Khan Shaykhun", "control_change", "2019-08-21", "government"),
            ("Khan Shaykhun", "held", "2019-09-01", "opposition"),  # a stale phrase
        ]
    )
    tl = ControlTimeline(events, gazetteer=gazetteer)
    assert _row(tl, "2019-09-05", "Khan Shaykhun")["side"] == "government"


def test_admin1_name_stays_a_region_and_no_gazetteer_keeps_regions_only(
    gazetteer: Gazetteer,
) -> None:
    assert "Hama" in gazetteer.admin1_names
    events = make_events(
        [
            ("Morek", "control_change", "2019-08-23", "government"),
            ("Hama", "held", "2019-09-01", "government"),
            ("Maar Dibsah", "held", "2019-09-01", "opposition"),
        ]
    )
    tl = ControlTimeline(events, gazetteer=gazetteer)
    assert _row(tl, "2019-09-05", "Hama") == {}
    assert ("government", "Hama") in tl.regions_at("2019-09-05")
    plain = ControlTimeline(events)  # no gazetteer: cannot tell a town from a province
    assert _row(plain, "2019-09-05", "Maar Dibsah") == {}
