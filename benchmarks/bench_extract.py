"""Event extraction speed (articles/s, one core, full shipped gazetteer) and accuracy.

Synthetic corpora of ~400-word articles are built by recombining the sentences of the test
articles (``tests/fixtures/corpus_*``) and the seeds, so every article carries real place
names, actors, dates and triggers. Two corpora, both printed with their event density (share
of sentences holding a trigger verb, events per 400 words) beside that of the seeds (real
reports) and of the test articles, so a reader can check what was timed:

* **representative** (the target row): event sentences in the seeds' measured proportion
  (about a third), the rest background sentences; both drawn from the whole pool.
* **dense stress**: sentences drawn uniformly from the pool, i.e. in the test articles'
  own proportion (written to exercise the extractor, most of their sentences report one).
* **floor** (one size): background sentences only, no trigger: what the article-wide passes
  cost on their own.

Sizes: 1k, 10k and 50k articles (``--quick``: 200). The cost should grow linearly: the
per-article time at the largest size is compared with the smallest. The baseline is the naive
place scan this module avoids: one regular expression per gazetteer name per article.

Run: ``python -m benchmarks.bench_extract [--quick]``
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SIZES = (1_000, 10_000, 50_000)
QUICK_SIZES = (200,)
TARGET_PER_S = 1_000.0
WORDS = 400


def _source_articles() -> list:
    """The seeds (real reports) and the test articles, as loaded by ``load_corpus``."""
    from frontline.ingest.articles import load_corpus

    seeds = list(load_corpus(ROOT / "seeds"))
    tests = [a for f in ("corpus_styles", "corpus_heldout") for a in load_corpus(FIXTURES / f)]
    return seeds + tests


def _marked_sentences(text: str) -> list[tuple[str, bool]]:
    """``(sentence, carries a trigger verb)`` for each sentence of ``text``."""
    from frontline.events.extract.patterns import TRIGGER_FINDER
    from frontline.events.extract.sentences import split_sentences

    starts = [m.start() for m in TRIGGER_FINDER.finditer(text)]
    return [(text[s:e], any(s <= t < e for t in starts)) for s, e in split_sentences(text)]


def density(
    articles: list, n_events: int | None = None, gazetteer=None, sides=None
) -> dict[str, float]:
    """Event density of ``articles``: what a speed figure depends on.

    Returns
    -------
    dict
        ``articles``, ``words`` (per article), ``sentences`` (per article), ``trigger_share``
        (0..1, sentences holding a trigger verb), ``events`` (extracted, per article; or
        ``n_events`` if given) and ``events_per_400w`` (events per 400 words).
    """
    from frontline.events.extract import extract_article

    n_words = n_sent = n_trig = 0
    for art in articles:
        marked = _marked_sentences(art.text)
        n_words += len(art.text.split())
        n_sent += len(marked)
        n_trig += sum(t for _, t in marked)
    if n_events is None:
        n_events = sum(len(extract_article(a, gazetteer, sides)[0]) for a in articles)
    n = max(len(articles), 1)
    return {
        "articles": len(articles),
        "words": n_words / n,
        "sentences": n_sent / n,
        "trigger_share": n_trig / max(n_sent, 1),
        "events": n_events / n,
        "events_per_400w": 400.0 * n_events / max(n_words, 1),
    }


def synthetic_corpus(n: int, seed: int = 7, trigger_share: float | None = None) -> list:
    """``n`` articles of about 400 words each, sentences drawn from the seeds and test corpora.

    With ``trigger_share=None`` sentences are drawn uniformly from the pooled seeds and test
    articles: the test articles' own density (they were written to exercise the extractor,
    so most of their sentences report an event): the *dense* stress corpus. With a share
    (the seeds' measured share for the *representative* corpus), each sentence is an event
    sentence (one holding a trigger verb) with that probability and a background sentence
    otherwise, both drawn from the whole pool, so the place names, actors and dates stay as
    varied as in the dense corpus.
    """
    from frontline.ingest.articles import Article

    rng = random.Random(seed)
    marked = [m for art in _source_articles() for m in _marked_sentences(art.text)]
    pool = [s for s, _ in marked]
    events = [s for s, t in marked if t]
    background = [s for s, t in marked if not t]
    days = [f"2020-02-{d:02d}" for d in range(1, 29)] + [f"2019-08-{d:02d}" for d in range(1, 31)]
    articles = []
    for i in range(n):
        words = 0
        parts = []
        while words < WORDS:
            if trigger_share is None:
                s = rng.choice(pool)
            else:
                s = rng.choice(events if rng.random() < trigger_share else background)
            parts.append(s)
            words += s.count(" ") + 1
        paragraphs = "\n".join(" ".join(parts[j : j + 3]) for j in range(0, len(parts), 3))
        articles.append(Article(f"synthetic_{i:06d}.txt", rng.choice(days), "bench", "", "",
                                paragraphs))  # fmt: skip
    return articles


def _time_extract(articles: list, gazetteer, sides) -> tuple[float, int]:
    """CPU seconds of ``extract_events`` on in-memory articles (event table included)."""
    from frontline.events.extract import extract_events

    # CPU time of this process: the figure is per core and not skewed by other processes
    # sharing the machine.
    started = time.process_time()
    frame = extract_events(articles, gazetteer, sides)
    return time.process_time() - started, len(frame)


def _naive_scan_seconds(articles: list, gazetteer) -> float:
    """Per-article time of scanning with one compiled regex per surface form."""
    forms = sorted({f for f, _ in gazetteer.surface_forms() if len(f) > 2})
    patterns = [re.compile(r"\b" + re.escape(f) + r"\b", re.IGNORECASE) for f in forms]
    started = time.perf_counter()
    for art in articles:
        for p in patterns:
            p.search(art.text)
    return (time.perf_counter() - started) / len(articles)


def _density_row(label: str, d: dict[str, float]) -> dict[str, object]:
    return {
        "figure": f"density: {label}",
        "target": "",
        "measured": f"{d['trigger_share']:.0%} of sentences with a trigger, "
        f"{d['events_per_400w']:.1f} events / 400 words",
        "baseline_ratio": None,
    }


def run(quick: bool = False) -> list[dict[str, object]]:
    """Benchmark rows: ``figure, target, measured, baseline_ratio``."""
    from benchmarks._extract_accuracy import score
    from frontline.errors import FrontlineWarning
    from frontline.events.extract import extract_events
    from frontline.events.extract.places import scanner_for
    from frontline.reference.gazetteer import Gazetteer
    from frontline.reference.sides import Sides

    warnings.simplefilter("ignore", FrontlineWarning)
    gazetteer = Gazetteer.load()
    sides = Sides.load()
    started = time.perf_counter()
    scanner = scanner_for(gazetteer)  # built once per gazetteer, then cached
    build_s = time.perf_counter() - started
    rows: list[dict[str, object]] = [
        {
            "figure": f"place automaton build ({len(scanner._entries):,} folded keys)",
            "target": "",
            "measured": f"{build_s:.2f} s",
            "baseline_ratio": None,
        }
    ]
    sizes = QUICK_SIZES if quick else SIZES
    warm = synthetic_corpus(50, seed=1)
    _time_extract(warm, gazetteer, sides)
    from frontline.events.extract import PlaceScanner

    sample = warm[: 3 if quick else 30]
    naive = _naive_scan_seconds(sample, gazetteer)
    cold = PlaceScanner(gazetteer)  # a fresh scanner: no cached runs, a fair comparison
    t0 = time.perf_counter()
    for art in sample:
        cold.scan(art.text)
    fast = (time.perf_counter() - t0) / len(sample)
    sources = _source_articles()
    seeds = density(sources[:2], gazetteer=gazetteer, sides=sides)
    tests = density(sources[2:], gazetteer=gazetteer, sides=sides)
    share = seeds["trigger_share"]
    corpora = {
        f"representative ({share:.0%} trigger sentences, as the seeds)": share,
        "dense stress (sentences as pooled in the test articles)": None,
    }
    rows.append(_density_row("real reports: the 2 seeds", seeds))
    rows.append(_density_row(f"test articles: the {len(sources) - 2} in tests/fixtures", tests))
    for label, p in corpora.items():
        per_article = {}
        for n in sizes:
            corpus = synthetic_corpus(n, trigger_share=p)
            seconds, n_events = _time_extract(corpus, gazetteer, sides)
            if n == sizes[0]:
                rows.append(_density_row(f"synthetic {label}", density(corpus, n_events)))
            per_article[n] = seconds / n
            rows.append(
                {
                    "figure": f"{label.split(' (')[0]}: extract {n:,} articles x ~{WORDS} words "
                    f"({n_events:,} events)",
                    "target": f">= {TARGET_PER_S:,.0f} articles/s" if p is not None else "",
                    "measured": f"{n / seconds:,.0f} articles/s ({seconds:.1f} s)",
                    "baseline_ratio": None,
                }
            )
        if len(sizes) > 1:
            lo, hi = sizes[0], sizes[-1]
            rows.append(
                {
                    "figure": f"{label.split(' (')[0]}: time per article at {hi:,} / at {lo:,} "
                    "(linear = 1.0)",
                    "target": "<= 1.2",
                    "measured": f"{per_article[hi] / per_article[lo]:.2f}",
                    "baseline_ratio": None,
                }
            )
    # The floor: articles with no event sentence at all still pay for every article-wide
    # pass (sentences, places, actors, dates, triggers) and the context kept per sentence.
    floor_n = sizes[0]
    floor_s, _ = _time_extract(synthetic_corpus(floor_n, trigger_share=0.0), gazetteer, sides)
    rows.append(
        {
            "figure": f"floor: {floor_n:,} articles of background sentences only (no trigger)",
            "target": "",
            "measured": f"{floor_n / floor_s:,.0f} articles/s ({floor_s:.1f} s)",
            "baseline_ratio": None,
        }
    )
    rows.append(
        {
            "figure": "place scan per article (cold cache): automaton vs one regex per name",
            "target": "",
            "measured": f"{fast * 1e3:.2f} ms vs {naive * 1e3:.1f} ms",
            "baseline_ratio": naive / fast,
        }
    )
    for corpus in ("corpus_styles", "corpus_heldout"):
        events = extract_events(FIXTURES / corpus, gazetteer, sides)
        result = score(events, FIXTURES / corpus / "gold.csv")
        rows.append(
            {
                "figure": f"accuracy on tests/fixtures/{corpus} (P / R / F1)",
                "target": "",
                "measured": f"{result['precision']:.2f} / {result['recall']:.2f} / "
                f"{result['f1']:.2f} ({result['tp']} of {result['tp'] + result['fn']} gold)",
                "baseline_ratio": None,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_extract")
    parser.add_argument("--quick", action="store_true", help="200 articles (seconds)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from benchmarks.__main__ import _table

    print(_table(run(quick=args.quick)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
