"""The phrase "the town" points back to a place named earlier in its clause, else the topic."""

from __future__ import annotations

import warnings

from frontline.errors import UnlocatedPlacesWarning
from frontline.events.extract import extract_events
from frontline.ingest.articles import Article

PUB = "2019-08-23"  # a Friday


def _changes(text: str) -> set[tuple[str, str, str]]:
    art = Article("t.txt", PUB, "Test", "", "", text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnlocatedPlacesWarning)
        df = extract_events([art])
    rows = df[df.kind == "control_change"]
    return {(r.place, r.side, r.date) for r in rows.itertuples()}


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
