"""Run every benchmark and print one table: figure, target, measured, ratio to the baseline.

Each ``benchmarks/bench_*.py`` exposes ``run(quick: bool) -> list[dict]`` whose rows have the
keys ``figure, target, measured, baseline_ratio``. ``--quick`` uses smoke-test sizes (CI runs
it to check that the benchmarks work, not their figures).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _modules(only: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if only:
        names = [n for n in names if any(o in n for o in only)]
    return names


def _table(rows: list[dict[str, object]]) -> str:
    headers = ["benchmark", "figure", "target", "measured", "vs baseline"]
    cells = [
        [
            str(r.get("benchmark", "")),
            str(r.get("figure", "")),
            str(r.get("target", "") or ""),
            str(r.get("measured", "")),
            "" if r.get("baseline_ratio") in (None, "") else f"{float(r['baseline_ratio']):.0f}x",  # type: ignore[arg-type]
        ]
        for r in rows
    ]
    widths = [
        max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    return "\n".join([line, sep, *body])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smoke-test sizes (seconds)")
    parser.add_argument("only", nargs="*", help="run only benchmarks whose name contains this")
    args = parser.parse_args(argv)
    rows: list[dict[str, object]] = []
    failed = []
    for name in _modules(args.only):
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            for row in module.run(quick=args.quick):
                rows.append({"benchmark": name.removeprefix("bench_"), **row})
        except Exception as exc:  # a broken benchmark must fail the run, but report the others
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    print(_table(rows))
    for f in failed:
        print(f"FAILED {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
