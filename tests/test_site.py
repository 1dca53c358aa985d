"""The site, through Datasette's own client against the real build: what a reader sees on the
home page, a table page, every kind of record page, the canned queries and search, with exact
values. Behaviour in a real browser (clicks, phone widths) is in test_browser.py."""
from __future__ import annotations

import asyncio
import importlib.util
import re
import shutil
import sqlite3
from html import unescape
from urllib.parse import quote

import pytest
from conftest import DB_NAME, ROOT, SyncClient, database_copy
from datasette.utils import tilde_encode

from unrest import serve

DB = f"/{DB_NAME}"
INTERIOR = "Interior Ministry of Kazakhstan"
DEATHS_18 = "rioters-liquidated--security-personnel-died"
DEATHS_8 = "internet-shut-off--security-force-deaths"
DEATHS_SOME_18 = "forces-fly-in--security-force-deaths"


def load_plugin(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


records = load_plugin("unrest_records")
site = load_plugin("unrest_site")
search = load_plugin("unrest_search")


@pytest.fixture
def site_copy():
    """site_copy(path, **settings): the site, served as `make serve` serves it, over another database file."""
    from datasette.app import Datasette

    loops = []

    def make(path, **settings):
        kwargs = serve.datasette_kwargs(path)
        kwargs["settings"] = kwargs["settings"] | settings
        loop = asyncio.new_event_loop()
        loops.append(loop)
        datasette = Datasette(**kwargs)
        loop.run_until_complete(datasette.invoke_startup())
        return SyncClient(datasette, loop)

    yield make
    for loop in loops:
        loop.close()


@pytest.fixture(scope="module")
def titles(db):
    return dict(db.execute("SELECT id, title FROM sources"))


def get_json(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


def query_rows(client, name, **params):
    qs = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    return get_json(client, f"{DB}/{name}.json?_shape=array&{qs}")


def html(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.text


def text_of(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, section_id: str) -> str:
    found = re.search(r'<section class="related" id="' + section_id + r'">(.*?)</section>', page, re.S)
    assert found, f"no section {section_id}"
    return found.group(1)


def table_rows(fragment: str) -> list[str]:
    """The text of each body row of the first table in fragment."""
    body = re.search(r"<tbody>(.*?)</tbody>", fragment, re.S).group(1)
    return [text_of(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def spans_in(page: str) -> set[str]:
    return set(re.findall(r'data-span="([^"]+)"', page))


def title_of(page: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)).strip()


# --- facets, labels, sort ------------------------------------------------------------------

EXPECTED_FACETS = {
    "figures": ["measure", "qualifier", "subject", "attributed_to", "source_id", "modality", "place_id"],
    "claims": ["claim_type", "claimant_id", "hedge", "mode", "source_id", "proposition_id", "claim_date"],
    "actors": ["type", "country", "parent_id"],
    "mentions": ["actor_id", "source_id"],
    "propositions": ["topic", "event_date"],
    "places": ["type", "country"],
}


@pytest.mark.parametrize("table", sorted(EXPECTED_FACETS))
def test_every_table_with_categories_has_its_default_facets(client, table):
    data = get_json(client, f"{DB}/{table}.json")
    assert set(EXPECTED_FACETS[table]) <= set(data["facet_results"]), table


def test_claim_date_is_a_date_facet(client):
    data = get_json(client, f"{DB}/claims.json")
    assert data["facet_results"]["claim_date"]["type"] == "date"


def test_foreign_key_facets_show_names_not_ids(client, titles):
    facets = get_json(client, f"{DB}/figures.json?measure=killed")["facet_results"]
    speakers = {r["value"]: r["label"] for r in facets["attributed_to"]["results"]}
    assert speakers["interior-ministry"] == INTERIOR
    sources = {r["value"]: r["label"] for r in facets["source_id"]["results"]}
    assert sources["internet-shut-off"] == titles["internet-shut-off"] == (
        "Internet Ordered Shut Off In Nation After Riots Lead To Government Resigning")
    claimants = {r["value"]: r["label"] for r in get_json(client, f"{DB}/claims.json")["facet_results"]["claimant_id"]["results"]}
    assert claimants["kassym-jomart-tokayev"] == "Kassym-Jomart Tokayev"


def test_deaths_filtered_by_speaker_are_the_interior_ministrys_18_and_eight(client):
    rows = get_json(client, f"{DB}/figures.json?_shape=array&measure=killed&attributed_to=interior-ministry")
    assert sorted((r["source_id"], r["text"], r["value"]) for r in rows) == [
        ("internet-shut-off", "eight", 8),
        ("rioters-liquidated", "18", 18),
    ]


def test_the_outlets_own_figures_are_one_click_from_the_speaker_facet(client, db):
    """attributed_to is NULL for the outlet's own voice: the facet offers those rows too."""
    page = html(client, f"{DB}/figures?measure=deployed")
    facet = re.search(r'<div class="facet-info[^"]*" id="facet-attributed_to".*?</ul>', page, re.S).group(0)
    link = re.search(r'<li class="facet-null"><a href="([^"]+)">none: the outlet&#39;s own voice</a>', facet)
    assert link, facet
    assert unescape(link.group(1)) == f"{DB}/figures?measure=deployed&attributed_to__isnull=1"
    rows = get_json(client, f"{DB}/figures.json?_shape=array&measure=deployed&attributed_to__isnull=1")
    expected = [r[0] for r in db.execute("SELECT id FROM figures WHERE measure = 'deployed' AND attributed_to IS NULL ORDER BY id")]
    assert sorted(r["id"] for r in rows) == expected == ["forces-fly-in--csto-force-body", "forces-fly-in--csto-force-headline",
                                                         "rioters-liquidated--armenian-soldiers"]
    selected = html(client, f"{DB}/figures?measure=deployed&attributed_to__isnull=1")
    assert '<li class="facet-null">none: the outlet&#39;s own voice <a href="/kazakhstan-unrest/figures?measure=deployed" class="cross">' in selected


def test_figures_in_order_view_sorts_by_measure_then_number(client, db):
    rows = get_json(client, f"{DB}/figures_in_order.json?_shape=array&_size=max")
    assert len(rows) == db.execute("SELECT COUNT(*) FROM figures").fetchone()[0]
    keys = [(r["measure"], r["number"] is not None, r["number"] or 0) for r in rows]
    # SQLite sorts NULL numbers first within a measure.
    assert keys == sorted(keys)
    killed = [r["number"] for r in rows if r["measure"] == "killed" and r["number"] is not None]
    assert killed == [8, 18, 18]


def test_claims_in_order_view_is_in_reading_order(client, db):
    rows = get_json(client, f"{DB}/claims_in_order.json?_shape=array&_size=max")
    expected = [r[0] for r in db.execute("SELECT id FROM claims ORDER BY source_id, char_start, id")]
    assert [r["claim_id"] for r in rows] == expected


def test_propositions_list_the_dated_first_and_the_undated_last(client, db):
    rows = get_json(client, f"{DB}/propositions.json?_shape=array&_size=max")
    dates = [r["event_date"] for r in rows]
    undated = db.execute("SELECT COUNT(*) FROM propositions WHERE event_date IS NULL").fetchone()[0]
    assert undated == 42 and dates[-undated:] == [None] * undated
    assert dates[:-undated] == sorted(dates[:-undated], reverse=True)  # newest first


# --- table pages ---------------------------------------------------------------------------

def header_columns(page: str) -> list[str]:
    thead = re.search(r'<table class="rows-and-columns[^"]*">\s*<thead>(.*?)</thead>', page, re.S).group(1)
    return re.findall(r'data-column="([^"]+)"', thead)


def test_a_table_page_shows_the_words_first_and_the_ids_last(client, schema):
    columns = header_columns(html(client, f"{DB}/figures"))
    assert columns[0] == "text" and columns[-1] == "id"
    assert columns.index("value") < columns.index("source_id")
    assert sorted(columns) == sorted(schema.tables["figures"].columns)
    assert header_columns(html(client, f"{DB}/claims"))[:2] == ["text", "verb"]
    assert header_columns(html(client, f"{DB}/sources"))[:2] == ["title", "title_supplied"]


def test_a_table_pages_headers_sort_it_and_say_how_it_is_sorted(client):
    sorted_up = html(client, f"{DB}/figures?_sort=value&measure=killed")
    assert f'<a href="{DB}/figures?measure=killed&amp;_sort_desc=value" rel="nofollow">value&nbsp;▼</a>' in sorted_up
    assert f'<a href="{DB}/figures?measure=killed&amp;_sort=text" rel="nofollow">text</a>' in sorted_up
    sorted_down = html(client, f"{DB}/figures?_sort_desc=value")
    assert f'<a href="{DB}/figures?_sort=value" rel="nofollow">value&nbsp;▲</a>' in sorted_down


def test_the_words_on_a_table_page_link_to_their_record(client):
    page = html(client, f"{DB}/figures?measure=killed&attributed_to=interior-ministry")
    assert f'<a class="record-link" href="{DB}/figures/{DEATHS_8}">eight</a>' in page
    assert f'<a class="record-link" href="{DB}/figures/{DEATHS_18}">18</a>' in page


def test_the_sources_page_shows_titles_and_dates_not_whole_articles(client, db):
    page = html(client, f"{DB}/sources")
    cells = re.findall(r'<td class="col-text [^"]*" data-label="text"><div class="cell">(.*?)</div></td>', page, re.S)
    assert len(cells) == 3
    for cell in cells:
        assert len(unescape(cell)) == 301 and cell.endswith("…")  # the first 300 characters
    longest = db.execute("SELECT MAX(LENGTH(text)) FROM sources").fetchone()[0]
    assert longest > 2000
    assert "2022-01-10" in page and '<a class="record-link" href="/kazakhstan-unrest/sources/internet-shut-off">' in page


def test_counts_show_with_thousands_separators_on_pages(client):
    page = html(client, f"{DB}/figures?measure=detained")
    assert re.search(r'data-label="value"><div class="cell">2,298</div>', page)
    assert "2298.0" not in page and ">2298<" not in page


# --- highlighting --------------------------------------------------------------------------

def test_highlight_escapes_markup_and_entities_in_article_text():
    text = 'Police said <script>alert("x")</script> &amp; 18 died & more.'
    start = text.index("18")
    out = records.highlight(text, [records.Span(start, start + 2, ("figure",), "a--b", "/db/figures/a--b", 'say "18"')])
    assert str(out) == (
        'Police said &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp;amp; '
        '<mark class="hl hl-figure" data-span="figure:a--b" title="say &#34;18&#34;">'
        '<a href="/db/figures/a--b">18</a></mark> died &amp; more.'
    )


def test_nested_spans_are_cut_into_pieces_that_keep_one_id_and_add_no_space():
    text = "The Interior Ministry’s staff said 18 died."
    claim = records.Span(0, len(text), ("claim",), "c", "/c", anchor="claims-c")
    actor = records.Span(4, 21, ("actor",), "m", "/m")
    figure = records.Span(35, 37, ("figure",), "f", "/f")
    out = str(records.highlight(text, [figure, actor, claim]))
    assert out.count('data-span="claim:c"') == 5  # before, inside the actor, between, inside the figure, after
    assert out.count('id="claims-c"') == 1  # the anchor is on the first piece only
    assert ('<mark class="hl hl-claim" data-span="claim:c"><mark class="hl hl-actor" data-span="actor:m">'
            '<a href="/m">Interior Ministry</a></mark></mark><mark class="hl hl-claim" data-span="claim:c"><a href="/c">’s staff') in out
    assert unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_a_mention_that_is_both_actor_and_place_is_drawn_as_both():
    out = str(records.highlight("Troops of Russia", [records.Span(10, 16, ("actor", "place"), "m", "/m")]))
    assert '<mark class="hl hl-actor hl-place" data-span="actor:m"><a href="/m">Russia</a></mark>' in out


# --- record pages --------------------------------------------------------------------------

def test_a_figure_page_shows_its_sentence_with_the_figure_highlighted(client):
    page = html(client, f"{DB}/figures/{DEATHS_SOME_18}")
    context = re.search(r'<blockquote class="provenance">(.*?)</blockquote>', page, re.S).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", context)) == (
        "Some 18 members of the security forces have died in Almaty, officials said, and police said "
        "they had killed dozens of people described as “rioters” overnight."
    )
    assert re.search(r'<mark class="hl hl-focus" data-span="focus:' + DEATHS_SOME_18 + r'"[^>]*>Some 18</mark>', context)
    # the link to the article points at the figure itself, highlighted there
    assert f'<a class="in-article" href="{DB}/sources/forces-fly-in#figures-{DEATHS_SOME_18}">' in page
    assert f'id="figures-{DEATHS_SOME_18}"' in html(client, f"{DB}/sources/forces-fly-in")


def test_a_figure_page_is_titled_and_headed_by_its_words_not_its_id(client):
    page = html(client, f"{DB}/figures/{DEATHS_8}")
    assert title_of(page) == "eight · figures"
    assert re.search(r'<h1 class="record-label"[^>]*>eight</h1>', page)


def test_a_figure_leads_to_the_other_sources_figures_for_the_same_quantity(client, db):
    page = html(client, f"{DB}/figures/{DEATHS_8}")
    same = section(page, "same-quantity")
    assert "Security-force deaths in the unrest: every source&#39;s figure" in same
    assert '<span class="chart-agreement">The sources disagree: 8 to 18</span>' in same
    note, = db.execute("SELECT note FROM quantities WHERE id = 'security-force-deaths'").fetchone()
    assert text_of(note) in text_of(same)
    assert table_rows(same) == [
        # No article dates these deaths: each row shows its source's publication week, and says so.
        "At least 2,500 Russian-led forces fly into Kazakhstan amid crackdown on anti-government protesters Some 18 18 about Officials (unnamed) 2022-01-03 week of publication; the figure is undated",
        "Media reports: Almaty police say dozens of rioters “liquidated”; Russia-led CSTO troops reported arriving in Kazakhstan 18 18 Interior Ministry of Kazakhstan 2022-01-03 week of publication; the figure is undated",
        "Internet Ordered Shut Off In Nation After Riots Lead To Government Resigning eight 8 Interior Ministry of Kazakhstan 2022-01-10 week of publication; the figure is undated",
    ]
    assert f'href="{DB}/figures/{DEATHS_18}">18</a>' in same and f'href="{DB}/actors/interior-ministry">' in same
    assert re.search(r'<tr class="current"[^>]*>.*?eight', same, re.S)
    claim = section(page, "claim")
    assert f'href="{DB}/claims/internet-shut-off--interior-ministry-security-deaths"' in claim


def test_a_record_card_names_foreign_keys_and_explains_every_column(client, schema):
    page = html(client, f"{DB}/figures/forces-fly-in--protesters-detained")
    card = re.search(r'<dl class="record-fields[^"]*">(.*?)</dl>', page, re.S).group(1)
    assert (f'<a href="{DB}/actors/interior-ministry">{INTERIOR}</a> <span class="aside">interior-ministry</span>') in card
    assert re.search(r'<div class="field field-value">\s*<dt title="[^"]+">value</dt>\s*<dd>2,298</dd>', card)
    description = schema.tables["figures"].columns["qualifier"].description
    assert f'<dt title="{description}">qualifier</dt>' in card
    # a vocabulary value links to its meaning, shown on hover
    assert f'<a href="{DB}/vocab_qualifier/exact" title="The number as written (&#34;2,298&#34;, &#34;Sixty-two&#34;).">exact</a>' in card
    assert re.search(r'<p class="empty-fields">Empty:.*<code title="[^"]+">vague_lower_bound</code>', page, re.S)


def test_an_empty_value_says_what_it_means(client):
    page = html(client, f"{DB}/figures/rioters-liquidated--armenian-soldiers")
    assert re.search(r'<dt title="[^"]*">attributed_to</dt>\s*<dd><span class="null">— the outlet&#39;s own voice</span></dd>', page)


def test_the_raw_row_is_one_click_away(client):
    page = html(client, f"{DB}/figures/{DEATHS_8}")
    raw = re.search(r'<details class="raw-row" id="raw-row">(.*?)</details>', page, re.S).group(1)
    assert f'href="{DB}/figures/{DEATHS_8}.json"' in raw and '<table class="rows-and-columns">' in raw


def test_a_claim_page_shows_its_span_its_chain_its_figures_and_the_same_assertion_elsewhere(client, db):
    claim_id = "rioters-liquidated--interior-ministry-security-deaths"
    page = html(client, f"{DB}/claims/{claim_id}")
    context = re.search(r'<blockquote class="provenance">(.*?)</blockquote>', page, re.S).group(1)
    text, = db.execute("SELECT text FROM claims WHERE id = ?", (claim_id,)).fetchone()
    assert text_of(re.search(r'<mark class="hl hl-focus"[^>]*>(.*?)</mark>', context, re.S).group(1)) == text
    assert table_rows(section(page, "chain")) == [
        "0 claimant Interior Ministry of Kazakhstan", "subject Security forces of Kazakhstan", "subject Protesters"]
    assert f'href="{DB}/figures/{DEATHS_18}">18</a>' in section(page, "figures")
    same = section(page, "same-proposition")
    assert [r.split(" ")[0] for r in table_rows(same)] == ["At", "Internet", "Media"]  # one claim per source
    assert all(f'href="{DB}/claims/{c}"' in same for (c,) in db.execute(
        "SELECT id FROM claims WHERE proposition_id = 'security-force-death-toll'"))


def test_a_relayed_claim_shows_every_hop(client):
    # "Ruslan Balbek, told RIA Novosti on January 6 that …": Balbek, relayed by RIA Novosti
    page = html(client, f"{DB}/claims/rioters-liquidated--balbek-daesh-gulenists-behind-riots")
    assert table_rows(section(page, "chain")) == [
        "0 claimant Ruslan Balbek", "1 via RIA Novosti", "target Daesh (ISIS)", "target Gülenists"]


def test_an_actor_page_lists_its_aliases_claims_figures_and_mentions_per_source(client, db):
    page = html(client, f"{DB}/actors/interior-ministry")
    assert table_rows(section(page, "aliases")) == ["Interior Ministry", "Kazakh Interior Ministry", "Kazakhstan’s Interior Ministry"]
    claims = table_rows(section(page, "claims"))
    assert len(claims) == db.execute("SELECT COUNT(*) FROM claims WHERE claimant_id = 'interior-ministry'").fetchone()[0]
    assert any("eight police officers" in c for c in claims) and any("18 security personnel died" in c for c in claims)
    figures = section(page, "figures")
    assert f'href="{DB}/figures/{DEATHS_8}">eight</a>' in figures and f'href="{DB}/figures/{DEATHS_18}">18</a>' in figures
    mentions = table_rows(section(page, "mentions"))
    assert [m.rsplit(" ", 1)[1] for m in mentions] == ["1", "2", "1"]  # forces-fly-in, internet-shut-off, rioters-liquidated
    assert f'<a href="{DB}/mentions?actor_id=interior-ministry&amp;source_id=internet-shut-off">2</a>' in section(page, "mentions")
    assert f'<a href="{DB}/who_said_what?claimant=interior-ministry">Everything this actor said' in page


def test_a_quantity_page_puts_every_sources_figure_side_by_side(client):
    figures = section(html(client, f"{DB}/quantities/security-force-deaths"), "figures")
    assert "The sources disagree: 8 to 18" in figures
    rows = table_rows(figures)
    assert [r.split(" ", 1)[0] for r in rows] == ["At", "Media", "Internet"]  # 18, 18, then eight
    assert [r.split(" Interior Ministry of Kazakhstan ")[-1].split(" Officials (unnamed) ")[-1] for r in rows] == [
        "2022-01-03 week of publication; the figure is undated",
        "2022-01-03 week of publication; the figure is undated",
        "2022-01-10 week of publication; the figure is undated",
    ]
    for figure in (DEATHS_SOME_18, DEATHS_18, DEATHS_8):
        assert f'href="{DB}/figures/{figure}"' in figures


def test_a_proposition_page_puts_every_sources_claim_side_by_side(client, db):
    page = html(client, f"{DB}/propositions/security-force-death-toll")
    claims = section(page, "claims")
    assert len(table_rows(claims)) == 3
    for (claim_id,) in db.execute("SELECT id FROM claims WHERE proposition_id = 'security-force-death-toll'"):
        assert f'href="{DB}/claims/{claim_id}"' in claims


def test_a_place_page_lists_its_mentions_per_source(client, db):
    page = html(client, f"{DB}/places/almaty")
    expected = [n for (n,) in db.execute("SELECT COUNT(*) FROM mentions WHERE place_id = 'almaty' GROUP BY source_id ORDER BY source_id")]
    assert [int(r.rsplit(" ", 1)[1]) for r in table_rows(section(page, "mentions"))] == expected


def test_a_mention_page_shows_the_mention_in_context(client, db):
    mention_id, words = db.execute(
        "SELECT id, text FROM mentions WHERE source_id = 'rioters-liquidated' AND actor_id = 'ruslan-balbek' ORDER BY char_start"
    ).fetchone()
    page = html(client, f"{DB}/mentions/{mention_id}")
    context = re.search(r'<blockquote class="provenance">(.*?)</blockquote>', page, re.S).group(1)
    assert "Ruslan Balbek, told RIA Novosti on January 6" in unescape(re.sub(r"<[^>]+>", "", context))
    assert re.search(r'data-span="focus:' + re.escape(mention_id) + r'"[^>]*>' + re.escape(words) + "</mark>", page)
    assert f'href="{DB}/sources/rioters-liquidated#mentions-{mention_id}"' in page


def test_a_source_page_is_headed_by_its_title_and_shows_the_article_with_every_annotation_linked(client, db, titles):
    page = html(client, f"{DB}/sources/forces-fly-in")
    assert re.search(r'<h1 class="record-label"[^>]*>' + re.escape(titles["forces-fly-in"]) + "</h1>", page)
    found = spans_in(page)
    expected = {f"claim:{i}" for (i,) in db.execute("SELECT id FROM claims WHERE source_id = 'forces-fly-in'")}
    expected |= {f"figure:{i}" for (i,) in db.execute("SELECT id FROM figures WHERE source_id = 'forces-fly-in'")}
    expected |= {("actor:" if a else "place:") + i for i, a in db.execute("SELECT id, actor_id FROM mentions WHERE source_id = 'forces-fly-in'")}
    assert found == expected
    assert len(found) == 25 + 10 + 57
    assert f'<a href="{DB}/figures/{DEATHS_SOME_18}">Some 18</a>' in page
    article = re.search(r'<div class="article-text">(.*?)</div>', page, re.S).group(1)
    text, = db.execute("SELECT text FROM sources WHERE id = 'forces-fly-in'").fetchone()
    assert unescape(re.sub(r"<[^>]+>", "", article)).strip().replace("\n", "") == text.replace("\n", "")
    # the legend: each count right after its own label; a mention of a country is both actor and place
    legend = re.search(r'<ul class="legend">(.*?)</ul>', page, re.S).group(1)
    assert [text_of(li) for li in re.findall(r"<li>(.*?)</li>", legend, re.S)] == [
        "claim 25", "figure 10", "actor mention 49", "place mention 22"]
    assert db.execute("SELECT COUNT(*) FROM mentions WHERE source_id = 'forces-fly-in' AND actor_id IS NOT NULL "
                      "AND place_id IS NOT NULL").fetchone()[0] == 14
    assert '<mark class="hl hl-actor hl-place" data-span="actor:forces-fly-in--m712-718" id="mentions-forces-fly-in--m712-718"' in page


def test_every_table_has_record_pages(client, schema, db):
    from unrest.schema import vocabulary_table

    tables = list(schema.tables) + [vocabulary_table(v) for v in schema.vocabularies]
    for table in tables:
        pks = [r["name"] for r in db.execute(f"PRAGMA table_info([{table}])") if r["pk"]]
        row = db.execute(f"SELECT {', '.join(pks)} FROM [{table}] LIMIT 1").fetchone()
        path = ",".join(tilde_encode(str(v)) for v in row)
        page = html(client, f"{DB}/{table}/{path}")
        assert '<section class="record-card" id="record">' in page, table
        assert '<details class="raw-row" id="raw-row">' in page, table


def test_an_article_with_markup_is_rendered_as_text(tmp_path, site_copy):
    """A copy of sources/ plus an article whose text is HTML: every character is shown, none runs."""
    from building import add_article

    import build

    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    raw = b'Hostile text <script>alert("pwned")</script> &amp; <b>bold</b> &lt;b&gt; in Kazakhstan.'
    add_article(sources, "markup-test", raw, title="Markup <i>test</i> & check", title_supplied=1)
    out = tmp_path / f"{DB_NAME}.db"
    assert build.build(out, sources) == 0
    page = html(site_copy(out), f"{DB}/sources/markup-test")
    article = re.search(r'<div class="article-text">(.*?)</div>', page, re.S).group(1)
    assert "<script>" not in article and "<b>" not in article
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt; &amp;amp; &lt;b&gt;bold&lt;/b&gt; &amp;lt;b&amp;gt;" in article
    assert unescape(re.sub(r"<[^>]+>", "", article)).strip() == raw.decode()
    # the mention of Kazakhstan is still highlighted and linked
    assert '<a href="/kazakhstan-unrest/mentions/markup-test--m76-86">Kazakhstan</a>' in article
    assert re.search(r'<h1 class="record-label"[^>]*>Markup &lt;i&gt;test&lt;/i&gt; &amp; check</h1>', page)


# --- canned queries --------------------------------------------------------------------------

def test_every_canned_query_page_is_titled_from_schema_yaml(client, schema):
    assert set(schema.queries) == {"figures_compared", "propositions_by_sources", "timeline", "who_said_what",
                                   "accusations", "figures_by_speaker", "places_on_map"}
    for name, query in schema.queries.items():
        page = html(client, f"{DB}/{name}")
        assert title_of(page) == query["title"], name
        assert "SELECT" not in title_of(page)


def test_id_columns_of_canned_queries_link_to_their_rows(client):
    page = html(client, f"{DB}/figures_compared")
    assert f'<td class="col-figure_id"><a class="id-link" href="{DB}/figures/{DEATHS_8}">{DEATHS_8}</a></td>' in page
    assert f'<a class="id-link" href="{DB}/quantities/security-force-deaths">security-force-deaths</a>' in page
    timeline = html(client, f"{DB}/timeline")
    assert f'<a class="id-link" href="{DB}/claims/forces-fly-in--tokayev-appeals-to-csto">' in timeline


AWKWARD_IDS = ["internet-shut-off--x1091", "a/b c", "csto,a Russian-led alliance", "~tilde.and.dots", "Алматы", "42"]


def test_render_cell_called_directly_answers_as_pluggy_does(client):
    from datasette import hookimpl
    from datasette.plugins import pm
    from pluggy import HookCaller

    caller = pm.hook.render_cell
    assert type(caller).__name__ == "OneImplementationCaller"  # the site's startup installed it
    cells = [("figure_id", DEATHS_8, None), ("number", 2298, None), ("number", 2.5, None), ("char_start", 1766, None),
             ("text", "words", None), ("figure_id", None, None), ("measure", True, None), ("claim_id", "c", "claims")]
    cells += [("figure_id", pk, None) for pk in AWKWARD_IDS]
    for column, value, table in cells:
        for database in (DB_NAME, "other"):
            kwargs = dict(row=None, value=value, column=column, table=table, database=database,
                          datasette=client.datasette)
            assert caller(**kwargs) == HookCaller.__call__(caller, **kwargs), (column, value, table, database)

    class AnotherPlugin:  # with two implementations, pluggy's general call answers, with both
        @staticmethod
        @hookimpl
        def render_cell(value):
            return "another"

    pm.register(AnotherPlugin, name="another-render-cell")
    try:
        kwargs = dict(row=None, value=2298, column="number", table=None, database=DB_NAME, datasette=client.datasette)
        assert sorted(map(str, caller(**kwargs))) == ["2,298", "another"]
    finally:
        pm.unregister(name="another-render-cell")
    assert caller(**kwargs) == ["2,298"]


def test_row_links_are_datasettes_own_urls_for_any_id(client):
    from datasette.app import Datasette

    ds = client.datasette
    for pk in AWKWARD_IDS:
        assert site.row_href(ds, "figures", pk) == ds.urls.row(DB_NAME, "figures", tilde_encode(pk))
        assert records.row_url(ds, DB_NAME, "claims", pk) == ds.urls.row(DB_NAME, "claims", tilde_encode(pk))
    prefixed = Datasette(memory=True, settings={"base_url": "/under/here/"})
    assert records.row_url(prefixed, "_memory", "t t", "a/b") == prefixed.urls.row("_memory", "t t", tilde_encode("a/b"))
    assert records.row_url(prefixed, "_memory", "t t", "a/b") == "/under/here/_memory/t+t/a~2Fb"


def test_related_sections_drawn_synchronously_are_what_datasettes_templates_draw(client):
    ds = client.datasette
    cells = [records.Cell("Interior <Ministry>", f"{DB}/actors/interior-ministry"), records.Cell(2298, number=True),
             records.Cell("2022-01-05", aside="week of publication; the figure is undated"), records.Cell(None)]
    sections = [
        records.Section("claims", "Claims & more", ["Who", "Number", "Date", "Empty"],
                        [records.Row(cells), records.Row(cells, current=True)], note="a <note>",
                        summary={"agreement": "disagree", "text": "2,298 to 10,000"}, more_href=f"{DB}/claims?x=1"),
        records.Section("none", "Nothing", ["A"], [], empty="No claim."),
        records.Section("slow", "Interrupted", ["A"], None, query_href=f"{DB}?sql=select+1"),
    ]
    drawn = records.related_html(ds, sections)

    async def by_datasette():
        module = await ds.jinja_env.get_template("_unrest_macros.html").make_module_async()
        return "".join([str(await module.related(section)) for section in sections])

    assert str(drawn) == client.loop.run_until_complete(by_datasette())
    assert "Interior &lt;Ministry&gt;" in drawn and '<td data-label="Number" class="number">2,298</td>' in drawn
    assert "unrest-degraded" in drawn and "No claim." in drawn


def datasettes_template(ds, name: str) -> str:
    return ds.jinja_env.loader.get_source(ds.jinja_env, f"default:{name}")[0]


QUERY_TABLE = re.compile(r'<div class="table-wrapper"><table class="rows-and-columns">.*?</table></div>', re.S)
DESCRIPTION_BLOCK = re.compile(r"{% block description_source_license %}.*?{% endblock %}", re.S)


def test_query_pages_are_datasettes_query_template_but_for_the_chart_and_the_results_table(client):
    ours = (ROOT / "templates" / "query-kazakhstan-unrest.html").read_text(encoding="utf-8")
    theirs = datasettes_template(client.datasette, "query.html")
    content = theirs[theirs.index("{% block content %}"):]
    assert len(QUERY_TABLE.findall(content)) == len(DESCRIPTION_BLOCK.findall(content)) == 1
    content = QUERY_TABLE.sub(lambda _: "{{ unrest_query_rows(columns, display_rows) }}", content)
    content = DESCRIPTION_BLOCK.sub(lambda _: DESCRIPTION_BLOCK.search(ours).group(0), content)
    assert ours[ours.index("{% block content %}"):] == content


def test_query_rows_drawn_synchronously_are_what_datasettes_query_template_draws(client):
    from markupsafe import Markup

    ds = client.datasette
    table = QUERY_TABLE.search(datasettes_template(ds, "query.html")).group(0)
    columns = ["figure_id", "a b", "_hidden", "number", "Алматы"]
    display_rows = [[Markup(f'<a class="id-link" href="{DB}/figures/x">x</a>'), "<b>&amp;</b>", Markup("&nbsp;"),
                     "2,298", "é"], ["y", "", "z", "1", "\u2026"]]
    drawn = site.query_rows(ds)(columns, display_rows)
    by_datasette = client.loop.run_until_complete(
        ds.jinja_env.from_string(table).render_async(columns=columns, display_rows=display_rows, zip=zip))
    assert str(drawn) == by_datasette
    assert '<td class="col-a-b-' in drawn and "&lt;b&gt;&amp;amp;&lt;/b&gt;" in drawn
    assert str(site.query_rows(ds)(columns, [])) == client.loop.run_until_complete(
        ds.jinja_env.from_string(table).render_async(columns=columns, display_rows=[], zip=zip))


def test_the_comparison_chart_drawn_synchronously_is_what_datasettes_templates_draw(client):
    ds = client.datasette
    charts = [client.loop.run_until_complete(site.comparison_chart(ds, ds.get_database(DB_NAME), ["killed"])),
              {"groups": []}, {"interrupted": True}]
    assert charts[0]["groups"]

    async def by_datasette(chart):
        module = await ds.jinja_env.get_template("_unrest_macros.html").make_module_async()
        return str(await module.comparison_chart(chart, f"{DB}/figures_compared?a=<b>"))

    for chart in charts:
        drawn = site.sync_macro(ds, "comparison_chart")(chart, f"{DB}/figures_compared?a=<b>")
        assert str(drawn) == client.loop.run_until_complete(by_datasette(chart))
    assert "figures_compared?a=&lt;b&gt;" in drawn


def test_a_record_card_drawn_synchronously_is_what_datasettes_templates_draw(client):
    ds = client.datasette
    fields = [records.Field("attributed_to", "interior-ministry", 'who "said" it', f"{DB}/actors/interior-ministry",
                            label=INTERIOR),
              records.Field("qualifier", "exact", None, f"{DB}/vocab_qualifier/exact", meaning="as <written>"),
              records.Field("value", 2298.0, "the number", number=True),
              records.Field("speaker_id", None, meaning="the outlet's own voice"),
              records.Field("text", "x < y " * 200, long=True), records.Field("note", "plain & simple")]
    empty = [records.Field("date", None, "when"), records.Field("place_id", None)]

    async def by_datasette(record):
        module = await ds.jinja_env.get_template("_unrest_macros.html").make_module_async()
        return str(await module.record_card(record))

    for record in ({"article": None, "fields": fields, "empty_fields": empty, "who_said_what_href": None},
                   {"article": {"html": "a"}, "fields": fields * 2, "empty_fields": [],
                    "who_said_what_href": f"{DB}/who_said_what?claimant=a%26b"}):
        drawn = records.sync_macro(ds, "record_card")(record)
        assert str(drawn) == client.loop.run_until_complete(by_datasette(record))
    assert "two-columns" in drawn and "About this article" in drawn and "claimant=a%26b" in drawn
    assert "&lt;written&gt;" in drawn and "<dd>2,298</dd>" in drawn and "<summary>x &lt; y" in drawn


def test_a_query_of_ones_own_shows_its_rows_not_the_home_pages_chart(client):
    page = html(client, f"{DB}?sql=" + quote("select figure_id, number from figure_comparisons limit 3"))
    assert "comparison-chart" not in page and "dataset-version" not in page
    assert '<td class="col-figure_id"><a class="id-link"' in page and '<td class="col-number">' in page
    assert "comparison-chart" in html(client, DB)


def test_the_static_files_hash_follows_their_content(tmp_path):
    import hashlib

    from datasette.app import Datasette

    css = tmp_path / "unrest.css"
    css.write_text("a { color: red }", encoding="utf-8")
    ds = Datasette(memory=True, static_mounts=[("static", str(tmp_path))])

    def digest():
        return hashlib.sha256(css.read_bytes()).hexdigest()[:10]

    assert site._static_url(ds, "unrest.css") == f"/static/unrest.css?{digest()}"
    css.write_text("a { color: blue; }", encoding="utf-8")  # a file edited while served: another size
    assert site._static_url(ds, "unrest.css") == f"/static/unrest.css?{digest()}"
    assert site._static_url(ds, "missing.js") is None


def test_link_columns_come_from_schema_yamls_foreign_keys(schema):
    from unrest.metadata import link_columns

    links = link_columns(schema)
    assert links["attributed_to"] == links["claimant_id"] == "actors"
    assert links["figure_id"] == "figures" and links["quantity_id"] == "quantities"
    assert "parent_id" not in links  # actors.parent_id and places.parent_id point at different tables
    for table in schema.tables.values():
        for column in table.columns.values():
            if column.references and column.name in links:
                assert links[column.name] == column.references


def test_figures_compared_lists_the_disagreements_first_with_the_quantitys_note(client, db):
    rows = query_rows(client, "figures_compared")
    agreements = [r["agreement"] for r in rows]
    assert agreements == sorted(agreements, key=lambda a: a != "disagree") and agreements[0] == "disagree"
    assert [r["quantity_id"] for r in rows[:3]] == ["security-force-deaths"] * 3
    note, = db.execute("SELECT note FROM quantities WHERE id = 'security-force-deaths'").fetchone()
    assert {r["quantity_note"] for r in rows[:3]} == {note}


def test_figures_compared_shows_the_18_versus_8_disagreement_with_both_sentences(client, titles):
    rows = [r for r in query_rows(client, "figures_compared") if r["quantity_id"] == "security-force-deaths"]
    assert [(r["number"], r["speaker"], r["wording"], r["source"]) for r in rows] == [
        (18, "Officials (unnamed)", "Some 18", titles["forces-fly-in"]),
        (18, INTERIOR, "18", titles["rioters-liquidated"]),
        (8, INTERIOR, "eight", titles["internet-shut-off"]),
    ]
    assert {(r["lowest"], r["highest"], r["agreement"], r["n_sources"]) for r in rows} == {(8, 18, "disagree", 3)}
    sentences = {r["wording"]: r["sentence"] for r in rows}
    assert sentences["eight"].startswith("According to the Kazakh Interior Ministry, eight police officers and national guard members were killed")
    assert sentences["18"] == ("Kazakhstan’s Interior Ministry said that 18 security personnel died in clashes with protesters "
                               "and more than 2,000 people were arrested.")


def test_figures_compared_counts_bounds_that_can_hold_together_as_agreeing(client):
    rows = [r for r in query_rows(client, "figures_compared") if r["quantity_id"] == "detentions"]
    assert sorted((r["wording"], r["agreement"]) for r in rows) == [("2,298", "agree"), ("more than 2,000", "agree")]


def chart_of(page: str) -> list[tuple[str, str, list[str]]]:
    """(quantity, agreement line, [bar numbers]) of each quantity the chart draws."""
    chart = re.search(r'<div class="comparison-chart">(.*?)</div>\s*(?:<figcaption|<h2|</figure)', page, re.S).group(1)
    return [(text_of(q), text_of(agreement), re.findall(r'data-number="([^"]*)"', bars))
            for q, agreement, bars in re.findall(
                r'<h3><a href="[^"]+">(.*?)</a>\s*<span class="chart-agreement">(.*?)</span></h3>(.*?)</ol>', chart, re.S)]


def test_the_figures_compared_chart_draws_the_disagreements_first_and_links_every_bar(client):
    page = html(client, f"{DB}/figures_compared")
    chart = chart_of(page)
    assert chart[0] == ("Security-force deaths in the unrest", "disagree: 8 to 18", ["18", "18", "8"])
    assert ("People detained or arrested during the unrest", "agree: 2,000 to 2,298", ["2,298", "2,000"]) in chart
    for figure in (DEATHS_18, DEATHS_SOME_18, DEATHS_8):
        assert f'<a href="{DB}/figures/{figure}" title=' in page


def test_the_home_chart_draws_the_casualties_schema_yaml_names(client, schema):
    casualties = schema.vocabularies["measure"].groups["casualties"]
    assert casualties == ["killed", "injured", "hospitalized", "intensive_care"]  # detentions are counted apart
    quantities = {q for q, _, _ in chart_of(html(client, DB))}
    assert quantities == {"Security-force deaths in the unrest", '"Rioters" killed, as police said (by the police, says one source)'}


def test_propositions_by_sources_counts_independent_sources_and_puts_the_undated_last(client, titles):
    rows = query_rows(client, "propositions_by_sources", _size="max")
    death_toll = next(r for r in rows if r["proposition_id"] == "security-force-death-toll")
    assert (death_toll["n_sources"], death_toll["n_claims"]) == (3, 3)
    assert set(death_toll["sources"].split(" | ")) == set(titles.values())
    keys = [(-r["n_sources"], -r["n_claims"], r["event_date"] is None, r["event_date"] or "") for r in rows]
    assert keys == sorted(keys)


def test_timeline_is_ordered_by_the_date_claims_refer_to(client):
    rows = query_rows(client, "timeline", _size="max")
    dates = [r["date"] for r in rows]
    assert all(dates) and dates == sorted(dates)
    appeal = next(r for r in rows if r["claim_id"] == "forces-fly-in--tokayev-appeals-to-csto")
    assert (appeal["date"], appeal["claimant"], appeal["date_words"]) == ("2022-01-05", "Kassym-Jomart Tokayev", "on Wednesday")


@pytest.mark.parametrize("claimant", ["interior-ministry", "Interior Ministry of Kazakhstan", "kazakh interior ministry",
                                      "INTERIOR-MINISTRY", " Interior Ministry "])
def test_who_said_what_finds_an_actor_by_id_name_or_alias_in_any_case(client, db, claimant):
    rows = query_rows(client, "who_said_what", claimant=claimant)
    expected = [r[0] for r in db.execute("SELECT id FROM claims WHERE claimant_id = 'interior-ministry' ORDER BY source_id, char_start")]
    assert [r["claim_id"] for r in rows] == expected and {r["claimant"] for r in rows} == {INTERIOR}


def test_who_said_what_shows_the_relay_chain(client):
    rows = query_rows(client, "who_said_what", claimant="Balbek")
    told = next(r for r in rows if r["claim_id"] == "rioters-liquidated--balbek-daesh-gulenists-behind-riots")
    assert told["chain"] == "Ruslan Balbek → RIA Novosti"
    assert query_rows(client, "who_said_what", claimant="nobody at all") == []


def test_accusations_show_targets_hedges_and_evidence_notes(client):
    rows = {r["claim_id"]: r for r in query_rows(client, "accusations")}
    blame = rows["forces-fly-in--tokayev-blames-terrorists"]
    assert (blame["claimant"], blame["hedge"], blame["evidence_note"], blame["claim_type"]) == (
        "Kassym-Jomart Tokayev", "unverified", "without giving evidence", "accusation")
    assert '"Terrorists" (as labelled by Tokayev)' in blame["targets"].split("; ")
    assert all(r["claim_type"] == "accusation" or r["hedge"] == "unverified" for r in rows.values())


def test_figures_by_speaker_credits_the_interior_ministry_with_both_death_tolls(client):
    rows = {r["attributed_to"]: r for r in query_rows(client, "figures_by_speaker")}
    figures = rows["interior-ministry"]["figures"].split("; ")
    assert "killed: eight [internet-shut-off]" in figures and "killed: 18 [rioters-liquidated]" in figures
    assert rows["interior-ministry"]["speaker"] == INTERIOR


def test_the_map_query_names_each_place_and_links_it_without_listing_empty_columns(client, db):
    import json

    rows = query_rows(client, "places_on_map", _size="max")
    assert len(rows) == db.execute("SELECT COUNT(*) FROM places WHERE latitude IS NOT NULL").fetchone()[0] >= 13
    almaty = next(r for r in rows if r["place_id"] == "almaty")
    mentions = db.execute("SELECT COUNT(*) FROM mentions WHERE place_id = 'almaty'").fetchone()[0]
    assert json.loads(almaty["popup"]) == {"title": "Almaty", "description": f"city in KZ · mentioned {mentions} times in the articles",
                                           "link": "places/almaty"}


def test_the_map_is_drawn_from_local_tiles_on_the_map_page_not_the_places_table(client):
    page = html(client, f"{DB}/places_on_map")
    assert "datasette-cluster-map.js" in page
    assert 'window.DATASETTE_CLUSTER_MAP_TILE_LAYER = "/-/tiles/basemap/{z}/{x}/{y}.png"' in page
    assert "openstreetmap.org/{z}" not in page and "tile.openstreetmap" not in page
    assert client.get("/-/tiles/basemap/2/2/1.png").headers["content-type"] == "image/png"
    places = html(client, f"{DB}/places")
    assert "datasette-cluster-map.js" not in places  # its popups would list every column, nulls and all
    assert f'<a href="{DB}/places_on_map">See the places on a map</a>' in places


# --- search ----------------------------------------------------------------------------------

def search_sections(page: str) -> dict[str, list[tuple[str, str, str]]]:
    """table → [(label, href, snippet text)] in page order."""
    found = {}
    for table, body in re.findall(r'<section class="search-section" id="search-[^"]+" data-table="([^"]+)">(.*?)</section>', page, re.S):
        found[table] = [(text_of(label), href, text_of(snippet)) for href, label, snippet in re.findall(
            r'<a class="hit-label" href="([^"]+)">(.*?)</a>\s*<span class="hit-snippet">(.*?)</span>', body, re.S)]
    return found


def test_search_has_one_section_per_table_in_a_fixed_order(client, schema):
    page = html(client, "/-/search?q=Tokayev")
    sections = search_sections(page)
    assert list(sections) == ["figures", "claims", "actors", "propositions", "sources"]
    assert set(sections) == {t.name for t in schema.tables.values() if t.fts}
    assert list(search_sections(html(client, "/-/search?q=killed"))) == list(sections)


def test_every_search_hit_links_to_its_record_with_the_match_highlighted(client):
    page = html(client, "/-/search?q=Tokayev")
    actors = search_sections(page)["actors"]
    assert ("Kassym-Jomart Tokayev", f"{DB}/actors/kassym-jomart-tokayev") in [hit[:2] for hit in actors]
    assert "<mark>Tokayev</mark>" in page
    for table, hits in search_sections(page).items():
        assert hits, table
        for _, href, snippet in hits:
            assert href.startswith(f"{DB}/{table}/") and "Tokayev" in snippet


def test_search_shows_a_snippet_of_an_article_never_the_whole_article(client, db):
    page = html(client, "/-/search?q=peacekeepers")
    sources = search_sections(page)["sources"]
    assert {href for _, href, _ in sources} == {f"{DB}/sources/{s}" for s in ("forces-fly-in", "rioters-liquidated", "internet-shut-off")}
    shortest = db.execute("SELECT MIN(LENGTH(text)) FROM sources").fetchone()[0]
    assert all(len(snippet) < 200 < shortest for _, _, snippet in sources)


def test_search_stems_words(client):
    claims = search_sections(html(client, "/-/search?q=terrorist"))["claims"]
    assert f"{DB}/claims/forces-fly-in--tokayev-blames-terrorists" in {href for _, href, _ in claims}


@pytest.mark.parametrize("q,message", [
    ("", "Type a word or two to search for"),
    ('"', "has no word in it to search for"),
    ('"( -', "has no word in it to search for"),
    ("zzyzx", "Nothing matches “zzyzx”"),
])
def test_an_empty_or_malformed_search_gets_a_clear_message(client, q, message):
    response = client.get(f"/-/search?q={quote(q)}")
    assert response.status_code == 200
    assert message in unescape(re.search(r'<p class="message-info search-message">(.*?)</p>', response.text, re.S).group(1))


def test_search_syntax_is_never_passed_to_fts():
    assert search.fts_match('security "national guard" NEAR(x) -y "') == '"security" "national guard" "NEAR" "x" "y"'
    assert search.fts_match('"') is None and search.fts_match("  ") is None


def test_a_snippet_is_escaped_before_it_is_highlighted():
    marked = search.highlighted(f"<b>{search.OPEN}18{search.CLOSE}</b> & more")
    assert str(marked) == "&lt;b&gt;<mark>18</mark>&lt;/b&gt; &amp; more"


def test_the_home_page_search_box_goes_to_the_search_page(client):
    assert '<form class="unrest-search" action="/-/search" method="get" role="search">' in html(client, DB)


# --- home ------------------------------------------------------------------------------------

def test_home_page_explains_the_dataset_and_links_every_canned_query(client, schema):
    page = html(client, DB)
    assert title_of(page) == schema.dataset["title"]
    for query in schema.queries:
        assert f'href="{DB}/{query}' in page, query
    for value in ("more_than", "expected", "according_to_unnamed_sources"):
        assert f"<dt>{value}</dt>" in page, value
    assert "CC BY 4.0" in page and "Cite as" in page
    assert re.search(r'About:\s*<a href="/-/about">\s*kazakhstan-unrest README</a>', page)


def test_the_instance_index_is_the_datasets_landing_page(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["location"] == DB


def test_the_about_page_is_the_readme(client):
    page = html(client, "/-/about")
    assert "<h1>kazakhstan-unrest</h1>" in page and "<h2>How the dataset is built</h2>" in page
    assert "<script" not in page.split('<article class="readme">')[1].split("</article>")[0]


def test_the_home_page_shows_the_dataset_version(client, schema):
    version = schema.dataset["version"]
    page = html(client, DB)
    assert f'<p class="dataset-version">Version <strong>{version}</strong> of the dataset.</p>' in page
    assert f"kazakhstan-unrest dataset, version {version}" in page


def test_a_database_without_the_dataset_table_or_its_version_shows_none(db_path, tmp_path, site_copy):
    assert "dataset-version" not in html(site_copy(database_copy(db_path, tmp_path, "DROP TABLE dataset")), DB)
    no_version = database_copy(db_path, tmp_path, "DROP TABLE dataset", "CREATE TABLE dataset (name TEXT)",
                               "INSERT INTO dataset VALUES ('x')")
    assert "dataset-version" not in html(site_copy(no_version), DB)


# --- pages whose queries run out of time degrade; they never fail ------------------------------

@pytest.fixture
def slow_comparisons(db_path, tmp_path, site_copy):
    """The site over a copy whose figure_comparisons never finishes, with a 100 ms time limit."""
    copy = tmp_path / f"{DB_NAME}.db"
    shutil.copy(db_path, copy)
    conn = sqlite3.connect(copy)
    conn.executescript("""
        ALTER TABLE figure_comparisons RENAME TO figure_comparisons_fast;
        CREATE VIEW figure_comparisons AS SELECT * FROM figure_comparisons_fast
        WHERE (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c) > 0;
    """)
    conn.close()
    return site_copy(copy, sql_time_limit_ms=100)


def test_the_home_page_degrades_when_the_chart_runs_out_of_time(slow_comparisons):
    page = html(slow_comparisons, DB)
    assert "The comparison took too long to draw here." in text_of(page)
    assert f'<a href="{DB}/figures_compared">See every figure compared across sources</a>' in page


def test_a_figure_page_degrades_when_its_comparison_runs_out_of_time(slow_comparisons):
    page = html(slow_comparisons, f"{DB}/figures/{DEATHS_8}")
    same = section(page, "same-quantity")
    assert "This list took too long to read here." in text_of(same)
    link = unescape(re.search(r'<a href="([^"]+)">Run its query</a>', same).group(1))
    assert link.startswith(f"{DB}?sql=SELECT+figure_id") and "quantity_id=security-force-deaths" in link
    assert '<blockquote class="provenance">' in page  # the rest of the page is there


# --- every query a page runs is bounded and indexed --------------------------------------------

PAGE_QUERIES = {f"records.{k}": v for k, v in records.SQL.items()} | {f"search.{k}": v for k, v in search.SEARCH_SQL.items()}
# Lists sorted within one article or one claim: bounded by the size of an article, however big the corpus.
SORTED_WITHIN_ONE_ARTICLE = {"records.source_claims", "records.source_figures", "records.source_mentions",
                             "records.claim_chain", "records.claim_figures"}


@pytest.mark.parametrize("name", sorted(PAGE_QUERIES))
def test_every_query_a_page_runs_is_bounded_and_uses_an_index(db, name):
    sql = PAGE_QUERIES[name]
    params = {p: "x" for p in re.findall(r":(\w+)", sql)} | {"limit": 10}
    plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    full_scans = [step for step in plan if step.startswith("SCAN ") and "USING" not in step
                  and not re.match(r"SCAN \w+ VIRTUAL TABLE", step)]
    assert full_scans == [], (name, plan)
    if name not in SORTED_WITHIN_ONE_ARTICLE and not name.startswith("search."):  # FTS orders by rank
        assert "TEMP B-TREE" not in " ".join(plan), (name, plan)
    one_row = re.search(r"WHERE \w+ = :\w+\s*$", sql.strip()) and "JOIN" not in sql
    assert "LIMIT" in sql or one_row or "WHERE c.id = :claim_id" in sql, name


def test_the_chart_reads_a_bounded_subset_of_figure_comparisons():
    assert "LIMIT :quantities" in site.CHART_SQL and "LIMIT :bars" in site.CHART_SQL
    assert site.CHART_QUANTITIES <= 10 and site.CHART_BARS <= 100


# --- assets and the network ---------------------------------------------------------------------

@pytest.mark.parametrize("path", [DB, f"{DB}/places_on_map", f"{DB}/sources/forces-fly-in", f"{DB}/figures_compared", "/-/search?q=x", "/-/about"])
def test_no_page_loads_scripts_or_styles_from_the_network(client, path):
    page = html(client, path)
    assert not re.findall(r'<(?:script|img)[^>]+src="(?:https?:)?//', page)
    assert not re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="(?:https?:)?//', page)
    assert not re.findall(r'import\((?:"|\')(?:https?:)?//', page)


def test_the_sites_css_and_script_are_static_files_on_this_databases_pages_only(client):
    page = html(client, f"{DB}/figures")
    css = re.search(r'<link rel="stylesheet" href="(/static/unrest\.css\?[0-9a-f]+)">', page).group(1)
    assert re.search(r'<script src="/static/unrest\.js\?[0-9a-f]+"></script>', page)
    assert client.get(css).status_code == 200 and ".hl-figure" in client.get(css).text
    assert "<style>" not in page.split("</head>")[0].split("app.css")[1] or "rows-and-columns td:nth-of-type" in page
    other = client.get("/-/versions")  # a page of Datasette's own, about no database
    assert other.status_code == 200 and "unrest.css" not in other.text and "unrest.js" not in other.text


def test_a_record_page_says_what_is_on_it(client):
    page = html(client, f"{DB}/figures/{DEATHS_8}")
    nav = re.search(r'<nav class="on-this-page"[^>]*>(.*?)</nav>', page, re.S).group(1)
    assert re.findall(r'href="#([^"]+)"', nav) == ["same-quantity", "claim", "record", "raw-row"]


def test_canned_query_pages_show_results_first_and_the_sql_one_click_away(client):
    page = html(client, f"{DB}/figures_compared")
    assert '<pre id="sql-query">' not in page and "(<a href=\"/kazakhstan-unrest/figures_compared?_hide_sql=1" not in page
    assert re.search(r'<span class="show-hide-sql">\(<a href="[^"]*">show</a>\)</span>', page)


def test_the_home_page_lists_the_tables_with_words_first_and_the_vocabularies_last(client, schema):
    listed = re.findall(r'<div class="db-table">\s*<h3><a href="[^"]+">([^<]+)</a>', html(client, DB))
    labelled = [t.name for t in schema.tables.values() if t.label_column]
    assert listed[:len(labelled)] == labelled and listed[len(labelled)] in ("actor_aliases", "claim_actors")
    assert all(t.startswith("vocab_") for t in listed[len(schema.tables):]) and listed[0] == "sources"
