"""The site in a real browser (Debian chromium driven by Playwright) against a real `datasette serve -i`
process with the same flags as `make serve` (unrest/serve.py defines both, once). Locally without
chromium these tests skip; under CI (CI=true) a missing browser fails them."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import DB_NAME

from unrest import serve

DB = f"/{DB_NAME}"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
DEATHS_8 = "internet-shut-off--security-force-deaths"
DEATHS_18 = "rioters-liquidated--security-personnel-died"
DEATHS_SOME_18 = "forces-fly-in--security-force-deaths"


def browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements.txt)"
    if not Path(serve.CHROMIUM).exists():
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
        b = serve.launch_chromium(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def open_page(browser, server):
    """open_page(viewport) → a page that fails the test if anything is requested from outside localhost."""
    contexts, outside = [], []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        pg = context.new_page()
        pg.on("request", lambda r: None if r.url.startswith((server, "data:", "blob:")) else outside.append(r.url))
        return pg

    yield make
    for context in contexts:
        context.close()
    assert outside == [], f"requests left localhost: {outside}"


@pytest.fixture
def page(open_page):
    pg = open_page(DESKTOP)
    yield pg
    pg.context.close()


@pytest.fixture(scope="module")
def phone(open_page):
    return open_page(PHONE)


def no_sideways_scroll(pg) -> bool:
    return pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# --- tables and facets -----------------------------------------------------------------------

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
    # the words come first and open their record
    assert page.locator("table.rows-and-columns thead th").first.get_attribute("data-column") == "text"
    page.locator("a.record-link", has_text="eight").click()
    page.wait_for_url(f"**{DB}/figures/{DEATHS_8}")


def test_the_outlets_own_figures_are_reached_from_the_speaker_facet(page, server, db):
    page.goto(f"{server}{DB}/figures")
    page.locator(".facet-info[data-column=attributed_to] li.facet-null a").click()
    page.wait_for_url("**attributed_to__isnull=1**")
    ids = sorted(t.strip() for t in page.locator("table.rows-and-columns td.col-id").all_inner_texts())
    assert ids == [r[0] for r in db.execute("SELECT id FROM figures WHERE attributed_to IS NULL ORDER BY id")]


def test_column_descriptions_are_folded_so_facets_and_rows_come_first(page, server):
    page.goto(f"{server}{DB}/figures")
    toggle = page.locator("details.column-descriptions-toggle")
    assert toggle.locator("summary").inner_text().startswith("What each column means (")
    assert toggle.get_attribute("open") is None
    assert not page.locator("dl.column-descriptions dt", has_text="qualifier").is_visible()
    toggle.locator("summary").click()
    assert page.locator("dl.column-descriptions dt", has_text="qualifier").is_visible()


# --- record pages ----------------------------------------------------------------------------

def test_a_figure_page_highlights_the_figure_and_opens_it_in_its_article(page, server):
    page.goto(f"{server}{DB}/figures/{DEATHS_8}")
    context = page.locator("blockquote.provenance")
    assert context.inner_text().startswith(
        "According to the Kazakh Interior Ministry, eight police officers and national guard members were killed")
    assert context.locator("mark.hl-focus").inner_text() == "eight"
    page.locator("a.in-article").click()
    page.wait_for_url(f"**/sources/internet-shut-off#figures-{DEATHS_8}")
    target = page.locator(f"[id='figures-{DEATHS_8}']")
    assert target.inner_text() == "eight" and target.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == f"figures-{DEATHS_8}"
    box = target.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"]  # scrolled to


def test_a_source_page_highlights_every_annotation(page, server, db):
    page.goto(f"{server}{DB}/sources/forces-fly-in")
    assert page.locator("h1").inner_text() == db.execute("SELECT title FROM sources WHERE id = 'forces-fly-in'").fetchone()[0]
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
    # nested highlights add no space: "Kazakhstan’s" reads as one word
    assert "Kazakhstan ’s" not in page.locator(".article-text").inner_text()
    some18.click()
    page.wait_for_url(f"**{DB}/figures/forces-fly-in--security-force-deaths")


def test_a_figure_leads_to_the_conflicting_figure_of_another_source(page, server):
    page.goto(f"{server}{DB}/figures/{DEATHS_SOME_18}")
    same = page.locator("section#same-quantity")
    assert same.locator(".related-summary").inner_text() == "The sources disagree: 8 to 18"
    same.locator("a", has_text="eight").click()
    page.wait_for_url(f"**{DB}/figures/{DEATHS_8}")
    assert page.locator("blockquote.provenance mark.hl-focus").inner_text() == "eight"


def test_a_column_explains_itself_on_hover(page, server, schema):
    page.goto(f"{server}{DB}/figures/{DEATHS_8}")
    dt = page.locator("dl.record-fields dt", has_text="qualifier").first
    assert dt.get_attribute("title") == schema.tables["figures"].columns["qualifier"].description
    dt.hover()
    assert dt.evaluate("e => getComputedStyle(e).cursor") == "help"


# --- canned queries and the chart --------------------------------------------------------------

def test_the_comparison_chart_shows_18_against_8_and_each_bar_opens_its_sentence(page, server):
    page.goto(f"{server}{DB}/figures_compared")
    numbers = page.locator(".comparison-chart li.chart-bar").evaluate_all("lis => lis.map(li => li.dataset.number)")
    assert numbers[:3] == ["18", "18", "8"]
    widths = [page.locator(".comparison-chart .chart-fill").nth(i).bounding_box()["width"] for i in range(3)]
    assert widths[0] == widths[1] > widths[2] > 0 and abs(widths[2] / widths[0] - 8 / 18) < 0.02
    page.locator(".comparison-chart li.chart-bar a").nth(2).click()
    page.wait_for_url(f"**{DB}/figures/{DEATHS_8}")
    assert page.locator("blockquote.provenance mark.hl-focus").inner_text() == "eight"


def test_a_figure_id_in_the_comparison_table_opens_the_figure_in_its_sentence(page, server):
    page.goto(f"{server}{DB}/figures_compared")
    page.locator("table.rows-and-columns td.col-figure_id a", has_text=DEATHS_18).click()
    page.wait_for_url(f"**{DB}/figures/{DEATHS_18}")
    assert page.locator("blockquote.provenance mark.hl-focus").inner_text() == "18"
    assert page.title() == "18 · figures"


def test_the_chart_stays_readable_on_a_phone(phone, server):
    phone.goto(f"{server}{DB}/figures_compared")
    sizes = phone.locator(".comparison-chart .chart-value, .comparison-chart .chart-speaker").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 13
    assert no_sideways_scroll(phone)


def test_places_show_as_map_markers_whose_popups_name_and_link_the_place(page, server, db):
    page.goto(f"{server}{DB}/places_on_map")
    page.wait_for_selector(".leaflet-container .leaflet-marker-icon")
    page.wait_for_selector(".leaflet-tile-loaded")
    # Clusters show how many places they hold; single places are plain markers.
    in_clusters = sum(int(t) for t in page.locator(".marker-cluster span").all_inner_texts())
    singles = page.locator(".leaflet-marker-icon:not(.marker-cluster)")
    with_coordinates = db.execute("SELECT COUNT(*) FROM places WHERE latitude IS NOT NULL").fetchone()[0]
    assert with_coordinates >= 13  # the 10 countries and 3 cities of places.yaml
    assert in_clusters + singles.count() == with_coordinates
    singles.first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "null" not in popup.inner_text() and "mentioned" in popup.inner_text()
    popup.locator("a").click()
    page.wait_for_url(re.compile(rf".*{DB}/places/[a-z-]+$"))
    assert page.locator("h1.record-label").is_visible()


# --- search ------------------------------------------------------------------------------------

def test_search_for_an_actor_lands_on_its_record(page, server):
    page.goto(f"{server}{DB}")
    page.fill("#search-all-q", "Tokayev")
    page.press("#search-all-q", "Enter")
    page.wait_for_url("**/-/search?q=Tokayev")
    tables = page.locator("#search-results section.search-section").evaluate_all("ss => ss.map(s => s.dataset.table)")
    assert tables == ["figures", "claims", "actors", "propositions", "sources"]
    page.locator("#search-actors a.hit-label", has_text="Kassym-Jomart Tokayev").click()
    page.wait_for_url(f"**{DB}/actors/kassym-jomart-tokayev")
    assert page.locator("h1.record-label").inner_text() == "Kassym-Jomart Tokayev"


def test_a_search_hit_shows_its_words_highlighted_and_opens_its_record(page, server):
    page.goto(f"{server}/-/search?q=terrorists")
    hit = page.locator("#search-claims li", has=page.locator("a[href$='forces-fly-in--tokayev-blames-terrorists']"))
    assert hit.locator(".hit-snippet mark").first.inner_text().lower().startswith("terrorist")
    hit.locator("a.hit-label").click()
    page.wait_for_url(f"**{DB}/claims/forces-fly-in--tokayev-blames-terrorists")
    assert "terrorists" in page.locator("blockquote.provenance mark.hl-focus").inner_text()


def test_a_lone_quote_gets_a_message_not_an_empty_page(page, server):
    page.goto(f"{server}/-/search?q=%22")
    assert "has no word in it to search for" in page.locator(".search-message").inner_text()
    assert page.locator("#search-all-q").input_value() == '"'


# --- the 18-versus-8 journey, on a desktop and on a phone, without typing a URL -----------------

@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_from_the_home_page_to_both_sides_of_the_disagreement_in_their_articles(open_page, server, viewport):
    pg = open_page(viewport)
    pg.goto(f"{server}/")
    pg.wait_for_url(f"**{DB}")
    pg.locator("ul.start-here a", has_text="Figures compared across sources").click()
    pg.wait_for_url(f"**{DB}/figures_compared")
    deaths = pg.locator(".chart-quantity").first
    assert deaths.locator("h3").inner_text().startswith("Security-force deaths")
    for side, figure, words, source in (("18", DEATHS_18, "18", "rioters-liquidated"),
                                        ("8", DEATHS_8, "eight", "internet-shut-off")):
        # the bar of this source's figure (the two 18s are ordered by their sources' titles)
        deaths.locator(f"li.chart-bar[data-number='{side}'] a[href$='/figures/{figure}']").click()
        pg.wait_for_url(f"**{DB}/figures/{figure}")
        assert pg.locator("blockquote.provenance mark.hl-focus").inner_text() == words
        pg.locator("a.in-article").click()
        pg.wait_for_url(f"**{DB}/sources/{source}#figures-{figure}")
        target = pg.locator(f"[id='figures-{figure}']")
        assert target.inner_text() == words
        box = target.bounding_box()
        assert 0 <= box["y"] < viewport["height"] and box["x"] + box["width"] <= viewport["width"]
        assert no_sideways_scroll(pg)
        pg.go_back()
        pg.go_back()
        pg.wait_for_url(f"**{DB}/figures_compared")
        deaths = pg.locator(".chart-quantity").first


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_from_the_home_page_search_box_to_an_actors_record(open_page, server, viewport):
    pg = open_page(viewport)
    pg.goto(f"{server}{DB}")
    pg.fill("#search-all-q", "Interior Ministry")
    pg.locator("form.unrest-search input[type=submit]").click()
    pg.wait_for_url("**/-/search?q=Interior+Ministry")
    pg.locator("#search-actors a.hit-label", has_text="Interior Ministry of Kazakhstan").click()
    pg.wait_for_url(f"**{DB}/actors/interior-ministry")
    assert no_sideways_scroll(pg)


# --- a phone never scrolls sideways, on any kind of page ------------------------------------------

PAGE_KINDS = [  # one of each kind: home, table, view, record of each shape, canned query, map, search, about, error
    DB, f"{DB}/figures", f"{DB}/sources", f"{DB}/claims", f"{DB}/figure_comparisons",
    f"{DB}/figures/{DEATHS_8}", f"{DB}/claims/forces-fly-in--tokayev-appeals-to-csto", f"{DB}/sources/forces-fly-in",
    f"{DB}/actors/interior-ministry", f"{DB}/quantities/security-force-deaths", f"{DB}/vocab_measure/killed",
    f"{DB}/claim_actors/forces-fly-in--tokayev-appeals-to-csto,kassym-jomart-tokayev,claimant",
    f"{DB}/figures_compared", f"{DB}/timeline", f"{DB}/who_said_what?claimant=Tokayev", f"{DB}/places_on_map",
    "/-/search?q=Tokayev", "/-/about", f"{DB}/figures?_sort=nosuch",
]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_a_phone_never_scrolls_sideways(phone, server, path):
    response = phone.goto(f"{server}{path}")
    assert response.status < 500
    wide = phone.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrapper, .leaflet-container'))
        .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
    assert no_sideways_scroll(phone), (path, wide)
