"""Every query Datasette runs for a page, with SQLite's plan for it: which ones scan a large table.

The SQL comes from Datasette itself: the site runs in-process (serve.datasette_kwargs, the
same metadata, templates and plugins as `make serve`) with a plugin registered by this
module whose prepare_connection hook sets a trace callback on each of Datasette's SQLite
connections, so every statement is recorded as SQLite runs it, parameters filled in,
including those Datasette interrupts at its time limits (its own ?_trace=1 leaves those
out). Each SELECT is then given to EXPLAIN QUERY PLAN on a connection of our own.

A plan line "SCAN t" reads the whole table; "SCAN t USING [COVERING] INDEX i" walks a
whole index: both grow with the table. "SEARCH t USING INDEX i (col>?)" for a facet's
"col IS NOT NULL" walks every non-NULL row of that index (the planner takes it to avoid a
sort, testing the filter row by row): flagged too. "SEARCH t USING INDEX i (col=?)" is
bounded by the rows it finds, and a statement that stops at its LIMIT in index order is
bounded by the LIMIT.
"""
from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from datasette import hookimpl

SCAN = re.compile(r"^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?")
SEARCH = re.compile(r"^SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \((.*)\)")
# "WHERE col IS NOT NULL" planned as the range col>? on col's index: a walk over every non-NULL row.
NOT_NULL_WALK = re.compile(r"^SEARCH (\w+) USING (?:COVERING )?INDEX (\w+) \((\w+)>\?\)$")
ALIAS = re.compile(r"\b(?:FROM|JOIN)\s+[\[\"]?(\w+)[\]\"]?(?:\s+(?:AS\s+)?(?!ON\b|WHERE\b|JOIN\b|LEFT\b|INNER\b|"
                   r"CROSS\b|GROUP\b|ORDER\b|LIMIT\b|USING\b)(\w+))?", re.I)


def kind_of(sql: str) -> str:
    """What a statement is for, from the shape of the SQL Datasette's facets and table view write."""
    s = " ".join(sql.lower().split())
    if "count(*) as count from (" in s or "count(*) desc, value limit" in s:
        return "facet"
    if "count(*) as n from (" in s or "select distinct json_type(" in s or 'glob "????-??-*"' in s \
            or ("json_type(" in s and "limit 100" in s):
        return "suggest"
    if s.startswith("select count(*) from"):
        return "count"
    if " limit 0" in s or "sqlite_master" in s or "pragma" in s or s.startswith("explain"):
        return "introspection"
    return "query"


@dataclass
class Scan:
    table: str
    index: str | None   # None: the table itself is read row by row
    detail: str

    @property
    def how(self) -> str:
        if self.detail.startswith("SEARCH"):
            return "walks index (IS NOT NULL)"
        return "scans table" if self.index is None else "scans index"


@dataclass
class Statement:
    sql: str
    kind: str
    plan: list[str] = field(default_factory=list)
    scans: list[Scan] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)  # searches that read many rows per lookup (sqlite_stat1)
    milliseconds: float | None = None  # measured on its own, when asked; None: not measured
    interrupted: bool = False          # stopped at the measuring limit


def plan_of(conn: sqlite3.Connection, sql: str) -> list[str]:
    try:
        return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    except sqlite3.Error as err:
        return [f"(no plan: {err})"]


def bounded(plan: Iterable[str], sql: str) -> bool:
    """A statement that stops after its LIMIT: the index gives the order (no temporary B-tree), no aggregate."""
    s = " ".join(sql.lower().split())
    return (bool(re.search(r"\blimit \d+( offset \d+)?;?$", s)) and not any("TEMP B-TREE" in d for d in plan)
            and " group by " not in s and "count(" not in s)


def scans_in(plan: Iterable[str], sql: str, tables: set[str], views: dict[str, str] | None = None) -> list[Scan]:
    """Plan lines that read a whole table or a whole index of one of `tables`. Aliases are resolved
    from the statement and from the SQL of the views it reads (the plan names a view's tables by
    the view's own aliases). A statement bounded by its LIMIT has none."""
    if bounded(plan, sql):
        return []
    text = sql + " " + " ".join(body for name, body in (views or {}).items()
                                 if re.search(rf"\b{re.escape(name)}\b", sql))
    aliases = {}
    for table, alias in ALIAS.findall(text):
        aliases.setdefault(table.lower(), table)
        if alias:
            aliases.setdefault(alias.lower(), table)
    lowered = " ".join(text.lower().split())
    found = []
    for detail in plan:
        detail = detail.strip()
        match = SCAN.match(detail)
        walk = NOT_NULL_WALK.match(detail)
        if walk and f"{walk.group(3).lower()} is not null" not in lowered:
            walk = None
        if not match and not walk:
            continue
        name, index = (match or walk).group(1), (match or walk).group(2)
        table = aliases.get(name.lower(), name)
        if table in tables:
            found.append(Scan(table, index, detail))
    return found


def index_statistics(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """index → [rows in the table, rows per value of its first column, of its first two, …] (ANALYZE's)."""
    try:
        rows = conn.execute("SELECT idx, stat FROM sqlite_stat1 WHERE idx IS NOT NULL").fetchall()
    except sqlite3.Error:
        return {}
    return {idx: [int(x) for x in stat.split() if x.isdigit()] for idx, stat in rows}


def large_reads(plan: Iterable[str], sql: str, statistics: dict[str, list[int]], large_rows: int) -> list[str]:
    """SEARCH lines whose equality lookup reads ≥ large_rows rows on average (e.g. measure = 'killed',
    or counting a vocabulary value's rows): bounded by an index, but not small."""
    if bounded(plan, sql):
        return []
    found = []
    for detail in plan:
        match = SEARCH.match(detail.strip())
        if not match or match.group(2) not in statistics:
            continue
        equalities = len(re.findall(r"\w+=\?", match.group(3)))
        stats = statistics[match.group(2)]
        if 0 < equalities < len(stats) and stats[equalities] >= large_rows:
            found.append(f"{detail.strip()}: ~{stats[equalities]:,} rows per lookup")
    return found


class Recorder:
    """A Datasette plugin object: records every statement run on every connection Datasette opens."""

    def __init__(self, database: str):
        self.__name__ = "bench_scale_recorder"  # Datasette lists plugins by module name
        self.database = database
        self.statements: list[str] = []
        self.lock = threading.Lock()

    def record(self, sql: str) -> None:
        with self.lock:
            self.statements.append(sql)

    @hookimpl
    def prepare_connection(self, conn, database, datasette):
        if database == self.database:  # not Datasette's _internal database
            conn.set_trace_callback(self.record)

    def take(self) -> list[str]:
        with self.lock:
            taken, self.statements = self.statements, []
        return taken


async def _capture(db: Path, paths: list[str]) -> dict[str, tuple[int, list[str]]]:
    from datasette.app import Datasette
    from datasette.plugins import pm

    from unrest import serve

    recorder = Recorder(Path(db).stem)
    pm.register(recorder, name="bench-scale-recorder")
    try:
        datasette = Datasette(**serve.datasette_kwargs(db))
        await datasette.invoke_startup()
        await datasette.client.get("/-/versions.json")
        recorder.take()
        captured = {}
        for path in paths:
            response = await datasette.client.get(path)
            captured[path] = (response.status_code, recorder.take())
        return captured
    finally:
        pm.unregister(name="bench-scale-recorder")


def page_text(db: Path, path: str) -> str:
    """One page of the site in-process, as text (e.g. the search page, to read the fetches its script makes)."""
    from datasette.app import Datasette

    from unrest import serve

    async def get() -> str:
        datasette = Datasette(**serve.datasette_kwargs(db))
        await datasette.invoke_startup()
        return (await datasette.client.get(path)).text

    return asyncio.run(get())


def capture(db: Path, paths: list[str]) -> dict[str, tuple[int, list[str]]]:
    """path → (status, the SQL statements Datasette ran for it, as run)."""
    return asyncio.run(_capture(db, paths))


def connection(db: Path) -> sqlite3.Connection:
    """A read-only connection with the SQL functions Datasette and the site's plugins add (escape_fts, …)."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from unrest import serve

    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    pm.hook.prepare_connection(conn=conn, database=Path(db).stem, datasette=Datasette(**serve.datasette_kwargs(db)))
    return conn


def timed(conn: sqlite3.Connection, sql: str, limit_ms: float) -> tuple[float, bool]:
    """How long the statement takes to its last row, stopped at limit_ms."""
    deadline = time.perf_counter() + limit_ms / 1000
    conn.set_progress_handler(lambda: 1 if time.perf_counter() > deadline else 0, 1000)
    started = time.perf_counter()
    try:
        conn.execute(sql).fetchall()
        interrupted = False
    except sqlite3.OperationalError as err:
        if "interrupted" not in str(err):
            raise
        interrupted = True
    finally:
        conn.set_progress_handler(None, 0)
    return (time.perf_counter() - started) * 1000, interrupted


@dataclass
class PagePlan:
    path: str
    status: int
    statements: list[Statement]


def explain_pages(db: Path, paths: list[str], large_rows: int, time_kinds: tuple[str, ...] = ("facet",),
                  time_limit_ms: float = 1000, log=print) -> tuple[list[PagePlan], dict[str, int]]:
    """Capture each page's SQL in-process, plan every SELECT, and time those of `time_kinds`."""
    captured = capture(db, paths)
    conn = connection(db)
    from bench.scale_grow import content_tables, quote

    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {quote(t)}").fetchone()[0] for t in content_tables(conn)}
    large = {t for t, n in counts.items() if n >= large_rows}
    views = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    statistics = index_statistics(conn)
    pages = []
    for path, (status, statements) in captured.items():
        seen, planned = set(), []
        for sql in statements:
            text = sql.strip()
            if text in seen or not re.match(r"(?is)^\s*(select|with)\b", text):
                continue
            seen.add(text)
            statement = Statement(text, kind_of(text))
            if statement.kind == "introspection":
                continue
            statement.plan = plan_of(conn, text)
            statement.scans = scans_in(statement.plan, text, large, views)
            statement.reads = large_reads(statement.plan, text, statistics, large_rows)
            if statement.kind in time_kinds and time_limit_ms > 0:
                statement.milliseconds, statement.interrupted = timed(conn, text, time_limit_ms)
            planned.append(statement)
        pages.append(PagePlan(path, status, planned))
        log(f"  explain: {path}: {len(planned)} queries, "
            f"{sum(1 for s in planned if s.scans)} scan a table of ≥ {large_rows:,} rows")
    conn.close()
    return pages, counts
