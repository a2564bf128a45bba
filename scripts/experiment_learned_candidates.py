"""Experiment (issue 12): does a learned candidate classifier add to the rules?

Candidates are capitalised name spans in sentences that hold a change word; a candidate is
positive when the article's gold has a control change or siege at that (folded) name.
A logistic regression over the words around the span (scikit-learn, not a frontline
dependency: ``pip install scikit-learn``) scores the candidates the rules did not extract;
those above a threshold become events, with the side and date of the rule events of the
same sentence, else of the article. Two measurements:

* cross-validated on one half, by outlet (5 folds): the classifier never saw the outlet;
* trained on the dev half and applied to the test half (measure only).

Run from the repository root after extracting both halves (``eval/real/README.md``)::

    python scripts/experiment_learned_candidates.py /tmp/dev.csv /tmp/test.csv

Needs the git-ignored texts in ``eval/real/texts/``. Nothing here is used by frontline.
"""

from __future__ import annotations

import argparse
import collections
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from frontline import evaluate
from frontline.events.extract.sentences import split_sentences
from frontline.reference.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "eval" / "real"
KINDS = ["control_change", "siege"]
CHANGE = re.compile(
    r"\b(?:captur|recaptur|seiz|took|taken|retook|retak|liberat|control|fell|fall|regain|freed"
    r"|enter|storm|overr|secur|clear|withdr|lost|los|advanc|push|besieg|encircl|surround"
    r"|siege|cut off|hands)",
    re.IGNORECASE,
)
ART = r"(?:(?:al|el|ad|an|ar|as|ash|at|az|a)-)?"
NAME = re.compile(rf"{ART}[A-Z][\w'‘’`-]+(?:[ -]{ART}[A-Z][\w'‘’`-]+){{0,3}}")


def _words(text: str) -> list[str]:
    """Split a space-separated word list."""
    return text.split()


STOP = set(
    _words(
        "The It This That These Those They He She We Its Their His Her On In At By For After "
        "Before Since During While When Where What Which Who Monday Tuesday Wednesday Thursday "
        "Friday Saturday Sunday January February March April May June July August September "
        "October November December"
    )
)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z']+|[,;:()\"“”]", text)


def _features(sent: str, m: re.Match[str], first: bool, ruled_in_sentence: bool) -> dict[str, int]:
    feats = {f"w={w.lower()}": 1 for w in _tokens(sent) if w[0].islower()}
    for i, w in enumerate(reversed(_tokens(sent[: m.start()])[-4:])):
        feats[f"L{i}={w.lower()}"] = 1
    for i, w in enumerate(_tokens(sent[m.end() :])[:4]):
        feats[f"R{i}={w.lower()}"] = 1
    after, before = sent[m.end() :], sent[: m.start()]
    feats["list"] = int(
        bool(re.match(r"\s*(?:,|and\b)", after) or re.search(r"(?:,|\band)\s*$", before))
    )
    feats["title"] = int(first)
    feats["nwords"] = len(m.group(0).split())
    feats["sent_has_rule"] = int(ruled_in_sentence)
    return feats


def _top(values: pd.Series) -> str:
    return str(collections.Counter(values).most_common(1)[0][0]) if len(values) else ""


def candidates(split: str, pred: pd.DataFrame) -> pd.DataFrame:
    """One row per capitalised span of a change sentence of the half's articles."""
    arts = pd.read_csv(REAL / "articles.csv")
    gold = pd.read_csv(REAL / "gold.csv")
    rows: list[dict[str, Any]] = []
    for a in arts[arts.split == split].itertuples():
        path = REAL / "texts" / f"{a.article}.txt"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        g = gold[(gold.article == a.article) & gold.kind.isin(KINDS)]
        gkeys = {fold(p) for p in g.place}
        p = pred[(pred.art == a.article) & pred.kind.isin([*KINDS, "historical"])]
        pkeys = {fold(x) for x in p.place}
        for s0, s1 in split_sentences(text):
            sent = text[s0:s1]
            if not CHANGE.search(sent):
                continue
            inside = p.sentence.fillna("").map(lambda x, t=sent: bool(x) and (x in t or t in x))
            here = p[inside.astype(bool)] if len(p) else p
            for m in NAME.finditer(sent):
                key = fold(m.group(0))
                if not key or (m.group(0) in STOP):
                    continue
                rows.append({
                    "article": a.article, "outlet": re.sub(r"\s*\(.*\)", "", a.outlet),
                    "name": m.group(0), "key": key, "sentence": sent,
                    "feats": _features(sent, m, s0 == 0, len(here) > 0),
                    "y": int(key in gkeys), "ruled": int(key in pkeys),
                    "side": _top(here.side) or _top(p.side),
                    "date": _top(here.date) or _top(p.date) or a.published,
                })  # fmt: skip
    return pd.DataFrame(rows)


def _added(c: pd.DataFrame, probs: np.ndarray, threshold: float) -> pd.DataFrame:
    add = c[(probs >= threshold) & (c.ruled == 0) & (c.side != "")].drop_duplicates(
        ["article", "key"]
    )
    return pd.DataFrame({"article": add.article, "kind": "control_change", "place": add.name,
                         "side": add.side, "date": add.date, "sentence": add.sentence})  # fmt: skip


def _score(table: pd.DataFrame, split: str) -> str:
    r = evaluate(table, REAL / "gold.csv", articles=REAL / "articles.csv", split=split, kinds=KINDS)
    row = r.scores.iloc[0]
    return f"P {row.precision:.3f} R {row.recall:.3f} F1 {row.f1:.3f} ({row.hits} of {row.gold})"


def _read(path: str) -> pd.DataFrame:
    pred = pd.read_csv(path)
    pred["art"] = pred.article.str.replace(".txt", "", regex=False)
    return pred


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("dev_pred", help="frontline extract output for the dev half (CSV)")
    ap.add_argument("test_pred", help="frontline extract output for the test half (CSV)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    dev_pred, test_pred = _read(args.dev_pred), _read(args.test_pred)
    dev = candidates("dev", dev_pred)
    vec = DictVectorizer()
    x, y = vec.fit_transform(dev.feats), dev.y.to_numpy()
    model = LogisticRegression(C=0.5, max_iter=2000, class_weight="balanced")
    probs = np.zeros(len(dev))
    for train, held in GroupKFold(n_splits=5).split(x, y, dev.outlet.to_numpy()):
        probs[held] = model.fit(x[train], y[train]).predict_proba(x[held])[:, 1]
    test = candidates("test", test_pred)
    test_probs = model.fit(x, y).predict_proba(vec.transform(test.feats))[:, 1]
    print(f"dev rules: {_score(dev_pred, 'dev')}; test rules: {_score(test_pred, 'test')}")
    for th in (0.7, 0.8, 0.9):
        d = pd.concat([dev_pred, _added(dev, probs, th)], ignore_index=True)
        t = pd.concat([test_pred, _added(test, test_probs, th)], ignore_index=True)
        print(f"threshold {th}: dev (CV by outlet) {_score(d, 'dev')}; test {_score(t, 'test')}")


if __name__ == "__main__":
    main()
