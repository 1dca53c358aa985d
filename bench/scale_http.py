"""Serving a database two ways and timing its pages: the site (`make serve`) and plain Datasette.

- `site_command` is `make serve`'s command, from unrest/serve.py; `plain_command` is the
  same Datasette with no metadata, templates or plugins (not even the installed ones).
- `discover_pages` lists every page kind from schema.yaml and the database itself:
  the home page, every table and view (with its default facets, and with each common
  filter its columns allow), a row of every table, every canned query, the search page
  and the JSON fetches its script makes, a CSV export and the database download.
- `time_pages` requests each page on the site, the same page on plain Datasette and the
  site's /-/versions.json in turn (one client, one request at a time).
- `load` runs N concurrent clients against a list of pages for some seconds.
"""
from __future__ import annotations

import http.client
import json
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from datasette.utils import tilde_encode

from bench.scale_grow import content_tables, primary_key, quote

VERSIONS = "/-/versions.json"
# Datasette without any plugin: sys._called_from_test is the switch datasette/plugins.py reads
# before loading installed plugins' entry points; nothing else in Datasette reads it.
PLAIN_DATASETTE = "import sys; sys._called_from_test = True; from datasette.cli import cli; cli()"
FACETS_TIMED_OUT_HTML = re.compile(r'class="facets-timed-out">These facets timed out: ([^<]*)</p>')
DOWNLOAD_START_BYTES = 64 * 1024
FACETED_KINDS = ("table", "filtered", "search-json")  # pages whose answer reports facets that timed out


# --------------------------------------------------------------------------- servers

def site_command(db: Path, port: int) -> list[str]:
    from unrest import serve

    return serve.serve_command(db, port=port)


def plain_command(db: Path, port: int) -> list[str]:
    return [sys.executable, "-c", PLAIN_DATASETTE, "serve", "-i", str(db), "-h", "127.0.0.1", "-p", str(port)]


@contextmanager
def serving(command_for: Callable[[Path, int], list[str]], db: Path, log_path: Path, ready_seconds: float = 900):
    """Run a server in a child process, its output in a log file kept for reading afterwards;
    yields its base URL once it answers (unrest.serve.answering), and stops it afterwards."""
    from unrest import serve

    port = serve.free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb+") as log:
        proc = subprocess.Popen(command_for(db, port), stdout=log, stderr=subprocess.STDOUT)
        with serve.answering(proc, port, log, ready_seconds) as base:
            yield base


# --------------------------------------------------------------------------- one client

@dataclass
class Response:
    status: int           # 0: no response (connection error or timeout)
    seconds: float
    body: bytes = b""
    content_type: str = ""
    error: str = ""


class Client:
    """One keep-alive HTTP/1.1 connection, reopened after an error; times each request to its last byte."""

    def __init__(self, base: str, timeout: float = 120, uncached: bool = False):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = parsed.hostname, parsed.port, timeout
        # uncached: ask as a browser's reload asks (Cache-Control: no-cache), which the site's response
        # cache (plugins/unrest_cache.py) answers by drawing the page again; plain Datasette ignores it.
        self.headers = {"Accept-Encoding": "identity"} | ({"Cache-Control": "no-cache"} if uncached else {})
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str, method: str = "GET", max_bytes: int | None = None) -> Response:
        # A partial read leaves the connection unusable, and so does HEAD of a file download (Datasette
        # streams the body anyway, and the connection waits for it): both get a connection of their own.
        fresh = max_bytes is not None or method == "HEAD"
        reused = not fresh and self.conn is not None
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout) if fresh else self._conn()
        started = time.perf_counter()
        try:
            conn.request(method, path, headers=self.headers)
            response = conn.getresponse()
            body = response.read(max_bytes) if max_bytes is not None else response.read()
            seconds = time.perf_counter() - started
            result = Response(response.status, seconds, body, response.getheader("content-type", ""))
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            conn.close()
            self.conn = None
            if reused:  # the server closed an idle keep-alive connection (uvicorn: after 5 s): ask again
                return self.get(path, method, max_bytes)
            return Response(0, time.perf_counter() - started, error="connection closed without a response")
        except (OSError, http.client.HTTPException) as err:
            result = Response(0, time.perf_counter() - started, error=f"{type(err).__name__}: {err}")
            fresh = True
        if fresh:
            conn.close()
            if conn is self.conn:
                self.conn = None
        return result

    def _conn(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn


def facets_timed_out(response: Response, expected: tuple[str, ...] = ()) -> list[str]:
    """The facets that timed out, from a table page's HTML (Datasette lists them) or JSON: Datasette
    0.65's JSON does not list them, so there they are the `expected` facets missing from facet_results."""
    if "json" in response.content_type:
        try:
            data = json.loads(response.body)
        except ValueError:
            return []
        if not isinstance(data, dict):
            return []
        if "facets_timed_out" in data:
            return list(data["facets_timed_out"] or [])
        if "facet_results" in data:
            return [f for f in expected if f not in data["facet_results"]]
        return []
    match = FACETS_TIMED_OUT_HTML.search(response.body.decode("utf-8", "replace"))
    return [f.strip() for f in match.group(1).split(",")] if match else []


# --------------------------------------------------------------------------- pages

@dataclass
class Page:
    kind: str                  # index, home, table, filtered, row, query, search, search-json, csv, download
    name: str                  # unique label
    path: str                  # on the site
    plain_path: str | None     # the same page on plain Datasette (None: it has none)
    method: str = "GET"
    max_bytes: int | None = None
    table: str | None = None   # for table and filtered pages: the table, for the .json facet check
    facets: tuple[str, ...] = ()  # the default facets schema.yaml gives the table (to tell which timed out)
    site_status: int = 200     # what the site answers when all is well (`/` redirects to the dataset)

    def json_path(self) -> str | None:
        """The page as Datasette's default JSON, which lists the facets that timed out."""
        if self.kind == "search-json":  # with _shape=objects Datasette leaves facets_timed_out out
            path, _, query = self.path.partition("?")
            kept = [(k, v) for k, v in urllib.parse.parse_qsl(query) if k != "_shape"]
            return f"{path}?{urllib.parse.urlencode(kept)}"
        if self.kind not in ("table", "filtered"):
            return None
        path, _, query = self.path.partition("?")
        return f"{path}.json" + (f"?{query}" if query else "")


def database_name(db: Path) -> str:
    return Path(db).stem


def _most_common(conn: sqlite3.Connection, relation: str, column: str):
    row = conn.execute(f"SELECT {quote(column)} FROM {quote(relation)} WHERE {quote(column)} IS NOT NULL "
                       f"GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1").fetchone()
    return row[0] if row else None


def _middle_row_key(conn: sqlite3.Connection, table: str) -> str | None:
    pk = primary_key(conn, table) or ["rowid"]
    cols = ", ".join(quote(c) if c != "rowid" else "rowid" for c in pk)
    row = conn.execute(f"SELECT {cols} FROM {quote(table)} WHERE rowid >= "
                       f"(SELECT (MIN(rowid) + MAX(rowid)) / 2 FROM {quote(table)}) ORDER BY rowid LIMIT 1").fetchone()
    return ",".join(tilde_encode(str(v)) for v in row) if row else None


def query_parameters(sql: str) -> list[str]:
    """Named parameters of a canned query (:name), in order of first use."""
    names = re.findall(r"(?<![:\w]):([A-Za-z_]\w*)", re.sub(r"'[^']*'", "''", sql))
    return list(dict.fromkeys(names))


def discover_pages(db: Path, schema, filters: dict[str, str | None], search: str, csv_table: str,
                   parameters: dict[str, str] | None = None) -> list[Page]:
    """Every page kind, found from schema.yaml (queries) and the database (tables, views, keys).

    Values (a row's key, a filter's value, a query's parameter) are read from `db`: give it
    the real database, whose rows the grown one keeps unchanged, so the same URLs serve both.
    `filters` maps a column to its value (None: the column's most common value in each table).
    """
    name = database_name(db)
    base = "/" + tilde_encode(name)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = content_tables(conn)
        views = [v for (v,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")]
        pages = [Page("index", "index /", "/", "/", site_status=302), Page("home", f"home {base}", base, base)]
        facets = default_facets(schema)
        for relation in tables + views:
            url = f"{base}/{tilde_encode(relation)}"
            pages.append(Page("table", f"table {relation}", url, url, table=relation,
                              facets=facets.get(relation, ())))
        for relation in tables + views:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({quote(relation)})")]
            for column, value in filters.items():
                if column not in columns:
                    continue
                value = value if value is not None else _most_common(conn, relation, column)
                if value is None:
                    continue
                url = f"{base}/{tilde_encode(relation)}?{urllib.parse.urlencode({column: value})}"
                pages.append(Page("filtered", f"table {relation}?{column}={value}", url, url, table=relation,
                                  facets=facets.get(relation, ())))
        for table in tables:
            key = _middle_row_key(conn, table)
            if key is not None:
                url = f"{base}/{tilde_encode(table)}/{key}"
                pages.append(Page("row", f"row {table}", url, url))
        for query_name, spec in schema.queries.items():
            values = {}
            for parameter in query_parameters(spec["sql"]):
                values[parameter] = (parameters or {}).get(parameter) or _parameter_value(conn, tables, parameter)
            suffix = f"?{urllib.parse.urlencode(values)}" if values else ""
            plain = f"{base}?{urllib.parse.urlencode({'sql': spec['sql'], **values})}"
            pages.append(Page("query", f"query {query_name}", f"{base}/{tilde_encode(query_name)}{suffix}", plain))
    finally:
        conn.close()
    pages.append(Page("search", f"search q={search}", f"/-/search?{urllib.parse.urlencode({'q': search})}", None))
    csv = f"{base}/{tilde_encode(csv_table)}.csv?_size=max"
    pages.append(Page("csv", f"csv {csv_table}", csv, csv))
    download = f"/{tilde_encode(name)}.db"
    pages.append(Page("download", "download HEAD", download, download, method="HEAD"))
    pages.append(Page("download", f"download first {DOWNLOAD_START_BYTES // 1024} KiB", download, download,
                      max_bytes=DOWNLOAD_START_BYTES))
    return pages


def default_facets(schema) -> dict[str, tuple[str, ...]]:
    """Each table's and view's default facets, as schema.yaml gives them (metadata.json follows it)."""
    found = {name: tuple(table.facets) for name, table in schema.tables.items()}
    found.update({name: tuple(view.get("facets") or ()) for name, view in schema.views.items()})
    return found


def _parameter_value(conn: sqlite3.Connection, tables: list[str], parameter: str) -> str:
    """The most common value of a column named like the parameter (claimant → claims.claimant_id)."""
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({quote(table)})")]
        for column in (parameter, f"{parameter}_id"):
            if column in columns:
                value = _most_common(conn, table, column)
                if value is not None:
                    return str(value)
    return "1"


def search_fetches(search_page_html: str, search: str, facets: dict[str, tuple[str, ...]] | None = None) -> list[Page]:
    """The JSON requests the search page's script makes, read from the page itself (datasette-search-all)."""
    tables = re.search(r"var searchable_tables = (\[.*?\]);", search_page_html, re.S)
    size = re.search(r"var NUM_RESULTS = (\d+)", search_page_html)
    if not tables or not size:
        return []
    pages = []
    for item in json.loads(tables.group(1)):
        query = (f"_shape=objects&_labels=on&_extra=count&_extra=database&_extra=table&_size={size.group(1)}"
                 f"&_search={urllib.parse.quote(search)}")
        url = f"{item['url_json']}?{query}"
        pages.append(Page("search-json", f"search-json {item['table']}", url, url, table=item["table"],
                          facets=(facets or {}).get(item["table"], ())))
    return pages


# --------------------------------------------------------------------------- timing

def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between the closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    timed_out: Counter = field(default_factory=Counter)  # facet → how many responses reported it timed out
    first_seconds: float | None = None                  # the warm-up request, not in `seconds`

    def add(self, response: Response, timed_out: list[str] | None = None) -> None:
        self.seconds.append(response.seconds)
        self.statuses[response.status] += 1
        if response.error:
            self.errors.append(response.error)
        self.timed_out.update(timed_out or [])

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.seconds, 95)

    def summary(self) -> dict:
        return {"median_ms": round(self.median * 1000, 2), "p95_ms": round(self.p95 * 1000, 2),
                "n": len(self.seconds), "statuses": dict(self.statuses), "errors": self.errors[:3],
                "timed_out": dict(self.timed_out),
                "first_ms": None if self.first_seconds is None else round(self.first_seconds * 1000, 2)}


@dataclass
class PageTiming:
    page: Page
    site: Samples
    plain: Samples | None
    versions: Samples
    json_timed_out: Counter = field(default_factory=Counter)
    cached: Samples | None = None  # the same page as a reader asks it again: from the site's response cache
    json_checks: int = 0


def time_page(page: Page, site: Client, plain: Client | None, requests: int, json_checks: int = 0,
              cached: Client | None = None) -> PageTiming:
    """`requests` rounds of: the page on the site, on plain Datasette, then the site's /-/versions.json;
    with `cached` (a client that lets the site's response cache answer), then `requests` more of the
    page asked again as a reader asks it (the first of them draws it)."""
    timing = PageTiming(page, Samples(), Samples() if plain and page.plain_path else None, Samples(),
                        cached=Samples() if cached is not None else None)
    faceted = page.kind in FACETED_KINDS
    timing.site.first_seconds = site.get(page.path, page.method, page.max_bytes).seconds  # warm-up
    if timing.plain is not None and plain is not None and page.plain_path:
        timing.plain.first_seconds = plain.get(page.plain_path, page.method, page.max_bytes).seconds
    for _ in range(requests):
        response = site.get(page.path, page.method, page.max_bytes)
        timing.site.add(response, facets_timed_out(response, page.facets) if faceted else None)
        if timing.plain is not None and plain is not None and page.plain_path:
            response = plain.get(page.plain_path, page.method, page.max_bytes)
            timing.plain.add(response, facets_timed_out(response) if faceted else None)
        timing.versions.add(site.get(VERSIONS))
    if cached is not None and timing.cached is not None:
        cached.get(page.path, page.method, page.max_bytes)
        for _ in range(requests):
            timing.cached.add(cached.get(page.path, page.method, page.max_bytes))
    json_path = page.json_path()
    if json_path:
        for _ in range(json_checks):
            timing.json_timed_out.update(facets_timed_out(site.get(json_path), page.facets))
            timing.json_checks += 1
    return timing


# --------------------------------------------------------------------------- concurrent load

@dataclass
class LoadResult:
    label: str
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # page → how many non-200 answers

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def merge(self, other: LoadResult) -> None:
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.statuses.update(other.statuses)
        self.errors.update(other.errors)


def load(base: str, pages: list[Page], clients: int, seconds: float, label: str, timeout: float = 60,
         uncached: bool = False) -> LoadResult:
    """`clients` threads, each with its own connection, cycling through `pages` from its own offset
    (`uncached`: each request asks for the page drawn again, not sent from the site's response cache)."""
    result = LoadResult(label, clients)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        conn = Client(base, timeout, uncached)
        k = offset
        while time.perf_counter() < deadline:
            page = pages[k % len(pages)]
            k += 1
            response = conn.get(page.path, page.method, page.max_bytes)
            with lock:
                result.latencies.append(response.seconds)
                result.statuses[response.status] += 1
                if response.status != page.site_status:
                    result.errors[page.name] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i * max(1, len(pages) // clients),)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result
