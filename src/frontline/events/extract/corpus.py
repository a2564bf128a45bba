"""Extraction entry points: one article, or a whole corpus (a folder, a file, articles)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import geopandas as gpd

from frontline._parallel import default_jobs, process_pool
from frontline.events.extract.actors import default_sides
from frontline.events.extract.engine import ArticleExtractor
from frontline.events.extract.places import default_gazetteer, scanner_for
from frontline.events.extract.rules import DEFAULT_RULES, ExtractRules
from frontline.events.model import Event, events_to_frame, warn_unlocated
from frontline.ingest.articles import Article, load_corpus
from frontline.reference.sides import Sides

if TYPE_CHECKING:
    import os

    from frontline.reference.gazetteer import Gazetteer

__all__ = ["extract_article", "extract_events"]


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a corpus is extracted.

    Extraction allocates millions of short-lived objects that form no reference cycles
    (reference counting frees them at once); the cyclic collector, triggered by that
    allocation rate, keeps re-scanning the long-lived gazetteer tables and the growing event
    list, which costs about 30% of the run. It is re-enabled afterwards (and only if it was
    enabled), so nothing is leaked: any cycle left behind is collected then.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extract_article(
    article: Article,
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
    rules: ExtractRules | None = None,
) -> tuple[list[Event], list[str]]:
    """Extract the events of one article (``rules``: a profile's region words, namesake-city
    rule and outlier distance, :meth:`ExtractRules.from_profile`; default :data:`DEFAULT_RULES`).

    Returns
    -------
    tuple of (list of Event, list of str)
        The events (one per mention) and the names of places not in the gazetteer.
    """
    scanner = scanner_for(gazetteer or default_gazetteer())
    ex = ArticleExtractor(article, scanner, sides or default_sides(), rules or DEFAULT_RULES)
    return ex.run(), ex.unlocated


def extract_events(
    corpus: str | os.PathLike[str] | Iterable[Article],
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
    *,
    published: str | None = None,
    min_confidence: float = 0.0,
    rules: ExtractRules | None = None,
    jobs: int | None = 1,
) -> gpd.GeoDataFrame:
    """Extract dated control changes (and sieges, advances, ...) from a corpus.

    Parameters
    ----------
    corpus : path or iterable of Article
        A corpus folder, one article file, or articles from :func:`load_corpus`.
    gazetteer : Gazetteer, optional
        Default: the shipped ``data/gazetteer.csv``.
    sides : Sides, optional
        Default: the shipped ``data/sides.csv``.
    published : str, optional
        ISO publication date for a single file without a catalogue row.
    min_confidence : float
        Drop mentions whose confidence (0..1) is below this.
    rules : ExtractRules, optional
        Region words, namesake-city rule and outlier distance (from a profile with
        :meth:`ExtractRules.from_profile`); default :data:`DEFAULT_RULES`.
    jobs : int or None
        Worker processes (None: every core this process may use); the table is the same,
        row for row, as with 1 (the default, in this process). For corpora larger than
        memory use :func:`frontline.batch.extract_to_file`, which streams.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per mention, columns :data:`frontline.events.EVENT_COLUMNS` (dates ISO,
        lat/lon WGS84, ``distance_km`` in km), in article and text order. Places not in the
        gazetteer are kept with empty ``place_id`` and NaN lat/lon, and listed in one
        :class:`frontline.events.UnlocatedPlacesWarning`.
    """
    articles = load_corpus(corpus, published=published)
    gaz = gazetteer or default_gazetteer()
    sd = sides or default_sides()
    n = default_jobs() if jobs is None else jobs
    if n > 1 and len(articles) > 1:
        size = max(1, -(-len(articles) // (n * 4)))  # ~4 chunks per worker: balanced ends
        chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
        with process_pool(n, _set_worker, (gaz, sd, rules)) as pool:
            results = [r for part in pool.map(_extract_chunk, chunks) for r in part]
    else:
        with _cyclic_gc_paused():
            results = [extract_article(a, gaz, sd, rules) for a in articles]
    events: list[Event] = []
    unlocated: list[str] = []
    for found, missing in results:
        found = [ev for ev in found if ev.confidence >= min_confidence]
        events.extend(sorted(found, key=lambda ev: (ev.char_start, ev.place)))
        unlocated.extend(missing)
    warn_unlocated(unlocated)
    return events_to_frame(events)


# The (gazetteer, sides, rules) of a worker process, set once by the pool's initializer.
_WORKER: dict[str, tuple[Gazetteer, Sides, ExtractRules | None]] = {}


def _set_worker(gazetteer: Gazetteer, sides: Sides, rules: ExtractRules | None) -> None:
    _WORKER["state"] = (gazetteer, sides, rules)


def _extract_chunk(articles: list[Article]) -> list[tuple[list[Event], list[str]]]:
    gaz, sd, rules = _WORKER["state"]
    with _cyclic_gc_paused():
        return [extract_article(a, gaz, sd, rules) for a in articles]
