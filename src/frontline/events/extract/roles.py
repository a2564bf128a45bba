"""Stage 5c: who acted. The side of a change whose clause names no actor in the usual slot
(a fronted gerund's main clause, the speaker of a quoted "we", the subject of the sentence),
the topic actor later sentences fall back on, and who gains a place another side left."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from frontline.events.extract.arguments import PlaceRef, Trigger
from frontline.events.extract.cues import not_agent_before
from frontline.events.extract.patterns import ENTRY_OF, GAINER_BEFORE
from frontline.events.extract.subjects import SubjectReader
from frontline.reference.sides import ActorMention

__all__ = ["Reading", "RoleReader"]


@dataclass(slots=True)
class Reading:
    """What a trigger's reader found: kind, base confidence, places, actor."""

    kind: str
    base: float
    places: list[PlaceRef]
    actor: ActorMention | None
    passive: bool = False
    gain_other: bool = False
    distance: float = math.nan


# "we" or "our forces" as a verb's subject (in a quote, the speaker's side acted).
_WE_BEFORE = re.compile(
    r"\b(?:we|our\s+(?:forces|fighters|troops|units|men|heroes))\s+(?:have\s+|had\s+)?"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)
_QUOTE_CLOSE = re.compile(r"[,.!]?[\"”]")
# Leads of a gerund clause set before its main clause ("After capturing X, the army ...").
_FRONTED_LEADS = ("after", "following", "upon", "since", "by", "having")
# Words between an actor and a verb that show the actor is not the verb's subject.
_NOT_SUBJECT = frozenset({"and", "we", "they", "he", "she", "but", "or", "who", "which"})


class RoleReader(SubjectReader):
    """Who acted; :class:`~frontline.events.extract.clauses.TriggerReader` extends it."""

    topic_actor: ActorMention | None
    last_actor: ActorMention | None

    def fallback_actor(
        self, t: Trigger, s: int, e: int, s_actors: list[ActorMention], passive: bool
    ) -> ActorMention | None:
        """Who acted when the clause names no one in the usual slot."""
        fronted = t.group == "nominal" or (
            t.group == "gerund" and t.text.lower().startswith(_FRONTED_LEADS)
        )
        if fronted and not any(a.end <= t.start for a in s_actors):
            # "After capturing X, the army ...": the main clause's subject. Not after "the
            # clashes ended with liberating X, after killing many terrorists".
            after = self.actor_after_clause(t.end, e, s_actors)
            if after is not None:
                return after
        if _WE_BEFORE.search(self.text, max(s, t.start - 40), t.start):
            # '"We regained control of X," said H., spokesman for the rebels': the speaker's
            quote_end = _QUOTE_CLOSE.search(self.text, t.end, e)
            speaker = None
            if quote_end is not None:
                speaker = next((a for a in s_actors if a.start >= quote_end.end()), None)
            if speaker is not None:
                return speaker
        actor = self.actor_before(t.start, s, s_actors) if passive else None
        if actor is not None and not_agent_before(
            self.text[max(s, actor.start - 40) : actor.start]
        ):
            # "took the town after clashes with the terrorists, ... X has been liberated"
            actor = self.clause_subject(actor.start, s, s_actors)
        return actor or self.topic_actor or self.last_actor

    def note_topic(self, t: Trigger, reading: Reading | None) -> None:
        """Make the subject of a change that names no place ("Government forces have
        recaptured about 20 villages") the topic actor: who a later "the capture of X"
        with no actor most likely speaks of. Only a subject right before the verb counts
        ("empty of armed groups and we entered" names no subject)."""
        if reading is None or reading.actor is None or reading.passive or reading.gain_other:
            return
        gap = self.text[reading.actor.end : t.start].split()
        if reading.kind == "control_change" and len(gap) <= 2 and not _NOT_SUBJECT & set(gap):
            self.topic_actor = reading.actor

    def gainer(self, t: Trigger, e: int, s_actors: list[ActorMention], loser: str) -> str:
        """Who gains a place ``loser`` withdrew from: the actor whose entry the clause
        reports ("... ahead of the army's entry"), else the other side."""
        entry = ENTRY_OF.search(self.text, t.end, e)
        for a in s_actors:
            if a.start < t.end or a.side == loser:
                continue
            if entry is not None and a.start >= entry.start():
                return a.side
            if GAINER_BEFORE.search(self.text, max(t.end, a.start - 12), a.start):
                return a.side  # "lost X to militants"
        return self.other_side(loser) if loser else ""
