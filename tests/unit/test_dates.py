"""Date phrases resolved against the publication date and the article's context."""

from __future__ import annotations

import datetime as dt

import pytest

from frontline.ingest.dates import DateContext, find_date_mentions, resolve_date

PUB = dt.date(2019, 8, 23)  # a Friday


def _resolve(text: str, pub: dt.date = PUB, context: DateContext | None = None):
    ctx = context or DateContext(pub)
    (m,) = find_date_mentions(text)
    return resolve_date(m, ctx)


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("on Aug. 22, 2019", "2019-08-22", "day"),
        ("on 22 August 2019", "2019-08-22", "day"),
        ("on 5 February", "2019-02-05", "day"),
        ("on Wednesday", "2019-08-21", "day"),
        ("on Friday", "2019-08-23", "day"),  # the publication day itself
        ("last Friday", "2019-08-16", "day"),
        ("yesterday", "2019-08-22", "day"),
        ("since last night", "2019-08-22", "day"),
        ("last week", "2019-08-12", "week"),
        ("earlier this month", "2019-08-01", "month"),
        ("last September", "2018-09-01", "month"),
        ("in mid-May", "2019-05-01", "month"),
        ("in August 2018", "2018-08-01", "month"),
        ("in 2012", "2012-01-01", "year"),
        ("this year", "2019-01-01", "year"),
        ("three days ago", "2019-08-20", "day"),
        ("on 2019-08-01", "2019-08-01", "day"),
    ],
)
def test_phrases(text: str, date: str, precision: str) -> None:
    got = _resolve(text)
    assert got is not None
    assert (got[0].isoformat(), got[1]) == (date, precision)


def test_day_month_in_january_means_last_december() -> None:
    got = _resolve("on 28 December", pub=dt.date(2020, 1, 3))
    assert got == (dt.date(2019, 12, 28), "day")


def test_context_phrases_inherit_the_story_day() -> None:
    ctx = DateContext(PUB, day=dt.date(2019, 8, 21), year=2019)
    assert _resolve("Earlier in the day", context=ctx) == (dt.date(2019, 8, 21), "day")
    assert _resolve("a day earlier", context=ctx) == (dt.date(2019, 8, 20), "day")
    assert _resolve("the next day", context=ctx) == (dt.date(2019, 8, 22), "day")


def test_following_year_counts_from_the_last_year_named() -> None:
    ctx = DateContext(dt.date(2020, 1, 29))
    mentions = find_date_mentions("In 2011, it rose up. The following year, it fell.")
    first = resolve_date(mentions[0], ctx)
    assert first is not None
    ctx.note(first[0], first[1], mentions[0].form)
    assert resolve_date(mentions[1], ctx) == (dt.date(2012, 1, 1), "year")


def test_modal_may_and_big_numbers_are_not_dates() -> None:
    assert find_date_mentions("the army may march on; 3,80,000 people; 10 kilometres") == []


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("overnight", "2019-08-23", "day"),
        ("over the past day", "2019-08-22", "day"),
        ("late on Tuesday", "2019-08-20", "day"),
        ("on Friday night", "2019-08-23", "day"),
        ("over the weekend", "2019-08-17", "week"),  # the Saturday before a Friday
        ("last weekend", "2019-08-17", "week"),
        ("over the past few days", "2019-08-20", "week"),
        ("in recent days", "2019-08-20", "week"),
    ],
)
def test_night_and_weekend_phrases(text: str, date: str, precision: str) -> None:
    result = _resolve(text)
    assert result is not None
    assert (result[0].isoformat(), result[1]) == (date, precision)


def test_anchored_pattern_survives_case_mappings_that_change_length() -> None:
    # "İ" lower-cases to two characters: offsets must still be the text's.
    text = "İDLİB (Reuters) - Troops took the town on Wednesday, officials said."
    (m,) = find_date_mentions(text)
    assert text[m.start : m.end] == "Wednesday"


def test_days_earlier_with_no_number_is_about_three_days_at_week_precision() -> None:
    ctx = DateContext(dt.date(2019, 8, 23))
    for text in ("days earlier", "a few days earlier", "several days earlier"):
        (mention,) = find_date_mentions(f"after losing it {text} to rebels")
        assert resolve_date(mention, ctx) == (dt.date(2019, 8, 20), "week")
