"""Cache headers a CDN can use, on every successful page: the database never changes while served.

Datasette itself sets `Cache-Control: max-age=<default_cache_ttl>` (unrest/serve.py SETTINGS)
on its database, table, row and query pages only. This plugin marks that header `public`
(what a shared cache such as a CDN looks for) and gives the same header to the other
successful GET responses: the home page, the database download, CSV, static files, plugin
pages. A response Datasette marks otherwise (`private, no-store` for a request with a
cookie or a signed-in actor, `no-cache` for `?_ttl=0`) is left as it is.
"""
from __future__ import annotations

import re

from datasette import hookimpl

DATASETTE_TTL = re.compile(rb"^max-age=\d+$")


def cache_control(headers: list, ttl: int) -> list:
    """The response headers with `public, max-age=…` where Datasette left none or its own bare max-age."""
    current = [value for key, value in headers if key.lower() == b"cache-control"]
    if len(current) > 1 or (current and not DATASETTE_TTL.match(current[0])):
        return headers
    value = current[0] if current else f"max-age={ttl}".encode()
    return [(k, v) for k, v in headers if k.lower() != b"cache-control"] + [(b"cache-control", b"public, " + value)]


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_cache_headers(scope, receive, send):
            ttl = datasette.setting("default_cache_ttl")
            if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD") or not ttl:
                await app(scope, receive, send)
                return

            async def send_with_cache_headers(message):
                if message["type"] == "http.response.start" and message["status"] == 200:
                    message = dict(message, headers=cache_control(list(message.get("headers", [])), ttl))
                await send(message)

            await app(scope, receive, send_with_cache_headers)

        return with_cache_headers

    return wrap
