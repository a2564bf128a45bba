"""Render-and-assert tests of the HTML maps on the page string (no browser, no network)."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from frontline.errors import FrontlineError
from frontline.output.maps import render as maps
from frontline.output.maps.offline import external_urls, inline_assets
from frontline.reference.sides import Sides

ROOT = Path(__file__).resolve().parents[2]
SIDES = Sides.load()
GOV = SIDES.colour("government")
OPP = SIDES.colour("opposition")


def _waypoints() -> dict[str, tuple[float, float]]:
    with open(ROOT / "data" / "m5_waypoints.csv", encoding="utf-8") as fh:
        return {r["name"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(fh)}


def _reference_events() -> pd.DataFrame:
    """Hand-coded events: the reference control changes at M5 waypoints (real dates, coords)."""
    points = _waypoints()
    spell = {"Saraqib": "Saraqeb"}
    rows = []
    src = ROOT / "data" / "sources" / "nw_syria_control_changes.csv"
    with open(src, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            name = spell.get(r["place"], r["place"])
            if name not in points or r["kind"] not in {"captured", "recaptured"}:
                continue
            lon, lat = points[name]
            gain = SIDES.normalise(r["to_side"])
            lose = SIDES.normalise(r["from_side"])
            url = r["source"].split(" ")[0]
            eid = hashlib.sha1(f"{name}{r['date']}{gain}".encode()).hexdigest()[:16]
            rows.append(
                {
                    "event_id": eid,
                    "article": "curated",
                    "published": r["date"],
                    "date": r["date"],
                    "date_precision": "day",
                    "kind": "control_change",
                    "place": name,
                    "place_id": name.lower().replace(" ", "_"),
                    "lat": lat,
                    "lon": lon,
                    "side": gain,
                    "from_side": lose,
                    "actor": "",
                    "distance_km": float("nan"),
                    "sentence": f"{r['place']} {r['kind']} ({r['date_exact']})",
                    "char_start": 0,
                    "char_end": 0,
                    "confidence": 1.0,
                    "source": "nw_syria_control_changes.csv",
                    "url": url,
                }
            )
    return pd.DataFrame(rows)


def _xss_event() -> dict[str, object]:
    """The injection fixture (tests/fixtures/xss_corpus) as one event at Khan Shaykhun."""
    folder = ROOT / "tests" / "fixtures" / "xss_corpus"
    with open(folder / "articles.csv", encoding="utf-8") as fh:
        meta = next(csv.DictReader(fh))
    text = (folder / meta["file"]).read_text(encoding="utf-8").strip()
    lon, lat = _waypoints()["Khan Shaykhun"]
    return {
        "event_id": "xss0000000000001",
        "article": meta["title"],
        "published": meta["published"],
        "date": "2019-08-21",
        "date_precision": "day",
        "kind": "control_change",
        "place": "Khan Shaykhun",
        "place_id": "khan_shaykhun",
        "lat": lat,
        "lon": lon,
        "side": "government",
        "from_side": "opposition",
        "actor": "Syrian army",
        "distance_km": 0.0,
        "sentence": text,
        "char_start": 0,
        "char_end": len(text),
        "confidence": 0.9,
        "source": meta["source"],
        "url": meta["url"],
    }


@pytest.fixture(scope="module")
def events() -> gpd.GeoDataFrame:
    df = pd.concat([_reference_events(), pd.DataFrame([_xss_event()])], ignore_index=True)
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.lon, df.lat), crs="EPSG:4326")


@pytest.fixture(scope="module")
def history(events: gpd.GeoDataFrame):
    from frontline.control.timeline import ControlTimeline
    from frontline.spatial.history import build_history
    from frontline.spatial.route import load_route

    # Khan Shaykhun's holder before its capture: from_side of the reference row of 2019-08-19.
    baseline = pd.DataFrame(
        [
            {
                "place": "Khan Shaykhun",
                "side": "opposition",
                "as_of": "2019-08-19",
                "source": "data/sources/nw_syria_control_changes.csv (2019-08-19, from_side)",
            }
        ]
    )
    timeline = ControlTimeline(events, baseline=baseline, sides=SIDES)
    return build_history(timeline, route=load_route())


@pytest.fixture(scope="module")
def html_online(history, events) -> str:
    m = maps.map_history(history, events, sides=SIDES, route_name="M5")
    return m.get_root().render()


def _payload(page: str) -> dict:
    m = re.search(r"frontlineInit\([^,]+, \{.*?\}, (\{.*\})\);", page, re.S)
    assert m, "frontlineInit call not found"
    return json.loads(m.group(1).replace("<\\/", "</"))


def test_online_map_has_tiles_layers_and_every_change_date(html_online, history):
    assert "tile.openstreetmap.org" in html_online
    assert "World_Imagery" in html_online  # the second base layer
    for layer in ("Control areas", "Front line", "Places", "Events of the shown date"):
        assert f'"{layer}"' in html_online  # LayerControl entries
    data = _payload(html_online)
    assert set(history.dates) <= set(data["dates"])
    assert data["dates"] == sorted(data["dates"])
    assert data["start"] == len(data["dates"]) - 1  # opens on the last date
    assert "preferCanvas" in html_online and "true" in html_online
    assert "L.control.scale" in html_online


def test_khan_shaykhun_intervals_match_control_at(history, html_online):
    data = _payload(html_online)
    ks = next(p for p in data["places"] if p["name"] == "Khan Shaykhun")
    styles = data["styles"]

    def fill_on(d: str) -> str | None:
        for f, t, s, _, _ in ks["iv"]:
            if f <= d and (t == "" or d < t):
                return styles[s][0]
        return None

    assert fill_on("2019-08-20") == OPP
    assert fill_on("2019-08-21") == GOV
    # every slider date shows exactly control_at(date)
    for d in data["dates"]:
        rows = history.places[
            (history.places.valid_from <= d)
            & ((history.places.valid_to == "") | (history.places.valid_to > d))
        ]
        want = rows.loc[rows.place == "Khan Shaykhun", "side"].tolist()
        assert [fill_on(d)] == [SIDES.colour(s) for s in want]


def test_one_feature_per_cell_edge_and_stretch_not_per_date(history, html_online):
    data = _payload(html_online)
    # each cell / edge / route stretch once, with one state per History row
    for key, layer, table in (
        ("cell_id", "areas", history.cells),
        ("edge_id", "front", history.edges),
        ("part_id", "route", history.route_parts),
    ):
        feats = data[layer]["features"]
        assert len(feats) == table[key].nunique()
        assert sum(len(f["properties"]["iv"]) for f in feats) == len(table)
    n_iv = sum(len(p["iv"]) for p in data["places"])
    assert n_iv == len(history.places)
    # route coloured per stretch by side
    colours = {
        data["routeStyles"][iv[2]][0]
        for f in data["route"]["features"]
        for iv in f["properties"]["iv"]
    }
    assert GOV in colours and OPP in colours


def _shown(layer: dict, styles: list, day: str) -> list[tuple[dict, list]]:
    out = []
    for f in layer["features"]:
        for a, b, k in f["properties"]["iv"]:
            if a <= day and (b == "" or day < b):
                out.append((f["geometry"], styles[k]))
    return out


def test_cells_shown_are_control_at_every_sampled_date(history, html_online):
    """What the map draws on a date, dissolved by colour, is control_areas(control_at(date))."""
    import shapely
    from shapely.geometry import shape

    from frontline.spatial.areas import control_areas, front_lines

    data = _payload(html_online)
    sample = data["dates"][:: max(1, len(data["dates"]) // 6)] + [data["dates"][-1]]
    for day in sample:
        control = history.places[
            (history.places.valid_from <= day)
            & ((history.places.valid_to == "") | (history.places.valid_to > day))
        ].rename(columns={"valid_from": "since"})
        want = control_areas(control).to_crs(32637)
        colour = {
            s: (
                maps.CONTESTED_AREA
                if s == "contested"
                else SIDES.colour(s)
                if s in SIDES
                else maps.UNKNOWN_COLOUR
            )
            for s in want["side"]
        }
        shown = _shown(data["areas"], data["areaStyles"], day)
        got = gpd.GeoDataFrame(
            {"c": [st[0] for _, st in shown]}, geometry=[shape(g) for g, _ in shown], crs=4326
        ).to_crs(32637)
        for side, geom in zip(want["side"], want.geometry, strict=True):
            mine = shapely.union_all(got.geometry[got["c"] == colour[side]].values)
            assert shapely.symmetric_difference(mine, geom).area < 0.005 * geom.area, (day, side)
        lines = [shape(g) for g, _ in _shown(data["front"], data["frontStyles"], day)]
        km = gpd.GeoSeries(lines, crs=4326).to_crs(32637).length.sum() / 1000
        assert km == pytest.approx(front_lines(control_areas(control))["length_km"].sum(), rel=0.02)


def test_untrusted_text_is_escaped(html_online):
    page = html_online
    assert "<script>window.__xss" not in page
    assert "onerror=" not in page.replace("onerror=&quot;", "").replace("onerror=\\&quot;", "")
    assert "<img src=x" not in page
    assert "&lt;script&gt;window.__xss=1" in page
    assert "&lt;img src=x onerror=&quot;window.__xss=5&quot;&gt;" in page
    # the javascript: URL is shown as text, never as a link
    assert 'href="javascript:' not in page
    assert "javascript:window.__xss=3" in page
    # http(s) sources do become links
    assert re.search(r'<a href=\\?"https://[^"]+\\?" target=', page)


def test_escaped_json_cannot_close_the_script():
    text = maps._script_json({"s": "</script><script>alert(1)</script>", "c": "<!-- x"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text.replace("<\\/", "</"))["s"].startswith("</script>")


def test_links_only_for_http():
    assert maps._http_link("javascript:alert(1)") == "<span>javascript:alert(1)</span>"
    assert maps._http_link("https://a.example/x?y=1&z=2").startswith(
        '<a href="https://a.example/x?y=1&amp;z=2"'
    )
    assert maps._linkify("see https://a.example/p and <b>") == (
        'see <a href="https://a.example/p" target="_blank" rel="noopener noreferrer nofollow">'
        "https://a.example/p</a> and &lt;b&gt;"
    )


def test_legend_chart_and_title(html_online):
    data = _payload(html_online)
    legend = data["legend"]
    for side in ("government", "opposition"):
        assert SIDES.colour(side) in legend
        assert SIDES.label(side).replace("(", "(") in legend
    assert "<svg" in legend and "fl-chart-cursor" in legend
    assert data["title"] == "Territorial control · M5"
    last = data["dates"][-1]
    share = data["share"][max(d for d in data["shareDates"] if d <= last)]
    assert "%" in share


def test_snapshot_and_range(history, events):
    m = maps.map_history(history, events, date="2019-08-20", sides=SIDES)
    data = _payload(m.get_root().render())
    assert data["dates"] == ["2019-08-20"]
    ks = next(p for p in data["places"] if p["name"] == "Khan Shaykhun")
    assert [data["styles"][iv[2]][0] for iv in ks["iv"] if iv[0] <= "2019-08-20"][-1] == OPP
    m = maps.map_history(history, events, start="2019-08-01", end="2020-01-31", sides=SIDES)
    data = _payload(m.get_root().render())
    assert data["dates"][0] == "2019-08-01" and data["dates"][-1] <= "2020-01-31"
    assert "2019-08-21" in data["dates"]
    with pytest.raises(FrontlineError):
        maps.map_history(history, events, start="2020-02-01", end="2019-01-01", sides=SIDES)
    with pytest.raises(FrontlineError):
        maps.map_history(history, events, date="21/08/2019", sides=SIDES)


def test_fit_bounds_follow_the_data(html_online, history):
    m = re.search(r"fitBounds\(\s*\[\[([\d.]+), ([\d.]+)\], \[([\d.]+), ([\d.]+)\]\]", html_online)
    assert m, "no fitBounds"
    south, west, north, east = map(float, m.groups())
    lats, lons = history.places["lat"], history.places["lon"]
    assert south < lats.min() and lats.max() < north
    assert west < lons.min() and lons.max() < east
    assert north - south < 2  # the reported places, not a country or the world


def test_save_offline_has_no_network_and_restores_map(history, events, tmp_path):
    m = maps.map_history(history, events, sides=SIDES)
    out = maps.save_map(m, tmp_path / "off.html", self_contained=True)
    page = out.read_text(encoding="utf-8")
    assert external_urls(page) == []
    assert "cdn.jsdelivr" not in page and "tile.openstreetmap.org" not in page
    assert "XStatic" in page and "L.version" not in page or "Leaflet" in page
    assert '"offline":true' in page
    data = _payload(page)
    assert data["basemap"] and data["basemap"][0]["geojson"]["features"]
    # the same map object still renders online afterwards
    again = m.get_root().render()
    assert "tile.openstreetmap.org" in again and '"offline":false' in again
    online = maps.save_map(m, tmp_path / "on.html")
    assert "tile.openstreetmap.org" in online.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*"))  # atomic write left no temp file


def test_inliner_refuses_unknown_cdn_assets():
    page = '<script src="https://cdn.example.org/other-plugin.js"></script>'
    with pytest.raises(FrontlineError, match="other-plugin.js"):
        inline_assets(page)
    assert inline_assets('<link rel="stylesheet" href="https://x/bootstrap.min.css"/>') == ""


def test_history_layers_work_with_geopandas_explore(history):
    pytest.importorskip("mapclassify", reason="GeoDataFrame.explore() needs mapclassify")
    for layer in (history.places, history.control, history.frontline, history.route):
        page = layer.explore().get_root().render()
        assert "valid_from" in page  # the interval columns reach the tooltips


def test_route_chart_spans_the_slider_and_colours_contested():
    dates = ["2012-01-01", "2019-05-06", "2019-08-21", "2020-03-04"]
    # a first position years before the rest (a historical baseline) is left off the axis
    assert maps._chart_span(dates) == ("2019-05-06", "2020-03-04")
    assert maps._chart_span(["2019-05-06", "2019-08-21", "2020-03-04"]) == (
        "2019-05-06",
        "2020-03-04",
    )
    table = {
        "2012-01-01": {"opposition": 60.0, "outside": 40.0},
        "2019-08-21": {"government": 30.0, "contested": 10.0, "opposition": 20.0, "outside": 40.0},
    }
    svg, scale = maps._chart_svg(
        sorted(table), ["opposition", "outside", "government", "contested"], table, SIDES,
        "2019-05-06", "2020-03-04",
    )  # fmt: skip
    assert f'fill="{maps.CONTESTED_AREA}"' in svg and f'fill="{GOV}"' in svg
    assert ">6 May 2019<" in svg and ">4 Mar 2020<" in svg and "2012" not in svg
    assert scale is not None and scale["t1"] > scale["t0"]
    xs = [float(v) for v in re.findall(r"([\d.]+),[\d.]+", svg)]
    assert min(xs) >= 30 and max(xs) <= 262  # nothing drawn left of the axis
