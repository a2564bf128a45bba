"""Event extraction speed (articles/s, one core, full shipped gazetteer) and accuracy.

Synthetic corpora of ~400-word articles are built by recombining the sentences of the test
articles (``tests/fixtures/corpus_*``) and the seeds, so every article carries real place
names, actors, dates and triggers. Sizes: 1k, 10k and 50k articles (``--quick``: 200). The
cost should grow linearly: the per-article time at the largest size is compared with the
smallest. The baseline is the naive place scan this module avoids: one regular expression
per gazetteer name per article.

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


def _sentences() -> list[str]:
    from frontline.articles import load_corpus
    from frontline.extract import split_sentences

    out = []
    for folder in (ROOT / "seeds", FIXTURES / "corpus_styles", FIXTURES / "corpus_heldout"):
        for art in load_corpus(folder):
            out.extend(art.text[s:e] for s, e in split_sentences(art.text))
    return out


def synthetic_corpus(n: int, seed: int = 7) -> list:
    """``n`` articles of about 400 words each, sentences drawn from the test corpora."""
    from frontline.articles import Article

    rng = random.Random(seed)
    pool = _sentences()
    days = [f"2020-02-{d:02d}" for d in range(1, 29)] + [f"2019-08-{d:02d}" for d in range(1, 31)]
    articles = []
    for i in range(n):
        words = 0
        parts = []
        while words < WORDS:
            s = rng.choice(pool)
            parts.append(s)
            words += s.count(" ") + 1
        paragraphs = "\n".join(" ".join(parts[j : j + 3]) for j in range(0, len(parts), 3))
        articles.append(Article(f"synthetic_{i:06d}.txt", rng.choice(days), "bench", "", "",
                                paragraphs))  # fmt: skip
    return articles


def _time_extract(articles: list, gazetteer, sides) -> tuple[float, int]:
    """CPU seconds of ``extract_events`` on in-memory articles (event table included)."""
    from frontline.extract import extract_events

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


def run(quick: bool = False) -> list[dict[str, object]]:
    """Benchmark rows: ``figure, target, measured, baseline_ratio``."""
    from benchmarks._extract_accuracy import score
    from frontline.events import FrontlineWarning
    from frontline.extract import _scanner, extract_events
    from frontline.gazetteer import Gazetteer
    from frontline.sides import Sides

    warnings.simplefilter("ignore", FrontlineWarning)
    gazetteer = Gazetteer.load()
    sides = Sides.load()
    started = time.perf_counter()
    scanner = _scanner(gazetteer)  # built once per gazetteer, then cached
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
    from frontline.extract import PlaceScanner

    sample = warm[: 3 if quick else 30]
    naive = _naive_scan_seconds(sample, gazetteer)
    cold = PlaceScanner(gazetteer)  # a fresh scanner: no cached runs, a fair comparison
    t0 = time.perf_counter()
    for art in sample:
        cold.scan(art.text)
    fast = (time.perf_counter() - t0) / len(sample)
    per_article = {}
    for n in sizes:
        corpus = synthetic_corpus(n)
        seconds, n_events = _time_extract(corpus, gazetteer, sides)
        rate = n / seconds
        per_article[n] = seconds / n
        rows.append(
            {
                "figure": f"extract {n:,} articles x ~{WORDS} words ({n_events:,} events)",
                "target": f">= {TARGET_PER_S:,.0f} articles/s",
                "measured": f"{rate:,.0f} articles/s ({seconds:.1f} s)",
                "baseline_ratio": None,
            }
        )
    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        rows.append(
            {
                "figure": f"time per article at {hi:,} / at {lo:,} (linear = 1.0)",
                "target": "<= 1.2",
                "measured": f"{per_article[hi] / per_article[lo]:.2f}",
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
