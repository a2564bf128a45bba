"""Build the spelling set: ~150 spellings of NW Syria villages and their answers.

Each row: ``query, expected, kind, admin1``. ``expected`` is an OCHA p-code; the place's
coordinates are read at test time from ``../shared/reference/syria_communities_ocha.csv``
(never committed). Places are drawn at random (fixed seed) from the rows of
``../shared/reference/crosswalk_wikipedia_to_ocha.csv`` in Idlib, Hama, Aleppo and Latakia:
villages both the shipped gazetteer (its Wikipedia-map points) and the OCHA table hold.

Kinds (30 rows each):

* ``transliteration``: the OCHA spelling (a different romanisation than the shipped
  Wikipedia/GeoNames names) for half of the rows, press-style rewrites of the Wikipedia-map
  name for the others (Tal -> Tell, Kafr -> Kfar, ay -> ei, q -> k, -ah -> -eh, al- -> el-).
* ``arabic``: the OCHA Arabic name.
* ``turkish``: Turkish-press rewrites (kh -> h, sh -> ş, j -> c, q -> k, w -> v, ay -> ey).
* ``french``: French-press rewrites (sh -> ch, u -> ou, j -> dj, w -> ou, ay -> ei, -ah -> -a).
* ``typo``: one letter dropped, doubled, swapped with the next or replaced.

The rewrites are rules applied to table names, so no spelling is typed from memory; the
answers come from the tables. Run from the repository root:
``python scripts/make_spelling_set.py [-o eval/spellings.csv]`` (git-ignored: OCHA-derived).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference"
OUT = ROOT / "eval" / "spellings.csv"
NW = {"Idleb": "Idlib", "Hama": "Hama", "Aleppo": "Aleppo", "Lattakia": "Latakia"}
PER_KIND = 30


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[‘’ʿʾ`']", "", text)


def _sub(rules: list[tuple[str, str]], name: str) -> str:
    out = name
    for pattern, repl in rules:
        out = re.sub(pattern, repl, out)
    return out


PRESS = [
    (r"\bTall?\b", "Tell"), (r"\bKafr\b", "Kfar"), (r"ay", "ei"), (r"q", "k"), (r"Q", "K"),
    (r"ah\b", "eh"), (r"\b[Aa][lnrst]?[ -]", "el-"), (r"ou", "u"),
]  # fmt: skip
TURKISH = [
    (r"Kh", "H"), (r"kh", "h"), (r"Sh", "Ş"), (r"sh", "ş"), (r"J", "C"), (r"j", "c"),
    (r"Q", "K"), (r"q", "k"), (r"W", "V"), (r"w", "v"), (r"ay", "ey"), (r"\b[Aa]l[ -]", "el-"),
    (r"\bTall?\b", "Tel"), (r"ah\b", "a"),
]  # fmt: skip
FRENCH = [
    (r"Sh", "Ch"), (r"sh", "ch"), (r"(?<![oO])u", "ou"), (r"j", "dj"), (r"J", "Dj"),
    (r"W", "Ou"), (r"w", "ou"), (r"ay", "ei"), (r"ah\b", "a"), (r"\b[Aa]l[ -]", "el-"),
]  # fmt: skip


def _typo(name: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()][1:-1]
    i = rng.choice(letters)
    op = rng.choice(["drop", "double", "swap", "replace"])
    if op == "drop":
        return name[:i] + name[i + 1 :]
    if op == "double":
        return name[: i + 1] + name[i:]
    if op == "swap" and name[i + 1 : i + 2].isalpha():
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + rng.choice("aeiourlnm".replace(name[i].lower(), "")) + name[i + 1 :]


def build(seed: int = 20191224) -> list[dict[str, str]]:
    """The rows of the spelling set."""
    rng = random.Random(seed)
    with open(SHARED / "crosswalk_wikipedia_to_ocha.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["ocha_admin1"] in NW]
    rows = [r for r in rows if len(_plain(r["wiki_name"])) >= 5]
    picked = rng.sample(rows, PER_KIND * 5)
    out: list[dict[str, str]] = []
    for n, r in enumerate(picked):
        kind = ("transliteration", "arabic", "turkish", "french", "typo")[n // PER_KIND]
        wiki = _plain(r["wiki_name"])
        if kind == "transliteration":
            query = r["ocha_name"] if n % 2 == 0 else _sub(PRESS, wiki)
        elif kind == "arabic":
            query = r["ocha_name_ar"]
        elif kind == "turkish":
            query = _sub(TURKISH, wiki)
        elif kind == "french":
            query = _sub(FRENCH, wiki)
        else:
            query = _typo(wiki if n % 2 else r["ocha_name"], rng)
        out.append(
            {"query": query, "expected": r["ocha_pcode"], "kind": kind,
             "admin1": NW[r["ocha_admin1"]]}
        )  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build()
    with open(args.output, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["query", "expected", "kind", "admin1"],
                                lineterminator="\n")  # fmt: skip
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} spellings to {args.output}")


if __name__ == "__main__":
    main()
