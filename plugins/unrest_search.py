"""Search across the dataset (/-/search?q=…): one section per table, in a fixed order (figures,
claims, actors, propositions, sources), each hit a link to its record with the words around
the match highlighted by FTS5's snippet(), never the whole article.

What a reader types is searched as words (and "quoted phrases"), never as FTS syntax, so a
lone quote or an operator cannot break the query; a search with no word in it gets a message.
This page replaces datasette-search-all's, which listed raw rows without links.
"""
import re
import sqlite3
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

SITE = "unrest-site"
HITS = 10  # per table; one more is read to know there are more
OPEN, CLOSE = "\x01", "\x02"  # snippet() markers, replaced by <mark> after the text is escaped
WORD = re.compile(r"\w+")
TERM = re.compile(r'"([^"]*)"|([^\s"]+)')

# One query per searchable table (the tables schema.yaml gives `fts` columns), best match first.
SEARCH_SQL = {
    "figures": """
        SELECT t.id, t.text || ' (' || t.measure || ')' AS label,
               snippet(figures_fts, -1, :open, :close, '…', 16) AS snippet
        FROM figures_fts JOIN figures t ON t.rowid = figures_fts.rowid
        WHERE figures_fts MATCH :match ORDER BY rank LIMIT :limit""",
    "claims": """
        SELECT t.id, t.text AS label, snippet(claims_fts, -1, :open, :close, '…', 16) AS snippet
        FROM claims_fts JOIN claims t ON t.rowid = claims_fts.rowid
        WHERE claims_fts MATCH :match ORDER BY rank LIMIT :limit""",
    "actors": """
        SELECT t.id, t.name AS label, snippet(actors_fts, -1, :open, :close, '…', 16) AS snippet
        FROM actors_fts JOIN actors t ON t.rowid = actors_fts.rowid
        WHERE actors_fts MATCH :match ORDER BY rank LIMIT :limit""",
    "propositions": """
        SELECT t.id, t.statement AS label, snippet(propositions_fts, -1, :open, :close, '…', 16) AS snippet
        FROM propositions_fts JOIN propositions t ON t.rowid = propositions_fts.rowid
        WHERE propositions_fts MATCH :match ORDER BY rank LIMIT :limit""",
    "sources": """
        SELECT t.id, t.title AS label, snippet(sources_fts, -1, :open, :close, '…', 16) AS snippet
        FROM sources_fts JOIN sources t ON t.rowid = sources_fts.rowid
        WHERE sources_fts MATCH :match ORDER BY rank LIMIT :limit""",
}


def config(datasette) -> dict:
    """metadata.json's plugins → unrest-site, read once per instance: Datasette's plugin_config walks
    the whole block for $env secrets on every call, and render_cell asks for it once per cell."""
    if getattr(datasette, "_unrest_site", None) is None:
        datasette._unrest_site = datasette.plugin_config(SITE) or {}
    return datasette._unrest_site


def fts_match(q: str) -> str | None:
    """The reader's words as an FTS5 query: each word (or "quoted phrase") a quoted string, all
    required. None when q holds no word (empty, a lone quote, punctuation)."""
    terms = []
    for phrase, word in TERM.findall(q):
        words = WORD.findall(phrase if phrase else word)
        if phrase and words:
            terms.append('"' + " ".join(words) + '"')
        else:
            terms.extend(f'"{w}"' for w in words)
    return " ".join(terms) or None


def highlighted(snippet: str | None) -> Markup:
    """A snippet with its matches in <mark>, every character of the text escaped."""
    text = escape((snippet or "").replace(OPEN + CLOSE, ""))
    return Markup(text.replace(OPEN, Markup("<mark>")).replace(CLOSE, Markup("</mark>")))


async def search_table(datasette, database: str, table: str, match: str, q: str) -> dict:
    section = {"table": table, "href": datasette.urls.table(database, table) + "?" + urlencode({"_search": q}),
               "description": datasette.table_metadata(database, table).get("description")}
    try:
        rows = (await datasette.get_database(database).execute(
            SEARCH_SQL[table], {"match": match, "open": OPEN, "close": CLOSE, "limit": HITS + 1})).rows
    except QueryInterrupted:
        return section | {"interrupted": True, "hits": []}
    except sqlite3.OperationalError:
        return section | {"failed": True, "hits": []}
    hits = [{"label": r["label"], "snippet": highlighted(r["snippet"]),
             "href": datasette.urls.row(database, table, tilde_encode(r["id"]))} for r in rows[:HITS]]
    return section | {"hits": hits, "more": len(rows) > HITS}


async def search_page(datasette, request):
    database = config(datasette)["database"]
    q = (request.args.get("q") or "").strip()
    match = fts_match(q)
    sections, message = [], None
    if not q:
        message = "Type a word or two to search for, e.g. terrorists, killed or Almaty."
    elif match is None:
        message = f"“{q}” has no word in it to search for. Type letters or digits, e.g. terrorists."
    else:
        for spec in config(datasette).get("search", []):
            if spec["table"] in SEARCH_SQL:
                sections.append(await search_table(datasette, database, spec["table"], match, q))
        if not any(s["hits"] for s in sections) and not any(s.get("interrupted") for s in sections):
            message = f"Nothing matches “{q}”. Every word must appear; try fewer words."
    html = await datasette.render_template(
        "unrest_search.html",
        {"database": database, "q": q, "sections": sections, "message": message,
         "site_title": datasette.metadata("title")},
        request=request, view_name="search")
    return Response.html(html)


@hookimpl(tryfirst=True)
def register_routes():
    return [(r"^/-/search$", search_page)]
