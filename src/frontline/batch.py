"""Extraction at scale: every core, bounded memory, and a Dask cluster for larger corpora.

Each path runs the same per-article code as :func:`frontline.events.extract.extract_events`
(:func:`~frontline.events.extract.extract_article`, then the events of the article in text
order), so its output equals the serial output by construction; tests compare them row for
row.

* :func:`extract_corpus` -- a GeoDataFrame, articles in chunks across processes.
* :func:`extract_to_file` -- CSV, NDJSON, GeoJSON sequence or GeoParquet written chunk by
  chunk, so memory holds a few chunks, not the corpus.
* :func:`extract_dask` -- a corpus read as partitions on a ``dask.distributed`` cluster (local
  or many machines), written as partitioned GeoParquet.

See docs/scale.md for when to use which.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
import pandas as pd
from tqdm import tqdm

from frontline._io import atomic_path, refuse_overwriting_inputs
from frontline._parallel import default_jobs, process_pool
from frontline.errors import BadInputError, MissingDependencyError
from frontline.events.extract import extract_article
from frontline.events.model import Event, events_to_frame, warn_unlocated
from frontline.ingest.articles import CATALOGUE, Article, ArticleRef, corpus_refs, load_corpus
from frontline.ingest.parquet import ParquetPart, parquet_parts
from frontline.output.stream import FORMATS, encode_chunk, open_writer

if TYPE_CHECKING:
    from frontline.events.extract.rules import ExtractRules
    from frontline.reference.gazetteer import Gazetteer
    from frontline.reference.sides import Sides

__all__ = [
    "DEFAULT_CHUNK",
    "ParquetPart",
    "default_jobs",
    "extract_chunk",
    "extract_corpus",
    "extract_dask",
    "extract_to_file",
    "iter_chunks",
    "parquet_parts",
    "plan_tasks",
]

#: Articles per chunk (a task for one worker): small enough to balance two cores and keep
#: memory flat (a few MB of events), large enough that task overhead is under 1%.
DEFAULT_CHUNK = 200

Item = Article | ArticleRef
#: What a task returns: an event table, or its rows encoded for a file (text, Arrow table).
Payload = object
Corpus = str | os.PathLike[str] | Iterable[Article]
T = TypeVar("T")


class _Bar(tqdm):
    # tqdm's monitor thread (it tunes refresh rates) would make this process multi-threaded,
    # and the next worker pool would have to spawn instead of fork.
    monitor_interval = 0


# One (gazetteer, sides) pair per worker process, set by the pool initializer (or on first
# use in a Dask worker): the place automaton is built once per process, not once per chunk.
_STATE: dict[str, object] = {}


#: A unit of work: a chunk of articles, or a row group of a Parquet file of articles.
Task = Sequence[Item] | ParquetPart


def plan_tasks(corpus: Corpus, size: int, published: str | None = None) -> list[Task]:
    """Split a corpus into tasks of about ``size`` articles, in corpus order.

    A folder (or its ``articles.csv``) gives chunks of
    :class:`~frontline.ingest.articles.ArticleRef` (texts read by the worker); a ``.parquet``
    file of articles gives one :class:`ParquetPart` per row group; a single article file or
    in-memory articles give chunks of :class:`~frontline.ingest.articles.Article`.

    Returns
    -------
    list of tasks
        Each a sequence of Article/ArticleRef, or a ParquetPart.
    """
    if size < 1:
        raise BadInputError(f"chunk size must be at least 1, got {size}")
    items: Sequence[Item]
    if isinstance(corpus, str | os.PathLike):
        src = Path(corpus)
        if src.suffix.lower() == ".parquet" and src.is_file():
            return list(parquet_parts(src))
        if src.is_dir() or (src.name == CATALOGUE and src.is_file()):
            items = corpus_refs(src, published)
        else:
            items = load_corpus(src, published=published)
    else:
        items = list(corpus)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _set_state(
    gazetteer: Gazetteer | None, sides: Sides | None, rules: ExtractRules | None = None
) -> None:
    from frontline.reference.gazetteer import Gazetteer
    from frontline.reference.sides import Sides

    key = (id(gazetteer), id(sides), rules)
    if _STATE.get("key") == key:
        return  # this process already holds these tables, automaton built
    _STATE["gazetteer"] = gazetteer if gazetteer is not None else Gazetteer.load()
    _STATE["sides"] = sides if sides is not None else Sides.load()
    _STATE["rules"] = rules
    # Build the place automaton and the actor finder now (cached per gazetteer/sides object
    # inside the extractor), so the first chunk is not slower than the others.
    warm = Article("warm-up.txt", "2020-01-01", "", "", "", "Nothing happened here today.")
    extract_article(warm, _STATE["gazetteer"], _STATE["sides"], rules)  # type: ignore[arg-type]
    # Keep the caller's objects alive so that their ids stay theirs.
    _STATE["key"], _STATE["given"] = key, (gazetteer, sides)


def extract_chunk(
    items: Task,
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
    rules: ExtractRules | None = None,
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Extract the events of a chunk of articles, as :func:`extract_events` does for a corpus.

    Parameters
    ----------
    items : sequence of Article or ArticleRef, or ParquetPart
    gazetteer, sides, rules : optional
        Default: those this worker process was started with, else the shipped tables and
        the default extraction rules.

    Returns
    -------
    tuple of (geopandas.GeoDataFrame, list of str)
        The event table of the chunk (columns :data:`frontline.events.EVENT_COLUMNS`, in
        article and text order) and the names of places not in the gazetteer.
    """
    if gazetteer is None and sides is None and rules is None:
        if not _STATE:
            _set_state(None, None)
        gaz, sd = _STATE["gazetteer"], _STATE["sides"]
        rules = _STATE["rules"]  # type: ignore[assignment]
    else:
        gaz, sd = gazetteer, sides
    if isinstance(items, ParquetPart):
        items = items.load()
    events: list[Event] = []
    missing: list[str] = []
    # Same as extract_events: no reference cycles are made, so the cyclic collector would
    # only re-scan the gazetteer tables (about 30% of the run).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for item in items:
            article = item.load() if isinstance(item, ArticleRef) else item
            found, unlocated = extract_article(article, gaz, sd, rules)  # type: ignore[arg-type]
            # The order extract_events gives (tests/unit/test_batch.py checks it).
            events.extend(sorted(found, key=lambda ev: (ev.char_start, ev.place)))
            missing.extend(unlocated)
    finally:
        if was_enabled:
            gc.enable()
    return events_to_frame(events), sorted(set(missing))


def _pool(
    jobs: int, gazetteer: Gazetteer | None, sides: Sides | None, rules: ExtractRules | None
) -> ProcessPoolExecutor:
    # Forked workers share the tables and automaton built here (copy on write).
    return process_pool(jobs, _set_state, (gazetteer, sides, rules))


def _ordered(
    executor: Executor, fn: Callable[[Task], T], chunks: list[Task], ahead: int
) -> Iterator[tuple[int, T]]:
    """``fn(chunk)`` for each chunk, in order, with at most ``ahead`` chunks in flight."""
    pending: collections.deque[tuple[int, Future[T]]] = collections.deque()
    for chunk in chunks:
        if len(pending) >= ahead:
            n, fut = pending.popleft()
            yield n, fut.result()
        pending.append((len(chunk), executor.submit(fn, chunk)))
    while pending:
        n, fut = pending.popleft()
        yield n, fut.result()


def _run_task(task: Task, fmt: str | None = None) -> tuple[Payload, int, list[str]]:
    frame, missing = extract_chunk(task)
    if fmt is None:
        return frame, len(frame), missing
    # Encoding for the file here, in the worker, keeps the parent (one writer) off the
    # critical path.
    return encode_chunk(frame, fmt), len(frame), missing


def _results(
    tasks: Sequence[Task],
    fmt: str | None,
    jobs: int | None,
    gazetteer: Gazetteer | None,
    sides: Sides | None,
    progress: bool,
    rules: ExtractRules | None = None,
) -> Iterator[tuple[Payload, int, list[str]]]:
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise BadInputError(f"--jobs must be at least 1, got {jobs}")
    jobs = min(jobs, max(len(tasks), 1))
    run = functools.partial(_run_task, fmt=fmt)
    with contextlib.ExitStack() as stack:
        if jobs == 1:
            _set_state(gazetteer, sides, rules)
            results: Iterator[tuple[int, tuple[Payload, int, list[str]]]] = (
                (len(c), run(c)) for c in tasks
            )
        else:
            executor = stack.enter_context(_pool(jobs, gazetteer, sides, rules))
            results = _ordered(executor, run, list(tasks), ahead=2 * jobs)
        bar = stack.enter_context(
            _Bar(total=sum(map(len, tasks)), unit="article", disable=not progress, desc="extract")
        )
        for n, result in results:
            bar.update(n)
            yield result


def iter_chunks(
    tasks: Sequence[Task],
    *,
    jobs: int | None = None,
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
    progress: bool = True,
    rules: ExtractRules | None = None,
) -> Iterator[tuple[gpd.GeoDataFrame, list[str]]]:
    """Event tables of the ``tasks`` (:func:`plan_tasks`), in corpus order, as they are done.

    ``jobs`` worker processes (default :func:`default_jobs`; 1 runs in this process) each
    build the place automaton once; at most ``2 * jobs`` chunks are in flight, so memory
    holds a few chunks whatever the corpus size. A progress bar over articles goes to
    stderr unless ``progress`` is false.

    Yields
    ------
    tuple of (geopandas.GeoDataFrame, list of str)
        As :func:`extract_chunk`.
    """
    for frame, _, missing in _results(tasks, None, jobs, gazetteer, sides, progress, rules):
        yield frame, missing


def _concat(frames: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    full = [f for f in frames if len(f)]
    if not full:
        return events_to_frame([])
    if len(full) == 1:
        return full[0].reset_index(drop=True)
    out = pd.concat(full, ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs="EPSG:4326")


def extract_corpus(
    corpus: Corpus,
    *,
    jobs: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
    published: str | None = None,
    progress: bool = True,
    rules: ExtractRules | None = None,
) -> gpd.GeoDataFrame:
    """Extract the events of a corpus on ``jobs`` processes; same table as ``extract_events``.

    Parameters
    ----------
    corpus : path or iterable of Article
        A corpus folder (texts are read by the workers), a ``.parquet`` file of articles
        (columns file, published, text, and optionally source, url, title; one task per
        row group), one article file, or articles.
    jobs : int, optional
        Worker processes; default all cores available; 1 runs in this process.
    chunk_size : int
        Articles per task.
    gazetteer, sides : optional
        Default: the shipped tables.
    published : str, optional
        ISO publication date for files without a catalogue row.
    progress : bool
        Show a progress bar over articles on stderr.
    rules : ExtractRules, optional
        A profile's extraction rules (default: the default profile's).

    Returns
    -------
    geopandas.GeoDataFrame
        Row for row what :func:`frontline.events.extract.extract_events` returns (columns
        :data:`frontline.events.EVENT_COLUMNS`, dates ISO, lat/lon WGS84, ``distance_km``
        in km); places not in the gazetteer are listed in one ``UnlocatedPlacesWarning``.
    """
    tasks = plan_tasks(corpus, chunk_size, published)
    frames: list[gpd.GeoDataFrame] = []
    missing: set[str] = set()
    for frame, unlocated in iter_chunks(
        tasks, jobs=jobs, gazetteer=gazetteer, sides=sides,
        progress=progress, rules=rules,
    ):  # fmt: skip
        frames.append(frame)
        missing.update(unlocated)
    warn_unlocated(missing)
    return _concat(frames)


def extract_to_file(
    corpus: str | os.PathLike[str] | Iterable[Article],
    output: str | os.PathLike[str],
    fmt: str = "csv",
    *,
    jobs: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
    published: str | None = None,
    progress: bool = True,
    rules: ExtractRules | None = None,
) -> int:
    """Extract a corpus and write its events chunk by chunk to ``output`` (atomically).

    Memory holds a few chunks of events, not the corpus's: use it for corpora whose event
    table does not fit in memory. The file has the rows of ``extract_events`` in its order.

    Parameters
    ----------
    corpus : path or iterable of Article
    output : path
        Written to a temporary file beside it, renamed when complete.
    fmt : {"csv", "ndjson", "geojsonseq", "parquet"}
        CSV (every column, geometry left out as in ``frontline extract --format csv``),
        one JSON object per line, one RFC 8142/7946 GeoJSON Feature per line, or
        GeoParquet (one row group per chunk; needs pyarrow).
    jobs, chunk_size, gazetteer, sides, published, progress, rules
        As :func:`extract_corpus`.

    Returns
    -------
    int
        The number of event rows written.
    """
    if fmt not in FORMATS:
        raise BadInputError(f"unknown streaming format {fmt!r}; use one of {', '.join(FORMATS)}")
    if isinstance(corpus, str | os.PathLike):
        refuse_overwriting_inputs(output, [corpus])
    tasks = plan_tasks(corpus, chunk_size, published)
    missing: set[str] = set()
    rows = 0
    with atomic_path(output) as tmp, open_writer(tmp, fmt) as writer:
        for payload, n, unlocated in _results(tasks, fmt, jobs, gazetteer, sides, progress, rules):
            writer.write_encoded(payload)
            rows += n
            missing.update(unlocated)
    warn_unlocated(missing)
    return rows


# --- Dask -------------------------------------------------------------------------------------


def _dask_partition(
    task: tuple[int, Task],
    output_dir: str,
    gazetteer: Gazetteer | None,
    sides: Sides | None,
    rules: ExtractRules | None = None,
) -> tuple[int, int, list[str]]:
    """Runs on a Dask worker: extract one partition and write ``part-NNNNN.parquet``."""
    from frontline.output.stream import write_geoparquet

    index, items = task
    if gazetteer is None and sides is None and rules is None:
        frame, missing = extract_chunk(items)
    else:
        frame, missing = extract_chunk(items, gazetteer, sides, rules)
    write_geoparquet(frame, Path(output_dir) / f"part-{index:05d}.parquet")
    return index, len(frame), missing


def _dask_client(scheduler: str | object | None) -> contextlib.AbstractContextManager[object]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise MissingDependencyError(
            "the Dask path needs dask.distributed and pyarrow: pip install 'frontline[dask]'"
        ) from None
    if scheduler is None:
        # A free port for the dashboard: 8787 may be taken by another cluster.
        return Client(processes=True, dashboard_address=":0")
    if isinstance(scheduler, str):
        return Client(scheduler)
    return contextlib.nullcontext(scheduler)  # a Client or cluster the caller runs


def extract_dask(
    corpus: str | os.PathLike[str] | Iterable[Article],
    output_dir: str | os.PathLike[str],
    *,
    scheduler: str | object | None = None,
    partition_size: int = 1_000,
    gazetteer: Gazetteer | None = None,
    sides: Sides | None = None,
    published: str | None = None,
    rules: ExtractRules | None = None,
) -> int:
    """Extract a corpus on a Dask cluster, writing partitioned GeoParquet events.

    The corpus is listed here (file names and catalogue only), split into partitions of
    ``partition_size`` articles, and each partition is read, extracted and written by a
    worker as ``output_dir/part-NNNNN.parquet`` (GeoParquet; read the whole folder with
    ``geopandas.read_parquet(output_dir)``). On several machines the corpus folder and
    ``output_dir`` must be on a file system every worker sees, at the same path.

    Parameters
    ----------
    corpus : path or iterable of Article
    output_dir : path
        Created (its parent must exist); must not exist or be empty. Written to a temporary
        folder beside it and renamed when every partition is written.
    scheduler : str, Client or None
        ``tcp://host:8786`` of a running ``dask scheduler``; a ``dask.distributed.Client``;
        or None for a local cluster of one worker process per core.
    partition_size : int
        Articles per partition (one task, one output file).
    gazetteer, sides, published, rules
        As :func:`extract_corpus` (the tables are sent to the workers once).

    Returns
    -------
    int
        The number of event rows written.
    """
    # Absolute paths: workers on other machines do not share this process's folder.
    out = Path(output_dir).absolute()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BadInputError("the output folder exists and is not empty; choose another", out)
    if isinstance(corpus, str | os.PathLike):
        refuse_overwriting_inputs(out, [corpus])
        corpus = Path(corpus).absolute()
    tasks = list(enumerate(plan_tasks(corpus, partition_size, published)))
    with _dask_client(scheduler) as client, _atomic_dir(out) as tmp:
        tables: list[object] = [gazetteer, sides]
        if gazetteer is not None or sides is not None:
            # Sent once to every worker and kept there, not once per task.
            tables = client.scatter(tables, broadcast=True)  # type: ignore[attr-defined]
        futures = client.map(  # type: ignore[attr-defined]
            _dask_partition, tasks, output_dir=str(tmp), gazetteer=tables[0],
            sides=tables[1], rules=rules, pure=False,
        )  # fmt: skip
        done: list[tuple[int, int, list[str]]] = client.gather(futures)  # type: ignore[attr-defined]
    missing = {name for _, _, names in done for name in names}
    warn_unlocated(missing)
    return sum(n for _, n, _ in done)


@contextlib.contextmanager
def _atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success rename it onto ``target``."""
    import shutil
    import tempfile

    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise BadInputError(f"output folder {parent} does not exist")
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        yield tmp
        if target.is_dir():
            target.rmdir()  # empty (checked above)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
