"""The database as Datasette serves it (immutable, with the generated metadata.json)."""
from __future__ import annotations

import csv
import html
import io
import sqlite3
from urllib.parse import quote

import pytest
from conftest import DB_NAME, ROOT

from unrest.schema import vocabulary_table


def test_the_home_page_names_the_dataset(client):
    response = client.get(f"/{DB_NAME}")
    assert response.status_code == 200
    assert "Kazakhstan unrest, January 2022" in response.text


def test_every_table_page_answers(client, schema):
    names = list(schema.tables) + [vocabulary_table(v) for v in schema.vocabularies]
    for name in names:
        response = client.get(f"/{DB_NAME}/{name}")
        assert response.status_code == 200, name


def test_the_database_downloads_as_a_valid_sqlite_file(client, tmp_path):
    response = client.get(f"/{DB_NAME}.db")
    assert response.status_code == 200
    path = tmp_path / "download.db"
    path.write_bytes(response.content)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 3


def test_figures_export_as_csv_with_labels(client):
    response = client.get(f"/{DB_NAME}/figures.csv?_labels=on&_size=max")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and {"id", "text", "value", "qualifier", "attributed_to", "attributed_to_label"} <= set(rows[0])


def test_a_vocabulary_value_explains_itself(client):
    data = client.get(f"/{DB_NAME}/vocab_qualifier/more_than.json?_shape=objects").json()
    assert data["rows"][0]["description"].startswith("A strict lower bound")


def test_counts_are_whole_numbers_in_sql_json_and_csv(client, db):
    """The Interior Ministry's 2,298 detained reads 2298, never 2298.0 (schema.yaml's real is NUMERIC)."""
    figure = "forces-fly-in--protesters-detained"
    assert db.execute("SELECT value, typeof(value) FROM figures WHERE id = ?", (figure,)).fetchone()[:] == (2298, "integer")
    assert client.get(f"/{DB_NAME}/figures/{figure}.json?_shape=array").json()[0]["value"] == 2298
    rows = list(csv.DictReader(io.StringIO(client.get(f"/{DB_NAME}/figures.csv?measure=detained&_size=max").text)))
    assert {r["id"]: (r["value"], r["low"], r["high"]) for r in rows}[figure] == ("2298", "2298", "2298")


def test_a_fraction_in_a_real_column_stays_exact(db):
    """The same declared type keeps a fraction a fraction: 2.5 is not rounded, while 18.0 becomes 18."""
    declared = {r["name"]: r["type"] for r in db.execute("PRAGMA table_info(figures)")}["value"]
    assert declared == "NUMERIC"
    scratch = sqlite3.connect(":memory:")
    scratch.execute(f"CREATE TABLE t (n {declared})")
    scratch.executemany("INSERT INTO t VALUES (?)", [(2.5,), (18.0,)])
    assert scratch.execute("SELECT n, typeof(n) FROM t").fetchall() == [(2.5, "real"), (18, "integer")]


# --- requests the site cannot answer get a 400 that says why, never a 500 ---------------------

@pytest.mark.parametrize("path,says", [
    (f"/{DB_NAME}/figures?_sort=nosuch", "_sort=nosuch: figures has no column 'nosuch' to sort by."),
    (f"/{DB_NAME}/figures?_sort_desc=nosuch", "_sort_desc=nosuch: figures has no column 'nosuch' to sort by."),
    (f"/{DB_NAME}/figures?_sort=measure&_sort_desc=value", "Sort by one column: give _sort (ascending) or _sort_desc"),
    (f"/{DB_NAME}/figure_comparisons?_sort=nosuch", "figure_comparisons has no column 'nosuch' to sort by."),
    (f"/{DB_NAME}/figures?_facet=nosuch", "_facet=nosuch: figures has no column 'nosuch' to facet by."),
    (f"/{DB_NAME}/claims?_facet_date=nosuch", "_facet_date=nosuch: claims has no column 'nosuch' to facet by."),
    (f"/{DB_NAME}/claims?_facet_array=nosuch", "_facet_array=nosuch: claims has no column 'nosuch' to facet by."),
])
@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")  # Datasette's, on a failed facet
def test_a_bad_sort_or_facet_answers_400_with_a_message(client, path, says):
    table, _, query = path.partition("?")
    # a CSV export ignores facets, so only a bad sort concerns it
    for suffix in ("", ".json", ".csv") if "_sort" in query else ("", ".json"):
        response = client.get(f"{table}{suffix}?{query}")
        assert response.status_code == 400, (suffix, response.text[:300])
        body = response.json()["error"] if suffix == ".json" else html.unescape(response.text)
        assert says in body, (suffix, body[:500])
        assert ("Its columns are: " in body) == ("no column" in says)
        assert str(ROOT) not in body
        if suffix == "":
            assert f'<a href="{table}">Back to {table.rsplit("/", 1)[1]}</a>' in response.text


INFINITE = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"


def test_a_csv_export_that_runs_out_of_time_answers_400_with_a_message(client):
    response = client.get(f"/{DB_NAME}.csv?sql={quote(INFINITE)}&_timelimit=20")
    assert response.status_code == 400
    assert response.text.startswith("Query interrupted: The query took longer than this site's time limit (20 ms)")
    assert f"download the whole database (/{DB_NAME}.db)" in response.text


@pytest.mark.parametrize("path", [
    "/", f"/{DB_NAME}/figures?_sort=", f"/{DB_NAME}/figures?_facet=", f"/{DB_NAME}/figures?_search=%22",
    f"/{DB_NAME}/figures?_size=max&_facet_size=max", f"/{DB_NAME}/figures/nosuch", f"/{DB_NAME}/nosuch",
    f"/{DB_NAME}/figures.csv?_stream=on", f"/{DB_NAME}/who_said_what", f"/{DB_NAME}.json?sql={quote(INFINITE)}&_timelimit=20",
    "/-/search?q=%22%22%22", "/-/search?q=" + quote("NEAR(a b"),
])
@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
def test_odd_requests_never_answer_5xx(client, path):
    assert client.get(path).status_code < 500, path
