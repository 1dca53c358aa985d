"""How the site serves the immutable database fast at any size, on the real build: facets of a whole
table read from the build's counts, "rows that point here" counted within bounds, no suggested
facets, Datasette's inspect data, and the response cache. Each is checked against what plain
Datasette (no metadata, plugins or templates) answers for the same database."""
from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3

import pytest
from conftest import DB_NAME, SyncClient, database_copy
from datasette.views.row import RowView

from unrest import serve
from unrest.precompute import computed_names

DB = f"/{DB_NAME}"


@pytest.fixture(scope="module")
def plain(db_path):
    """Plain Datasette over the same file, as `datasette -i <db>` serves it."""
    from datasette.app import Datasette

    loop = asyncio.new_event_loop()
    datasette = Datasette(immutables=[str(db_path)],  # as many facet values shown as the site shows
                          settings={"default_facet_size": serve.SETTINGS["default_facet_size"]})
    loop.run_until_complete(datasette.invoke_startup())
    yield SyncClient(datasette, loop)
    loop.close()


@pytest.fixture
def site_over(tmp_path):
    """site_over(path): the site, as `make serve` serves it, over another database file."""
    from datasette.app import Datasette

    loops = []

    def make(path):
        loop = asyncio.new_event_loop()
        loops.append(loop)
        datasette = Datasette(**serve.datasette_kwargs(path))
        loop.run_until_complete(datasette.invoke_startup())
        return SyncClient(datasette, loop)

    yield make
    for loop in loops:
        loop.close()


def facets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200, response.text[:300]
    return {name: [(r["value"], r["count"]) for r in f["results"]] for name, f in response.json()["facet_results"].items()}


# --- facets of a whole table: counted by the build, shown as Datasette counts them ----------------

def test_every_unfiltered_table_page_shows_the_facets_plain_datasette_counts(client, plain, schema):
    for table in (t for t in schema.tables.values() if t.facets):
        asked = "&".join(f"_facet_date={f}" if kind == "date" else f"_facet={f}" for f, kind in table.facet_types.items())
        ours = facets(client.get(f"{DB}/{table.name}.json"))
        theirs = facets(plain.get(f"{DB}/{table.name}.json?{asked}"))
        assert ours == theirs, table.name
        assert set(ours) == set(table.facets), table.name


def test_the_unfiltered_facets_come_from_facet_counts_and_a_filtered_page_counts_its_own(db_path, tmp_path,
                                                                                         site_over, schema):
    site = site_over(database_copy(db_path, tmp_path, "UPDATE facet_counts SET count = count + 1000"))
    whole = facets(site.get(f"{DB}/figures.json"))
    assert dict(whole["measure"])["killed"] == 1006  # the 6 killed figures, as the build counted them (+1000)
    for table in (t for t in schema.tables.values() if t.facets):  # every facet of every table is read there
        counted = facets(site.get(f"{DB}/{table.name}.json"))
        assert set(counted) == set(table.facets) and all(n > 1000 for f in counted.values() for _, n in f), table.name
    filtered = facets(site.get(f"{DB}/figures.json?source_id=rioters-liquidated"))
    assert all(count < 1000 for _, count in filtered["measure"])


def test_a_number_facet_keeps_its_numbers(client):
    assert {type(value) for value, _ in facets(client.get(f"{DB}/sources.json"))["title_supplied"]} == {int}


def test_no_table_page_suggests_facets(client):
    for table in ("figures", "claims", "mentions", "sources"):
        assert client.get(f"{DB}/{table}.json").json()["suggested_facets"] == [], table


# --- rows that point here: counted within bounds -----------------------------------------------------

def pointing(client, path: str, **headers) -> list[tuple]:
    response = client.get(f"{path}.json?_extras=foreign_key_tables", headers=headers)
    assert response.status_code == 200, response.text[:300]
    return [(f["other_table"], f["other_column"], f["count"], f.get("more", False))
            for f in response.json()["foreign_key_tables"]]


@pytest.mark.parametrize("row", ["actors/interior-ministry", "quantities/security-force-deaths",
                                 "vocab_measure/killed", "sources/rioters-liquidated", "places/almaty"])
def test_rows_that_point_here_are_counted_as_datasette_counts_them(client, plain, schema, row):
    """…leaving out the tables the build computes from the others, which repeat the rows listed."""
    computed = computed_names(schema)
    ours = pointing(client, f"{DB}/{row}")
    theirs = [(t, c, n) for t, c, n, _ in pointing(plain, f"{DB}/{row}") if t not in computed]
    assert ours and [(t, c, n) for t, c, n, _ in ours] == theirs
    assert not any(more for *_, more in ours)


def test_a_row_pointed_at_by_more_rows_than_the_cap_says_more_than_unless_the_build_counted_them(client, db):
    records = RowView.foreign_key_tables.__globals__  # plugins/unrest_records.py, as loaded and serving
    saved, records["COUNT_CAP"] = records["COUNT_CAP"], 2
    try:
        found = {(t, c): (n, more) for t, c, n, more in pointing(client, f"{DB}/actors/ria-novosti",
                                                                 **{"Cache-Control": "no-cache"})}
        page = client.get(f"{DB}/actors/ria-novosti", headers={"Cache-Control": "no-cache"}).text
    finally:
        records["COUNT_CAP"] = saved
    relayed, = db.execute("SELECT COUNT(*) FROM claims WHERE reported_via_id = 'ria-novosti'").fetchone()
    assert relayed > 2 and found["claims", "reported_via_id"] == (2, True)  # no facet: counted up to the cap
    assert "more than 2 rows</a>\n      of claims by reported_via_id" in page
    roles, = db.execute("SELECT COUNT(*) FROM claim_actors WHERE actor_id = 'ria-novosti'").fetchone()
    assert roles > 2 and found["claim_actors", "actor_id"] == (roles, False)  # a default facet: the build's count


# --- inspect data -------------------------------------------------------------------------------------

def test_make_serve_passes_inspect_data_counting_every_table(tmp_path, db_path):
    db = tmp_path / f"{DB_NAME}.db"
    shutil.copy(db_path, db)
    command = serve.serve_command(db)
    inspect_file = tmp_path / f"{DB_NAME}.db{serve.INSPECT_SUFFIX}"
    assert command[command.index("--inspect-file") + 1] == str(inspect_file)
    data = json.loads(inspect_file.read_text())[DB_NAME]
    conn = sqlite3.connect(db)
    tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert {t: data["tables"][t]["count"] for t in tables} == {
        t: conn.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0] for t in tables}
    assert data["size"] == db.stat().st_size


def test_a_rebuilt_database_gets_its_inspect_data_again(tmp_path, db_path):
    db = tmp_path / f"{DB_NAME}.db"
    shutil.copy(db_path, db)
    serve.serve_command(db)
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM number_exclusions")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    serve.serve_command(db)
    data = json.loads((tmp_path / f"{DB_NAME}.db{serve.INSPECT_SUFFIX}").read_text())[DB_NAME]
    assert data["tables"]["number_exclusions"]["count"] == 0 and data["size"] == db.stat().st_size


# --- the response cache -------------------------------------------------------------------------------

def test_a_page_asked_again_is_sent_from_the_cache_as_it_was_drawn(db_path, site_over):
    site = site_over(db_path)
    first = site.get(f"{DB}/figures?measure=killed")
    again = site.get(f"{DB}/figures?measure=killed")
    assert (first.status_code, first.headers["x-unrest-cache"]) == (200, "miss")
    assert (again.status_code, again.headers["x-unrest-cache"]) == (200, "hit")
    assert again.text == first.text and again.headers["content-type"] == first.headers["content-type"]
    other = site.get(f"{DB}/figures?measure=detained")
    assert other.headers["x-unrest-cache"] == "miss" and other.text != first.text


@pytest.mark.parametrize("headers", [{"Cache-Control": "no-cache"}, {"Pragma": "no-cache"}, {"Cookie": "ds_actor=x"}])
def test_a_reload_or_a_signed_in_reader_gets_the_page_drawn_again(db_path, site_over, headers):
    site = site_over(db_path)
    site.get(f"{DB}/figures")
    response = site.get(f"{DB}/figures", headers=headers)
    assert response.status_code == 200 and response.headers.get("x-unrest-cache") != "hit"


def test_errors_the_download_and_degraded_pages_are_never_kept(db_path, tmp_path, site_over):
    site = site_over(db_path)
    for path in (f"{DB}/no_such_table", f"{DB}.db"):
        site.get(path)
        assert site.get(path).headers.get("x-unrest-cache") != "hit", path
    slow = database_copy(db_path, tmp_path, "ALTER TABLE figure_comparisons RENAME TO figure_comparisons_fast",
                        "CREATE VIEW figure_comparisons AS SELECT * FROM figure_comparisons_fast WHERE (WITH RECURSIVE "
                        "c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c) > 0")
    from datasette.app import Datasette

    kwargs = serve.datasette_kwargs(slow)
    kwargs["settings"] = kwargs["settings"] | {"sql_time_limit_ms": 100}
    loop = asyncio.new_event_loop()
    datasette = Datasette(**kwargs)
    loop.run_until_complete(datasette.invoke_startup())
    degraded = SyncClient(datasette, loop)
    try:
        first = degraded.get(DB)
        assert first.status_code == 200 and "took too long" in first.text
        assert degraded.get(DB).headers["x-unrest-cache"] == "miss"
    finally:
        loop.close()


# --- a database built before the computed tables --------------------------------------------------

def test_a_database_built_before_the_computed_tables_is_still_served(db_path, tmp_path, site_over, schema):
    older = site_over(database_copy(db_path, tmp_path, *(f"DROP TABLE [{t}]" for t in sorted(computed_names(schema)))))
    assert older.get(DB).status_code == 200
    assert dict(facets(older.get(f"{DB}/figures.json"))["measure"])["killed"] == 6  # counted by Datasette
    row = older.get(f"{DB}/actors/interior-ministry.json?_extras=foreign_key_tables")
    assert row.status_code == 200 and row.json()["foreign_key_tables"]
