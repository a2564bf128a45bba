"""The phrase "the town" points back to a place named earlier in its clause, else the topic."""

from __future__ import annotations

from scenarios import change_keys, extract_text


def _changes(text: str) -> set[tuple[str, str, str]]:
    df = extract_text(text)
    return {(place, side, date) for place, side, date in change_keys(df.assign(place_id=""))}


def test_the_town_after_a_place_in_its_clause() -> None:
    got = _changes(
        "Syrian troops captured Khan Shaykhun on Tuesday, the army said.\n\n"
        "Syrian troops entered Morek and took control of the town on Thursday."
    )
    assert ("Khan Shaykhun", "government", "2019-08-20") in got
    assert ("Morek", "government", "2019-08-22") in got
    # not the article's topic, dated by the second sentence
    assert ("Khan Shaykhun", "government", "2019-08-22") not in got


def test_the_town_alone_is_the_topic() -> None:
    got = _changes(
        "Syrian troops advanced on Khan Shaykhun on Monday.\n\n"
        "On Tuesday the army took control of the town, the monitor said."
    )
    assert ("Khan Shaykhun", "government", "2019-08-20") in got
