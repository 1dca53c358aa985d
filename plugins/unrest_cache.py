"""A response cache for the dataset's pages: the database is immutable while it is served, so the
same URL always gets the same page, and a page drawn once can be sent again as it is.

Rendering a page (templates, the record page's sections, cells) costs one core 5–50 ms even when
its queries take 1 ms; sending a kept page costs about as much as /-/versions.json. A CDN in front
of the published site does the same (plugins/cache_headers.py marks the pages public); this cache
is for the instance itself (`make serve`, one Cloud Run container).

What is kept, in memory, least recently used first out:
- only GET requests without a cookie or an Authorization header (a signed-in reader's page can
  differ) and without `Cache-Control: no-cache` or `no-store` (a browser's reload; the benchmark
  asks this way for the uncached page), for this dataset's pages (its database's pages, `/`,
  `/-/search`), never the database download;
- only complete 200 responses without Set-Cookie or a private/no-store Cache-Control, at most
  MAX_ENTRY_BYTES each, and never a page that says part of it ran out of time (a facet that
  timed out, a section "took too long"): that page is drawn again on the next request;
- at most MAX_BYTES of responses in all (bodies and headers): 64 MiB holds ~2,000 typical pages.

The key is the whole request target: scheme, Host, path and query string. A response sent from
the cache carries `X-Unrest-Cache: hit`; one that was drawn, `X-Unrest-Cache: miss`.

Drawing a page is made cheaper too: Datasette (0.65.5 as pinned) works out each table's permission
rules from the whole metadata, deep-copied, on every check, and the home page checks every table
(~40 copies of metadata.json per request, ~70% of its time). metadata.json does not change while
the site is served, so the rules of each table are worked out once per instance and kept.
"""
from __future__ import annotations

import re
from collections import OrderedDict

from datasette import hookimpl

SITE = "unrest-site"
MAX_BYTES = 64 * 1_048_576
# A canned query's page of 1,000 rows at a million figures is ~2.1 MB (figures_compared): kept whole.
MAX_ENTRY_BYTES = 4 * 1_048_576
MAX_RULES = 10_000  # tables whose permission rules are kept (the dataset has ~40)
# A page that ran out of time somewhere: Datasette's timed-out facets (HTML and JSON) and the site's
# degraded sections (templates: class unrest-degraded).
DEGRADED = re.compile(rb'class="facets-timed-out"|unrest-degraded|"facets_timed_out": \["')
NO_CACHE = re.compile(r"\b(no-cache|no-store)\b", re.I)
PRIVATE = re.compile(rb"\b(private|no-store|no-cache)\b", re.I)


class ResponseCache:
    """Responses by key, least recently used first out, within a total size."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_entry_bytes: int = MAX_ENTRY_BYTES):
        self.max_bytes, self.max_entry_bytes = max_bytes, max_entry_bytes
        self.entries: OrderedDict[tuple, tuple[int, list, bytes, int]] = OrderedDict()
        self.bytes = 0

    def get(self, key: tuple):
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key: tuple, status: int, headers: list, body: bytes) -> None:
        size = len(body) + sum(len(k) + len(v) for k, v in headers) + 200  # ~ the entry's own overhead
        if size > self.max_entry_bytes:
            return
        if key in self.entries:
            self.bytes -= self.entries.pop(key)[3]
        self.entries[key] = (status, headers, body, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            self.bytes -= self.entries.popitem(last=False)[1][3]


def config(datasette) -> dict:
    """metadata.json's plugins → unrest-site, read once per instance (as the other plugins do)."""
    if getattr(datasette, "_unrest_site", None) is None:
        datasette._unrest_site = datasette.plugin_config(SITE) or {}
    return datasette._unrest_site


def header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def cacheable_request(scope, database: str) -> bool:
    if scope["type"] != "http" or scope.get("method") != "GET":
        return False
    if header(scope, b"cookie") is not None or header(scope, b"authorization") is not None:
        return False
    if NO_CACHE.search(header(scope, b"cache-control") or "") or NO_CACHE.search(header(scope, b"pragma") or ""):
        return False
    path = scope["path"]
    ours = path in ("/", "/-/search") or path == f"/{database}" or path.startswith((f"/{database}/", f"/{database}."))
    return ours and path != f"/{database}.db"


def cacheable_response(status: int, headers: list, body: bytes) -> bool:
    if status != 200:
        return False
    for key, value in headers:
        if key.lower() == b"set-cookie" or (key.lower() == b"cache-control" and PRIVATE.search(value)):
            return False
    return not DEGRADED.search(body)


def key_of(scope) -> tuple:
    return (scope.get("scheme"), header(scope, b"host"), scope.get("raw_path") or scope["path"].encode(),
            scope.get("query_string", b""))


@hookimpl
def startup(datasette):
    """Each table's permission rules, from metadata that does not change while served: worked out once."""
    rules_of = getattr(datasette, "_table_permission_allows", None)
    if rules_of is None:  # a Datasette that works them out otherwise
        return
    known: dict[tuple[str, str], list] = {}

    def table_permission_allows(database, table):
        if (database, table) in known:
            return known[database, table]
        rules = rules_of(database, table)
        if len(known) < MAX_RULES:  # a name from a URL may be any name: keep a bounded number
            known[database, table] = rules
        return rules

    datasette._table_permission_allows = table_permission_allows


@hookimpl
def asgi_wrapper(datasette):
    cache = ResponseCache()
    datasette._unrest_response_cache = cache  # for tests and the benchmark to look at

    def wrap(app):
        async def cached(scope, receive, send):
            database = config(datasette).get("database")
            if not database or not cacheable_request(scope, database):
                await app(scope, receive, send)
                return
            key = key_of(scope)
            hit = cache.get(key)
            if hit is not None:
                status, headers, body, _ = hit
                await send({"type": "http.response.start", "status": status,
                            "headers": headers + [(b"x-unrest-cache", b"hit")]})
                await send({"type": "http.response.body", "body": body})
                return
            start: dict = {}
            chunks: list[bytes] = []
            size = [0]

            async def recording_send(message):
                if message["type"] == "http.response.start":
                    start.update(message)
                    message = dict(message, headers=list(message.get("headers", [])) + [(b"x-unrest-cache", b"miss")])
                elif message["type"] == "http.response.body" and size[0] <= cache.max_entry_bytes:
                    chunks.append(message.get("body", b""))
                    size[0] += len(chunks[-1])
                    if not message.get("more_body") and start:
                        body = b"".join(chunks)
                        headers = list(start.get("headers", []))
                        if cacheable_response(start["status"], headers, body):
                            cache.put(key, start["status"], headers, body)
                await send(message)

            await app(scope, receive, recording_send)

        return cached

    return wrap
