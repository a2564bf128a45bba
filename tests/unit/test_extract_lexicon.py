"""Wider predicate and actor lexicon (issue 12): nouns of capture as subjects and
possessives, transfers ("handed over X to"), side words before "hands"/"control", losers
named after "from", possessive place names. Sentences written for these tests."""

from __future__ import annotations

import pytest

from frontline.reference.gazetteer import Gazetteer
from scenarios import change_keys, extract_text

PUB = "2019-08-23"  # a Friday
MOREK, LATMIN, KAFR_ZITA = "gn:166640", "wp:latmin", "gn:168620"
TUE, WED = "2019-08-20", "2019-08-21"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _changes(text: str, gazetteer: Gazetteer) -> set[tuple[str, str, str]]:
    return change_keys(extract_text(text, gazetteer, PUB))


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("The fall of Morek to government forces on Tuesday opened the road north.",
         "government"),
        ("After the takeover of Morek by the army on Tuesday, rebels regrouped further north.",
         "government"),
        ("The army's capture of Morek on Tuesday cut a supply line.", "government"),
        ("Morek's fall to the militants on Tuesday surprised observers.", "opposition"),
        ("Morek fell into regime hands on Tuesday.", "government"),
        ("Morek returned to government control on Tuesday.", "government"),
        ("Rebels handed over Morek to the army on Tuesday.", "government"),
        ("Morek was freed from terrorists by Tuesday evening, state television said on "
         "Tuesday.", "government"),
        ("Morek was cleared of militants on Tuesday.", "government"),
        ("Government forces conquered Morek on Tuesday.", "government"),
        ("Damascus forces took Morek on Tuesday.", "government"),
        ("Iranian-backed militias seized Morek on Tuesday.", "government"),
        ("Anti-government fighters retook Morek on Tuesday.", "opposition"),
    ],
)  # fmt: skip
def test_capture_wordings_give_the_change_and_its_gainer(text, side, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(MOREK, side, TUE)}


@pytest.mark.parametrize(
    "text",
    [
        "The battle for the capture of Morek went on for a week.",
        "Commanders vowed to prevent the fall of Morek on Tuesday.",
        "The fall of Morek would open the road to Latmin.",
        # undated background: the noun alone says nothing new
        "Major turning points were the liberation of Morek and the opening of the highway.",
    ],
)
def test_nouns_of_capture_that_are_aims_fears_or_background_give_nothing(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == set()


def test_possessive_place_names_are_found(gazetteer) -> None:
    text = (
        "Syrian troops entered Morek's eastern districts and captured Latmin's hills on Wednesday."
    )
    assert (LATMIN, "government", WED) in _changes(text, gazetteer) or (
        MOREK, "government", WED) in _changes(text, gazetteer)  # fmt: skip
    df = extract_text("Morek's liberation by the army came on Wednesday.", gazetteer, PUB)
    assert change_keys(df) == {(MOREK, "government", WED)}


def _held(text: str, gazetteer: Gazetteer) -> set[tuple[str, str]]:
    df = extract_text(text, gazetteer, PUB)
    return {(r.place_id or r.place, r.side) for r in df[df.kind == "held"].itertuples()}


def test_state_wordings_give_held_assertions(gazetteer) -> None:
    assert _held("Morek and parts of Latmin are dominated by HTS militants.", gazetteer) == {
        (MOREK, "opposition")
    }
    assert _held("Morek – the last bastion of the Syrian opposition – was calm.", gazetteer) == {
        (MOREK, "opposition")
    }
    assert _held("Government forces are now in full control of Morek.", gazetteer) == {
        (MOREK, "government")
    }
    assert _held("Shells hit the militant pocket of Morek overnight.", gazetteer) == {
        (MOREK, "opposition")
    }
    # no side named, or a past state: nothing
    assert _held("Morek is dominated by a hill.", gazetteer) == set()
    assert _held("Morek had been held by militants until May.", gazetteer) == set()


def test_list_after_a_colon_past_a_locator(gazetteer) -> None:
    text = (
        "The army has liberated three villages in the Hama countryside: Morek, Latmin and "
        "Kafr Zita."
    )
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in (MOREK, LATMIN, KAFR_ZITA)}


def test_a_trailing_participle_takes_the_main_clause_date(gazetteer) -> None:
    text = "Government forces made advances on Tuesday, seizing the town of Morek."
    assert _changes(text, gazetteer) == {(MOREK, "government", TUE)}


def test_could_with_a_past_day_is_translated_managed_to(gazetteer) -> None:
    assert _changes("Army soldiers could liberate Morek on Tuesday night.", gazetteer) == {
        (MOREK, "government", TUE)
    }
    for text in (
        "The army could capture Morek within days.",
        "Army soldiers could liberate Morek on Tuesday if the rebels withdraw.",
    ):
        assert _changes(text, gazetteer) == set()


def test_a_place_that_only_locates_others_is_no_subject_or_object(gazetteer) -> None:
    # the villages are unnamed: the place after "west of" / "in" is not what was taken
    for text in (
        "All the villages west and northwest of Morek were liberated on Tuesday.",
        "Large areas in Morek and Latmin had been liberated on Tuesday.",
        "Government forces took villages in Morek on Tuesday.",
    ):
        assert _changes(text, gazetteer) == set(), text
    # "all areas in X" is all of X
    assert _changes("Troops entered all areas in Morek on Tuesday.", gazetteer) == {
        (MOREK, "government", TUE)
    }
    # listed subjects, each with its own locator
    text = (
        "Morek village in north of Latmin and Kafr Zita village in north of Khan Shaykhun "
        "were liberated from the terrorists on Tuesday."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", TUE), (KAFR_ZITA, "government", TUE)}


def test_joint_subject_and_participle_subject(gazetteer) -> None:
    # a main belligerent (the sides table's first two rows) leads a joint subject
    text = "Turkish-backed rebels and Turkish troops recaptured Morek on Tuesday."
    assert _changes(text, gazetteer) == {(MOREK, "opposition", TUE)}
    # ", capturing X" belongs to the main clause's subject, not to a possessive or object
    text = "The army broke into the militants' enclave on Tuesday, capturing the village of Morek."
    assert _changes(text, gazetteer) == {(MOREK, "government", TUE)}
    text = "Syrian troops fought HTS militants near Latmin on Tuesday, retaking control of Morek."
    assert _changes(text, gazetteer) == {(MOREK, "government", TUE)}


def test_a_leaders_name_is_no_place_and_loyal_forces_are_his_side(gazetteer) -> None:
    text = "Morek fell to forces loyal to President Bashar al-Assad on Tuesday."
    assert _changes(text, gazetteer) == {(MOREK, "government", TUE)}


def test_near_misses_denials_roads_and_period_starts(gazetteer) -> None:
    for text in (
        "Government forces have almost encircled Morek on Tuesday.",
        "Government forces nearly captured Morek on Tuesday.",
        "Claims that rebels captured Morek on Tuesday are fabricated, the ministry said.",
        "All areas along the International Morek Highway have been purged of terrorists.",
    ):
        assert (
            _changes(text, gazetteer) | change_keys(extract_text(text, gazetteer, PUB), ("siege",))
            == set()
        ), text
    # "since 2012" starts a period: it dates no event of the sentence
    text = "For the first time since 2012, the army captured Morek."
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_more_capture_and_siege_wordings(gazetteer) -> None:
    text = "Army units succeeded in liberating the villages of Morek and Latmin on Tuesday."
    assert _changes(text, gazetteer) == {(MOREK, "government", TUE), (LATMIN, "government", TUE)}
    text = "Rebel fighters counter-attacked on Tuesday, recovering Morek from the army."
    assert _changes(text, gazetteer) == {(MOREK, "opposition", TUE)}
    assert _changes("The army gained back control of Morek on Tuesday.", gazetteer) == {
        (MOREK, "government", TUE)
    }
    df = extract_text(
        "Troops advanced on Tuesday, imposing a direct siege on Morek.", gazetteer, PUB
    )
    assert change_keys(df, ("siege",)) == {(MOREK, "government", TUE)}


def test_a_page_stamp_in_the_small_hours_moves_today_back(gazetteer) -> None:
    stamp = "Saturday, 24 August 2019 - 00:45\n\n"
    text = stamp + "Today the army liberated Morek after heavy clashes."
    df = extract_text(text, gazetteer, "2019-08-24")
    assert change_keys(df) == {(MOREK, "government", "2019-08-23")}
    # filed by day: today is the publication day, and the stamp itself dates nothing
    df = extract_text(text.replace("00:45", "11:20"), gazetteer, "2019-08-24")
    assert change_keys(df) == {(MOREK, "government", "2019-08-24")}


def test_days_after_dates_the_earlier_event_roughly(gazetteer) -> None:
    df = extract_text(
        "The offensive on Latmin comes days after the army captured Morek.", gazetteer, PUB
    )
    rows = df[df.kind == "control_change"]
    assert list(zip(rows.place_id, rows.date, rows.date_precision, strict=True)) == [
        (MOREK, "2019-08-20", "week")
    ]
    df = extract_text(
        "On Thursday rebels shelled Latmin, two weeks after the army captured Morek.",
        gazetteer,
        PUB,
    )
    assert change_keys(df) == {(MOREK, "government", "2019-08-08")}
    # months: too vague to date
    text = "The offensive comes months after the army captured Morek."
    assert _changes(text, gazetteer) == set()


def test_list_after_a_copula_and_the_acting_side_of_the_story(gazetteer) -> None:
    text = (
        "Government troops pushed on overnight. Three villages were cleared of the presence "
        "of HTS militants. The villages liberated on Thursday are as follows: Morek, "
        "Latmin and Kafr Zita."
    )
    assert _changes(text, gazetteer) == {
        (p, "government", "2019-08-22") for p in (MOREK, LATMIN, KAFR_ZITA)
    }


def test_participle_with_its_agent_is_passive(gazetteer) -> None:
    text = "Fighting raged near Latmin, which recaptured by the regime on Tuesday."
    assert _changes(text, gazetteer) == {(LATMIN, "government", TUE)}


def test_siege_into_occupied_territory_and_apposed_subject(gazetteer) -> None:
    df = extract_text("On Tuesday the army put Morek into full siege.", gazetteer, PUB)
    assert change_keys(df, ("siege",)) == {(MOREK, "government", TUE)}
    text = "Three days after militants occupied Morek, the army struck back."
    assert _changes(text, gazetteer) == {(MOREK, "opposition", "2019-08-20")}
    for text in ("Shells fell on Turkish-occupied Morek on Tuesday.",
                 "Aid reached the occupied town of Morek on Tuesday."):  # fmt: skip
        assert _changes(text, gazetteer) == set(), text
    text = "Rebels counter-attacked on Tuesday, recovering territory such as Morek and Latmin."
    assert _changes(text, gazetteer) == {(MOREK, "opposition", TUE), (LATMIN, "opposition", TUE)}
    text = (
        "Morek, a town on the road between Latmin and Kafr Zita, was liberated by the army "
        "on Tuesday."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", TUE)}


def test_more_state_wordings(gazetteer) -> None:
    assert _held("Morek, the rebels' last major bulwark, was shelled.", gazetteer) == {
        (MOREK, "opposition")
    }
    assert _held("Morek and Latmin are two major rebel-held towns.", gazetteer) == {
        (MOREK, "opposition"),
        (LATMIN, "opposition"),
    }
    text = "Troops massed for a campaign to retake the rebel stronghold of Morek."
    assert _held(text, gazetteer) == {(MOREK, "opposition")}
    assert _held("Morek, currently under the control of HTS, was shelled.", gazetteer) == {
        (MOREK, "opposition")
    }


def test_conservative_dating_and_weak_evidence(gazetteer) -> None:
    # "has just captured" with no date of its own: the report's day, not the story's
    text = "On Tuesday the army shelled Latmin. The army has just captured Morek."
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}
    for text in (
        # an undated noun of capture is background, not news
        'He wrote of "battles put on hold due to the militant capture of Morek".',
        # part of a place is not the place
        "The army secured the entire southern part of Morek on Tuesday.",
        # neither place nor side named: "the area", the main clause's subject is no gainer
        "Morek was shelled. After the liberation of the area, Turkish troops stayed put.",
    ):
        assert _changes(text, gazetteer) == set(), text


def test_hours_after_is_the_same_day(gazetteer) -> None:
    text = "Rebels recaptured Morek on Tuesday, hours after it was taken by the army."
    assert _changes(text, gazetteer) == {(MOREK, "opposition", TUE), (MOREK, "government", TUE)}


def test_siege_of_a_post_after_a_capture_in_the_same_sentence(gazetteer) -> None:
    text = (
        "On Tuesday the army captured the town of Morek, thus imposing a siege on the "
        "Turkish observation post."
    )
    df = extract_text(text, gazetteer, PUB)
    assert change_keys(df, ("siege",)) == {(MOREK, "government", TUE)}
    assert change_keys(df) == {(MOREK, "government", TUE)}


def test_a_province_located_by_direction_is_all_of_it(gazetteer) -> None:
    idlib = gazetteer.geocode("Idlib")
    assert idlib is not None
    text = "A truce began in the northwestern Idlib province, the last major rebel stronghold."
    assert _held(text, gazetteer) == {(idlib.place_id, "opposition")}
    # "the rebel-held west of X province" is only part of it
    assert _held("Shells hit the rebel-held west of Idlib province.", gazetteer) == set()
    text = "Morek and Latmin, which are currently under the control of both the rebels and HTS."
    assert _held(text, gazetteer) == {(MOREK, "opposition"), (LATMIN, "opposition")}
