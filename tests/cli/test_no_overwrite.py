"""Outputs never replace inputs (issue 16): every command's -o is checked against every
path it reads and against the shipped data; refused with one line, exit 2, nothing
changed and no temporary file left behind."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_helpers import ROOT, SHIPPED
from cli_helpers import hashes as _hashes
from cli_helpers import run as _run

# --- outputs never replace inputs ------------------------------------------------------------


def _overwrite_cases() -> dict[str, tuple[Callable[[Path], list[str]], Callable[[Path], Path]]]:
    aliases = ROOT / "data" / "sources" / "gazetteer_aliases.csv"
    shipped_events = ROOT / "data" / "events" / "nw_syria_2019_2020.csv"
    return {
        "map --route r -o r": (
            lambda w: ["map", "--route", str(w / "r.geojson"), "-o", str(w / "r.geojson")],
            lambda w: w / "r.geojson",
        ),
        "extract --gazetteer g -o g": (
            lambda w: [
                "extract",
                str(w / "c"),
                "--gazetteer",
                str(w / "g.csv"),
                "-o",
                str(w / "g.csv"),
            ],
            lambda w: w / "g.csv",
        ),  # fmt: skip
        "extract --sides s -o s": (
            lambda w: [
                "extract",
                str(w / "c"),
                "--sides",
                str(w / "s.csv"),
                "-o",
                str(w / "s.csv"),
            ],
            lambda w: w / "s.csv",
        ),
        "export into the input folder": (
            lambda w: [
                "export",
                str(w / "d" / "events.csv"),
                "--layer",
                "all",
                "--format",
                "csv",
                "-o",
                str(w / "d"),
            ],
            lambda w: w / "d" / "events.csv",
        ),  # fmt: skip
        "export --baseline b -o b": (
            lambda w: [
                "export",
                "--layer",
                "places",
                "--baseline",
                str(w / "b.csv"),
                "-o",
                str(w / "b.csv"),
            ],
            lambda w: w / "b.csv",
        ),  # fmt: skip
        "export --aoi a -o a": (
            lambda w: [
                "export",
                "--layer",
                "control",
                "--aoi",
                str(w / "a.geojson"),
                "-o",
                str(w / "a.geojson"),
            ],
            lambda w: w / "a.geojson",
        ),  # fmt: skip
        "map -o the shipped events layer": (
            lambda w: ["map", "-o", str(shipped_events)],
            lambda w: shipped_events,
        ),
        "export -o the shipped data folder": (
            lambda w: [
                "export",
                "--layer",
                "events",
                "--format",
                "csv",
                "-o",
                str(ROOT / "data" / "events"),
            ],
            lambda w: shipped_events,
        ),  # fmt: skip
        "gazetteer build -o its own source": (
            lambda w: ["gazetteer", "build", "-o", str(aliases)],
            lambda w: aliases,
        ),
        "extract -o a corpus article": (
            lambda w: ["extract", str(w / "c"), "-o", str(w / "c" / "000_c0755e348a4a2d13.txt")],
            lambda w: w / "c" / "000_c0755e348a4a2d13.txt",
        ),
    }


OVERWRITES = _overwrite_cases()


def _inputs(w: Path) -> None:
    shutil.copytree(ROOT / "seeds", w / "c")
    shutil.copy(ROOT / "data" / "m5.geojson", w / "r.geojson")
    shutil.copy(ROOT / "data" / "aoi.geojson", w / "a.geojson")
    shutil.copy(ROOT / "data" / "gazetteer.csv", w / "g.csv")
    shutil.copy(ROOT / "data" / "sides.csv", w / "s.csv")
    (w / "b.csv").write_text("place,side,as_of,source\nSaraqib,opposition,2019-01-01,x\n")
    (w / "d").mkdir()
    shutil.copy(ROOT / "data" / "events" / "nw_syria_2019_2020.csv", w / "d" / "events.csv")


@pytest.mark.parametrize("name", list(OVERWRITES))
def test_output_that_would_replace_an_input_is_refused(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, victim = OVERWRITES[name]
    work = tmp_path / "w"
    work.mkdir()
    _inputs(work)
    before = _hashes(work, *SHIPPED)
    assert victim(work) in before
    code, err = _run(argv(work), capsys)
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and "refusing to overwrite input" in lines[0], err
    assert _hashes(work, *SHIPPED) == before
    leftovers = [p for p in (work.rglob(".*")) if p.is_file()]
    assert leftovers == []


def test_write_time_guard_catches_a_layer_file(tmp_path: Path) -> None:
    """The guard inside atomic_path refuses even a file name the writer picks itself."""
    from frontline._io import atomic_write, guard_inputs
    from frontline.errors import BadInputError

    victim = tmp_path / "events.csv"
    victim.write_text("keep")
    with guard_inputs([victim]), pytest.raises(BadInputError, match="refusing to overwrite"):
        atomic_write(tmp_path / "events.csv", "replaced")
    assert victim.read_text() == "keep"
    atomic_write(tmp_path / "events.csv", "replaced")  # outside a command: a plain write
    assert victim.read_text() == "replaced"
