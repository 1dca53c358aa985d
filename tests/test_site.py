"""The site, through Datasette's own client against the real build: facets, labels, provenance
in context, canned queries, search, map, chart and home page, with exact values."""
from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
from html import unescape
from urllib.parse import quote

import pytest
import yaml
from conftest import DB_NAME, ROOT

import build
from unrest import serve

DB = f"/{DB_NAME}"
INTERIOR = "Interior Ministry of Kazakhstan"


@pytest.fixture(scope="module")
def titles(db):
    return dict(db.execute("SELECT id, title FROM sources"))


def load_plugin():
    spec = importlib.util.spec_from_file_location("unrest_site", ROOT / "plugins" / "unrest_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site = load_plugin()


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


def spans_in(page: str) -> set[str]:
    return set(re.findall(r'data-span="([^"]+)"', page))


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
        ("internet-shut-off", "eight", 8.0),
        ("rioters-liquidated", "18", 18.0),
    ]


def test_figures_in_order_view_sorts_by_measure_then_number(client, db):
    rows = get_json(client, f"{DB}/figures_in_order.json?_shape=array&_size=max")
    assert len(rows) == db.execute("SELECT COUNT(*) FROM figures").fetchone()[0]
    keys = [(r["measure"], r["number"] is not None, r["number"] or 0) for r in rows]
    # SQLite sorts NULL numbers first within a measure.
    assert keys == sorted(keys)
    killed = [r["number"] for r in rows if r["measure"] == "killed" and r["number"] is not None]
    assert killed == [8.0, 18.0, 18.0]


def test_claims_in_order_view_is_in_reading_order(client, db):
    rows = get_json(client, f"{DB}/claims_in_order.json?_shape=array&_size=max")
    expected = [r[0] for r in db.execute("SELECT id FROM claims ORDER BY source_id, char_start, id")]
    assert [r["claim_id"] for r in rows] == expected


# --- provenance in context -----------------------------------------------------------------

def test_highlight_escapes_markup_and_entities_in_article_text():
    text = 'Police said <script>alert("x")</script> &amp; 18 died & more.'
    start = text.index("18")
    out = site.highlight(text, [site.Span(start, start + 2, "figure", "a--b", "/db/figures/a--b", 'say "18"')])
    assert str(out) == (
        'Police said &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp;amp; '
        '<mark class="hl hl-figure" data-span="figure:a--b" title="say &#34;18&#34;">'
        '<a href="/db/figures/a--b">18</a></mark> died &amp; more.'
    )


def test_nested_spans_are_cut_into_pieces_that_keep_one_id():
    text = "The Interior Ministry said 18 died."
    claim = site.Span(0, len(text), "claim", "c", "/c")
    actor = site.Span(4, 21, "actor", "m", "/m")
    figure = site.Span(27, 29, "figure", "f", "/f")
    out = str(site.highlight(text, [figure, actor, claim]))
    assert out.count('data-span="claim:c"') == 5  # before, inside the actor, between, inside the figure, after
    assert '<mark class="hl hl-claim" data-span="claim:c"><mark class="hl hl-actor" data-span="actor:m"><a href="/m">Interior Ministry</a></mark></mark>' in out
    assert unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_a_figure_row_shows_its_sentence_with_the_figure_highlighted(client):
    page = html(client, f"{DB}/figures/forces-fly-in--security-force-deaths")
    context = re.search(r'<blockquote class="provenance">(.*?)</blockquote>', page, re.S).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", context)) == (
        "Some 18 members of the security forces have died in Almaty, officials said, and police said "
        "they had killed dozens of people described as “rioters” overnight."
    )
    assert re.search(r'<mark class="hl hl-figure" data-span="figure:forces-fly-in--security-force-deaths"[^>]*>Some 18</mark>', context)
    assert f'href="{DB}/sources/forces-fly-in#article"' in page


def test_a_claim_row_shows_its_span_inside_its_paragraph(client, db):
    claim_id, text = db.execute(
        "SELECT id, text FROM claims WHERE source_id = 'internet-shut-off' AND text LIKE '%eight police officers%'").fetchone()
    page = html(client, f"{DB}/claims/{claim_id}")
    marked = re.search(r'<mark class="hl hl-claim" data-span="claim:' + re.escape(claim_id) + r'"[^>]*>(.*?)</mark>', page, re.S)
    assert unescape(marked.group(1)) == text
    assert "According to the Kazakh Interior Ministry, eight police officers" in unescape(page)


def test_a_mention_row_shows_the_mention_in_context(client, db):
    mention_id, words = db.execute(
        "SELECT id, text FROM mentions WHERE source_id = 'rioters-liquidated' AND actor_id = 'ruslan-balbek' ORDER BY char_start"
    ).fetchone()
    page = html(client, f"{DB}/mentions/{mention_id}")
    assert "Ruslan Balbek, told RIA Novosti on January 6" in unescape(re.sub(r"<[^>]+>", "", page))
    assert re.search(r'data-span="actor:' + re.escape(mention_id) + r'"[^>]*>' + re.escape(words) + "</mark>", page)


def test_a_source_row_shows_the_article_with_every_annotation_linked(client, db):
    page = html(client, f"{DB}/sources/forces-fly-in")
    found = spans_in(page)
    expected = {f"claim:{i}" for (i,) in db.execute("SELECT id FROM claims WHERE source_id = 'forces-fly-in'")}
    expected |= {f"figure:{i}" for (i,) in db.execute("SELECT id FROM figures WHERE source_id = 'forces-fly-in'")}
    expected |= {("actor:" if a else "place:") + i for i, a in db.execute("SELECT id, actor_id FROM mentions WHERE source_id = 'forces-fly-in'")}
    assert found == expected
    assert len(found) == 25 + 10 + 57
    assert f'<a href="{DB}/figures/forces-fly-in--security-force-deaths">Some 18</a>' in page
    article = re.search(r'<div class="article-text">(.*?)</div>', page, re.S).group(1)
    text, = db.execute("SELECT text FROM sources WHERE id = 'forces-fly-in'").fetchone()
    assert unescape(re.sub(r"<[^>]+>", "", article)).replace("\n", "") == text.replace("\n", "")


def test_an_article_with_markup_is_rendered_as_text(tmp_path):
    """A copy of sources/ plus an article whose text is HTML: every character is shown, none runs."""
    import asyncio

    from datasette.app import Datasette

    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    raw = b'Hostile text <script>alert("pwned")</script> &amp; <b>bold</b> &lt;b&gt; in Kazakhstan.'
    folder = sources / "markup-test"
    folder.mkdir()
    (folder / "article.txt").write_bytes(raw)
    annotations = {
        "source": {
            "id": "markup-test", "title": "Markup <i>test</i> & check", "title_supplied": 1, "language": "en",
            "original_file": "markup-test.txt", "sha256": hashlib.sha256(raw).hexdigest(),
        },
        "claims": [], "figures": [], "exclusions": [],
    }
    (folder / "annotations.yaml").write_text(yaml.safe_dump(annotations), encoding="utf-8")
    out = tmp_path / f"{DB_NAME}.db"
    assert build.build(out, sources) == 0

    async def fetch():
        ds = Datasette(**serve.datasette_kwargs(out))
        await ds.invoke_startup()
        return await ds.client.get(f"{DB}/sources/markup-test")

    response = asyncio.new_event_loop().run_until_complete(fetch())
    assert response.status_code == 200
    article = re.search(r'<div class="article-text">(.*?)</div>', response.text, re.S).group(1)
    assert "<script>" not in article and "<b>" not in article
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt; &amp;amp; &lt;b&gt;bold&lt;/b&gt; &amp;lt;b&amp;gt;" in article
    assert unescape(re.sub(r"<[^>]+>", "", article)).strip() == raw.decode()
    # the mention of Kazakhstan is still highlighted and linked
    assert '<a href="/kazakhstan-unrest/mentions/markup-test--m76-86">Kazakhstan</a>' in article


# --- canned queries --------------------------------------------------------------------------

def test_every_canned_query_has_a_title_and_description(client):
    queries = get_json(client, "/-/metadata.json")["databases"][DB_NAME]["queries"]
    assert set(queries) == {"figures_compared", "propositions_by_sources", "timeline", "who_said_what",
                            "accusations", "figures_by_speaker"}
    for name, query in queries.items():
        assert query["title"] and query["description"], name


def test_figures_compared_shows_the_18_versus_8_disagreement_with_both_sentences(client, titles):
    rows = [r for r in query_rows(client, "figures_compared") if r["quantity_id"] == "security-force-deaths"]
    assert sorted((r["number"], r["speaker"], r["wording"], r["source"]) for r in rows) == [
        (8.0, INTERIOR, "eight", titles["internet-shut-off"]),
        (18.0, INTERIOR, "18", titles["rioters-liquidated"]),
        (18.0, "Officials (unnamed)", "Some 18", titles["forces-fly-in"]),
    ]
    assert {(r["lowest"], r["highest"], r["agreement"], r["n_sources"]) for r in rows} == {(8.0, 18.0, "disagree", 3)}
    sentences = {r["wording"]: r["sentence"] for r in rows}
    assert sentences["eight"].startswith("According to the Kazakh Interior Ministry, eight police officers and national guard members were killed")
    assert sentences["18"] == ("Kazakhstan’s Interior Ministry said that 18 security personnel died in clashes with protesters "
                               "and more than 2,000 people were arrested.")


def test_figures_compared_counts_bounds_that_can_hold_together_as_agreeing(client):
    rows = [r for r in query_rows(client, "figures_compared") if r["quantity_id"] == "detentions"]
    assert sorted((r["wording"], r["agreement"]) for r in rows) == [("2,298", "agree"), ("more than 2,000", "agree")]


def test_figures_compared_page_draws_the_chart(client):
    page = html(client, f"{DB}/figures_compared")
    svg = re.search(r"<svg[^>]*comparison-chart.*?</svg>", page, re.S).group(0)
    assert "Security-force deaths in the first days of the unrest" in svg
    assert re.findall(r'data-number="([^"]*)"', svg.split("Security-force deaths")[1].split("chart-quantity")[0]) == ["18", "18", "8"]


def test_propositions_by_sources_counts_independent_sources(client, titles):
    rows = {r["proposition_id"]: r for r in query_rows(client, "propositions_by_sources", _size="max")}
    death_toll = rows["security-force-death-toll"]
    assert (death_toll["n_sources"], death_toll["n_claims"]) == (3, 3)
    assert set(death_toll["sources"].split(" | ")) == set(titles.values())
    counts = [r["n_sources"] for r in query_rows(client, "propositions_by_sources", _size="max")]
    assert counts == sorted(counts, reverse=True)


def test_timeline_is_ordered_by_the_date_claims_refer_to(client):
    rows = query_rows(client, "timeline", _size="max")
    dates = [r["date"] for r in rows]
    assert all(dates) and dates == sorted(dates)
    appeal = next(r for r in rows if r["claim_id"] == "forces-fly-in--tokayev-appeals-to-csto")
    assert (appeal["date"], appeal["claimant"], appeal["date_words"]) == ("2022-01-05", "Kassym-Jomart Tokayev", "on Wednesday")


def test_who_said_what_lists_an_actors_claims_with_the_relay_chain(client):
    rows = query_rows(client, "who_said_what", claimant="interior-ministry")
    assert {r["claimant"] for r in rows} == {INTERIOR}
    texts = " ".join(r["text"] for r in rows)
    assert "18 security personnel died" in texts and "eight police officers" in texts
    appeal = next(r for r in query_rows(client, "who_said_what", claimant="Kassym-Jomart Tokayev")
                  if r["claim_id"] == "forces-fly-in--tokayev-appeals-to-csto")
    assert appeal["chain"] == "Kassym-Jomart Tokayev → Kazakh state TV"


def test_an_actor_page_links_to_everything_the_actor_said(client):
    page = html(client, f"{DB}/actors/interior-ministry")
    assert f'<a href="{DB}/who_said_what?claimant=interior-ministry">Everything this actor said' in page


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


# --- search, map, home -----------------------------------------------------------------------

@pytest.mark.parametrize("table,query,expected", [
    ("sources", "liquidated", {"rioters-liquidated"}),
    ("claims", "terrorist", {"forces-fly-in--tokayev-blames-terrorists"}),  # porter: terrorist ~ terrorists
    ("figures", "personnel", {"rioters-liquidated--security-personnel-died"}),
])
def test_full_text_search_with_stemming(client, table, query, expected):
    ids = {r["id"] for r in get_json(client, f"{DB}/{table}.json?_shape=array&_search={query}")}
    assert expected <= ids


def test_one_search_box_searches_every_searchable_table(client):
    page = html(client, "/-/search?q=terrorists")
    for table in ("sources", "claims", "figures", "actors", "propositions"):
        assert f'data-searchable-url="{DB}/{table}"' in page, table
    home = html(client, DB)
    assert '<form class="core search-all" action="/-/search" method="get">' in home


def test_places_page_loads_the_map_with_local_tiles_only(client):
    page = html(client, f"{DB}/places")
    assert "datasette-cluster-map.js" in page
    assert 'window.DATASETTE_CLUSTER_MAP_TILE_LAYER = "/-/tiles/basemap/{z}/{x}/{y}.png"' in page
    assert "openstreetmap.org/{z}" not in page and "tile.openstreetmap" not in page
    assert client.get("/-/tiles/basemap/2/2/1.png").headers["content-type"] == "image/png"


@pytest.mark.parametrize("path", [DB, f"{DB}/places", f"{DB}/sources/forces-fly-in", f"{DB}/figures_compared", "/-/search?q=x"])
def test_no_page_loads_scripts_or_styles_from_the_network(client, path):
    page = html(client, path)
    assert not re.findall(r'<(?:script|img)[^>]+src="(?:https?:)?//', page)
    assert not re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="(?:https?:)?//', page)
    assert not re.findall(r'import\((?:"|\')(?:https?:)?//', page)


def test_home_page_explains_the_dataset_and_links_every_canned_query(client):
    page = html(client, DB)
    for query in ("figures_compared", "propositions_by_sources", "timeline", "who_said_what", "accusations", "figures_by_speaker"):
        assert f'href="{DB}/{query}' in page, query
    for value in ("more_than", "expected", "according_to_unnamed_sources"):
        assert f"<dt>{value}</dt>" in page, value
    assert "CC BY 4.0" in page and "Cite as" in page
    svg = re.search(r"<svg[^>]*comparison-chart.*?</svg>", page, re.S).group(0)
    assert "Security-force deaths in the first days of the unrest" in svg and "disagree" in svg


def test_metadata_json_is_the_committed_generated_copy():
    from unrest.metadata import render
    from unrest.schema import load_schema

    assert (ROOT / "metadata.json").read_text(encoding="utf-8") == render(load_schema(ROOT / "schema.yaml"))
