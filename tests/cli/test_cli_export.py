"""`frontline export` and `frontline diff` through the CLI entry point."""

from __future__ import annotations

import json

import pytest

from frontline import cli
from scenarios import SCENARIO, make_events


@pytest.fixture()
def scenario(monkeypatch):
    monkeypatch.setattr(
        "frontline.pipeline.load_events", lambda paths, curated, **kw: make_events(SCENARIO)
    )


def test_export_one_layer(scenario, tmp_path, capsys) -> None:
    out = tmp_path / "fl.geojson"
    cli.main(
        ["export", "--layer", "frontline", "--date", "2020-02-04", "--max-km", "20", "-o", str(out)]
    )
    assert capsys.readouterr().out.strip() == str(out)
    doc = json.loads(out.read_text())
    assert [f["properties"]["sides"] for f in doc["features"]] == ["government|opposition"]


def test_export_gpkg_range(scenario, tmp_path) -> None:
    out = tmp_path / "nw.gpkg"
    cli.main(
        [
            "export",
            "--layer",
            "all",
            "--from",
            "2020-01-01",
            "--to",
            "2020-02-10",
            "--format",
            "gpkg",
            "-o",
            str(out),
        ]
    )
    assert out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--date", "2018-01-01", "-o", "{tmp}/x.geojson"], "outside the data"),
        (
            ["export", "--date", "2020-02-01", "--from", "2020-01-01", "-o", "{tmp}/x.geojson"],
            "not both",
        ),
        (["diff", "2020-01-01", "2018-01-01"], "outside the data"),
    ],
)
def test_bad_input_is_one_line_exit_2(scenario, tmp_path, capsys, args, message) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("frontline: error:") and message in err and "\n" not in err


def test_route_without_linestring_exit_2(scenario, tmp_path, capsys) -> None:
    bad = tmp_path / "r.geojson"
    bad.write_text('{"type":"FeatureCollection","features":[]}')
    with pytest.raises(SystemExit) as exit_:
        cli.main(["export", "--route", str(bad), "-o", str(tmp_path / "x.geojson")])
    assert exit_.value.code == 2


def test_diff_prints_changes(scenario, capsys) -> None:
    cli.main(["diff", "2020-01-01", "2020-02-10"])
    out = capsys.readouterr().out
    assert "Places that changed between 2020-01-01 and 2020-02-10: 2" in out
    assert "Saraqeb" in out and "government" in out


def test_diff_latest_classes_pockets_and_stretch(scenario, capsys) -> None:
    cli.main(["diff", "2020-01-01", "latest", "--stretch", "Khan Shaykhun:Saraqeb"])
    out = capsys.readouterr().out
    # 'latest' is the last event's date (2020-02-27 in the scenario)
    assert "Places that changed between 2020-01-01 and 2020-02-27" in out
    assert "Area per side and confidence class" in out and "reported" in out
    assert "Pockets (areas of a side enclosed by another): 0" in out
    assert "Route shares, Khan Shaykhun:Saraqeb (% of the stretch):" in out
    with pytest.raises(SystemExit) as exit_:
        cli.main(["diff", "2020-01-01", "2020-02-10", "--stretch", "Saraqeb"])
    assert exit_.value.code == 2
    assert "A:B" in capsys.readouterr().err


def test_export_after_the_last_event(scenario, tmp_path) -> None:
    out = tmp_path / "control.geojson"
    cli.main(
        [
            "export",
            "--layer",
            "control",
            "--from",
            "2020-02-01",
            "--to",
            "2020-03-06",
            "-o",
            str(out),
        ]
    )
    doc = json.loads(out.read_text())
    assert max(f["properties"]["valid_to"] for f in doc["features"]) == "2020-03-07"
    assert {f["properties"]["class"] for f in doc["features"]} <= {
        "reported",
        "inferred",
        "unknown",
    }
