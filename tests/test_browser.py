"""The site in a real browser (Debian chromium driven by Playwright) against a real `datasette serve -i`
process with the same flags as `make serve`. Locally without chromium these tests skip; under CI
(CI=true) a missing browser fails them."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import DB_NAME

from unrest import serve

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DB = f"/{DB_NAME}"


def browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements.txt)"
    if not Path(CHROMIUM).exists():
        return "Debian chromium is not installed (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def server(db_path):
    with serve.running(db_path) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    reason = browser_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    outside = []
    # Nothing may come from the network: every request must go to the local server.
    pg.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:")) else outside.append(r.url))
    yield pg
    context.close()
    assert outside == [], f"requests left localhost: {outside}"


def test_clicking_the_killed_facet_filters_figures_to_deaths(page, server, db):
    page.goto(f"{server}{DB}/figures")
    page.locator(".facet-info[data-column=measure] a", has_text="killed").first.click()
    page.wait_for_url("**measure=killed**")
    ids = page.locator("table.rows-and-columns td.col-id").all_inner_texts()
    expected = [r[0] for r in db.execute("SELECT id FROM figures WHERE measure = 'killed' ORDER BY id")]
    assert sorted(i.strip() for i in ids) == expected
    assert len(expected) == 6
    # then by speaker: the Interior Ministry's two death tolls
    page.locator(".facet-info[data-column=attributed_to] a", has_text="Interior Ministry of Kazakhstan").first.click()
    page.wait_for_url("**attributed_to=interior-ministry**")
    texts = page.locator("table.rows-and-columns td.col-text").all_inner_texts()
    assert sorted(t.strip() for t in texts) == ["18", "eight"]


def test_a_figure_page_highlights_the_figure_in_its_sentence(page, server):
    page.goto(f"{server}{DB}/figures/internet-shut-off--security-force-deaths")
    context = page.locator("blockquote.provenance")
    assert context.inner_text().startswith(
        "According to the Kazakh Interior Ministry, eight police officers and national guard members were killed")
    assert context.locator("mark.hl-figure").inner_text() == "eight"
    page.locator("a.context-source").click()
    page.wait_for_url("**/sources/internet-shut-off#article")


def test_a_source_page_highlights_every_annotation(page, server, db):
    page.goto(f"{server}{DB}/sources/forces-fly-in")
    spans = page.locator(".article-text mark[data-span]").evaluate_all(
        "els => [...new Set(els.map(e => e.dataset.span))]")
    counts = {kind: sum(1 for s in spans if s.startswith(kind + ":")) for kind in ("claim", "figure", "actor", "place")}
    expected = {
        "claim": db.execute("SELECT COUNT(*) FROM claims WHERE source_id = 'forces-fly-in'").fetchone()[0],
        "figure": db.execute("SELECT COUNT(*) FROM figures WHERE source_id = 'forces-fly-in'").fetchone()[0],
        "actor": db.execute("SELECT COUNT(*) FROM mentions WHERE source_id = 'forces-fly-in' AND actor_id IS NOT NULL").fetchone()[0],
        "place": db.execute("SELECT COUNT(*) FROM mentions WHERE source_id = 'forces-fly-in' AND actor_id IS NULL").fetchone()[0],
    }
    assert counts == expected
    assert (counts["claim"], counts["figure"]) == (25, 10)
    # a highlighted figure is visibly styled and links to its row
    some18 = page.locator(".article-text mark.hl-figure a", has_text="Some 18")
    assert some18.evaluate("a => getComputedStyle(a.parentElement).backgroundColor") == "rgb(255, 201, 201)"
    some18.click()
    page.wait_for_url(f"**{DB}/figures/forces-fly-in--security-force-deaths")


def test_places_show_as_map_markers(page, server, db):
    page.goto(f"{server}{DB}/places")
    page.wait_for_selector(".leaflet-container .leaflet-marker-icon")
    page.wait_for_selector(".leaflet-tile-loaded")
    # Clusters show how many places they hold; single places are plain markers.
    in_clusters = sum(int(t) for t in page.locator(".marker-cluster span").all_inner_texts())
    singles = page.locator(".leaflet-marker-icon:not(.marker-cluster)").count()
    with_coordinates = db.execute("SELECT COUNT(*) FROM places WHERE latitude IS NOT NULL").fetchone()[0]
    assert with_coordinates >= 13  # the 10 countries and 3 cities of places.yaml
    assert in_clusters + singles == with_coordinates


def test_the_search_box_finds_claims_across_tables(page, server):
    page.goto(f"{server}{DB}")
    page.fill("#search-all-q", "terrorists")
    page.press("#search-all-q", "Enter")
    page.wait_for_url("**/-/search?q=terrorists")
    claims = page.locator("#search-all-results h2", has=page.locator(f"a[href='{DB}/claims?_search=terrorists']"))
    claims.wait_for()
    assert claims.inner_text().endswith("in kazakhstan-unrest: claims")
    results = page.locator("#search-all-results")
    assert "forces-fly-in--tokayev-blames-terrorists" in results.inner_text()  # porter stemming: terrorists ~ “terrorists”
    assert results.locator(f"h2 a[href='{DB}/sources?_search=terrorists']").count() == 1


def test_the_comparison_chart_shows_18_against_8(page, server):
    page.goto(f"{server}{DB}/figures_compared")
    numbers = page.locator("svg.comparison-chart g.chart-bar").evaluate_all("gs => gs.map(g => g.dataset.number)")
    assert numbers[:3] == ["18", "18", "8"]
    assert page.locator("svg.comparison-chart rect").first.bounding_box()["width"] > 100


def test_column_descriptions_are_folded_so_facets_and_rows_come_first(page, server):
    page.goto(f"{server}{DB}/figures")
    toggle = page.locator("details.column-descriptions-toggle")
    assert toggle.locator("summary").inner_text().startswith("What each column means (")
    assert toggle.get_attribute("open") is None
    assert not page.locator("dl.column-descriptions dt", has_text="qualifier").is_visible()
    toggle.locator("summary").click()
    assert page.locator("dl.column-descriptions dt", has_text="qualifier").is_visible()
