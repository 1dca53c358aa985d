"""Take the README's screenshots: `make screenshots` (or `.venv/bin/python -m docs.screenshots`; needs Debian chromium).

Builds the database from sources/ into a temporary folder, serves it exactly as `make serve` does
and drives the same chromium as the browser tests (both from unrest/serve.py), then saves one PNG
per page into docs/, each the size of the browser window, as a reader first sees the page.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import build
from unrest import serve

DOCS = Path(__file__).resolve().parent
DB = "/kazakhstan-unrest"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# file → (path, window, what to wait for or scroll to)
PAGES = {
    "home.png": (DB, DESKTOP, None),
    "figures-compared.png": (f"{DB}/figures_compared", DESKTOP, None),
    "figure-in-context.png": (f"{DB}/figures/internet-shut-off--security-force-deaths", DESKTOP, None),
    "figure-same-quantity.png": (f"{DB}/figures/internet-shut-off--security-force-deaths", DESKTOP, "#same-quantity"),
    "source-article.png": (f"{DB}/sources/rioters-liquidated#figures-rioters-liquidated--security-personnel-died",
                           DESKTOP, None),
    "figures-killed-facet.png": (f"{DB}/figures?measure=killed", DESKTOP, "table.rows-and-columns"),
    "actor.png": (f"{DB}/actors/interior-ministry", DESKTOP, None),
    "search.png": ("/-/search?q=Tokayev", DESKTOP, None),
    "places-map.png": (f"{DB}/places_on_map", DESKTOP, ".leaflet-tile-loaded"),
    "timeline.png": (f"{DB}/timeline", DESKTOP, None),
    "phone-figures-compared.png": (f"{DB}/figures_compared", PHONE, None),
    "phone-figure.png": (f"{DB}/figures/rioters-liquidated--security-personnel-died", PHONE, None),
}


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "kazakhstan-unrest.db"
        assert build.build(db_path) == 0
        with serve.running(db_path) as base, sync_playwright() as p:
            browser = serve.launch_chromium(p)
            for name, (path, window, target) in PAGES.items():
                page = browser.new_page(viewport=window)
                page.goto(base + path)
                if target == ".leaflet-tile-loaded":
                    page.wait_for_selector(target)
                    page.wait_for_timeout(500)  # the markers settle after the tiles
                elif target:
                    page.locator(target).first.scroll_into_view_if_needed()
                    page.evaluate("window.scrollBy(0, -16)")
                page.screenshot(path=str(DOCS / name))
                page.close()
                print("docs/" + name)
            browser.close()


if __name__ == "__main__":
    main()
