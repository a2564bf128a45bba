"""An outside audit's page check: a map built by the command line from hostile input (an
article file name, its catalogue's source/url/title, event notes and URLs, a profile title)
fires no dialog, holds no injected element, makes no request, and draws held territory."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import ARGS, CHROMIUM
from cli_helpers import ROOT
from cli_helpers import run as _run

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "</script><script>alert(3)</script>",
    "red;}</style><script>alert(4)</script>",
    "{{7*7}} ${alert(5)}",
]
ALL = " ".join(PAYLOADS)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


def _hostile_inputs(tmp: Path) -> list[str]:
    corpus = tmp / "corpus"
    corpus.mkdir()
    name = 'x"><img src=x onerror=alert(6)>.txt'
    (corpus / name).write_text(
        "DAMASCUS, Aug. 23 -- The Syrian army captured the town of Khan Shaykhun on "
        f"Wednesday {ALL} after heavy fighting, a military source said.\n",
        encoding="utf-8",
    )
    with open(corpus / "articles.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "published", "source", "url", "title"])
        w.writerow([name, "2019-08-23", f"Outlet {ALL}", "javascript:alert(7)", f"T {ALL}"])
    events = tmp / "events.csv"
    with open(events, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "place", "kind", "side", "source", "lat", "lon", "note", "url"])
        w.writerow(["2019-08-25", f"Town {PAYLOADS[1]}", "control_change", "opposition",
                    f"javascript:alert(8) {PAYLOADS[0]}", "35.5", "36.6", ALL,
                    "data:text/html,<script>alert(9)</script>"])  # fmt: skip
    toml = (ROOT / "profiles" / "nw_syria" / "profile.toml").read_text(encoding="utf-8")
    toml = toml.replace(
        'title = "North-western Syria, 2019-2020"',
        'title = "NW </title><script>alert(10)</script><img src=x onerror=alert(11)>"',
    )
    (tmp / "profile.toml").write_text(toml, encoding="utf-8")
    return [str(corpus), str(events), "--no-curated", "--profile", str(tmp / "profile.toml")]


def test_hostile_cli_inputs_never_run_and_the_map_is_drawn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "evil.html"
    code, err = _run(["map", *_hostile_inputs(tmp_path), "-o", str(out)], capsys)
    assert code == 0, err
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        dialogs: list[str] = []
        requests: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))

        def route(r: Any) -> None:
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(out.as_uri())
        page.wait_for_function("window.frontline !== undefined")
        hrefs: set[str] = set()
        for day in page.evaluate("frontline.dates"):
            page.evaluate(f"frontline.setDate({json.dumps(day)})")
            for name in page.evaluate("frontline.visible()"):
                pt = page.evaluate("n => frontline.place(n)", name)
                if pt:
                    page.mouse.click(pt["x"], pt["y"])
                    page.wait_for_timeout(30)
                    hrefs.update(
                        page.evaluate(
                            "() => [...document.querySelectorAll('.leaflet-popup-content a')]"
                            ".map(a => a.getAttribute('href'))"
                        )
                    )
            counts = page.evaluate("frontline.counts()")
            assert counts["areas"] > 0, (day, counts)  # held territory is drawn
        page.locator(".leaflet-control-layers").hover()
        injected = page.evaluate(
            """() => ({
              img: document.querySelectorAll('img[src="x"], img[onerror]').length,
              handlers: [...document.querySelectorAll('*')].filter(
                e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
              links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
                .filter(h => !/^(https?:|#|$)/i.test(h.trim())),
            })"""
        )
        text = page.locator("body").inner_text()
        title = page.title()
        browser.close()
    assert dialogs == [] and requests == [] and errors == []
    assert injected == {"img": 0, "handlers": 0, "links": []}
    assert all(h.startswith(("http://", "https://")) for h in hrefs if h), hrefs
    assert title.startswith("NW </title><script>alert(10)</script>")  # shown as text
    assert "<img src=x onerror=alert(11)>" in text
