"""Dates in war reporting: explicit, weekday, relative and contextual, each with a precision.

:func:`find_date_mentions` finds every date expression in a text with one compiled pattern
(fast enough to run over whole articles); :func:`resolve_date` turns one mention into an ISO
date and a precision (``day|week|month|year``) given the publication date and the
narrative context (:class:`DateContext`: the last day and year the article spoke of).

The calendar arithmetic is done by ``dateutil`` (parsing "Aug. 22, 2019", weekday and
month offsets) and ``dateparser`` ("three days ago"); this module only decides *which*
phrase means what.

Conventions
-----------
* A weekday ("on Wednesday") is the latest such day on or before publication.
* A day and month without a year ("on 5 February") takes the publication year, or the year
  before when that would put it more than a week after publication.
* Coarse dates are truncated to the start of their period (a period that runs up to
  publication, "in recent days", is not): ``week`` -> the Monday,
  ``month`` -> the 1st, ``year`` -> 1 January; the precision says how far to trust them.
* "in the past hours" is the publication day.
* "last night", "over the past day" are the day before publication, "overnight" the
  publication day (the night that ends on it); "over the
  weekend" is the last Saturday before it, at week precision; "over the past few days", "in
  recent days" three days before it, at week precision.
* "earlier in the day", "the same day" inherit the last day the article spoke of; "a day
  earlier" / "the next day" shift it; "the following year" is one more than the last year
  the text named.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from dateutil import parser as du_parser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from frontline import config
from frontline.errors import BadInputError
from frontline.ingest.anchored import AnchoredPattern

__all__ = [
    "iso_date",
    "next_day",
    "PRECISIONS",
    "DateContext",
    "DateMention",
    "find_date_mentions",
    "parse_full_date",
    "parse_iso_date",
    "resolve_date",
    "to_date",
]


def _words(text: str) -> list[str]:
    """Split a space-separated word list (easier to read than a long list literal)."""
    return text.split()


#: Date precisions, finest first.
PRECISIONS = config.PRECISIONS

_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONFULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
_ORD = r"(?:st|nd|rd|th)?"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
_WORDNUM = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_WEEKDAYS = {"mon": MO, "tue": TU, "wed": WE, "thu": TH, "fri": FR, "sat": SA, "sun": SU}

# One alternation, longest forms first. Month names and weekdays are matched with their
# capital (English style), so the modal "may" or "march on" never read as dates; relative
# phrases are matched case-insensitively.
# The leading \b lets the engine skip non-boundary positions before trying the alternatives.
_PATTERN = re.compile(
    r"\b(?:"
    + "|".join(
        [
            r"(?P<iso>\b\d{4}-\d{2}-\d{2}\b)",
            rf"(?P<mdy>\b{_MON}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}\b)",
            rf"(?P<dmy>\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MON},?\s+\d{{4}}\b)",
            rf"(?P<my>\b{_MONFULL},?\s+\d{{4}}\b)",
            rf"(?P<md>\b{_MON}\s+\d{{1,2}}{_ORD}\b(?!\d|,?\s*\d{{4}}))",
            rf"(?P<dm>\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MON}(?![\w]))",
            rf"(?P<lastmon>\b(?i:last|this\s+past)\s+{_MONFULL}\b)",
            rf"(?P<inmon>\b(?i:in|since|during|(?:earlier|later)\s+in|(?:early|mid|late)[- ]"
            r"|(?:at\s+the\s+(?:beginning|start|end)|in\s+the\s+middle)\s+of)\s*"
            rf"{_MONFULL}\b(?!,?\s+\d{{4}})(?!\s+\d{{1,2}}(?:st|nd|rd|th)?\b))",
            r"(?P<wd>\b(?i:last\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)",
            r"(?i:(?P<rel>\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight"
            r"|last\s+(?:night|morning)|overnight|(?:over|during|in)\s+the\s+(?:past|last)\s+day"
            r"|(?:over|during|in|within)\s+the\s+(?:past|last)\s+(?:few\s+|several\s+|\d{1,2}\s+)?hours(?!\s+of\b)"
            r"|this\s+(?:morning|afternoon|evening))\b))",
            r"(?i:(?P<fewdays>\b(?:(?:in|over|during)\s+the\s+(?:past|last)\s+(?:few|several"
            r"|couple\s+of)\s+days|in\s+recent\s+days)\b))",
            r"(?i:(?P<weekend>\b(?:(?:over|during|at)\s+the\s+(?:past\s+|last\s+)?weekend"
            r"|(?:last|this|past)\s+weekend)\b))",
            r"(?i:(?P<ctx>\b(?:(?:earlier|later)\s+(?:in\s+the|that|the\s+same)\s+day"
            r"|(?:on\s+)?the\s+same\s+day|later\s+that\s+(?:day|night|evening))\b))",
            rf"(?i:(?P<shift>\b(?:{_NUM}\s+days?\s+(?:earlier|later|before|after)"
            r"|(?:(?:a\s+few|several|some)\s+)?(?<!\d\s)days\s+earlier"
            r"|the\s+(?:previous|next|following)\s+(?:day|night|morning)"
            r"|the\s+(?:day|night)\s+(?:before|after))\b))",
            rf"(?i:(?P<ago>\b{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago\b))",
            r"(?i:(?P<week>\b(?:last|this|past|(?:earlier|later)\s+this)\s+week\b))",
            r"(?i:(?P<month>\b(?:last|this|past|(?:earlier|later)\s+this)\s+month\b))",
            r"(?i:(?P<nextyear>\b(?:the\s+(?:following|next|previous|preceding)\s+year"
            r"|(?:a|one)\s+year\s+(?:later|earlier|before))\b))",
            r"(?i:(?P<thisyear>\b(?:last|this|earlier\s+this)\s+year\b))",
            r"(?P<year>(?<![\d,.\-/])\b(?:19[4-9]\d|20[0-4]\d)\b(?![,.]?\d|-\d))",
        ]
    )
    + ")"
)


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DAYS = _words("monday tuesday wednesday thursday friday saturday sunday")


def _date_anchors() -> list[str]:
    # Lower-case openings of every branch of _PATTERN: as specific as possible, so the
    # pattern is tried at a handful of places per article rather than at every "the".
    out = [str(d) for d in range(10)] + _DAYS + ["yesterday", "today", "tonight"]
    out += [m[:3] + "." for m in _MONTHS] + [m[:3] + " " for m in _MONTHS] + _MONTHS
    out += ["sept.", "sept "]
    for lead in ("last", "in", "since", "during", "early", "late", "mid", "mid-"):
        out += [f"{lead} {m}" for m in _MONTHS] + [f"{lead}-{m}" for m in _MONTHS]
    for lead in ("at the beginning of", "at the start of", "at the end of", "in the middle of"):
        out += [f"{lead} {m}" for m in _MONTHS]
    out += [f"last {d}" for d in _DAYS]
    for lead in ("last", "this", "past"):
        out += [f"{lead} {u}" for u in ("night", "week", "month", "year", "morning")]
    out += ["this afternoon", "this evening", "this past", "earlier this", "later this"]
    out += ["overnight"]
    for lead in ("over the", "during the", "in the"):
        out += [f"{lead} past day", f"{lead} last day"]
        out += [f"{lead} {w} {n}" for w in ("past", "last") for n in ("few", "several", "couple")]
    out += ["in recent days"]
    out += [
        f"{lead} the {w} " for lead in ("over", "during", "in", "within") for w in ("past", "last")
    ]
    for lead in ("over the", "during the", "at the"):
        out += [f"{lead} weekend", f"{lead} past weekend", f"{lead} last weekend"]
    out += [f"{lead} weekend" for lead in ("last", "this", "past")]
    out += ["earlier in", "later in", "earlier that", "later that"]
    out += ["the day", "the night", "the same", "on the same", "the previous", "the next"]
    out += ["the following"]
    out += ["the preceding"]
    out += ["days earlier", "a few days", "several days", "some days"]
    for num in _WORDNUM:
        out += [f"{num} {u}" for u in ("day", "days", "week", "weeks", "month", "months",
                                        "year", "years")]  # fmt: skip
    return out


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text.

    Attributes
    ----------
    start, end : int
        Character offsets in the text searched.
    text : str
        The expression as written.
    form : str
        Which kind of expression: ``iso, mdy, dmy, my, md, dm, lastmon, inmon, wd, rel, ctx,
        shift, ago, week, month, nextyear, thisyear, year``.
    """

    start: int
    end: int
    text: str
    form: str


@dataclass
class DateContext:
    """What an article has been talking about so far (mutable while reading it).

    Attributes
    ----------
    published : datetime.date
        Publication date.
    day : datetime.date or None
        The last day-precision date the article spoke of.
    year : int or None
        The last year the article named (explicitly or through a full date).
    """

    published: dt.date
    day: dt.date | None = None
    year: int | None = None
    _seen: list[tuple[dt.date, str]] = field(default_factory=list, repr=False)

    def note(self, date: dt.date, precision: str, form: str) -> None:
        """Record a resolved date so later relative phrases can refer to it."""
        if precision == "day" and form not in ("ctx", "shift"):
            # "a day earlier" is an aside: the story's day does not move.
            self.day = date
        if form in ("iso", "mdy", "dmy", "my", "year", "nextyear"):
            self.year = date.year


def parse_iso_date(value: str | dt.date) -> dt.date:
    """Parse a strict ``YYYY-MM-DD`` date (or pass a date through).

    Raises
    ------
    ValueError
        If ``value`` is not a valid ISO calendar date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"not a YYYY-MM-DD date: {value!r}")
    return dt.date.fromisoformat(text)


def to_date(value: str | dt.date) -> dt.date:
    """Accept ``str | datetime.date`` (the API convention) and return a date."""
    return parse_iso_date(value)


def parse_full_date(text: str) -> dt.date | None:
    """Parse a date that names day, month and year ("Aug. 22, 2019", "5 February 2020").

    Returns
    -------
    datetime.date or None
        None if ``text`` lacks a year or is not a date.
    """
    if not re.search(r"\b\d{4}\b", text):
        return None
    try:
        return du_parser.parse(_clean(text), fuzzy=True).date()
    except (ValueError, OverflowError):
        return None


def _clean(text: str) -> str:
    # dateutil knows "Sep" but not "Sept".
    return re.sub(r"\bSept\b", "Sep", text.replace("\n", " "))


_ANCHORED = AnchoredPattern(_PATTERN, _date_anchors())


def find_date_mentions(text: str) -> list[DateMention]:
    """All date expressions in ``text``, left to right.

    Returns
    -------
    list of DateMention
    """
    out = []
    for m in _ANCHORED.finditer(text):
        form = m.lastgroup or ""
        out.append(DateMention(m.start(), m.end(), m.group(0), form))
    return out


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _number(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _WORDNUM.get(word, 1)


def _month_number(text: str) -> int:
    return du_parser.parse(_clean(text), default=dt.datetime(2000, 1, 1)).month


def resolve_date(mention: DateMention, context: DateContext) -> tuple[dt.date, str] | None:
    """Resolve a date expression to ``(date, precision)``.

    Parameters
    ----------
    mention : DateMention
        From :func:`find_date_mentions`.
    context : DateContext
        Publication date and what the article said before this mention.

    Returns
    -------
    tuple of (datetime.date, str) or None
        The date (start of its period for coarse precisions) and its precision
        (``day|week|month|year``); None if the phrase cannot be resolved.
    """
    form = mention.form
    # Only these forms read the context; the others share one cache entry per phrase.
    day = context.day if form in ("ctx", "shift") else None
    year = context.year if form == "nextyear" else None
    return _resolve(form, mention.text, context.published, day, year)


def _res_day(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    return _absolute_day(text), "day"


def _res_month_day(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    month, mday = _month_day(text)
    pub = ctx.published
    day = dt.date(pub.year, month, mday)
    if day > pub + dt.timedelta(days=7):  # "on 28 December" read in January
        day = day.replace(year=day.year - 1)
    return day, "day"


def _res_month_year(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    day = du_parser.parse(_clean(text), default=dt.datetime(2000, 1, 1)).date()
    return day.replace(day=1), "month"


def _res_month(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    month = _month_number(
        re.sub(r"(?i)\b(last|this|past|in|since|during|earlier|later|early|mid|late|at|the"
               r"|beginning|start|end|middle|of)\b|-", " ",
               text)
    )  # fmt: skip
    pub = ctx.published
    year = pub.year
    if month > pub.month or (low.startswith(("last", "this past")) and month == pub.month):
        year -= 1
    return dt.date(year, month, 1), "month"


def _res_weekday(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    pub = ctx.published
    weekday = _WEEKDAYS[low.split()[-1][:3]]
    day = pub + relativedelta(weekday=weekday(-1))
    if low.startswith("last") and day == pub:
        day -= dt.timedelta(days=7)
    return day, "day"


def _res_relative(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    pub = ctx.published
    if "before yesterday" in low:
        return pub - dt.timedelta(days=2), "day"
    # "overnight" in a report is the night that ends on its day: the publication day (the
    # corpus's annotation rule); "last night" is the night before it
    if any(w in low for w in ("yesterday", "last night", "last morning", "past day")):
        return pub - dt.timedelta(days=1), "day"
    return pub, "day"


def _res_weekend(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    """ "Over the weekend": the last Saturday before publication, week precision."""
    pub = ctx.published
    saturday = pub + relativedelta(weekday=SA(-1))
    if saturday == pub and not low.startswith("this"):
        saturday -= dt.timedelta(days=7)
    return saturday, "week"


def _res_few_days(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    """ "Over the past few days", "in recent days": three days before publication, at week
    precision (not the Monday of that week: published on a Wednesday, that Monday would lie
    nine days back, outside the period the words speak of)."""
    return ctx.published - dt.timedelta(days=3), "week"


def _res_context(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    return (ctx.day or ctx.published), "day"


def _res_shift(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    base = ctx.day or ctx.published
    if low.startswith(("days", "a few", "several", "some")):
        return base - dt.timedelta(days=3), "week"  # "(a few) days earlier": about three
    n = _number(low.split()[0]) if re.match(rf"(?i){_NUM}\s+days?", low) else 1
    sign = -1 if any(w in low for w in ("earlier", "before", "previous")) else 1
    return base + dt.timedelta(days=sign * n), "day"


def _res_ago(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str] | None:
    return _ago(text, ctx.published)


def _res_week(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    start = _week_start(ctx.published)
    if low.startswith(("last", "past")):
        start -= dt.timedelta(days=7)
    return start, "week"


def _res_this_month(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    first = ctx.published.replace(day=1)
    if low.startswith(("last", "past")):
        first = first - relativedelta(months=1)
    return first, "month"


def _res_next_year(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    base_year = ctx.year or ctx.published.year
    sign = -1 if any(w in low for w in ("previous", "preceding", "earlier", "before")) else 1
    return dt.date(base_year + sign, 1, 1), "year"


def _res_this_year(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    year = ctx.published.year - 1 if low.startswith("last") else ctx.published.year
    return dt.date(year, 1, 1), "year"


def _res_year(text: str, low: str, ctx: DateContext) -> tuple[dt.date, str]:
    return dt.date(int(text), 1, 1), "year"


# One resolver per form of _PATTERN (a table instead of one long if-chain).
_RESOLVERS: dict[str, Callable[[str, str, DateContext], tuple[dt.date, str] | None]] = {
    "iso": _res_day,
    "mdy": _res_day,
    "dmy": _res_day,
    "md": _res_month_day,
    "dm": _res_month_day,
    "my": _res_month_year,
    "lastmon": _res_month,
    "inmon": _res_month,
    "wd": _res_weekday,
    "rel": _res_relative,
    "weekend": _res_weekend,
    "fewdays": _res_few_days,
    "ctx": _res_context,
    "shift": _res_shift,
    "ago": _res_ago,
    "week": _res_week,
    "month": _res_this_month,
    "nextyear": _res_next_year,
    "thisyear": _res_this_year,
    "year": _res_year,
}


@lru_cache(maxsize=65_536)
def _resolve(
    form: str, text: str, pub: dt.date, day_ctx: dt.date | None, year_ctx: int | None
) -> tuple[dt.date, str] | None:
    """Cached core of :func:`resolve_date` (the same phrases recur across a corpus)."""
    resolver = _RESOLVERS.get(form)
    if resolver is None:
        return None
    try:
        return resolver(text, text.lower(), DateContext(pub, day_ctx, year_ctx))
    except (ValueError, OverflowError, KeyError):
        return None


@lru_cache(maxsize=16_384)
def _absolute_day(text: str) -> dt.date:
    """A full date ("Aug. 22, 2019"): parsed once per phrase, whatever the article."""
    return du_parser.parse(_clean(text)).date()


@lru_cache(maxsize=16_384)
def _month_day(text: str) -> tuple[int, int]:
    """Month and day of "5 February" / "Feb. 5", parsed once per phrase (dateutil).

    A leap year as the default year, so "29 February" parses; the caller applies the year.
    """
    day = du_parser.parse(_clean(re.sub(r"\bof\b", " ", text)), default=dt.datetime(2000, 1, 1))
    return day.month, day.day


def _ago(text: str, pub: dt.date) -> tuple[dt.date, str] | None:
    import dateparser  # imported lazily: it costs ~0.3 s and "N days ago" is rare

    base = dt.datetime(pub.year, pub.month, pub.day, 12)
    found = dateparser.parse(text, settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    if found is None:
        return None
    unit = text.lower().split()[1].rstrip("s")
    day = found.date()
    if unit == "week":
        return _week_start(day), "week"
    if unit == "month":
        return day.replace(day=1), "month"
    if unit == "year":
        return dt.date(day.year, 1, 1), "year"
    return day, "day"


def iso_date(value: str | dt.date | pd.Timestamp, what: str = "date") -> str:
    """Normalise ``value`` to an ISO ``YYYY-MM-DD`` string.

    Raises
    ------
    FrontlineError
        If ``value`` is not a calendar date.
    """
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        # YYYY-MM-DD, or a timestamp starting with it; not 20200201, 2020-W05 or 2020-02-01xyz
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]):
            raise ValueError(text)
        if len(text) > 10:
            return dt.datetime.fromisoformat(text).date().isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise BadInputError(f"{what} {text!r} is not an ISO date (YYYY-MM-DD)") from None


def next_day(date: str) -> str:
    """The ISO date after ``date``."""
    return (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()
