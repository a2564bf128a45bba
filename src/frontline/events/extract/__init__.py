"""Extraction: dated control changes from article text, each with the sentence it came from.

Stages, in the order an article passes them: sentence split, place scan (gazetteer
automaton), actors (sides table), triggers and clauses, dates; see ``engine.py``.
"""

from frontline.events.extract.engine import extract_article, extract_events, split_sentences

__all__ = ["extract_article", "extract_events", "split_sentences"]
