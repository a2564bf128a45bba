"""Round 3 of real-reporting patterns (sentences written for these tests): region words
before a list, dates that sentences give, and what is not a change."""

from __future__ import annotations

import warnings

import pytest

from frontline.errors import UnlocatedPlacesWarning
from frontline.events.extract import extract_events
from frontline.ingest.articles import Article
from frontline.reference.gazetteer import Gazetteer

PUB = "2019-08-23"  # a Friday
MOREK, KAFR_ZITA, LATMIN, LAHAYA = "gn:166640", "gn:168620", "wp:latmin", "wp:lahaya"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _run(text: str, gazetteer: Gazetteer, pub: str = PUB):
    art = Article("t.txt", pub, "Test", "", "", text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnlocatedPlacesWarning)
        return extract_events([art], gazetteer)


def _changes(df) -> set[tuple[str, str, str]]:
    rows = df[df.kind.isin(["control_change", "historical"])]
    return {(r.place_id or r.place, r.side, r.date) for r in rows.itertuples()}


def test_regions_of_before_a_list_makes_no_member_a_region(gazetteer) -> None:
    # a list after "regions of" (first member a name the gazetteer lacks): all places
    df = _run("The army retook the villages and regions of Zorvani, Latmin and Kafr Zita.",
              gazetteer)  # fmt: skip
    assert {LATMIN, KAFR_ZITA} <= {p for p, _, _ in _changes(df)}
    df = _run("The army took the countryside of Morek and Latmin on Monday.", gazetteer)
    assert _changes(df) == set()  # "the countryside of X and Y": both regions


def test_a_reports_date_does_not_redate_a_change_dated_elsewhere(gazetteer) -> None:
    text = ("Government forces captured Morek on Wednesday. The army has taken all of Morek, "
            "a military source told the agency on Thursday.")  # fmt: skip
    assert _changes(_run(text, gazetteer)) == {(MOREK, "government", "2019-08-21")}
    # alone, the report's date still stands in for the change
    text = "Government forces have captured Kafr Zita, a military source said on Thursday."
    assert _changes(_run(text, gazetteer)) == {(KAFR_ZITA, "government", "2019-08-22")}


def test_today_in_a_quotation_counts_from_the_speaker(gazetteer) -> None:
    text = ("Rebels retook Latmin on Tuesday. “Today we entered Latmin and took it "
            "completely,” a commander said.")  # fmt: skip
    assert _changes(_run(text, gazetteer)) == {(LATMIN, "opposition", "2019-08-20")}


def test_a_condition_with_should_is_no_change(gazetteer) -> None:
    text = "Should government forces capture Morek, they will be close to besieging Latmin."
    assert _changes(_run(text, gazetteer)) == set()
    text = "Government forces captured Morek on Tuesday, the army said."
    assert _changes(_run(text, gazetteer)) == {(MOREK, "government", "2019-08-20")}


def test_a_change_with_no_named_place_sets_who_the_story_is_about(gazetteer) -> None:
    text = ("Rebels took Morek on Monday. Government forces have recaptured about 20 villages "
            "since then. The capture of Latmin on Thursday was a blow to the rebels.")  # fmt: skip
    changes = _changes(_run(text, gazetteer))
    assert (LATMIN, "government", "2019-08-22") in changes
    assert (MOREK, "opposition", "2019-08-19") in changes
    # an actor that is not the verb's subject ("empty of rebels and we entered") is no topic
    text = ("Government forces took Morek on Monday. The towns are empty of rebels and we "
            "entered all of them. The capture of Latmin on Thursday followed.")  # fmt: skip
    assert (LATMIN, "government", "2019-08-22") in _changes(_run(text, gazetteer))


def test_a_place_the_gazetteer_lacks_keeps_its_landform_word(gazetteer) -> None:
    text = "Government forces seized Zorvani heights and Morek on Thursday."
    assert _changes(_run(text, gazetteer)) == {("Zorvani heights", "government", "2019-08-22"),
                                               (MOREK, "government", "2019-08-22")}  # fmt: skip


def test_a_change_with_no_gainer_takes_the_side_of_a_one_way_report(gazetteer) -> None:
    text = ("Kafr Zita was liberated on Wednesday! Government forces took Morek on Monday "
            "and Lahaya on Tuesday.")  # fmt: skip
    assert (KAFR_ZITA, "government", "2019-08-21") in _changes(_run(text, gazetteer))
    # changes both ways: no side is guessed
    text = ("Kafr Zita was liberated on Wednesday! Rebels took Morek on Monday. Government "
            "forces took Lahaya on Tuesday.")  # fmt: skip
    assert (KAFR_ZITA, "", "2019-08-21") in _changes(_run(text, gazetteer))


def test_one_change_told_on_two_near_days_keeps_the_surer_day(gazetteer) -> None:
    text = ("Government forces captured Morek on Monday. Troops entered Morek on Tuesday "
            "with armoured vehicles.")  # fmt: skip
    assert _changes(_run(text, gazetteer)) == {(MOREK, "government", "2019-08-19")}
    # days far apart are two changes (taken, lost in between, retaken)
    text = ("Government forces captured Morek on August 2. Government forces captured Morek "
            "again on Monday.")  # fmt: skip
    dates = {d for _, _, d in _changes(_run(text, gazetteer))}
    assert dates == {"2019-08-02", "2019-08-19"}
