"""Stage 5c: which date an event gets: the date phrase of its own clause.

A date phrase belongs to the nearest trigger, a verb's own adverbial winning ("took X on
May 8 and lost it again on May 22"); a clause opened by "after/since/when ..." keeps its
own date ("retook X, since they captured it last night"); nouns ("the capture of") take
no other verb's date. With no phrase of its own, an event takes the day the article last
spoke of, else the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from frontline.events.extract.arguments import PlaceRef, Trigger
from frontline.events.extract.cues import JUST_BEFORE
from frontline.events.extract.modality import bare_noun
from frontline.events.extract.patterns import (
    DETERMINER_BEFORE,
    PRIOR_EVENT,
    RELATIVE_ASIDE,
    SUBORDINATE_BEFORE,
)
from frontline.events.model import Event
from frontline.ingest.dates import DateContext, DateMention

__all__ = [
    "Resolved",
    "anchor_shifts",
    "distance",
    "drop_undated_repeats",
    "event_date",
    "follows_other",
    "opens_period",
    "place_dates",
    "prior_date",
    "since_night",
    "trigger_date",
    "weak_date",
]

#: A date mention and what it resolved to (``(date, precision)`` or None).
Resolved = tuple[DateMention, tuple[dt.date, str] | None]


# "N days after/before" inside a sentence: the clause it opens happened N days before
# (after) the sentence's main event ("took X on Tuesday, two days after they took Y").
_SHIFT_AFTER = re.compile(
    r"(?i)(?:(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+days?"
    r"|the\s+day)\s+(?P<dir>after|before)"
)
# "... on Tuesday and took Y the following day", "two days later": a shift from the
# sentence's own earlier date (from the story's day when the sentence has none).
_SHIFT_LATER = re.compile(
    r"(?i)the\s+(?P<next>following|next)\s+day|the\s+(?P<prev>previous|preceding)\s+(?:day|night)"
    r"|the\s+night\s+(?P<before>before)"
    r"|(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+days?\s+"
    r"(?P<dir>later|earlier)"
)
_WORDNUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


def anchor_shifts(
    resolved: list[Resolved], s: int, fallback: dt.date
) -> tuple[list[Resolved], list[int]]:
    """Re-date "N days after ..." phrases inside a sentence from the sentence's own date.

    "Troops took X on Tuesday, two days after they took Y": Y's taking is Tuesday minus
    two days (a shift from the story's previous day would put it two days *after*). The
    anchor is the last day-precision date before the phrase in the sentence, else
    ``fallback`` (the day the article speaks of) when the phrase is not at the sentence's
    start ("Two days after ..., troops took Z" keeps the usual reading).

    Returns
    -------
    tuple of (list of Resolved, list of int)
        The re-dated list, and the start offsets of the phrases re-dated.
    """
    out = list(resolved)
    moved = []
    for i, (d, r) in enumerate(out):
        if d.form != "shift" or r is None:
            continue
        days = [rp[0] for dp, rp in out[:i] if rp is not None and rp[1] == "day"
                and dp.form != "shift"]  # fmt: skip
        base = days[-1] if days else None
        m = _SHIFT_AFTER.fullmatch(d.text)
        if m is None:
            later = _SHIFT_LATER.fullmatch(d.text)
            if later is not None and base is not None:
                # re-dated, but no clause of its own: "took Y the following day"
                out[i] = (d, (base + dt.timedelta(days=_later_days(later)), "day"))
            continue
        if base is None:
            if d.start - s <= 4:
                continue
            base = fallback
        n = _WORDNUM.get((m.group("n") or "a").lower()) or int(m.group("n"))
        sign = -1 if m.group("dir").lower() == "after" else 1
        out[i] = (d, (base + dt.timedelta(days=sign * n), "day"))
        moved.append(d.start)
    return out, moved


def _later_days(m: re.Match[str]) -> int:
    """Days a :data:`_SHIFT_LATER` phrase moves from its anchor (negative: earlier)."""
    if m.group("next") or m.group("prev") or m.group("before"):
        return 1 if m.group("next") else -1
    n = _WORDNUM.get(m.group("n").lower()) or int(m.group("n"))
    return n if m.group("dir").lower() == "later" else -n


# "..., a military source told Xinhua on Thursday", "the ministry said late on Monday": the
# phrase dates the report, not the event (which happened then or before).
_REPORT_BEFORE = re.compile(
    r"\b(?:(?:said|says|reported|announced|stated|added|confirmed|declared|tweeted|wrote)"
    r"(?:\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})?"
    r"|told(?:\s+(?:the|a|an))?(?:\s+[\w’'-]+){1,2})"
    r"\s+(?:(?:late|early)\s+)?(?:on\s+|in\s+)?$"
)


# Inside an attribution ("According to a field report from the province on Monday, ..."):
# the report's day.
_ACCORDING_BEFORE = re.compile(
    r"\baccording\s+to\s+(?:a|an|the)\s+[^,;.:]{0,60}?\b(?:on|in|at)\s+$", re.IGNORECASE
)


def weak_date(text: str, d: DateMention) -> bool:
    """Whether date phrase ``d`` dates a report rather than the event: the adverbial of a
    reporting verb ("..., a source told the agency on Thursday"), or a relative day
    ("today", "last night") inside a quotation, which counts from the speaker's day, not
    the article's."""
    if _REPORT_BEFORE.search(text, max(0, d.start - 50), d.start):
        return True
    if _ACCORDING_BEFORE.search(text, max(0, d.start - 80), d.start):
        return True  # "According to a field report on Monday, ...": the report's day
    if d.form not in ("rel", "ctx"):
        return False
    line = text[text.rfind("\n", 0, d.start) + 1 : d.start]
    return line.rfind("“") > line.rfind("”") or line.count('"') % 2 == 1


def follows_other(t: Trigger, o: Trigger, d: DateMention, text: str) -> bool:
    """Whether date ``d``, before trigger ``t``, is the adverbial after another trigger
    ``o`` ("took X on May 8 and lost it on May 22": May 8 is the taking's)."""
    return (
        o.end <= d.start
        and d.end <= t.start
        and d.start - o.end < distance(t, d)
        # "took X; on May 22 it lost Y": the date opens the next clause, not o's adverbial
        and not (";" in text[o.end : d.start] or _CLAUSE_OPENS.search(text, o.end, d.start))
    )


# Before a date phrase: a new coordinated clause opening ("...; on Wednesday it took Y",
# "..., and on Wednesday it took Y").
_CLAUSE_OPENS = re.compile(
    r"(?:;|,\s*(?:and|but|while|then))\s*(?:(?:late|early)\s+)?(?:(?:on|by|in)\s+)?$",
    re.IGNORECASE,
)


def _other_clause(text: str, t: Trigger, d: DateMention, others: Sequence[Trigger]) -> bool:
    """Whether date ``d`` belongs to another clause than trigger ``t``'s: a semicolon
    between them, or ``d`` opening a coordinated clause whose own verb follows it ("On
    Tuesday the army took X; on Wednesday it took Y": Tuesday is X's, Wednesday Y's)."""
    a, b = (t.end, d.start) if d.start >= t.end else (d.end, t.start)
    k = text.rfind(";", a, b) if d.start >= t.end else text.find(";", a, b)
    if k >= 0 and any((o.start > k) == (d.start > k) for o in others):
        return True  # a semicolon, and a verb of its own on the date's side of it
    if d.start < t.end or not _CLAUSE_OPENS.search(text, a, d.start):
        return False
    return any(d.end <= o.start <= d.end + 40 for o in others)


def distance(t: Trigger, d: DateMention) -> int:
    """Characters between trigger and date phrase; one before the verb counts 15 more."""
    return d.start - t.end if d.start >= t.end else t.start - d.end + 15


# Before a date: a clause of its own saying when something began ("..., their biggest gain
# since the offensive began in April"): that date is the beginning's, never the event's.
def opens_period(text: str, d: DateMention) -> bool:
    """Whether ``d`` is the start of a period ("since 19 December", "Since Friday")."""
    return d.text[:6].lower() == "since " or bool(
        _SINCE_JUST_BEFORE.search(text, max(0, d.start - 12), d.start)
    )


def _since_other_clause(text: str, d: DateMention, pos: int) -> bool:
    """Whether ``d`` opens a period of another clause before ``pos`` ("has been attacking
    X since April, and has captured Y": April is when the attacks began)."""
    return opens_period(text, d) and bool(_CLAUSE_AND.search(text, d.end, pos))


_SINCE_JUST_BEFORE = re.compile(r"\bsince\s+(?:early\s+|late\s+|mid-?)?$", re.IGNORECASE)
_CLAUSE_AND = re.compile(r",\s*(?:and|but)\b|\band\s+(?:has|have|had)\b", re.IGNORECASE)
_BEGAN_BEFORE = re.compile(
    r"\b(?:since|when|after|before)\s+[^,.;:]{0,50}?\b(?:began|begun|started|launched|erupted"
    r"|broke\s+out|kicked\s+off|commenced)\s+(?:(?:on|in|at)\s+)?$",
    re.IGNORECASE,
)


# Before a date: a comparison with another place ("the second town to fall, after Khan
# Shaykhun in August"): that date is the other place's.
_COMPARED_PLACE = re.compile(
    r"\b(?:after|before|following|like)\s+(?:the\s+(?:town|city|village)\s+of\s+)?"
    r"(?:[A-Z][\w'’‘`-]*\s+(?:(?:al|el|as|ad|ar|an|at|ash)-?\s*)?){1,4}(?:(?:in|during)\s+)?$"
)
# Between a verb and a later date: a relative clause opened after the object and still open
# ("seized X, a town which rose against the government in 2011"): the date is the clause's.
_OPEN_RELATIVE = re.compile(
    r",\s+(?:(?:a|an|the)\s+[\w'’-]+(?:\s+[\w'’-]+)?\s+)?(?:which|who|whose|where)\b[^,;]*$"
)
# Date forms a comparison carries: a month or year ("in August", "in 2016"), not a day.
_COMPARED_FORMS = frozenset({"inmon", "my", "month", "year", "lastmon"})


def _aside(text: str, start: int, o: int, end: int) -> bool:
    """Whether the clause at ``o`` is an aside closed before ``end`` ("regained X, which it
    had lost on Monday, on Tuesday": Tuesday is the main verb's)."""
    m = RELATIVE_ASIDE.search(text, start, end)
    return m is not None and m.start() < o < m.end() <= end


def _in_aside(text: str, d: DateMention, end: int) -> bool:
    """Whether date ``d`` lies inside a comma-closed relative aside that ends before ``end``
    ("Forces, which have pressed an offensive since December, took X on Tuesday")."""
    for m in RELATIVE_ASIDE.finditer(text, max(0, d.start - 130), end):
        if m.start() < d.start and d.end <= m.end() <= end:
            return True
    return False


def event_date(
    t: Trigger,
    resolved: Sequence[Resolved],
    sentence_triggers: Sequence[Trigger],
    text: str,
    context: DateContext,
    anchored: Sequence[int] = (),
) -> tuple[str, str, bool]:
    """The date of trigger ``t`` in ``text``; ``anchored``: starts of the phrases
    :func:`anchor_shifts` re-dated (each dates the clause it opens).

    Returns
    -------
    tuple of (str, str, bool)
        ISO date, precision (``day|week|month|year``), and whether the sentence dates the
        event itself (False: the article's last day, or the publication date).
    """
    for d, r in resolved:
        if (
            r is not None
            and d.start in anchored
            and 0 <= t.start - d.end <= 40
            and not any(d.end <= o.start < t.start for o in sentence_triggers)
        ):
            return r[0].isoformat(), r[1], True  # "..., two days after they took Y"
    # Other verbs of the sentence (not nouns: "completed the capture of the road").
    others = [
        o
        for o in sentence_triggers
        if o is not t
        and not DETERMINER_BEFORE.search(text, max(0, o.start - 8), o.start)
        and o.text[:3].lower() != "by "  # "By taking X on Monday, troops cut off Y"
    ]
    # Only a trigger opening a clause of its own ("after troops retook Y", "since they
    # captured it") takes the dates beyond it; a relative clause about the same place
    # ("X, a bastion that was retaken on Wednesday") does not.
    clauses = [
        o.start
        for o in others
        if SUBORDINATE_BEFORE.search(text, max(0, o.start - 40), o.start) is not None
    ]
    # ", seizing X" / "and capturing X" continues the main clause: its date is the clause's
    # ("made advances on Tuesday, seizing X").
    participle = (t.group == "gerund" and t.text[:1] in (",", "a", "A")) or (
        t.text.split(None, 1)[0].lower().endswith("ing")
        and text[max(0, t.start - 2) : t.start] == ", "
    )
    good = [
        (d, r)
        for d, r in resolved
        if r is not None
        and not _BEGAN_BEFORE.search(text, max(0, d.start - 70), d.start)
        and not (
            d.start >= t.end
            and (
                d.start in anchored  # "took X on Tuesday, a day after rebels left": theirs
                or (d.form in _COMPARED_FORMS and _COMPARED_PLACE.search(text, t.end, d.start))
                or _OPEN_RELATIVE.search(text, t.end, d.start)
            )
        )
        and not (d.end <= t.start and _in_aside(text, d, t.start))
        and not (d.end <= t.start and _since_other_clause(text, d, t.start))
        and not any(
            (t.end <= o < d.start and not _aside(text, t.end, o, d.start))
            if d.start >= t.end
            else (d.end <= o < t.start)
            for o in clauses
        )
        and (participle or not any(follows_other(t, o, d, text) for o in others))
        and not _other_clause(text, t, d, others)
    ]
    if good:
        # The nearest phrase, either side ("on Tuesday pulled out of X"); one after the
        # verb wins a near tie ("took X on Monday, days after ...").  A report's date
        # ("a source said on Thursday") only stands in when the clause has no other.
        strong = [x for x in good if not weak_date(text, x[0])]
        d, r = min(strong or good, key=lambda x: distance(t, x[0]))
        assert r is not None
        if d.form != "rel" and opens_period(text, d):
            # "Since Friday (19 December), the army has taken 24 villages": taken within the
            # period up to the report, not on its first day
            return context.published.isoformat(), "week", True
        return r[0].isoformat(), r[1], bool(strong)
    if context.day is not None:
        return context.day.isoformat(), "day", False
    return context.published.isoformat(), "day", False


def drop_undated_repeats(events: list[Event], undated: set[int]) -> list[Event]:
    """Drop a mention the article does not date (``id()`` in ``undated``) when it dates the
    same change elsewhere on another day (a headline "X liberated" read as of publication,
    and the body's "took X yesterday"). A repeat on the same day stays."""
    if not undated:
        return events
    dated: dict[tuple[str, str, str], set[str]] = {}
    for ev in events:
        if id(ev) not in undated:
            dated.setdefault((ev.place_id or ev.place, ev.kind, ev.side), set()).add(ev.date)
    return [
        ev
        for ev in events
        if id(ev) not in undated
        or ev.date in dated.get((ev.place_id or ev.place, ev.kind, ev.side), {ev.date})
    ]


_AFTER_PLACE = re.compile(r"\s*(?:(?:late\s+|early\s+)?on\s+|in\s+|at\s+)?")


def place_dates(
    places: Sequence[PlaceRef], resolved: Sequence[Resolved], text: str, default: tuple[str, str]
) -> list[tuple[str, str]]:
    """One ``(ISO date, precision)`` per place of a list whose members carry their own
    dates ("took X on Monday and Y on Tuesday"): each place takes the date right after it,
    or after the next place that has one; ``default`` (the trigger's) when fewer than two
    places are followed by a date."""
    own: list[tuple[str, str] | None] = []
    for p in places:
        found = None
        for d, r in resolved:
            if r is not None and 0 <= d.start - p.end <= 12:
                m = _AFTER_PLACE.match(text, p.end, d.start)
                if m is not None and m.end() == d.start:
                    found = (r[0].isoformat(), r[1])
                    break
        own.append(found)
    if len({o for o in own if o is not None}) < 2:
        return [default] * len(places)
    out: list[tuple[str, str]] = []
    current = default
    for o in reversed(own):
        current = o or current
        out.append(current)
    return out[::-1]


_COUNT_BEFORE = re.compile(r"(?:\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten"
                           r"|a|few|several|couple\s+of)\s+)?$", re.IGNORECASE)  # fmt: skip
_COUNTS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "couple of": 2}  # fmt: skip


def prior_date(
    text: str, start: int, end: int, resolved: Sequence[Resolved], context: DateContext
) -> str | None:
    """ISO date of an event told as "N days/weeks after" the main clause's (``text[start:
    end]`` the phrase): the main clause's day (its date phrase before ``start``, else the
    story's day or publication) less N days or weeks (a few: 3 days, 2 weeks); None for
    "months after" (too vague)."""
    low = text[start:end].lower()
    before = [r for d, r in resolved if r is not None and d.end <= start and r[1] == "day"]
    ref = before[-1][0] if before else (context.day or context.published)
    if low.startswith("hours"):
        return ref.isoformat()  # "hours after": the same day
    unit = 7 if "week" in low else 1 if "day" in low else 0
    if not unit:
        return None
    m = _COUNT_BEFORE.search(text, max(0, start - 20), start)
    word = (m.group("n") or "").lower() if m else ""
    n = int(word) if word.isdigit() else _COUNTS.get(word, 3 if unit == 1 else 2)
    if low.startswith("a "):
        n = 1
    return (ref - dt.timedelta(days=n * unit)).isoformat()


# A sentence opening "A day after troops took X on Tuesday, ...": its main clause is dated
# from the opening clause's day.
_LEAD_SHIFT = re.compile(
    r"\s*(?:(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+days?"
    r"|the\s+day)\s+(?P<dir>after|before)\b",
    re.IGNORECASE,
)


def _led_by_shift(t: Trigger, s: int, text: str, resolved: Sequence[Resolved]) -> str | None:
    """ISO date of a main clause after a "N days after <dated clause>," opening; None when
    the sentence has no such opening before ``t``."""
    lead = _LEAD_SHIFT.match(text, s)
    if lead is None:
        return None
    days = [
        (d, r[0])
        for d, r in resolved
        if r is not None and r[1] == "day" and lead.end() <= d.start and d.end <= t.start
    ]
    if not days or "," not in text[days[-1][0].end : t.start]:
        return None
    word = (lead.group("n") or "one").lower()
    n = int(word) if word.isdigit() else _WORDNUM[word]
    day = days[-1][1] + dt.timedelta(days=n if lead.group("dir").lower() == "after" else -n)
    return day.isoformat()


def trigger_date(
    t: Trigger,
    s: int,
    text: str,
    resolved: Sequence[Resolved],
    sentence_triggers: Sequence[Trigger],
    context: DateContext,
    anchored: Sequence[int] = (),
) -> tuple[str, str, bool] | None:
    """The date of trigger ``t`` (its sentence starts at ``s``): ISO date, precision and
    whether the sentence dates it itself; None when it cannot be dated or is no news (an
    undated noun of capture, "months after ...").

    "..., days after it fell to government forces": an earlier event the sentence dates
    only roughly: the main clause's day less those days, week precision. "has just taken"
    with no date of its own: the report's day.
    """
    prior = PRIOR_EVENT.search(text, max(s, t.start - 80), t.start)
    if (
        prior is not None
        and not any(r is not None and d.start >= t.end for d, r in resolved)
        and not any(prior.start() - 15 <= a < t.start for a in anchored)
    ):
        shifted = prior_date(text, prior.start(), prior.end(), resolved, context)
        if shifted is None:
            return None
        return shifted, "day" if text.startswith("hours", prior.start()) else "week", True
    date, precision, own = event_date(t, resolved, sentence_triggers, text, context, anchored)
    if not own and (led := _led_by_shift(t, s, text, resolved)) is not None:
        return led, "day", True
    if not own:
        if t.group in ("noun", "poss") or bare_noun(text, t, s):
            return None  # "the (militant) capture of X" undated: background, not news
        if JUST_BEFORE.search(text, max(s, t.start - 15), t.start):
            return context.published.isoformat(), "day", False
    return date, precision, own


# "since last night", "since yesterday evening": a period that runs up to the writer's day.
_NIGHT_BEFORE_DAY = re.compile(r"last\s+night|yesterday\s+(?:evening|night)", re.IGNORECASE)


def since_night(
    text: str, d: DateMention, r: tuple[dt.date, str] | None, context: DateContext
) -> tuple[DateMention, tuple[dt.date, str] | None]:
    """ "Areas liberated since last night": what the period holds is told on the writer's
    day, not the night it began (a change it reports is dated by the report)."""
    if (
        r is not None
        and d.form == "rel"
        and _NIGHT_BEFORE_DAY.fullmatch(d.text)
        and _SINCE_JUST_BEFORE.search(text, max(0, d.start - 12), d.start)
    ):
        return d, (context.published, "day")
    return d, r
