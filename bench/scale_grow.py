"""Grow a built database to many times its size, its foreign keys kept valid.

Which rows are copied, and how their keys change, is read from the database itself
(its tables, primary keys, unique indexes and foreign keys), never from a list of
tables or columns, so a column or table added to schema.yaml is grown too:

- the *per-article* tables are the root table (`sources`) and every table that
  references one of them, directly or through another (claims, figures, mentions,
  claim_actors, number_exclusions, …). Their rows are copied `copies - 1` times;
- every other table (actors, places, quantities, propositions, vocab_*) is shared:
  new articles about the same events name the same actors and report the same
  quantities, so copied rows keep pointing at the same shared rows;
- in a copied row, every own key column (a primary-key column that is not a foreign
  key) and every foreign key into a copied table is re-keyed: text keys get the
  prefix `c<n>-` ("forces-fly-in--troops" → "c7-forces-fly-in--troops", so the
  "<source_id>--<local id>" pattern still holds), integer keys are offset by n times
  (the largest key + 1).

Indexes and triggers are dropped while copying and recreated from their own SQL;
external-content full-text indexes are rebuilt; `PRAGMA foreign_key_check` must come
back empty; ANALYZE runs last.

Tables the build computes from the others (unrest/precompute.py: the comparison, the
orders, the facet counts) are neither copied nor shared: the caller names them and passes
`recompute`, which fills them again from the grown rows with the build's own SQL once the
other tables' indexes are back; their own indexes are recreated after that.

The result is written beside `out` and renamed into place only when complete.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

FTS_CONTENT = re.compile(r"USING\s+FTS\d.*?content\s*=\s*[\"'\[]?(\w+)", re.I | re.S)
SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config", "_segments", "_segdir", "_stat")


class GrowError(RuntimeError):
    """The database has a shape the grower cannot copy without breaking a key."""


@dataclass(frozen=True)
class KeyRewrite:
    """How one column of a copied table changes in copy n: prefix text, or offset integers by n * stride."""

    column: str
    integer: bool
    stride: int = 0

    def expression(self, copy_number: str = "copies.n") -> str:
        col = quote(self.column)
        if self.integer:
            return f"{col} + {copy_number} * {self.stride}"
        return f"'c' || {copy_number} || '-' || {col}"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def content_tables(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables: not sqlite_*, not virtual (full-text) tables, not their shadow tables."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if sql and sql.upper().startswith("CREATE VIRTUAL TABLE")]
    shadows = {v + suffix for v in virtual for suffix in SHADOW_SUFFIXES}
    return [name for name, _ in rows
            if not name.startswith("sqlite_") and name not in virtual and name not in shadows]


def primary_key(conn: sqlite3.Connection, table: str) -> list[str]:
    info = conn.execute(f"PRAGMA table_info({quote(table)})").fetchall()
    return [row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5])]


def column_types(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    return {row[1]: (row[2] or "").upper() for row in conn.execute(f"PRAGMA table_info({quote(table)})")}


def foreign_keys(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, str]]:
    """(column, target table, target column) of every one-column foreign key; the target column
    defaults to the target's primary key."""
    found = []
    for row in conn.execute(f"PRAGMA foreign_key_list({quote(table)})"):
        _, seq, target, column, target_column = row[:5]
        if seq:
            raise GrowError(f"{table}: composite foreign keys are not supported")
        found.append((column, target, target_column or primary_key(conn, target)[0]))
    return found


def copied_tables(conn: sqlite3.Connection, root: str) -> list[str]:
    """The root and every table that references a copied table, in the database's own order."""
    tables = content_tables(conn)
    if root not in tables:
        raise GrowError(f"no table {root!r} to grow from")
    references = {t: {target for _, target, _ in foreign_keys(conn, t)} for t in tables}
    copied = {root}
    while True:
        more = {t for t in tables if t not in copied and references[t] & copied}
        if not more:
            return [t for t in tables if t in copied]
        copied |= more


def rewrite_plan(conn: sqlite3.Connection, copied: list[str]) -> dict[str, list[KeyRewrite]]:
    """For each copied table, the key columns that change from copy to copy."""
    strides: dict[tuple[str, str], int] = {}

    def stride(table: str, column: str) -> int:
        if (table, column) not in strides:
            largest = conn.execute(f"SELECT MAX(ABS({quote(column)})) FROM {quote(table)}").fetchone()[0]
            strides[table, column] = int(largest or 0) + 1
        return strides[table, column]

    plan: dict[str, list[KeyRewrite]] = {}
    for table in copied:
        types = column_types(conn, table)
        fks = foreign_keys(conn, table)
        fk_columns = {column for column, _, _ in fks}
        rewrites = {}
        for column in primary_key(conn, table):
            if column not in fk_columns:  # an own key: unique to this row, so it changes in each copy
                integer = "INT" in types[column]
                rewrites[column] = KeyRewrite(column, integer, stride(table, column) if integer else 0)
        for column, target, target_column in fks:
            if target not in copied:
                continue  # points at a shared row, which stays as it is
            target_types = column_types(conn, target)
            if target_column not in primary_key(conn, target) or (
                    target_column in {c for c, _, _ in foreign_keys(conn, target)}):
                raise GrowError(f"{table}.{column} references {target}.{target_column}, which is not an own key")
            integer = "INT" in target_types[target_column]
            rewrites[column] = KeyRewrite(column, integer, stride(target, target_column) if integer else 0)
        _check_unique(conn, table, set(rewrites))
        plan[table] = list(rewrites.values())
    return plan


def _check_unique(conn: sqlite3.Connection, table: str, rewritten: set[str]) -> None:
    """Every primary key and unique index must include a re-keyed column, or copies would collide."""
    keys = [primary_key(conn, table)] if primary_key(conn, table) else []
    for row in conn.execute(f"PRAGMA index_list({quote(table)})"):
        if row[2]:  # unique
            keys.append([r[2] for r in conn.execute(f"PRAGMA index_info({quote(row[1])})")])
    for key in keys:
        if key and not rewritten & set(key):
            raise GrowError(f"{table}: copies would repeat the unique key ({', '.join(key)}): "
                            "none of its columns is an own key or a reference to a copied table")


def copy_statement(table: str, columns: list[str], rewrites: list[KeyRewrite]) -> str:
    """INSERT the snapshot of `table`'s original rows once per row of temp.copies, re-keyed."""
    by_column = {r.column: r for r in rewrites}
    select = ", ".join(by_column[c].expression() if c in by_column else f"orig.{quote(c)}" for c in columns)
    return (f"INSERT INTO main.{quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"SELECT {select} FROM temp.copies CROSS JOIN temp.{quote('orig_' + table)} AS orig "
            "ORDER BY copies.n")


def grow(src: Path, out: Path, copies: int, root: str = "sources", log=print,
         computed: Collection[str] = (), recompute: Callable[[sqlite3.Connection], object] | None = None) -> dict:
    """Write `out`: `src` with the per-article rows present `copies` times. Returns row counts.
    `computed`: tables emptied and filled again by `recompute(conn)` from the grown rows."""
    src, out = Path(src), Path(out)
    if copies < 1:
        raise ValueError("copies must be at least 1")
    tmp = out.with_name(f".{out.name}.growing")
    tmp.unlink(missing_ok=True)
    shutil.copyfile(src, tmp)
    started = time.perf_counter()
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -1000000",
                       "locking_mode = EXCLUSIVE", "temp_store = MEMORY"):
            conn.execute(f"PRAGMA {pragma}")
        if computed and recompute is None:
            raise ValueError("computed tables need a recompute function")
        copied = [t for t in copied_tables(conn, root) if t not in computed]
        plan = rewrite_plan(conn, copied)
        log(f"  grow: copying {', '.join(copied)} x{copies}; shared: "
            f"{', '.join(t for t in content_tables(conn) if t not in copied and t not in computed)}")
        conn.execute("BEGIN")
        recreate, recreate_computed = [], []
        for table, sql in conn.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                                       "AND sql IS NOT NULL ORDER BY type, name").fetchall():
            (recreate_computed if table in computed else recreate).append(sql)
        for kind, name in conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') "
                                       "AND sql IS NOT NULL").fetchall():
            conn.execute(f"DROP {kind.upper()} {quote(name)}")
        conn.execute("CREATE TEMP TABLE copies (n INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO temp.copies (n) WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                     "WHERE n < ?) SELECT n FROM c", [copies - 1])
        for table in copied:
            columns = list(column_types(conn, table))
            conn.execute(f"CREATE TEMP TABLE {quote('orig_' + table)} AS SELECT * FROM main.{quote(table)}")
            t0 = time.perf_counter()
            if copies > 1:
                conn.execute(copy_statement(table, columns, plan[table]))
            log(f"  grow: {table}: {_count(conn, table):,} rows ({time.perf_counter() - t0:.0f} s)")
        t0 = time.perf_counter()
        for sql in recreate:
            conn.execute(sql)
        log(f"  grow: {len(recreate)} indexes and triggers recreated ({time.perf_counter() - t0:.0f} s)")
        for table in computed:
            conn.execute(f"DELETE FROM {quote(table)}")
        if recompute is not None:
            t0 = time.perf_counter()
            recompute(conn)
            for sql in recreate_computed:
                conn.execute(sql)
            log(f"  grow: computed tables {', '.join(sorted(computed))} filled again from the grown rows, "
                f"{len(recreate_computed)} indexes ({time.perf_counter() - t0:.0f} s)")
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall():
            match = FTS_CONTENT.search(sql or "")
            if match and match.group(1) in copied:
                t0 = time.perf_counter()
                conn.execute(f"INSERT INTO {quote(name)} ({quote(name)}) VALUES ('rebuild')")
                log(f"  grow: full-text index {name} rebuilt ({time.perf_counter() - t0:.0f} s)")
        conn.execute("COMMIT")
        t0 = time.perf_counter()
        broken = conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        if broken:
            raise GrowError(f"foreign key check failed after growing: {broken}")
        log(f"  grow: foreign keys valid ({time.perf_counter() - t0:.0f} s)")
        t0 = time.perf_counter()
        conn.execute("ANALYZE")
        log(f"  grow: ANALYZE ({time.perf_counter() - t0:.0f} s)")
        counts = {t: _count(conn, t) for t in content_tables(conn)}
        conn.close()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    log(f"  grow: {out} written in {time.perf_counter() - started:.0f} s ({out.stat().st_size / 2**30:.1f} GiB)")
    return counts


def _count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT COUNT(*) FROM {quote(table)}").fetchone()[0]


def copies_for(conn: sqlite3.Connection, table: str, target_rows: int) -> int:
    """How many copies give `table` at least `target_rows` rows."""
    have = _count(conn, table)
    if not have:
        raise GrowError(f"{table} is empty: nothing to grow")
    return max(1, -(-target_rows // have))


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cached_grown(src: Path, cache_dir: Path, target_table: str, target_rows: int, root: str = "sources",
                 log=print, computed: Collection[str] = (),
                 recompute: Callable[[sqlite3.Connection], object] | None = None,
                 recompute_key: str = "") -> tuple[Path, dict]:
    """The grown database for these inputs, reused when the source database, the target, this
    file and `recompute_key` (the digest of what recomputes the computed tables) are unchanged
    (the key is their digest). Returns its path and its manifest."""
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as conn:
        copies = copies_for(conn, target_table, target_rows)
    key = hashlib.sha256(json.dumps([file_digest(src), copies, root, file_digest(Path(__file__)),
                                     sorted(computed), recompute_key]).encode()).hexdigest()[:16]
    folder = Path(cache_dir) / f"grown-{key}"
    db = folder / Path(src).name  # the same file name, so Datasette serves it under the same URLs
    manifest_path = folder / "manifest.json"
    if db.exists() and manifest_path.exists():
        log(f"  grow: reusing {db} (inputs unchanged)")
        return db, json.loads(manifest_path.read_text())
    for old in Path(cache_dir).glob("grown-*"):  # one grown database at a time: they are large
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = grow(src, db, copies, root, log, computed, recompute)
    manifest = {"key": key, "source": str(src), "copies": copies, "counts": counts,
                "seconds": round(time.perf_counter() - started, 1)}
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return db, manifest
