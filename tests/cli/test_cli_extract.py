"""The `frontline extract` command: formats, output file, one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "frontline", "extract", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_table_of_the_seeds(seeds_dir: Path) -> None:
    res = _run(str(seeds_dir))
    assert res.returncode == 0, res.stderr
    assert "Khan Shaykhun" in res.stdout and "proximity" in res.stdout
    assert "historical" in res.stdout


def test_csv_to_file_and_geojson(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    res = _run(str(seeds_dir), "--format", "csv", "-o", str(out))
    assert res.returncode == 0, res.stderr
    header = out.read_text().splitlines()[0]
    assert header.startswith("event_id,article,published,date,date_precision,kind,place")
    res = _run(str(seeds_dir), "--format", "geojson")
    data = json.loads(res.stdout)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    pts = [f["geometry"]["coordinates"] for f in data["features"] if f["geometry"]]
    assert all(35.7 < lon < 37.7 and 34.7 < lat < 36.8 for lon, lat in pts)


def test_single_file_with_published(tmp_path: Path) -> None:
    f = tmp_path / "one.txt"
    f.write_text("Syrian troops captured the town of Morek on Wednesday.")
    res = _run(str(f), "--published", "2019-08-23", "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert ",2019-08-21,day,control_change,Morek,gn:166640," in res.stdout


def test_unlocated_places_warned_on_stderr(tmp_path: Path) -> None:
    f = tmp_path / "one.txt"
    f.write_text("Syrian troops captured the village of Zzyzxville on Wednesday.")
    res = _run(str(f), "--published", "2019-08-23")
    assert res.returncode == 0
    assert "warning" in res.stderr and "Zzyzxville" in res.stderr
    assert "(unlocated)" in res.stdout


@pytest.mark.parametrize(
    ("rows", "files", "needle"),
    [
        ("x.txt,,X,,\n", {"x.txt": b"text"}, "articles.csv:2: missing 'published'"),
        ("gone.txt,2019-08-23,X,,\n", {"x.txt": b"text"}, "names gone.txt"),
        ("x.txt,2019-08-23,X,,\n", {"x.txt": b""}, "x.txt: the article is empty"),
        ("x.txt,2019-08-23,X,,\n", {"x.txt": b"Mor\xe9k"}, "x.txt: not UTF-8"),
    ],
)
def test_bad_input_one_line_exit_2(tmp_path: Path, rows: str, files: dict, needle: str) -> None:
    (tmp_path / "articles.csv").write_text("file,published,source,url,title\n" + rows)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    res = _run(str(tmp_path))
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("frontline: error: ")
    assert needle in lines[0]
    assert "Traceback" not in res.stderr


def test_no_date_error(tmp_path: Path) -> None:
    f = tmp_path / "y.txt"
    f.write_text("DAMASCUS, Aug. 23 (Xinhua) -- The army captured Morek.")
    res = _run(str(f))
    assert res.returncode == 2 and "--published" in res.stderr


def test_refuses_to_overwrite_input(seeds_dir: Path) -> None:
    res = _run(str(seeds_dir), "-o", str(seeds_dir / "articles.csv"))
    assert res.returncode == 2 and "refusing" in res.stderr


def test_min_confidence_drops_weak_mentions(seeds_dir: Path, capsys) -> None:
    from frontline.cli import main

    main(["extract", str(seeds_dir), "--format", "csv"])
    import io

    import pandas as pd

    everything = pd.read_csv(io.StringIO(capsys.readouterr().out))
    main(["extract", str(seeds_dir), "--format", "csv", "--min-confidence", "0.8"])
    strong = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert 0 < len(strong) < len(everything)
    assert strong.confidence.min() >= 0.8
    assert set(strong.place) >= {"Khan Shaykhun", "Maarrat al-Nu'man"}
