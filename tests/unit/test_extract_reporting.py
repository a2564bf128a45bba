"""General patterns of real reporting beyond "<actor> captured <place>" (sentences written
for these tests): lists broken by appositions, reduced passives, states with a start year,
relative day offsets, attributions that are not places, hedges."""

from __future__ import annotations

import warnings

import pytest

from frontline.errors import UnlocatedPlacesWarning
from frontline.events.extract import extract_events
from frontline.ingest.articles import Article
from frontline.reference.gazetteer import Gazetteer

PUB = "2019-08-23"  # a Friday
MOREK, KAFR_ZITA, LATMIN, LAHAYA = "gn:166640", "gn:168620", "wp:latmin", "wp:lahaya"
KHAN_SHAYKHUN = "gn:168325"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _run(text: str, gazetteer: Gazetteer):
    art = Article("t.txt", PUB, "Test", "", "", text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnlocatedPlacesWarning)
        return extract_events([art], gazetteer)


def _changes(df) -> set[tuple[str, str, str]]:
    rows = df[df.kind.isin(["control_change", "historical"])]
    return {(r.place_id or r.place, r.side, r.date) for r in rows.itertuples()}


def test_list_goes_on_after_an_apposition_or_a_parenthesis(gazetteer) -> None:
    df = _run("Government forces seized Morek, a town north of Hama, and Latmin on Tuesday.",
              gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "government", "2019-08-20"),
                            (LATMIN, "government", "2019-08-20")}  # fmt: skip
    df = _run("Rebels retook Morek, Latmin (a hamlet on the highway) and Kafr Zita on Monday.",
              gazetteer)  # fmt: skip
    assert {p for p, _, _ in _changes(df)} == {MOREK, LATMIN, KAFR_ZITA}
    # a list member with "the" and a capital is a member, not an apposition
    df = _run("Troops took Morek, the Latmin hilltop, Lahaya and Kafr Zita on Monday.", gazetteer)
    assert {p for p, _, _ in _changes(df)} == {MOREK, LATMIN, LAHAYA, KAFR_ZITA}


def test_reduced_passive_after_a_comma_and_in_a_headline(gazetteer) -> None:
    df = _run("Morek, recaptured by government forces on Monday, was calm on Thursday.",
              gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "government", "2019-08-19")}
    df = _run("Town of Kafr Zita seized by rebels", gazetteer)
    assert _changes(df) == {(KAFR_ZITA, "opposition", PUB)}
    # an active verb after a comma keeps its object
    df = _run("Troops advanced, captured Latmin on Monday and pushed on.", gazetteer)
    assert _changes(df) == {(LATMIN, "government", "2019-08-19")}


def test_a_state_since_a_year_is_a_change_that_year(gazetteer) -> None:
    df = _run("Rebels withdrew from Khan Shaykhun, which had been held by HTS since 2014, "
              "on Tuesday as government forces entered the town.", gazetteer)  # fmt: skip
    got = _changes(df)
    assert (KHAN_SHAYKHUN, "opposition", "2014-01-01") in got
    # the year dates the state, not the withdrawal
    assert (KHAN_SHAYKHUN, "government", "2019-08-20") in got
    df = _run("Morek has been in rebel hands since early 2013.", gazetteer)
    rows = df[df.kind == "historical"]
    assert [(r.place_id, r.side, r.date, r.date_precision) for r in rows.itertuples()] == [
        (MOREK, "opposition", "2013-01-01", "year")
    ]
    assert "held" in set(df.kind)
    # a state phrase followed by another "since" says nothing of when the state began
    df = _run("The rebel-held town of Latmin has been shelled since 2017.", gazetteer)
    assert _changes(df) == set()


def test_days_after_dates_the_clause_it_opens(gazetteer) -> None:
    df = _run("Syrian troops captured Morek on Tuesday, two days after they took Latmin.",
              gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "government", "2019-08-20"),
                            (LATMIN, "government", "2019-08-18")}  # fmt: skip


def test_including_after_a_count_and_more_verbs(gazetteer) -> None:
    df = _run("The army has seized a dozen villages in recent days, including Morek and "
              "Latmin.", gazetteer)  # fmt: skip
    assert {p for p, _, _ in _changes(df)} == {MOREK, LATMIN}
    df = _run("Army units have taken under control the village of Lahaya. Kafr Zita was "
              "brought back under government control on Wednesday. Morek has fallen, "
              "rebels said on Thursday.", gazetteer)  # fmt: skip
    got = {(p, s) for p, s, _ in _changes(df)}
    assert {(LAHAYA, "government"), (KAFR_ZITA, "government")} <= got
    assert MOREK in {p for p, _ in got}


def test_attribution_and_nationality_are_not_list_members(gazetteer) -> None:
    df = _run("Troops captured Morek, the Russian reconciliation centre said on Tuesday. "
              "Rebels took Latmin, Turkish media reported.", gazetteer)  # fmt: skip
    assert {p for p, _, _ in _changes(df)} == {MOREK, LATMIN}


def test_hedges_attempts_and_denials_give_nothing(gazetteer) -> None:
    df = _run("Presumably troops also entered Morek. Soldiers tried to push into Latmin on "
              "Monday. Rebels denied that Kafr Zita had been brought under government "
              "control. Morek, the army hopes to capture soon, lies north.",
              gazetteer)  # fmt: skip
    assert _changes(df) == set()


def test_a_state_since_a_year_said_of_the_town(gazetteer) -> None:
    df = _run("Government forces entered Morek on Tuesday. The town had been in rebel hands "
              "since 2014.", gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "government", "2019-08-20"),
                            (MOREK, "opposition", "2014-01-01")}  # fmt: skip


def test_siege_of_a_post_is_a_siege_of_its_town(gazetteer) -> None:
    df = _run("Troops took Latmin and Morek, where Turkey maintains an observation post, on "
              "Thursday. Government forces then encircled the Turkish observation post.",
              gazetteer)  # fmt: skip
    sieges = df[df.kind == "siege"]
    assert list(zip(sieges.place_id, sieges.side, strict=True)) == [(MOREK, "government")]


def test_relative_subject_after_from_and_the_latter(gazetteer) -> None:
    df = _run("The army began an offensive to retake Morek from the rebels that captured it "
              "on Monday.", gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "opposition", "2019-08-19")}
    df = _run("The army captured Latmin and Zzyzx Hill, adding that the latter was later "
              "recaptured by rebels.", gazetteer)  # fmt: skip
    assert (LATMIN, "opposition", PUB) not in _changes(df)
    assert ("Zzyzx Hill", "opposition", PUB) in _changes(df)


def test_hearsay_and_headline_words_give_nothing(gazetteer) -> None:
    df = _run("According to unconfirmed reports, the army has entered Morek.", gazetteer)
    assert _changes(df) == set()
    df = _run("Militants Seized Latmin and Rushed to the Town of Morek", gazetteer)
    assert set(df[df.kind == "control_change"].place) == {"Latmin"}  # not "Rushed"
    df = _run("Troops captured Latmin, the London-based monitor said.", gazetteer)
    assert {p for p, _, _ in _changes(df)} == {LATMIN}


def test_held_speaks_of_the_present_only(gazetteer) -> None:
    df = _run("Rebels pulled out of Morek, which had been held by HTS since 2013, on Monday. "
              "Troops took control of the jihadist stronghold of Latmin on Tuesday. "
              "Shelling hit the rebel-held west of Kafr Zita and the rebel-held town of Lahaya.",
              gazetteer)  # fmt: skip
    held = df[df.kind == "held"]
    assert list(zip(held.place_id, held.side, strict=True)) == [(LAHAYA, "opposition")]
    assert (MOREK, "opposition", "2013-01-01") in _changes(df)  # the start of the past state


def test_relative_clauses_about_a_list_and_back_under_control(gazetteer) -> None:
    df = _run("Morek and Latmin, which rebels had seized in May, were recaptured by the army "
              "on Tuesday.", gazetteer)  # fmt: skip
    assert _changes(df) == {(p, side, day) for p in (MOREK, LATMIN)
                            for side, day in (("opposition", "2019-05-01"),
                                              ("government", "2019-08-20"))}  # fmt: skip
    df = _run("Troops advanced on Latmin, which fell to the rebels in 2015. Kafr Zita is back "
              "under government control, state media said on Tuesday.", gazetteer)  # fmt: skip
    assert _changes(df) == {(LATMIN, "opposition", "2015-01-01"),
                            (KAFR_ZITA, "government", "2019-08-20")}  # fmt: skip


def test_each_list_member_keeps_the_date_after_it(gazetteer) -> None:
    df = _run("The army captured Morek and Lahaya on Monday and Latmin late on Tuesday.",
              gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "government", "2019-08-19"),
                            (LAHAYA, "government", "2019-08-19"),
                            (LATMIN, "government", "2019-08-20")}  # fmt: skip
    # one date for the whole list: the report's day is not a member's
    df = _run("The army captured Morek and Latmin on Monday, the monitor said on Tuesday.",
              gazetteer)  # fmt: skip
    assert {d for _, _, d in _changes(df)} == {"2019-08-19"}
