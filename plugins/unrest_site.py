"""The site around the data: the home page, the canned-query pages, table pages and cells.

Hands templates plain data (templates/ holds every piece of HTML) and reads what it needs to
know about the schema from metadata.json's plugins → unrest-site (written from schema.yaml by
unrest/metadata.py). Nothing here runs on any other database the instance serves.

Record pages are plugins/unrest_records.py, search plugins/unrest_search.py, 400s that say why
plugins/unrest_errors.py, and the instance index and the About page plugins/unrest_pages.py.
"""
from __future__ import annotations

import functools
import hashlib
import json
import operator
import os
import re
import sqlite3
from pathlib import Path
from stat import S_ISREG

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.plugins import pm
from datasette.utils import path_with_added_args, path_with_removed_args, path_with_replaced_args, tilde_encode
from markupsafe import Markup, escape
from pluggy import HookCaller

SITE = "unrest-site"
# Cells of these columns are positions or identifiers, never quantities: no thousands separators.
NOT_A_QUANTITY = re.compile(r"(^|_)(id|char_start|char_end|position|hop)$")
is_not_a_quantity = functools.lru_cache(maxsize=1024)(lambda column: bool(NOT_A_QUANTITY.search(column)))
# How many quantities and bars a comparison chart draws at most (a page reads a bounded subset).
CHART_QUANTITIES, CHART_BARS = 8, 60

# The bars of the comparison chart, bounded: at most :quantities quantities (the disagreements
# first, then the most widely reported), picked from quantity_comparisons, and for each its first
# :bars figures in the comparison's order, read from figure_comparisons' (quantity_id, comparison_order) index;
# both tables are computed by the build (sql/tables/).
CHART_SQL = """
WITH chosen AS (
    SELECT quantity_id, quantity, agreement, n_sources, lowest, highest, ordinal
    FROM quantity_comparisons
    WHERE n_sources >= 2 AND measure IN (SELECT value FROM json_each(:measures))
    ORDER BY ordinal
    LIMIT :quantities)
SELECT c.quantity_id, c.quantity, c.agreement, c.n_sources, c.lowest, c.highest,
       f.figure_id, f.number, f.wording, f.speaker, f.source, f.qualifier
FROM chosen c
JOIN figure_comparisons f ON f.quantity_id = c.quantity_id AND f.comparison_order < COALESCE((
    SELECT comparison_order FROM figure_comparisons WHERE quantity_id = c.quantity_id
    ORDER BY quantity_id, comparison_order LIMIT 1 OFFSET :bars), 9e18)
ORDER BY c.ordinal, f.comparison_order
LIMIT :bars
"""
# The dataset's own description table (written by the release build) holds its version.
VERSION_SQL = "SELECT version FROM dataset LIMIT 1"


def config(datasette) -> dict:
    """metadata.json's plugins → unrest-site, read once per instance: Datasette's plugin_config walks
    the whole block for $env secrets on every call, and render_cell asks for it once per cell."""
    if getattr(datasette, "_unrest_site", None) is None:
        datasette._unrest_site = datasette.plugin_config(SITE) or {}
    return datasette._unrest_site


def is_ours(datasette, database: str | None) -> bool:
    return database is not None and database == config(datasette).get("database")


# ---------------------------------------------------------------- numbers

def format_number(value) -> str:
    """18 → '18', 2298 → '2,298', 18.0 → '18', 2.5 → '2.5'; anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["unrest_number"] = format_number


# ---------------------------------------------------------------- cells

encoded = functools.lru_cache(maxsize=65_536)(tilde_encode)  # ids recur across a page's cells


def row_href(datasette, table: str, pk) -> str:
    """datasette.urls.row(database, table, tilde_encode(pk)), with each table's part worked out once
    per instance (the site's base URL and routes do not change while it is served)."""
    prefixes = datasette.__dict__.setdefault("_unrest_site_row_prefixes", {})
    prefix = prefixes.get(table)
    if prefix is None:
        prefix = str(datasette.urls.table(config(datasette)["database"], table)) + "/"
        if len(prefixes) < 1_000:  # table names come from the schema, but bound them anyway
            prefixes[table] = prefix
    return prefix + encoded(str(pk))


class Cells:
    """What render_cell needs, worked out once per instance (metadata does not change while served),
    and the id links it has drawn: a canned query's page of 1,000 rows has ~10,000 cells, and the
    same ids recur (sources, actors, quantities)."""

    LINKS_KEPT = 50_000  # (table, id) → link markup; ~200 bytes each

    def __init__(self, datasette):
        cfg = config(datasette)
        self.database = cfg.get("database")
        self.link_columns = cfg.get("link_columns", {})
        self.tables = cfg.get("tables", {})
        self.datasette = datasette
        self.links: dict[tuple[str, str], Markup] = {}

    def link(self, target: str, value: str) -> Markup:
        key = (target, value)
        found = self.links.get(key)
        if found is None:
            # escape() on both, as Markup.format would, without its formatter's cost
            href = escape(row_href(self.datasette, target, value))
            found = Markup(f'<a class="id-link" href="{href}">{escape(value)}</a>')
            if len(self.links) < self.LINKS_KEPT:  # ids come from the data, but a query may return any string
                self.links[key] = found
        return found


def cells(datasette) -> Cells:
    if getattr(datasette, "_unrest_cells", None) is None:
        datasette._unrest_cells = Cells(datasette)
    return datasette._unrest_cells


@hookimpl
def render_cell(value, column, table, database, datasette):
    """Numbers with separators everywhere; in views and canned queries, id columns link to their row.

    Table pages link foreign keys themselves (with the row's label), so ids are linked only where
    Datasette cannot: in views and queries, by the column's name (metadata's link_columns, derived
    from schema.yaml's foreign keys).
    """
    known = cells(datasette)  # called once per cell of every page: the cheap tests first
    if database is None or database != known.database:
        return None
    kind = type(value)
    if kind is int or kind is float:  # not bool, whose type is bool
        return None if is_not_a_quantity(column) else format_number(value)
    if kind is not str or not value:
        return None
    target = known.link_columns.get(column)
    if target and table not in known.tables:
        return known.link(target, value)
    return None


class OneImplementationCaller(HookCaller):
    """pluggy's caller of a hook, calling the implementation directly when there is only one.

    Datasette calls render_cell once per cell (a canned query's page of 1,000 rows: ~10,000 calls),
    and pluggy's general call (argument checks, a copy of the implementations, its multi-call loop)
    costs several times what this plugin's render_cell does. With one plain implementation the
    result is the same: its answer in a list, or an empty list for None. Anything else (several
    plugins, a wrapper) is called the general way.
    """

    __slots__ = ()
    direct: tuple = (None, None, None)  # (the one implementation, its function, its arguments' getter)

    def __call__(self, **kwargs):
        implementations = self._hookimpls
        if len(implementations) == 1:
            impl, function, arguments = OneImplementationCaller.direct
            if implementations[0] is not impl:
                impl = implementations[0]
                if impl.wrapper or impl.hookwrapper or len(impl.argnames) < 2:
                    return super().__call__(**kwargs)
                function, arguments = impl.function, operator.itemgetter(*impl.argnames)
                OneImplementationCaller.direct = (impl, function, arguments)
            result = function(*arguments(kwargs))
            return [] if result is None else [result]
        return super().__call__(**kwargs)


@hookimpl
def startup(datasette):
    caller = pm.hook.render_cell
    # once per process (every Datasette shares pluggy's manager); the hook has no default arguments
    if type(caller) is HookCaller and caller.spec is not None and not caller.spec.kwargdefaults:
        caller.__class__ = OneImplementationCaller


# ---------------------------------------------------------------- assets: only on this database's pages

def _static_url(datasette, name: str) -> str | None:
    """/static/<name>?<hash of its content>, from the folder serve.py mounts at /static. Every page
    asks for it: the file is hashed again only when it changes (its size or modification time)."""
    known = getattr(datasette, "_unrest_static", None)
    if known is None:
        known = datasette._unrest_static = {}
    if name not in known:
        known[name] = next((str(Path(folder) / name) for mount, folder in datasette.static_mounts
                            if mount == "static"), None), None, None
    path, stamp, url = known[name]
    if path is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    if not S_ISREG(found.st_mode):
        return None
    if stamp != (found.st_mtime_ns, found.st_size):
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]
        url = datasette.urls.path(f"/static/{name}?{digest}")
        known[name] = path, (found.st_mtime_ns, found.st_size), url
    return url


@hookimpl
def extra_css_urls(database, datasette):
    url = _static_url(datasette, "unrest.css") if is_ours(datasette, database) else None
    return [url] if url else []


@hookimpl
def extra_js_urls(database, view_name, datasette):
    url = _static_url(datasette, "unrest.js") if is_ours(datasette, database) else None
    return [{"url": url, "module": False}] if url else []


# ---------------------------------------------------------------- the comparison chart

async def comparison_chart(datasette, db, measures: list[str]) -> dict:
    """Chart data: {"groups": [...]} or, when the query is interrupted, {"interrupted": True}; no groups
    for a database built before the computed tables it reads."""
    try:
        rows = (await db.execute(CHART_SQL, {"measures": json.dumps(measures), "quantities": CHART_QUANTITIES,
                                             "bars": CHART_BARS})).rows
    except QueryInterrupted:
        return {"interrupted": True}
    except sqlite3.OperationalError:  # no such table: an older database
        return {"groups": []}
    groups: dict[str, dict] = {}
    for r in rows:
        g = groups.setdefault(r["quantity_id"], {
            "quantity": r["quantity"], "href": row_href(datasette, "quantities", r["quantity_id"]),
            "agreement": r["agreement"], "lowest": r["lowest"], "highest": r["highest"], "bars": [],
        })
        g["bars"].append({
            "href": row_href(datasette, "figures", r["figure_id"]), "number": r["number"], "wording": r["wording"],
            "speaker": r["speaker"], "source": r["source"], "qualifier": r["qualifier"],
        })
    for g in groups.values():
        top = max((b["number"] or 0) for b in g["bars"]) or 1
        for b in g["bars"]:
            b["percent"] = None if b["number"] is None else max(1, round(100 * b["number"] / top))
            b["approximate"] = b["qualifier"] not in ("exact", None)
            b["shows_number"] = b["number"] is not None and b["wording"] != format_number(b["number"])
    return {"groups": list(groups.values())}


def figures_compared_href(datasette) -> str:
    return datasette.urls.path(f"/{config(datasette)['database']}/figures_compared")


# ---------------------------------------------------------------- home page

async def dataset_version(db) -> str | None:
    """The dataset's version, if the database has its description table (else nothing)."""
    if not await db.table_exists("dataset"):
        return None
    try:
        row = (await db.execute(VERSION_SQL)).first()
    except (sqlite3.OperationalError, QueryInterrupted):
        return None
    return str(row[0]) if row and row[0] is not None else None


async def home_context(datasette, database: str) -> dict:
    db = datasette.get_database(database)
    vocabularies = config(datasette).get("vocabularies", {})
    measure = vocabularies.get("vocab_measure", {})
    counts = await db.table_counts(limit=50)  # cached for an immutable database
    tables = config(datasette).get("tables", {})
    # The dataset's tables with words first (schema order), then join tables, then vocabularies.
    rank = {name: (0 if "label_column" in spec else 1, i) for i, (name, spec) in enumerate(tables.items())}

    def in_reading_order(listed):
        return sorted(listed, key=lambda t: rank.get(t["name"], (2, t["name"])))

    return {
        "unrest_tables_in_order": in_reading_order,
        "vocab": {name: list(vocabularies.get(f"vocab_{name}", {}).get("values", {}).items())
                  for name in ("qualifier", "modality", "hedge")},
        "table_counts": counts,
        "dataset_version": await dataset_version(db),
        "chart": await comparison_chart(datasette, db, measure.get("groups", {}).get("casualties", [])),
        "unrest_comparison_chart": sync_macro(datasette, "comparison_chart"),  # _unrest_macros.html's
        "figures_compared_href": figures_compared_href(datasette),
    }


# ---------------------------------------------------------------- table pages

def table_context(datasette, database: str, table: str, request) -> dict:
    spec = config(datasette).get("tables", {}).get(table)
    if spec is None:
        return {}
    order = spec.get("column_order", [])

    def column_order(display_columns) -> list[int]:
        """Indices of display_columns in schema order: the words first, ids last."""
        rank = {name: i for i, name in enumerate(order)}
        return sorted(range(len(display_columns)), key=lambda i: (rank.get(display_columns[i]["name"], -1), i))

    def row_link(cells) -> str | None:
        pk = next((c for c in cells if c.get("value_type") == "pk" and not c.get("is_special_link_column")), None)
        return row_href(datasette, table, pk["raw"]) if pk else None

    null_facets = {}
    for column, meaning in spec.get("null_means", {}).items():
        arg = f"{column}__isnull"
        selected = request is not None and request.args.get(arg) == "1"
        null_facets[column] = {
            "label": f"none: {meaning}",
            "selected": selected,
            "href": path_with_removed_args(request, {arg: "1"}) if selected
            else path_with_added_args(request, {arg: "1", "_next": None}),
        }
    def rows_table(display_columns, display_rows, sort, sort_desc) -> Markup:
        return sync_macro(datasette, "rows_table")(
            display_columns, display_rows, sort, sort_desc, request, column_order, row_link, spec.get("label_column"),
            datasette.urls.path, path_with_replaced_args)

    return {"unrest_column_order": column_order, "unrest_row_link": row_link,
            "unrest_label_column": spec.get("label_column"), "unrest_null_facets": null_facets,
            "unrest_rows_table": rows_table}


def sync_macro(datasette, name: str):
    """A macro of templates/_unrest_macros.html, drawn by a synchronous twin of Datasette's template
    environment (the same loader, filters and autoescaping). Datasette's own is asynchronous: every
    loop step and call in it is awaited, which for a page's hundreds of cells costs more than its
    queries. plugins/unrest_records.py draws the record pages' related sections the same way."""
    env = getattr(datasette, "_unrest_sync_jinja", None)
    if env is None:
        # a cache of its own: an overlay otherwise starts with a copy of the asynchronous templates
        env = datasette._unrest_sync_jinja = datasette.jinja_env.overlay(enable_async=False, cache_size=50)
    return getattr(env.get_template("_unrest_macros.html").module, name)


# ---------------------------------------------------------------- canned queries

def query_rows(datasette):
    """A query page's results table (templates/query-kazakhstan-unrest.html): _unrest_macros.html's
    query_rows(), drawn synchronously, given the page's columns and display_rows."""
    macro = sync_macro(datasette, "query_rows")
    return lambda columns, display_rows: macro(columns, display_rows, zip)


async def query_context(datasette, database: str, query: str) -> dict:
    context: dict = {"unrest_query": query, "unrest_query_rows": query_rows(datasette),
                     "unrest_comparison_chart": sync_macro(datasette, "comparison_chart")}
    if query == "figures_compared":
        measures = list(config(datasette).get("vocabularies", {}).get("vocab_measure", {}).get("values", {}))
        context["chart"] = await comparison_chart(datasette, datasette.get_database(database), measures)
    return context


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if not is_ours(datasette, database):
        return {}

    async def inner():
        if view_name == "database" and template.startswith("query"):  # a ?sql= query: not the home page
            return await query_context(datasette, database, "")
        if view_name == "database":
            return await home_context(datasette, database)
        if view_name == "table" and template.startswith("query"):
            return await query_context(datasette, database, table or request.url_vars.get("table", ""))
        if view_name == "table" and table:
            return table_context(datasette, database, table, request)
        return {}

    return inner
