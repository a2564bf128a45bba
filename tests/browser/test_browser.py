"""The offline map in a real browser: Debian's headless Chromium driven by Playwright.

Every request that is not ``file:`` or ``data:`` is aborted and recorded; the tests assert
there were none. Run with ``pytest -m browser``; skipped only when /usr/bin/chromium is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
XSS_CORPUS = ROOT / "tests" / "fixtures" / "xss_corpus"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

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


def open_offline(browser: Any, path: Path) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    out = Page(page)
    page.on("console", lambda m: out.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: out.errors.append(str(e)))

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            out.requests.append(url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_function("window.frontline !== undefined")
    return out


@pytest.fixture(scope="module")
def seeds_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from frontline.output.maps.render import save_map
    from frontline.pipeline import make_map

    out = tmp_path_factory.mktemp("maps") / "seeds_offline.html"
    save_map(make_map(), out, self_contained=True)
    return out


@pytest.fixture(scope="module")
def xss_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from frontline.output.maps.render import save_map
    from frontline.pipeline import make_map

    out = tmp_path_factory.mktemp("maps") / "xss_offline.html"
    save_map(make_map([XSS_CORPUS], curated=True), out, self_contained=True)
    return out


@pytest.fixture(scope="module")
def seeds_control() -> Any:
    from frontline.control.timeline import ControlTimeline
    from frontline.pipeline import load_events

    return ControlTimeline(load_events(None, curated=True))


def _colour(side: str) -> str:
    from frontline.reference.sides import Sides

    return Sides.load().colour(side)


def test_offline_seeds_map_loads_with_no_network(browser, seeds_map, seeds_control, tmp_path):
    p = open_offline(browser, seeds_map)
    page = p.page
    dates = page.evaluate("frontline.dates")
    assert len(dates) > 1 and dates == sorted(dates)
    shown = page.evaluate("frontline.date()")
    assert shown == dates[-1]
    # the expected markers: exactly the located places of control_at(shown date)
    want = seeds_control.control_at(shown)
    want = sorted(set(want.loc[want["lat"].notna(), "place"]))
    assert sorted(set(page.evaluate("frontline.visible()"))) == want
    assert "Khan Shaykhun" in want
    counts = page.evaluate("frontline.counts()")
    assert counts["areas"] > 0 and counts["route"] > 0
    assert page.locator(".fl-legend").inner_text().count("%") >= 1
    page.screenshot(path=str(tmp_path / "seeds_offline.png"))
    assert (tmp_path / "seeds_offline.png").stat().st_size > 10_000
    assert p.requests == []
    assert p.errors == []


def test_khan_shaykhun_changes_colour_with_the_slider(browser, seeds_map):
    p = open_offline(browser, seeds_map)
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
    assert page.evaluate("frontline.date()") == dates[before]
    assert page.evaluate("frontline.place('Khan Shaykhun').fill") == _colour("opposition")
    page.locator(".fl-row button").nth(2).click()  # next date
    assert page.evaluate("frontline.date()") == dates[before + 1]
    slider.focus()
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("frontline.date()") == dates[before]
    page.locator("body").click(position={"x": 700, "y": 450})
    page.keyboard.press("ArrowRight")
    assert page.evaluate("frontline.date()") == dates[before + 1]
    slider.fill(str(after))
    assert page.evaluate("frontline.date()") == "2019-08-21"
    assert page.evaluate("frontline.place('Khan Shaykhun').fill") == _colour("government")
    page.locator(".fl-play").click()
    page.wait_for_function(f"frontline.date() > '{dates[before + 1]}'", timeout=5000)
    page.locator(".fl-play").click()  # pause
    assert p.requests == [] and p.errors == []


def test_popup_shows_escaped_text_and_nothing_runs(browser, xss_map, tmp_path):
    p = open_offline(browser, xss_map)
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
    assert "javascript:window.__xss=3" in text  # the URL is text, not a link
    assert page.evaluate("window.__xss") is None
    assert page.title() != "pwned"
    page.screenshot(path=str(tmp_path / "xss_popup.png"))
    assert p.requests == [] and p.errors == []
