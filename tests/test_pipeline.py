"""The pipeline: schema.yaml and the database agree, every span is exact, the build is all-or-nothing."""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys

import pytest
import yaml
from building import assert_rejected, edit_yaml, make_workspace, run_build
from conftest import ROOT

from unrest.metadata import render

# The checksums shared/REFERENCE.md gives for the articles as received.
RECEIVED = {
    "forces-fly-in": ("000_4a4402832c3655a8.txt", "9849265e4e8764004bc0e32fa61cd7b1ba7740a4a32128c920f028343148023e"),
    "rioters-liquidated": ("001_67db95569a3a3e70.txt", "720817adcce44febcebb6d53b74faf3049746719115b4d00895d15d3d458ec26"),
    "internet-shut-off": ("002_1d9e24e1c243414e.txt", "c43c4178df4c0e1fb589e804df314d88e6ea6ae653b11c61d859f0742d80301a"),
}
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"


# --- schema.yaml and the database agree -------------------------------------------------
# Checked against schema.yaml as written (yaml.safe_load), not against unrest.schema's reading of
# it: a column the reader dropped would otherwise be missing from both sides and go unnoticed.

WRITTEN = yaml.safe_load((ROOT / "schema.yaml").read_text(encoding="utf-8"))
SQLITE_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "NUMERIC"}  # as schema.yaml's header says


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def written_foreign_keys(table: dict) -> set[tuple[str, str]]:
    """(column, target table) for every references and vocabulary key of a table in schema.yaml."""
    return {(name, col["references"]) for name, col in table["columns"].items() if "references" in col} | {
        (name, f"vocab_{col['vocabulary']}") for name, col in table["columns"].items() if "vocabulary" in col}


def test_every_schema_table_exists_with_its_columns_types_and_not_null(db):
    for name, table in WRITTEN["tables"].items():
        info = {r["name"]: r for r in db.execute(f"PRAGMA table_info([{name}])")}
        assert list(info) == list(table["columns"]), name
        for cname, col in table["columns"].items():
            assert info[cname]["type"] == SQLITE_TYPES[col["type"]], (name, cname)
            assert bool(info[cname]["notnull"]) == col.get("required", False), (name, cname)
        pk = [r["name"] for r in sorted(info.values(), key=lambda r: r["pk"]) if r["pk"]]
        assert pk == as_list(table["primary_key"]), name


def test_every_foreign_key_is_a_real_constraint(db):
    for name, table in WRITTEN["tables"].items():
        declared = {(r["from"], r["table"]) for r in db.execute(f"PRAGMA foreign_key_list([{name}])")}
        assert declared == written_foreign_keys(table), name


def test_every_foreign_key_and_faceted_column_is_indexed(db):
    for name, table in WRITTEN["tables"].items():
        indexed = {
            db.execute(f"PRAGMA index_info([{ix['name']}])").fetchone()["name"]
            for ix in db.execute(f"PRAGMA index_list([{name}])")
        }
        wanted = {c for c, _ in written_foreign_keys(table)} | set(table.get("facets", []))
        for column in wanted - {as_list(table["primary_key"])[0]}:
            assert column in indexed, f"{name}.{column} is not indexed"


def test_every_index_schema_yaml_declares_exists_with_its_columns_in_order(db):
    for name, table in WRITTEN["tables"].items():
        existing = {tuple(r["name"] for r in db.execute(f"PRAGMA index_info([{ix['name']}])"))
                    for ix in db.execute(f"PRAGMA index_list([{name}])")}
        for index in table.get("indexes", []):
            assert tuple(index["columns"]) in existing, (name, index)


def test_foreign_key_check_is_empty(db):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_rows_are_written_in_order_a_missing_value_null_and_an_unknown_column_refused(tmp_path):
    import sqlite_utils

    from unrest.write import insert_rows

    db = sqlite_utils.Database(tmp_path / "t.db")
    db["t"].create({"id": "TEXT", "n": "INTEGER", "note": "TEXT"}, pk="id")
    insert_rows(db, "t", [{"id": "b", "n": 2}, {"note": "first", "id": "a", "n": 1}])
    assert db.execute("SELECT rowid, id, n, note FROM t ORDER BY rowid").fetchall() == [
        (1, "b", 2, None), (2, "a", 1, "first")]
    with pytest.raises(RuntimeError, match=r"rows of t have columns it does not have: \['colour'\]"):
        insert_rows(db, "t", [{"id": "c", "colour": "red"}])


def test_every_vocabulary_is_a_lookup_table_with_what_schema_yaml_says(db):
    for name, vocab in WRITTEN["vocabularies"].items():
        rows = db.execute(f"SELECT value, description FROM [vocab_{name}]").fetchall()
        assert [tuple(r) for r in rows] == list(vocab["values"].items()), name


def test_more_than_is_explained_in_its_lookup_table(db):
    (description,) = db.execute("SELECT description FROM vocab_qualifier WHERE value = 'more_than'").fetchone()
    assert "strict lower bound" in description


def test_full_text_search_tables_exist_with_porter_stemming(db):
    for name, table in WRITTEN["tables"].items():
        if table.get("fts"):
            (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (f"{name}_fts",)).fetchone()
            assert "porter" in sql and all(c in sql for c in as_list(table["fts"])), name


def test_committed_metadata_json_is_generated_from_schema_yaml(schema):
    committed = (ROOT / "metadata.json").read_text(encoding="utf-8")
    assert committed == render(schema), "metadata.json is stale: run `python build.py` and commit it"


def test_every_referenced_table_has_an_explicit_label_column():
    meta = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))["databases"]["kazakhstan-unrest"]["tables"]
    for table in WRITTEN["tables"].values():
        for _, target in written_foreign_keys(table):
            assert meta[target].get("label_column"), target


# --- every row traceable ----------------------------------------------------------------

def test_every_span_is_the_exact_text_at_its_offsets(db):
    texts = dict(db.execute("SELECT id, text FROM sources"))
    checked = 0
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        if {"source_id", "char_start", "char_end", "text"} <= {r["name"] for r in db.execute(f"PRAGMA table_info([{name}])")}:
            for row in db.execute(f"SELECT source_id, char_start, char_end, text FROM [{name}]"):
                assert texts[row["source_id"]][row["char_start"]:row["char_end"]] == row["text"], (name, dict(row))
                checked += 1
    assert checked > 20


def test_sqlite_substr_agrees_with_the_offsets(db):
    """Users slice in SQL: substr() is 1-based, in characters, like the offsets."""
    bad = db.execute("""
        SELECT f.id FROM figures f JOIN sources s ON s.id = f.source_id
        WHERE substr(s.text, f.char_start + 1, f.char_end - f.char_start) != f.text""").fetchall()
    assert bad == []


def test_articles_match_the_checksums_they_were_received_with(db):
    for slug, (original, sha) in RECEIVED.items():
        data = (ROOT / "sources" / slug / "article.txt").read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha
        row = db.execute("SELECT sha256, original_file, text FROM sources WHERE id = ?", (slug,)).fetchone()
        assert (row["sha256"], row["original_file"], row["text"]) == (sha, original, data.decode("utf-8"))


@pytest.mark.skipif(not SHARED_ARTICLES.is_dir(), reason="shared/articles/ is not beside this checkout")
def test_articles_are_byte_identical_to_the_shared_copies():
    for slug, (original, _) in RECEIVED.items():
        assert (ROOT / "sources" / slug / "article.txt").read_bytes() == (SHARED_ARTICLES / original).read_bytes()


def test_the_build_is_deterministic(db_path, tmp_path):
    again = tmp_path / "again.db"
    assert run_build(ROOT / "sources", again)[0] == 0

    def dump(path):
        conn = sqlite3.connect(path)
        return [(t, conn.execute(f"SELECT * FROM [{t}]").fetchall())
                for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    assert dump(again) == dump(db_path)


def test_a_sources_folder_of_another_name_builds_the_same_rows(db, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "sources", corpus)
    out = tmp_path / "other.db"
    status, stderr = run_build(corpus, out)
    assert status == 0, stderr
    conn = sqlite3.connect(out)
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"):
        assert conn.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone() == tuple(db.execute(
            f"SELECT COUNT(*) FROM [{table}]").fetchone()), table
    assert conn.execute("SELECT file FROM sources WHERE id = 'forces-fly-in'").fetchone() == (
        "corpus/forces-fly-in/article.txt",)


# --- the build is all-or-nothing ---------------------------------------------------------

@pytest.fixture
def workspace(tmp_path, db_path):
    return make_workspace(tmp_path, db_path)


ANN = "forces-fly-in/annotations.yaml"


def first_figure(change):
    return lambda data: change(data["figures"][0])


def test_malformed_yaml_is_reported_with_its_line(workspace):
    sources, out = workspace
    (sources / "propositions.yaml").write_text("- id: x\n  statement: [unclosed\n", encoding="utf-8")
    assert_rejected(sources, out, "sources/propositions.yaml:3: malformed YAML")


def test_an_unknown_key_is_named_with_file_line_entry_and_a_suggestion(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, first_figure(lambda f: f.update(mesure=f.pop("measure"))))
    assert_rejected(sources, out, f"sources/{ANN}:", "figures[0]", "unknown key 'mesure' (did you mean 'measure'?)")


def test_an_entry_that_is_not_a_mapping_is_named(workspace):
    sources, out = workspace
    edit_yaml(sources / "actors.yaml", lambda actors: actors.append("Tokayev"))
    assert_rejected(sources, out, "sources/actors.yaml", "must be a mapping of key: value pairs")


def test_a_missing_required_field_is_named(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, first_figure(lambda f: f.pop("measure")))
    assert_rejected(sources, out, "figures[0]", "missing required field 'measure'")


def test_a_value_outside_its_vocabulary_is_named_with_the_allowed_values(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, first_figure(lambda f: f.update(measure="kiled")))
    assert_rejected(sources, out, "measure 'kiled' is not in the vocabulary 'measure' (did you mean 'killed'?)")


def test_a_duplicate_id_is_named_with_the_first_place_it_was_used(workspace):
    sources, out = workspace
    edit_yaml(sources / "quantities.yaml", lambda q: q.append(dict(q[0])))
    assert_rejected(sources, out, "sources/quantities.yaml", "duplicate quantities id")


def test_a_quote_not_in_the_article_is_rejected(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, first_figure(lambda f: f.update(text="Some 19")))
    assert_rejected(sources, out, "quotation not found in the article: 'Some 19'")


def test_a_quote_found_twice_needs_an_occurrence(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, lambda d: d.setdefault("exclusions", []).append({"text": "Almaty", "reason": "test"}))
    assert_rejected(sources, out, "exclusions[", "quotation occurs", "add occurrence: 1..")


def test_a_reference_to_an_unknown_actor_is_rejected(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, lambda d: d["claims"][0].update(claimant_id="kassym-jomart-tokaev"))
    assert_rejected(sources, out, "claimant_id 'kassym-jomart-tokaev' is not a known actors id "
                                  "(did you mean 'kassym-jomart-tokayev'?)")


def test_a_reference_to_an_unknown_place_proposition_and_quantity_is_rejected(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, first_figure(lambda f: f.update(place_id="almaaty", quantity_id="nope")))
    edit_yaml(sources / ANN, lambda d: d["claims"][0].update(proposition_id="nope"))
    assert_rejected(sources, out, "place_id 'almaaty' is not a known places id",
                    "quantity_id 'nope' is not a known quantities id",
                    "proposition_id 'nope' is not a known propositions id")


def test_low_greater_than_value_is_rejected(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, first_figure(lambda f: f.update(text="Some 18", value=18, low=20, qualifier="about")))
    assert_rejected(sources, out, "low 20 is greater than value 18")


def test_a_date_that_is_not_iso_is_rejected(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, lambda d: d["source"].update(published="6 January 2022"))
    assert_rejected(sources, out, "published '6 January 2022' must be an ISO date")


def test_an_impossible_date_is_rejected(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, lambda d: d["source"].update(published="2022-02-30"))
    assert_rejected(sources, out, "published '2022-02-30' is not a real date")


def test_an_edited_article_is_rejected_by_its_checksum(workspace):
    sources, out = workspace
    article = sources / "forces-fly-in" / "article.txt"
    article.write_bytes(article.read_bytes().replace(b"Almaty", b"Almaty ", 1))
    assert_rejected(sources, out, "sources/forces-fly-in/annotations.yaml", "has changed: its sha256 is")


def test_all_problems_are_reported_in_one_run_and_the_command_exits_1(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, first_figure(lambda f: f.update(mesure=f.pop("measure"))))
    edit_yaml(sources / "propositions.yaml", lambda p: p[0].update(topic="casualty"))
    stderr = assert_rejected(sources, out, "unknown key 'mesure'", "topic 'casualty' is not in the vocabulary")
    assert "build failed: 2 problem(s)" in stderr
    # the command line a curator runs says the same, with exit status 1
    command = subprocess.run([sys.executable, str(ROOT / "build.py"), "--sources", str(sources), "--out", str(out)],
                             capture_output=True, text=True)
    assert (command.returncode, command.stderr) == (1, stderr)


def test_a_good_build_replaces_the_previous_database(workspace):
    sources, out = workspace
    out.write_bytes(b"not a database")
    status, stderr = run_build(sources, out)
    assert status == 0, stderr
    assert sqlite3.connect(out).execute("SELECT count(*) FROM sources").fetchone()[0] == 3
