"""`frontline extract --jobs/--scheduler` and the streaming formats (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner

from frontline.cli import cli


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["extract", *args], catch_exceptions=False)


def test_jobs_gives_the_serial_csv(fixtures_dir: Path, tmp_path: Path) -> None:
    corpus = str(fixtures_dir / "corpus_styles")
    serial = _invoke(corpus, "--format", "csv", "--jobs", "1")
    assert serial.exit_code == 0
    out = tmp_path / "events.csv"
    res = _invoke(corpus, "--format", "csv", "--jobs", "2", "-o", str(out))
    assert res.exit_code == 0
    assert out.read_text(encoding="utf-8") == serial.stdout
    assert "Saraqib" in serial.stdout or "Saraqeb" in serial.stdout


def test_streaming_formats_need_a_file(fixtures_dir: Path, tmp_path: Path) -> None:
    corpus = str(fixtures_dir / "corpus_styles")
    res = _invoke(corpus, "--format", "ndjson")
    assert res.exit_code == 2 and "give -o" in res.output
    out = tmp_path / "events.ndjson"
    res = _invoke(corpus, "--format", "ndjson", "-o", str(out), "--jobs", "2")
    assert res.exit_code == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["article"].startswith("a01") and -90 <= first["lat"] <= 90


def test_parquet_and_local_scheduler(fixtures_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    pytest.importorskip("dask.distributed")
    corpus = str(fixtures_dir / "corpus_heldout")
    single = tmp_path / "events.parquet"
    assert _invoke(corpus, "--format", "parquet", "-o", str(single)).exit_code == 0
    parts = tmp_path / "parts"
    res = _invoke(corpus, "--scheduler", "local", "-o", str(parts))
    assert res.exit_code == 0, res.output
    a, b = gpd.read_parquet(single), gpd.read_parquet(parts)
    assert list(a["event_id"]) == list(b["event_id"]) and len(a) > 10
    assert a.crs.to_epsg() == 4326
