"""Fuzzing the loaders and name folding: whatever the bytes, the only exceptions that
escape are FrontlineError subclasses (which the CLI prints as one line)."""

from __future__ import annotations

import csv
import functools
import io
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontline._io import read_csv
from frontline._validate import check_confidence, check_iso_date, check_lat_lon
from frontline.control.timeline import read_baseline
from frontline.errors import FrontlineError, FrontlineWarning
from frontline.events.model import curated_events, read_acled, read_events
from frontline.ingest.articles import load_corpus
from frontline.reference.gazetteer import Gazetteer, read_names
from frontline.reference.normalize import compact, fold, fold_words, simplify
from frontline.reference.sides import Sides

FUZZ = settings(
    max_examples=int(os.environ.get("FRONTLINE_FUZZ_EXAMPLES", "40")),  # more: set the variable
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that broke readers before: line/paragraph separators, NEL, form feed, NUL,
# quotes, commas, a BOM in the middle, surrogate-free astral characters, RTL marks.
_NASTY = st.sampled_from(
    ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x00", '"', ",", "\r", "\n", "\r\n",
     "\ufeff", "\u200f", "🔥", "ي", "é", " ", "\t", ";", "nan", "inf", "-1e309", "200"]
)  # fmt: skip
_CELL = st.one_of(st.text(max_size=30), _NASTY, st.lists(_NASTY, max_size=6).map("".join))

_SHAPES = {
    "events": ["date", "place", "kind", "side", "source", "lat", "lon", "confidence"],
    "acled": ["event_date", "sub_event_type", "location", "latitude", "longitude", "actor1"],
    "curated": [
        "date", "date_precision", "place", "kind", "side", "from_side", "source", "place_id",
        "lat", "lon", "governorate", "note",
    ],
    "sides": ["side", "label", "colour", "aliases"],
    "gazetteer": ["id", "name", "lat", "lon", "admin1", "feature", "population", "alt_names"],
    "baseline": ["place", "side", "as_of", "source"],
    "catalogue": ["file", "published", "source", "url", "title"],
}  # fmt: skip

# Plausible cell values per column, so fuzzing reaches past the first validation.
_GOOD = {
    "date": ["2020-01-29", "2019-08-23"], "event_date": ["2020-01-29", "29 January 2020"],
    "place": ["Saraqib", "Khan Shaykhun"], "location": ["Saraqib"], "name": ["Saraqib"],
    "kind": ["control_change", "captured"], "side": ["government", "opposition"],
    "from_side": ["opposition"], "lat": ["35.86447"], "latitude": ["35.86447"],
    "lon": ["36.80591"], "longitude": ["36.80591"], "colour": ["#d62728"],
    "sub_event_type": ["Government regains territory"], "actor1": ["Military Forces of Syria"],
    "id": ["gn:1", "x"], "as_of": ["2019-01-01"], "published": ["2019-08-23"],
    "date_precision": ["day"], "confidence": ["0.5", "1"],
}  # fmt: skip


@st.composite
def csv_bytes(draw: st.DrawFn, shape: str) -> bytes:
    columns = list(_SHAPES[shape])
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    if draw(st.integers(0, 9)) == 0:  # sometimes a column goes missing or repeats
        columns = columns[1:] + draw(st.lists(st.sampled_from(columns), max_size=1))
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        width = len(columns) + draw(st.sampled_from([0, 0, 0, -1, 1, 3]))
        rows.append(
            [
                draw(st.one_of(st.sampled_from(_GOOD.get(columns[i % len(columns)], ["x"])), _CELL))
                for i in range(max(width, 0))
            ]
        )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(columns)
    writer.writerows(rows)
    text = buf.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # truncate mid-record (an unterminated quote)
        data = data[: draw(st.integers(0, len(data)))]
    return data


@contextmanager
def _file(data: bytes, name: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        yield path


def _only_frontline_errors(call: Callable[[], Any]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FrontlineWarning)
        try:
            call()
        except FrontlineError as exc:
            # The CLI prints str(exc) after "frontline: error: " (errors.format_error).
            assert str(exc).strip()


@functools.cache
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


@functools.cache
def _sides() -> Sides:
    return Sides.load()


@FUZZ
@given(st.binary(max_size=300))
def test_csv_reader_on_any_bytes(data: bytes) -> None:
    with _file(data, "x.csv") as path:
        _only_frontline_errors(lambda: read_csv(path))


@FUZZ
@given(csv_bytes("events"))
def test_read_events(data: bytes) -> None:
    gazetteer, sides = _gazetteer(), _sides()
    with _file(data, "events.csv") as path:
        _only_frontline_errors(lambda: read_events(path, gazetteer=gazetteer, sides=sides))


@FUZZ
@given(csv_bytes("acled"))
def test_read_acled(data: bytes) -> None:
    gazetteer, sides = _gazetteer(), _sides()
    with _file(data, "acled.csv") as path:
        _only_frontline_errors(lambda: read_acled(path, gazetteer=gazetteer, sides=sides))


@FUZZ
@given(csv_bytes("curated"))
def test_curated_events(data: bytes) -> None:
    with _file(data, "curated.csv") as path:
        _only_frontline_errors(lambda: curated_events(path))


@FUZZ
@given(csv_bytes("sides"))
def test_sides_load(data: bytes) -> None:
    with _file(data, "sides.csv") as path:
        _only_frontline_errors(lambda: Sides.load(path))


@FUZZ
@given(csv_bytes("gazetteer"))
def test_gazetteer_load(data: bytes) -> None:
    with _file(data, "g.csv") as path:
        _only_frontline_errors(lambda: Gazetteer.load(path).geocode("Saraqib"))


@FUZZ
@given(csv_bytes("baseline"))
def test_read_baseline(data: bytes) -> None:
    gazetteer, sides = _gazetteer(), _sides()
    with _file(data, "baseline.csv") as path:
        _only_frontline_errors(lambda: read_baseline(path, gazetteer, sides=sides))


@FUZZ
@given(csv_bytes("catalogue"), st.binary(max_size=200))
def test_load_corpus(catalogue: bytes, article: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        (folder / "articles.csv").write_bytes(catalogue)
        (folder / "a.txt").write_bytes(article)
        _only_frontline_errors(lambda: load_corpus(folder))


@FUZZ
@given(st.binary(max_size=300))
def test_read_names(data: bytes) -> None:
    with _file(data, "names.txt") as path:
        _only_frontline_errors(lambda: read_names(path))


@FUZZ
@given(st.one_of(st.text(max_size=40), st.lists(_NASTY, max_size=8).map("".join)))
def test_name_folding_never_raises(name: str) -> None:
    for function in (fold, simplify, compact):
        assert isinstance(function(name), str)
    assert all(isinstance(w, str) for w in fold_words(name.split()))


@FUZZ
@given(st.one_of(st.none(), st.integers(), st.text(max_size=20), _NASTY))
def test_geocode_any_name(name: Any) -> None:
    gazetteer = _gazetteer()
    _only_frontline_errors(lambda: gazetteer.geocode(name))


@FUZZ
@given(
    st.one_of(st.none(), st.floats(), st.text(max_size=8), _NASTY),
    st.one_of(st.none(), st.floats(), st.text(max_size=8), _NASTY),
)
def test_validation_layer(lat: Any, lon: Any) -> None:
    _only_frontline_errors(lambda: check_lat_lon(lat, lon, allow_missing=True))
    _only_frontline_errors(lambda: check_confidence(lat))
    _only_frontline_errors(lambda: check_iso_date(lon))


# --- exact outcomes of the one CSV reader ---------------------------------------------------


def test_separators_inside_quoted_fields_stay_in_the_field(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('a,b\n"x\u2028y\x85z\x0cw",2\n"multi\nline",3\nbad,4,5\n', encoding="utf-8")
    with pytest.raises(FrontlineError) as exc:
        read_csv(path)
    # The row with three fields starts on line 5: the multi-line field took lines 3-4.
    assert str(exc.value).startswith(f"{path}:5: 3 fields but the header has 2")
    path.write_text('a,b\n"x\u2028y\x85z\x0cw",2\n"multi\nline",3\nlast,4\n', encoding="utf-8")
    table = read_csv(path)
    assert [row["a"] for row in table.rows] == ["x\u2028y\x85z\x0cw", "multi\nline", "last"]
    assert table.lines == [2, 3, 5]


def test_field_over_128_kib_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(("\ufeffa,b\n" + '"' + "x" * 300_000 + '",1\n').encode("utf-8"))
    table = read_csv(path)
    assert table.header == ["a", "b"] and len(table.rows[0]["a"]) == 300_000


def test_latin1_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("a,b\nSar\xe1qib,1\n".encode("latin-1"))
    with pytest.raises(FrontlineError, match=r"not UTF-8 text \(bad byte 0xe1 at offset 7\)"):
        read_csv(path)


def test_duplicate_columns_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,a\n1,2,3\n", encoding="utf-8")
    with pytest.raises(FrontlineError, match=r":1: column 'a' appears twice"):
        read_csv(path)


def test_no_env_leak() -> None:
    # The fuzz suite relies on the default per-article limit.
    assert "FRONTLINE_MAX_ARTICLE_MB" not in os.environ
