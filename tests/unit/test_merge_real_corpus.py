"""scripts/merge_real_corpus.py: every annotation part is merged, an outlet keeps its half
on a re-run, and ``--new-outlets dev`` sends outlets not seen before to the dev half."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def merge() -> ModuleType:
    path = ROOT / "scripts" / "merge_real_corpus.py"
    spec = importlib.util.spec_from_file_location("merge_real_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["merge_real_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_new_outlets_go_to_the_named_half(merge: ModuleType) -> None:
    events = {"old one": 5, "old two": 3, "fresh": 9, "fresh too": 0}
    fixed = {"old one": "test", "old two": "dev"}
    assert merge.assign_splits(events, fixed, "dev") == {
        "old one": "test", "old two": "dev", "fresh": "dev", "fresh too": "dev"
    }  # fmt: skip
    balanced = merge.assign_splits(events, fixed)
    assert balanced["old one"] == "test" and balanced["old two"] == "dev"
    assert balanced["fresh"] == "dev"  # dev had fewer events (3 < 5)


def test_every_part_is_merged_and_old_halves_are_kept(merge: ModuleType, tmp_path: Path) -> None:
    art = ["article", "url", "outlet", "published", "title"]
    gold = ["article", "kind", "place", "side", "date", "date_precision", "note"]
    _write(tmp_path / "articles_a.csv", art, [
        ["a001", "https://example.org/1", "Wire One", "2019-05-09", ""],
        ["a002", "https://example.org/2", "Paper Two", "2019-05-10", ""],
    ])  # fmt: skip
    _write(tmp_path / "gold_a.csv", gold, [
        ["a001", "control_change", "Town A", "government", "2019-05-08", "day", ""],
        ["a002", "control_change", "Town B", "government", "2019-05-09", "day", ""],
    ])  # fmt: skip
    assert merge.main(["--src", str(tmp_path), "--dest", str(tmp_path)]) == 0
    first = {r["article"]: r["split"] for r in _read(tmp_path / "articles.csv")}
    assert sorted(first.values()) == ["dev", "test"]
    _write(tmp_path / "articles_c.csv", art, [
        ["c001", "https://example.org/3", "New Voice", "2020-02-05", ""],
        ["c002", "https://example.org/2", "Paper Two", "2019-05-10", ""],  # same URL: dropped
        ["c003", "https://example.org/4", "Blog (Wire One)", "2020-02-06", ""],
    ])  # fmt: skip
    _write(tmp_path / "gold_c.csv", gold, [
        ["c001", "control_change", "Town C", "opposition", "2020-02-05", "day", ""],
        ["c002", "control_change", "Town B", "government", "2019-05-09", "day", ""],
        ["c003", "held", "Town D", "opposition", "2020-02-06", "day", ""],
    ])  # fmt: skip
    argv = ["--src", str(tmp_path), "--dest", str(tmp_path), "--new-outlets", "dev"]
    assert merge.main(argv) == 0
    split = {r["article"]: r["split"] for r in _read(tmp_path / "articles.csv")}
    assert split == {"a001": first["a001"], "a002": first["a002"], "c001": "dev",
                     "c003": first["a001"]}  # fmt: skip
    places = [(g["article"], g["place"]) for g in _read(tmp_path / "gold.csv")]
    assert places == [("a001", "Town A"), ("a002", "Town B"), ("c001", "Town C"),
                      ("c003", "Town D")]  # fmt: skip
