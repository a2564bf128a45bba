"""The issue's own example, from the command line: Kharkiv oblast, a GeoNames gazetteer from
`frontline init --admin1 Kharkiv`, a sides table and a report written for this test. A village
the gazetteer lacks must stay unlocated, never land on the oblast's famous city whose foreign
alias it nearly spells ("Hrakove" / "Harkov"). Coordinates come from the rows `init` writes.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cli_helpers import gazetteer_rows, init_war, run_out

SIDES = (
    "side,label,colour,aliases\n"
    "ukraine,Ukraine,#1f77b4,Ukrainian forces|Ukrainian troops|Ukrainian army\n"
    "russia,Russia,#d62728,Russian forces|Russian troops\n"
)
REPORT = (
    "Ukrainian forces push east\n"
    "KYIV, Sept 10, 2022 - Ukrainian troops on Saturday entered the city of Kupiansk after "
    "recapturing Balakliia on Thursday, officials said.\n"
    "The Ukrainian army also liberated the villages of Shevchenkove, Hrakove and Volokhiv Yar, "
    "the general staff said.\n"
)


@pytest.fixture(scope="module")
def war(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kharkiv")
    sides = root / "sides.csv"
    sides.write_text(SIDES, encoding="utf-8")
    folder = init_war(root / "kharkiv", ["--country", "UA", "--admin1", "Kharkiv"], sides)
    (folder / "reports").mkdir()
    (folder / "reports" / "r1.txt").write_text(REPORT, encoding="utf-8")
    return folder


def test_a_missing_village_is_not_the_famous_city(war: Path, capsys, tmp_path: Path) -> None:
    rows = gazetteer_rows(war)
    names = {r["name"] for r in rows.values()}
    assert "Hrakove" not in names  # cities500 has no such village: it must stay unlocated
    kharkiv = [pid for pid, r in rows.items() if r["name"] == "Kharkiv"]
    assert kharkiv, "the oblast capital is in the gazetteer"
    out = tmp_path / "ev.csv"
    code, _, err = run_out(
        ["extract", str(war / "reports"), "--profile", str(war), "--format", "csv", "-o",
         str(out)], capsys,
    )  # fmt: skip
    assert code == 0, err
    with open(out, encoding="utf-8", newline="") as fh:
        events = list(csv.DictReader(fh))
    by_place = {e["place"]: e for e in events}
    assert kharkiv[0] not in {e["place_id"] for e in events}
    assert by_place["Hrakove"]["place_id"] == "" and by_place["Hrakove"]["side"] == "ukraine"
    # the spellings of the press find GeoNames' rows (Balakliia is GeoNames' Balakliya)
    located = {rows[e["place_id"]]["name"] for e in events if e["place_id"]}
    assert {"Shevchenkove", "Volokhiv Yar"} <= located
    balakliia = [e for e in events if e["date"] == "2022-09-08"]
    assert len(balakliia) == 1 and balakliia[0]["place_id"]
