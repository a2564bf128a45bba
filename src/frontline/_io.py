"""Atomic output: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import FrontlineError


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
        raise FrontlineError(f"output folder {directory} does not exist")
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
    """Raise :class:`FrontlineError` if ``output`` is one of the ``inputs`` (or inside one)."""
    out = Path(output).resolve()
    for item in inputs:
        src = Path(item).resolve()
        if out == src or (src.is_dir() and src in out.parents and out.suffix in {".txt", ".csv"}):
            raise FrontlineError(f"refusing to overwrite input {item}; choose another -o")
