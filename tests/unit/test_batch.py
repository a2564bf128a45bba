"""frontline.batch: parallel, streaming and Dask extraction give the serial rows, in order."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

from frontline import batch
from frontline.errors import BadInputError, UnlocatedPlacesWarning
from frontline.events.extract import extract_events
from frontline.ingest.articles import corpus_refs, load_corpus
from frontline.output.export import format_events, to_geojson

CORPORA = ("corpus_styles", "corpus_heldout")


def _quiet(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call ``fn``; return its result and the messages of its UnlocatedPlacesWarning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnlocatedPlacesWarning)
        out = fn(*args, **kwargs)
    return out, [str(w.message) for w in caught if w.category is UnlocatedPlacesWarning]


@pytest.fixture(scope="module")
def articles(fixtures_dir: Path, seeds_dir: Path) -> list:
    """Seeds and test articles: 40-odd real-style reports, several chunks of 3."""
    arts = list(load_corpus(seeds_dir))
    for name in CORPORA:
        arts += load_corpus(fixtures_dir / name)
    return arts


@pytest.fixture(scope="module")
def serial(articles: list) -> tuple[gpd.GeoDataFrame, list[str]]:
    return _quiet(extract_events, articles)  # type: ignore[no-any-return]


def test_corpus_refs_load_as_load_corpus(fixtures_dir: Path) -> None:
    folder = fixtures_dir / "corpus_styles"
    assert [r.load() for r in corpus_refs(folder)] == load_corpus(folder)
    assert [r.load() for r in corpus_refs(folder / "articles.csv")] == load_corpus(folder)


@pytest.mark.parametrize("jobs", [1, 2])
def test_parallel_equals_serial_row_for_row(
    articles: list, serial: tuple[gpd.GeoDataFrame, list[str]], jobs: int
) -> None:
    expected, expected_warning = serial
    assert len(expected) > 50  # enough rows to mean something
    got, warning = _quiet(batch.extract_corpus, articles, jobs=jobs, chunk_size=3, progress=False)
    assert_geodataframe_equal(got, expected)
    assert list(got["event_id"]) == list(expected["event_id"])
    assert warning == expected_warning  # one warning, same unlocated names


def test_extract_events_jobs_equals_serial(
    articles: list, serial: tuple[gpd.GeoDataFrame, list[str]]
) -> None:
    """``extract_events(jobs=2)`` (the notebook path) gives the serial table row for row."""
    expected, expected_warning = serial
    got, warning = _quiet(extract_events, articles, jobs=2)
    assert_geodataframe_equal(got, expected)
    assert warning == expected_warning
    # a real outcome: the seeds' Khan Shaykhun capture is there, dated and located
    ks = got[(got["place"] == "Khan Shaykhun") & (got["kind"] == "control_change")]
    assert not ks.empty and (ks["side"] == "government").all()


def test_folder_read_by_workers(fixtures_dir: Path) -> None:
    folder = fixtures_dir / "corpus_heldout"
    expected, _ = _quiet(extract_events, folder)
    got, _ = _quiet(batch.extract_corpus, folder, jobs=2, chunk_size=2, progress=False)
    assert_geodataframe_equal(got, expected)
    # a real outcome, not only equality: points in WGS84 lon/lat order
    located = got[got["place_id"] != ""]
    assert (located.geometry.x == located["lon"]).all()
    assert (located.geometry.y == located["lat"]).all()


def test_worker_error_names_the_file(tmp_path: Path, fixtures_dir: Path) -> None:
    src = fixtures_dir / "corpus_heldout"
    for f in src.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    bad = sorted(p for p in tmp_path.glob("*.txt"))[-1]
    bad.write_bytes(b"Saraqib \xff\xfe was taken")
    out = tmp_path.parent / f"{tmp_path.name}-events.csv"
    with pytest.raises(BadInputError, match=bad.name):
        batch.extract_to_file(tmp_path, out, "csv", jobs=2, chunk_size=2, progress=False)
    assert not out.exists()  # atomic: nothing half-written
    assert not list(tmp_path.parent.glob(f".{out.name}.*"))


def test_bad_jobs_and_format(articles: list, tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="jobs"):
        batch.extract_corpus(articles, jobs=0)
    with pytest.raises(BadInputError, match="format"):
        batch.extract_to_file(articles, tmp_path / "x.txt", "xml")


def test_stream_csv_equals_the_csv_format(
    articles: list, serial: tuple[gpd.GeoDataFrame, list[str]], tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    rows, _ = _quiet(
        batch.extract_to_file, articles, out, "csv", jobs=2, chunk_size=3, progress=False
    )
    assert rows == len(serial[0])
    assert out.read_text(encoding="utf-8") == format_events(serial[0], "csv")


def test_stream_ndjson_and_geojsonseq(
    articles: list, serial: tuple[gpd.GeoDataFrame, list[str]], tmp_path: Path
) -> None:
    expected = serial[0]
    nd = tmp_path / "events.ndjson"
    _quiet(batch.extract_to_file, articles, nd, "ndjson", jobs=2, chunk_size=4, progress=False)
    records = [json.loads(line) for line in nd.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(expected)
    for rec, (_, row) in zip(records, expected.iterrows(), strict=True):
        assert rec["event_id"] == row["event_id"] and rec["date"] == row["date"]
        if math.isnan(row["lat"]):
            assert rec["lat"] is None and rec["place_id"] == ""
        else:
            assert rec["lat"] == row["lat"] and rec["lon"] == row["lon"]
    seq = tmp_path / "events.geojsonl"
    _quiet(batch.extract_to_file, articles, seq, "geojsonseq", jobs=2, chunk_size=4,
           progress=False)  # fmt: skip
    lines = seq.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(to_geojson(expected))["features"]


def test_stream_geoparquet_round_trip(
    articles: list, serial: tuple[gpd.GeoDataFrame, list[str]], tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    out = tmp_path / "events.parquet"
    _quiet(batch.extract_to_file, articles, out, "parquet", jobs=2, chunk_size=5,
           progress=False)  # fmt: skip
    meta = pq.ParquetFile(out).metadata
    assert meta.num_row_groups > 1  # written chunk by chunk
    geo = json.loads(pq.read_schema(out).metadata[b"geo"])
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    back = gpd.read_parquet(out)
    assert back.crs.to_epsg() == 4326
    assert_geodataframe_equal(back, serial[0])


def test_dask_local_cluster_equals_serial(
    articles: list, serial: tuple[gpd.GeoDataFrame, list[str]], tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    distributed = pytest.importorskip("dask.distributed")

    out = tmp_path / "events"
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        rows, warning = _quiet(
            batch.extract_dask, articles, out, scheduler=client, partition_size=7
        )
    assert rows == len(serial[0])
    assert warning == serial[1]
    parts = sorted(p.name for p in out.iterdir())
    assert parts[0] == "part-00000.parquet" and len(parts) == math.ceil(len(articles) / 7)
    back = gpd.read_parquet(out)
    assert_geodataframe_equal(back.reset_index(drop=True), serial[0])
    with pytest.raises(BadInputError, match="not empty"):
        batch.extract_dask(articles, out, scheduler=client)


def test_empty_result_streams_a_header(tmp_path: Path) -> None:
    from frontline.ingest.articles import Article

    quiet = [Article("a.txt", "2020-01-02", "", "", "", "It rained in the morning.")]
    out = tmp_path / "none.csv"
    assert batch.extract_to_file(quiet, out, "csv", jobs=1, progress=False) == 0
    assert out.read_text() == format_events(extract_events(quiet), "csv")
    assert pd.read_csv(out).empty


def test_parquet_of_articles_as_input(
    articles: list, serial: tuple[gpd.GeoDataFrame, list[str]], tmp_path: Path
) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    cols = ("file", "published", "source", "url", "title", "text")
    table = pa.table({c: [getattr(a, c) for a in articles] for c in cols})
    src = tmp_path / "articles.parquet"
    pq.write_table(table, src, row_group_size=6)  # 6 articles per task
    parts = batch.parquet_parts(src)
    assert [len(p) for p in parts][:2] == [6, 6] and sum(map(len, parts)) == len(articles)
    assert [a for p in parts for a in p.load()] == articles
    got, _ = _quiet(batch.extract_corpus, src, jobs=2, progress=False)
    assert_geodataframe_equal(got, serial[0])
    pq.write_table(table.drop_columns(["published"]), tmp_path / "bad.parquet")
    with pytest.raises(BadInputError, match="'published' is missing"):
        batch.extract_corpus(tmp_path / "bad.parquet", jobs=1)
