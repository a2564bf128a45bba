"""General patterns of real reporting beyond "<actor> captured <place>" (sentences written
for these tests): lists broken by appositions, reduced passives, states with a start year,
relative day offsets, attributions that are not places, hedges; region words before a list,
dates a report gives for itself, conditions."""

from __future__ import annotations

import pytest

from frontline.reference.gazetteer import Gazetteer
from scenarios import change_keys, extract_text

PUB = "2019-08-23"  # a Friday
MOREK, KAFR_ZITA, LATMIN, LAHAYA = "gn:166640", "gn:168620", "wp:latmin", "wp:lahaya"
KHAN_SHAYKHUN = "gn:168325"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _run(text: str, gazetteer: Gazetteer, pub: str = PUB):
    return extract_text(text, gazetteer, pub)


def _changes(df) -> set[tuple[str, str, str]]:
    return change_keys(df, ("control_change", "historical"))


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


# -- region words before a list, dates that sentences give, and what is not a change


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
