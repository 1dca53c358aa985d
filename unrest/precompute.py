"""The tables the build computes from the tables it has written: what a page would otherwise
aggregate, join or sort over every row on each request (schema.yaml, input {sql: …} and
{build: facet_counts}).

The served database never changes, so the comparison of figures across sources, the
timeline's order, the counts of every default facet and the like are computed here once, in
the build's own transaction, and the pages read them through indexes.

- A table whose input is {sql: sql/tables/<name>.sql} is filled by that SELECT, in schema
  order, once the tables before it are written and indexed (a table's SELECT may read one
  computed before it). Its result columns must be exactly the columns schema.yaml declares
  for it, or the build stops with a problem naming both.
- facet_counts ({build: facet_counts}) is filled last: for every table with default facets,
  each facet's values over the whole table with their counts, counted as Datasette counts
  them (a date facet counts date(column)), ranked as Datasette orders them (most common
  first, ties by value). plugins/unrest_facets.py answers an unfiltered table page's facets
  from it.

Everything is ordered (ORDER BY in every SELECT, ROW_NUMBER for ties), so two builds write
the same bytes.
"""
from __future__ import annotations

import sqlite_utils

from .schema import Schema, SchemaError, Table

FACET_COUNTS = "facet_counts"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def computed_tables(schema: Schema) -> list[Table]:
    """The tables the build computes, in the order it computes them: the SELECTs in schema order, then facet_counts."""
    selects = schema.tables_by_input("sql")
    counts = [t for t in schema.tables_by_input("build") if t.input["build"] == FACET_COUNTS]
    return selects + counts


def computed_names(schema: Schema) -> set[str]:
    """The names of the tables the build computes (a release's diff leaves them out)."""
    return {t.name for t in computed_tables(schema)}


def result_columns(db: sqlite_utils.Database, sql: str) -> list[str]:
    return [d[0] for d in db.execute(f"SELECT * FROM ({sql}) LIMIT 0").description]


def column_problems(table: Table, columns: list[str]) -> list[str]:
    """What is wrong with the columns a table's SELECT gives, against the columns schema.yaml declares."""
    declared = list(table.columns)
    where = f"schema.yaml: tables.{table.name}: {table.input['sql']}"
    problems = []
    extra = [c for c in columns if c not in table.columns]
    missing = [c for c in declared if c not in columns]
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if extra:
        problems.append(f"{where} gives column(s) {', '.join(extra)} that the table does not declare")
    if missing:
        problems.append(f"{where} gives no column {', '.join(missing)}, which the table declares")
    if twice:
        problems.append(f"{where} gives column(s) {', '.join(twice)} more than once")
    return problems


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def facet_counts_sql(schema: Schema) -> str:
    """One SELECT counting every default facet of every table, ranked as Datasette ranks them
    (datasette/facets.py: `count(*) ... where value is not null group by value order by count desc, value`).
    The value is written as text beside its SQLite type, which the site gives it back in."""
    parts = []
    for table in schema.tables.values():
        for column, kind in table.facet_types.items():
            value = f"date({quote(column)})" if kind == "date" else quote(column)
            parts.append(
                f"SELECT {literal(table.name)} AS table_name, {literal(column)} AS facet, "
                f"{literal(kind)} AS facet_type, CAST(value AS TEXT) AS value, typeof(value) AS value_type, "
                f"count, ROW_NUMBER() OVER (ORDER BY count DESC, value) AS ordinal FROM ("
                f"SELECT {value} AS value, COUNT(*) AS count FROM {quote(table.name)} "
                f"WHERE {value} IS NOT NULL GROUP BY {value})")
    nothing = "SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0"
    return " UNION ALL ".join(parts or [nothing]) + " ORDER BY 1, 2, 3, 7"


def fill(db: sqlite_utils.Database, schema: Schema, indexes: bool = True) -> dict[str, int]:
    """Compute every computed table (created empty beforehand) and create its indexes (unless
    `indexes` is False: bench/scale_grow.py recreates them as they were). Returns the rows written
    per table; raises SchemaError when a SELECT's columns are wrong."""
    counts = {}
    for table in computed_tables(schema):
        if table.input_kind == "sql":
            assert table.sql is not None
            sql = table.sql
            columns = result_columns(db, sql)
            problems = column_problems(table, columns)
            if problems:
                raise SchemaError(problems)
        else:
            sql = facet_counts_sql(schema)
            columns = ["table_name", "facet", "facet_type", "value", "value_type", "count", "ordinal"]
        db.execute(f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) {sql}")
        for index in table.indexes if indexes else []:
            db[table.name].create_index(list(index.columns))
        counts[table.name] = db.execute(f"SELECT COUNT(*) FROM {quote(table.name)}").fetchone()[0]
    return counts
