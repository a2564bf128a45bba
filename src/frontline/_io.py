"""Shared file and table helpers: atomic output (temp file + rename), inputs never
overwritten, missing-aware table cells."""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from frontline.errors import BadInputError


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
        raise BadInputError(f"output folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=suffix or target.suffix or ".tmp", dir=directory
    )
    os.close(fd)
    os.unlink(tmp)  # some writers (GeoPackage) refuse an existing file
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
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


def refuse_overwriting_inputs(
    output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]
) -> None:
    """Raise :class:`FrontlineError` if writing ``output`` would replace an input.

    ``output`` may not be one of the ``inputs`` nor an existing file inside an input folder
    (a corpus's articles or its catalogue).
    """
    out = Path(output).resolve()
    for item in inputs:
        src = Path(item).resolve()
        inside = src.is_dir() and src in out.parents and out.exists()
        if out == src or inside:
            raise BadInputError(f"refusing to overwrite input {item}; choose another -o", out)


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
