"""frontline geocode / gazetteer build: output formats, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli_helpers import run_out as run


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["geocode", "Khan Sheikhoun", "Saraqeb"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["query", "name", "lat", "lon", "score", "admin1", "id"]
    assert "Khan Shaykhun" in lines[1] and "gn:168325" in lines[1]
    assert "Saraqib" in lines[2] and "Idlib" in lines[2]


def test_csv_and_json_with_misses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Murak\n\n# a comment\nQwxzptl Vbnm\nKafr Zayta\n", encoding="utf-8")
    code, out, _ = run(["geocode", "--file", str(names), "--format", "csv"], capsys)
    assert code == 0  # batch: misses do not fail
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["query"] for r in rows] == ["Murak", "Qwxzptl Vbnm", "Kafr Zayta"]
    assert rows[0]["id"] == "gn:166640" and rows[0]["admin1"] == "Hama"
    assert rows[1]["name"] == rows[1]["lat"] == rows[1]["id"] == ""
    code, out, _ = run(["geocode", "-f", str(names), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data[2]["id"] == "gn:168620" and data[1]["lat"] is None
    assert set(data[0]) == {"query", "name", "lat", "lon", "score", "admin1", "id"}


def test_admin1_and_near_options(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["geocode", "Suran", "--admin1", "Aleppo", "--format", "json"], capsys)
    assert json.loads(out)[0]["admin1"] == "Aleppo"
    _, out, _ = run(["geocode", "Suran", "--admin1", "Hama", "--format", "json"], capsys)
    assert json.loads(out)[0]["admin1"] == "Hama"


def test_single_miss_suggests_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["geocode", "Saraqzzz Qqq"], capsys)
    assert code == 1 and out == ""
    assert "no place matches 'Saraqzzz Qqq'" in err and "nearest:" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["geocode", ""], "empty place name"),
        (["geocode"], "give at least one NAME"),
        (["geocode", "--file", "/nonexistent/names.txt"], "cannot read names file"),
        (["geocode", "Saraqib", "--near", "north"], "--near"),
        (["geocode", "Saraqib", "--gazetteer", "/nonexistent.csv"], "cannot read gazetteer"),
    ],
)
def test_user_errors_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2
    assert err.startswith("frontline: error: ") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_gazetteer_build_reproduces_shipped_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, repo_root: Path
) -> None:
    out_csv = tmp_path / "gazetteer.csv"
    code, out, _ = run(["gazetteer", "build", "-o", str(out_csv)], capsys)
    assert code == 0 and "places" in out
    assert out_csv.read_bytes() == (repo_root / "data" / "gazetteer.csv").read_bytes()


def _village_near_saraqib(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A user data folder in ``tmp_path`` and a one-village CSV 0.2 deg east of Saraqib."""
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "data"))
    _, out, _ = run(["geocode", "Saraqib", "--format", "json"], capsys)
    lat, lon = json.loads(out)[0]["lat"], json.loads(out)[0]["lon"]
    src = tmp_path / "villages.csv"
    src.write_text(f"name,lat,lon,alt_names,admin1\nQwertaville,{lat},{lon + 0.2},,Idlib\n")
    return src


def test_gazetteer_add_list_remove(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _village_near_saraqib(capsys, tmp_path, monkeypatch)
    code, out, _ = run(["gazetteer", "add", str(src), "--name", "villages"], capsys)
    assert code == 0 and "added villages (csv, 1 rows" in out
    code, out, _ = run(["gazetteer", "list"], capsys)
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["name", "format", "rows"]
    assert lines[1].startswith("shipped") and lines[2].split()[:3] == ["villages", "csv", "1"]
    code, out, _ = run(["geocode", "Qwertaville", "--details", "--format", "csv"], capsys)
    row = next(csv.DictReader(io.StringIO(out)))
    assert code == 0 and row["id"] == "villages:1" and row["status"] == "exact"
    assert float(row["aoi_km"]) == 0.0
    code, out, _ = run(["gazetteer", "remove", "villages"], capsys)
    assert code == 0 and "removed villages" in out
    code, _, err = run(["geocode", "Qwertaville"], capsys)
    assert code == 1 and "no place matches" in err
    code, _, err = run(["gazetteer", "remove", "villages"], capsys)
    assert code == 2 and "no gazetteer source named 'villages'" in err
    code, _, err = run(["gazetteer", "add", str(tmp_path / "missing.csv")], capsys)
    assert code == 2


def test_geocode_details_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["geocode", "Suran", "Saraqeb", "Khan Tuman", "--details", "--format", "json"], capsys
    )
    data = json.loads(out)
    assert code == 0 and [d["status"] for d in data] == ["ambiguous", "alias", "none"]
    assert data[0]["alternatives"] and data[2]["lat"] is None


def test_profile_gives_its_aoi_and_user_sources(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --profile nw_syria names the shipped gazetteer by path: the answers (aoi_km, fuzzy
    # answers outside the AOI, sources the user added) are those of the default.
    src = _village_near_saraqib(capsys, tmp_path, monkeypatch)
    assert run(["gazetteer", "add", str(src), "--name", "villages"], capsys)[0] == 0
    args = ["geocode", "Damascus", "Qwertaville", "Damascuss", "--details", "--format", "csv"]
    _, default, _ = run(args, capsys)
    code, profiled, _ = run([*args, "--profile", "nw_syria"], capsys)
    assert code == 0 and profiled == default
    rows = list(csv.DictReader(io.StringIO(profiled)))
    assert float(rows[0]["aoi_km"]) > 100 and rows[1]["id"] == "villages:1"
    assert rows[2]["status"] == "none"
