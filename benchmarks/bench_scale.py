"""Extraction at scale: serial vs ``--jobs 2`` vs a Dask LocalCluster, and peak memory.

Two corpora of ~400-word articles, written to a corpus folder (``.txt`` files and
``articles.csv``) so that reading files is timed too, as ``frontline extract`` does:

* **representative**: ``bench_extract.synthetic_corpus`` (sentences of the seeds and the test
  articles, a third of them event sentences). Its place names repeat (a few hundred
  distinct), so the extractor's cross-article caches nearly always hit.
* **non-repeating**: the same sentences with every gazetteer name in them replaced by a name
  drawn at random from the whole shipped gazetteer (6,000+ places), so caches rarely hit:
  closer to a real news stream.

Every run is a fresh Python process (cold caches; the figure includes loading the gazetteer
and building the place automaton, which a real run pays too) that writes GeoParquet events:
serial (``jobs=1``), ``jobs=2`` (``frontline.batch.extract_to_file``) and a Dask LocalCluster of
two single-threaded worker processes (``frontline.batch.extract_dask``; cluster start-up
timed apart). Peak RSS: the ``frontline extract --format csv -o`` path at 1k / 10k / 50k
articles (``--quick``: 200), from ``getrusage`` in the child (the parent process, and the
largest worker for ``--jobs 2``).

Run: ``python -m benchmarks scale [--quick]``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEED_N = 10_000
QUICK_SPEED_N = 200
RSS_SIZES = (1_000, 10_000, 50_000)
QUICK_RSS_SIZES = (200,)
RSS_TARGET_MB = 700.0


def _name_slots(sentences: list[str], names: list[str]) -> re.Pattern[str]:
    """One pattern matching every gazetteer name that occurs in ``sentences``."""
    text = "\n".join(sentences)
    present = sorted({n for n in names if len(n) > 3 and n in text}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, present)) + r")(?![\w-])")


def non_repeating_corpus(n: int, seed: int = 11) -> list:
    """``n`` representative articles whose place names are drawn from the whole gazetteer."""
    from benchmarks.bench_extract import _source_articles, synthetic_corpus
    from frontline.ingest.articles import Article
    from frontline.reference.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    primary = sorted({str(n) for n in gazetteer.to_frame()["name"] if str(n)[:1].isupper()})
    forms = sorted(set(primary) | {f for f, _ in gazetteer.surface_forms() if f.isascii()})
    base = synthetic_corpus(n, seed=seed, trigger_share=_seed_share())
    # Every sentence of the synthetic corpus comes from these articles: their names are
    # the ones to replace.
    slots = _name_slots([a.text for a in _source_articles()], forms)
    rng = random.Random(seed)
    out = []
    for art in base:
        text = slots.sub(lambda _m: rng.choice(primary), art.text)
        out.append(Article(art.file, art.published, art.source, art.url, art.title, text))
    return out


def _seed_share() -> float:
    from benchmarks.bench_extract import _source_articles, density

    return density(_source_articles()[:2], n_events=0)["trigger_share"]


def representative_corpus(n: int, seed: int = 7) -> list:
    from benchmarks.bench_extract import synthetic_corpus

    return synthetic_corpus(n, seed=seed, trigger_share=_seed_share())


def write_corpus(articles: list, folder: Path) -> Path:
    """Write articles as a corpus folder (``.txt`` files and ``articles.csv``)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "articles.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "published", "source", "url", "title"])
        for a in articles:
            (folder / a.file).write_text(a.text, encoding="utf-8")
            w.writerow([a.file, a.published, a.source, a.url, a.title])
    return folder


# --- the measured child process ---------------------------------------------------------


def _cpu_seconds() -> float:
    import resource

    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _child(spec: dict[str, object]) -> dict[str, object]:
    """Run one measurement in this (fresh) process; return seconds, rows and peak RSS (MB).

    The tables are loaded and the place automaton built first (``setup_s``, which every run
    pays once per process), then the extraction is timed: wall ``seconds`` and ``cpu_s``
    (this process and its workers).
    """
    import resource
    import warnings

    from frontline import batch
    from frontline.errors import FrontlineWarning

    warnings.simplefilter("ignore", FrontlineWarning)
    corpus, out, mode = str(spec["corpus"]), str(spec["out"]), str(spec["mode"])
    result: dict[str, object] = {}
    t0 = time.perf_counter()
    if mode == "dask":
        from dask.distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,  # fmt: skip
            Client(cluster) as client,
        ):
            client.run(batch.extract_chunk, [])  # each worker loads the shipped tables once
            result["setup_s"] = time.perf_counter() - t0
            before = sum(client.run(_cpu_seconds).values())
            t1 = time.perf_counter()
            rows = batch.extract_dask(
                corpus,
                out,
                scheduler=client,
                partition_size=int(spec["partition"]),  # type: ignore[call-overload]
            )
            result["seconds"] = time.perf_counter() - t1
            result["cpu_s"] = sum(client.run(_cpu_seconds).values()) - before
    else:
        batch.extract_chunk([])  # loads the shipped tables and builds the automaton
        result["setup_s"] = time.perf_counter() - t0
        fmt = str(spec.get("fmt", "parquet"))
        t1, c1 = time.perf_counter(), _cpu_seconds()
        rows = batch.extract_to_file(corpus, out, fmt, jobs=int(spec["jobs"]),  # type: ignore[call-overload]
                                     progress=False)  # fmt: skip
        result["seconds"] = time.perf_counter() - t1
        result["cpu_s"] = _cpu_seconds() - c1
    result["rows"] = rows
    result["load"] = os.getloadavg()[0]
    result["self_mb"] = _peak_rss_mb()
    # Pool workers are forked from this (small) process, so their getrusage peak is theirs.
    result["children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def _peak_rss_mb() -> float:
    """This process's peak RSS (MB) since it exec'd.

    Not ``getrusage``: Linux carries ``ru_maxrss`` over fork and exec, so a child started
    by a benchmark holding a 50k-article corpus would report the benchmark's memory.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(spec: dict[str, object]) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    res = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_scale", "--child", json.dumps(spec)],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    if res.returncode != 0:
        raise RuntimeError(f"child failed: {res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _row(figure: str, measured: str, target: str = "") -> dict[str, object]:
    return {"figure": figure, "target": target, "measured": measured, "baseline_ratio": None}


def _speed_rows(label: str, folder: Path, n: int, tmp: Path, dask_ok: bool) -> list[dict]:
    rows = []
    spec = {"corpus": str(folder), "mode": "pool"}
    serial = _measure({**spec, "out": str(tmp / f"{label}-1.parquet"), "jobs": 1})
    two = _measure({**spec, "out": str(tmp / f"{label}-2.parquet"), "jobs": 2})
    s_rate, j_rate = n / float(serial["seconds"]), n / float(two["seconds"])  # type: ignore[arg-type]
    per_core = n / float(serial["cpu_s"])  # type: ignore[arg-type]
    rows.append(_row(f"{label}: serial, {n:,} articles ({serial['rows']:,} events; tables and "
                     f"automaton {serial['setup_s']:.1f} s apart)",
                     f"{s_rate:,.0f} articles/s wall ({serial['seconds']:.1f} s), "
                     f"{per_core:,.0f} articles/s per CPU-second; load {serial['load']:.1f}",
                     ">= 1,000 articles/s/core" if label == "non-repeating" else ""))  # fmt: skip
    rows.append(_row(f"{label}: --jobs 2 ({two['rows']:,} events)",
                     f"{j_rate:,.0f} articles/s ({two['seconds']:.1f} s) = "
                     f"{j_rate / s_rate:.2f}x serial; load {two['load']:.1f}",
                     ">= 1.7x serial"))  # fmt: skip
    # On a shared machine wall time measures the other tenants; CPU time does not: the
    # parallel run's extra work bounds its speed-up on two idle cores.
    s_cpu, j_cpu = float(serial["cpu_s"]), float(two["cpu_s"])  # type: ignore[arg-type]
    rows.append(_row(f"{label}: CPU time, serial vs --jobs 2 (parent + workers)",
                     f"{s_cpu:.1f} s vs {j_cpu:.1f} s ({j_cpu / s_cpu - 1:+.0%}): at most "
                     f"{2 * s_cpu / j_cpu:.2f}x on 2 idle cores"))  # fmt: skip
    if dask_ok:
        dk = _measure({"corpus": str(folder), "out": str(tmp / f"{label}-dask"), "mode": "dask",
                       "partition": max(25, min(1_000, n // 16))})  # fmt: skip
        d_rate = n / float(dk["seconds"])  # type: ignore[arg-type]
        rows.append(_row(f"{label}: Dask LocalCluster 2 workers ({dk['rows']:,} events)",
                         f"{d_rate:,.0f} articles/s ({dk['seconds']:.1f} s; cluster start "
                         f"{dk['setup_s']:.1f} s apart) = {d_rate / j_rate:.2f}x --jobs 2; "
                         f"load {dk['load']:.1f}", ">= 0.75x --jobs 2"))  # fmt: skip
        d_cpu = float(dk["cpu_s"])  # type: ignore[arg-type]
        rows.append(_row(f"{label}: CPU time of the Dask workers vs --jobs 2",
                         f"{d_cpu:.1f} s vs {j_cpu:.1f} s ({d_cpu / j_cpu:.2f}x)"))  # fmt: skip
    return rows


def _rss_rows(sizes: tuple[int, ...], tmp: Path) -> list[dict]:
    rows = []
    for n in sizes:
        folder = write_corpus(non_repeating_corpus(n, seed=n), tmp / f"rss-{n}")
        for jobs in (1, 2):
            r = _measure({"corpus": str(folder), "out": str(tmp / f"rss-{n}-{jobs}.csv"),
                          "mode": "pool", "jobs": jobs, "fmt": "csv"})  # fmt: skip
            worker = f", largest worker {r['children_mb']:.0f} MB" if jobs > 1 else ""
            rows.append(_row(f"peak RSS: extract -o csv, {n:,} articles, --jobs {jobs} "
                             f"({r['rows']:,} events)",
                             f"{r['self_mb']:.0f} MB{worker}",
                             f"<= {RSS_TARGET_MB:,.0f} MB, flat in size"))  # fmt: skip
    return rows


def run(quick: bool = False) -> list[dict[str, object]]:
    """Benchmark rows: ``figure, target, measured, baseline_ratio``."""
    try:
        import dask.distributed  # noqa: F401

        dask_ok = True
    except ImportError:
        dask_ok = False
    n = QUICK_SPEED_N if quick else SPEED_N
    rows = [_row("machine", f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")]
    with tempfile.TemporaryDirectory(prefix="frontline-bench-scale-") as tmp_name:
        tmp = Path(tmp_name)
        corpora = {
            "representative": representative_corpus(n),
            "non-repeating": non_repeating_corpus(n),
        }
        for label, arts in corpora.items():
            folder = write_corpus(arts, tmp / label)
            distinct = len({w for a in arts for w in re.findall(r"[A-Z][\w'-]+", a.text)})
            rows.append(_row(f"{label}: distinct capitalised words", f"{distinct:,}"))
            rows += _speed_rows(label, folder, n, tmp, dask_ok)
        rows += _rss_rows(QUICK_RSS_SIZES if quick else RSS_SIZES, tmp)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_scale")
    parser.add_argument("--quick", action="store_true", help="smoke-test sizes")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.child:
        print(json.dumps(_child(json.loads(args.child))))
        return 0
    from benchmarks.__main__ import _table

    print(_table(run(quick=args.quick)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
