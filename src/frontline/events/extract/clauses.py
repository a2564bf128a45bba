"""Stage 5b: what a trigger says, one reader per trigger group (capture verbs, "fell to",
sieges, withdrawals and losses, advances, proximity): its kind, base confidence, places,
actor, voice, and who gains a place another side left."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from frontline.events.extract.arguments import PlaceRef, Trigger
from frontline.events.extract.cues import (
    APPOSITION_PARTICIPLE,
    ENTRY_NOT_FORCE,
    ENTRY_PARTIAL,
    POST_AFTER_PLACE,
    POST_BEFORE_PLACE,
    POST_OBJECT,
    POST_TO_PLACE,
)
from frontline.events.extract.lexicon import SideModifiers
from frontline.events.extract.names import NAME_AFTER, NAME_BEFORE
from frontline.events.extract.patterns import (
    ATTEMPT_AFTER,
    BASE_CONFIDENCE,
    ENTERED_CONTROL,
    ENTRY,
    ENTRY_OF,
    FRONT_WORDS,
    OUT_OF,
    PASSIVE_AUX,
    PERFECT_AUX,
    RELATIVE_BEFORE,
    TRIGGERS,
    convert_km,
    gap_is_filler,
)
from frontline.events.extract.roles import Reading, RoleReader
from frontline.reference.sides import ActorMention

__all__ = ["READERS", "Reading", "TriggerReader"]


# Before the gainer after a noun of capture ("the fall of X to", "X's capture by").
_AGENT_GAP = re.compile(
    r"\s*,?\s*(?:by|to|at\s+the\s+hands\s+of|in\s+favou?r\s+of)\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+)?",
    re.IGNORECASE,
)
# After "fell into", "came under", "returned to": the side word before "hands"/"control".
_HANDS_AFTER = re.compile(
    r"\s+(?:the\s+)?(?P<mod>[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:hands|control)\b", re.IGNORECASE
)
_SUBJECT_GAP = re.compile(
    r"(?:,?\s+(?:and|with)\s+(?:its|their)\s+(?:allies|allied\s+\w+|partners|proxies),?)?"
    r"\s+(?:(?:had|have|has|then|also|later|briefly)\s+)?"
)
# After "managed to secure": strongholds or positions (a side keeps them, takes nothing).
_OWN_HOLDS = re.compile(
    r"\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+)?(?:strongholds?|positions?|bases?|lines?)"
    r"\s+(?:of|in)\b",
    re.IGNORECASE,
)
# An aside on who backs the subject, right before its verb.
_BACKED_ASIDE = re.compile(
    r",\s*(?:backed|supported|aided|assisted|helped)\s+by\s+[^,.;]{1,80},\s*$", re.IGNORECASE
)
# Before a passive: its subject is an unnamed plural ("all areas that were taken").
_UNNAMED_RELATIVE = re.compile(
    r"\b(?:areas|positions|territor(?:y|ies)|lands?|regions|points|ground|hills|hilltops"
    r"|heights|sites)\s+(?:that|which)\s+"
    r"(?:(?:have|has|had)\s+)?(?:been|were|was)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
# Verbs of driving out that also take civilians: only with an armed side named.
_PEOPLE_TOO = ("forced", "thrown", "knocked")
# After a siege verb: the ring is not closed ("encircled the town on three sides").
_PARTIAL_RING = re.compile(
    r"[^.;]{0,60}?\b(?:on|from)\s+(?:two|three|2|3|several|multiple)\s+(?:sides|directions"
    r"|flanks|fronts)\b",
    re.IGNORECASE,
)
_INTO = re.compile(r"\s+(?:into|in|to)\b", re.IGNORECASE)
_BY_NEXT = re.compile(r"\s+by\s", re.IGNORECASE)
# The plural place nouns a clause may be about instead of a named place.
_PLURAL_NOUNS = r"\b(?:villages|towns|areas|settlements|localities|hills|positions|points|sites)"
# A plural place noun right before a participle ("the villages and areas liberated").
_PLURAL_SUBJECT = re.compile(
    _PLURAL_NOUNS
    + r"(?:\s+and\s+\w+)?\s+(?:(?:that|which)\s+(?:were\s+)?|(?P<aux>were|have\s+been|had\s+been)"
    r"\s+(?:\w+ly\s+)?)?$",
    re.IGNORECASE,
)
# After that participle: the copula that opens the list ("... are as follows:"); after a
# passive ("the following settlements were liberated:"), the colon alone.
_COPULA_LIST = re.compile(
    r"[^.;:]{0,60}?\b(?:are|were|include|included|includes)\b(?:\s+as\s+follows)?\s*:?",
    re.IGNORECASE,
)
# A plural place noun a relative clause is about, right before its verb ("the number of
# villages (that) government forces seized has risen to 7, namely X, Y"): the list follows
# the verb, opened by "namely", a copula or a colon, and must start with a name.
_PLURAL_RELATIVE = re.compile(
    _PLURAL_NOUNS + r"(?:\s+and\s+\w+)?\s+(?:(?:that|which)\s+)?[^.;:]{1,60}$",
    re.IGNORECASE,
)
# After a passive siege verb whose subject is people: where they are ("trapped in X").
_BESIEGED_IN = re.compile(r"(?:\s+(?:now|still))?\s+(?:in|inside)\s+(?:the\s+)?", re.I)
# A perfect tense anywhere in the clause ("had repelled ...").
_PERFECT_IN = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+)?\w+(?:ed|en)\b", re.IGNORECASE)
# A verb joined to the clause's first verb: "... and (then) liberated X".
_AND_VERB = re.compile(r"\band\s+(?:then\s+|later\s+|also\s+)?$")
# A plural place noun right before a relative pronoun: the antecedent, not a place before it.
_PLURAL_NOUN_END = re.compile(_PLURAL_NOUNS + r"\W*$", re.IGNORECASE)
# After the relative clause's verb: what opens its list.
_RELATIVE_LIST = re.compile(
    r"[^.;:]{0,160}?(?:\bnamely\b|\b(?:are|were|include[sd]?|included)\b(?:\s+as\s+follows)?"
    r"|(?=:))\s*:?(?=\s*[\"“]?[A-Z])",
    re.IGNORECASE,
)
# After a passive, the colon of its list; a date or "as follows" may stand before it ("were
# liberated on Sunday: X, Y"). On one line the colon is passed (the cursor lands on the first
# name, which may be one the gazetteer lacks); a list on the next lines is read from the colon.
_COLON_LIST = re.compile(r"[^.;:]{0,40}?(?:\s*:[ \t]+(?=[^\s-])|(?=\s*:))")
# What may follow "fell" with no gainer named: the clause's end or a date.
_FELL_ALONE = re.compile(
    r"\s*(?:[.;]|,\s|$|on\s+[A-Z]\w*day\b|(?:late|early)\s+on\b|yesterday|today|overnight"
    r"|last\s+(?:night|week)|this\s+(?:morning|week))"
)


class TriggerReader(RoleReader):
    """The readers; :class:`~frontline.events.extract.engine.ArticleExtractor` extends it."""

    topic_actor: ActorMention | None
    modifiers: SideModifiers
    last_actor: ActorMention | None
    post_places: list[PlaceRef] | None = None

    def passive(self, s: int, t: Trigger) -> bool:
        """Whether ``t`` follows a passive auxiliary ("was", "were been", "got")."""
        if t.text[:4].lower() in ("able", "mana", "succ"):
            return False  # "were able to control X": the auxiliary is the success verb's
        return bool(PASSIVE_AUX.search(self.text[max(s, t.start - 60) : t.start]))

    # One reader per trigger group: kind, base confidence, places and actor.
    def read_prox(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                   s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """Within N km of X: kind ``proximity``, distance in km."""
        m = TRIGGERS.match(self.text, t.start)
        assert m is not None
        if t.group == "prox2" and not FRONT_WORDS.search(self.text, s, e):
            return None
        dist = m.group("dist") or m.group("dist2")
        unit = m.group("unit") or m.group("unit2")
        return Reading(
            "proximity",
            BASE_CONFIDENCE["prox"],
            self.objects_after(t.end, s, e, s_hits)[:1],
            self.actor_before(t.start, s, s_actors),
            distance=convert_km(dist, unit),
        )

    def read_advance(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                      s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """Advanced on / reached X: kind ``advance``; attempts give nothing."""
        after = self.text[t.end : e]
        if ATTEMPT_AFTER.search(after) and TRIGGERS.search(after):
            return None  # "advanced to X in a bid to capture it": an attempt
        low = t.text.lower()
        actor = self.actor_before(t.start, s, s_actors)
        if low == "reached" and (actor is None or t.start - actor.end > 60 or self.passive(s, t)):
            return None  # "an agreement reached in X": no one advanced
        base = BASE_CONFIDENCE["reached" if low == "reached" else "advance"]
        return Reading("advance", base, self.objects_after(t.end, s, e, s_hits), actor)

    def read_siege(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                    s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """Besieged / encircled X (active or passive): kind ``siege``."""
        if _PARTIAL_RING.match(self.text, t.end, e):
            return None  # "encircling the town on three sides": not yet a siege
        low = t.text.lower()
        base = BASE_CONFIDENCE["siege"]
        under = low.endswith("siege") and low.startswith(("under", "into"))
        if under or self.passive(s, t):
            places = self.subjects_before(t.start, s, s_hits)
            if under and not places:
                places = self.objects_after(t.end, s, e, s_hits)
            actor = self.actor_after(t.end, s_actors, r"by")
            if not places:
                places, people = self.besieged_elsewhere(t, s, e, s_hits)
                if people and actor is None:
                    # "militants are besieged in X": they hold X; the other side besieges it
                    loser = self.actor_before(t.start, s, s_actors)
                    return Reading("siege", base, places, loser, passive=True,
                                   gain_other=loser is not None)  # fmt: skip
            return Reading("siege", base, places, actor, passive=True)
        places = self.objects_after(t.end, s, e, s_hits)
        actor = self.actor_before(t.start, s, s_actors)
        if not places and (post := POST_OBJECT.match(self.text, t.end, e)) is not None:
            # "encircled the Turkish observation post (in X)": a siege of the post's town
            place = self.post_place(post.end(), e, s_hits)
            if place is None and self.sentence_places:
                # "captured X, thus imposing a siege on the Turkish post": the post at X
                place = self.sentence_places[-1]
            if place is not None:
                return Reading("siege", base - 0.15, [place], actor)
        return Reading("siege", base, places, actor)

    def besieged_elsewhere(
        self, t: Trigger, s: int, e: int, s_hits: Sequence[int]
    ) -> tuple[list[PlaceRef], bool]:
        """The place of a passive siege whose subject is no place: a post ("the Turkish
        observation point near X is surrounded": the post's town) or people ("militants are
        besieged in X"; then True)."""
        post = POST_OBJECT.match(self.text, s, t.start)
        if post is not None:
            place = self.post_place(post.end(), t.start, s_hits, anywhere=False)
            return ([place] if place is not None else []), False
        inside = _BESIEGED_IN.match(self.text, t.end, e)
        if inside is None:
            return [], False
        return self.objects_after(inside.end(), s, e, s_hits), True

    def post_place(
        self, pos: int, e: int, s_hits: Sequence[int], *, anywhere: bool = True
    ) -> PlaceRef | None:
        """The town of the post a siege sentence names: the place right after "post in",
        else (``anywhere``) the one place the article ties to a post ("X, where Turkey
        maintains an observation post", "the observation post in X", "troops in the town
        of X")."""
        for i in s_hits:
            h = self.hits[i]
            if h.start >= pos and not self.region[i]:
                if POST_TO_PLACE.fullmatch(self.text, pos, h.start):
                    return PlaceRef(h.text, h.start, h.end, h)
                break
        lead = POST_TO_PLACE.match(self.text, pos, e)
        if lead is not None and (name := NAME_AFTER.match(self.text, lead.end(), e)):
            # "the observation post in Abu Jarif": a town the gazetteer lacks
            unknown = self.unknown_name(lead.end(), name.end(), first=True)
            if unknown is not None:
                return unknown
        if not anywhere:
            return None
        if self.post_places is None:
            self.post_places = self.find_post_places()
        return self.post_places[0] if len(self.post_places) == 1 else None

    def find_post_places(self) -> list[PlaceRef]:
        """The distinct places the article ties to a (Turkish, observation) post."""
        out: dict[str, PlaceRef] = {}
        text = self.text
        for i, h in enumerate(self.hits):
            if self.region[i]:
                continue
            before = text[max(0, h.start - 70) : h.start]
            after = text[h.end : h.end + 70]
            if POST_BEFORE_PLACE.search(before) or POST_AFTER_PLACE.match(after):
                out.setdefault(h.candidates[0][0], PlaceRef(h.text, h.start, h.end, h))
        return list(out.values())

    def read_withdraw(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                       s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """Withdrew from X / lost X: the subject loses the places."""
        if t.text[:6].lower() == "losing" and not self.text[s : t.start - 6].strip():
            return None  # "After losing X, militants must ...": whose loss the main clause says
        if (
            t.group == "lost"
            and self.passive(s, t)
            and (actor := self.actor_after(t.end, s_actors, r"to")) is not None
        ):
            # "X was handed over to the army": X the subject, the gainer after "to" (without
            # one, "X was lost in 2015" says who lost it, not who took it)
            places = self.subjects_before(t.start, s, s_hits)
            return Reading("control_change", BASE_CONFIDENCE[t.group], places, actor, passive=True)
        # "withdrew from X", "lost X": the subject loses the places.
        places = self.objects_after(t.end, s, e, s_hits)
        actor = self.actor_before(t.start, s, s_actors)
        base = BASE_CONFIDENCE[t.group]
        entry = ENTRY_OF.search(self.text, t.end, e) if t.group == "withdraw" else None
        if not places and entry is not None and (m := _INTO.match(self.text, entry.end())):
            # "withdrew from the area ahead of the army's entry into X": X is what changed
            places = self.objects_after(m.end(), s, e, s_hits)
        if t.group == "withdraw" and entry is None:
            # "rebels withdrew from X" with no one's entry asserted: the place is left, not
            # yet taken (annotators do not count it); kept as contested (``entered``).
            return Reading("entered", base - 0.1, places, actor, gain_other=True)
        return Reading("control_change", base, places, actor, gain_other=True)

    def read_fell(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                   s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """X fell to / came under the control of Y: places before, gainer after."""
        base = 0.6 if t.text.lower() in ("fell", "fallen") else BASE_CONFIDENCE["fell"]
        actor = self.actor_after(t.end, s_actors, r"(?:to|of|under|into)")
        if actor is None and (m := _HANDS_AFTER.match(self.text, t.end, e)) is not None:
            # "fell into regime hands", "returned to government control": a side word
            side = self.modifiers.side(m.group("mod"))
            if side:
                actor = ActorMention(m.start("mod"), m.end("mod"), m.group("mod"), side)
        # A capitalised word before "fell" is a name only when a gainer or a date follows
        # ("Shells fell on X" names no place; "X fell on Wednesday" does).
        bare = actor is not None or _FELL_ALONE.match(self.text, t.end) is not None
        places = self.subjects_before(t.start, s, s_hits, bare=bare)
        return Reading("control_change", base, places, actor, passive=True)

    def read_noun(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                  s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """ "the fall of X to Y", "the takeover of X by Y", "its capture of X": the places
        after "of", the gainer after "by"/"to"/"at the hands of", else the subject."""
        places = self.objects_after(t.end, s, e, s_hits)
        if not places:
            return None
        actor = self.agent_next(places[-1].end, s_actors)
        if actor is None and t.text.lower().startswith(("its", "their")):
            actor = self.actor_before(t.start, s, s_actors)
        if actor is None and t.text.lower().split()[-2] != "fall":
            actor = self.actor_before(t.start, s, s_actors)
        return Reading("control_change", BASE_CONFIDENCE[t.group], places, actor)

    def read_poss(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                  s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """ "the army's capture of X" (the possessor gains X) or "X's fall to Y", "X's
        liberation by Y" (the place is the possessor; the gainer follows)."""
        base = BASE_CONFIDENCE["poss"]
        if t.text.rstrip().endswith("of"):
            owner = next((a for a in s_actors if a.end == t.start), None)
            if owner is None and not any(d.end == t.start for d in self.dates):
                return None  # "Wednesday's capture of X": dated, the taker from context
            return Reading("control_change", base, self.objects_after(t.end, s, e, s_hits),
                           owner)  # fmt: skip
        place = next((self.hits[i] for i in s_hits if self.hits[i].end == t.start
                      and not self.region[i]), None)  # fmt: skip
        if place is None:
            return None
        actor = self.agent_next(t.end, s_actors)
        return Reading("control_change", base, [PlaceRef(place.text, place.start, place.end,
                                                         place)], actor)  # fmt: skip

    def agent_next(self, pos: int, s_actors: list[ActorMention]) -> ActorMention | None:
        """The gainer right after a noun phrase of capture ("... of X on Monday by the
        army", "X's fall to rebels"): only date phrases may stand between."""
        for a in s_actors:
            if a.start >= pos:
                return a if _AGENT_GAP.fullmatch(self._without_dates(pos, a.start)) else None
        return None

    def read_control(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                      s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """Capture verbs, gerunds and nouns, entries: active objects or passive subjects."""
        text = self.text
        low = t.text.lower()
        kind = "control_change"
        base = BASE_CONFIDENCE.get(t.group if t.group != "control" else low, 0.0)
        base = base or BASE_CONFIDENCE["took" if low in ("took", "taken") else "capture"]
        if t.group == "control" and ENTRY.fullmatch(low):
            # "entered X after the defeat of ...", "entered all areas of X": a reported
            # change of control. A bare "forces entered X" is how reports tell a capture
            # (annotators count it as one): a change at lower confidence. Only an entry
            # into part of X, or by a convoy or patrol, is an incursion (kind
            # ``entered``: contested).
            if ENTERED_CONTROL.match(text, t.end, e):
                base = 0.85
            elif ENTRY_PARTIAL.match(text, t.end, e) or ENTRY_NOT_FORCE.search(
                text, max(s, t.start - 80), t.start
            ):
                base, kind = BASE_CONFIDENCE["entered"], "entered"
            else:
                base = BASE_CONFIDENCE["entry"]
        if self.no_taking(t, s, e, s_actors):
            return None
        passive = t.group == "control" and (
            self.passive(s, t)
            # "X, which recaptured by the regime on Sunday": a participle with its agent
            or (low.endswith("ed") and self.actor_after(t.end, s_actors, r"by") is not None
                and _BY_NEXT.match(text, t.end) is not None)
        )  # fmt: skip
        if low in ("taken", "retaken") and not passive:
            # "a former bastion retaken by the army"; not "had repelled an attack on X and
            # retaken Y" (the perfect's auxiliary shared by the joined verb)
            passive = not PERFECT_AUX.search(text[max(s, t.start - 40) : t.start]) and not (
                _AND_VERB.search(text, max(s, t.start - 14), t.start)
                and _PERFECT_IN.search(text, s, t.start)
            )
        if passive:
            # "the following settlements were liberated: X, Y" (the list after a colon)
            # (the list first: "villages that have been taken ..., they are X" has no
            # subject place before the plural noun)
            places = self.listed_after_copula(t, s, e, s_hits) or self.subjects_before(
                t.start, s, s_hits
            )
            if _UNNAMED_RELATIVE.search(text, max(s, t.start - 60), t.start):
                places = []  # "... to restore all areas that have been taken by rebels"
            actor = self.actor_after(t.end, s_actors, r"by")
            if actor is None:
                # "X was freed from terrorists", "cleared of militants": the loser named
                lead = r"(?:from|of)" if low in ("cleared", "cleansed", "purged") else r"from"
                loser = self.actor_after(t.end, s_actors, lead)
                if loser is not None:
                    return Reading(kind, base, places, loser, passive=True, gain_other=True)
        else:
            places = (
                self.objects_after(t.end, s, e, s_hits)
                or self.relative_object(t, s, s_hits)
                or self.listed_after_relative(t, s, e, s_hits)
            )
            actor = self.actor_before(t.start, s, s_actors)
            if self.shares_subject(t):
                actor = self.clause_subject(t.start, s, s_actors) or actor
            if not places and (listed := self.listed_after_copula(t, s, e, s_hits)):
                # "The villages liberated since last night are as follows: X, Y"
                return Reading(kind, base, listed, self.actor_after(t.end, s_actors, r"by"),
                               passive=True)  # fmt: skip
            if not places and t.group == "control" and low.endswith(("ed", "en", "ken")):
                places = self.apposition_subject(t, s, s_hits)
                if places:  # "X, captured by the army on Monday, ...": a reduced passive
                    return Reading(kind, base, places, self.actor_after(t.end, s_actors, r"by"),
                                   passive=True)  # fmt: skip
        return Reading(kind, base, places, actor, passive=passive)

    def no_taking(self, t: Trigger, s: int, e: int, s_actors: list[ActorMention]) -> bool:
        """Whether a control word takes nothing: "Turkish-occupied", "the occupied areas" (a
        state word, not a verb); "managed to secure the government strongholds of X" (kept,
        not taken)."""
        low = t.text.lower()
        if low.endswith("secure") and _OWN_HOLDS.match(self.text, t.end, e):
            return True
        return low == "occupied" and not self.occupier_before(t, s, s_actors)

    def occupier_before(self, t: Trigger, s: int, s_actors: list[ActorMention]) -> bool:
        """Whether "occupied" at ``t`` is a verb with its subject right before ("terrorists
        occupied the city"), not a passive or an adjective."""
        a = self.actor_before(t.start, s, s_actors)
        if a is None:
            return False
        # "X forces, backed by Russia and Iran-backed militias, occupied the town"
        aside = _BACKED_ASIDE.search(self.text, max(s, t.start - 100), t.start)
        return aside is not None or _SUBJECT_GAP.fullmatch(self.text, a.end, t.start) is not None

    def listed_after_copula(
        self, t: Trigger, s: int, e: int, s_hits: Sequence[int]
    ) -> list[PlaceRef]:
        """The places listed after "are"/"include" when a plural place noun is the subject
        of the participle ``t`` ("The towns captured today include X and Y")."""
        subject = _PLURAL_SUBJECT.search(self.text, max(s, t.start - 40), t.start)
        if subject is None:
            return []
        m = _COLON_LIST.match(self.text, t.end, e)
        if m is None and not subject.group("aux"):  # "The towns captured today include X"
            m = _COPULA_LIST.match(self.text, t.end, e) or _RELATIVE_LIST.match(self.text, t.end, e)
        return self.objects_after(m.end(), s, e, s_hits) if m is not None else []

    def shares_subject(self, t: Trigger) -> bool:
        """Whether ``t`` takes the main clause's subject: a trailing participle (", capturing
        X") or a verb joined by "and" with no subject of its own ("Army units attacked the
        positions of the militants and liberated X": the army, not the militants)."""
        if t.group == "gerund":
            # ", capturing X", "shelling ... that led to recapturing X", "succeeded in
            # taking X": not a clause set before its own ("After capturing X, the army")
            return not t.text.lower().startswith(("after", "following", "upon", "since", "having"))
        if t.group != "control":
            return False
        if t.text.split(None, 1)[0].lower().endswith("ing"):
            # ", imposing control of X": a participle of the main clause
            return self.text[max(0, t.start - 2) : t.start] == ", "
        return _AND_VERB.search(self.text, max(0, t.start - 14), t.start) is not None

    def listed_after_relative(
        self, t: Trigger, s: int, e: int, s_hits: Sequence[int]
    ) -> list[PlaceRef]:
        """The places listed after the verb ``t`` of a relative clause on a plural place
        noun ("the villages that the army seized since dawn are X and Y", "... has risen to
        7, namely X, Y"); the clause's subject is the gainer."""
        if _PLURAL_RELATIVE.search(self.text, max(s, t.start - 80), t.start) is None:
            return []
        m = _RELATIVE_LIST.match(self.text, t.end, e)
        return self.objects_after(m.end(), s, e, s_hits) if m is not None else []

    def apposition_subject(self, t: Trigger, s: int, s_hits: Sequence[int]) -> list[PlaceRef]:
        """The place a participle set off by a comma qualifies ("X, recaptured on Monday,"),
        with the places listed before it; none unless only the comma (and an adverb)
        stands between the place and the participle."""
        places = self.subjects_before(t.start, s, s_hits)
        if not places or places[-1].pronoun:
            return []
        gap = self.text[places[-1].end : t.start]
        if gap.isspace() and self.text.startswith(" by ", t.end):
            return places  # "Town of X captured by the army" (a headline)
        if not APPOSITION_PARTICIPLE.match(gap):
            return []
        return places

    def relative_object(self, t: Trigger, s: int, s_hits: Sequence[int]) -> list[PlaceRef]:
        """The place a relative clause is about ("Khan Sheikhoun, which rebels seized in
        2014"): the place just before "which"/"that", when the clause has no object."""
        m = RELATIVE_BEFORE.search(self.text, max(s, t.start - 70), t.start)
        if m is None or _PLURAL_NOUN_END.search(self.text, max(s, m.start() - 16), m.start()):
            return []  # "the villages that the army took": the noun is the antecedent
        best = None
        for i in s_hits:
            h = self.hits[i]
            if h.end > m.start():
                break
            if not self.region[i]:
                best = h
        if best is None or not gap_is_filler(self.text[best.end : m.start()], max_words=5):
            # "turned to Tell Dibs, which it captured": a name the gazetteer lacks
            unknown = self.unknown_before(s, m.start(), NAME_BEFORE)
            return [unknown] if unknown is not None else []
        places = [PlaceRef(best.text, best.start, best.end, best)]
        # "X and Y, which rebels seized in 2014": the places listed before it too
        before = [i for i in s_hits if self.hits[i].end <= best.end and not self.region[i]]
        self.coordinated_before(places, before, s, s_hits)
        return places

    def read_expel(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                   s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """ "drove the rebels out of X", "expelled militants from X": the subject gains X."""
        m = OUT_OF.search(self.text, t.end, e)
        if m is None:
            return None
        places = self.objects_after(m.end(), s, e, s_hits)
        base = BASE_CONFIDENCE["expel"]
        if PASSIVE_AUX.search(self.text, max(s, t.start - 40), t.start):
            # "the militants were expelled (by the army) from X": the subject loses X
            agent = self.actor_after(t.end, s_actors, r"by")
            if agent is not None:
                return Reading("control_change", base, places, agent)
            loser = self.actor_before(t.start, s, s_actors)
            if loser is None and t.text.lower().startswith(_PEOPLE_TOO):
                return None  # "civilians were forced out of X": no armed side named
            return Reading("control_change", base, places, loser, gain_other=loser is not None)
        actor = self.actor_before(t.start, s, s_actors)
        if actor is None and t.text.lower().startswith(_PEOPLE_TOO):
            return None  # "the fighting forced families out of X"
        return Reading("control_change", base, places, actor)

    def read_freed(self, t: Trigger, s: int, e: int, s_hits: Sequence[int],
                   s_actors: list[ActorMention]) -> Reading | None:  # fmt: skip
        """ "X and Y were released from the occupation of <loser>": places before the verb,
        the side after "of" loses them (the gainer is who the clause or article names)."""
        places = self.subjects_before(t.start, s, s_hits)
        loser = self.actor_after(t.end, s_actors, r"of")
        base = BASE_CONFIDENCE["freed"]
        if loser is None:
            return Reading("control_change", base, places, None, passive=True)
        return Reading("control_change", base, places, loser, passive=True, gain_other=True)


# One reader per trigger group (class-level: a dict of bound methods on each extractor
# would make a reference cycle per article and keep every article alive until a GC pass).
READERS: dict[str, Callable[..., Reading | None]] = {
    "prox": TriggerReader.read_prox,
    "prox2": TriggerReader.read_prox,
    "advance": TriggerReader.read_advance,
    "siege": TriggerReader.read_siege,
    "withdraw": TriggerReader.read_withdraw,
    "lost": TriggerReader.read_withdraw,
    "fell": TriggerReader.read_fell,
    "expel": TriggerReader.read_expel,
    "freed": TriggerReader.read_freed,
    "nominal": TriggerReader.read_noun,
    "noun": TriggerReader.read_noun,
    "poss": TriggerReader.read_poss,
}
