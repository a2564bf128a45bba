"""Gazetteer sources a user adds (OCHA, GeoNames, plain CSV): reading, merging, removing.

The OCHA tables are read from ``../shared/reference`` (never shipped); the tests that need
them are skipped where that copy is absent. Expected values are read from those tables.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from frontline._distance import km
from frontline.errors import BadInputError
from frontline.reference import sources
from frontline.reference.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "reference"
OCHA = SHARED / "syria_communities_ocha.csv"
CROSSWALK = SHARED / "crosswalk_wikipedia_to_ocha.csv"
needs_ocha = pytest.mark.skipif(not OCHA.exists(), reason="../shared/reference not present")


def ocha_rows(**where: str) -> list[dict[str, str]]:
    with open(OCHA, encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if all(r[k] == v for k, v in where.items())]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture(scope="module")
def with_ocha(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    if not OCHA.exists():
        pytest.skip("../shared/reference not present")
    folder = tmp_path_factory.mktemp("ocha-data")
    mp = pytest.MonkeyPatch()
    mp.setenv("FRONTLINE_DATA_DIR", str(folder))
    try:
        sources.add_source(OCHA, name="ocha")
        yield Gazetteer.load()  # type: ignore[misc]
    finally:
        mp.undo()


@needs_ocha
def test_ocha_rows_merge_into_shipped_places(with_ocha: Gazetteer) -> None:
    shipped = Gazetteer.load(user_sources=False)
    frame = with_ocha.to_frame()
    assert len(shipped) < len(with_ocha) < len(shipped) + len(ocha_rows())
    # a crosswalk pair (same place in both sources) became one row with both ids
    with open(CROSSWALK, encoding="utf-8") as fh:
        pair = next(r for r in csv.DictReader(fh) if r["wiki_name"] == "Saraqib")
    row = frame[frame["id"] == "gn:164816"].iloc[0]
    assert f"ocha:{pair['ocha_pcode']}" in row["other_ids"].split("|")
    assert pair["ocha_pcode"] in row["pcode"].split("|")
    assert "OCHA" in row["source"] and "GeoNames" in row["source"]
    assert pair["ocha_name_ar"] in row["alt_names"].split("|")  # the Arabic name is an alias
    assert f"ocha:{pair['ocha_pcode']}" not in set(frame["id"])  # no duplicate row


@needs_ocha
def test_ocha_only_villages_resolve_at_ocha_points(with_ocha: Gazetteer) -> None:
    for name in ["Khan tuman", "Talkhatra", "Sarman"]:
        (ref,) = ocha_rows(name=name)
        m = with_ocha.geocode(name)
        assert m is not None and m.status == "exact"
        assert km(m.lat, m.lon, float(ref["lat"]), float(ref["lon"])) < 0.01
        assert m.place_id == f"ocha:{ref['pcode']}"
    # the shipped gazetteer alone gives no answer for them rather than a namesake far away
    shipped = Gazetteer.load(user_sources=False)
    assert shipped.geocode("Khan Tuman") is None
    assert shipped.geocode("Khan Tuman", admin1="Aleppo") is None
    assert shipped.geocode("Tal Khatrah") is None


@needs_ocha
def test_homonyms_stay_distinct(with_ocha: Gazetteer) -> None:
    surans = [c for c in with_ocha.candidates("Suran", k=10) if c.name == "Suran"]
    assert {"Hama", "Aleppo"} <= {c.admin1 for c in surans}
    hama, aleppo = (with_ocha.geocode("Suran", admin1=a) for a in ("Hama", "Aleppo"))
    assert hama is not None and aleppo is not None
    assert km(hama.lat, hama.lon, aleppo.lat, aleppo.lon) > 50


@needs_ocha
def test_admin1_spellings_of_another_source_filter_alike(with_ocha: Gazetteer) -> None:
    (ref,) = ocha_rows(name="Khan tuman")
    assert ref["admin1"] == "Aleppo"
    assert with_ocha.geocode("Khan Tuman", admin1="Idlib") is None
    qatra = [r for r in ocha_rows(name="Qatra") if r["admin1"] == "Idleb"]
    assert len(qatra) == 1
    m = with_ocha.geocode("Qatra", admin1="Idlib")  # OCHA writes Idleb
    assert m is not None and m.place_id == f"ocha:{qatra[0]['pcode']}"


@needs_ocha
def test_hdx_column_layout(data_dir: Path, tmp_path: Path) -> None:
    rows = ocha_rows(admin3="Maaret Tamsrin")[:3]
    assert len(rows) == 3
    path = tmp_path / "syr_pplp_adm4.csv"
    pd.DataFrame(
        {
            "admin4Name_en": [r["name"] for r in rows],
            "admin4Name_ar": [r["name_ar"] for r in rows],
            "admin4Pcode": [r["pcode"] for r in rows],
            "admin1Name_en": [r["admin1"] for r in rows],
            "latitude": [r["lat"] for r in rows],
            "longitude": [r["lon"] for r in rows],
        }
    ).to_csv(path, index=False)
    assert sources.detect_format(path) == "ocha"
    info = sources.add_source(path)
    assert info["rows"] == "3" and info["name"] == "syr_pplp_adm4"
    gaz = Gazetteer.load()
    for r in rows:
        m = gaz.geocode(r["name_ar"])
        assert m is not None and km(m.lat, m.lon, float(r["lat"]), float(r["lon"])) < 3.0


def test_plain_csv_add_list_remove(data_dir: Path, tmp_path: Path) -> None:
    shipped = Gazetteer.load()
    saraqib = shipped.get("gn:164816")
    path = tmp_path / "mine.csv"
    # one new point (Saraqib's coordinates shifted ~20 km east) and one alias of Saraqib
    path.write_text(
        "name,lat,lon,alt_names,admin1\n"
        f"Qwertaville,{saraqib.lat},{saraqib.lon + 0.2},,Idlib\n"
        f"Saraqib,{saraqib.lat},{saraqib.lon},Saraqibville,Idlib\n",
        encoding="utf-8",
    )
    info = sources.add_source(path, name="mine", licence="CC0")
    assert [e["name"] for e in sources.list_sources()] == ["mine"]
    assert info["licence"] == "CC0" and info["rows"] == "2"
    gaz = Gazetteer.load()
    assert len(gaz) == len(shipped) + 1
    assert gaz.geocode("Qwertaville").place_id == "mine:1"
    assert gaz.geocode("Saraqibville").place_id == "gn:164816"
    # --gazetteer PATH (an explicit table) never merges added sources
    assert len(Gazetteer.load(ROOT / "data" / "gazetteer.csv")) == len(shipped)
    sources.remove_source("mine")
    assert sources.list_sources() == [] and len(Gazetteer.load()) == len(shipped)
    with pytest.raises(BadInputError, match="no gazetteer source named"):
        sources.remove_source("mine")


def test_geonames_dump_source(data_dir: Path, fixtures_dir: Path) -> None:
    path = fixtures_dir / "geonames_SY_sample.txt"
    assert sources.detect_format(path) == "geonames"
    info = sources.add_source(path, name="geonames-sample")
    assert info["format"] == "geonames" and int(info["rows"]) == 9
    gaz = Gazetteer.load()
    # the rows are the shipped GeoNames places: merged, no new row for them
    assert gaz.geocode("Khan Sheikhoun").place_id == "gn:168325"


def test_bad_sources(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,lat\nA,35\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="lon"):
        sources.add_source(path)
    path.write_text("name,lat,lon\nA,35,181\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="lon outside") as err:
        sources.add_source(path)
    assert err.value.line == 2
    with pytest.raises(BadInputError, match="not an OCHA"):
        sources.add_source(path, fmt="ocha")
    with pytest.raises(BadInputError, match="source name"):
        sources.add_source(path, name="no spaces please")


@needs_ocha
def test_crosswalk_joins_pairs_whatever_their_names(data_dir: Path) -> None:
    info = sources.add_source(CROSSWALK)
    assert info["format"] == "crosswalk"
    sources.add_source(OCHA, name="ocha")
    frame = Gazetteer.load().to_frame()
    ocha_ids = set(frame.loc[frame["id"].str.startswith("ocha:"), "id"])
    with open(CROSSWALK, encoding="utf-8") as fh:
        pairs = list(csv.DictReader(fh))
    assert not [p for p in pairs if f"ocha:{p['ocha_pcode']}" in ocha_ids]  # all joined
    linked = frame[frame["other_ids"].str.contains("ocha:", regex=False)]
    assert len(linked) >= len({p["ocha_pcode"] for p in pairs}) * 0.9
