"""The scale benchmark's own parts (bench/), on the real database: growing it keeps every key
valid, the pages it times are found from schema.yaml and the database, the growth exponent
is what it says. The benchmark itself (bench/bench_scale.py) is not a test and never runs here."""
from __future__ import annotations

import sqlite3

import pytest

from bench import bench_scale, scale_corpus, scale_explain, scale_grow, scale_http


@pytest.fixture(scope="module")
def grown(db_path, tmp_path_factory, schema):
    """The real database grown three times, as the benchmark grows it (computed tables filled again)."""
    out = tmp_path_factory.mktemp("grown") / db_path.name
    computed, recompute = bench_scale.recomputing(schema)
    counts = scale_grow.grow(db_path, out, copies=3, log=lambda *_: None, computed=computed, recompute=recompute)
    conn = sqlite3.connect(out)
    yield conn, counts
    conn.close()


def test_growth_exponent_of_a_power_law_is_its_power():
    assert scale_corpus.growth_exponent([30, 300, 3000], [0.3, 3.0, 30.0]) == pytest.approx(1.0)
    assert scale_corpus.growth_exponent([10, 100, 1000], [1, 100, 10_000]) == pytest.approx(2.0)


def test_percentile_interpolates_between_ranks():
    assert scale_http.percentile([1, 2, 3, 4, 5], 50) == 3
    assert scale_http.percentile(list(range(1, 21)), 95) == pytest.approx(19.05)


def test_the_per_article_tables_are_copied_and_the_shared_ones_kept(db, grown):
    conn, counts = grown
    copied = set(scale_grow.copied_tables(db, "sources"))
    assert {"sources", "claims", "figures", "mentions", "claim_actors", "number_exclusions"} <= copied
    assert not copied & {"actors", "places", "quantities", "propositions", "vocab_measure"}
    computed = {"figure_comparisons", "figures_in_order", "claims_in_order", "claim_dates"}  # per figure, per claim
    for table in scale_grow.content_tables(db):
        before = db.execute(f"select count(*) from [{table}]").fetchone()[0]
        if table != "facet_counts":
            assert counts[table] == before * (3 if table in copied | computed else 1), table


def test_the_computed_tables_are_computed_again_from_the_grown_rows(db, grown):
    conn, _ = grown
    (before,) = db.execute("select n_sources from quantity_comparisons where quantity_id = 'security-force-deaths'")
    (after,) = conn.execute("select n_sources, n_figures from quantity_comparisons "
                            "where quantity_id = 'security-force-deaths'")
    assert after == (3 * before[0], 3 * before[0])  # each copy of an article adds its figure
    assert conn.execute("select count(distinct n_sources) from figure_comparisons "
                        "where quantity_id = 'security-force-deaths'").fetchone() == (1,)
    for table, facet in [("figures", "measure"), ("claims", "source_id"), ("mentions", "actor_id")]:
        counted = dict(conn.execute("select value, count from facet_counts where table_name = ? and facet = ?",
                                    [table, facet]))
        assert counted == {str(v): n for v, n in conn.execute(
            f"select [{facet}], count(*) from [{table}] where [{facet}] is not null group by 1")}, (table, facet)
    (claims,) = db.execute("select count(*) from claims").fetchone()
    assert conn.execute("select max(ordinal), count(*) from claims_in_order").fetchone() == (3 * claims, 3 * claims)


def test_growing_keeps_every_foreign_key_valid(grown):
    conn, _ = grown
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_copies_are_re_keyed_consistently(db, grown):
    conn, _ = grown
    original = db.execute("select id, source_id, claim_id, quantity_id, attributed_to from figures "
                          "where claim_id is not null and quantity_id is not null order by id limit 1").fetchone()
    copy = conn.execute("select id, source_id, claim_id, quantity_id, attributed_to from figures where id = ?",
                        ["c2-" + original["id"]]).fetchone()
    assert copy == ("c2-" + original["id"], "c2-" + original["source_id"], "c2-" + original["claim_id"],
                    original["quantity_id"], original["attributed_to"])


def test_indexes_and_full_text_search_cover_the_copies(db, grown):
    conn, _ = grown
    indexes = "select name from sqlite_master where type = 'index' order by name"
    assert conn.execute(indexes).fetchall() == [tuple(r) for r in db.execute(indexes)]
    word = "killed"
    before = db.execute("select count(*) from figures_fts where figures_fts match ?", [word]).fetchone()[0]
    assert before > 0
    assert conn.execute("select count(*) from figures_fts where figures_fts match ?", [word]).fetchone()[0] == 3 * before
    assert conn.execute("select count(*) from sqlite_stat1").fetchone()[0] > 0


def test_a_table_whose_copies_would_repeat_a_unique_key_is_refused(tmp_path):
    path = tmp_path / "odd.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        create table sources (id text primary key);
        create table tags (name text primary key);
        create table source_tags (source_id text references sources(id), tag text unique);
        insert into sources values ('a'); insert into source_tags values ('a', 'x');
    """)
    conn.close()
    with pytest.raises(scale_grow.GrowError, match="source_tags"):
        scale_grow.grow(path, tmp_path / "out.db", copies=2, log=lambda *_: None)


def test_pages_are_found_for_every_table_view_and_canned_query(db_path, db, schema):
    pages = scale_http.discover_pages(db_path, schema, {"measure": "killed", "source_id": None}, "killed", "figures")
    names = {p.name for p in pages}
    for table in scale_grow.content_tables(db):
        assert f"table {table}" in names and f"row {table}" in names
    for view in schema.views:
        assert f"table {view}" in names
    for query in schema.queries:
        assert f"query {query}" in names
    assert "table figures?measure=killed" in names
    who = next(p for p in pages if p.name == "query who_said_what")
    assert "claimant=" in who.path and "sql=" in who.plain_path


def test_the_pages_found_are_served(client, db_path, schema):
    pages = scale_http.discover_pages(db_path, schema, {"measure": "killed", "quantity_id": None}, "killed", "figures")
    for page in pages:
        if page.kind in ("table", "filtered", "row", "query", "csv"):
            assert client.get(page.path).status_code == 200, page.path


def test_facet_scans_are_told_from_bounded_searches():
    tables = {"figures"}
    sql = "select qualifier as value, count(*) as count from (select * from figures where measure = 'killed') " \
          "where qualifier is not null group by qualifier order by count desc, value limit 31"
    walk = ["SEARCH figures USING COVERING INDEX idx_figures_qualifier (qualifier>?)", "USE TEMP B-TREE FOR ORDER BY"]
    assert [s.how for s in scale_explain.scans_in(walk, sql, tables)] == ["walks index (IS NOT NULL)"]
    bounded = ["SEARCH figures USING INDEX idx_figures_measure (measure=?)", "USE TEMP B-TREE FOR GROUP BY"]
    assert scale_explain.scans_in(bounded, sql, tables) == []
    assert scale_explain.kind_of(sql) == "facet"
    rows = "select id from figures f order by measure limit 101"
    assert scale_explain.scans_in(["SCAN f USING INDEX idx_figures_measure"], rows, tables) == []
    count = "select count(*) from figures f"
    assert [s.table for s in scale_explain.scans_in(["SCAN f"], count, tables)] == ["figures"]


def test_an_index_lookup_that_reads_many_rows_is_told_from_a_small_one():
    statistics = {"idx_figures_measure": [1_000_000, 90_000], "sqlite_autoindex_figures_1": [1_000_000, 1]}
    count = "select count(*) from figures where measure = 'killed'"
    many = ["SEARCH figures USING COVERING INDEX idx_figures_measure (measure=?)"]
    assert [r.split(":")[-1] for r in scale_explain.large_reads(many, count, statistics, 10_000)] == [
        " ~90,000 rows per lookup"]
    one = ["SEARCH figures USING INDEX sqlite_autoindex_figures_1 (id=?)"]
    assert scale_explain.large_reads(one, "select * from figures where id = 'x'", statistics, 10_000) == []


def test_timed_out_facets_are_read_from_the_html_and_from_what_the_json_leaves_out():
    html = b'<p class="facets-timed-out">These facets timed out: qualifier, subject</p>'
    assert scale_http.facets_timed_out(scale_http.Response(200, 0.1, html, "text/html")) == ["qualifier", "subject"]
    body = b'{"facet_results": {"measure": {}}, "rows": []}'
    json_response = scale_http.Response(200, 0.1, body, "application/json")
    assert scale_http.facets_timed_out(json_response, ("measure", "qualifier")) == ["qualifier"]
