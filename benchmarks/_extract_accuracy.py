"""Precision and recall of event extraction against a hand-labelled gold file.

Shared by ``benchmarks/bench_extract.py`` and ``tests/test_extract.py``. A predicted mention
matches a gold event when article, place (gazetteer id, or the folded name for a place the
gazetteer lacks), kind, side and date agree; ``proximity`` ignores the side (it may be
empty). Duplicate mentions of one event in one article count once.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from frontline.reference.normalize import fold


def _key(file: str, place_id: str, place: str, kind: str, side: str, date: str, strict: bool):
    where = place_id if place_id else "name:" + fold(place)
    side = "" if kind == "proximity" else side
    return (file, where, kind, side, date) if strict else (file, where, kind, side)


def score(events: pd.DataFrame, gold_path: str | Path, strict: bool = True) -> dict[str, float]:
    """Precision, recall and F1 of ``events`` against ``gold_path`` (``gold.csv``).

    Returns
    -------
    dict
        ``precision, recall, f1`` (0..1), ``tp, fp, fn`` (counts), and the missed and
        spurious keys under ``missed`` / ``spurious``.
    """
    gold = pd.read_csv(gold_path, dtype=str, keep_default_na=False)
    want = {
        _key(r.file, r.place_id, r.place, r.kind, r.side, r.date, strict) for r in gold.itertuples()
    }
    got = {
        _key(r.article, r.place_id, r.place, r.kind, r.side, r.date, strict)
        for r in events.itertuples()
    }
    tp = len(want & got)
    precision = tp / len(got) if got else 1.0
    recall = tp / len(want) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": len(got - want),
        "fn": len(want - got),
        "missed": sorted(want - got),
        "spurious": sorted(got - want),
    }
