"""Merge the annotated real-news corpus parts into eval/real/articles.csv and eval/real/gold.csv.

Input (``--src``, default ``eval/real``): every part ``articles_*.csv``
(``article,url,outlet,published,title``), ``gold_*.csv``
(``article,kind,place,side,date,date_precision,note``) and ``texts/<article>.txt``.

Output (``--dest``, default ``eval/real``):

- ``articles.csv``: every article once (first row wins on a repeated id or URL), plus a
  ``split`` column, ``dev`` or ``test``, assigned **by outlet** (an outlet's articles all
  land in one half, so the test half measures prose from outlets never tuned on);
- ``gold.csv``: the gold events of the kept articles;
- ``texts/dev/`` and ``texts/test/``: corpus folders for ``frontline extract`` (links to the
  texts plus a catalogue ``articles.csv``). ``texts/`` is git-ignored: the texts are
  third-party copyright and never committed.

The split is deterministic: outlets in decreasing order of their gold control changes and
sieges (ties broken by a hash of the folded outlet name), each given to the half that has
fewer such events so far, so each half holds roughly half the events. An outlet already in
``articles.csv`` keeps its half when the script is re-run (the extractor was tuned on the
dev half; nothing seen there may move to the test half). ``--new-outlets dev`` puts
every outlet not yet in ``articles.csv`` in the dev half (used for part ``c``, a
development-only enlargement). The outlet of a syndicated copy
("NNN (Xinhua)") is the one in brackets.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

from frontline.reference.normalize import fold

ARTICLE_COLUMNS = ["article", "url", "outlet", "published", "title", "split"]
GOLD_COLUMNS = ["article", "kind", "place", "side", "date", "date_precision", "note"]
CHANGES = ("control_change", "siege")


def _rows(paths: list[Path]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for path in paths:
        with path.open(newline="", encoding="utf-8") as f:
            out.extend({k.strip(): (v or "").strip() for k, v in row.items() if k} for row in
                       csv.DictReader(f))  # fmt: skip
    return out


def _outlet_key(outlet: str) -> str:
    """The outlet that wrote the article: "Host (Origin)" is a syndicated copy of Origin's
    text ("NNN (Xinhua)"), unless the brackets only qualify the host ("(blog)", "(Pakistan)",
    "(... mirror)")."""
    host, _, inner = outlet.partition("(")
    inner = inner.rstrip(") ").strip()
    qualifier = not inner or any(w in inner.lower() for w in ("mirror", "blog", "pakistan"))
    name = host.strip() if qualifier else inner
    return fold(name) or name.lower()


def assign_splits(
    outlet_events: dict[str, int], fixed: dict[str, str] | None = None, new: str = "balance"
) -> dict[str, str]:
    """Give each outlet key to ``dev`` or ``test``, balancing the event counts.

    Outlets in ``fixed`` keep their half (a re-run after the corpus grew never moves an
    outlet the extractor was tuned on into the test half); the others are assigned, to
    the half ``new`` names (``dev`` or ``test``) or, with ``balance``, to balance events.
    """
    fixed = {k: v for k, v in (fixed or {}).items() if k in outlet_events}
    if new in ("dev", "test"):
        return {k: fixed.get(k, new) for k in outlet_events}
    order = sorted(
        (k for k in outlet_events if k not in fixed),
        key=lambda k: (-outlet_events[k], hashlib.sha1(k.encode()).hexdigest()),
    )
    totals = {"dev": 0, "test": 0}
    counts = {"dev": 0, "test": 0}
    out = dict(fixed)
    for key, half in fixed.items():
        totals[half] += outlet_events[key]
        counts[half] += 1
    for key in order:
        if totals["dev"] != totals["test"]:
            half = min(totals, key=lambda h: totals[h])
        elif counts["dev"] != counts["test"]:
            half = min(counts, key=lambda h: counts[h])
        else:
            half = "dev" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 else "test"
        out[key] = half
        totals[half] += outlet_events[key]
        counts[half] += 1
    return out


def _link(target: Path, link: Path) -> None:
    if link.is_symlink() or link.exists():
        link.unlink()
    try:
        link.symlink_to(os.path.relpath(target, link.parent))
    except OSError:
        shutil.copyfile(target, link)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--src", type=Path, default=Path("eval/real"))
    ap.add_argument("--dest", type=Path, default=Path("eval/real"))
    ap.add_argument(
        "--new-outlets",
        choices=("balance", "dev", "test"),
        default="balance",
        help="half for outlets not yet in DEST/articles.csv (default: balance the events)",
    )
    args = ap.parse_args(argv)
    src, dest = args.src, args.dest
    articles: list[dict[str, str]] = []
    seen_ids: set[str] = set()
    seen_urls: set[str] = set()
    for row in _rows(sorted(src.glob("articles_*.csv"))):
        aid, url = row.get("article", ""), row.get("url", "")
        if not aid or aid in seen_ids or (url and url in seen_urls):
            continue
        seen_ids.add(aid)
        seen_urls.add(url)
        articles.append(row)
    gold = [r for r in _rows(sorted(src.glob("gold_*.csv"))) if r.get("article") in seen_ids]
    outlet_of = {a["article"]: _outlet_key(a.get("outlet", "")) for a in articles}
    events: Counter[str] = Counter({k: 0 for k in outlet_of.values()})
    for g in gold:
        if g.get("kind") in CHANGES:
            events[outlet_of[g["article"]]] += 1
    previous = {}
    if (dest / "articles.csv").is_file():
        previous = {_outlet_key(r["outlet"]): r["split"] for r in _rows([dest / "articles.csv"])
                    if r.get("split") in ("dev", "test")}  # fmt: skip
    split = assign_splits(dict(events), previous, args.new_outlets)
    dest.mkdir(parents=True, exist_ok=True)
    articles.sort(key=lambda a: a["article"])
    for a in articles:
        a["split"] = split[outlet_of[a["article"]]]
    with (dest / "articles.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ARTICLE_COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(articles)
    gold.sort(key=lambda g: g["article"])  # stable: annotation order within an article
    with (dest / "gold.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, GOLD_COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(gold)
    _build_corpora(src, dest, articles)
    split_of = {a["article"]: a["split"] for a in articles}
    per_half = Counter(split_of[g["article"]] for g in gold if g.get("kind") in CHANGES)
    print(
        f"{len(articles)} articles, {len(set(outlet_of.values()))} outlets, {len(gold)} gold rows;"
        f" control changes + sieges: dev {per_half['dev']}, test {per_half['test']}",
        file=sys.stderr,
    )
    return 0


def _build_corpora(src: Path, dest: Path, articles: list[dict[str, str]]) -> None:
    """Copy the texts (when src differs) and make texts/dev, texts/test corpus folders."""
    texts = dest / "texts"
    texts.mkdir(exist_ok=True)
    missing = []
    for half in ("dev", "test"):
        folder = texts / half
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.txt"):
            old.unlink()
        rows = []
        for a in articles:
            if a["split"] != half:
                continue
            name = a["article"] + ".txt"
            text = texts / name
            source = src / "texts" / name
            if source.resolve() != text.resolve() and source.is_file():
                shutil.copyfile(source, text)
            if not text.is_file():
                missing.append(name)
                continue
            _link(text, folder / name)
            rows.append({"file": name, "published": a.get("published", ""),
                         "source": a.get("outlet", ""), "url": a.get("url", ""),
                         "title": a.get("title", "")})  # fmt: skip
        with (folder / "articles.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, ["file", "published", "source", "url", "title"],
                               lineterminator="\n")  # fmt: skip
            w.writeheader()
            w.writerows(rows)
    if missing:
        print(f"missing texts: {' '.join(missing)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
