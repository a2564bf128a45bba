"""Bad input found by an outside audit of the commands (each was a traceback, an internal
error, a wrong line number or silently accepted): exit 2, one line naming the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import run as _run
from frontline.errors import BadInputError


def _one_error(code: int, err: str) -> str:
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("frontline: error: "), err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def test_route_feature_with_null_geometry_is_a_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``"geometry": null`` was an internal error (AttributeError on a float NaN)."""
    route = tmp_path / "r.geojson"
    feature = {"type": "Feature", "properties": {"name": "R"}, "geometry": None}
    route.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    code, err = _run(["map", "--route", str(route), "-o", str(tmp_path / "m.html")], capsys)
    line = _one_error(code, err)
    assert f"{route}: no LineString in the route file" in line
    assert not (tmp_path / "m.html").exists()


def test_route_null_geometry_beside_a_line_is_skipped(tmp_path: Path) -> None:
    from frontline.spatial.route import load_route

    line = {"type": "LineString", "coordinates": [[36.6, 35.4], [36.7, 35.9]]}
    features = [
        {"type": "Feature", "properties": {"name": "nothing"}, "geometry": None},
        {"type": "Feature", "properties": {"name": "Road"}, "geometry": line},
    ]
    route = tmp_path / "r.geojson"
    route.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    got = load_route(route)
    assert got["name"].tolist() == ["Road"]
    assert list(got.geometry.iloc[0].coords) == [(36.6, 35.4), (36.7, 35.9)]
    assert got.attrs["waypoints"] == {}


@pytest.mark.parametrize("bad", ["2019-08-21xyz", "20190821", "2019-W34", "2019-08-21T25:00"])
def test_dates_that_only_start_like_an_iso_date_are_refused(
    bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--date 2019-08-21xyz` was read as 2019-08-21 (only the first 10 characters counted);
    20190821 and 2019-W34 were accepted as ISO basic/week forms although the help says
    YYYY-MM-DD."""
    out = tmp_path / "p.geojson"
    code, err = _run(["export", "--layer", "places", "--date", bad, "-o", str(out)], capsys)
    line = _one_error(code, err)
    assert f"{bad!r} is not an ISO date (YYYY-MM-DD)" in line
    assert not out.exists()


def test_iso_date_still_takes_timestamps() -> None:
    from frontline.ingest.dates import iso_date

    assert iso_date("2020-02-01") == "2020-02-01"
    assert iso_date("2020-02-01T10:30:00Z") == "2020-02-01"
    assert iso_date("2020-02-01 23:59") == "2020-02-01"
    with pytest.raises(BadInputError, match="is not an ISO date"):
        iso_date("2020-02-30")


@pytest.mark.parametrize("option", ["--date", "--from", "--to"])
def test_map_refuses_an_empty_date_like_export(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`map --date ''` drew every date instead of refusing (export already refused)."""
    out = tmp_path / "m.html"
    code, err = _run(["map", option, "", "-o", str(out)], capsys)
    line = _one_error(code, err)
    assert option in line and "empty" in line
    assert not out.exists()


def test_gazetteer_duplicate_id_names_the_line_of_the_second_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gaz = tmp_path / "g.csv"
    gaz.write_text("id,name,lat,lon\nx:1,Foo,35,36\nx:2,Baz,35,36\nx:1,Bar,35,36\n")
    code, err = _run(["geocode", "Foo", "--gazetteer", str(gaz)], capsys)
    line = _one_error(code, err)
    assert f"{gaz}:4: duplicate id 'x:1' (first used on line 2)" in line


def test_gazetteer_lat_that_is_not_a_number_is_not_called_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gaz = tmp_path / "g.csv"
    gaz.write_text("id,name,lat,lon\nx:1,Foo,abc,36\n")
    code, err = _run(["geocode", "Foo", "--gazetteer", str(gaz)], capsys)
    line = _one_error(code, err)
    assert f"{gaz}:2: lat missing or not a number" in line


@pytest.mark.parametrize("argv", [[], ["gazetteer"]])
def test_a_group_without_a_command_prints_its_help_laid_out(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`frontline` alone printed the whole help squeezed into one `error:` line."""
    code, err = _run(argv, capsys)
    assert code == 2
    assert "frontline: error" not in err


def test_frontline_alone_shows_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    from frontline.cli import main

    with pytest.raises(SystemExit) as exc:
        main([])
    out, err = capsys.readouterr()
    assert exc.value.code == 2 and err == ""
    assert out.startswith("Usage: frontline [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nCommands:\n" in out and "\n  map " in out


def test_aoi_polygon_with_no_coordinates_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`{"type": "Polygon", "coordinates": []}` gave "the area of interest is empty" with no
    file name."""
    aoi = tmp_path / "aoi.geojson"
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": []},
    }
    aoi.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    code, err = _run(["map", "--aoi", str(aoi), "-o", str(tmp_path / "m.html")], capsys)
    line = _one_error(code, err)
    assert f"{aoi}: the area-of-interest file holds no Polygon" in line


def test_zero_length_route_is_refused(tmp_path: Path) -> None:
    """A LineString whose vertices are one point was mapped with 0 km of route to share."""
    from frontline.spatial.route import load_route

    line = {"type": "LineString", "coordinates": [[36.6, 35.4], [36.6, 35.4]]}
    route = tmp_path / "r.geojson"
    route.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": line}))
    with pytest.raises(BadInputError, match="zero length") as err:
        load_route(route)
    assert str(route) in str(err.value)


def test_gazetteer_not_utf8_names_the_byte_and_its_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Latin-1 gazetteer said "can't decode byte 0xe9 in position 2" (an offset inside
    pandas' buffer, not the file's)."""
    gaz = tmp_path / "g.csv"
    gaz.write_bytes(b"id,name,lat,lon\nx:1,Fo\xe9,35,36\n")
    code, err = _run(["geocode", "Foo", "--gazetteer", str(gaz)], capsys)
    line = _one_error(code, err)
    assert f"{gaz}: not UTF-8 text (bad byte 0xe9 at offset 22)" in line


def test_evaluate_empty_prediction_file_is_a_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty PRED was an internal error (pandas' EmptyDataError), exit 1."""
    pred, gold = tmp_path / "pred.csv", tmp_path / "gold.csv"
    pred.write_text("")
    gold.write_text("article,kind,place,side,date,date_precision\n")
    code, err = _run(["evaluate", str(pred), str(gold)], capsys)
    line = _one_error(code, err)
    assert f"{pred}: the prediction file is empty (no header line)" in line


@pytest.mark.parametrize("command", ["evaluate", "gazetteer-add"])
def test_latin1_tables_name_the_byte_and_its_offset(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    bad = tmp_path / "t.csv"
    bad.write_bytes(b"name,lat,lon\nFo\xe9,35,36\n")
    if command == "evaluate":
        argv = ["evaluate", str(bad), str(bad)]
    else:
        argv = ["gazetteer", "add", str(bad), "--format", "csv"]
    code, err = _run(argv, capsys)
    line = _one_error(code, err)
    assert f"{bad}: not UTF-8 text (bad byte 0xe9 at offset 15)" in line


def test_aoi_that_is_a_csv_table_is_a_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--aoi articles.csv` was an internal error (a DataFrame has no .geometry)."""
    aoi = tmp_path / "table.csv"
    aoi.write_text("file,published\na.txt,2020-01-01\n")
    code, err = _run(["diff", "2019-08-20", "2019-08-22", "--aoi", str(aoi)], capsys)
    line = _one_error(code, err)
    assert f"{aoi}: the area-of-interest file has no geometry" in line


@pytest.mark.parametrize("bbox", ["36,47,38,95", "-200,47,38,48"])
def test_init_refuses_a_bbox_outside_wgs84(
    bbox: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`init --bbox 36,47,38,95` wrote an AOI reaching latitude 95 (every later command
    then refused the profile's aoi.geojson)."""
    folder = tmp_path / "p"
    code, err = _run(["init", str(folder), "--country", "UA", "--bbox", bbox], capsys)
    line = _one_error(code, err)
    assert "bbox must be WGS84 degrees (lon -180..180, lat -90..90)" in line
    assert not folder.exists()


def test_diff_with_dates_in_reverse_order_is_a_bad_input(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`diff 2019-08-22 2019-08-20` ran backwards (gains of the earlier date reported as
    losses) without a word."""
    code, err = _run(["diff", "2019-08-22", "2019-08-20"], capsys)
    line = _one_error(code, err)
    assert "the first date (2019-08-22) is after the second (2019-08-20)" in line


def test_diff_reports_the_route_given_with_route(capsys: pytest.CaptureFixture[str]) -> None:
    """`diff --route FILE` was accepted and ignored: it now prints the route's shares on both
    dates (km and % of the whole route per side)."""
    from cli_helpers import ROOT, run_out

    route = ROOT / "data" / "m5.geojson"
    code, out, err = run_out(["diff", "2019-08-20", "2019-08-22", "--route", str(route)], capsys)
    assert code == 0, err
    assert "Route shares, whole route (%):" in out
    shares = out.split("Route shares, whole route (%):", 1)[1]
    assert "2019-08-20" in shares and "2019-08-22" in shares
    assert "government" in shares and "opposition" in shares
