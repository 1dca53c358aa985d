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


def test_queries_and_computed_tables_read_their_sql_from_the_files_schema_yaml_names(schema):
    assert schema.queries["timeline"]["sql"] == (ROOT / "sql" / "queries" / "timeline.sql").read_text().strip()
    assert "sql_file" not in schema.queries["timeline"]
    comparisons = schema.tables["figure_comparisons"]
    assert comparisons.input == {"sql": "sql/tables/figure_comparisons.sql"}
    assert comparisons.sql == (ROOT / "sql" / "tables" / "figure_comparisons.sql").read_text().strip()


def test_a_computed_table_names_a_select_under_sql_tables_that_exists(schema_copy):
    change(schema_copy, lambda raw: raw["tables"]["claim_dates"].update(input={"sql": "sql/tables/missing.sql"}))
    assert problems_of(schema_copy) == ["schema.yaml: tables.claim_dates.input.sql: sql/tables/missing.sql does not exist"]
    change(schema_copy, lambda raw: raw["tables"]["claims_in_order"].update(input={"sql": "sql/queries/timeline.sql"}))
    (elsewhere,) = problems_of(schema_copy)  # the file's rules are checked first, then what they name
    assert "tables.claims_in_order.input: must be one of" in elsewhere and "{sql: sql/tables/<name>.sql}" in elsewhere


def test_a_filter_must_be_a_column_and_say_why(schema_copy):
    change(schema_copy, lambda raw: raw["tables"]["figures"]["filters"].update(nosuch="test"))
    assert problems_of(schema_copy) == ["schema.yaml: tables.figures.filters: 'nosuch' is not a column of figures"]
    change(schema_copy, lambda raw: raw["tables"]["claims"].update(filters={"claim_type": ""}))
    assert problems_of(schema_copy) == ["schema.yaml: tables.claims.filters.claim_type: '' should be non-empty"]


def test_a_filter_gets_an_index_with_each_facet_and_the_sort_column(schema):
    figures = schema.tables["figures"]
    indexes = {i.columns: i.why for i in figures.indexes}
    for facet in figures.facets:
        if facet != "measure":
            assert ("measure", facet) in indexes, facet
            assert indexes["measure", facet].startswith(f"filter measure, then {facet}: The home page links")
    assert ("quantity_id", "measure") in indexes and ("measure", "measure") not in indexes
    assert ("quantity_id",) in indexes  # and the filter's own one-column index, as a foreign key
    comparisons = {i.columns for i in schema.tables["figure_comparisons"].indexes}
    assert ("quantity_id", "ordinal") in comparisons and ("ordinal",) in comparisons  # the sort column
    assert not schema.tables["claims"].filters and all(len(i.columns) == 1 or i in schema.tables["claims"]
                                                       .declared_indexes for i in schema.tables["claims"].indexes)


def test_the_rows_made_from_an_entry_go_where_schema_yaml_says_they_come_from(schema):
    from unrest.normalize import alias_rows, child_steps, claim_actor_rows

    assert child_steps(schema, "actors") == [("actor_aliases", alias_rows)]
    assert child_steps(schema, "claims") == [("claim_actors", claim_actor_rows)]
    assert child_steps(schema, "figures") == []
