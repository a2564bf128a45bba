"""Stage 5: per article, sentence by sentence: each trigger with its places, side and date
becomes an event; state phrases ("rebel-held X") become ``held`` events.

Sentences in order: each trigger takes its places and actor (:mod:`.arguments`), its date
(a date phrase of its own clause, else the last day the article spoke of) and a
confidence. Attempts, intentions, conditionals and denials before the verb cancel it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence

from frontline.events.extract import places as spots
from frontline.events.extract.actors import actor_finder
from frontline.events.extract.arguments import PlaceRef, Trigger, trigger_of
from frontline.events.extract.clauses import READERS, Reading, TriggerReader
from frontline.events.extract.cues import (
    HEARSAY,
    PAGE_STAMP,
    PRONOUN_STATE_SINCE,
    SINCE_YEAR,
    STATE_SINCE,
    captions,
    datelines,
    not_agent_before,
)
from frontline.events.extract.dating import (
    anchor_shifts,
    event_date,
    opens_period,
    place_dates,
    since_night,
    trigger_date,
)
from frontline.events.extract.glued import glued_to_name
from frontline.events.extract.held import HELD_CUES, HELD_SINCE, find_held
from frontline.events.extract.lexicon import composed_actors, outlet_finder, side_modifiers
from frontline.events.extract.listing import COUNTED_OBJECT, PendingList, following_list
from frontline.events.extract.modality import DENIAL, denial_hint, negated
from frontline.events.extract.patterns import (
    BASE_CONFIDENCE,
    CITY_AFTER,
    CITY_BEFORE,
    CORRIDOR,
    CORRIDOR_OPEN,
    HISTORICAL_DAYS,
    MONTHS,
    TRIGGER_FINDER,
    name_with_landform,
    overlaps,
)
from frontline.events.extract.places import PlaceHit, PlaceScanner, hits_centroid
from frontline.events.extract.repeats import dedupe_mentions, first_held, settle, year_key
from frontline.events.extract.rules import DEFAULT_RULES, ExtractRules, region_patterns
from frontline.events.extract.sentences import split_sentences
from frontline.events.model import Event, event_id
from frontline.ingest.articles import Article
from frontline.ingest.dates import DateContext, DateMention, find_date_mentions, resolve_date
from frontline.reference.normalize import fold
from frontline.reference.sides import ActorMention, Sides

__all__ = ["ArticleExtractor"]


class ArticleExtractor(TriggerReader):
    """Extracts the events of one article (see the module docstring)."""

    def __init__(
        self,
        article: Article,
        scanner: PlaceScanner,
        sides: Sides,
        rules: ExtractRules = DEFAULT_RULES,
    ) -> None:
        self.a = article
        self.rules = rules
        self.region_after, self.region_before = region_patterns(rules.region_words)
        self.text = article.text
        self.scanner = scanner
        self.sides = sides
        self.pub = article.published_date
        self.unlocated: list[str] = []
        self.side_counts: Counter[str] | None = None

    # -- set-up
    def run(self) -> list[Event]:
        """Extract the article: its events (one per mention) and ``held`` assertions."""
        text = self.text
        self.sentences = split_sentences(text)
        self.sent_starts = [s for s, _ in self.sentences]
        self.hits = self.scanner.scan(text)
        self.outlets = outlet_finder().find(text)
        self.actors = actor_finder(self.sides).find(text)
        if self.outlets:  # "Syrian Arab News Agency" names no actor; a longer actor name
            # that opens with an outlet's ("The National Front ...") is no outlet
            self.outlets = [o for o in self.outlets
                            if not any(a.start < o[1] < a.end for a in self.actors)]  # fmt: skip
            self.actors = [a for a in self.actors if not overlaps(self.outlets, a.start, a.end)]
        self.actors = composed_actors(text, self.actors, side_modifiers())
        self.actors_start = [a.start for a in self.actors]
        lines = datelines(text) + captions(text)
        stamp = PAGE_STAMP.search(text, 0, 300)
        writer_day = self.pub
        if stamp is not None:
            # "Saturday, 25 January 2020 - 00:45": the page's own time stamp dates no event;
            # filed in the small hours, the writer's "today" is the day before
            lines.append((stamp.start(), stamp.end()))
            if int(stamp.group("hour")) < 4:
                writer_day = self.pub - dt.timedelta(days=1)
        self.dates = find_date_mentions(text)
        if lines:
            self.dates = [d for d in self.dates if not any(s <= d.start < e for s, e in lines)]
        self.dates_start = [d.start for d in self.dates]
        # Drop place hits that are part of an actor name or a date ("Tahrir al-Sham").
        blocked = sorted(
            [(a.start, a.end) for a in self.actors]
            + [(d.start, d.end) for d in self.dates]
            + self.outlets
        )
        self.hits = [h for h in self.hits if not overlaps(blocked, h.start, h.end)]
        glued = (
            h
            for h in self.hits
            if not glued_to_name(text, h, self.actors, self.dates, self._sentence_start)
        )
        self.hits = list(glued)  # fmt: skip
        # A governorate's name only near-spelled ("al-Rakaya" for Raqqa) is more likely a
        # village the gazetteer lacks: left to the unknown-name reader, not a region.
        # In a title-case headline a lone word near-spelling a place is a common word
        # ("... and Rushed to ..." is no "Al Rasheed").
        self.hits = [h for h in self.hits if h.candidates[0][1] >= 90
                     or not (self.scanner.is_admin1(h)
                             or (" " not in h.text and self._title_case(h.start)))]  # fmt: skip
        if "-based" in text:  # "the London-based monitor": a seat, never an event place
            self.hits = [h for h in self.hits if not text.startswith("-based", h.end)]
        self.hits_start = [h.start for h in self.hits]
        self.region = [self._is_region(h) for h in self.hits]
        self.admin_of_hit = [self.scanner.is_admin1(h) for h in self.hits]
        self.article_admin1: Counter[str] = Counter(
            a for a, reg in zip(self.admin_of_hit, self.region, strict=True) if a and reg
        )
        self.near = hits_centroid(self.scanner, self.hits, self.region)
        self.anchors = spots.anchor_points(self.scanner, self.hits, self.region)
        self.triggers = [trigger_of(m) for m in TRIGGER_FINDER.finditer(text)]
        self.context = DateContext(writer_day)
        self.last_place: PlaceRef | None = None
        self.salience: Counter[str] = Counter()
        # The actor of the last sentence's main event: who "fighters" or "they" most
        # likely are in the next sentence.
        self.topic_actor: ActorMention | None = None
        self.first_mention: dict[str, PlaceRef] = {}
        self.last_actor: ActorMention | None = None
        self.modifiers = side_modifiers()
        self.held_starts = [m.start() for m in HELD_CUES.finditer(text)]
        self.held: list[Event] = []
        self.since: list[Event] = []  # changes a state phrase dates ("held since 2012")
        self.undated: set[int] = set()  # id() of mentions the article does not date, and
        self._undated_kept: list[Event] = []  # they: kept alive, so no id() is reused
        self.pending: PendingList | None = None  # a counted change, its list to come
        self.replay: list[PlaceRef] | None = None
        events: list[Event] = []
        ti = 0
        # Past the last trigger, held cue and corridor, sentences only note context: skipped
        last = max(self.triggers[-1].start if self.triggers else -1, text.rfind("orridor"),
                   self.held_starts[-1] if self.held_starts else -1)  # fmt: skip
        for s, e in self.sentences:
            if s > last and self.pending is None:
                break
            sent_triggers = []
            while ti < len(self.triggers) and self.triggers[ti].start < e:
                if self.triggers[ti].start >= s:
                    sent_triggers.append(self.triggers[ti])
                ti += 1
            events.extend(self._sentence(s, e, sent_triggers))
        sided = {(ev.place_id or ev.place, ev.kind) for ev in events if ev.side}
        if len(sided) < len(events):
            # A mention with no side ("Factions regain X") repeats one naming it: keep that
            events = [
                ev
                for ev in events
                if ev.side
                or ev.kind in ("proximity", "corridor")
                or (ev.place_id or ev.place, ev.kind) not in sided
            ]
        if self.since:
            changed = {year_key(ev) for ev in events}
            events += [ev for ev in first_held(self.since) if year_key(ev) not in changed]
        return settle(events, self.undated) + first_held(self.held)

    def _sentence_start(self, pos: int) -> bool:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        return i >= 0 and self.sent_starts[i] == pos

    def _mention(self, key: str, place: PlaceRef) -> None:
        self.salience[key] += 1
        self.first_mention.setdefault(key, place)

    def _is_region(self, h: PlaceHit) -> bool:
        after = self.text[h.end : h.end + 40]
        if m := self.region_after.match(after):  # "the Tal Nar region": a village's area
            return not m.group(0).lower().endswith("region") or bool(self.scanner.is_admin1(h))
        before = self.text[max(0, h.start - 60) : h.start]
        low = before.lower()
        if any(w in low for w in self.rules.region_words) and self.region_before.search(before):
            return True
        if self.scanner.is_admin1(h):
            # The profile's namesake-city rule ([extract] namesake_city): by default an admin-1
            # region's namesake city is an event place only when called a city.
            rule = self.rules.namesake_city
            if rule != "called-city":
                return rule == "never"
            return not (CITY_BEFORE.search(before) or CITY_AFTER.match(after))
        return False

    # -- per sentence
    def _sentence(self, s: int, e: int, triggers: list[Trigger]) -> list[Event]:
        bl = bisect.bisect_left
        hits_start, dates_start, actors_start = self.hits_start, self.dates_start, self.actors_start
        s_hits = range(bl(hits_start, s), bl(hits_start, e))
        s_dates = self.dates[bl(dates_start, s) : bl(dates_start, e)]
        s_actors = self.actors[bl(actors_start, s) : bl(actors_start, e)]
        since_in = self.text.find("since", s, e) >= 0
        if s_dates and since_in:
            # "held by rebels since 2012": when a state began, not the date of this
            # sentence's events (the change it implies is read with the state phrase).
            since, year = STATE_SINCE.search, SINCE_YEAR.match
            s_dates = [d for d in s_dates if not since(self.text, max(s, d.start - 60), d.start)
                       and not year(self.text, max(s, d.start - 30), d.end)]  # fmt: skip
        resolved = [(d, resolve_date(d, self.context)) for d in s_dates]
        if since_in:
            resolved = [since_night(self.text, d, r, self.context) for d, r in resolved]
        self.anchored: list[int] = []
        if s_dates and any(d.form == "shift" for d in s_dates):
            resolved, self.anchored = anchor_shifts(resolved, s, self.context.day or self.pub)
        self.sentence_places: list[PlaceRef] = []
        self.sent_triggers = triggers
        self.sent_starts_at = s
        out = self._listed(s, e, s_hits) if self.pending is not None else []
        has_corridor = self.text.find("orridor", s, e) >= 0
        if triggers or has_corridor:
            # Only sentences with a trigger can hold an event; the others just note context
            out += self._sentence_events(s, e, triggers, has_corridor, s_hits, s_actors, resolved)
        if self.held_starts:
            i = bl(self.held_starts, s)
            if i < len(self.held_starts) and self.held_starts[i] < e:
                if s_hits:
                    self.held.extend(self._held(s, e, s_hits, s_actors))
                elif since_in:
                    self._state_since_pronoun(s, e, s_hits, s_actors)
        if len(out) > 1 and self.undated:
            # One sentence, one change per place and side: the clause that dates it wins
            # ("entered X, a bastion that was retaken on Wednesday").
            dated = {(ev.place_id or ev.place, ev.kind, ev.side) for ev in out
                     if id(ev) not in self.undated}  # fmt: skip
            out = [ev for ev in out if id(ev) not in self.undated
                   or (ev.place_id or ev.place, ev.kind, ev.side) not in dated]  # fmt: skip
        if resolved or out:  # else nothing to note (nor below): spare the calls
            self._note_context(out, resolved, s_actors)
        if s_hits or s_actors or self.sentence_places:
            self._note_places(s_hits, s_actors)
        return dedupe_mentions(out) if len(out) > 1 else out

    def _sentence_events(
        self,
        s: int,
        e: int,
        triggers: list[Trigger],
        has_corridor: bool,
        s_hits: range,
        s_actors: list[ActorMention],
        resolved: list[tuple[DateMention, tuple | None]],
    ) -> list[Event]:
        sentence = self.text[s:e]
        # One string per sentence, shared by all its events (a big corpus has many).
        self._sentence_text, self._sentence_span = sentence, (s, e)
        admin_of_hit = self.admin_of_hit
        hints = [a for a in (admin_of_hit[i] for i in s_hits) if a]
        low = sentence.casefold()
        # Substring test first: every DENIAL match contains one of these.
        denial = denial_hint(low) and bool(DENIAL.search(sentence))
        # "According to preliminary reports, ...", "unconfirmed reports": not asserted
        denial = denial or (
            ("unconfirm" in low or "unverif" in low or "prelim" in low or "rumo" in low)
            and bool(HEARSAY.search(sentence))
        )
        used_prox = [t for t in triggers if t.group in ("prox", "prox2")]
        out: list[Event] = []
        for t in triggers:
            if t.group == "advance" and any(p.start <= t.start < p.end + 5 for p in used_prox):
                continue
            if denial and t.group not in ("prox", "prox2"):
                continue
            out.extend(self._trigger(t, s, e, s_hits, s_actors, resolved, hints))
        if has_corridor and CORRIDOR.search(sentence) and CORRIDOR_OPEN.search(sentence):
            out.extend(self._corridor(s, e, s_hits, s_actors, resolved, hints))
        return out

    def _note_context(
        self,
        out: list[Event],
        resolved: list[tuple[DateMention, tuple | None]],
        s_actors: list[ActorMention],
    ) -> None:
        """Dates and the topic actor, for the next sentences."""
        for d, r in resolved:
            if r is not None and not opens_period(self.text, d):  # "since 19 December": a span
                self.context.note(r[0], r[1], d.form)
                if d.form == "shift" and r[1] == "day" and d.start - self.sent_starts_at <= 4:
                    self.context.day = r[0]  # "The following day, ...": the story moves on
        if not out:
            return
        if out[0].actor:  # the gainer only, not a loser it names ("after losing X to Y")
            first = next(
                (a for a in s_actors if a.text == out[0].actor and a.side == out[0].side), None
            )
            self.topic_actor = first or self.topic_actor
        forms = {r[0].isoformat(): d.form for d, r in resolved if r is not None}
        if (
            out[0].date_precision == "day"
            and out[0].kind != "historical"
            and forms.get(out[0].date, "ctx") != "ctx"
        ):
            # The story's day is that of the sentence's main event, not its last date
            # ("recaptured X on Monday, days after rebels took it on 27 February").
            self.context.day = dt.date.fromisoformat(out[0].date)

    def _note_places(self, s_hits: range, s_actors: list[ActorMention]) -> None:
        """Salience, first mentions, last place and last actor, for the next sentences."""
        region = self.region
        last_hit = None
        first_mention = self.first_mention
        for i in s_hits:
            if not region[i]:
                h = self.hits[i]
                last_hit = h
                key = h.candidates[0][0]
                self.salience[key] += 1
                if key not in first_mention:
                    first_mention[key] = PlaceRef(h.text, h.start, h.end, h)
        if last_hit is not None:
            self.last_place = PlaceRef(last_hit.text, last_hit.start, last_hit.end, last_hit)
        for p in self.sentence_places:
            if self.last_place is None or p.start > self.last_place.start:
                self.last_place = p
        for p in self.sentence_places:
            if p.hit is None:
                self._mention("name:" + fold(p.text), p)
        for a in reversed(s_actors):
            # the last actor that acts: not one after "from", "against", "cleared of"
            before = self.text[max(0, a.start - 40) : a.start]
            if not not_agent_before(before):
                self.last_actor = a
                break

    def _held(self, s: int, e: int, s_hits: range, s_actors: list[ActorMention]) -> list[Event]:
        """``held`` events of the sentence: dated by publication (what the article says
        holds when it is written)."""
        self._sentence_text, self._sentence_span = self.text[s:e], (s, e)
        hints = [a for a in (self.admin_of_hit[i] for i in s_hits) if a]
        out, seen, words = [], set(), self.rules.region_words
        for m in find_held(self.text, s, e, self.hits, s_hits, s_actors, self.modifiers, words):
            h = self.hits[m.hit]
            ref = PlaceRef(h.text, h.start, h.end, h)
            ev = self._event(ref, "held", m.side, "", self.pub.isoformat(), "day",
                             BASE_CONFIDENCE["held"], math.nan, s, e, hints)  # fmt: skip
            if (ev.place_id or ev.place, ev.side) not in seen:
                seen.add((ev.place_id or ev.place, ev.side))
                if not m.past:
                    out.append(ev)
                pos = next((a.end for a in s_actors if 0 <= a.start - m.end <= 6), m.end)
                since = HELD_SINCE.match(self.text, pos, e)
                if since is not None:
                    self.since.append(self._since_event(ref, m.side, since, s, e, hints))
        return out

    def _state_since_pronoun(
        self, s: int, e: int, s_hits: range, s_actors: list[ActorMention]
    ) -> None:
        """ "The town had been in rebel hands since 2014": the change that year, of the
        place the article is about."""
        m = PRONOUN_STATE_SINCE.search(self.text, s, e)
        if m is None:
            return
        mod = m.group("mod") or m.group("mod2")
        side = self.modifiers.side(mod) if mod else ""
        if not side:
            side = next((a.side for a in s_actors if a.start >= m.start("by")), "")
        ref = self.antecedent(m.start(), s, s_hits, noun=m.group("it").lower() != "it")
        if not side or ref is None:
            return
        self._sentence_text, self._sentence_span = self.text[s:e], (s, e)
        ev = self._since_event(ref, side, m, s, e, [])
        self.since.append(ev)

    def _since_event(
        self, ref: PlaceRef, side: str, since: re.Match[str], s: int, e: int, hints: list[str]
    ) -> Event:
        """ "X, held by rebels since 2012": ``side`` took X that year (or month)."""
        month = since.group("month")
        day = dt.date(int(since.group("year")), MONTHS.index(month.lower()[:3]) + 1 if month
                      else 1, 1)  # fmt: skip
        kind = "historical" if (self.pub - day).days > HISTORICAL_DAYS else "control_change"
        return self._event(ref, kind, side, "", day.isoformat(), "month" if month else "year",
                           BASE_CONFIDENCE["since"], math.nan, s, e, hints)  # fmt: skip

    def _trigger(
        self,
        t: Trigger,
        s: int,
        e: int,
        s_hits: Sequence[int],
        s_actors: list[ActorMention],
        resolved: list[tuple[DateMention, tuple | None]],
        hints: list[str],
    ) -> list[Event]:
        if negated(self.text, t, s):
            return []
        reading = READERS.get(t.group, TriggerReader.read_control)(self, t, s, e, s_hits, s_actors)
        if reading is None or not (reading.places or self.replay):
            self.note_topic(t, reading)  # "Government forces have recaptured 27 villages"
            self._note_counted(t, s, e, s_hits, s_actors, resolved, hints, reading)
            return []
        reading.places = self.replay or reading.places  # a list to come (:mod:`.listing`)
        if (
            t.group in ("nominal", "noun", "poss")
            and reading.actor is None
            and all(p.pronoun for p in reading.places)
        ):
            return []  # "after the liberation of the area, ...": neither place nor side named
        self.sentence_places.extend(p for p in reading.places if not p.pronoun)
        confidence = reading.base
        side_actor = reading.actor
        if side_actor is None and t.group not in ("prox", "prox2"):
            side_actor = self.fallback_actor(t, s, e, s_actors, reading.passive)
            confidence -= 0.15
        actor_text = side_actor.text if side_actor else ""
        side = side_actor.side if side_actor else ""
        if reading.gain_other:
            side = self.gainer(t, e, s_actors, side)
        elif not side and t.group not in ("prox", "prox2"):
            side = self.gainer_from_loser(t.end, s_actors)
        dated = trigger_date(t, s, self.text, resolved, self.sent_triggers, self.context,
                             self.anchored)  # fmt: skip
        if dated is None:
            return []
        date, precision, own = dated
        if not own:
            confidence -= 0.1
        dates = [(date, precision)] * len(reading.places)
        if len(reading.places) > 1 and len(resolved) > 1:  # "X on Monday and Y on Tuesday"
            dates = place_dates(reading.places, resolved, self.text, (date, precision))
        out = []
        for p, (day, prec) in zip(reading.places, dates, strict=True):
            kind = reading.kind
            if (
                kind == "control_change"
                and (self.pub - dt.date.fromisoformat(day)).days > HISTORICAL_DAYS
            ):
                kind = "historical"
            out.append(self._event(p, kind, side, actor_text, day, prec, confidence,
                                   reading.distance, s, e, hints))  # fmt: skip
        if not own:
            self.undated.update(id(ev) for ev in out)
            self._undated_kept.extend(out)
        return out

    def _note_counted(
        self,
        t: Trigger,
        s: int,
        e: int,
        s_hits: Sequence[int],
        s_actors: list[ActorMention],
        resolved: list[tuple[DateMention, tuple | None]],
        hints: list[str],
        reading: Reading | None,
    ) -> None:
        """Keep a change with a counted object ("took five towns") for the next sentence."""
        if reading is not None and COUNTED_OBJECT.match(self._without_dates(t.end, e)):
            self.pending = PendingList(t, s, e, s_hits, s_actors, resolved, hints,
                                       self.sent_triggers, self.anchored)  # fmt: skip

    def _listed(self, s: int, e: int, s_hits: range) -> list[Event]:
        """The previous sentence's counted change, for the places this one lists."""
        p, self.pending = self.pending, None
        start = following_list(self.text, s, e, p)
        places = self.objects_after(start, s, e, s_hits) if start is not None else []
        if p is None or not places:
            return []
        current = self.sent_triggers, self.anchored
        self.sent_triggers, self.anchored, self.replay = p.triggers, p.anchored, places
        try:
            return self._trigger(p.trigger, p.start, p.end, p.hits, p.actors, p.resolved, p.hints)
        finally:
            (self.sent_triggers, self.anchored), self.replay = current, None

    def _corridor(
        self,
        s: int,
        e: int,
        s_hits: Sequence[int],
        s_actors: list[ActorMention],
        resolved: list[tuple[DateMention, tuple | None]],
        hints: list[str],
    ) -> list[Event]:
        places = [
            PlaceRef(self.hits[i].text, self.hits[i].start, self.hits[i].end, self.hits[i])
            for i in s_hits
            if not self.region[i]
        ]
        if not places:
            return []
        m = CORRIDOR.search(self.text, s, e)
        assert m is not None
        t = Trigger(m.start(), m.end(), m.group(0), "corridor")
        if negated(self.text, t, s):
            return []
        actor = s_actors[0] if s_actors else None
        if actor is None and self.last_actor is not None:
            prev = self.text[max(0, s - 400) : s]
            if CORRIDOR.search(prev):
                actor = self.last_actor
        date, precision, own = event_date(t, resolved, self.sent_triggers, self.text, self.context)
        confidence = BASE_CONFIDENCE["corridor"] - (0 if own else 0.1)
        return [
            self._event(p, "corridor", actor.side if actor else "", actor.text if actor else "",
                        date, precision, confidence, math.nan, s, e, hints)
            for p in places
        ]  # fmt: skip

    def _event(
        self,
        p: PlaceRef,
        kind: str,
        side: str,
        actor: str,
        date: str,
        precision: str,
        confidence: float,
        distance: float,
        s: int,
        e: int,
        hints: list[str],
    ) -> Event:
        if p.hit is None and (v := spots.variant_hit(p.text, self.hits, self.region)):
            p = PlaceRef(p.text, p.start, p.end, v, p.pronoun)  # the article's own spelling
        if p.hit is not None:
            pid, lat, lon, ambiguous = self.scanner.resolve(
                p.hit, hints, self.article_admin1, self.near
            )
            name = self.scanner.names[self.scanner.row(pid)]
            if ambiguous:
                confidence -= 0.05
            if spots.far_from_others(
                self.scanner, self.anchors, pid, self.rules.outlier_km, self.article_admin1
            ):
                # A namesake far from everything else the article names, in a region it
                # never mentions: more likely a place the gazetteer lacks.
                pid = ""
        elif found := spots.near_match(self.scanner, p.text, self.near, self.rules.outlier_km):
            pid, lat, lon, name = found.place_id, found.lat, found.lon, found.name
            confidence -= 0.05
        else:
            pid = ""
        if not pid:  # "Zarqa heights": a place the gazetteer lacks keeps its landform
            lat, lon, confidence = math.nan, math.nan, confidence - 0.1
            self.unlocated.append(p.text)
            name = name_with_landform(self.text, p.end, p.text)
            if name.isupper():
                name = name.title()  # "MURAK" in a headline in capitals: the body's "Murak"
        if p.pronoun:
            confidence -= 0.15
        a = self.a
        return Event(
            event_id=event_id(a.file, pid or name, kind, date, side),
            article=a.file,
            published=a.published,
            date=date,
            date_precision=precision,
            kind=kind,
            place=name,
            place_id=pid,
            lat=lat,
            lon=lon,
            side=side,
            actor=actor,
            distance_km=distance,
            sentence=self._sentence_text if self._sentence_span == (s, e) else self.text[s:e],
            char_start=s,
            char_end=e,
            confidence=round(max(0.05, min(1.0, confidence)), 2),
            source=a.source,
            url=a.url,
        )
