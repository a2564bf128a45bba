"""Geocoding accuracy on the spelling set (150 generated spellings of NW
Syria villages: transliterations, Arabic script, Turkish, French, typos).

The answers are OCHA p-codes, located with the OCHA table in ../shared/reference (test-only
data; skipped where absent). The floors below are the figures measured for this release
(see docs/gazetteer.md), so a regression fails; the issue's targets (95 % shipped, 99 % with
OCHA) are not reached yet.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmarks._spelling_accuracy import spelling_rows
from frontline._distance import km
from frontline.reference import sources
from frontline.reference.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "reference"
OCHA = SHARED / "syria_communities_ocha.csv"
pytestmark = pytest.mark.skipif(not OCHA.exists(), reason="../shared/reference not present")


def score(gaz: Gazetteer) -> tuple[float, int]:
    """Share within 3 km, and answers > 50 km off whose status is not ambiguous."""
    with open(OCHA, encoding="utf-8") as fh:
        points = {r["pcode"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}
    # Built from ../shared at run time: the set holds OCHA names and p-codes, never committed.
    rows = spelling_rows()
    assert len(rows) == 150
    assert {r["kind"] for r in rows} == {"transliteration", "arabic", "turkish", "french", "typo"}
    ok = far = 0
    for r in rows:
        m = gaz.geocode(r["query"])
        if m is None:
            continue
        d = km(m.lat, m.lon, *points[r["expected"]])
        ok += d <= 3.0
        far += d > 50.0 and m.status != "ambiguous"
    return ok / len(rows), far


def test_shipped_gazetteer_alone() -> None:
    share, far = score(Gazetteer.load(user_sources=False))
    assert share >= 0.90  # measured 90.7 % (136/150)
    assert far == 0


def test_with_ocha_communities(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    sources.add_source(OCHA, name="ocha-communities")
    sources.add_source(SHARED / "syria_neighbourhoods_ocha.csv", name="ocha-neighbourhoods")
    share, far = score(Gazetteer.load())
    assert share >= 0.96  # measured 96.7 % (145/150)
    assert far == 0
