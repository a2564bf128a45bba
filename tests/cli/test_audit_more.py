"""A second outside audit of the commands as users meet them: spreadsheet exports with
semicolons or tabs, event tables missing a column, and what each message says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run as _run
from cli_helpers import run_out


@pytest.mark.parametrize(("sep", "named"), [(";", "separated by ';'"), ("\t", "separated by tabs")])
def test_events_csv_saved_with_another_separator_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sep: str, named: str
) -> None:
    """A semicolon CSV (Excel in a European locale) was called "expected a corpus folder,
    its articles.csv, or a .txt/.html article": the user could not tell what was wrong."""
    src = tmp_path / "events.csv"
    cols = ["date", "place", "kind", "side", "source", "lat", "lon"]
    row = ["2019-08-21", "Khan Shaykhun", "control_change", "government", "x", "", ""]
    src.write_text(sep.join(cols) + "\n" + sep.join(row) + "\n", encoding="utf-8")
    out = tmp_path / "e.geojson"
    code, err = _run(["export", str(src), "--no-curated", "--layer", "events", "-o", str(out)],
                     capsys)  # fmt: skip
    assert code == 2 and not out.exists()
    assert err.startswith(f"frontline: error: {src}:1: missing column(s) date, place")
    assert named in err and "corpus folder" not in err


def test_events_csv_missing_kind_names_the_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An events CSV without ``kind`` was taken for a corpus ("expected a corpus folder")."""
    src = tmp_path / "events.csv"
    src.write_text("date,place,side,source\n2019-08-21,Khan Shaykhun,government,x\n", "utf-8")
    code, err = _run(["map", str(src), "--no-curated", "-o", str(tmp_path / "m.html")], capsys)
    assert code == 2
    assert f"{src}:1: missing column(s) kind;" in err
    assert not (tmp_path / "m.html").exists()


def test_the_same_map_command_writes_the_same_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """folium's random element ids made every run a different page (210 bytes apart), so a
    map kept under version control changed on every rebuild."""
    pages = []
    for name in ("a.html", "b.html"):
        out = tmp_path / name
        code, err = _run(["map", "--from", "2019-08-01", "--to", "2019-09-01", "-o", str(out)],
                         capsys)  # fmt: skip
        assert code == 0, err
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    assert b'id="map_' in pages[0]


def test_geocode_unknown_admin1_is_named_not_a_missing_place(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`geocode Saraqib --admin1 Nowhere` said "no place matches 'Saraqib'; nearest: Saraqib
    (Idlib)": the typo was in the region, and the message blamed the name."""
    code, out, err = run_out(["geocode", "Saraqib", "--admin1", "Nowhere"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("frontline: error: --admin1 'Nowhere': no place of the gazetteer")
    assert "Idlib" in err and "no place matches" not in err
    code, out, err = run_out(["geocode", "Saraqib", "--admin1", "idlib", "--format", "csv"],
                             capsys)  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[1].split(",")[1:4] == ["Saraqib", "35.86447", "36.80591"]


def test_geocode_names_file_with_no_names_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty --file said "give at least one NAME or --file" although --file was given."""
    names = tmp_path / "names.txt"
    names.write_text("\n# only a comment\n\n", encoding="utf-8")
    code, err = _run(["geocode", "--file", str(names)], capsys)
    assert code == 2
    assert f"{names}: no names in this file" in err


GOLD_HEADER = "article,kind,place,side,date,date_precision\n"
PRED = (
    "article,kind,place,side,date,confidence\n"
    "a1.txt,control_change,Khan Shaykhun,government,2019-08-21,0.9\n"
)


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("a1,control_change,Khan Shaykhun,government,2019-08-21,fortnight",
         "date_precision must be day|week|month|year, got 'fortnight'"),
        ("a1,captured,Khan Shaykhun,government,2019-08-21,day", "got 'captured'"),
        ("a1,control_change,Khan Shaykhun,government,21/08/2019,day",
         "'date' must be a date YYYY-MM-DD, got '21/08/2019'"),
    ],
)  # fmt: skip
def test_evaluate_refuses_a_bad_gold_row_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str, says: str
) -> None:
    """A gold precision 'fortnight' was scored as 'day', a misspelt kind or a non-ISO date
    as a silent miss: the scores were wrong and nothing said why."""
    pred, gold = tmp_path / "pred.csv", tmp_path / "gold.csv"
    pred.write_text(PRED, encoding="utf-8")
    gold.write_text(GOLD_HEADER + "\n" + row + "\n", encoding="utf-8")
    code, out, err = run_out(["evaluate", str(pred), str(gold)], capsys)
    assert code == 2 and out == ""
    assert f"{gold}:3: " in err and says in err


def test_evaluate_with_an_empty_gold_says_there_is_nothing_to_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A header-only gold scored nothing (no kinds to score) and printed dashes, exit 0."""
    pred, gold = tmp_path / "pred.csv", tmp_path / "gold.csv"
    pred.write_text(PRED, encoding="utf-8")
    gold.write_text(GOLD_HEADER, encoding="utf-8")
    code, out, err = run_out(["evaluate", str(pred), str(gold)], capsys)
    assert code == 2 and f"{gold}: the gold table has no events" in err
    code, out, err = run_out(
        ["evaluate", str(pred), str(gold), "--kind", "control_change", "--format", "csv"], capsys
    )
    assert code == 0, err
    overall = out.splitlines()[1].split(",")
    assert overall[:7] == ["overall", "", "0", "1", "0", "0", "1"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", ": the source file is empty (no header line)"),
        ("name,lat,lon\n", ": no places in this source (only a header)"),
        ("name;lat;lon\nA;35.9;36.7\n", ":1: source lacks column(s) name, lat, lon (the "
         "columns are separated by ';'"),
    ],
)  # fmt: skip
def test_gazetteer_add_refuses_a_source_without_places(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    says: str,
) -> None:
    """A header-only file was "added (csv, 0 rows)" and listed; an empty one said pandas'
    "No columns to parse from file"; a semicolon file gave no clue."""
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path / "data"))
    src = tmp_path / "villages.csv"
    src.write_text(text, encoding="utf-8")
    code, err = _run(["gazetteer", "add", str(src)], capsys)
    assert code == 2 and f"{src}{says}" in err
    code, out, _ = run_out(["gazetteer", "list"], capsys)
    assert code == 0 and "villages" not in out


def test_several_layers_into_a_file_name_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export --layer all -o nw.geojson` made a FOLDER named nw.geojson (six files in it),
    which QGIS cannot open as the file the user asked for."""
    out = tmp_path / "nw.geojson"
    code, err = _run(["export", "--layer", "all", "--date", "2020-02-10", "-o", str(out)],
                     capsys)  # fmt: skip
    assert code == 2 and not out.exists()
    assert "several layers in geojson go to a folder, but nw.geojson names a file" in err
    folder = tmp_path / "nw"
    code, err = _run(["export", "--layer", "places", "--layer", "control", "--date",
                      "2020-02-10", "-o", str(folder)], capsys)  # fmt: skip
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["control.geojson", "places.geojson"]


def test_two_sides_in_one_colour_are_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two sides given the same colour (#ff0000 and #FF0000) were drawn identically, areas,
    legend and route bar, without a word."""
    sides = tmp_path / "sides.csv"
    sides.write_text(
        "side,label,colour,aliases\ngovernment,G,#ff0000,army\nopposition,O,#FF0000,rebels\n",
        encoding="utf-8",
    )
    events = tmp_path / "events.csv"
    events.write_text(
        "date,place,kind,side,source\n2019-08-21,Khan Shaykhun,control_change,government,x\n",
        encoding="utf-8",
    )
    out = tmp_path / "m.html"
    code, err = _run(["map", str(events), "--sides", str(sides), "--no-curated", "-o", str(out)],
                     capsys)  # fmt: skip
    assert code == 0 and out.exists()
    assert err.count(f"frontline: warning: {sides}:3: side 'opposition' has the colour") == 1


def test_a_control_change_without_a_side_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand-coded capture with the side cell left empty vanished from the places and the
    map without a word (Khan Shaykhun below)."""
    events = tmp_path / "events.csv"
    events.write_text(
        "date,place,kind,side,source\n"
        "2019-08-21,Saraqib,control_change,government,x\n"
        "2019-08-22,Khan Shaykhun,control_change,,x\n",
        encoding="utf-8",
    )
    out = tmp_path / "places.geojson"
    code, err = _run(["export", str(events), "--no-curated", "--layer", "places", "--date",
                      "latest", "-o", str(out)], capsys)  # fmt: skip
    assert code == 0, err
    places = [f["properties"]["place"] for f in json.loads(out.read_text("utf-8"))["features"]]
    assert places == ["Saraqib"]
    assert f"frontline: warning: {events}: 1 row(s) of kind control_change/" in err
    assert "left out of control (line(s) 3)" in err


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--split", "tset"], "articles.csv: no article has split 'tset' (splits: dev, test)"),
        (["--kind", "captured"], "unknown kind 'captured'; kinds: control_change"),
    ],
)
def test_evaluate_refuses_a_split_or_kind_that_selects_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], says: str
) -> None:
    """A misspelt --split or --kind scored nothing, printed dashes and exited 0."""
    pred, gold, arts = tmp_path / "pred.csv", tmp_path / "gold.csv", tmp_path / "articles.csv"
    pred.write_text(PRED, encoding="utf-8")
    gold.write_text(
        GOLD_HEADER + "a1,control_change,Khan Shaykhun,government,2019-08-21,day\n", "utf-8"
    )
    arts.write_text("article,outlet,split\na1,X,dev\na2,Y,test\n", encoding="utf-8")
    argv = ["evaluate", str(pred), str(gold), "--articles", str(arts), "--format", "csv"]
    code, out, err = run_out([*argv, *extra], capsys)
    assert code == 2 and out == "" and says in err
    code, out, err = run_out([*argv, "--split", "dev"], capsys)
    assert code == 0, err
    assert out.splitlines()[1].split(",")[2:5] == ["1", "1", "1"]  # gold, predicted, hits


def test_semicolon_gazetteer_and_prediction_tables_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The separator note reaches the gazetteer and evaluate's prediction reader too."""
    gaz = tmp_path / "g.csv"
    gaz.write_text("id;name;lat;lon\nx1;Testville;35.5;36.5\n", encoding="utf-8")
    code, err = _run(["geocode", "Testville", "--gazetteer", str(gaz)], capsys)
    assert code == 2 and f"{gaz}:1: gazetteer lacks column(s) id, name, lat, lon (the " in err
    assert "separated by ';'" in err
    pred, gold = tmp_path / "pred.csv", tmp_path / "gold.csv"
    pred.write_text("article;kind;place;side;date\n", encoding="utf-8")
    gold.write_text(
        GOLD_HEADER + "a1,control_change,Khan Shaykhun,government,2019-08-21,day\n", "utf-8"
    )
    code, err = _run(["evaluate", str(pred), str(gold)], capsys)
    assert code == 2 and f"{pred}: prediction table lacks column(s) article" in err
    assert "separated by ';'" in err


def test_diff_stretch_between_one_place_and_itself_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`diff --stretch Saraqib:Saraqib` printed pandas' "Empty DataFrame" as the shares."""
    code, out, err = run_out(
        ["diff", "2020-01-01", "2020-02-01", "--stretch", "Saraqib:Saraqib"], capsys
    )
    assert code == 2 and "Empty DataFrame" not in out
    assert "the stretch Saraqib:Saraqib has no length" in err
    code, out, err = run_out(
        ["diff", "2020-01-01", "2020-02-01", "--stretch", "Saraqib:Khan Shaykhun"], capsys
    )
    assert code == 0, err
    shares = out.split("Route shares, Saraqib:Khan Shaykhun (% of the stretch):")[1]
    rows = [line.split() for line in shares.strip().splitlines()[1:]]
    for day in ("2020-01-01", "2020-02-01"):  # each date's shares cover the stretch
        assert sum(float(r[3]) for r in rows if r[0] == day) == pytest.approx(100, abs=0.2)


def test_max_km_range_message_does_not_offer_infinity(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--max-km -5` said "must be in 0.001..inf" although `--max-km inf` is refused."""
    code, err = _run(["map", "--max-km", "-5", "-o", "x.html"], capsys)
    assert code == 2 and "--max-km must be at least 0.001, got -5.0" in err and "inf" not in err


@pytest.mark.parametrize("name", ["new.txt", "events.html", "articles.csv"])
@pytest.mark.parametrize("given", ["folder", "catalogue"])
def test_extract_output_the_next_read_would_take_as_an_article_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, given: str
) -> None:
    """``extract corpus -o corpus/new.txt`` wrote into the corpus folder, so the next run read
    its own output as an article (or replaced the catalogue)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Government forces captured Khan Shaykhun on Wednesday.\n", encoding="utf-8"
    )
    (corpus / "articles.csv").write_text("file,published\na.txt,2019-08-21\n", "utf-8")
    before = sorted(p.name for p in corpus.iterdir())
    src = corpus if given == "folder" else corpus / "articles.csv"
    out = corpus / name
    code, err = _run(["extract", str(src), "--format", "csv", "-o", str(out)], capsys)
    assert code == 2
    assert err.startswith(f"frontline: error: {out}: refusing to")
    assert sorted(p.name for p in corpus.iterdir()) == before
    # A CSV of events beside the articles is not read as one: still allowed.
    ok = corpus / "events.csv"
    code, err = _run(["extract", str(src), "--format", "csv", "-o", str(ok)], capsys)
    assert code == 0, err
    assert "Khan Shaykhun" in ok.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "argv",
    [
        ["map", "--from", "2030-01-01", "-o", "{tmp}/m.html"],
        ["diff", "2030-01-01", "2031-01-01"],
        ["export", "--layer", "control", "--date", "2030-01-01", "-o", "{tmp}/c.geojson"],
    ],
)
def test_a_date_after_the_data_warns_once_naming_the_last_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """A date years after the data was accepted silently and showed the last state. (A date
    within the 60-day horizon after the last report, a ceasefire two days later, stays
    quiet: tests/unit/test_control.py asks for one with warnings as errors.)"""
    from frontline.control.timeline import ControlTimeline
    from frontline.pipeline import load_events

    last = ControlTimeline(load_events(None)).end
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, err = _run(args, capsys)
    assert code == 0, err
    warned = [line for line in err.splitlines() if line.startswith("frontline: warning:")]
    assert warned == [
        f"frontline: warning: date 2030-01-01 is after the end of the data (last date {last}); "
        f"the state shown is the one on {last}, 60+ days old"
    ]
    assert last < "2030-01-01"


def test_csv_exports_do_not_run_formulas_but_keep_negative_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A source or sentence from untrusted text starting with = + - @ was written as is, so a
    spreadsheet opening the CSV ran it (OWASP CSV injection)."""
    import pandas as pd

    from frontline._io import csv_safe, read_csv

    src = tmp_path / "events.csv"
    src.write_text(
        "date,place,kind,side,source,sentence\n"
        '2019-08-21,Khan Shaykhun,control_change,government,"=HYPERLINK(""http://x"")",'
        "-Government forces took Khan Shaykhun\n",
        encoding="utf-8",
    )
    out = tmp_path / "e.csv"
    code, err = _run(["export", str(src), "--no-curated", "--layer", "events", "--format", "csv",
                      "-o", str(out)], capsys)  # fmt: skip
    assert code == 0, err
    rows = list(read_csv(out, "events"))
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ",'-Government forces" in text
    assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text
    # frontline reads its own output back unchanged (the quote is dropped again).
    assert rows[0][1]["source"] == '=HYPERLINK("http://x")'
    assert rows[0][1]["sentence"] == "-Government forces took Khan Shaykhun"
    assert float(rows[0][1]["lat"]) > 30  # Khan Shaykhun from the gazetteer, a number
    # Numbers (negative ones too) stay numbers, in numeric and in text columns alike.
    frame = pd.DataFrame({"km": [-3.5, 2.0], "delta": ["-3.5", "+1e3"], "note": ["@x", "\tq"]})
    assert csv_safe(frame).to_csv(index=False).splitlines() == [
        "km,delta,note",
        "-3.5,-3.5,'@x",
        "2.0,+1e3,'\tq",
    ]


def test_route_features_name_the_route_and_one_date_exports_carry_the_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Route features carried no route name, and a one-date export no date: a file read on
    its own did not say which road or which day it showed."""
    from frontline.spatial.route import load_route

    name = load_route()["name"].iloc[0]
    out = tmp_path / "r.geojson"
    code, err = _run(["export", "--layer", "route", "--date", "2020-02-10", "-o", str(out)],
                     capsys)  # fmt: skip
    assert code == 0, err
    props = [f["properties"] for f in json.loads(out.read_text("utf-8"))["features"]]
    assert props and {p["route"] for p in props} == {name}
    assert {p["date"] for p in props} == {"2020-02-10"}
    out = tmp_path / "c.geojson"
    code, err = _run(["export", "--layer", "control", "--date", "2020-02-10", "-o", str(out)],
                     capsys)  # fmt: skip
    assert code == 0, err
    props = [f["properties"] for f in json.loads(out.read_text("utf-8"))["features"]]
    assert props and {p["date"] for p in props} == {"2020-02-10"}
    out = tmp_path / "range.geojson"
    code, err = _run(["export", "--layer", "route", "--from", "2020-02-01", "--to", "2020-02-10",
                      "-o", str(out)], capsys)  # fmt: skip
    assert code == 0, err
    props = [f["properties"] for f in json.loads(out.read_text("utf-8"))["features"]]
    assert props and {p["route"] for p in props} == {name}
    assert all("date" not in p and p["valid_from"] >= "2020-02-01" for p in props)


def test_the_same_geopackage_export_is_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two identical GeoPackage exports differed only by GDAL's gpkg_contents.last_change
    (the time of writing), so a GeoPackage kept under version control changed every run."""
    import sqlite3
    import time
    from contextlib import closing

    import pyogrio

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    files = []
    for name in ("a.gpkg", "b.gpkg"):
        out = tmp_path / name
        code, err = _run(["export", "--layer", "places", "--layer", "control", "--date",
                          "2020-02-10", "--format", "gpkg", "-o", str(out)], capsys)  # fmt: skip
        assert code == 0, err
        files.append(out)
        time.sleep(1.1)  # GDAL's own stamp has millisecond resolution; make sure it moves
    assert files[0].read_bytes() == files[1].read_bytes()
    with closing(sqlite3.connect(files[0])) as db:
        stamps = db.execute("SELECT table_name, last_change FROM gpkg_contents").fetchall()
    assert sorted(stamps) == [
        ("control", "1970-01-01T00:00:00.000Z"),
        ("places", "1970-01-01T00:00:00.000Z"),
    ]
    # SOURCE_DATE_EPOCH (reproducible builds) picks the stamp; GDAL's setting is restored.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    out = tmp_path / "c.gpkg"
    code, err = _run(["export", "--layer", "places", "--date", "2020-02-10", "--format", "gpkg",
                      "-o", str(out)], capsys)  # fmt: skip
    assert code == 0, err
    with closing(sqlite3.connect(out)) as db:
        assert db.execute("SELECT last_change FROM gpkg_contents").fetchall() == [
            ("1970-01-02T00:00:00.000Z",)
        ]
    assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") is None
