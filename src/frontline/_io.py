"""Shared file and table helpers: the one CSV reader, atomic output (temp file + rename),
inputs never overwritten, missing-aware table cells."""

from __future__ import annotations

import contextlib
import contextvars
import csv
import io
import math
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from frontline._paths import shipped_roots
from frontline.errors import BadInputError, FrontlineError

__all__ = [
    "CORPUS_CATALOGUE",
    "CORPUS_SUFFIXES",
    "CSV_FIELD_LIMIT",
    "CsvTable",
    "atomic_path",
    "atomic_write",
    "cell_text",
    "csv_safe",
    "guard_inputs",
    "read_csv",
    "read_utf8",
    "refuse_overwriting_inputs",
    "separator_hint",
]

#: Largest CSV field read (characters). The csv module's default, 128 KiB, is smaller than
#: one long article quoted in a cell; 256 MiB still stops a runaway unterminated quote.
CSV_FIELD_LIMIT = 256 * 1024 * 1024

#: What the next read of a corpus folder takes as input: its catalogue and every file with
#: these suffixes (frontline.ingest.articles reads them; defined here so the output guard,
#: which sits below ingest, refuses to write one into an input folder).
CORPUS_CATALOGUE = "articles.csv"
CORPUS_SUFFIXES = (".txt", ".html", ".htm")

# Inputs of the running command (resolved paths) and outputs it may replace even though
# they are shipped data (``gazetteer build`` writes data/gazetteer.csv). atomic_path checks
# them at write time, so a writer that picks its own file names (export into a folder)
# still never replaces an input.
_GUARD: contextvars.ContextVar[tuple[frozenset[Path], frozenset[Path]] | None] = (
    contextvars.ContextVar("frontline_input_guard", default=None)
)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it onto ``target``.

    A crash or exception leaves ``target`` untouched and removes the temporary file.
    Libraries that insist on writing a path themselves (pyogrio, folium) write to the
    yielded path.
    """
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise BadInputError(f"output folder {directory} does not exist", target)
    guard = _GUARD.get()
    if guard is not None:
        refuse_overwriting_inputs(target, guard[0], products=guard[1])
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=suffix or target.suffix or ".tmp", dir=directory
        )
    except OSError as exc:
        raise BadInputError(f"cannot write: {exc.strerror or exc}", target) from None
    os.close(fd)
    os.unlink(tmp)  # some writers (GeoPackage) refuse an existing file
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except FrontlineError:
        raise
    except OSError as exc:
        if exc.filename not in (None, str(tmp_path), str(target)):
            raise
        raise BadInputError(f"cannot write: {exc.strerror or exc}", target) from None
    except Exception as exc:
        # Writers (pyogrio, folium) name the temporary file in their errors; the user
        # gave -o, so the message names that path instead.
        if str(tmp_path) not in str(exc):
            raise
        message = str(exc).replace(str(tmp_path), str(target))
        raise BadInputError(f"cannot write: {message}", target) from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def atomic_write(target: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``target`` atomically; return the target path."""
    with atomic_path(target) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
    return Path(target)


def _inside(path: Path, folder: Path) -> bool:
    return folder == path or folder in path.parents


def _read_next_time(out: Path, src: Path) -> bool:
    """Whether a new file ``out`` would be read as input the next time ``src`` is read: a
    corpus folder (or its catalogue) takes every article and the catalogue in it."""
    folder = src.parent if src.name == CORPUS_CATALOGUE and src.is_file() else src
    if not folder.is_dir() or out.parent != folder:
        return False
    return out.name == CORPUS_CATALOGUE or out.suffix.lower() in CORPUS_SUFFIXES


def refuse_overwriting_inputs(
    output: str | os.PathLike[str],
    inputs: Iterable[str | os.PathLike[str]],
    *,
    products: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Raise :class:`BadInputError` if writing ``output`` could replace an input.

    Refused: ``output`` is one of the ``inputs``; an existing file inside an input folder
    (a corpus's articles or its catalogue); a new article or catalogue in an input corpus
    folder, which the next run would read as an article; a folder that holds an input file or is an
    input folder (``export --layer all -o folder`` writes ``folder/events.csv``); and any
    path inside the shipped data folders (``data/``, the seed corpus), which are inputs of
    every command. ``products`` are files a command exists to rewrite (``gazetteer build``
    and ``data/gazetteer.csv``); they are allowed even inside the shipped data.

    Raises
    ------
    BadInputError
        Naming ``output`` and the input it would replace.
    """
    out = Path(output).resolve()
    if out in {Path(p).resolve() for p in products}:
        return
    for item in inputs:
        src = Path(item).resolve()
        if out == src:
            raise BadInputError(f"refusing to overwrite input {item}; choose another -o", output)
        if src.is_dir() and _inside(out, src) and out.exists():
            raise BadInputError(
                f"refusing to overwrite input (in input folder {item}); choose another -o", output
            )
        if _read_next_time(out, src):
            raise BadInputError(
                f"refusing to write into input folder {out.parent}: the next read of {item} "
                "would take this file as an article; choose another -o",
                output,
            )
        if out.is_dir() and src.parent == out:
            raise BadInputError(
                f"refusing to overwrite input {item} in this output folder; choose another -o",
                output,
            )
    for root in shipped_roots():
        if _inside(out, root.resolve()):
            raise BadInputError(
                f"refusing to overwrite input: {root} is the shipped data; choose another -o",
                output,
            )


@contextlib.contextmanager
def guard_inputs(
    inputs: Iterable[str | os.PathLike[str]], *, products: Iterable[str | os.PathLike[str]] = ()
) -> Iterator[None]:
    """Within the block, :func:`atomic_path` refuses to replace any of ``inputs`` (or the
    shipped data), as :func:`refuse_overwriting_inputs` decides.

    The CLI wraps every command in this guard, so even a file name chosen by a writer (a
    layer file in an export folder) is checked against everything the command read.
    """
    token = _GUARD.set(
        (
            frozenset(Path(p).resolve() for p in inputs),
            frozenset(Path(p).resolve() for p in products),
        )
    )
    try:
        yield
    finally:
        _GUARD.reset(token)


def read_utf8(path: str | os.PathLike[str], what: str = "file") -> str:
    """Read ``path`` as UTF-8 text (a BOM is dropped).

    Raises
    ------
    FrontlineError
        Naming the file, if it cannot be read or is not UTF-8 (with the first bad byte).
    """
    src = Path(path)
    try:
        raw = src.read_bytes()
    except OSError as exc:
        raise BadInputError(f"cannot read {what}: {exc.strerror}", src) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInputError(
            f"not UTF-8 text (bad byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8",
            src,
        ) from None


@dataclass(frozen=True)
class CsvTable:
    """A CSV file as read by :func:`read_csv`.

    Attributes
    ----------
    path : Path
        The file.
    header : list of str
        Column names, stripped, in file order.
    rows : list of dict
        One dict per data row: column -> stripped cell text (``""`` for a missing cell).
    lines : list of int
        The 1-based line in ``path`` where each row starts (right after multi-line quoted
        fields too), for error messages.
    header_line : int
        The line of the header.
    """

    path: Path
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    header_line: int = 1

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield ``(line, row)`` pairs."""
        return iter(zip(self.lines, self.rows, strict=True))

    def __len__(self) -> int:
        return len(self.rows)

    def require(self, columns: Iterable[str], hint: str = "") -> None:
        """Raise :class:`BadInputError` (at the header line) if a column is missing."""
        missing = [c for c in columns if c not in self.header]
        if missing:
            raise BadInputError(
                f"missing column(s) {', '.join(missing)}"
                + separator_hint(self.header)
                + (f"; {hint}" if hint else ""),
                self.path,
                self.header_line,
            )


def separator_hint(header: Sequence[str]) -> str:
    """A note for a missing-column message when ``header`` is one column holding ``;``,
    tabs or ``|``: a spreadsheet saved that way (common in European locales) reads as one
    column. Empty otherwise.

    >>> separator_hint(["name;lat;lon"])
    " (the columns are separated by ';'; save the file with commas)"
    """
    if len(header) == 1:
        for sep, name in ((";", "';'"), ("\t", "tabs"), ("|", "'|'")):
            if sep in header[0]:
                return f" (the columns are separated by {name}; save the file with commas)"
    return ""


def read_csv(
    path: str | os.PathLike[str],
    what: str = "CSV file",
    *,
    required: Iterable[str] = (),
    hint: str = "",
    allow_empty: bool = False,
) -> CsvTable:
    """Read a CSV file: UTF-8 (a BOM is dropped), the csv module's quoting, with line numbers.

    The one CSV reader of frontline: records are split by the csv module on ``\\n``,
    ``\\r\\n`` or ``\\r`` only, so U+2028, U+0085 or a form feed inside a quoted field
    stay in the field, and multi-line quoted fields keep later line numbers right. Blank
    lines are skipped; a row with fewer cells than the header gets ``""`` for the rest.

    Parameters
    ----------
    path : str or PathLike
        The file.
    what : str
        What the file is, for messages ("events file", "sides file").
    required : iterable of str
        Columns that must be in the header.
    hint : str
        Added to the missing-column message (the expected header).
    allow_empty : bool
        Accept a file with no header at all (returns an empty table).

    Returns
    -------
    CsvTable

    Raises
    ------
    BadInputError
        Naming the file and line: unreadable or not UTF-8, empty, malformed quoting, a
        field over :data:`CSV_FIELD_LIMIT`, duplicate column names, a row with more
        cells than the header, a missing required column.
    """
    src = Path(path)
    text = read_utf8(src, what)
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""))
    table: CsvTable | None = None
    prev = 0
    try:
        for record in reader:
            start, prev = prev + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if table is None:
                table = _header(record, src, start)
                continue
            table.rows.append(_row(record, table, start))
            table.lines.append(start)
    except csv.Error as exc:
        raise BadInputError(f"malformed CSV: {exc}", src, prev + 1) from None
    if table is None:
        if allow_empty:
            return CsvTable(src, [])
        raise BadInputError(f"the {what} is empty (no header line)", src)
    table.require(required, hint)
    return table


def _header(record: list[str], src: Path, line: int) -> CsvTable:
    header = [cell.strip() for cell in record]
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            raise BadInputError(f"column {name!r} appears twice in the header", src, line)
        seen.add(name)
    return CsvTable(src, header, header_line=line)


def _row(record: list[str], table: CsvTable, line: int) -> dict[str, str]:
    header = table.header
    if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
        raise BadInputError(
            f"{len(record)} fields but the header has {len(header)}; quote fields that "
            "contain commas",
            table.path,
            line,
        )
    return {
        name: _unguard(record[i].strip()).strip() if i < len(record) else ""
        for i, name in enumerate(header)
        if name
    }


# Spreadsheet formula injection (OWASP "CSV injection"): a cell starting with one of these
# is run as a formula by Excel/LibreOffice. csv_safe prefixes such text with a single quote;
# read_csv drops that quote again, so frontline reads its own CSV outputs back unchanged.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _unguard(cell: str) -> str:
    if cell[:1] == "'" and cell[1:].startswith(_FORMULA_START):
        return cell[1:]
    return cell


def _guard_cell(value: Any) -> Any:
    text = isinstance(value, str) and value.startswith(_FORMULA_START)
    return "'" + value if text and not _NUMBER.fullmatch(value) else value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with text cells a spreadsheet would run as a formula made inert.

    A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading single quote (OWASP's advice against CSV injection); numbers, and text that is
    just a number (``-3.5``), are unchanged. :func:`read_csv` drops the quote again.

    Returns
    -------
    pandas.DataFrame
        A copy when any column changed; ``frame`` itself otherwise.
    """
    out = frame
    for col in frame.columns:
        series = frame[col]
        if series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
            continue
        guarded = series.map(_guard_cell)
        if not guarded.equals(series):
            if out is frame:
                out = frame.copy()
            out[col] = guarded
    return out


def cell_text(value: Any) -> str:
    """A table cell as stripped text: ``""`` for None, NaN, ``pd.NA`` and ``pd.NaT``.

    Event, control and history tables mix strings with pandas' missing markers; control,
    maps and exports read their cells through this one function.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()
