"""Writing the normalized rows to SQLite, all or nothing.

The database is built in a temporary file beside the target and renamed over
it only when every table, index, view and full-text index was written and the
foreign keys check out; on any error the previous database is untouched.
"""
from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils

from .schema import SQL_TYPES, Schema, Table, vocabulary_table


def create_table_sql(table: Table) -> str:
    """CREATE TABLE with real REFERENCES constraints, straight from schema.yaml."""
    lines = []
    for col in table.columns.values():
        line = f"[{col.name}] {SQL_TYPES[col.type]}"
        if col.required:
            line += " NOT NULL"
        if col.references:
            target = col.references
            line += f" REFERENCES [{target}](id)"
        elif col.vocabulary:
            line += f" REFERENCES [{vocabulary_table(col.vocabulary)}](value)"
        lines.append(line)
    lines.append("PRIMARY KEY (" + ", ".join(f"[{k}]" for k in table.primary_key) + ")")
    return f"CREATE TABLE [{table.name}] (\n   " + ",\n   ".join(lines) + "\n)"


def index_columns(table: Table) -> list[str]:
    """Every foreign key and every faceted column gets an index (unless it leads the primary key)."""
    wanted = [c for c, _ in table.foreign_keys] + [f for f in table.facets if f in table.columns]
    return [c for c in dict.fromkeys(wanted) if c != table.primary_key[0]]


def write_database(rows: dict[str, list[dict]], schema: Schema, out: Path) -> None:
    out = Path(out)
    tmp = out.with_name(f".{out.name}.building")
    tmp.unlink(missing_ok=True)
    try:
        _write(rows, schema, tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _write(rows, schema: Schema, path: Path) -> None:
    db = sqlite_utils.Database(path)
    for vocab in schema.vocabularies.values():
        db.execute(f"CREATE TABLE [{vocabulary_table(vocab.name)}] ([value] TEXT PRIMARY KEY, [description] TEXT NOT NULL)")
    for table in schema.tables.values():
        db.execute(create_table_sql(table))
    for name, table_rows in rows.items():
        clean = [{k: v for k, v in r.items() if k != "_origin"} for r in table_rows]
        if clean:
            db[name].insert_all(clean)
    for table in schema.tables.values():
        for column in index_columns(table):
            db[table.name].create_index([column])
        if table.fts:
            db[table.name].enable_fts(table.fts, tokenize="porter")
    for name, spec in schema.views.items():
        db.create_view(name, spec["sql"])
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"foreign key check failed: {problems[:5]}")
    db.execute("ANALYZE")
    db.close()
