"""The anchored finders share one Aho-Corasick walk per text: each must still find what its
own pattern finds, whichever finder or text came before."""

from __future__ import annotations

import re

from frontline.events.extract.patterns import TRIGGER_FINDER, TRIGGERS
from frontline.ingest.anchored import AnchoredPattern
from frontline.ingest.dates import find_date_mentions

TEXTS = [
    "Government forces captured Saraqib on Wednesday, three days after rebels withdrew.",
    "The army entered the town of Morek last night.\nRebels retook it on 5 February 2020.",
    "Nothing happened here.",
    "",
]


def _pairs(matches) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in matches]


def test_finders_interleaved_over_texts_find_what_their_patterns_find() -> None:
    # Dates, then triggers, on each text in turn and back again: the walk cached for one
    # text must never serve another.
    for text in TEXTS + TEXTS[::-1]:
        dates = [(d.start, d.text) for d in find_date_mentions(text)]
        triggers = _pairs(TRIGGER_FINDER.finditer(text))
        assert triggers == _pairs(TRIGGERS.finditer(text))
        assert dates == [(d.start, d.text) for d in find_date_mentions(text)]
    assert ("captured" in [g for _, g in _pairs(TRIGGER_FINDER.finditer(TEXTS[0]))]) is True
    assert [d.text for d in find_date_mentions(TEXTS[1])] == ["last night", "5 February 2020"]


def test_a_finder_made_later_joins_the_walk_and_lowered_runs_on_lower_case() -> None:
    nouns = AnchoredPattern(re.compile(r"\b(?:forces|rebels)\b"), ["forces", "rebels"], True)
    text = "Government Forces and REBELS clashed; rebels withdrew."
    assert [(m.start(), m.group(0)) for m in nouns.finditer(text)] == [
        (11, "forces"),
        (22, "rebels"),
        (38, "rebels"),
    ]
    # the older finders still answer on the same text after the automaton was rebuilt
    assert _pairs(TRIGGER_FINDER.finditer(text)) == _pairs(TRIGGERS.finditer(text))
