"""Extraction: dated control changes from article text, each with the sentence it came from.

Stages, in the order an article passes them, one module each: :mod:`.sentences` (split with
offsets), :mod:`.places` (gazetteer automaton), :mod:`.actors` (sides table) and
:mod:`.lexicon` (outlets, side modifiers), :mod:`.patterns` (trigger lexicon),
:mod:`.cues` (entries, appositions, states "since"), :mod:`.arguments` (places and actor
of a trigger), :mod:`.clauses` (one reader per trigger group), :mod:`.modality` (attempts,
denials, negations: is it a fact?), :mod:`.dating` (the date
of each clause), :mod:`.held` (state assertions), :mod:`.repeats` (repeated mentions),
:mod:`.engine` (sentences to events), :mod:`.corpus` (entry points); :mod:`.rules` holds
a profile's region words, namesake-city rule and outlier distance.

Nothing here names a country, a place or a side: those come from the gazetteer, the sides
table and the lexicons in ``data/``.
"""

from frontline.events.extract.corpus import extract_article, extract_events
from frontline.events.extract.places import PlaceHit, PlaceScanner
from frontline.events.extract.rules import ExtractRules
from frontline.events.extract.sentences import split_sentences

__all__ = [
    "ExtractRules",
    "PlaceHit",
    "PlaceScanner",
    "extract_article",
    "extract_events",
    "split_sentences",
]
