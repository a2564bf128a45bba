"""Screenshot the offline map of the shipped seeds for the README (docs/map.png).

``python scripts/screenshot_map.py [--date 2019-08-22] [-o docs/map.png]``: builds the map
with ``frontline.make_map()``, saves it self-contained, opens it in Debian's headless
Chromium with every network request blocked, moves the slider to ``--date`` and saves a
1400x900 screenshot. Fails if the page logged an error or tried to use the network.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from frontline.output.maps.render import save_map
from frontline.pipeline import make_map

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip


def screenshot(out: Path, date: str | None, open_popup: str | None) -> list[str]:
    """Write the screenshot; return the problems seen (console errors, network requests)."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        page_path = save_map(make_map(), Path(tmp) / "seeds.html", self_contained=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))

            def route(r):  # type: ignore[no-untyped-def]
                if r.request.url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    problems.append(f"network request: {r.request.url}")
                    r.abort()

            page.route("**/*", route)
            page.goto(page_path.as_uri())
            page.wait_for_function("window.frontline !== undefined")
            if date:
                page.evaluate(f"frontline.setDate({date!r})")
            if open_popup:
                pt = page.evaluate(f"frontline.place({open_popup!r})")
                if pt:
                    page.mouse.click(pt["x"], pt["y"])
                    page.locator(".leaflet-popup-content").wait_for(timeout=3000)
            page.wait_for_timeout(300)
            page.screenshot(path=str(out))
            browser.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--date", default="2019-08-22", help="slider date (YYYY-MM-DD)")
    parser.add_argument("--popup", default="Khan Shaykhun", help="place whose popup to open")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "map.png")
    args = parser.parse_args(argv)
    problems = screenshot(args.output, args.date, args.popup or None)
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    print(f"wrote {args.output}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
