"""Facets of a whole table, counted by the build: an unfiltered table page shows its facets at once,
however many rows the table has.

Datasette counts a table page's facets on every request (`select col as value, count(*) ...
group by col`), which over three million claims takes longer than its facet time limit, so
the facet would be left out ("These facets timed out"). The build counts every default facet
of every table once, into facet_counts (unrest/precompute.py, the same counts in the same
order). This plugin recognises the facet queries Datasette runs for a page with no filter and
answers them from facet_counts through its index; Datasette builds the facet from the answer
as it always does (labels, links, "…"), so the page, its JSON and its facets are the same, only
immediate. A query that is not exactly such a facet query (any filter, search or _where, a facet
the build did not count, another database) runs as Datasette wrote it.
"""
from __future__ import annotations

import re

from datasette import hookimpl

SITE = "unrest-site"
NAME = r"\[[^\]]+\]|\w+"
# datasette/facets.py (0.65): ColumnFacet and DateFacet over `select <columns> from <table> <where>`,
# here with an empty <where>: the whole table.
FACET_SQL = re.compile(
    rf"^\s*select (?P<expr>date\((?P<date>{NAME})\)|(?P<column>{NAME})) as value, count\(\*\) as count from \(\s*"
    rf"select [^()]*? from (?P<table>{NAME})\s*\)\s*"
    r"where (?P=expr) is not null\s*group by (?P=expr) order by count desc, value limit (?P<limit>\d+)\s*$")
# The value is kept as text beside its type (unrest/precompute.py): given back as the table stores it.
COUNTED_SQL = """SELECT CASE value_type WHEN 'integer' THEN CAST(value AS INTEGER) WHEN 'real' THEN CAST(value AS REAL)
ELSE value END AS value, "count" FROM {table}
WHERE table_name = :table AND facet = :facet AND facet_type = :facet_type ORDER BY ordinal LIMIT :limit"""


def config(datasette) -> dict:
    """metadata.json's plugins → unrest-site, read once per instance: Datasette's plugin_config walks
    the whole block for $env secrets on every call, and render_cell asks for it once per cell."""
    if getattr(datasette, "_unrest_site", None) is None:
        datasette._unrest_site = datasette.plugin_config(SITE) or {}
    return datasette._unrest_site


def unquoted(name: str) -> str:
    return name[1:-1] if name.startswith("[") else name


def counted_query(counting: dict | None, sql: str, params) -> tuple[str, dict] | None:
    """The facet_counts query answering Datasette's facet query `sql` over a whole table, or None."""
    if not counting or params:
        return None
    m = FACET_SQL.match(sql)
    if not m:
        return None
    table, column = unquoted(m["table"]), unquoted(m["date"] or m["column"])
    facet_type = "date" if m["date"] else "column"
    if counting["facets"].get(table, {}).get(column) != facet_type:
        return None
    return (COUNTED_SQL.format(table=counting["table"]),
            {"table": table, "facet": column, "facet_type": facet_type, "limit": int(m["limit"])})


@hookimpl
def startup(datasette):
    """Route this dataset's whole-table facet queries to facet_counts (Datasette.execute runs them)."""
    cfg = config(datasette)
    counting, database = cfg.get("facet_counts"), cfg.get("database")
    if not counting:
        return
    execute = datasette.execute
    has_counts: dict[str, bool] = {}  # a database built before facet_counts existed counts as Datasette does

    async def execute_counted(db_name, sql, params=None, *args, **kwargs):
        counted = counted_query(counting, sql, params) if db_name == database else None
        if counted is not None:
            if db_name not in has_counts:
                has_counts[db_name] = await datasette.get_database(db_name).table_exists(counting["table"])
            if has_counts[db_name]:
                sql, params = counted
        return await execute(db_name, sql, params, *args, **kwargs)

    datasette.execute = execute_counted
