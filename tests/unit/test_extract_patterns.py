"""Extraction of the patterns real reporting uses (sentences written for these tests,
modelled on wire, monitor, state-media and field-report prose)."""

from __future__ import annotations

import pytest

from frontline.reference.gazetteer import Gazetteer
from scenarios import change_keys, extract_text

PUB = "2019-08-23"  # a Friday
MOREK, KAFR_ZITA, LATMIN, LAHAYA = "gn:166640", "gn:168620", "wp:latmin", "wp:lahaya"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _run(text: str, gazetteer: Gazetteer, pub: str = PUB):
    return extract_text(text, gazetteer, pub)


def _changes(df) -> set[tuple[str, str, str]]:
    return change_keys(df)


def test_enumeration_after_a_count_and_colon(gazetteer) -> None:
    df = _run("Government forces captured four villages: Morek, Latmin, Lahaya and "
              "Kafr Zita on Tuesday.", gazetteer)  # fmt: skip
    day = "2019-08-20"
    assert _changes(df) == {(p, "government", day) for p in (MOREK, LATMIN, LAHAYA, KAFR_ZITA)}


def test_enumeration_with_including_and_quotes(gazetteer) -> None:
    df = _run('The army took control of several towns, including "Morek, Latmin and '
              'Kafr Zita" on Wednesday.', gazetteer)  # fmt: skip
    assert {p for p, _, _ in _changes(df)} == {MOREK, LATMIN, KAFR_ZITA}


def test_an_outlet_is_never_a_place_and_soldiers_are_government(gazetteer) -> None:
    df = _run("Syrian soldiers stormed the hilltop of Morek and Latmin, Al-Masdar News "
              "reported on Thursday.", gazetteer)  # fmt: skip
    assert not df.place.str.contains("Masdar").any()
    assert set(df.side) == {"government"}


def test_passive_with_agent_and_loss_to(gazetteer) -> None:
    df = _run("Morek was seized by HTS militants on Monday. "
              "Government forces lost Latmin to jihadists on Wednesday.", gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "opposition", "2019-08-19"),
                            (LATMIN, "opposition", "2019-08-21")}  # fmt: skip


def test_withdrawal_ahead_of_the_other_sides_entry(gazetteer) -> None:
    df = _run("Rebels withdrew from Morek on Thursday ahead of the army's entry into the "
              "town.", gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "government", "2019-08-22")}


def test_a_date_belongs_to_its_own_clause(gazetteer) -> None:
    df = _run("The army took Morek on May 8 and lost it again to militants on May 22.",
              gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "government", "2019-05-08"),
                            (MOREK, "opposition", "2019-05-22")}  # fmt: skip


def test_fronted_gerund_takes_the_main_clause_subject(gazetteer) -> None:
    df = _run("After capturing Morek on Thursday, the Syrian army pushed north.", gazetteer)
    assert _changes(df) == {(MOREK, "government", "2019-08-22")}


def test_date_phrase_between_verb_and_object(gazetteer) -> None:
    df = _run("Rebel factions took control of, this morning, the village of Morek.", gazetteer)
    assert _changes(df) == {(MOREK, "opposition", PUB)}


def test_conditions_promises_and_headline_words_give_nothing(gazetteer) -> None:
    for text in (
        "Once Morek is captured, the army will move on Latmin.",
        "The president promised to shortly recapture Morek from the rebels.",
        "Syrian Army Liberates Five More Towns In Hama",
    ):
        assert not (_run(text, gazetteer).kind == "control_change").any(), text


def test_held_assertions(gazetteer) -> None:
    df = _run("Shelling hit the rebel-held town of Morek. Idlib, the last major opposition "
              "stronghold, was quiet. Militias patrolled parts of Hama, which is under "
              "government control.", gazetteer)  # fmt: skip
    held = {(r.place_id or r.place, r.side, r.date) for r in df[df.kind == "held"].itertuples()}
    idlib = gazetteer.geocode("Idlib")
    assert idlib is not None
    assert held == {(MOREK, "opposition", PUB), (idlib.place_id, "opposition", PUB)}
    assert not (df.kind == "control_change").any()  # held never counts as a change


def _held(text: str, gazetteer) -> set[tuple[str, str]]:
    df = _run(text, gazetteer)
    return {(r.place, r.side) for r in df[df.kind == "held"].itertuples()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the side named after "of": an actor or a modifier word
        (
            "The army advanced toward Morek, one of the largest strongholds of terrorists.",
            {("Morek", "opposition")},
        ),
        (
            "The Hama area is the last major bastion of opposition to the regime.",
            {("Hama", "opposition")},
        ),
        # "<side>-run bastion of X"
        (
            "Both lie on the southern edge of the jihadist-run bastion of Hama.",
            {("Hama", "opposition")},
        ),
        # an apposition describes the place before it, not a place after
        ("Idlib, the last stronghold of the rebels in Hama, was quiet.", {("Idlib", "opposition")}),
        # just taken: no longer held
        ("The army captured Morek, the last stronghold of the rebels in Hama.", set()),
        # appositions, an actor's stronghold, and lists before or after the state word
        ("Idlib, a major opposition-controlled stronghold, was quiet.", {("Idlib", "opposition")}),
        ("Morek, which is a Jaysh al-Izza stronghold, was shelled.", {("Morek", "opposition")}),
        (
            "Rebels shelled the government-held towns of Morek and Latmin.",
            {("Morek", "government"), ("Latmin", "government")},
        ),
        (
            "Morek and Latmin are the biggest rebel strongholds in Hama.",
            {("Morek", "opposition"), ("Latmin", "opposition")},
        ),
    ],
)
def test_held_phrases_name_their_side_and_place(text: str, expected: set, gazetteer) -> None:
    assert _held(text, gazetteer) == expected


def test_came_under_control_is_a_change_not_a_state(gazetteer) -> None:
    df = _run("The villages of Jibeen and Morek came under regime control overnight.",
              gazetteer)  # fmt: skip
    assert _changes(df) == {("Jibeen", "government", "2019-08-23"),
                            (MOREK, "government", "2019-08-23")}  # fmt: skip
    assert not (df.kind == "held").any()


def test_headline_without_a_date_yields_to_the_dated_body(gazetteer) -> None:
    text = (
        "Rebels liberate Morek from the regime\n"
        "Rebel fighters recaptured Morek yesterday after a night of fighting."
    )
    df = _run(text, gazetteer)
    assert _changes(df) == {(MOREK, "opposition", "2019-08-22")}


def test_list_set_out_one_a_line_after_a_colon(gazetteer) -> None:
    text = (
        "On Tuesday, government forces captured the following villages:\n"
        "- Morek\n- Latmin\n- Kafr Zita\n\nFighting continued near Lahaya."
    )
    df = _run(text, gazetteer)
    assert _changes(df) == {(p, "government", "2019-08-20") for p in (MOREK, LATMIN, KAFR_ZITA)}


def test_relative_clause_object_and_its_own_date(gazetteer) -> None:
    df = _run("The army entered Morek, which rebels seized in 2014, on Friday.", gazetteer)
    old = df[df.kind == "historical"]
    assert [(r.place_id, r.side, r.date) for r in old.itertuples()] == [
        (MOREK, "opposition", "2014-01-01")
    ]
    assert set(df[df.kind == "control_change"].date) == {PUB}


def test_drove_out_of_and_expelled_from(gazetteer) -> None:
    df = _run("Government troops drove the militants out of Morek on Thursday. "
              "Troops expelled HTS from Latmin and Kafr Zita on Tuesday.", gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "government", "2019-08-22"),
                            (LATMIN, "government", "2019-08-20"),
                            (KAFR_ZITA, "government", "2019-08-20")}  # fmt: skip


def test_passive_expelled_from_the_subject_loses(gazetteer) -> None:
    df = _run("Army units shelled rebel positions on Monday. "
              "Jihadist fighters were expelled from Morek on Tuesday. "
              "Rebels were driven out of Latmin by government forces on Wednesday.",
              gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "government", "2019-08-20"),
                            (LATMIN, "government", "2019-08-21")}  # fmt: skip


def test_released_from_the_occupation_of_a_list(gazetteer) -> None:
    df = _run("Government forces pressed on in the south on Monday. "
              "Villages like Morek, Latmin and Lahaya were released from the occupation of "
              "HTS militants on Tuesday.", gazetteer)  # fmt: skip
    assert _changes(df) == {(p, "government", "2019-08-20") for p in (MOREK, LATMIN, LAHAYA)}


def test_list_continues_after_a_relative_clause(gazetteer) -> None:
    df = _run("Syrian soldiers recaptured the towns of Morek and Latmin, which lie in the "
              "north of the province, as well as the Kafr Zita area on Tuesday.",
              gazetteer)  # fmt: skip
    assert _changes(df) == {(p, "government", "2019-08-20") for p in (MOREK, LATMIN, KAFR_ZITA)}
    # a relative clause that does not continue the list leaves its places out
    df = _run("The army captured Morek, which lies near Latmin, on Tuesday.", gazetteer)
    assert _changes(df) == {(MOREK, "government", "2019-08-20")}


def test_passive_list_of_names_the_gazetteer_lacks(gazetteer) -> None:
    df = _run("Villages such as Tal Zuwaybir, Khirbat Nasimah, Latmin and Morek were "
              "captured by government forces on Tuesday.", gazetteer)  # fmt: skip
    got = {(r.place_id or r.place, r.side) for r in df[df.kind == "control_change"].itertuples()}
    assert got == {(p, "government") for p in ("Tal Zuwaybir", "Khirbat Nasimah", LATMIN, MOREK)}


def test_siege_by_a_gerund_after_a_comma(gazetteer) -> None:
    df = _run("On Wednesday, government troops completely surrounded Latmin, also encircling "
              "Morek, where an observation post stands.", gazetteer)  # fmt: skip
    sieges = {(r.place_id, r.side, r.date) for r in df[df.kind == "siege"].itertuples()}
    assert sieges == {(LATMIN, "government", "2019-08-21"), (MOREK, "government", "2019-08-21")}
    # "after encircling it": an earlier step of the capture, not a siege of its own
    df = _run("The army entered Morek on Tuesday after fully encircling it.", gazetteer)
    assert "siege" not in set(df.kind)


def test_beginning_and_end_of_a_month(gazetteer) -> None:
    df = _run("Morek, once a rebel bastion, was seized by government forces at the "
              "beginning of February. Rebels took Latmin at the end of March.",
              gazetteer)  # fmt: skip
    rows = {(r.place_id, r.side, r.date, r.date_precision) for r in df.itertuples()
            if r.kind == "control_change"}  # fmt: skip
    assert rows == {(MOREK, "government", "2019-02-01", "month"),
                    (LATMIN, "opposition", "2019-03-01", "month")}  # fmt: skip


def test_passive_subject_behind_a_relative_clause_or_a_predicate(gazetteer) -> None:
    df = _run("Rebels recaptured Morek on Thursday. The town, which sits at a junction of "
              "two highways, was seized by government forces on Monday.", gazetteer)  # fmt: skip
    assert (MOREK, "government", "2019-08-19") in _changes(df)
    df = _run("Rebels recaptured Morek on Thursday. The town was formerly a rebel stronghold "
              "before being seized by government forces at the beginning of May.",
              gazetteer)  # fmt: skip
    assert _changes(df) == {(MOREK, "opposition", "2019-08-22"),
                            (MOREK, "government", "2019-05-01")}  # fmt: skip
