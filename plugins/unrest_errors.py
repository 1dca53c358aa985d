"""Honest errors: a request this dataset's pages cannot answer gets a 400 that says why, never a 500.

Datasette answers `?_sort=nosuch` (and _sort with _sort_desc) with a 500, a facet on a column that
does not exist with "Invalid SQL", and a CSV export whose query hits the time limit with a 500.
When a request fails, this plugin checks the request's own parameters against the table's columns
and, when they are the cause, answers 400 with a message naming the parameter and what is allowed.
"""
import datasette.handle_exception as default_exception_handler
from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

SITE = "unrest-site"
FACET_PARAMETERS = ("_facet", "_facet_date", "_facet_array")

# Datasette 0.65's default exception handler prints every error with `rich` when rich is installed
# (frictionless, which the release needs, brings it in), with every local variable: slow, it floods
# the log with row data, and for a 404 that no route raised (/-/tiles/basemap/-1/0/0.png) rich raises
# ValueError outside an except block, so the 404 becomes a 500. Without rich the handler logs plainly.
default_exception_handler.rich = None


def config(datasette) -> dict:
    """metadata.json's plugins → unrest-site, read once per instance: Datasette's plugin_config walks
    the whole block for $env secrets on every call, and render_cell asks for it once per cell."""
    if getattr(datasette, "_unrest_site", None) is None:
        datasette._unrest_site = datasette.plugin_config(SITE) or {}
    return datasette._unrest_site


async def parameter_problems(datasette, request) -> list[str]:
    """What is wrong with the sort and facet parameters of a request for one of this dataset's tables."""
    database = request.url_vars.get("database")
    if database is None or "table" not in request.url_vars:
        return []
    if tilde_decode(database) != config(datasette).get("database"):
        return []
    db = datasette.get_database(tilde_decode(database))
    table = tilde_decode(request.url_vars["table"])
    if not await db.table_exists(table) and table not in await db.view_names():
        return []  # a canned query: Datasette reports its own errors
    columns = await db.table_columns(table)
    listed = ", ".join(columns)
    problems = []
    sort, sort_desc = request.args.get("_sort"), request.args.get("_sort_desc")
    if sort and sort_desc:
        problems.append("Sort by one column: give _sort (ascending) or _sort_desc (descending), not both.")
    for name, value in (("_sort", sort), ("_sort_desc", sort_desc)):
        if value and value not in columns:
            problems.append(f"{name}={value}: {table} has no column '{value}' to sort by. Its columns are: {listed}.")
    for name in FACET_PARAMETERS:
        for value in request.args.getlist(name):
            if value not in columns:
                problems.append(f"{name}={value}: {table} has no column '{value}' to facet by. "
                                f"Its columns are: {listed}.")
    return problems


def interrupted_message(datasette, request) -> str:
    limit = datasette.setting("sql_time_limit_ms")
    asked = request.args.get("_timelimit", "")
    if asked.isdigit():
        limit = min(limit, int(asked))
    database = request.url_vars.get("database")
    where = f" ({datasette.urls.database(tilde_decode(database))}.db)" if database else ""
    return (f"The query took longer than this site's time limit ({limit:,} ms) and was stopped. Ask for less "
            f"(add a filter or a LIMIT), or download the whole database{where} and run it there.")


async def error_response(datasette, request, title: str, message: str) -> Response:
    status = 400
    path = request.path
    if path.endswith(".json"):
        return Response.json({"ok": False, "error": message, "status": status, "title": title}, status=status)
    if path.endswith(".csv"):
        return Response.text(f"{title}: {message}\n", status=status)
    database = request.url_vars.get("database")
    context = {"ok": False, "error": message, "status": status, "title": title,
               "database": tilde_decode(database) if database else None}
    if database and "table" in request.url_vars:
        table = tilde_decode(request.url_vars["table"])
        context |= {"back_href": datasette.urls.table(tilde_decode(database), table), "back_label": table}
    html = await datasette.render_template(["400.html", "error.html"], context, request=request)
    return Response.html(html, status=status)


@hookimpl
def handle_exception(datasette, request, exception):
    async def inner():
        if isinstance(exception, QueryInterrupted):
            return await error_response(datasette, request, "Query interrupted",
                                        interrupted_message(datasette, request))
        problems = await parameter_problems(datasette, request)
        if problems:
            return await error_response(datasette, request, "Bad request", " ".join(problems))
        return None

    return inner
