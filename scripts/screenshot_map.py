"""Screenshots of the map of the shipped seeds for the docs (docs/map*.png).

``python scripts/screenshot_map.py`` builds the map with ``frontline.make_map()``, saves it
self-contained (the default), opens it in Debian's headless Chromium with every network
request blocked and writes:

- ``docs/map.png``: 1400x900 on ``--date`` with ``--popup``'s popup open (the README picture);
- ``docs/map_<date>.png``: 1400x900 on four slider dates, spread evenly over the slider from
  its second position (the first is the baseline state) to the last, or ``--dates``;
- ``docs/map_phone.png``: a 390x844 phone view of the last date.

Fails (exit 1) if a page logged an error or tried to use the network.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from frontline.output.maps.render import save_map
from frontline.pipeline import make_map

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip


def _open(browser: Any, url: str, size: tuple[int, int], problems: list[str]) -> Any:
    ctx = browser.new_context(
        viewport={"width": size[0], "height": size[1]},
        has_touch=size[0] <= 480,
        is_mobile=size[0] <= 480,
    )
    page = ctx.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            problems.append(f"network request: {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.goto(url)
    page.wait_for_function("window.frontline !== undefined")
    return page


def _spread(dates: list[str], n: int = 4) -> list[str]:
    """``n`` slider dates spread evenly from the second position to the last."""
    body = dates[1:] or dates
    picks = [body[round(i * (len(body) - 1) / (n - 1))] for i in range(n)]
    return list(dict.fromkeys(picks))


def screenshots(
    out_dir: Path, date: str, popup: str | None, dates: list[str] | None
) -> tuple[list[Path], list[str]]:
    """Write every screenshot; return (files written, problems seen)."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = save_map(make_map(), Path(tmp) / "seeds.html").as_uri()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = _open(browser, url, (1400, 900), problems)
            page.evaluate(f"frontline.setDate({date!r})")
            if popup:
                page.evaluate(f"frontline.openPopup({popup!r})")
                page.locator(".leaflet-popup-content").wait_for(timeout=3000)
            page.wait_for_timeout(300)
            written.append(out_dir / "map.png")
            page.screenshot(path=str(written[-1]))
            page.evaluate("void frontline.map.closePopup()")
            for d in dates or _spread(page.evaluate("frontline.dates")):
                shown = page.evaluate(f"frontline.setDate({d!r})")
                page.wait_for_timeout(200)
                written.append(out_dir / f"map_{shown}.png")
                page.screenshot(path=str(written[-1]))
            phone = _open(browser, url, (390, 844), problems)
            phone.wait_for_timeout(300)
            written.append(out_dir / "map_phone.png")
            phone.screenshot(path=str(written[-1]))
            browser.close()
    return written, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--date", default="2019-08-22", help="date of docs/map.png")
    parser.add_argument("--popup", default="Khan Shaykhun", help="place whose popup to open")
    parser.add_argument("--dates", nargs="*", help="the four dates (default: spread evenly)")
    parser.add_argument("-o", "--output-dir", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    written, problems = screenshots(args.output_dir, args.date, args.popup or None, args.dates)
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    for w in written:
        print(f"wrote {w}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
