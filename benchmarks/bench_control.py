"""Leave-one-out validation of the territory estimate on the curated layer (issue 14).

For each place of ``data/events/nw_syria_2019_2020.csv`` with two or more events, its state on
the day before each later event is predicted from the other places only (nearest known place,
:mod:`frontline.spatial.validate`); ``+first`` also predicts the day before each place's first
event whose ``from_side`` names the loser. Prints accuracy by distance to the nearest evidence
and by confidence class, with the calibration gap (target: |stated - measured| <= 5 points).
The band accuracy that the confidence uses (``BAND_ACCURACY``) is fitted on the "+first
events" sample; this prints the fit next to the shipped table, and a 2-fold cross-validation
by place (fitted on half of the places, stated and measured on the other half), so the stated
figure is honest. ``--quick`` runs the same on the first 60 curated rows.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from frontline.events.model import curated_events
from frontline.spatial.confidence import BAND_ACCURACY, BAND_KM
from frontline.spatial.validate import (
    accuracy_by_age,
    accuracy_by_class,
    accuracy_by_distance,
    cross_validate,
    fit_band_accuracy,
    leave_one_out,
)


def tables(quick: bool = False) -> dict[str, pd.DataFrame]:
    """The leave-one-out tables (by distance and by class) of both samples, the band fit and
    the cross-validated class table (the "+first events" sample)."""
    events = curated_events()
    if quick:
        events = events.iloc[:60]
    out: dict[str, pd.DataFrame] = {}
    loo = pd.DataFrame()
    for name, first in (("places with >= 2 events", False), ("+first events", True)):
        loo = leave_one_out(events, first_events=first)
        out[f"{name}: by distance"] = accuracy_by_distance(loo)
        out[f"{name}: by class"] = accuracy_by_class(loo)
        out[f"{name}: by age of the nearest evidence"] = accuracy_by_age(loo)
    edges = [0.0, *BAND_KM]
    out["band accuracy: fitted on +first events vs shipped"] = pd.DataFrame(
        {
            "band": [f"{a:g}-{b:g} km" for a, b in zip(edges[:-1], edges[1:], strict=True)],
            "fitted": fit_band_accuracy(loo),
            "shipped": BAND_ACCURACY,
        }
    )
    cv = cross_validate(loo)
    for k in sorted(set(cv["fold"])):
        part = cv[cv["fold"] == k]
        fitted = part["fitted"].iloc[0]
        out[f"2-fold CV, fold {k} (fitted on the other fold = {fitted}): by class"] = (
            accuracy_by_class(part)
        )
    out["2-fold CV, both folds out of fold: by class"] = accuracy_by_class(cv)
    return out


def run(quick: bool = False) -> list[dict[str, object]]:
    """Benchmark rows: figure, target, measured, baseline_ratio."""
    rows: list[dict[str, object]] = []
    for name, table in tables(quick).items():
        if name.startswith("band accuracy"):
            rows.extend(
                {
                    "figure": f"band accuracy {r.band} fitted/shipped",
                    "target": "equal",
                    "measured": f"{r.fitted:.2f}/{r.shipped:.2f}",
                    "baseline_ratio": None,
                }
                for r in table.itertuples()
            )
        elif name.endswith("evidence"):
            rows.extend(
                {
                    "figure": f"LOO accuracy, evidence {r.age} old ({name.split(':')[0]}), n={r.n}",
                    "target": "",
                    "measured": "" if r.n == 0 else f"{r.accuracy:.2f}",
                    "baseline_ratio": None,
                }
                for r in table.itertuples()
            )
        elif name.endswith("by distance"):
            for r in table.itertuples():
                rows.append(
                    {
                        "figure": f"LOO accuracy {r.band} ({name.split(':')[0]}), n={r.n}",
                        "target": "",
                        "measured": "" if r.n == 0 else f"{r.accuracy:.2f}",
                        "baseline_ratio": None,
                    }
                )
        else:
            for r in table.itertuples():
                rows.append(
                    {
                        "figure": f"class {r._1} stated/measured ({name.split(':')[0]}), n={r.n}",
                        "target": "gap <= 5 pts",
                        "measured": "" if r.n == 0 else f"{r.stated:.2f}/{r.measured:.2f}",
                        "baseline_ratio": None,
                    }
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for name, table in tables(args.quick).items():
        print(f"## {name}")
        print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
