"""Helpers shared by the CLI bad-input and no-overwrite suites: run a command in-process, and
hash every file under some folders (to prove a command changed none of its inputs)."""

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
