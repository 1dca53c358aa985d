"""Writing the normalized rows to SQLite, all or nothing.

The database is built in a temporary file beside the target and renamed over
it only when every table, index, view and full-text index was written, the
tables the build computes from them were computed (unrest/precompute.py) and the
foreign keys check out; on any error the previous database is untouched.
"""
from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils

from . import precompute
from .schema import SQL_TYPES, Schema, Table, vocabulary_table

# sqlite-utils 4.2 maps declared types through COLUMN_TYPE_MAPPING, which has no NUMERIC; schema.yaml's
# `real` columns are NUMERIC (see SQL_TYPES), so teach it the name, unchanged.
sqlite_utils.db.COLUMN_TYPE_MAPPING.setdefault("NUMERIC", "NUMERIC")


def write_database(rows: dict[str, list], schema: Schema, out: Path) -> dict[str, int]:
    """Write the database; returns the rows of each table the build computed (unrest/precompute.py)."""
    out = Path(out)
    tmp = out.with_name(f".{out.name}.building")
    tmp.unlink(missing_ok=True)
    try:
        computed = _write(rows, schema, tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return computed


def create_table(db: sqlite_utils.Database, table: Table) -> None:
    """The table as schema.yaml declares it: types, NOT NULL, primary key, real REFERENCES constraints."""
    db[table.name].create(
        {c.name: SQL_TYPES[c.type] for c in table.columns.values()},
        pk=table.primary_key[0] if len(table.primary_key) == 1 else tuple(table.primary_key),
        not_null={c.name for c in table.columns.values() if c.required},
        foreign_keys=[(c.name, c.target, "value" if c.vocabulary else "id")
                      for c in table.columns.values() if c.target],
    )


def _creation_order(schema: Schema) -> list[Table]:
    """Tables after the tables they reference (sqlite-utils checks a foreign key's target exists)."""
    ordered: dict[str, Table] = {}

    def visit(table: Table) -> None:
        if table.name in ordered:
            return
        for column in table.columns.values():
            if column.references and column.references != table.name:
                visit(schema.tables[column.references])
        ordered[table.name] = table

    for table in schema.tables.values():
        visit(table)
    return list(ordered.values())


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Every row of a created table, in order, by one executemany: a column a row lacks is NULL.

    Plain sqlite3 rather than sqlite-utils' insert_all, which rebuilt each chunk's statement and
    inspected every value (for JSON) and was most of the write; the rows hold only texts and numbers.
    """
    columns = db[table].columns_dict
    unknown = {key for row in rows for key in row} - columns.keys()
    if unknown:  # a build step's mistake, not the curator's
        raise RuntimeError(f"rows of {table} have columns it does not have: {sorted(unknown)}")
    names = ", ".join(sqlite_utils.db.quote_identifier(c) for c in columns)
    db.conn.executemany(f"INSERT INTO {sqlite_utils.db.quote_identifier(table)} ({names}) "
                        f"VALUES ({', '.join('?' for _ in columns)})",
                        ([row.get(c) for c in columns] for row in rows))


def _write(rows, schema: Schema, path: Path) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    computed = precompute.computed_tables(schema)
    computed_names = {t.name for t in computed}
    # A page cache the size of the whole database being built (it grows only as used): with SQLite's
    # default 2 MB the inserts and index builds write pages out and read them back.
    db.execute("PRAGMA cache_size = -262144")  # KiB: 256 MiB
    with db.atomic():  # one transaction for the whole write (inner writes become savepoints)
        for vocab in schema.vocabularies.values():
            db[vocabulary_table(vocab.name)].create({"value": "TEXT", "description": "TEXT"}, pk="value",
                                                     not_null={"description"})
        for table in _creation_order(schema):
            create_table(db, table)
        for name, table_rows in rows.items():
            insert_rows(db, name, table_rows)
        for table in schema.tables.values():
            if table.name in computed_names:
                continue
            for index in table.indexes:
                db[table.name].create_index(list(index.columns))
            if table.fts:
                db[table.name].enable_fts(table.fts, tokenize="porter")
        counts = precompute.fill(db, schema)  # from the tables above, through their indexes
        for table in computed:
            if table.fts:
                db[table.name].enable_fts(table.fts, tokenize="porter")
        for name, spec in schema.views.items():
            db.create_view(name, spec["sql"])
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign key check failed: {problems[:5]}")
    db.execute("ANALYZE")
    db.close()
    return counts
