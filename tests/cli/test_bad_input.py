"""Bad input through every subcommand: exit 2, one line naming the file (and line), no
traceback, every input byte-for-byte unchanged; and every output that would replace an
input refused (issue 16)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from cli_helpers import ROOT, SHIPPED
from cli_helpers import hashes as _hashes
from cli_helpers import run as _run
from frontline.cli import main

EVENTS_HEADER = "date,place,kind,side,source,lat,lon\n"


@dataclass
class Case:
    argv: Callable[[Path], list[str]]
    make: Callable[[Path], None]
    names: str  # what the one line must contain ("{w}" is the work folder)


def _write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def make(w: Path) -> None:
        path = w / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return make


def _both(*makers: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(w: Path) -> None:
        for m in makers:
            m(w)

    return make


def _corpus(catalogue_extra: str = "", article: bytes | None = None) -> Callable[[Path], None]:
    def make(w: Path) -> None:
        dst = w / "c"
        shutil.copytree(ROOT / "seeds", dst)
        if catalogue_extra:
            with open(dst / "articles.csv", "a", encoding="utf-8") as fh:
                fh.write(catalogue_extra)
        if article is not None:
            (dst / "000_c0755e348a4a2d13.txt").write_bytes(article)

    return make


def _route(coords: list[list[float]], name: str = "r") -> str:
    feature = {
        "type": "Feature",
        "properties": {"name": name},
        "geometry": {"type": "LineString", "coordinates": coords},
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]})


LATIN1_EVENTS = (EVENTS_HEADER + "2020-01-29,Sar\xe1qib,control_change,government,x,,\n").encode(
    "latin-1"
)
NO_NOTHING = ["--no-curated"]

CASES: dict[str, Case] = {
    # geocode
    "geocode names latin-1": Case(
        lambda w: ["geocode", "--file", str(w / "n.txt")],
        _write("n.txt", "Sar\xe1qib\n".encode("latin-1")),
        "{w}/n.txt",
    ),
    "geocode gazetteer extra field": Case(
        lambda w: ["geocode", "Saraqib", "--gazetteer", str(w / "g.csv")],
        _write("g.csv", "id,name,lat,lon\nx,Saraqib,35.8,36.8,extra\n"),
        "{w}/g.csv",
    ),
    "geocode gazetteer header only": Case(
        lambda w: ["geocode", "Saraqib", "--gazetteer", str(w / "g.csv")],
        _write("g.csv", "id,name,lat,lon\n"),
        "{w}/g.csv",
    ),
    "geocode threshold nan": Case(
        lambda w: ["geocode", "Saraqib", "--threshold", "nan"], _write("x", ""), "threshold"
    ),
    # extract
    "extract article latin-1": Case(
        lambda w: ["extract", str(w / "c")],
        _corpus(article="DAMASCUS, Aug. 23 (Xinhua) -- Sar\xe1qib".encode("latin-1")),
        "{w}/c/000_c0755e348a4a2d13.txt",
    ),
    "extract catalogue extra fields": Case(
        lambda w: ["extract", str(w / "c")],
        _corpus("000_c0755e348a4a2d13.txt,2019-08-23,X,,,extra\n"),
        "{w}/c/articles.csv:",
    ),
    "extract catalogue outside folder": Case(
        lambda w: ["extract", str(w / "c")],
        _corpus("/etc/passwd,2019-08-23,X,,\n"),
        "{w}/c/articles.csv:",
    ),
    "extract catalogue subfolder": Case(
        lambda w: ["extract", str(w / "c")],
        _both(_corpus("sub/b.txt,2019-08-23,X,,\n"), _write("c/sub/b.txt", "x")),
        "{w}/c/articles.csv:",
    ),
    "extract published yesterday": Case(
        lambda w: ["extract", str(w / "a.txt"), "--published", "yesterday"],
        _write("a.txt", "Government forces captured Saraqib."),
        "{w}/a.txt",
    ),
    "extract sides latin-1": Case(
        lambda w: [
            "extract",
            str(w / "a.txt"),
            "--published",
            "2020-01-01",
            "--sides",
            str(w / "s.csv"),
        ],
        _both(
            _write("a.txt", "Government forces captured Saraqib."),
            _write("s.csv", "side,label,colour,aliases\ng,G\xf6v,#ff0000,army\n".encode("latin-1")),
        ),
        "{w}/s.csv",
    ),  # fmt: skip
    "extract sides duplicate key": Case(
        lambda w: [
            "extract",
            str(w / "a.txt"),
            "--published",
            "2020-01-01",
            "--sides",
            str(w / "s.csv"),
        ],
        _both(
            _write("a.txt", "Government forces captured Saraqib."),
            _write("s.csv", "side,label,colour,aliases\ng,G,#ff0000,army\ng,H,#00ff00,rebels\n"),
        ),
        "{w}/s.csv:3",
    ),  # fmt: skip
    "extract sides shared alias": Case(
        lambda w: [
            "extract",
            str(w / "a.txt"),
            "--published",
            "2020-01-01",
            "--sides",
            str(w / "s.csv"),
        ],
        _both(
            _write("a.txt", "Government forces captured Saraqib."),
            _write("s.csv", "side,label,colour,aliases\ng,G,#ff0000,army\nr,R,#00ff00,army\n"),
        ),
        "{w}/s.csv:3",
    ),  # fmt: skip
    "extract gazetteer header only": Case(
        lambda w: [
            "extract",
            str(w / "a.txt"),
            "--published",
            "2020-01-01",
            "--gazetteer",
            str(w / "g.csv"),
        ],
        _both(_write("a.txt", "Troops captured Saraqib."), _write("g.csv", "id,name,lat,lon\n")),
        "{w}/g.csv",
    ),  # fmt: skip
    # map
    "map events latin-1": Case(
        lambda w: ["map", str(w / "e.csv"), *NO_NOTHING, "-o", str(w / "m.html")],
        _write("e.csv", LATIN1_EVENTS),
        "{w}/e.csv",
    ),
    "map events lat 200": Case(
        lambda w: ["map", str(w / "e.csv"), *NO_NOTHING, "-o", str(w / "m.html")],
        _write(
            "e.csv", EVENTS_HEADER + "2020-01-29,Saraqib,control_change,government,x,200,36.8\n"
        ),
        "{w}/e.csv:2",
    ),
    "map events junk coordinate": Case(
        lambda w: ["map", str(w / "e.csv"), *NO_NOTHING, "-o", str(w / "m.html")],
        _write(
            "e.csv", EVENTS_HEADER + "2020-01-29,Saraqib,control_change,government,x,abc,36.8\n"
        ),
        "{w}/e.csv:2",
    ),
    "map events after a multi-line field": Case(
        lambda w: ["map", str(w / "e.csv"), *NO_NOTHING, "-o", str(w / "m.html")],
        _write(
            "e.csv",
            EVENTS_HEADER
            + '2020-01-29,Saraqib,control_change,government,"a\nb\u2028c",,\n'
            + "2020-01-30,Saraqib,control_change,government,x,35.8,500\n",
        ),
        "{w}/e.csv:4",
    ),
    "map events swapped lat/lon": Case(
        lambda w: ["map", str(w / "e.csv"), *NO_NOTHING, "-o", str(w / "m.html")],
        _write(
            "e.csv",
            EVENTS_HEADER + "2020-01-29,Saraqib,control_change,government,x,36.80591,35.86447\n",
        ),
        "{w}/e.csv:2: lat/lon of 'Saraqib' look swapped",
    ),
    "map events confidence words": Case(
        lambda w: ["map", str(w / "e.csv"), *NO_NOTHING, "-o", str(w / "m.html")],
        _write(
            "e.csv",
            "date,place,kind,side,source,confidence\n"
            "2020-01-29,Saraqib,control_change,government,x,very high\n",
        ),
        "{w}/e.csv:2",
    ),
    "map events published yesterday": Case(
        lambda w: ["map", str(w / "e.csv"), *NO_NOTHING, "-o", str(w / "m.html")],
        _write(
            "e.csv",
            "date,place,kind,side,source,published\n"
            "2020-01-29,Saraqib,control_change,government,x,yesterday\n",
        ),
        "{w}/e.csv:2",
    ),
    "map route lat 200": Case(
        lambda w: ["map", "--route", str(w / "r.geojson"), "-o", str(w / "m.html")],
        _write("r.geojson", _route([[36.6, 200.0], [36.7, 35.9]])),
        "{w}/r.geojson",
    ),
    # Dates after the last report are valid everywhere ("as of the last report", issue 14);
    # dates before the first event are refused by map, export and diff alike.
    "map date before the data": Case(
        lambda w: ["map", "--date", "1999-01-01", "-o", str(w / "m.html")],
        _write("x", ""),
        "1999-01-01 is outside the data",
    ),
    "map from after to": Case(
        lambda w: ["map", "--from", "2020-03-01", "--to", "2020-01-01", "-o", str(w / "m.html")],
        _write("x", ""),
        "--from 2020-03-01 is after --to 2020-01-01",
    ),
    "map unknown option": Case(
        lambda w: ["map", "--bogus", "-o", str(w / "m.html")], _write("x", ""), "--bogus"
    ),
    # export
    "export events lat inf": Case(
        lambda w: ["export", str(w / "e.csv"), "--layer", "events", "-o", str(w / "o.geojson")],
        _write(
            "e.csv", EVENTS_HEADER + "2020-01-29,Saraqib,control_change,government,x,inf,36.8\n"
        ),
        "{w}/e.csv:2",
    ),
    "export events lon 500": Case(
        lambda w: ["export", str(w / "e.csv"), "--layer", "events", "-o", str(w / "o.geojson")],
        _write(
            "e.csv", EVENTS_HEADER + "2020-01-29,Saraqib,control_change,government,x,35.86,500\n"
        ),
        "{w}/e.csv:2",
    ),
    "export events field over 128 KiB is read": Case(
        # The big field is read (no csv field-limit crash); the bad lat after it is reported.
        lambda w: ["export", str(w / "e.csv"), "--layer", "events", "-o", str(w / "o.geojson")],
        _write(
            "e.csv",
            EVENTS_HEADER
            + '2020-01-29,Saraqib,control_change,government,"'
            + "x" * 200_000
            + '",,\n'
            + "2020-01-29,Saraqib,control_change,government,x,95,36\n",
        ),
        "{w}/e.csv:3",
    ),  # fmt: skip
    "export baseline latin-1": Case(
        lambda w: [
            "export",
            "--layer",
            "places",
            "--baseline",
            str(w / "b.csv"),
            "-o",
            str(w / "o.geojson"),
        ],
        _write(
            "b.csv",
            "place,side,as_of,source\nSar\xe1qib,government,2019-01-01,x\n".encode("latin-1"),
        ),
        "{w}/b.csv",
    ),  # fmt: skip
    "export aoi lat 200": Case(
        lambda w: [
            "export",
            "--layer",
            "control",
            "--date",
            "2020-01-01",
            "--aoi",
            str(w / "a.geojson"),
            "-o",
            str(w / "o.geojson"),
        ],
        _write(
            "a.geojson",
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {},
                            "geometry": {
                                "type": "Polygon",
                                "coordinates": [[[36, 35], [37, 200], [37, 35], [36, 35]]],
                            },
                        }
                    ],
                }
            ),
        ),
        "{w}/a.geojson",
    ),  # fmt: skip
    "export from after to": Case(
        lambda w: [
            "export",
            "--layer",
            "events",
            "--from",
            "2020-03-01",
            "--to",
            "2020-01-01",
            "-o",
            str(w / "o.geojson"),
        ],
        _write("x", ""),
        "--from 2020-03-01 is after --to 2020-01-01",
    ),  # fmt: skip
    # diff
    "diff events latin-1": Case(
        lambda w: ["diff", "2019-06-01", "2020-01-01", str(w / "e.csv")],
        _write("e.csv", LATIN1_EVENTS),
        "{w}/e.csv",
    ),
    "diff bad date": Case(
        lambda w: ["diff", "2019-13-01", "2020-01-01"], _write("x", ""), "2019-13-01"
    ),
    "diff baseline duplicate column": Case(
        lambda w: ["diff", "2019-06-01", "2020-01-01", "--baseline", str(w / "b.csv")],
        _write("b.csv", "place,side,as_of,source,side\nSaraqib,government,2019-01-01,x,y\n"),
        "{w}/b.csv",
    ),
    # gazetteer build
    "gazetteer build into a missing folder": Case(
        lambda w: ["gazetteer", "build", "-o", str(w / "no" / "g.csv")],
        _write("x", ""),
        "{w}/no/g.csv",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_one_line_exit_2(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES[name]
    work = tmp_path / "w"
    work.mkdir()
    case.make(work)
    before = _hashes(work, *SHIPPED)
    code, err = _run(case.argv(work), capsys)
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("frontline: error: "), err
    assert case.names.format(w=work) in lines[0], err
    assert "Traceback" not in err and "internal error" not in err
    assert _hashes(work, *SHIPPED) == before


# --- warnings, usage errors, size limit ------------------------------------------------------


def test_warnings_are_one_line_without_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "e.csv"
    events.write_text(
        EVENTS_HEADER
        + "2020-01-29,Saraqib,control_change,government,x,35.86447,36.80591\n"
        + "2020-01-30,Qqqxyzzy Nowhere,control_change,opposition,x,,\n",
        encoding="utf-8",
    )
    code, err = _run(["export", str(events), "--layer", "events", "-o",
                      str(tmp_path / "o.geojson")], capsys)  # fmt: skip
    assert code == 0, err
    lines = err.strip().splitlines()
    assert lines == [
        "frontline: warning: 1 place(s) not in the gazetteer (e.csv) (kept with empty lat/lon): "
        "Qqqxyzzy Nowhere"
    ]


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["export", "--layer", "nope", "-o", "x.geojson"], capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("frontline: error: ")
    assert "'nope' is not one of" in err and "frontline export --help" in err


def test_article_over_the_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_MAX_ARTICLE_MB", "0.001")  # 1000 bytes
    article = tmp_path / "big.txt"
    article.write_text("Government forces captured Saraqib. " * 100)  # 3600 bytes
    code, err = _run(["extract", str(article), "--published", "2020-01-29"], capsys)
    assert code == 2
    assert err == (
        f"frontline: error: {article}: article is 0.0 MB, over the 0.001 MB limit per article "
        "(one file should hold one article; split it, or raise FRONTLINE_MAX_ARTICLE_MB)\n"
    )


def test_geocode_batch_survives_unmatchable_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = tmp_path / "n.txt"
    names.write_text("Saraqib\n🔥\n?\n", encoding="utf-8")
    capsys.readouterr()
    main(["geocode", "--file", str(names), "--format", "csv"])
    rows = capsys.readouterr().out.strip().splitlines()
    assert rows[1].startswith("Saraqib,Saraqib,35.86447,36.80591")
    assert rows[2].startswith("🔥,,") and rows[3].startswith("?,,")


def test_write_errors_name_the_output_not_the_temp_file(tmp_path: Path) -> None:
    from frontline._io import atomic_path
    from frontline.errors import BadInputError

    target = tmp_path / "out.gpkg"
    with pytest.raises(BadInputError) as exc, atomic_path(target) as tmp:
        raise RuntimeError(f"driver failed to create {tmp}: disk full")
    assert str(exc.value) == f"{target}: cannot write: driver failed to create {target}: disk full"
    assert list(tmp_path.iterdir()) == []


def test_empty_event_table_is_a_clean_error() -> None:
    import geopandas as gpd

    import frontline
    from frontline.errors import BadInputError

    with pytest.raises(BadInputError, match="the event table is empty"):
        frontline.explore(gpd.GeoDataFrame())


def test_export_api_refuses_infinite_coordinates(tmp_path: Path) -> None:
    import math

    from frontline.errors import BadInputError
    from frontline.events.model import Event, events_to_frame
    from frontline.output.export import export

    event = Event(
        "x", "hand-coded", "2020-01-29", "2020-01-29", "day", "control_change", "Saraqib", "",
        math.inf, 36.8, "government", "", math.nan, "", -1, -1, 1.0, "s", "",
    )  # fmt: skip
    out = tmp_path / "o.geojson"
    with pytest.raises(BadInputError, match=r"lat=inf, lon=36.8 \(events row 0\)"):
        export(events_to_frame([event]), out, layers=["events"])
    assert not out.exists()
