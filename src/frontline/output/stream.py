"""Streaming event writers: one chunk of events at a time, memory flat in the corpus size.

Formats (``FORMATS``):

* ``csv`` -- the columns of ``frontline extract --format csv`` (every column but geometry;
  lat/lon carry the point); the file equals that output for the same events.
* ``ndjson`` -- one JSON object per event and line, same columns (NaN as ``null``).
* ``geojsonseq`` -- one RFC 7946 GeoJSON Feature per line (newline-delimited GeoJSON, read by
  GDAL's ``GeoJSONSeq`` driver, ``geopandas.read_file`` and ``jq``); properties as in
  ``--format geojson``.
* ``parquet`` -- GeoParquet 1.0 (WKB points, EPSG:4326), one row group per chunk, through
  pyarrow's ``ParquetWriter``; read with ``geopandas.read_parquet``.

Writers write to the path they are given; callers make it atomic (``frontline._io``).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

import geopandas as gpd
import numpy as np
import shapely

from frontline._io import csv_safe
from frontline.errors import BadInputError, MissingDependencyError
from frontline.events.model import EVENT_COLUMNS
from frontline.output.export import to_geojson

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "FORMATS",
    "EventWriter",
    "encode_chunk",
    "geoparquet_schema",
    "open_writer",
    "write_geoparquet",
]

#: Streaming formats, by name.
FORMATS = ("csv", "ndjson", "geojsonseq", "parquet")

_FLOAT = ("lat", "lon", "distance_km", "confidence")
_INT = ("char_start", "char_end")
_PLAIN = [c for c in EVENT_COLUMNS if c != "geometry"]


class EventWriter(Protocol):
    """Writes event tables (columns :data:`frontline.events.EVENT_COLUMNS`) one by one."""

    def write(self, frame: gpd.GeoDataFrame) -> None:
        """Append the rows of ``frame``."""

    def write_encoded(self, payload: str | pa.Table) -> None:
        """Append what :func:`encode_chunk` made of a table (in a worker process)."""


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return _clean(float(value))
    return value


def _ndjson(frame: gpd.GeoDataFrame) -> str:
    records = frame.drop(columns="geometry").to_dict("records")
    return "".join(
        json.dumps({str(k): _clean(v) for k, v in rec.items()}, ensure_ascii=False,
                   allow_nan=False) + "\n"
        for rec in records
    )  # fmt: skip


def encode_chunk(frame: gpd.GeoDataFrame, fmt: str) -> str | pa.Table:
    """What a ``fmt`` writer appends for ``frame``, made apart from the writing so that
    worker processes can do it.

    Returns
    -------
    str or pyarrow.Table
        Lines of text (``csv`` without its header, ``ndjson``, ``geojsonseq``), or an Arrow
        table of schema :func:`geoparquet_schema` (``parquet``).
    """
    if fmt == "parquet":
        return _arrow_table(frame, geoparquet_schema())
    if not len(frame):
        return ""
    if fmt == "csv":
        plain = frame.drop(columns="geometry")
        return str(csv_safe(plain).to_csv(index=False, header=False, lineterminator="\n"))
    if fmt == "ndjson":
        return _ndjson(frame)
    if fmt == "geojsonseq":
        # Through to_geojson so coordinates, nulls and properties match --format geojson.
        features = json.loads(to_geojson(frame))["features"]
        return "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in features)
    raise BadInputError(f"unknown streaming format {fmt!r}; use one of {', '.join(FORMATS)}")


class _TextWriter:
    def __init__(self, fh: IO[str], fmt: str) -> None:
        self._fh, self._fmt = fh, fmt
        if fmt == "csv":
            fh.write(",".join(_PLAIN) + "\n")

    def write(self, frame: gpd.GeoDataFrame) -> None:
        self.write_encoded(encode_chunk(frame, self._fmt))

    def write_encoded(self, payload: str | pa.Table) -> None:
        self._fh.write(str(payload))


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependencyError(
            "GeoParquet output needs pyarrow: pip install pyarrow (or 'frontline[dask]')"
        ) from None
    return pa, pq


def geoparquet_schema() -> pa.Schema:
    """The Arrow schema of a GeoParquet event file, with its ``geo`` metadata.

    Returns
    -------
    pyarrow.Schema
        :data:`frontline.events.EVENT_COLUMNS`; geometry as WKB points in EPSG:4326
        (GeoParquet 1.0.0).
    """
    pa, _ = _pyarrow()
    from pyproj import CRS

    fields = []
    for col in _PLAIN:
        kind = pa.float64() if col in _FLOAT else pa.int64() if col in _INT else pa.string()
        fields.append(pa.field(col, kind))
    fields.append(pa.field("geometry", pa.binary()))
    geo = {
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": ["Point"],
                "crs": CRS.from_epsg(4326).to_json_dict(),
            }
        },
    }
    return pa.schema(fields, metadata={b"geo": json.dumps(geo).encode("utf-8")})


def _arrow_table(frame: gpd.GeoDataFrame, schema: pa.Schema) -> pa.Table:
    pa, _ = _pyarrow()
    arrays = []
    for field in schema:
        if field.name == "geometry":
            wkb = shapely.to_wkb(np.asarray(frame.geometry.values, dtype=object))
            arrays.append(pa.array(list(wkb), type=pa.binary()))
        else:
            values = frame[field.name].to_numpy()
            arrays.append(pa.array(values, type=field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


class _ParquetWriter:
    def __init__(self, path: Path) -> None:
        _, pq = _pyarrow()
        self._schema = geoparquet_schema()
        self._writer = pq.ParquetWriter(str(path), self._schema, compression="zstd")

    def write(self, frame: gpd.GeoDataFrame) -> None:
        self.write_encoded(_arrow_table(frame, self._schema))

    def write_encoded(self, payload: str | pa.Table) -> None:
        if isinstance(payload, str):
            raise TypeError("a Parquet writer appends Arrow tables")
        if payload.num_rows:
            self._writer.write_table(payload)

    def close(self) -> None:
        self._writer.close()


@contextlib.contextmanager
def open_writer(path: str | os.PathLike[str], fmt: str) -> Iterator[EventWriter]:
    """Open a streaming event writer on ``path`` (overwritten) for ``fmt`` in :data:`FORMATS`.

    Returns
    -------
    context manager yielding an EventWriter
        Its ``write(frame)`` appends an event table (``write_encoded`` what
        :func:`encode_chunk` made of one); the file is complete when the context exits
        without error.
    """
    if fmt not in FORMATS:
        raise BadInputError(f"unknown streaming format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        pw = _ParquetWriter(Path(path))
        try:
            yield pw
        finally:
            pw.close()
        return
    with open(path, "w", encoding="utf-8", newline="") as fh:
        yield _TextWriter(fh, fmt)


def write_geoparquet(frame: gpd.GeoDataFrame, path: str | os.PathLike[str]) -> None:
    """Write one event table as a GeoParquet file (schema :func:`geoparquet_schema`)."""
    with open_writer(path, "parquet") as writer:
        writer.write(frame)
