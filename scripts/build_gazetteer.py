"""Regenerate data/gazetteer.csv from its sources (same as ``frontline gazetteer build``)."""

from __future__ import annotations

import sys
from pathlib import Path

from frontline.reference.build import build_gazetteer

if __name__ == "__main__":
    out = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[1] / "data" / "gazetteer.csv"
    )
    rows = build_gazetteer(out)
    print(f"wrote {len(rows)} places to {out}")
