"""Patterns of real news syntax read across clauses and sentences (issue 12): a period
"since last night", a list in the sentence after a counted object, the holder named after
"occupied by" is no agent. Sentences written for these tests."""

from __future__ import annotations

import pytest

from frontline.reference.gazetteer import Gazetteer
from scenarios import change_keys, extract_text

PUB = "2019-08-23"  # a Friday
THU = "2019-08-22"
MOREK, LATMIN, KAFR_ZITA = "gn:166640", "wp:latmin", "gn:168620"
THREE = (MOREK, LATMIN, KAFR_ZITA)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _changes(text: str, gazetteer: Gazetteer) -> set[tuple[str, str, str]]:
    return change_keys(extract_text(text, gazetteer, PUB))


def test_since_last_night_dates_the_report_day(gazetteer) -> None:
    text = "Government troops have liberated Morek, Latmin and Kafr Zita since last night."
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}
    # "last night" alone is the night before
    assert _changes("Government troops liberated Morek last night.", gazetteer) == {
        (MOREK, "government", THU)
    }


@pytest.mark.parametrize(
    "text",
    [
        "A field commander said the army has taken control of the last three towns held by "
        "the rebels. The three towns that were previously under rebel control were Morek, "
        "Latmin, and Kafr Zita.",
        "Government forces captured three more villages on Friday. They are Morek, Latmin "
        "and Kafr Zita.",
        "Government forces captured three villages on Friday. These villages include Morek, "
        "Latmin and Kafr Zita.",
    ],
)
def test_a_counted_object_takes_the_next_sentences_list(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}


def test_a_list_two_sentences_on_or_without_a_counted_object_is_not_taken(gazetteer) -> None:
    text = (
        "Government forces captured three villages on Friday. Fighting went on all night. "
        "The villages are Morek, Latmin and Kafr Zita."
    )
    assert _changes(text, gazetteer) == set()
    text = "Government forces captured the hills on Friday. They are Morek, Latmin and Kafr Zita."
    assert _changes(text, gazetteer) == set()


def test_the_holder_after_occupied_by_is_not_the_next_passives_agent(gazetteer) -> None:
    text = (
        "Syrian troops pushed into 90 km2 of land occupied by HTS militants. Since then the "
        "towns of Morek and Latmin were liberated."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB), (LATMIN, "government", PUB)}


def test_a_headline_spelling_of_a_body_place_is_that_place(gazetteer) -> None:
    # the capitals headline's name is the body's Morek: one change, dated by the body
    text = (
        "TROOPS DEPLOY NEAR TURKISH POST AFTER CAPTURING MOREK\n\n"
        "Government troops captured Morek on Thursday."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}


@pytest.mark.parametrize(
    ("text", "side"),
    [
        # a side modifier with a noun of armed men is an actor the table need not list
        ("Pro-government troops retook Morek on Thursday.", "government"),
        ("HTS-led gunmen stormed and seized Morek on Thursday.", "opposition"),
        ("Loyalist militiamen captured Morek on Thursday.", "government"),
        # an actor whose name opens with an outlet's ("The National") is that actor
        ("The National Front for Liberation recaptured Morek on Thursday.", "opposition"),
    ],
)
def test_composed_and_outlet_like_actors_give_the_side(text, side, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(MOREK, side, THU)}


def test_islamic_state_fighters_are_not_a_state_actor(gazetteer) -> None:
    df = extract_text("Islamic State fighters captured Morek on Thursday.", gazetteer, PUB)
    assert "government" not in set(df.side)


def test_objects_in_sequence_share_the_verb_but_subjects_do_not(gazetteer) -> None:
    text = "The army captured Morek on Thursday and later Latmin and Kafr Zita."
    assert _changes(text, gazetteer) == {(p, "government", THU) for p in THREE}
    text = (
        "After rapid advances, first Morek north of Latmin and then Kafr Zita east of Latmin "
        "were liberated by the army on Thursday."
    )
    found = _changes(text, gazetteer)
    assert (KAFR_ZITA, "government", THU) in found  # the locators' Latmin is no subject
    assert not {k for k in found if k[0] == LATMIN}


@pytest.mark.parametrize(
    ("text", "side"),
    [
        # a backer before an actor decides its side; two sides never take a place together
        ("Iran-backed terrorist groups occupied Morek on Thursday.", "government"),
        ("Regime forces and Iran-backed terrorist groups occupied Morek on Thursday.",
         "government"),
        ("The Assad regime and its allies occupied Morek on Thursday.", "government"),
        ("Al-Nusra terrorists seized Morek on Thursday.", "opposition"),
    ],
)  # fmt: skip
def test_backers_and_allies_give_the_side(text, side, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(MOREK, side, THU)}


@pytest.mark.parametrize(
    "text",
    [
        "The army announced on Thursday the liberation of Morek.",
        "The army announced the full liberation of Morek on Thursday.",
        "Troops completed the total capture of Morek on Thursday.",
    ],
)
def test_nouns_of_capture_with_a_degree_or_a_day_between(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}


def test_the_date_a_campaign_began_is_not_the_events(gazetteer) -> None:
    text = "Government forces took Morek, their biggest gain since the offensive began in April."
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_a_date_inside_an_attribution_dates_the_report(gazetteer) -> None:
    text = (
        "According to a field report from the province on Friday, government troops "
        "captured the rebel stronghold of Morek last night."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rebels recaptured the village of Kafr 'Uwaydat on Thursday.", "Kafr 'Uwaydat"),
        ("Rebels recaptured the village of Kafr ‘Uwaydat on Thursday.", "Kafr ‘Uwaydat"),
        ("Rebels recaptured Ma`arzaytun on Thursday.", "Ma`arzaytun"),
    ],
)
def test_ayn_and_hamza_marks_stay_inside_a_name(text, name, gazetteer) -> None:
    df = extract_text(text, gazetteer, PUB)
    assert set(df[df.kind == "control_change"].place) == {name}


@pytest.mark.parametrize(
    "text",
    [
        "The army besieged the Turkish observation post, located near Morek, on Thursday.",
        "On Thursday a Turkish post situated in the town of Morek was besieged by the army.",
    ],
)
def test_a_post_located_near_a_town_puts_the_town_under_siege(text, gazetteer) -> None:
    df = extract_text(text, gazetteer, PUB)
    assert change_keys(df, ("siege",)) == {(MOREK, "government", THU)}


@pytest.mark.parametrize(
    "text",
    [
        "The army expanded its control near Latmin to include the town of Morek and the "
        "village of Kafr Zita on Thursday.",
        "Government forces extended their control on Thursday to Morek and Kafr Zita.",
    ],
)
def test_control_expanded_to_include_places(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(MOREK, "government", THU),
                                         (KAFR_ZITA, "government", THU)}  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Elite troops managed to capture both Latmin and the town of Morek on Thursday.",
        "Government troops on Thursday recaptured from the rebels the town of Morek.",
        "Having captured Morek on Thursday, government troops pushed on.",
        "Having taken Morek, government troops pushed on towards Latmin on Thursday.",
    ],
)
def test_both_a_loser_first_and_having_participles(text, gazetteer) -> None:
    assert (MOREK, "government", THU) in _changes(text, gazetteer)


def test_a_headline_in_the_present_enters_and_an_ongoing_siege(gazetteer) -> None:
    assert _changes("Syrian troops enter Morek", gazetteer) == {(MOREK, "government", PUB)}
    assert _changes("Troops were unable to enter Morek on Thursday.", gazetteer) == set()
    df = extract_text("The army is surrounding the Turkish post located in Morek.", gazetteer, PUB)
    assert change_keys(df, ("siege",)) == {(MOREK, "government", PUB)}


@pytest.mark.parametrize(
    "text",
    [
        "Army units on Thursday pushed on in the countryside, restoring security and "
        "stability to the villages of Morek and Latmin.",
        "Army units on Thursday established full control over Morek town and Latmin village.",
        "On Thursday the army regained control over 15 villages, the most important of which "
        "are Morek and Latmin.",
    ],
)
def test_state_media_wordings_of_a_list(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(MOREK, "government", THU), (LATMIN, "government", THU)}


def test_translated_could_with_a_force_as_subject_is_a_fact(gazetteer) -> None:
    text = "Also, the army soldiers could set free Morek, Kafr 'Uwaydat square and Latmin."
    found = _changes(text, gazetteer)
    assert {(MOREK, "government", PUB), (LATMIN, "government", PUB),
            ("Kafr 'Uwaydat square", "government", PUB)} == found  # fmt: skip
    for text in (
        "Analysts say government troops could capture Morek.",
        "Government troops could capture Morek within days.",
        "If the talks fail, government troops could capture Morek.",
    ):
        assert _changes(text, gazetteer) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Government troops pushed on. The following settlements were liberated: Morek and Latmin.",
        "Government troops pushed on. The following settlements were liberated:\n- Morek\n"
        "- Latmin\n",
        "Government troops liberated from the rebels the populated localities of Morek and Latmin.",
    ],
)
def test_a_passive_before_a_colon_list_and_a_loser_first(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB), (LATMIN, "government", PUB)}


def test_a_withdrawal_ahead_of_an_entry_into_a_place(gazetteer) -> None:
    text = "HTS militants withdrew from the area ahead of the army's entry into Morek on Thursday."
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}


def test_a_main_clause_dated_from_a_day_after_opening(gazetteer) -> None:
    text = "Two days after troops took Latmin on Tuesday, they captured Morek."
    assert _changes(text, gazetteer) == {(LATMIN, "government", "2019-08-20"),
                                         (MOREK, "government", THU)}  # fmt: skip


def test_military_police_entering_and_unnamed_areas_taken_are_no_changes(gazetteer) -> None:
    text = "On Thursday the Russian military police entered the town of Morek to set up a post."
    assert _changes(text, gazetteer) == set()
    text = (
        '"Our forces are advancing toward Morek and Latmin to restore all areas that have '
        'been taken by the rebels over the past three days," he said.'
    )
    assert _changes(text, gazetteer) == set()


def test_the_latest_town_to_fall_and_a_date_after_an_aside(gazetteer) -> None:
    text = "Morek became the latest town to fall to the army on Thursday."
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}
    text = "The army regained Morek, which it had lost to rebels on Monday, on Thursday."
    assert (MOREK, "government", THU) in _changes(text, gazetteer)
    assert _changes("The army hopes Morek will be the next town to fall.", gazetteer) == set()


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Hezbollah militants seized Morek on Thursday.", "government"),
        ("YPG/PKK terrorists seized Morek on Thursday.", "sdf"),
        ("HTS militants seized Morek on Thursday.", "opposition"),
    ],
)
def test_a_modifier_before_a_bare_noun_of_armed_men_gives_its_side(text, side, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(MOREK, side, THU)}


def test_a_date_inside_the_subjects_aside_is_not_the_events(gazetteer) -> None:
    text = (
        "Government forces, which have been pressing an offensive since December, took "
        "control of Morek on Thursday."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}


def test_by_taking_a_place_the_main_clause_shares_its_date(gazetteer) -> None:
    df = extract_text("By capturing Latmin on Thursday, the army encircled Morek.", gazetteer, PUB)
    assert change_keys(df) == {(LATMIN, "government", THU)}
    assert change_keys(df, ("siege",)) == {(MOREK, "government", THU)}


# Villages the shipped gazetteer lacks (checked in the test below): lists of them are what
# real reports of small advances are made of.
UNKNOWN_LIST = ("Abu Jarif", "Tell Dibs", "Kafr Mous", "Sheikh Jort")
WED = "2019-08-21"


def test_the_listed_names_are_not_in_the_gazetteer(gazetteer) -> None:
    for name in UNKNOWN_LIST:
        m = gazetteer.geocode(name)
        assert m is None or m.status in ("none", "ambiguous"), name


@pytest.mark.parametrize(
    "text",
    [
        # a one-sentence paragraph of mostly capitals is no headline
        "The Syrian Army captured the villages of Abu Jarif, Tell Dibs, Kafr Mous and "
        "Sheikh Jort on Wednesday.",
        "On Wednesday the Syrian Army captured Abu Jarif, Tell Dibs, Kafr Mous and Sheikh Jort.",
        # subjects of a passive or of "fell to", all unknown to the gazetteer
        "Abu Jarif, Tell Dibs, Kafr Mous and Sheikh Jort were all captured by the army on "
        "Wednesday.",
        "By Wednesday evening, Abu Jarif, Tell Dibs, Kafr Mous and Sheikh Jort had fallen to "
        "the Syrian army.",
        "Several villages including Abu Jarif, Tell Dibs, Kafr Mous and Sheikh Jort fell to "
        "government troops on Wednesday.",
    ],
)
def test_a_list_of_names_the_gazetteer_lacks_is_read_whole(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(p, "government", WED) for p in UNKNOWN_LIST}


def test_a_title_case_headline_still_hides_common_words(gazetteer) -> None:
    # A headline (no full stop) in title case: "Rushed" is a word, not a place.
    text = "Militants Seized Morek and Rushed to the Town of Latmin\n\nNo more was said."
    places = {k[0] for k in _changes(text, gazetteer)}
    assert "Rushed" not in places


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Syrian troops on Wednesday also captured nearby Abu Jarif.", ["Abu Jarif"]),
        ("Syrian troops on Wednesday captured strategic Abu Jarif.", ["Abu Jarif"]),
        ("Syrian troops on Wednesday captured rebel-held Tell Dibs.", ["Tell Dibs"]),
        # the verb in scare quotes
        ('The army said troops had "liberated" Abu Jarif and Tell Dibs on Wednesday.',
         ["Abu Jarif", "Tell Dibs"]),
        # a relative clause about a name the gazetteer lacks
        ("Rebels attacked Tell Dibs, which the army captured on Wednesday.", ["Tell Dibs"]),
        # "fell" with a date and no gainer
        ("The army pressed on. Tell Dibs fell on Wednesday.", ["Tell Dibs"]),
    ],
)  # fmt: skip
def test_names_the_gazetteer_lacks_in_more_slots(text, names, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(n, "government", WED) for n in names}


@pytest.mark.parametrize(
    "text",
    [
        "Rockets fell on Tell Dibs on Wednesday.",
        "Syrian troops on Wednesday captured many Abu Jarif.",
        "The army advanced on Tell Dibs, which it hopes to capture soon.",
    ],
)
def test_no_change_from_those_slots_without_a_capture(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == set()


def test_a_place_handed_over_in_the_passive_goes_to_the_receiver(gazetteer) -> None:
    text = "Abu Jarif and Tell Dibs were handed over to the Syrian army on Wednesday."
    assert _changes(text, gazetteer) == {(n, "government", WED) for n in ("Abu Jarif", "Tell Dibs")}


@pytest.mark.parametrize(
    "text",
    [
        # the next sentence's list after an attribution
        "Government forces took control of several villages on Wednesday, a monitor said. "
        "The Syrian Observatory for Human Rights said the villages included Abu Jarif, Tell "
        "Dibs and Kafr Mous.",
        # names the gazetteer lacks right after the copula
        "Government forces took control of three villages on Wednesday. The villages are Abu "
        "Jarif, Tell Dibs and Kafr Mous.",
    ],
)
def test_the_next_sentences_list_of_unknown_names(text, gazetteer) -> None:
    names = ("Abu Jarif", "Tell Dibs", "Kafr Mous")
    assert _changes(text, gazetteer) == {(n, "government", WED) for n in names}


@pytest.mark.parametrize(
    "text",
    [
        "On Tuesday the army captured Morek; on Wednesday it took Latmin.",
        "On Tuesday the army captured Morek, and on Wednesday it took Latmin.",
        "The army captured Morek on Tuesday; Latmin was captured on Wednesday.",
        "The army captured Morek on Tuesday; Latmin fell to the army on Wednesday.",
    ],
)
def test_each_coordinated_clause_keeps_its_own_date(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(MOREK, "government", "2019-08-20"),
                                         (LATMIN, "government", WED)}  # fmt: skip


def test_a_siege_of_a_post_in_a_town_the_gazetteer_lacks(gazetteer) -> None:
    text = "The army completed the encirclement of the Turkish observation post in Abu Jarif on "
    text += "Wednesday."
    assert change_keys(extract_text(text, gazetteer, PUB), ("siege",)) == {
        ("Abu Jarif", "government", WED)
    }


def test_the_above_mentioned_towns_are_the_previous_sentences_list(gazetteer) -> None:
    text = (
        "Army units struck the positions of terrorist groups in the towns of Abu Jarif, Tell "
        "Dibs and Kafr Mous on Wednesday. The above mentioned towns were liberated."
    )
    names = ("Abu Jarif", "Tell Dibs", "Kafr Mous")
    assert _changes(text, gazetteer) == {(n, "government", WED) for n in names}


def test_an_unknown_name_closing_a_list_of_known_subjects(gazetteer) -> None:
    text = "The villages of Morek and Abu Jarif were also captured by the army on Wednesday."
    assert _changes(text, gazetteer) == {
        (MOREK, "government", WED),
        ("Abu Jarif", "government", WED),
    }


@pytest.mark.parametrize(
    "text",
    [
        "The government took the city of Morek, as well as the devastated towns of Latmin and "
        "Kafr Zita on Wednesday.",
        "The army on Wednesday recaptured 7 towns plus the strategic Latmin and Kafr Zita.",
    ],
)
def test_more_list_continuations(text, gazetteer) -> None:
    got = _changes(text, gazetteer)
    assert {(LATMIN, "government", WED), (KAFR_ZITA, "government", WED)} <= got


def test_the_anchored_trigger_finder_finds_what_the_pattern_finds(fixtures_dir) -> None:
    # The finder tries the pattern only where an anchor starts a word; a branch without an
    # anchor is silently lost ("are now encircling" was, until its anchors were added).
    from frontline.events.extract.patterns import TRIGGER_FINDER, TRIGGERS

    texts = [p.read_text(encoding="utf-8") for p in sorted(fixtures_dir.rglob("*.txt"))]
    texts += ["Government forces are now encircling the city of Morek.",
              "Troops are also besieging Latmin, and also capturing Kafr Zita."]  # fmt: skip
    for text in texts:
        full = [(m.start(), m.group(0)) for m in TRIGGERS.finditer(text)]
        assert [(m.start(), m.group(0)) for m in TRIGGER_FINDER.finditer(text)] == full


def test_a_siege_in_progress_with_an_adverb(gazetteer) -> None:
    text = "Government forces are now encircling the town of Morek."
    assert change_keys(extract_text(text, gazetteer, PUB), ("siege",)) == {
        (MOREK, "government", PUB)
    }


@pytest.mark.parametrize(
    "text",
    [
        "The number of villages that government forces seized has risen to three, namely "
        "Morek, Latmin and Kafr Zita.",
        "The number of villages that government forces have entered since last night, after "
        "the withdrawal of the rebels, rose to three: Morek, Latmin and Kafr Zita.",
        "The villages that government forces captured since last night are Morek, Latmin "
        "and Kafr Zita.",
    ],
)
def test_a_relative_clause_on_villages_takes_the_list_after_its_verb(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}


def test_a_relative_clause_on_villages_without_a_list_takes_nothing(gazetteer) -> None:
    text = "The villages that government forces captured last year were shelled near Morek."
    assert _changes(text, gazetteer) == set()


@pytest.mark.parametrize("counted", ["a number of", "a string of", "dozens of", "several"])
def test_a_counted_list_after_a_first_place_is_read(counted, gazetteer) -> None:
    text = f"The army took Morek and {counted} villages on Friday, including Latmin and Kafr Zita."
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}


def test_a_date_of_a_compared_place_is_not_the_events(gazetteer) -> None:
    # "in June" dates Latmin's fall, not Morek's; Morek's is the Thursday
    text = "Morek fell to the army on Thursday, after Latmin in June."
    assert (MOREK, "government", THU) in _changes(text, gazetteer)
    text = "Government troops seized Morek, the second town to fall after Latmin in June."
    assert (MOREK, "government", PUB) in _changes(text, gazetteer)


@pytest.mark.parametrize(
    "text",
    [
        "The following villages were liberated by the army on Thursday: Morek, Latmin and "
        "Kafr Zita.",
        "The villages government forces liberated on Thursday are: Morek, Latmin and Kafr Zita.",
        "The villages liberated by government forces on Thursday are: Morek, Latmin and Kafr Zita.",
        "Villages liberated by government forces on Thursday: Morek, Latmin and Kafr Zita.",
    ],
)
def test_a_dated_colon_list_keeps_its_date(text, gazetteer) -> None:
    # a clause before a colon is no dateline ("BEIRUT (AP) —"): its date is the event's
    assert _changes(text, gazetteer) == {(p, "government", THU) for p in THREE}


def test_an_unknown_name_opening_a_colon_list_after_a_passive(gazetteer) -> None:
    text = "The following villages were liberated by the army: Tell Qarfaz and Morek."
    assert _changes(text, gazetteer) == {
        ("Tell Qarfaz", "government", PUB),
        (MOREK, "government", PUB),
    }


@pytest.mark.parametrize(
    ("text", "morek_day"),
    [
        ("Government forces captured Latmin on Wednesday and took Morek the following day.", THU),
        ("Government forces captured Latmin on Wednesday and, a day later, took Morek.", THU),
        ("Rebels retook Latmin on Friday; government forces had captured Morek two days "
         "earlier.", "2019-08-21"),
    ],
)  # fmt: skip
def test_a_later_day_counts_from_the_sentences_own_date(text, morek_day, gazetteer) -> None:
    assert (MOREK, "government", morek_day) in _changes(text, gazetteer)


@pytest.mark.parametrize(
    "text",
    [
        "Government forces were able to control Morek, Latmin and Kafr Zita after clashes.",
        "Government forces managed to control Morek, Latmin and Kafr Zita.",
        "Government forces controlled three villages: Morek, Latmin and Kafr Zita.",
        "Government forces were able to control several villages after the withdrawal of the "
        "rebels from Morek, Latmin and Kafr Zita.",
        "Government forces continue to advance at the expense of the factions and the rebels, "
        "where they were able to control Morek, Latmin and Kafr Zita.",
    ],
)
def test_control_as_a_verb_of_capture(text, gazetteer) -> None:
    # translated monitor reports write "were able to control X" for "captured X"
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}


@pytest.mark.parametrize(
    "text",
    [
        "Rebels were unable to control Morek.",
        "Government forces control Morek.",
        "The army controlled the town of Morek until 2012.",
    ],
)
def test_control_as_a_state_is_no_capture(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == set()


def test_a_lower_case_word_after_a_capitalised_article_ends_an_unknown_name(gazetteer) -> None:
    text = "Government forces took control of Morek and Maarat Al artiq."
    assert ("Maarat Al artiq", "government", PUB) in _changes(text, gazetteer)


@pytest.mark.parametrize(
    "text",
    [
        "At first the rebels were able to take a number of areas, including Morek, Latmin and "
        "Kafr Zita.",
        "The rebels were able to advance and control during the past hours the villages of "
        "Morek, Latmin and Kafr Zita.",
        "The rebels have reestablished control over the villages of Morek, Latmin and Kafr Zita.",
        "The number of villages that have been controlled by the rebels since last night rose "
        "to three, they are Morek, Latmin and Kafr Zita.",
        "The rebels were near the post in Khan Shaykhun, and the number of villages that have "
        "been controlled by the rebels since last night rose to three, they are Morek, Latmin "
        "and Kafr Zita.",
    ],
)
def test_translated_monitor_wording(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(p, "opposition", PUB) for p in THREE}


def test_an_area_held_since_a_year_is_no_capture(gazetteer) -> None:
    text = "The areas which have been controlled by the rebels since 2015 include Morek."
    assert _changes(text, gazetteer) == set()


def test_the_night_before_a_dated_report(gazetteer) -> None:
    text = "Military media said on Thursday that troops captured Morek the night before."
    assert _changes(text, gazetteer) == {(MOREK, "government", "2019-08-21")}


def test_an_assimilated_article_inside_an_unknown_name(gazetteer) -> None:
    text = "The army retook the villages of Dahret a-Zarqa and Morek on Friday."
    assert _changes(text, gazetteer) == {
        ("Dahret a-Zarqa", "government", PUB),
        (MOREK, "government", PUB),
    }


def test_the_whole_town_and_the_last_hours_of_a_day(gazetteer) -> None:
    text = (
        "Rebels attacked Morek on Tuesday. Their front said its fighters took control of the "
        "whole town in the last hours of Thursday."
    )
    assert _changes(text, gazetteer) == {(MOREK, "opposition", THU)}
    text = "Rebels took control of Morek in the past hours."
    assert _changes(text, gazetteer) == {(MOREK, "opposition", PUB)}


@pytest.mark.parametrize(
    "text",
    [
        'The army liberated the villages of "Tell Qarfaz", "Morek" and "Latmin".',
        "The army liberated the villages of “Tell Qarfaz”, “Morek” and “Latmin”.",
        "The army liberated Tell Qarfaz; Morek; and Latmin.",
        "The army liberated Tell Qarfaz and its surroundings, Morek and Latmin.",
    ],
)
def test_quoted_and_semicolon_lists_with_a_name_the_gazetteer_lacks(text, gazetteer) -> None:
    assert _changes(text, gazetteer) == {
        ("Tell Qarfaz", "government", PUB),
        (MOREK, "government", PUB),
        (LATMIN, "government", PUB),
    }


def _sieges(text: str, gazetteer: Gazetteer) -> set[tuple[str, str, str]]:
    return change_keys(extract_text(text, gazetteer, PUB), kinds=("siege",))


@pytest.mark.parametrize(
    "text",
    [
        "The Turkish observation point near Morek is now surrounded by government forces.",
        "Rebels are now besieged in Morek.",
        "Hundreds of militants were encircled in Morek.",
    ],
)
def test_a_passive_siege_of_a_post_or_of_people(text, gazetteer) -> None:
    assert _sieges(text, gazetteer) == {(MOREK, "government", PUB)}


def test_a_post_named_without_its_town_is_not_placed_from_elsewhere(gazetteer) -> None:
    text = (
        "Turkey keeps an observation post in Morek. "
        "We stand in front of the eighth post, the post is now besieged by the army."
    )
    assert _sieges(text, gazetteer) == set()


def test_a_verb_joined_by_and_takes_the_clauses_subject(gazetteer) -> None:
    text = (
        "Army units carried out operations against the positions of the militants and "
        "liberated Morek, Latmin and Kafr Zita."
    )
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}
    text = "Rebels attacked the army and captured Morek."
    assert _changes(text, gazetteer) == {(MOREK, "opposition", PUB)}


def test_recent_days_before_a_wednesday_stay_within_the_week(gazetteer) -> None:
    # published on a Wednesday: "the past few days" are Sunday to Tuesday, not the Monday
    # nine days back
    events = extract_text("The army took Morek during the past few days.", gazetteer, "2020-02-26")
    assert change_keys(events) == {(MOREK, "government", "2020-02-23")}


def test_a_villages_region_is_the_village_a_provinces_is_not(gazetteer) -> None:
    text = "Army soldiers managed to wrest full control over Morek region, the villages of Latmin "
    text += "and Kafr Zita on Friday."
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}
    text = "Army soldiers took Morek in the Hama region on Friday."
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_an_institution_closing_a_list_is_no_place(gazetteer) -> None:
    text = (
        "Government troops liberated 15 settlements on Friday, including Morek and Latmin, the "
        "Russian Center for Reconciliation of the Opposing Sides said."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB), (LATMIN, "government", PUB)}


def test_a_date_inside_a_relative_clause_after_the_object_is_the_clauses(gazetteer) -> None:
    text = "Government forces seized Morek, a town which rose against the government in 2011."
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_this_includes_after_a_counted_object(gazetteer) -> None:
    text = (
        "Since Thursday the army has captured at least four sites from the rebels; this "
        "includes the town of Morek, which lies in the north of the province."
    )
    # taken within the period since Thursday: the report's day, week precision
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_a_day_after_clause_after_the_verb_dates_its_own_clause(gazetteer) -> None:
    text = "The army on Thursday announced the capture of Morek, a day after rebels withdrew."
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}


def test_a_verb_closing_a_headline_list_is_no_place(gazetteer) -> None:
    text = "Syrian Army Takes Control of Morek, Advances toward Latmin"
    events = extract_text(text, gazetteer, PUB)
    assert change_keys(events) == {(MOREK, "government", PUB)}
    assert {(ev.place_id, ev.kind) for ev in events.itertuples()} == {
        (MOREK, "control_change"),
        (LATMIN, "advance"),
    }


def test_a_captured_officer_is_no_place(gazetteer) -> None:
    text = "Rebels were able to capture Colonel Abdel Kareem Youssef in Morek on Thursday."
    assert _changes(text, gazetteer) == set()


def test_a_counted_tally_of_villages_controlled_by_a_side_lists_its_gains(gazetteer) -> None:
    text = (
        "Thus, the number of villages controlled by the regime forces since the start of the "
        "military operation on Thursday evening rose to 36 areas, and they are: Morek, "
        "Latmin, and Kafr Zita."
    )
    # taken over the days since the operation began: the report's day, not the start's
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}
    # a state, not a tally
    text = "The areas controlled by rebels in Hama include Morek and Latmin."
    assert _changes(text, gazetteer) == set()


def test_the_above_mentioned_areas_are_the_places_listed_before(gazetteer) -> None:
    text = (
        "On Friday the Syrian army was engaged in clashes with terrorist groups affiliated to "
        "the Nusra Front in Morek, Latmin and Kafr Zita areas. The clashes ended with "
        "liberating the above mentioned three areas and destroying vehicles."
    )
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}
    text = "Rebels shelled Morek and Latmin on Thursday. The army later took these villages."
    assert _changes(text, gazetteer) == {(MOREK, "government", THU), (LATMIN, "government", THU)}


def test_a_place_empty_of_fighters_is_not_theirs(gazetteer) -> None:
    text = (
        '"These areas have become completely empty of armed groups and we entered Morek," '
        "the army source said on Friday."
    )
    # not the armed groups the place is empty of: the army source's side ("we")
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_the_town_before_a_name_is_no_reference_back(gazetteer) -> None:
    text = "Rebels took Latmin on Thursday. Government forces seized the strategic town Morek."
    assert (MOREK, "government", THU) in _changes(text, gazetteer)
    text = "Rebels took Morek on Thursday. Government forces recaptured the town Friday."
    assert _changes(text, gazetteer) == {(MOREK, "opposition", THU), (MOREK, "government", PUB)}


def test_a_state_since_a_year_qualifies_the_town_not_its_province(gazetteer) -> None:
    text = (
        "The town of Morek in Hama province, which had been in rebel hands since 2014, fell "
        "to the army on Friday."
    )
    events = extract_text(text, gazetteer, PUB)
    since = {(ev.place_id, ev.side, ev.date) for ev in events.itertuples() if ev.date < "2015"}
    assert since == {(MOREK, "opposition", "2014-01-01")}


def test_we_in_a_quote_is_the_speakers_side(gazetteer) -> None:
    text = (
        'Government forces shelled the area on Friday. "We regained control of the strategic '
        'town Morek," said Yusef Hamoud, spokesman for the Turkish-backed National Army.'
    )
    assert _changes(text, gazetteer) == {(MOREK, "opposition", PUB)}
    text = '"We captured Morek this morning," an army officer told reporters on Friday.'
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_clashes_ended_with_liberating_keeps_the_clauses_side(gazetteer) -> None:
    text = (
        "Army units engaged in fierce clashes with the terrorists in Morek on Friday. The "
        "clashes ended with liberating the town, after killing many terrorists."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_a_list_after_mainly_and_ended_up_with(gazetteer) -> None:
    text = (
        "On Friday the army operations ended up with liberating many villages and towns, "
        "mainly, Morek, Latmin and Kafr Zita."
    )
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}


def test_a_perfect_shared_by_a_joined_verb_is_no_passive(gazetteer) -> None:
    text = (
        "On Friday, units of the Syrian Army had repelled an attack of the rebels on Kafr Zita "
        "and retaken the villages of Morek and Latmin near it."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB), (LATMIN, "government", PUB)}


def test_both_of_which_were_captured_names_the_places_before(gazetteer) -> None:
    text = (
        "Army units attacked on Friday from positions around Morek and Latmin, both of which "
        "were captured yesterday."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", THU), (LATMIN, "government", THU)}


def test_these_villages_point_back_to_a_list_of_names_the_gazetteer_lacks(gazetteer) -> None:
    text = (
        "Clashes raged on Friday in the villages of Abu Jarif and Sheikh Jort. The army then "
        "captured these villages."
    )
    assert _changes(text, gazetteer) == {
        ("Abu Jarif", "government", PUB),
        ("Sheikh Jort", "government", PUB),
    }


def test_thus_encircling_a_post_is_a_siege_of_its_town(gazetteer) -> None:
    text = (
        "On Friday the army liberated the town of Morek and several nearby points thus "
        "encircling the Turkish observation post near Latmin."
    )
    events = extract_text(text, gazetteer, PUB)
    got = {(ev.place_id, ev.kind, ev.side) for ev in events.itertuples()}
    assert (LATMIN, "siege", "government") in got
    assert (MOREK, "control_change", "government") in got


def test_a_lower_case_article_apart_opens_a_name(gazetteer) -> None:
    text = "On Friday government forces captured the strategic city of al Habeit."
    assert _changes(text, gazetteer) == {("al Habeit", "government", PUB)}


def test_a_date_since_the_start_of_an_offensive_dates_the_offensive(gazetteer) -> None:
    text = (
        "Government forces captured Morek. The capture of Morek is the biggest gain since the "
        "beginning of the offensive three months ago."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_a_subject_with_a_backed_by_aside_occupies(gazetteer) -> None:
    text = (
        "Regime forces, backed by Russia and Iran-backed militias, occupied the town of Morek "
        "on Thursday, according to local sources."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}


def test_a_road_listed_before_a_place(gazetteer) -> None:
    text = "The army said on Thursday it had taken full control of the M5 highway and Morek."
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}
    assert _changes("Rebels shelled the M5 highway and Morek on Thursday.", gazetteer) == set()


def test_a_passive_with_no_agent_skips_an_actor_fought_with(gazetteer) -> None:
    text = (
        "The army took the town on Friday following fierce clashes with the terrorists, a "
        "reporter said, adding that Morek has now been completely liberated."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_a_town_named_later_in_apposition(gazetteer) -> None:
    text = (
        "Syrian troops captured a strategic town in the country's northwest on Thursday, "
        "Morek, marking a major advance."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}
    text = "Syrian troops captured a strategic town in the northwest on Thursday, the monitor said."
    assert _changes(text, gazetteer) == set()


def test_them_after_a_list_is_the_list(gazetteer) -> None:
    text = (
        "The rebels recaptured the villages of Morek and Latmin on Friday after government "
        "forces captured them on Thursday."
    )
    assert _changes(text, gazetteer) == {
        (MOREK, "opposition", PUB),
        (LATMIN, "opposition", PUB),
        (MOREK, "government", THU),
        (LATMIN, "government", THU),
    }


def test_a_counted_change_dated_before_its_object_waits_for_the_list(gazetteer) -> None:
    text = (
        "The Syrian Arab Army liberated on Thursday three towns in the northern countryside "
        "of Hama. A correspondent reported that the towns are: Morek, Latmin and Kafr Zita."
    )
    assert _changes(text, gazetteer) == {(p, "government", THU) for p in THREE}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Militants of the Nusra Front have been knocked out of Morek, the ministry said on "
            "Friday.",
            {(MOREK, "government", PUB)},
        ),
        ("The army forced the rebels out of Morek on Friday.", {(MOREK, "government", PUB)}),
        # people driven out, no armed side: no change
        ("Civilians were forced out of Morek by the shelling on Friday.", set()),
        ("The fighting forced thousands of families out of Morek on Friday.", set()),
    ],
)
def test_knocked_and_forced_out_of(text: str, expected: set, gazetteer) -> None:
    assert _changes(text, gazetteer) == expected


def test_the_side_fought_with_is_never_the_subject(gazetteer) -> None:
    text = (
        "A reporter said the army units continued their operations on Friday and after violent "
        "clashes with Nusra Front terrorists, they took control of Morek and Latmin villages."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB), (LATMIN, "government", PUB)}


@pytest.mark.parametrize(
    "text",
    [
        "Units of the army established control last Thursday on the towns of Morek, Latmin "
        "and Kafr Zita.",
        "On Thursday our brave soldiers managed to clean the following towns: Morek, Latmin "
        "and Kafr Zita.",
    ],
)
def test_translated_verbs_of_control(text: str, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(p, "government", THU) for p in THREE}


def test_a_list_one_a_line_takes_names_with_particles(gazetteer) -> None:
    text = (
        "The regime took over 3 towns on Friday.\nThe areas taken over by the regime are:\n\n"
        "Morek\n\nQal-et Madiq\n\nSaxir El Bani\n\nLocal sources said the rebels withdrew."
    )
    assert _changes(text, gazetteer) == {
        (MOREK, "government", PUB),
        ("gn:166227", "government", PUB),  # Qalaat al-Madiq, however spelled
        ("Saxir El Bani", "government", PUB),
    }


def test_an_unknown_name_before_a_place_noun(gazetteer) -> None:
    text = "On Friday soldiers managed to regain control over the Abu Jarif area."
    assert _changes(text, gazetteer) == {("Abu Jarif", "government", PUB)}
    assert _changes("On Friday the army shelled the Abu Jarif area.", gazetteer) == set()


def test_translated_sieges_and_partial_rings(gazetteer) -> None:
    text = "On Friday the posts in Morek and Latmin have been sieged completely by the Syrian army."
    events = extract_text(text, gazetteer, PUB)
    sieges = {(ev.place_id, ev.side) for ev in events.itertuples() if ev.kind == "siege"}
    assert sieges == {(MOREK, "government"), (LATMIN, "government")}
    text = "On Friday the army captured a dozen villages, encircling Morek on three sides."
    events = extract_text(text, gazetteer, PUB)
    assert not (events.kind == "siege").any()


def test_a_gerund_after_led_to_takes_the_clauses_subject(gazetteer) -> None:
    text = (
        "On Friday the army units resumed shelling targeted at the terrorists along the "
        "highway, which led to recapturing Morek village."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}


def test_hills_that_were_liberated_name_no_place(gazetteer) -> None:
    text = (
        '"Many strategic hills were taken and today we are on the outskirts of Morek," an '
        "officer said on Friday."
    )
    assert _changes(text, gazetteer) == set()


def test_a_dated_controlled_by_is_a_change_of_unknown_or_known_places(gazetteer) -> None:
    text = (
        "The regime failed to regain the villages of Abu Jarif and Sheikh Jort, which were "
        "controlled by the rebels on Thursday."
    )
    assert _changes(text, gazetteer) == {
        ("Abu Jarif", "opposition", THU),
        ("Sheikh Jort", "opposition", THU),
    }
    assert _changes("Morek was controlled by the rebels until 2019.", gazetteer) == set()


def test_the_hill_points_back_to_a_hill_the_gazetteer_lacks(gazetteer) -> None:
    text = (
        "Warplanes conducted 400 airstrikes on the strategic hill of Hememiat on Thursday. "
        "On Thursday, rebel fighters announced they captured the strategic hill."
    )
    assert _changes(text, gazetteer) == {("Hememiat", "opposition", THU)}


@pytest.mark.parametrize(
    "text",
    [
        "On Friday the army resumed its operations by clearing a number of settlements. The "
        "settlements are Morek, Latmin and Kafr Zita that are located along the highway.",
        "On Friday the army took three towns. The three towns that were previously under "
        "militant control were Morek, Latmin and Kafr Zita.",
    ],
)
def test_the_list_follows_the_copula_it_opens(text: str, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}


def test_a_since_date_of_another_clause_does_not_date_the_capture(gazetteer) -> None:
    text = (
        "The regime has been attacking the rebel-held zone since April, and has captured "
        "several towns including Morek."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB)}
    text = "Since Thursday evening, regime forces have taken 24 villages including Morek."
    events = extract_text(text, gazetteer, PUB)
    assert [(ev.place_id, ev.date, ev.date_precision) for ev in events.itertuples()] == [
        (MOREK, PUB, "week")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "On Friday the army liberated the following villages: 1- Morek 2- Latmin 3- Kafr Zita.",
        "On Friday the army liberated Morek – Latmin – Kafr Zita.",
        "On Friday the army liberated three villages (Morek, Latmin and Kafr Zita).",
    ],
)
def test_lists_numbered_dashed_or_in_brackets(text: str, gazetteer) -> None:
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}
    shelled = text.replace("liberated", "shelled")
    assert _changes(shelled, gazetteer) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On Friday the army managed to secure the towns of Morek and Latmin.",
            {(MOREK, "government", PUB), (LATMIN, "government", PUB)},
        ),
        (
            "On Friday the army managed to secure the government strongholds of Morek and Latmin.",
            set(),
        ),
        (
            "On Friday the army had managed to drive militants from the height of Abu Jarif.",
            {("Abu Jarif", "government", PUB)},
        ),
        ("On Friday the army captured most of Morek.", set()),
        ("On Friday the army captured most of the Abu Jarif quarter.", set()),
        (
            "On Friday government forces retook control of the Abu Jarif and Sheikh Jort villages.",
            {("Abu Jarif", "government", PUB), ("Sheikh Jort", "government", PUB)},
        ),
        (
            "On Friday the army captured Morek in the northern Hama countryside and the town of "
            "Latmin.",
            {(MOREK, "government", PUB), (LATMIN, "government", PUB)},
        ),
        (
            "On Friday the army captured Abu Jarif, Arab Union College and Sheikh Jort.",
            {("Abu Jarif", "government", PUB), ("Sheikh Jort", "government", PUB)},
        ),
        (
            "On Friday three militants of the Nusra Front and Jays al-Izza were captured in Morek.",
            set(),
        ),
    ],
)
def test_objects_round_eight(text: str, expected: set, gazetteer) -> None:
    assert _changes(text, gazetteer) == expected


def test_a_joined_base_verb_shares_the_aim(gazetteer) -> None:
    text = (
        "On Friday regime fighters were trying to advance on the town of Morek and besiege "
        "the city of Latmin."
    )
    events = extract_text(text, gazetteer, PUB)
    assert events.empty
    text = "On Friday the army managed to advance on Morek and besiege Latmin."
    events = extract_text(text, gazetteer, PUB)
    assert (LATMIN, "siege") in {(ev.place_id, ev.kind) for ev in events.itertuples()}


def test_friends_from_a_group_are_the_group(gazetteer) -> None:
    text = (
        "Since Thursday, Turkish troops and their friends from Hayat Tahrir al-Sham have "
        "recaptured the towns of Morek and Latmin."
    )
    assert _changes(text, gazetteer) == {(MOREK, "opposition", PUB), (LATMIN, "opposition", PUB)}


def test_a_period_start_is_not_the_storys_day(gazetteer) -> None:
    text = (
        "Since 19 August so far, the army has liberated 1160 km2 of land. In this period, the "
        "army captured Morek and Latmin."
    )
    assert _changes(text, gazetteer) == {(MOREK, "government", PUB), (LATMIN, "government", PUB)}


def test_remains_and_became_are_passive_auxiliaries(gazetteer) -> None:
    text = "On Friday the Turkish observation post in Morek remains surrounded by the Syrian army."
    events = extract_text(text, gazetteer, PUB)
    assert [(ev.place_id, ev.kind, ev.side) for ev in events.itertuples()] == [
        (MOREK, "siege", "government")
    ]


def test_a_days_capture_of_a_place(gazetteer) -> None:
    text = "The army advanced on Monday. Thursday's capture of Morek opened the road to Latmin."
    assert _changes(text, gazetteer) == {(MOREK, "government", THU)}


def test_a_participle_of_control_takes_the_clauses_subject(gazetteer) -> None:
    text = (
        "On Friday the army's elite 25th Special Forces Division overran most of the remaining "
        "militants' defenses, imposing control of the towns of Morek, Latmin and Kafr Zita."
    )
    assert _changes(text, gazetteer) == {(p, "government", PUB) for p in THREE}


def test_a_region_is_no_post_town_and_a_building_no_place(gazetteer) -> None:
    events = extract_text("Russian military surrounds Turkish observation post in Hama", gazetteer)
    assert events.empty
    text = "On Friday the troops captured the strategic Scientific Research Building."
    assert _changes(text, gazetteer) == set()


def test_days_after_losing_it_to_a_side(gazetteer) -> None:
    text = "The rebels retook Morek on Friday, a day after losing it to the army."
    assert _changes(text, gazetteer) == {(MOREK, "opposition", PUB), (MOREK, "government", THU)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On Friday regime forces and loyal militiamen advance and control Morek.",
            {(MOREK, "government", PUB)},
        ),
        (
            "On Friday regime forces advanced to Morek and controlled it.",
            {(MOREK, "government", PUB)},
        ),
        ("Rebels hold and control Morek.", set()),
    ],
)
def test_advance_and_control(text: str, expected: set, gazetteer) -> None:
    assert _changes(text, gazetteer) == expected


def test_effectively_besieging(gazetteer) -> None:
    text = "On Friday the army cut off the last supply route to Morek, effectively besieging it."
    events = extract_text(text, gazetteer, PUB)
    assert {(ev.place_id, ev.kind) for ev in events.itertuples()} == {(MOREK, "siege")}


def test_weeks_after_a_long_subject_and_a_fronted_loss(gazetteer) -> None:
    text = (
        "This comes just weeks after the Syrian Arab Army managed to retake several important "
        "areas, including the town of Morek."
    )
    events = extract_text(text, gazetteer, PUB)
    assert [(ev.place_id, ev.date_precision) for ev in events.itertuples()] == [(MOREK, "week")]
    assert events.date.iloc[0] < PUB
    text = "After losing Morek and Latmin, militants must withdraw from Kafr Zita."
    assert _changes(text, gazetteer) == set()
