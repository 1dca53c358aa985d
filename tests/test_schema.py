"""schema.yaml is checked before anything is built: every key in it is one the build reads."""
from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import ROOT

from unrest.schema import SchemaError, load_schema


@pytest.fixture
def schema_copy(tmp_path):
    """A copy of schema.yaml and its sql/ folder, to break."""
    shutil.copy(ROOT / "schema.yaml", tmp_path / "schema.yaml")
    shutil.copytree(ROOT / "sql", tmp_path / "sql")
    return tmp_path / "schema.yaml"


def change(path, edit) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_of(path) -> list[str]:
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    return caught.value.problems


def test_an_unknown_table_key_is_an_error_naming_the_table_and_the_allowed_keys(schema_copy):
    change(schema_copy, lambda raw: raw["tables"]["figures"].update(facet=["measure"]))
    (problem,) = problems_of(schema_copy)
    assert problem.startswith("schema.yaml: tables.figures: unknown key(s) 'facet'; allowed: description, input")


def test_an_unknown_column_key_is_an_error(schema_copy):
    change(schema_copy, lambda raw: raw["tables"]["figures"]["columns"]["value"].update(nullable=True))
    assert problems_of(schema_copy) == [
        "schema.yaml: tables.figures.columns.value: unknown key(s) 'nullable'; allowed: type, required, description, "
        "references, vocabulary, format, derived, default, minimum, maximum, together_with"]


def test_an_input_must_be_one_of_the_kinds_schema_yaml_documents(schema_copy):
    change(schema_copy, lambda raw: raw["tables"]["mentions"].update(input={"derived": True}))
    (problem,) = problems_of(schema_copy)
    assert "tables.mentions.input: must be one of {section: …}, {file: …}" in problem


def test_names_must_point_at_columns_tables_vocabularies_and_files(schema_copy):
    def edit(raw):
        raw["tables"]["figures"]["facets"].append("nosuch")
        raw["tables"]["figures"]["columns"]["measure"]["vocabulary"] = "measures"
        raw["tables"]["figures"]["indexes"] = [{"columns": ["measure", "nosuch"], "why": "test"}]
        raw["queries"]["timeline"]["sql_file"] = "sql/queries/missing.sql"
        raw["tables"]["claim_actors"]["input"] = {"from": "claims.actor"}
    change(schema_copy, edit)
    assert sorted(problems_of(schema_copy)) == [
        "schema.yaml: queries.timeline.sql_file: sql/queries/missing.sql does not exist",
        "schema.yaml: tables.claim_actors.input.from: 'claims.actor' is not an input field of a table",
        "schema.yaml: tables.figures.columns.measure.vocabulary: no vocabulary 'measures'",
        "schema.yaml: tables.figures.facets: 'nosuch' is not a column of figures",
        "schema.yaml: tables.figures.indexes[0]: 'nosuch' is not a column of figures",
    ]


def test_views_and_queries_read_their_sql_from_the_files_schema_yaml_names(schema):
    assert schema.queries["timeline"]["sql"] == (ROOT / "sql" / "queries" / "timeline.sql").read_text().strip()
    assert "sql_file" not in schema.queries["timeline"]
    assert schema.views["figure_comparisons"]["sql"].startswith("SELECT f.id AS figure_id")


def test_the_rows_made_from_an_entry_go_where_schema_yaml_says_they_come_from(schema):
    from unrest.normalize import alias_rows, child_steps, claim_actor_rows

    assert child_steps(schema, "actors") == [("actor_aliases", alias_rows)]
    assert child_steps(schema, "claims") == [("claim_actors", claim_actor_rows)]
    assert child_steps(schema, "figures") == []
