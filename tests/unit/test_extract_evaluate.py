"""Scoring extracted events against gold (frontline.evaluate), on small hand-written tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from frontline.errors import BadInputError
from frontline.events.evaluate import date_agrees, evaluate, format_evaluation
from frontline.reference.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _gold(*rows: tuple[str, ...]) -> pd.DataFrame:
    cols = ["article", "kind", "place", "side", "date", "date_precision", "note"]
    return pd.DataFrame([dict(zip(cols, r, strict=False)) for r in rows]).fillna("")


def _pred(*rows: dict[str, object]) -> pd.DataFrame:
    base = {"article": "a1.txt", "kind": "control_change", "place": "", "place_id": "",
            "lat": math.nan, "lon": math.nan, "side": "government", "date": "2019-08-21",
            "confidence": 0.9, "sentence": "s"}  # fmt: skip
    return pd.DataFrame([{**base, **r} for r in rows])


def test_date_agrees_by_gold_precision() -> None:
    assert date_agrees("2019-08-21", "2019-08-21", "day")
    assert not date_agrees("2019-08-22", "2019-08-21", "day")
    assert date_agrees("2019-08-28", "2019-08-21", "week")
    assert not date_agrees("2019-08-29", "2019-08-21", "week")
    assert date_agrees("2019-08-01", "2019-08-31", "month")
    assert not date_agrees("2019-09-01", "2019-08-31", "month")
    assert date_agrees("2019-01-01", "2019-12-31", "year")
    assert not date_agrees("", "2019-12-31", "year")


def test_hits_misses_false_alarms_and_repeats(gazetteer: Gazetteer) -> None:
    khan = gazetteer.geocode("Khan Shaykhun")
    assert khan is not None
    gold = _gold(
        ("a1", "control_change", "Khan Sheikhoun", "government", "2019-08-21", "day"),
        ("a1", "siege", "Morek", "government", "2019-08-23", "week", "encircled"),
        ("a1", "control_change", "Kafr Zita", "government", "2019-08-20", "day", "list"),
    )
    pred = _pred(
        # matched by gazetteer id (the gold spelling differs)
        {"place": khan.name, "place_id": khan.place_id, "lat": khan.lat, "lon": khan.lon},
        # a repeated mention of the same change: neither hit nor false alarm
        {"place": "Khan Shaykhoun", "confidence": 0.6},
        # right place, wrong side: a false alarm (and Morek's siege stays missed)
        {"kind": "siege", "place": "Morek", "side": "opposition", "date": "2019-08-25"},
        # the same false alarm mentioned twice counts once
        {"kind": "siege", "place": "Morek", "side": "opposition", "date": "2019-08-25"},
        # a kind the gold does not score is ignored
        {"kind": "advance", "place": "Morek"},
    )
    result = evaluate(pred, gold, gazetteer=gazetteer)
    overall = result.overall()
    assert (overall["gold"], overall["hits"], overall["false_alarms"]) == (3, 1, 1)
    assert overall["precision"] == 0.5 and overall["recall"] == 0.333
    assert overall["f1"] == 0.4
    errors = result.errors
    assert sorted(errors["error"]) == ["false_alarm", "miss", "miss"]
    missed = set(errors[errors["error"] == "miss"]["place"])
    assert missed == {"Morek", "Kafr Zita"}
    kinds = result.scores[result.scores["scope"] == "kind"].set_index("key")
    assert kinds.loc["siege", "hits"] == 0 and kinds.loc["control_change", "hits"] == 1


def test_place_within_3_km_matches(gazetteer: Gazetteer) -> None:
    morek = gazetteer.geocode("Morek")
    assert morek is not None
    gold = _gold(("a1", "siege", "Morek", "government", "2019-08-23", "week"))
    # 0.02 degrees of latitude north of the gazetteer point: about 2.2 km
    near = _pred({"kind": "siege", "place": "Somewhere", "lat": morek.lat + 0.02,
                  "lon": morek.lon, "date": "2019-08-23"})  # fmt: skip
    assert evaluate(near, gold, gazetteer=gazetteer).overall()["hits"] == 1
    # 0.04 degrees: about 4.4 km, too far
    far = near.assign(lat=morek.lat + 0.04)
    assert evaluate(far, gold, gazetteer=gazetteer).overall()["hits"] == 0


def test_folded_names_without_gazetteer_and_empty_gold_side() -> None:
    gold = _gold(("a1", "held", "Idlib", "", "2019-11-15", "day"))
    pred = _pred({"kind": "held", "place": "Idleb", "side": "opposition", "date": "2019-11-15"})
    assert evaluate(pred, gold, gazetteer=False).overall()["hits"] == 1


def test_articles_table_adds_outlets_and_split() -> None:
    gold = _gold(
        ("a1", "control_change", "Morek", "government", "2019-08-23", "day"),
        ("b1", "control_change", "Kafr Zita", "government", "2019-08-20", "day"),
    )
    articles = pd.DataFrame([
        {"article": "a1", "outlet": "Xinhua", "split": "dev"},
        {"article": "b1", "outlet": "TASS", "split": "test"},
    ])  # fmt: skip
    pred = _pred({"place": "Morek", "date": "2019-08-23"})
    dev = evaluate(pred, gold, gazetteer=False, articles=articles, split="dev")
    assert dev.overall()["gold"] == 1 and dev.overall()["hits"] == 1
    outlets = dev.scores[dev.scores["scope"] == "outlet"]
    assert list(outlets["key"]) == ["Xinhua"]
    test = evaluate(pred, gold, gazetteer=False, articles=articles, split="test")
    assert test.overall()["hits"] == 0 and test.overall()["gold"] == 1
    bands = dev.scores[dev.scores["scope"] == "confidence"]
    assert list(bands["key"]) == ["0.85"] and list(bands["precision"]) == [1.0]


def test_min_confidence_and_formats() -> None:
    gold = _gold(("a1", "control_change", "Morek", "government", "2019-08-23", "day"))
    pred = _pred({"place": "Morek", "date": "2019-08-23", "confidence": 0.4},
                 {"place": "Hama", "sentence": "Troops took Hama."})  # fmt: skip
    result = evaluate(pred, gold, gazetteer=False, min_confidence=0.5)
    assert result.overall()["hits"] == 0 and result.overall()["false_alarms"] == 1
    table = format_evaluation(result, "table")
    assert "FALSE_ALARM a1 control_change Hama government 2019-08-21" in table
    assert "Troops took Hama." in table and "MISS" in table
    assert format_evaluation(result, "csv").splitlines()[0].startswith("scope,key,gold,")
    assert '"false_alarm"' in format_evaluation(result, "json")


def test_bad_gold_file(tmp_path) -> None:
    bad = tmp_path / "gold.csv"
    bad.write_text("article,kind\na1,siege\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="missing column"):
        evaluate(_pred({"place": "Morek"}), bad, gazetteer=False)
