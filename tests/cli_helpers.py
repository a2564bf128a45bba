"""Helpers shared by the CLI suites: run a command in-process, hash every file under some
folders (to prove a command changed none of its inputs), and the steps every another-war
walk-through repeats (init a profile with its sides, read its gazetteer, export places)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from frontline.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [ROOT / "data", ROOT / "seeds"]


def hashes(*folders: Path) -> dict[Path, str]:
    """sha256 of every file under ``folders``."""
    return {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run ``frontline ARGV`` in-process: (exit code, stderr)."""
    capsys.readouterr()
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def run_out(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``frontline ARGV`` in-process: (exit code, stdout, stderr)."""
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def init_war(folder: Path, init_args: list[str], sides: Path) -> Path:
    """``frontline init FOLDER INIT_ARGS`` in-process, then the analyst's sides table: the
    first steps of every another-war walk-through. Returns ``folder``."""
    import shutil

    try:
        main(["init", str(folder), *init_args])
    except SystemExit as exc:
        assert not exc.code
    shutil.copy(sides, folder / "sides.csv")
    return folder


def gazetteer_rows(folder: Path) -> dict[str, dict[str, str]]:
    """A profile's ``gazetteer.csv`` as ``{id: row}``."""
    import csv

    with open(folder / "gazetteer.csv", encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def export_places(
    head: list[str], date: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[str, dict[str, dict]]:
    """``frontline export HEAD --layer places --date DATE -o OUT``: (the GeoJSON text, its
    features by ``place_id``); the command must succeed."""
    import json

    code, _, err = run_out(["export", *head, "--layer", "places", "--date", date, "-o", str(out)],
                           capsys)  # fmt: skip
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    return text, {f["properties"]["place_id"]: f for f in json.loads(text)["features"]}
