"""Baseline states overtaken by their neighbours (frontline.control.enclosure).

Places and coordinates are the Donetsk example profile's GeoNames gazetteer; the baseline and
the events are test fixtures (not facts): every place "ukraine" except two "russia" places.
"""

from __future__ import annotations

import pandas as pd
import pytest

from frontline.control.enclosure import ENCLOSED_CONFIDENCE, delaunay_neighbours
from frontline.control.timeline import ControlTimeline
from frontline.errors import FrontlineWarning
from frontline.reference.gazetteer import Gazetteer
from frontline.reference.profile import shipped_profile
from frontline.reference.sides import Sides

AS_OF = "2024-07-01"
RUSSIAN_AT_START = ("Zaitseve", "Kurdyumivka")


@pytest.fixture(scope="module")
def donetsk() -> tuple[Gazetteer, Sides, pd.DataFrame]:
    profile = shipped_profile("donetsk")
    gaz = Gazetteer.load(profile.gazetteer[0])
    places = gaz.to_frame()
    base = pd.DataFrame(
        {
            "place": places["name"],
            "side": ["russia" if n in RUSSIAN_AT_START else "ukraine" for n in places["name"]],
            "as_of": AS_OF,
            "source": "test fixture",
            "place_id": places["id"],
            "lat": places["lat"].astype(float),
            "lon": places["lon"].astype(float),
        }
    )
    return gaz, Sides.load(profile.sides), base


def _events(gaz: Gazetteer, rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    out = []
    for i, (date, place, kind, side) in enumerate(rows):
        m = gaz.geocode(place)
        assert m is not None, place
        out.append(
            {
                "event_id": f"t{i}",
                "date": date,
                "date_precision": "day",
                "place": m.name,
                "place_id": m.place_id,
                "lat": m.lat,
                "lon": m.lon,
                "kind": kind,
                "side": side,
                "from_side": "ukraine" if side == "russia" else "russia",
                "source": "test",
            }
        )
    return pd.DataFrame(out)


def _state(tl: ControlTimeline, place: str, date: str) -> tuple[str, str, str, float]:
    row = tl.control_at(date).set_index("place").loc[place]
    return str(row["side"]), str(row["status"]), str(row["basis"]), float(row["confidence"])


def test_ring_of_a_village_is_its_nearest_places(donetsk) -> None:  # type: ignore[no-untyped-def]
    gaz, _, base = donetsk
    points = {str(r.place_id): (float(r.lat), float(r.lon)) for r in base.itertuples()}
    nbrs, open_ = delaunay_neighbours(points, 15.0)
    names = dict(zip(base["place_id"], base["place"], strict=True))
    pivnichne = gaz.geocode("Pivnichne")
    assert pivnichne is not None
    ring = {names[k] for k in nbrs[pivnichne.place_id]}
    assert {"Pivdenne", "Zalizne", "Toretsk"} <= ring
    assert pivnichne.place_id not in open_
    # Velyka Novosilka's western neighbours lie > 15 km away: its ring is open.
    vn = gaz.geocode("Velyka Novosilka")
    assert vn is not None and vn.place_id in open_


def test_village_enclosed_by_captures_changes_hands(donetsk) -> None:  # type: ignore[no-untyped-def]
    gaz, sides, base = donetsk
    events = _events(
        gaz,
        [
            ("2024-07-20", "Pivdenne", "control_change", "russia"),
            ("2024-08-10", "Zalizne", "control_change", "russia"),
            ("2024-09-01", "Toretsk", "entered", "russia"),
            ("2024-10-01", "Zalizne", "control_change", "ukraine"),
        ],
    )
    tl = ControlTimeline(events, baseline=base, sides=sides, gazetteer=gaz)
    # Toretsk still Ukrainian: the ring is not closed.
    assert _state(tl, "Pivnichne", "2024-08-20") == ("ukraine", "held", "baseline", 1.0)
    # Toretsk fought over, the rest of the ring Russian: enclosed from that day.
    assert _state(tl, "Pivnichne", "2024-09-01") == (
        "russia",
        "held",
        "inferred",
        ENCLOSED_CONFIDENCE,
    )
    # A Ukrainian recapture of a neighbour ends the inference: the baseline state resumes.
    assert _state(tl, "Pivnichne", "2024-10-01")[:3] == ("ukraine", "held", "baseline")
    # A neighbour enclosure never touches a place with a reported state.
    assert _state(tl, "Toretsk", "2024-09-15")[1] == "contested"


def test_event_at_the_place_wins_and_open_ring_is_never_enclosed(donetsk) -> None:  # type: ignore[no-untyped-def]
    gaz, sides, base = donetsk
    events = _events(
        gaz,
        [
            ("2024-07-20", "Pivdenne", "control_change", "russia"),
            ("2024-08-10", "Zalizne", "control_change", "russia"),
            ("2024-09-01", "Toretsk", "control_change", "russia"),
            ("2024-09-10", "Pivnichne", "control_change", "ukraine"),
            ("2024-09-01", "Novyi Komar", "control_change", "russia"),
            ("2024-09-01", "Urozhaine", "control_change", "russia"),
            ("2024-09-01", "Staromaiorske", "control_change", "russia"),
        ],
    )
    tl = ControlTimeline(events, baseline=base, sides=sides, gazetteer=gaz)
    assert _state(tl, "Pivnichne", "2024-09-05")[:3] == ("russia", "held", "inferred")
    # the report at the place confirms its baseline holder: the baseline state resumes
    assert _state(tl, "Pivnichne", "2024-09-10")[:3] == ("ukraine", "held", "baseline")
    # 82 days after the last report (past the 60-day horizon): valid, with one warning
    with pytest.warns(FrontlineWarning, match="after the end of the data"):
        assert _state(tl, "Pivnichne", "2024-12-01")[:3] == ("ukraine", "held", "baseline")
    assert _state(tl, "Velyka Novosilka", "2024-09-15")[:3] == ("ukraine", "held", "baseline")


def test_without_a_baseline_nothing_is_enclosed(donetsk) -> None:  # type: ignore[no-untyped-def]
    gaz, sides, _ = donetsk
    events = _events(
        gaz,
        [
            ("2024-07-20", "Pivdenne", "control_change", "russia"),
            ("2024-08-10", "Zalizne", "control_change", "russia"),
        ],
    )
    tl = ControlTimeline(events, sides=sides, gazetteer=gaz)
    assert "Pivnichne" not in set(tl.intervals()["place"])
