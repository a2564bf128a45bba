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
from frontline.output.maps import legend, payload, popups, styles
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
    m = re.search(r"frontlineInit\(map_\w+, (\{.*\})\);", page, re.S)
    assert m, "frontlineInit call not found"
    return json.loads(m.group(1).replace("<\\/", "</"))


def test_map_offers_optional_tiles_layers_and_every_change_date(html_online, history):
    data = _payload(html_online)
    # online tiles are optional base layers, OpenStreetMap first; none is added by Python
    assert [t["url"].split("/")[2] for t in data["tiles"]] == [
        "tile.openstreetmap.org",
        "server.arcgisonline.com",
    ]
    assert "L.tileLayer" not in html_online.replace("L.tileLayer(t.url", "")
    assert data["layers"] == {
        "basemap": "Boundaries (Natural Earth)",
        "areas": "Control areas",
        "front": "Front line",
        "route": "Route: M5",
        "places": "Places",
        "events": "Events of the shown date",
    }
    assert set(history.dates) <= set(data["dates"])
    assert data["dates"] == sorted(data["dates"])
    assert data["start"] == len(data["dates"]) - 1  # opens on the last date
    assert re.search(r'"preferCanvas":\s*true', html_online)
    assert "L.control.scale" in html_online


def test_khan_shaykhun_intervals_match_control_at(history, html_online):
    data = _payload(html_online)
    ks = next(p for p in data["places"] if p["name"] == "Khan Shaykhun")
    styles = data["markerStyles"]

    def fill_on(d: str) -> str | None:
        for st in ks["states"]:
            if st["start"] <= d and (st["end"] == "" or d < st["end"]):
                return styles[st["style"]]["fill"]
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
    n_iv = sum(len(p["states"]) for p in data["places"])
    assert n_iv == len(history.places)
    # route coloured per stretch by side
    colours = {
        data["routeStyles"][iv[2]]["colour"]
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
                styles.CONTESTED_AREA
                if s == "contested"
                else SIDES.colour(s)
                if s in SIDES
                else styles.UNKNOWN_COLOUR
            )
            for s in want["side"]
        }
        shown = _shown(data["areas"], data["areaStyles"], day)
        got = gpd.GeoDataFrame(
            {"c": [st["colour"] for _, st in shown]},
            geometry=[shape(g) for g, _ in shown],
            crs=4326,
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
    text = payload.script_json({"s": "</script><script>alert(1)</script>", "c": "<!-- x"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text.replace("<\\/", "</"))["s"].startswith("</script>")


def test_links_only_for_http():
    assert popups.http_link("javascript:alert(1)") == "<span>javascript:alert(1)</span>"
    assert popups.http_link("https://a.example/x?y=1&z=2", "Reuters") == (
        '<a href="https://a.example/x?y=1&amp;z=2" target="_blank" '
        'rel="noopener noreferrer nofollow">Reuters</a>'
    )
    assert popups.linkify("see https://a.example/p and <b>") == (
        'see <a href="https://a.example/p" target="_blank" rel="noopener noreferrer nofollow">'
        "a.example</a> and &lt;b&gt;"
    )


def test_legend_chart_and_title(html_online):
    data = _payload(html_online)
    # the legend rows are drawn by the JS from these records (labels as plain text)
    records = {s["key"]: (s["label"], s["colour"]) for s in data["sides"]}
    for side in ("government", "opposition"):
        assert records[side] == (SIDES.label(side), SIDES.colour(side))
    assert data["chart_html"].startswith("<svg") and "fl-chart-cursor" in data["chart_html"]
    assert data["title"] == "Territorial control · M5"
    last = data["dates"][-1]
    share = data["share_html"][max(d for d in data["shareDates"] if d <= last)]
    assert re.search(r"<b>\d+%</b>", share)


def test_snapshot_and_range(history, events):
    m = maps.map_history(history, events, date="2019-08-20", sides=SIDES)
    data = _payload(m.get_root().render())
    assert data["dates"] == ["2019-08-20"]
    ks = next(p for p in data["places"] if p["name"] == "Khan Shaykhun")
    fills = [data["markerStyles"][st["style"]]["fill"] for st in ks["states"]]
    early = [f for f, st in zip(fills, ks["states"], strict=True) if st["start"] <= "2019-08-20"]
    assert early[-1] == OPP
    m = maps.map_history(history, events, start="2019-08-01", end="2020-01-31", sides=SIDES)
    data = _payload(m.get_root().render())
    assert data["dates"][0] == "2019-08-01" and data["dates"][-1] <= "2020-01-31"
    assert "2019-08-21" in data["dates"]
    with pytest.raises(FrontlineError):
        maps.map_history(history, events, start="2020-02-01", end="2019-01-01", sides=SIDES)
    with pytest.raises(FrontlineError):
        maps.map_history(history, events, date="21/08/2019", sides=SIDES)


def test_fit_bounds_follow_the_data(html_online, history):
    (south, west), (north, east) = _payload(html_online)["bounds"]
    lats, lons = history.places["lat"], history.places["lon"]
    assert south < lats.min() and lats.max() < north
    assert west < lons.min() and lons.max() < east
    assert north - south < 2  # the reported places, not a country or the world


def test_save_offline_has_no_network_and_restores_map(history, events, tmp_path):
    m = maps.map_history(history, events, sides=SIDES)
    out = maps.save_map(m, tmp_path / "off.html", self_contained=True)
    page = out.read_text(encoding="utf-8")
    assert external_urls(page) == []
    assert "cdn.jsdelivr" not in page
    assert "/* leaflet/leaflet.js (XStatic) */" in page
    assert "/* leaflet/leaflet.css (XStatic) */" in page
    assert re.search(r'<div class="fl-fallback" data-fl-map="map_\w+">', page)
    assert "allowed for local files" in page  # the self-contained page's fallback wording
    data = _payload(page)
    assert data["basemap"] and data["basemap"][0]["geojson"]["features"]
    # the default of save_map is the self-contained page
    default = maps.save_map(m, tmp_path / "default.html").read_text(encoding="utf-8")
    assert external_urls(default) == []
    # --cdn: Leaflet from the network, and a fallback saying so if it cannot load
    cdn = maps.save_map(m, tmp_path / "cdn.html", self_contained=False).read_text(encoding="utf-8")
    assert any(u.endswith("leaflet.js") for u in external_urls(cdn))
    assert "saved with --cdn" in cdn and "XStatic" not in cdn
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
    assert legend.chart_span(dates) == ("2019-05-06", "2020-03-04")
    assert legend.chart_span(["2019-05-06", "2019-08-21", "2020-03-04"]) == (
        "2019-05-06",
        "2020-03-04",
    )
    table = {
        "2012-01-01": {"opposition": 60.0, "outside": 40.0},
        "2019-08-21": {"government": 30.0, "contested": 10.0, "opposition": 20.0, "outside": 40.0},
    }
    svg, scale = legend.chart_svg(
        sorted(table), ["opposition", "outside", "government", "contested"], table, SIDES,
        "2019-05-06", "2020-03-04",
    )  # fmt: skip
    assert f'fill="{styles.CONTESTED_AREA}"' in svg and f'fill="{GOV}"' in svg
    assert ">6 May 2019<" in svg and ">4 Mar 2020<" in svg and "2012" not in svg
    assert scale is not None and scale["t1"] > scale["t0"]
    xs = [float(v) for v in re.findall(r"([\d.]+),[\d.]+", svg)]
    assert min(xs) >= 30 and max(xs) <= 262  # nothing drawn left of the axis


def test_colours_are_validated_before_reaching_styles():
    from frontline.errors import FrontlineWarning

    assert styles.safe_colour("#1F77B4") == "#1F77B4"
    assert styles.safe_colour("hsl(120, 50%, 40%)") == "hsl(120, 50%, 40%)"
    assert styles.safe_colour("darkred") == "darkred"
    for bad in ("red;background:url(https://x.example/a.png)", '#fff"><script>', "url(x)"):
        with pytest.warns(FrontlineWarning, match="not CSS colour syntax"):
            assert styles.safe_colour(bad) == styles.UNKNOWN_COLOUR


def test_bad_side_colour_and_route_name_never_reach_the_page_raw(history, events, tmp_path):
    from frontline.errors import FrontlineWarning
    from frontline.reference.sides import Side

    # Sides.load checks sides.csv, but a Sides built in code reaches the map unchecked.
    bad = "red;}</style><script>window.__x=1</script>"
    sides = Sides(
        [Side(s.side, "<b>Gov</b>", bad, s.aliases) if s.side == "government" else s for s in SIDES]
    )
    evil = "<img src=x onerror=alert(1)>"
    with pytest.warns(FrontlineWarning):
        m = maps.map_history(history, events, sides=sides, route_name=evil)
    page = maps.save_map(m, tmp_path / "evil.html").read_text(encoding="utf-8")
    assert "<script>window.__x" not in page and "}</style>" not in page
    data = _payload(page)
    gov = next(s for s in data["sides"] if s["key"] == "government")
    assert gov == {"key": "government", "label": "<b>Gov</b>", "colour": styles.UNKNOWN_COLOUR}
    assert data["layers"]["route"] == f"Route: {evil}"  # plain text: the JS escapes it
    assert f"<title>Territorial control · {evil}</title>" not in page
    assert "<title>Territorial control · &lt;img src=x onerror=alert(1)&gt;</title>" in page
    tips = {f["properties"]["tip"] for f in data["route"]["features"]}
    assert all(t.startswith("&lt;img src=x onerror=alert(1)&gt;") for t in tips)


def _event(eid: str, date: str, side: str, source: str, place: str = "Saraqib") -> dict:
    lon, lat = _waypoints()["Saraqeb"]
    return {
        "event_id": eid, "article": f"{eid}.txt", "published": date, "date": date,
        "date_precision": "day", "kind": "control_change", "place": place,
        "place_id": "saraqib_test", "lat": lat, "lon": lon, "side": side, "actor": "",
        "sentence": f"{source} says {side} holds {place}.", "source": source,
        "url": f"https://{source.lower()}.example/{eid}",
    }  # fmt: skip


def test_popup_says_when_sources_disagree_and_shows_both():
    evs = pd.DataFrame(
        [
            _event("a1", "2020-02-06", "government", "WireA"),
            _event("b1", "2020-02-07", "opposition", "WireB"),
            _event("c1", "2020-01-10", "opposition", "WireC"),
        ]
    )
    reports = popups.reports_by_place(evs)["saraqib_test"]
    note, ids = popups.disagreement_html(reports, "2020-02-06", "", SIDES)
    assert "Sources disagree" in note
    assert "WireA (2020-02-06)" in note and "WireB (2020-02-07)" in note
    assert SIDES.label("government") in note and SIDES.label("opposition") in note
    assert ids == ["a1", "b1"]
    # a month apart is a change of control, not a disagreement
    assert popups.disagreement_html(reports, "2020-01-01", "2020-02-01", SIDES) == ("", [])


def test_event_card_is_compact_and_names_the_outlet():
    card = popups.event_card(_event("a1", "2020-02-06", "government", "WireA"), SIDES)
    assert '<a href="https://wirea.example/a1" target="_blank" rel="noopener noreferrer' in card
    assert ">WireA</a>" in card
    assert card.count("<blockquote") == 1


def test_label_ranks_put_route_towns_and_reported_places_first(html_online):
    data = _payload(html_online)
    ranked = sorted(data["places"], key=lambda p: p["rank"])
    assert sorted(p["rank"] for p in ranked) == list(range(len(ranked)))
    on_route = [p["route"] for p in ranked]
    assert on_route == sorted(on_route, reverse=True)  # every route town before the others
    assert next(p for p in data["places"] if p["name"] == "Khan Shaykhun")["route"] is True


def test_inferred_cells_get_their_own_style(history, events):
    class Inferred:
        def __init__(self, h):
            self.__dict__.update({k: getattr(h, k) for k in ("places", "edges", "route_parts",
                                                             "route_share", "dates")})  # fmt: skip
            self.cells = h.cells.assign(basis=["inferred"] * len(h.cells))

    data = _payload(maps.map_history(Inferred(history), events, sides=SIDES).get_root().render())
    side_styles = [s for s in data["areaStyles"] if s["kind"] == "side"]
    assert side_styles and all(s["inferred"] and s["opacity"] < 1 for s in side_styles)
    plain = _payload(maps.map_history(history, events, sides=SIDES).get_root().render())
    assert not any(s["inferred"] for s in plain["areaStyles"])


def test_cli_map_is_self_contained_by_default_and_small_with_cdn(tmp_path, capsys):
    from frontline.cli import main

    def run(*args: str) -> str:
        try:
            main(["map", *args])
        except SystemExit as exc:  # click's standalone mode exits, even on success
            assert not exc.code
        return capsys.readouterr().out

    assert "(self-contained)" in run("-o", str(tmp_path / "a.html"))
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert external_urls(page) == [] and "/* leaflet/leaflet.js (XStatic) */" in page
    assert "(needs the network)" in run("--cdn", "-o", str(tmp_path / "b.html"))
    small = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert any(u.endswith("/leaflet.js") for u in external_urls(small))
    assert len(small) < len(page) - 100_000


def test_text_is_never_run_as_a_template(history, events):
    """Jinja syntax in an article must reach the page as text, not be evaluated."""
    row = dict(_xss_event(), event_id="jinja00000000001", sentence="Army {{ 7*7 }} {% if 1 %}x")
    evs = gpd.GeoDataFrame(
        pd.concat([events.drop(columns="geometry"), pd.DataFrame([row])], ignore_index=True)
    )
    page = maps.map_history(history, evs, sides=SIDES).get_root().render()
    assert "Army {{ 7*7 }} {% if 1 %}x" in page and "Army 49" not in page
