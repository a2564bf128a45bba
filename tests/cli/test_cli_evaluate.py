"""The `frontline evaluate` command, in-process: table, CSV, errors file, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.cli import main

GOLD = (
    "article,kind,place,side,date,date_precision,note\n"
    "a1,control_change,Morek,government,2019-08-23,day,\n"
    "a1,siege,Kafr Zita,government,2019-08-20,week,encircled\n"
)
PRED = (
    "article,kind,place,place_id,lat,lon,side,date,confidence,sentence\n"
    "a1.txt,control_change,Morek,,,,government,2019-08-23,0.9,Troops took Morek.\n"
    "a1.txt,control_change,Hama,,,,government,2019-08-23,0.6,Troops took Hama.\n"
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold, pred = tmp_path / "gold.csv", tmp_path / "pred.csv"
    gold.write_text(GOLD, encoding="utf-8")
    pred.write_text(PRED, encoding="utf-8")
    return pred, gold


def test_table_and_errors_file(files, tmp_path: Path, capsys) -> None:
    pred, gold = files
    errors = tmp_path / "errors.csv"
    main(["evaluate", str(pred), str(gold), "--errors", str(errors)])
    out = capsys.readouterr().out
    assert "overall" in out and "FALSE_ALARM a1 control_change Hama" in out
    assert "MISS        a1 siege Kafr Zita government 2019-08-20 (week) encircled" in out
    rows = errors.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("error,article,kind,place") and len(rows) == 3


def test_csv_scores(files, capsys) -> None:
    pred, gold = files
    main(["evaluate", str(pred), str(gold), "--format", "csv", "--kind", "control_change"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "scope,key,gold,predicted,hits,misses,false_alarms,precision,recall,f1"
    assert lines[1] == "overall,,1,2,1,0,1,0.5,1.0,0.667"


def test_bad_gold_is_one_line_exit_2(files, tmp_path: Path, capsys) -> None:
    pred, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("article,kind\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", str(pred), str(bad)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("frontline: error:") and "missing column(s) place, side" in err
    assert len(err.strip().splitlines()) == 1
