"""The map in a real browser: Debian's headless Chromium driven by Playwright.

By default every request that is not ``file:`` or ``data:`` is aborted and recorded; the
tests assert there were none. Run with ``pytest -m browser``; skipped only when
/usr/bin/chromium is missing.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import pytest

from browser_helpers import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
XSS_CORPUS = ROOT / "tests" / "fixtures" / "xss_corpus"
EVIL = "<img src=x onerror=\"window.__xss='route'\">"
# A 1x1 PNG served for tile requests when the network is "allowed" (the sandbox has none).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


class Page:
    """A loaded page with its console errors and the network requests it tried."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def open_page(
    browser: Any,
    path: Path | str,
    viewport: tuple[int, int] = (1400, 900),
    network: bool = False,
    wait: bool = True,
    **context: Any,
) -> Page:
    """Open ``path`` (a file or file: URL). Requests leaving the page are recorded and, with
    ``network``, answered with a blank tile; without it, aborted."""
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, **context)
    page = ctx.new_page()
    out = Page(page)
    page.on("console", lambda m: out.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: out.errors.append(str(e)))

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
            return
        out.requests.append(url)
        if network:
            r.fulfill(status=200, content_type="image/png", body=PNG)
        else:
            r.abort()

    page.route("**/*", route)
    page.goto(path if isinstance(path, str) else path.as_uri())
    if wait:
        page.wait_for_function("window.frontline !== undefined")
    return out


def _save(tmp: Path, name: str, **kwargs: Any) -> Path:
    from frontline.output.maps.render import save_map
    from frontline.pipeline import make_map

    self_contained = kwargs.pop("self_contained", True)
    return save_map(make_map(**kwargs), tmp / name, self_contained=self_contained)


@pytest.fixture(scope="module")
def seeds_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from frontline.output.maps.render import save_map
    from frontline.pipeline import make_map

    out = tmp_path_factory.mktemp("maps") / "seeds.html"
    save_map(make_map(), out)  # the default: self-contained
    return out


@pytest.fixture(scope="module")
def xss_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("maps")
    return _save(tmp, "xss.html", events=[XSS_CORPUS], curated=True)


@pytest.fixture(scope="module")
def seeds_control() -> Any:
    from frontline.control.timeline import ControlTimeline
    from frontline.pipeline import load_events

    return ControlTimeline(load_events(None, curated=True))


@pytest.fixture(scope="module")
def payload(seeds_map: Path) -> dict[str, Any]:
    page = seeds_map.read_text(encoding="utf-8")
    m = re.search(r"frontlineInit\(map_\w+, (\{.*\})\);", page, re.S)
    assert m
    return json.loads(m.group(1).replace("<\\/", "</"))


def _colour(side: str) -> str:
    from frontline.reference.sides import Sides

    return Sides.load().colour(side)


def test_default_map_loads_with_no_network(browser, seeds_map, seeds_control, tmp_path):
    p = open_page(browser, seeds_map)
    page = p.page
    dates = page.evaluate("frontline.dates")
    assert len(dates) > 1 and dates == sorted(dates)
    shown = page.evaluate("frontline.getDate()")
    assert shown == dates[-1]
    # the expected markers: exactly the located places of control_at(shown date)
    want = seeds_control.control_at(shown)
    want = sorted(set(want.loc[want["lat"].notna(), "place"]))
    assert sorted(set(page.evaluate("frontline.visible()"))) == want
    assert "Khan Shaykhun" in want
    counts = page.evaluate("frontline.counts()")
    assert counts["areas"] > 0 and counts["route"] > 0 and counts["labels"] >= 10
    assert re.search(r"\d+%", page.locator(".fl-legend").inner_text())
    assert not page.locator(".fl-fallback").first.is_visible()
    page.screenshot(path=str(tmp_path / "seeds.png"))
    assert (tmp_path / "seeds.png").stat().st_size > 10_000
    assert p.requests == []
    assert p.errors == []


def test_online_tiles_load_only_when_chosen(browser, seeds_map):
    p = open_page(browser, seeds_map, network=True)
    page = p.page
    page.wait_for_timeout(300)
    assert p.requests == []  # allowed, but nothing asked for
    page.locator(".leaflet-control-layers").hover()
    page.get_by_text("OpenStreetMap (online)").click()
    page.wait_for_function("document.querySelectorAll('img.leaflet-tile-loaded').length > 0")
    hosts = {urlparse(u).hostname for u in p.requests}
    assert hosts == {"tile.openstreetmap.org"}
    assert all(re.search(r"/\d+/\d+/\d+\.png$", u) for u in p.requests)
    assert p.errors == []


def test_cdn_page_says_in_words_when_leaflet_cannot_load(browser, tmp_path):
    path = _save(tmp_path, "cdn.html", self_contained=False)
    p = open_page(browser, path, wait=False)
    page = p.page
    page.wait_for_load_state("load")
    note = page.locator(".fl-fallback").last
    assert note.is_visible()
    assert "could not start" in note.inner_text() and "--cdn" in note.inner_text()
    assert any("leaflet" in u for u in p.requests)  # it tried the CDN, which was blocked


def test_khan_shaykhun_changes_colour_with_the_slider(browser, seeds_map):
    p = open_page(browser, seeds_map)
    page = p.page
    # the curated layer has government forces entering on 2019-08-19, capturing on 2019-08-21
    assert page.evaluate("frontline.setDate('2019-08-18')") <= "2019-08-18"
    assert page.evaluate("frontline.place('Khan Shaykhun').fill") == _colour("opposition")
    assert "Aug 2019" in page.locator(".fl-date").inner_text()
    assert page.evaluate("frontline.setDate('2019-08-21')") == "2019-08-21"
    assert page.evaluate("frontline.place('Khan Shaykhun').fill") == _colour("government")
    assert page.locator(".fl-date").inner_text() == "21 Aug 2019"
    assert page.locator(".fl-title-date").inner_text() == "Control on 21 Aug 2019"
    # retaken on Wednesday 21 Aug 2019 (seed article) and government-held on every later date;
    # between forces entering and the capture the place may be contested
    dates = page.evaluate("frontline.dates")
    for d in [d for d in dates if d >= "2019-08-21"]:
        assert page.evaluate(f"frontline.setDate('{d}')") == d
        assert page.evaluate("frontline.place('Khan Shaykhun').fill") == _colour("government"), d
    for d in [d for d in dates if "2019-08-18" < d < "2019-08-21"]:
        page.evaluate(f"frontline.setDate('{d}')")
        ks = page.evaluate("frontline.place('Khan Shaykhun')")
        assert ks["fill"] in {_colour("opposition"), _colour("government"), "#ffffff"}, (d, ks)

    # now the real controls: the range input, the step button and the keyboard
    before = max(i for i, d in enumerate(dates) if d < "2019-08-19")
    after = dates.index("2019-08-21")
    slider = page.locator("input.fl-range")
    slider.fill(str(before))
    assert page.evaluate("frontline.getDate()") == dates[before]
    assert page.evaluate("frontline.place('Khan Shaykhun').fill") == _colour("opposition")
    page.locator(".fl-next").click()
    assert page.evaluate("frontline.getDate()") == dates[before + 1]
    slider.focus()
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("frontline.getDate()") == dates[before]
    page.locator("body").click(position={"x": 700, "y": 450})
    page.keyboard.press("ArrowRight")
    assert page.evaluate("frontline.getDate()") == dates[before + 1]
    slider.fill(str(after))
    assert page.evaluate("frontline.getDate()") == "2019-08-21"
    assert page.evaluate("frontline.place('Khan Shaykhun').fill") == _colour("government")
    page.locator(".fl-play").click()
    page.wait_for_function(f"frontline.getDate() > '{dates[before + 1]}'", timeout=5000)
    page.locator(".fl-play").click()  # pause
    assert p.requests == [] and p.errors == []


def _label_boxes(page: Any) -> list[tuple[str, float, float, float, float]]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.fl-label'))
          .filter(e => e.style.display !== 'none' && e.offsetParent !== null)
          .map(e => { const r = e.getBoundingClientRect();
                      return [e.textContent, r.left, r.top, r.right, r.bottom]; })"""
    )


def _in_view(page: Any) -> set[str]:
    """Names of the places drawn on the shown date whose marker is on screen."""
    return set(
        page.evaluate(
            """() => { const s = frontline.map.getSize(); return frontline.visible().filter(n => {
              const p = frontline.place(n); return p.x >= 0 && p.y >= 0 && p.x <= s.x && p.y <= s.y;
            }); }"""
        )
    )


def test_labels_never_overlap_and_event_places_are_labelled(browser, seeds_map, payload):
    p = open_page(browser, seeds_map)
    page = p.page
    for zoom_steps in (0, 1, 2):
        if zoom_steps:
            page.evaluate("void frontline.map.zoomIn(1, {animate: false})")
            page.wait_for_timeout(100)
        boxes = _label_boxes(page)
        assert len(boxes) >= 10, zoom_steps
        for a, b in combinations(boxes, 2):
            apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
            assert apart, (zoom_steps, a, b)
        labels = set(page.evaluate("frontline.labels()"))
        assert labels == {b[0] for b in boxes}
        # every route town in view is labelled (at 1400x900; a phone may drop some)
        route_towns = {pl["name"] for pl in payload["places"] if pl["route"]}
        assert route_towns & _in_view(page) <= labels, zoom_steps
    # back at the default view: the place of each event of the shown date is labelled
    bounds = json.dumps(payload["bounds"])
    page.evaluate(f"void frontline.map.fitBounds({bounds}, {{animate: false}})")
    for d in ("2019-08-21", "2020-01-28", "2020-02-08"):
        shown = page.evaluate(f"frontline.setDate('{d}')")
        ids = {e["place"] for e in payload["events"] if e["date"] == shown}
        names = {p["name"] for p in payload["places"] if p["id"] in ids or p["name"] in ids}
        visible = _in_view(page)
        assert names & visible, d
        assert names & visible <= set(page.evaluate("frontline.labels()")), d
    assert p.errors == []


def _sides_drawn(payload: dict[str, Any], day: str) -> set[str]:
    """Side keys the payload draws on ``day`` (markers, areas, route), computed in Python."""

    def on(a: str, b: str) -> bool:
        return a <= day and (b == "" or day < b)

    out: set[str] = set()
    for pl in payload["places"]:
        for st in pl["states"]:
            if on(st["start"], st["end"]):
                ms = payload["markerStyles"][st["style"]]
                out |= {ms["side"], ms["besieger"]}
    for layer, styles in (("areas", "areaStyles"), ("route", "routeStyles")):
        for f in payload[layer]["features"]:
            for a, b, k in f["properties"]["iv"]:
                if on(a, b):
                    out.add(payload[styles][k]["side"])
    return out - {""}


def test_legend_lists_exactly_the_sides_drawn(browser, seeds_map, payload):
    p = open_page(browser, seeds_map)
    page = p.page
    dates = payload["dates"]
    for d in (dates[0], "2019-08-21", dates[-1]):
        shown = page.evaluate(f"frontline.setDate('{d}')")
        entries = page.eval_on_selector_all(
            ".fl-legend [data-side]", "els => els.map(e => e.getAttribute('data-side'))"
        )
        assert set(entries) == _sides_drawn(payload, shown), shown
        assert len(entries) == len(set(entries))
        assert entries == page.evaluate("frontline.sidesDrawn()")
    # the swatch of a side is drawn in its colour
    gov = page.locator('.fl-legend [data-side="government"] circle').first
    assert gov.get_attribute("fill") == _colour("government")


def test_permalink_round_trip(browser, seeds_map):
    p = open_page(browser, seeds_map)
    page = p.page
    page.evaluate("frontline.setDate('2019-08-21')")
    page.evaluate("void frontline.map.setView([35.6, 36.7], 11, {animate: false})")
    page.wait_for_function("location.hash === '#date=2019-08-21&map=11/35.60000/36.70000'")
    url = page.url
    q = open_page(browser, url)
    assert q.page.evaluate("frontline.getDate()") == "2019-08-21"
    assert q.page.evaluate("frontline.map.getZoom()") == 11
    c = q.page.evaluate("(() => { const c = frontline.map.getCenter(); return [c.lat, c.lng]; })()")
    assert c == pytest.approx([35.6, 36.7], abs=1e-4)
    assert q.page.locator(".fl-date").inner_text() == "21 Aug 2019"
    # the API: onChange reports every change of date
    seen = q.page.evaluate(
        """() => { const out = []; frontline.onChange(d => out.push(d));
        frontline.setDate('2020-01-01'); frontline.setDate('2020-03-04'); return out; }"""
    )
    assert len(seen) == 2 and seen[-1] == "2020-03-04" and seen[0] <= "2020-01-01"
    assert p.errors == [] and q.errors == [] and p.requests == [] and q.requests == []


def _covered_share(page: Any) -> float:
    """Share of the viewport covered by the map's controls (sampled every 4 px)."""
    return page.evaluate(
        """() => {
        const sel = '.leaflet-control, .fl-title';
        const rects = Array.from(document.querySelectorAll(sel))
          .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect());
        const W = innerWidth, H = innerHeight; let hit = 0, n = 0;
        for (let x = 2; x < W; x += 4) for (let y = 2; y < H; y += 4) {
          n++;
          if (rects.some(r => x >= r.left && x < r.right && y >= r.top && y < r.bottom)) hit++;
        }
        return hit / n; }"""
    )


def test_phone_layout_keeps_the_map_visible_and_the_slider_usable(browser, seeds_map):
    p = open_page(browser, seeds_map, (390, 844), has_touch=True, is_mobile=True)
    page = p.page
    assert _covered_share(page) <= 0.40
    assert not page.locator(".fl-legend-body").is_visible()  # behind the Legend button
    page.get_by_role("button", name="Legend").tap()
    assert page.locator(".fl-legend-body").is_visible()
    page.get_by_role("button", name="Legend").tap()
    dates = page.evaluate("frontline.dates")
    page.locator(".fl-prev").tap()
    assert page.evaluate("frontline.getDate()") == dates[-2]
    box = page.locator("input.fl-range").bounding_box()
    assert box["height"] >= 30 and box["width"] >= 150
    page.touchscreen.tap(box["x"] + 8, box["y"] + box["height"] / 2)
    assert page.evaluate("frontline.getDate()") < dates[len(dates) // 4]
    assert p.requests == [] and p.errors == []


def test_popup_links_are_http_only_and_outlets_named(browser, seeds_map, payload):
    p = open_page(browser, seeds_map)
    page = p.page
    seen = 0
    for d in ("2019-08-21", payload["dates"][-1]):
        page.evaluate(f"frontline.setDate('{d}')")
        for name in page.evaluate("frontline.visible()"):
            assert page.evaluate(f"frontline.openPopup({json.dumps(name)})")
            links = page.eval_on_selector_all(
                ".leaflet-popup-content a",
                "els => els.map(a => [a.getAttribute('href'), a.rel, a.textContent])",
            )
            for href, rel, text in links:
                assert href.startswith(("http://", "https://")), (name, href)
                assert {"noopener", "noreferrer"} <= set(rel.split()), (name, rel)
                assert text and not text.startswith("http"), (name, text)  # the outlet
                seen += 1
    assert seen > 0


def test_five_reports_fit_without_scrolling_and_disagreement_is_shown(browser, tmp_path):
    from frontline.output.maps.render import save_map
    from frontline.pipeline import make_map
    from frontline.reference.gazetteer import Gazetteer

    place = Gazetteer.load().geocode("Saraqib")
    assert place is not None
    rows = []
    for i, (day, side, outlet) in enumerate(
        [
            ("2020-02-08", "government", "Wire One"),
            ("2020-02-08", "opposition", "Wire Two"),
            ("2020-02-08", "government", "Wire Three"),
            ("2020-02-09", "government", "Wire Four"),
            ("2020-02-09", "government", "Wire Five"),
        ]
    ):
        rows.append(
            {
                "event_id": f"ev{i:014d}", "article": f"a{i}.txt", "published": day,
                "date": day, "date_precision": "day", "kind": "control_change",
                "place": place.name, "place_id": place.place_id, "lat": place.lat,
                "lon": place.lon, "side": side, "actor": "", "source": outlet,
                "url": f"https://news{i}.example/story", "confidence": 0.9,
                "sentence": f"{outlet} reported that forces of the {side} side were in "
                f"control of {place.name} on {day} after heavy fighting around the town "
                "and its eastern approaches, according to local sources on the ground.",
            }
        )  # fmt: skip
    import geopandas as gpd

    df = pd.DataFrame(rows)
    events = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.lon, df.lat), crs="EPSG:4326")
    path = save_map(make_map(events, curated=False), tmp_path / "five.html")
    p = open_page(browser, path, (1366, 768))
    page = p.page
    assert page.evaluate("frontline.setDate('2020-02-08')") == "2020-02-08"
    assert page.evaluate(f"frontline.openPopup({json.dumps(place.name)})")
    content = page.locator(".leaflet-popup-content")
    content.wait_for()
    note = page.locator(".leaflet-popup-content .fl-disagree").inner_text()
    assert note.startswith("Sources disagree") and "Wire One" in note and "Wire Two" in note
    assert page.locator(".leaflet-popup-content .fl-ev").count() == 5
    sizes = page.evaluate(
        """() => { const e = document.querySelector('.leaflet-popup-content');
        return [e.scrollHeight, e.clientHeight, e.getBoundingClientRect().height]; }"""
    )
    assert sizes[0] <= sizes[1] + 1, sizes  # no scrollbar
    assert p.errors == []


def test_popup_shows_escaped_text_and_nothing_runs(browser, xss_map):
    p = open_page(browser, xss_map)
    page = p.page
    page.evaluate("frontline.setDate('2019-08-23')")
    ks = page.evaluate("frontline.place('Khan Shaykhun')")
    assert ks is not None
    page.mouse.click(ks["x"], ks["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    text = popup.inner_text()
    assert "Khan Shaykhun" in text
    assert "<script>window.__xss=1;document.title='pwned'</script>" in text  # shown literally
    assert '<img src=x onerror="window.__xss=5">' in text
    assert popup.locator("img").count() == 0 and popup.locator("script").count() == 0
    assert popup.locator("a[href^='javascript']").count() == 0
    assert "Evil <b>Outlet</b>" in text  # the outlet name, as text
    assert page.evaluate("window.__xss") is None
    assert page.title() != "pwned"
    assert p.requests == [] and p.errors == []


def test_xss_in_route_name_and_title_does_not_run(browser, tmp_path):
    import geopandas as gpd

    from frontline.output.maps.render import save_map
    from frontline.pipeline import make_map
    from frontline.spatial.route import load_route

    # the route name comes from the route file: write one with a hostile name

    route = load_route().assign(name=EVIL)
    route_file = tmp_path / "evil_route.geojson"
    gpd.GeoDataFrame(route, crs="EPSG:4326").to_file(route_file, driver="GeoJSON")
    m = make_map(route=route_file, title=f"Title {EVIL}")
    path = save_map(m, tmp_path / f"{EVIL[:4]}route.html")
    p = open_page(browser, path)
    page = p.page
    page.locator(".leaflet-control-layers").hover()
    assert page.get_by_text(f"Route: {EVIL}").is_visible()  # shown as text
    assert page.locator(".fl-title-main").inner_text() == f"Title {EVIL}"
    assert page.locator(".leaflet-control-layers img, .fl-title img").count() == 0
    assert page.evaluate("window.__xss") is None
    assert p.errors == [] and p.requests == []


def test_two_maps_on_one_page_are_independent(browser, tmp_path):
    from branca.element import Figure

    from frontline.output.maps.offline import inline_assets
    from frontline.pipeline import make_map

    fig = Figure()
    a, b = make_map(), make_map()
    for m in (a, b):
        m.height = (45.0, "%")
        fig.add_child(m)
    path = tmp_path / "two.html"
    path.write_text(inline_assets(fig.render()), encoding="utf-8")
    p = open_page(browser, path)
    page = p.page
    assert page.evaluate("frontlineMaps.length") == 2
    first, last = page.evaluate("[frontlineMaps[0].getDate(), frontlineMaps[1].getDate()]")
    page.evaluate("frontlineMaps[1].setDate('2019-08-21')")
    assert page.evaluate("frontlineMaps[0].getDate()") == first
    assert page.evaluate("frontlineMaps[1].getDate()") == "2019-08-21"
    # keys go to the map that has the focus
    page.locator(".folium-map").nth(1).click(position={"x": 300, "y": 200})
    page.keyboard.press("Home")
    assert page.evaluate("frontlineMaps[1].getDate()") == page.evaluate("frontlineMaps[1].dates[0]")
    assert page.evaluate("frontlineMaps[0].getDate()") == first == last
    assert page.locator(".fl-slider").count() == 2
    assert p.errors == [] and p.requests == []


def test_xss_in_every_user_field_does_not_run(browser, tmp_path):
    """A payload in side labels, side keys' actor aliases, gazetteer names and alternate
    names, event place names, sources, URLs and notes, the route name and the title: each is
    shown as text and none runs. A hostile colour is refused before it reaches a style."""
    from frontline.errors import BadInputError
    from frontline.events.model import read_events
    from frontline.reference.gazetteer import Gazetteer
    from frontline.reference.sides import Sides

    def evil(tag: str) -> str:
        return f"<img src=x onerror=\"window.__xss='{tag}'\">"

    (tmp_path / "bad_colour.csv").write_text(
        'side,label,colour,aliases\ngovernment,Gov,"red;background:url(javascript:x)",army\n',
        encoding="utf-8",
    )
    with pytest.raises(BadInputError, match="colour"):
        Sides.load(tmp_path / "bad_colour.csv")

    shipped = Sides.load()
    rows = ["side,label,colour,aliases"]
    for key, tag in (("government", "label-g"), ("opposition", "label-o")):
        label = f"{shipped.label(key)} {evil(tag)}".replace('"', '""')
        alias = f"{key} forces {evil('alias-' + key)}".replace('"', '""')
        rows.append(f'{key},"{label}",{shipped.colour(key)},"{alias}"')
    (tmp_path / "sides.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    sides = Sides.load(tmp_path / "sides.csv")

    gaz_src = ROOT / "data" / "gazetteer.csv"
    lines = gaz_src.read_text(encoding="utf-8").splitlines()
    ks = next(line for line in lines if ",Khan Shaykhun," in line)
    (tmp_path / "gazetteer.csv").write_text(
        "\n".join([lines[0], ks.replace(",Khan Shaykhun,", f",'Khan {evil('gaz')}',")]).replace(
            "'", '"'
        )
        + "\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load(tmp_path / "gazetteer.csv", user_sources=False)
    place = gaz.get(ks.split(",")[0])
    events_csv = tmp_path / "events.csv"

    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    src = cell(f"{evil('source')} javascript:window.__xss='url'")
    events_csv.write_text(
        "date,place,kind,side,source,lat,lon,note\n"
        f"2019-08-21,{cell('Town ' + evil('place'))},control_change,"
        f"government,{src},{place.lat},{place.lon},{cell(evil('note'))}\n"
        f"2019-08-25,Other,control_change,opposition,http://example.org/a,"
        f"{place.lat + 0.1},{place.lon},\n",
        encoding="utf-8",
    )
    events = read_events(events_csv, gazetteer=gaz)
    path = _save(
        tmp_path, "every_field.html", events=events, curated=False, sides=sides,
        gazetteer=gaz, title=f"T {evil('title')}",
    )  # fmt: skip
    p = open_page(browser, path)
    page = p.page
    for d in page.evaluate("frontline.dates"):
        page.evaluate(f"frontline.setDate('{d}')")
    town = page.evaluate("frontline.place('Town ' + " + json.dumps(evil("place")) + ")")
    assert town is not None
    page.mouse.click(town["x"], town["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    text = popup.inner_text()
    assert evil("place") in text and evil("source") in text  # shown literally
    assert popup.locator("img").count() == 0 and popup.locator("script").count() == 0
    assert popup.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("window.__xss") is None
    assert (
        page.locator(".leaflet-container img[src='x'], .fl-legend img, .fl-title img").count() == 0
    )
    assert "onerror" in page.locator("body").inner_text()  # the payloads are shown as text
    assert p.errors == [] and p.requests == []


def test_attribution_shows_no_flag(browser, seeds_map):
    # Leaflet's default credit carries a national flag; a map of any war shows none.
    p = open_page(browser, seeds_map)
    credit = p.page.locator(".leaflet-control-attribution")
    assert "Leaflet" in credit.inner_text()
    assert credit.locator("svg").count() == 0
    assert p.errors == []
