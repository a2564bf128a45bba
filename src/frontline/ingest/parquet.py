"""A corpus stored as a Parquet file of articles, read one row group at a time.

One row per article, columns ``file``, ``published`` (ISO date as text, or a date),
``text`` and optionally ``source``, ``url``, ``title``: the form in which large corpora
(news archives, GDELT-style dumps) are usually kept. Each row group is a unit of work that a
worker process or a Dask worker reads by itself (``frontline.batch``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from frontline.errors import BadInputError, MissingDependencyError
from frontline.ingest.articles import Article

__all__ = ["ParquetPart", "parquet_parts"]


@dataclass(frozen=True)
class ParquetPart:
    """One row group of a Parquet file of articles, read by the worker that extracts it.

    See the module docstring for the columns.
    """

    path: str
    row_group: int
    rows: int

    def __len__(self) -> int:
        return self.rows

    def load(self) -> list[Article]:
        """Read the articles of this row group.

        Returns
        -------
        list of Article
        """
        _, pq = _pyarrow()
        table = pq.ParquetFile(self.path).read_row_group(self.row_group)
        out = []
        for k, row in enumerate(table.to_pylist()):
            line = f"row group {self.row_group}, row {k}"
            published = row["published"]
            try:
                if not isinstance(published, dt.date):
                    published = dt.date.fromisoformat(str(published).strip())
            except ValueError:
                raise BadInputError(
                    f"{line}: 'published' must be a date YYYY-MM-DD, got {published!r}", self.path
                ) from None
            text = str(row["text"] or "").replace("\r\n", "\n").replace("\r", "\n")
            if not text.strip():
                raise BadInputError(f"{line}: the article text is empty", self.path)
            source, url, title = (str(row.get(c) or "") for c in ("source", "url", "title"))
            out.append(Article(str(row["file"]), published.isoformat(), source, url, title, text))
        return out


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependencyError(
            "Parquet needs pyarrow: pip install pyarrow (or 'frontline[dask]')"
        ) from None
    return pa, pq


def parquet_parts(path: str | os.PathLike[str]) -> list[ParquetPart]:
    """The row groups of a Parquet file of articles, as tasks (only the footer is read).

    Returns
    -------
    list of ParquetPart
    """
    _, pq = _pyarrow()
    try:
        meta = pq.ParquetFile(str(path)).metadata
    except (OSError, ValueError) as exc:
        raise BadInputError(f"not a Parquet file: {exc}", path) from None
    columns = set(meta.schema.names)
    for needed in ("file", "published", "text"):
        if needed not in columns:
            raise BadInputError(
                f"a Parquet corpus needs columns file, published, text (and optionally source, "
                f"url, title); '{needed}' is missing",
                path,
            )
    return [
        ParquetPart(str(path), i, meta.row_group(i).num_rows) for i in range(meta.num_row_groups)
    ]
