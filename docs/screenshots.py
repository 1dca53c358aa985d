"""Take the README's screenshots: `.venv/bin/python docs/screenshots.py` (needs Debian chromium).

Builds the database from sources/ into a temp dir, serves it exactly as `make serve` does,
and saves PNGs of the main pages into docs/.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_browser import CHROMIUM, CHROMIUM_ARGS, DB  # noqa: E402

import build  # noqa: E402
from unrest import serve  # noqa: E402

PAGES = {
    "home.png": (DB, True),
    "figures-killed-facet.png": (f"{DB}/figures?measure=killed", False),
    "figures-compared.png": (f"{DB}/figures_compared", False),
    "source-article.png": (f"{DB}/sources/rioters-liquidated#article", False),
    "figure-in-context.png": (f"{DB}/figures/internet-shut-off--security-force-deaths", False),
    "places-map.png": (f"{DB}/places", False),
    "timeline.png": (f"{DB}/timeline", False),
}


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "kazakhstan-unrest.db"
        assert build.build(db_path) == 0
        with serve.running(db_path) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, (path, full) in PAGES.items():
                page.goto(base + path)
                if "places" in path:
                    page.wait_for_selector(".leaflet-tile-loaded")
                page.wait_for_load_state("networkidle")
                if "places" in path:  # the map sits below the column descriptions
                    page.locator(".leaflet-container").screenshot(path=str(ROOT / "docs" / name))
                else:
                    page.screenshot(path=str(ROOT / "docs" / name), full_page=full)
                print("docs/" + name)
            browser.close()


if __name__ == "__main__":
    main()
