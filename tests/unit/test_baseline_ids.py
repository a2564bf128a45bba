"""Baseline rows are matched by place_id before any name; folding never merges digit strings.

On the shipped Donetsk profile: its gazetteer has two GeoNames places called Shevchenko
(gn:694167 south of Pokrovsk, located by the curated layer; gn:707625 north-west of it), and
two ids that differ only in doubled digits (gn:686799 Zvirove, gn:688679 Vysoke).
"""

from __future__ import annotations

import pandas as pd
import pytest

from frontline.control.timeline import ControlTimeline
from frontline.errors import UnknownPlaceError
from frontline.events.model import curated_events
from frontline.reference.gazetteer import Gazetteer
from frontline.reference.normalize import fold
from frontline.reference.profile import shipped_profile
from frontline.reference.sides import Sides


@pytest.fixture(scope="module")
def donetsk():  # type: ignore[no-untyped-def]
    prof = shipped_profile("donetsk")
    return prof, Gazetteer.load(prof.gazetteer[0]), Sides.load(prof.sides)


def test_fold_keeps_digits_apart_and_still_folds_letters() -> None:
    assert fold("gn:686799") != fold("gn:688679")
    assert fold("gn:686799") == "gn 686799"
    assert fold("Maarrat") == fold("Maarat")  # doubled letters still collapse


def test_baseline_row_with_a_place_id_is_never_matched_by_name(donetsk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prof, gaz, sides = donetsk
    events = curated_events(prof.curated[0])
    # the curated layer locates one Shevchenko; the baseline names the other one by id
    assert "gn:694167" in set(events["place_id"])
    path = tmp_path / "baseline.csv"
    path.write_text(
        "place,side,as_of,source,place_id\n"
        "Shevchenko,ukraine,2024-07-08,test,gn:707625\n"
        "Zvirove,ukraine,2024-07-08,test,gn:686799\n"
        "Vysoke,russia,2024-07-08,test,gn:688679\n",
        encoding="utf-8",
    )
    tl = ControlTimeline(events, baseline=path, sides=sides, gazetteer=gaz)
    iv = tl.intervals()
    north = iv[iv["place_id"] == "gn:707625"]
    # unknown until the baseline date, then the baseline's state, never changed by an event
    assert list(north["basis"])[-1] == "baseline" and list(north["side"])[-1] == "ukraine"
    assert list(north["valid_from"])[-1] == "2024-07-08" and list(north["valid_to"])[-1] == ""
    assert north.geometry.iloc[0].y == pytest.approx(48.38193)  # from the gazetteer, by id
    south = iv[iv["place_id"] == "gn:694167"]
    assert "baseline" not in set(south["basis"])  # the namesake keeps its own history
    last = iv.drop_duplicates("place_id", keep="last")
    sides_by_id = dict(zip(last["place_id"], last["side"], strict=True))
    assert sides_by_id["gn:686799"] == "ukraine" and sides_by_id["gn:688679"] == "russia"


def test_baseline_frame_by_id_and_unknown_id_is_refused(donetsk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    prof, gaz, sides = donetsk
    events = curated_events(prof.curated[0])
    frame = pd.DataFrame(
        {
            "place": ["Zvirove", "Vysoke"],
            "side": ["ukraine", "russia"],
            "as_of": "2024-07-08",
            "source": "test",
            "place_id": ["gn:686799", "gn:688679"],
        }
    )
    iv = ControlTimeline(events, baseline=frame, sides=sides, gazetteer=gaz).intervals()
    assert {"gn:686799", "gn:688679"} <= set(iv["place_id"])
    bad = tmp_path / "bad.csv"
    bad.write_text("place,side,as_of,source,place_id\nX,ukraine,2024-07-08,t,gn:1\n")
    with pytest.raises(UnknownPlaceError, match="gn:1"):
        ControlTimeline(events, baseline=bad, sides=sides, gazetteer=gaz)
