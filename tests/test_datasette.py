"""The database as Datasette serves it (immutable, with the generated metadata.json)."""
from __future__ import annotations

import csv
import io
import sqlite3

import pytest
from conftest import DB_NAME

from unrest.schema import vocabulary_table


def test_the_home_page_names_the_dataset(client):
    response = client.get("/")
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


def test_search_finds_articles_by_stemmed_words(client):
    data = client.get(f"/{DB_NAME}/sources.json?_search=peacekeeper&_shape=objects").json()
    assert {row["id"] for row in data["rows"]} == {"forces-fly-in", "rioters-liquidated", "internet-shut-off"}


def test_search_finds_claims(client):
    data = client.get(f"/{DB_NAME}/claims.json?_search=terrorists&_shape=objects").json()
    assert data["rows"], "a claim about 'terrorists' must be found"
    assert all("terrorist" in row["text"].lower() for row in data["rows"])


def test_facets_on_foreign_keys_show_names_not_ids(client):
    data = client.get(f"/{DB_NAME}/figures.json?_facet=attributed_to").json()
    labels = {r["label"] for r in data["facet_results"]["attributed_to"]["results"]}
    assert "Interior Ministry of Kazakhstan" in labels


@pytest.mark.parametrize("table, facet", [("figures", "measure"), ("claims", "claim_type"), ("actors", "type")])
def test_default_facets_are_configured(client, table, facet):
    data = client.get(f"/{DB_NAME}/{table}.json").json()
    assert facet in data["facet_results"]


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
