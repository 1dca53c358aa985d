"""What changed between two versions of the database: rows added, removed and changed, by primary key.

    python build.py diff OLD.db NEW.db

Works on any two database files, whatever schema.yaml says today: each table's columns
and primary key (composite keys included) are read from the files themselves. Full-text
indexes, views and SQLite's own tables are derived and left out, and so are the tables the
build computes from the others, which the caller names (schema.yaml's {sql: …} and
{build: facet_counts} tables). Values are compared with
their SQLite type, so 18.0 → 18 (REAL → INTEGER) is a change. The output is Markdown:
`make release PREVIOUS=OLD.db` writes it as CHANGES.md.

compare_rows, required_bump and render are pure; read_tables is the only part that opens SQLite.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .dataset import TABLE as DATASET_TABLE

LONG = 160  # characters of a value shown before it is cut


Changed = tuple[tuple, list[tuple[str, object, object]]]  # (key, [(column, old value, new value)])


@dataclass
class Table:
    """A table as read from one database file."""

    name: str
    columns: list[str]
    key: list[str]
    rows: dict[tuple, dict]  # primary key → row


@dataclass
class TableChanges:
    table: str
    key: list[str]
    added: list[tuple] = field(default_factory=list)
    removed: list[tuple] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    only_in: str | None = None  # "old" or "new" when the table exists in one database only

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.columns_added or self.columns_removed
                    or self.only_in)


def _typed(value: object) -> tuple[str, object]:
    # 18 and 18.0 are equal in Python but not in the file a user downloads.
    return (type(value).__name__, value)


def compare_rows(old: dict[tuple, dict], new: dict[tuple, dict], columns: list[str]
                 ) -> tuple[list[tuple], list[tuple], list[Changed]]:
    """(added keys, removed keys, [(key, [(column, old value, new value)])]), each sorted by key."""
    added = sorted(set(new) - set(old), key=_sort_key)
    removed = sorted(set(old) - set(new), key=_sort_key)
    changed = []
    for key in sorted(set(old) & set(new), key=_sort_key):
        diffs = [(c, old[key].get(c), new[key].get(c)) for c in columns
                 if _typed(old[key].get(c)) != _typed(new[key].get(c))]
        if diffs:
            changed.append((key, diffs))
    return added, removed, changed


def _sort_key(key: tuple) -> tuple:
    return tuple((value is None, str(type(value).__name__), value if value is not None else 0) for value in key)


def compare_tables(old: dict[str, Table], new: dict[str, Table]) -> list[TableChanges]:
    changes = []
    for name in list(old) + [n for n in new if n not in old]:
        if name not in new:
            changes.append(TableChanges(name, old[name].key, removed=sorted(old[name].rows, key=_sort_key),
                                        only_in="old"))
            continue
        if name not in old:
            changes.append(TableChanges(name, new[name].key, added=sorted(new[name].rows, key=_sort_key),
                                        only_in="new"))
            continue
        a, b = old[name], new[name]
        common = [c for c in b.columns if c in a.columns]
        if a.key != b.key:  # rows cannot be matched: every row is removed and added again
            changes.append(TableChanges(name, b.key, added=sorted(b.rows, key=_sort_key),
                                        removed=sorted(a.rows, key=_sort_key),
                                        columns_added=[c for c in b.columns if c not in a.columns],
                                        columns_removed=[c for c in a.columns if c not in b.columns]))
            continue
        added, removed, changed = compare_rows(a.rows, b.rows, common)
        changes.append(TableChanges(name, b.key, added, removed, changed,
                                    columns_added=[c for c in b.columns if c not in a.columns],
                                    columns_removed=[c for c in a.columns if c not in b.columns]))
    return changes


def required_bump(changes: list[TableChanges]) -> str | None:
    """The least version bump the changes call for (schema.yaml's rule), or None when the data did not change.
    The dataset table's row describes the release itself (version, date, commit): it follows a bump, never asks one."""
    if any(c.only_in or c.columns_added or c.columns_removed for c in changes):
        return "major"
    rows = [c for c in changes if c.table != DATASET_TABLE]
    if any(c.added for c in rows):
        return "minor"
    if any(c.removed or c.changed for c in rows):
        return "patch"
    return None


def bump_is_enough(old_version: str, new_version: str, bump: str | None) -> bool:
    """Whether going from old_version to new_version is at least `bump` (MAJOR.MINOR.PATCH)."""
    old, new = _semver(old_version), _semver(new_version)
    if bump is None:
        return new >= old
    least = {"major": (old[0] + 1, 0, 0), "minor": (old[0], old[1] + 1, 0), "patch": (old[0], old[1], old[2] + 1)}
    return new >= least[bump]


def _semver(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


# --------------------------------------------------------------------------- Markdown

def show(value: object) -> str:
    """A value as a reader should see it: NULL, a number, or a quoted string (cut when long)."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= LONG else f"{text[:LONG]}…\" ({len(value):,} characters)"
    return repr(value)


def show_key(key_columns: list[str], key: tuple) -> str:
    if len(key) == 1:
        return f"`{key[0]}`"
    return ", ".join(f"{c} `{v}`" for c, v in zip(key_columns, key, strict=True))


def render(changes: list[TableChanges], old_version: str | None = None, new_version: str | None = None) -> str:
    versions = f"{old_version or 'unversioned'} → {new_version or 'unversioned'}"
    lines = [f"# Changes {versions}", ""]
    bump = required_bump(changes)
    if all(c.empty for c in changes):
        lines += ["No table, column or row was added, removed or changed.", ""]
        return "\n".join(lines)
    if bump is None:
        lines += [f"Only the {DATASET_TABLE} table, which describes the release itself, changed: "
                  "the data call for no new version.", ""]
    else:
        why = {"major": "tables or columns changed", "minor": "rows added", "patch": "rows corrected or removed"}[bump]
        lines += [f"These changes call for a **{bump}** version ({why}).", ""]
    for c in changes:
        if c.empty:
            continue
        lines += [f"## {c.table}", ""]
        if c.only_in:
            lines += [f"Table {'added' if c.only_in == 'new' else 'removed'}.", ""]
        for label, cols in (("Columns added", c.columns_added), ("Columns removed", c.columns_removed)):
            if cols:
                lines += [f"{label}: {', '.join(f'`{col}`' for col in cols)}.", ""]
        lines += [f"{len(c.added)} added, {len(c.removed)} removed, {len(c.changed)} changed "
                  f"(by {', '.join(c.key)}).", ""]
        for label, keys in (("Added", c.added), ("Removed", c.removed)):
            if keys:
                lines += [f"{label}:", ""] + [f"- {show_key(c.key, k)}" for k in keys] + [""]
        if c.changed:
            lines += ["Changed:", ""]
            for key, diffs in c.changed:
                what = "; ".join(f"{col} {show(old)} → {show(new)}" for col, old, new in diffs)
                lines.append(f"- {show_key(c.key, key)}: {what}")
            lines.append("")
    unchanged = [c.table for c in changes if c.empty]
    if unchanged:
        lines += [f"Unchanged: {', '.join(unchanged)}.", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- reading the files

def columns_and_key(conn: sqlite3.Connection, table: str) -> tuple[list[str], list[str]]:
    """A table's columns in order, and its primary key's columns in key order (all columns if it has none)."""
    info = conn.execute(f"PRAGMA table_info([{table}])").fetchall()
    columns = [row[1] for row in info]
    return columns, [row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])] or columns


def read_tables(path: Path) -> dict[str, Table]:
    """Every data table of a database file: not SQLite's own, not full-text indexes and their shadow tables."""
    conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        entries = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall()
        virtual = [name for name, sql in entries if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
        tables = {}
        for name, _ in entries:
            if name.startswith("sqlite_") or name in virtual or any(name.startswith(f"{v}_") for v in virtual):
                continue
            columns, key = columns_and_key(conn, name)
            rows = {}
            for values in conn.execute(f"SELECT * FROM [{name}]"):
                row = dict(zip(columns, values, strict=True))
                rows[tuple(row[k] for k in key)] = row
            tables[name] = Table(name, columns, key, rows)
        return tables
    finally:
        conn.close()


def dataset_version(path: Path) -> str | None:
    """The version a database's dataset table gives, or None for a database from before versions."""
    conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version FROM dataset").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def diff_databases(old: Path, new: Path, computed: Collection[str] = ()) -> list[TableChanges]:
    """`computed`: the tables the build computes from the others (unrest/precompute.py), left out like views:
    a change to them is a change to the rows they are computed from, reported there."""
    def tables(path: Path) -> dict[str, Table]:
        return {name: t for name, t in read_tables(path).items() if name not in computed}
    return compare_tables(tables(old), tables(new))


def diff_report(old: Path, new: Path, computed: Collection[str] = ()) -> str:
    return render(diff_databases(old, new, computed), dataset_version(old), dataset_version(new))
