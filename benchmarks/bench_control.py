"""Leave-one-out validation of the territory estimate on the curated layer (issue 14).

For each place of ``data/events/nw_syria_2019_2020.csv`` with two or more events, its state on
the day before each later event is predicted from the other places only (nearest known place,
:mod:`frontline.spatial.validate`); ``+first`` also predicts the day before each place's first
event whose ``from_side`` names the loser. Prints accuracy by distance to the nearest evidence,
by age and basis of that evidence, and by confidence class, with the calibration gap (target:
|stated - measured| <= 5 points) and the 95 % Wilson interval of the measured share.
The calibration of the confidence (``CALIBRATION``) is fitted on the "+first events" sample;
this prints the fit next to the shipped table, and its cross-validation by place (fitted on
the other places, stated and measured on the held-out ones: one place at a time, 5 folds,
and each of 2 folds), so the stated figure is not only in sample. ``--quick`` runs the same on
the first 60 curated rows.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from frontline.events.model import curated_events
from frontline.spatial.confidence import CALIBRATION
from frontline.spatial.validate import (
    accuracy_by_age,
    accuracy_by_class,
    accuracy_by_distance,
    calibration_steps,
    cross_validate,
    leave_one_out,
)


def tables(quick: bool = False) -> dict[str, pd.DataFrame]:
    """The leave-one-out tables (by distance, age, basis and class) of both samples, the
    calibration fit and the cross-validated class tables (the "+first events" sample)."""
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
        out[f"{name}: by basis of the nearest evidence"] = (
            loo.groupby("evidence_basis")["correct"]
            .agg(n="size", accuracy="mean")
            .reset_index()
            .rename(columns={"evidence_basis": "basis"})
        )
    steps = calibration_steps(loo)
    shipped = dict(CALIBRATION)
    steps["shipped"] = [shipped.get(r, float("nan")) for r in steps["raw_from"]]
    out["calibration: fitted on +first events vs shipped"] = steps
    for label, folds in (("leave one place out", None), ("5-fold", 5)):
        out[f"CV {label}, out of fold: by class"] = accuracy_by_class(cross_validate(loo, folds))
    cv = cross_validate(loo, 2)
    for k in sorted(set(cv["fold"])):
        part = cv[cv["fold"] == k]
        out[
            f"CV 2-fold, fold {k} (fitted on the other fold: {part['fitted'].iloc[0]}): by class"
        ] = accuracy_by_class(part)
    return out


def _row(figure: str, measured: str, target: str = "") -> dict[str, object]:
    return {"figure": figure, "target": target, "measured": measured, "baseline_ratio": None}


def run(quick: bool = False) -> list[dict[str, object]]:
    """Benchmark rows: figure, target, measured, baseline_ratio."""
    rows: list[dict[str, object]] = []
    for name, table in tables(quick).items():
        sample = name.split(":")[0]
        if name.startswith("calibration"):
            rows.extend(
                _row(
                    f"calibration step raw >= {r.raw_from:.3f} fitted/shipped (n={r.n})",
                    f"{r.confidence:.2f}/{r.shipped:.2f}",
                    "equal",
                )
                for r in table.itertuples()
            )
        elif name.endswith("evidence"):
            key = "age" if "age" in name else "basis"
            rows.extend(
                _row(
                    f"LOO accuracy, nearest evidence {getattr(r, key)} ({sample}), n={r.n}",
                    "" if r.n == 0 else f"{r.accuracy:.2f}",
                )
                for r in table.itertuples()
            )
        elif name.endswith("by distance"):
            rows.extend(
                _row(
                    f"LOO accuracy {r.band} ({sample}), n={r.n}",
                    "" if r.n == 0 else f"{r.accuracy:.2f}",
                )
                for r in table.itertuples()
            )
        else:
            rows.extend(
                _row(
                    f"class {r._1} stated/measured [95% CI] ({sample}), n={r.n}",
                    "" if r.n == 0 else f"{r.stated:.2f}/{r.measured:.2f} [{r.ci95}]",
                    "gap <= 5 pts",
                )
                for r in table.itertuples()
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for name, table in tables(args.quick).items():
        print(f"## {name}")
        raw = {c: (lambda v: f"{v:.3f}") for c in ("raw_from", "raw_to") if c in table}
        print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}", formatters=raw))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
