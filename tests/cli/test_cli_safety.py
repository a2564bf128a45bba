"""Outputs never replace a user's input; bad route files are one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from frontline.cli import main


def _run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return int(exc.value.code or 0)


@pytest.fixture()
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(seeds_dir, dst)
    return dst


@pytest.mark.parametrize("command", ["map", "export"])
@pytest.mark.parametrize("victim", ["articles.csv", "000_c0755e348a4a2d13.txt"])
def test_output_onto_an_input_is_refused(corpus: Path, command: str, victim: str, capsys) -> None:
    target = corpus / victim
    before = target.read_bytes()
    code = _run([command, str(corpus), "--no-curated", "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 2
    assert "refusing to overwrite input" in err and len(err.strip().splitlines()) == 1
    assert target.read_bytes() == before


def test_route_file_without_geometry_is_one_line(tmp_path: Path, repo_root: Path, capsys) -> None:
    out = tmp_path / "m.html"
    code = _run(["map", "--route", str(repo_root / "data" / "sides.csv"), "-o", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("frontline: error:") and "no geometry" in err
    assert "Traceback" not in err and not out.exists()
