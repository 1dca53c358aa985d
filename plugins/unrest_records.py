"""Record pages: every row of every table of the dataset as a page a reader can use.

A record page shows the row's words highlighted in their sentence first (claims, figures,
mentions, excluded numbers) or the whole annotated article (sources), then a card of its
columns (foreign keys as linked names, each column's description on hover), then the rows
related to it (a figure's other sources for the same quantity, a claim's reporting chain, an
actor's claims …), and the raw row one click away. templates/row.html draws it.

Every query is written out below, bounded (LIMIT) and served by an index (tests check the
plans): lists that can grow with the corpus are read in index order (rowid order, the build's,
where reading order does not matter), so a LIMIT stops early instead of sorting every match. A
query interrupted by Datasette's time limit leaves its section with a message and a link to run
it in full, never an error page. Datasette's own "links from other tables" (rows that point
here) is counted within bounds too (pointing_rows). Article characters reach the page only through markupsafe
(escape and Markup.format), so no template marks article text safe.
"""

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import escape_sqlite, tilde_encode
from datasette.views.row import RowView
from markupsafe import Markup, escape

SITE = "unrest-site"
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Span kinds, outermost first when spans nest (a figure inside a claim, a mention inside either).
KINDS = ("claim", "figure", "actor", "place", "focus")
NOT_A_QUANTITY = re.compile(r"(^|_)(id|char_start|char_end|position|hop)$")
LIST_LIMIT = 50         # rows shown per related list; one more is read to know there are more
SPANS_LIMIT = 5000      # annotations drawn on one article page
LONG_TEXT = 600         # a card value longer than this is folded
COUNT_CAP = 10_000      # "Rows that point here" counts at most this many rows per table, unless the build counted them

SQL = {
    # -- the words of a row in its article
    "source_text": "SELECT id, title, text FROM sources WHERE id = :source_id",
    "source_claims": """
        SELECT c.id, c.char_start, c.char_end, c.claim_type, COALESCE(a.name, 'the outlet') AS who
        FROM claims c LEFT JOIN actors a ON a.id = c.claimant_id
        WHERE c.source_id = :source_id ORDER BY c.source_id, c.char_start LIMIT :limit""",
    "source_figures": """
        SELECT id, char_start, char_end, measure, text FROM figures
        WHERE source_id = :source_id ORDER BY source_id, char_start LIMIT :limit""",
    "source_mentions": """
        SELECT m.id, m.char_start, m.char_end, m.actor_id, m.place_id, a.name AS actor, p.name AS place
        FROM mentions m LEFT JOIN actors a ON a.id = m.actor_id LEFT JOIN places p ON p.id = m.place_id
        WHERE m.source_id = :source_id ORDER BY m.source_id, m.char_start LIMIT :limit""",
    # -- figures
    "quantity": "SELECT id, name, note FROM quantities WHERE id = :quantity_id",
    "quantity_figures": """
        SELECT figure_id, source_id, source, wording, number, qualifier, speaker, attributed_to, date,
               date_precision, date_origin, agreement, lowest, highest
        FROM figure_comparisons WHERE quantity_id = :quantity_id
        ORDER BY quantity_id, ordinal LIMIT :limit""",
    "claim": """
        SELECT c.id, c.text, c.claim_type, c.hedge, c.claimant_id, COALESCE(a.name, '(the outlet itself)') AS claimant
        FROM claims c LEFT JOIN actors a ON a.id = c.claimant_id WHERE c.id = :claim_id""",
    # -- claims
    "claim_chain": """
        SELECT ca.actor_id, a.name, ca.role, ca.hop FROM claim_actors ca JOIN actors a ON a.id = ca.actor_id
        WHERE ca.claim_id = :claim_id ORDER BY ca.hop IS NULL, ca.hop, ca.role LIMIT :limit""",
    "claim_figures": """
        SELECT id, text, measure, COALESCE(value, low, high) AS number FROM figures
        WHERE claim_id = :claim_id ORDER BY char_start LIMIT :limit""",
    "proposition": "SELECT id, statement, note FROM propositions WHERE id = :proposition_id",
    "proposition_claims": """
        SELECT c.id, c.text, c.hedge, c.source_id, s.title AS source, c.claimant_id,
               COALESCE(a.name, '(the outlet itself)') AS claimant
        FROM claims c JOIN sources s ON s.id = c.source_id LEFT JOIN actors a ON a.id = c.claimant_id
        WHERE c.proposition_id = :proposition_id ORDER BY c.proposition_id, c.source_id, c.char_start LIMIT :limit""",
    # -- actors
    "actor_aliases": "SELECT alias FROM actor_aliases WHERE actor_id = :actor_id ORDER BY actor_id, alias LIMIT :limit",
    "actor_claims": """
        SELECT c.id, c.text, c.claim_type, c.hedge, c.source_id, s.title AS source
        FROM claims c JOIN sources s ON s.id = c.source_id
        WHERE c.claimant_id = :actor_id ORDER BY c.claimant_id, c.source_id, c.char_start LIMIT :limit""",
    "actor_roles": """
        SELECT ca.role, c.id, c.text, c.source_id, s.title AS source
        FROM claim_actors ca JOIN claims c ON c.id = ca.claim_id JOIN sources s ON s.id = c.source_id
        WHERE ca.actor_id = :actor_id AND ca.role != 'claimant' ORDER BY ca.actor_id, ca.rowid LIMIT :limit""",
    "actor_figures": """
        SELECT f.id, f.text, f.measure, COALESCE(f.value, f.low, f.high) AS number, f.source_id, s.title AS source
        FROM figures f JOIN sources s ON s.id = f.source_id
        WHERE f.attributed_to = :actor_id ORDER BY f.attributed_to, f.rowid LIMIT :limit""",
    "actor_mentions": """
        SELECT m.source_id, s.title AS source, COUNT(*) AS n FROM mentions m JOIN sources s ON s.id = m.source_id
        WHERE m.actor_id = :actor_id GROUP BY m.source_id ORDER BY m.source_id LIMIT :limit""",
    "actor_parts": """
        SELECT id, name, type FROM actors WHERE parent_id = :actor_id ORDER BY parent_id, rowid LIMIT :limit""",
    # -- places
    "place_mentions": """
        SELECT m.source_id, s.title AS source, COUNT(*) AS n FROM mentions m JOIN sources s ON s.id = m.source_id
        WHERE m.place_id = :place_id GROUP BY m.source_id ORDER BY m.source_id LIMIT :limit""",
    "place_figures": """
        SELECT f.id, f.text, f.measure, COALESCE(f.value, f.low, f.high) AS number, f.source_id, s.title AS source
        FROM figures f JOIN sources s ON s.id = f.source_id
        WHERE f.place_id = :place_id ORDER BY f.place_id, f.rowid LIMIT :limit""",
    "place_claims": """
        SELECT c.id, c.text, c.source_id, s.title AS source FROM claims c JOIN sources s ON s.id = c.source_id
        WHERE c.place_id = :place_id ORDER BY c.place_id, c.rowid LIMIT :limit""",
    "place_parts": """
        SELECT id, name, type FROM places WHERE parent_id = :place_id ORDER BY parent_id, rowid LIMIT :limit""",
}


# ---------------------------------------------------------------- highlighting

class Span(NamedTuple):
    start: int
    end: int
    kinds: tuple[str, ...]    # from KINDS; a mention of a country can be both actor and place
    id: str                   # the row's primary key
    href: str | None = None   # the row page
    title: str = ""           # tooltip
    anchor: str | None = None  # the element id of its first piece, so a link can point at it


def _order(span: Span) -> tuple:
    # Outer spans first: longer before shorter, then by kind.
    return (span.start - span.end, KINDS.index(span.kinds[0]), span.id)


def _mark(span: Span, piece: Markup, first: bool) -> Markup:
    # escape() on every value, as Markup.format would do, but without its formatter: an article page
    # draws hundreds of marks, and Markup.format cost more than the rest of the page's Python
    classes = " ".join(["hl"] + [f"hl-{k}" for k in span.kinds])
    anchor = f' id="{escape(span.anchor)}"' if first and span.anchor else ""
    title = f' title="{escape(span.title)}"' if span.title else ""
    return Markup(f'<mark class="{escape(classes)}" data-span="{escape(span.kinds[0])}:{escape(span.id)}"'
                  f'{anchor}{title}>{escape(piece)}</mark>')


def highlight(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> Markup:
    """text[start:end] as escaped HTML, each span wrapped in <mark> (and a link to its row).

    Spans may nest or overlap: the range is cut at every span boundary and each piece is
    wrapped in one <mark> per span covering it, the innermost carrying the link. Every
    piece of one span carries the same data-span id, so a span is counted once however
    many pieces it is cut into.
    """
    end = len(text) if end is None else end
    inside = [s for s in spans if s.start < end and s.end > start and s.start < s.end]
    cuts = sorted({start, end} | {max(start, s.start) for s in inside} | {min(end, s.end) for s in inside})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[a:b])
        covering = sorted((s for s in inside if s.start <= a and s.end >= b), key=_order)
        for depth, s in enumerate(reversed(covering)):
            if depth == 0 and s.href:
                piece = Markup(f'<a href="{escape(s.href)}">{escape(piece)}</a>')
            piece = _mark(s, piece, first=a == max(start, s.start))
        out.append(piece)
    return Markup("").join(out)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph of text: runs separated by blank lines."""
    bounds, pos = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


def render_article(text: str, spans: list[Span]) -> Markup:
    """The whole article, one <p> per paragraph, every span highlighted."""
    return Markup("\n").join(
        Markup(f'<p data-offset="{escape(a)}">{highlight(text, spans, a, b)}</p>') for a, b in paragraphs(text))


def context_range(text: str, start: int, end: int, sentence: str | None = None) -> tuple[int, int]:
    """The sentence (when known and found around the span) or else the paragraph(s) holding text[start:end]."""
    if sentence:
        at = text.rfind(sentence, 0, start + 1)
        while at != -1:
            if at <= start and at + len(sentence) >= end:
                return at, at + len(sentence)
            at = text.rfind(sentence, 0, at)
    paras = paragraphs(text)
    first = next((a for a, b in paras if a <= start < b or start < a), 0)
    last = next((b for a, b in reversed(paras) if a < end <= b or b < end), len(text))
    return min(first, start), max(last, end)


def render_in_context(text: str, start: int, end: int, row_id: str, sentence: str | None = None) -> Markup:
    a, b = context_range(text, start, end, sentence)
    return highlight(text, [Span(start, end, ("focus",), row_id, None, "the words this row quotes")], a, b)


# ---------------------------------------------------------------- what a record page is made of

@dataclass
class Cell:
    text: object
    href: str | None = None
    number: bool = False
    aside: str | None = None   # a short grey note after the text


@dataclass
class Row:
    cells: list[Cell]
    current: bool = False


@dataclass
class Section:
    id: str
    title: str
    headings: list[str]
    rows: list[Row] | None     # None: the query was interrupted
    empty: str = "None."
    summary: dict | None = None   # {"agreement", "text"}: whether the sources agree, and their spread
    note: str | None = None
    more_href: str | None = None
    more_label: str = "See them all"
    query_href: str | None = None


@dataclass
class Field:
    name: str
    value: object
    description: str | None = None
    href: str | None = None
    label: str | None = None        # a foreign key's target, by name
    meaning: str | None = None      # a vocabulary value's meaning, or what an empty value means
    number: bool = False
    long: bool = False


@dataclass
class Page:
    """One record page being built: where it is and the row it shows."""
    datasette: object
    database: str
    table: str
    row: dict
    sections: list[Section] = field(default_factory=list)

    @property
    def db(self):
        return self.datasette.get_database(self.database)

    def href(self, table: str, pk) -> str | None:
        return None if pk is None else row_url(self.datasette, self.database, table, pk)

    def table_href(self, table: str, **filters) -> str:
        return self.datasette.urls.table(self.database, table) + ("?" + urlencode(filters) if filters else "")

    def query_href(self, name: str, params: dict) -> str:
        return self.datasette.urls.database(self.database) + "?" + urlencode(
            {"sql": re.sub(r"\s+", " ", SQL[name]).strip(), **{k: str(v) for k, v in params.items()}})

    async def rows(self, name: str, **params) -> list | None:
        """The rows of query `name`, or None when the time limit interrupted it."""
        try:
            return list((await self.db.execute(SQL[name], params)).rows)
        except QueryInterrupted:
            return None

    async def one(self, name: str, **params):
        rows = await self.rows(name, **params)
        return rows[0] if rows else None

    async def add(self, name: str, id: str, title: str, headings: list[str], cells, params: dict,
                  empty: str = "None.", note: str | None = None, more: str | None = None, current=None,
                  summary: dict | None = None) -> None:
        """Read query `name` (LIST_LIMIT rows and one more) and add it as a section; cells(row) → [Cell]."""
        found = await self.rows(name, **params, limit=LIST_LIMIT + 1)
        rows = None if found is None else [Row(cells(r), bool(current and current(r))) for r in found[:LIST_LIMIT]]
        self.sections.append(Section(
            id=id, title=title, headings=headings, rows=rows, empty=empty, note=note, summary=summary,
            more_href=more if found is not None and len(found) > LIST_LIMIT else None,
            query_href=self.query_href(name, params | {"limit": LIST_LIMIT}) if found is None else None))


encoded = functools.lru_cache(maxsize=65_536)(tilde_encode)  # a record page links ~100 rows; ids recur


def row_url(datasette, database: str, table: str, pk) -> str:
    """datasette.urls.row(database, table, tilde_encode(pk)), with each table's part worked out once
    per instance (the site's base URL and routes do not change while it is served)."""
    prefixes = datasette.__dict__.setdefault("_unrest_row_prefixes", {})
    prefix = prefixes.get((database, table))
    if prefix is None:
        prefix = str(datasette.urls.table(database, table)) + "/"
        if len(prefixes) < 1_000:  # table names come from the schema, but bound them anyway
            prefixes[database, table] = prefix
    return prefix + encoded(str(pk))


def config(datasette) -> dict:
    """metadata.json's plugins → unrest-site, read once per instance: Datasette's plugin_config walks
    the whole block for $env secrets on every call, and render_cell asks for it once per cell."""
    if getattr(datasette, "_unrest_site", None) is None:
        datasette._unrest_site = datasette.plugin_config(SITE) or {}
    return datasette._unrest_site


# ---------------------------------------------------------------- related rows, table by table

def date_cell(compared: dict) -> Cell:
    """A compared figure's date, saying when it is known only to the week or month, and when it is
    the source's publication date standing in for an undated figure (figure_comparisons.date_origin)."""
    precision = compared["date_precision"]
    coarse = compared["date"] is not None and precision not in (None, "day")
    if (compared["date_origin"] or "").startswith("published"):
        aside = (f"{precision} of publication" if coarse else "publication date") + "; the figure is undated"
    else:
        aside = f"{precision} precision" if coarse else None
    return Cell(compared["date"], aside=aside)


async def compared_figures(page: Page, quantity_id: str, section_id: str, title: str, **section) -> None:
    """Every source's figure for one quantity, with whether they agree (a figure's and a quantity's page)."""
    compared = await page.rows("quantity_figures", quantity_id=quantity_id, limit=1)
    await page.add("quantity_figures", section_id, title, ["Source", "Wording", "Number", "Speaker", "Date"],
                   lambda f: [
                       Cell(f["source"], page.href("sources", f["source_id"])),
                       Cell(f["wording"], page.href("figures", f["figure_id"])),
                       Cell(f["number"], number=True, aside=None if f["qualifier"] == "exact" else f["qualifier"]),
                       Cell(f["speaker"], page.href("actors", f["attributed_to"])),
                       date_cell(f)],
                   {"quantity_id": quantity_id}, summary=agreement(compared[0] if compared else None),
                   more=page.table_href("figure_comparisons", quantity_id=quantity_id), **section)


async def figure_related(page: Page) -> None:
    r = page.row
    if r.get("quantity_id"):
        quantity = await page.one("quantity", quantity_id=r["quantity_id"])
        await compared_figures(page, r["quantity_id"], "same-quantity",
                               f"{quantity['name'] if quantity else r['quantity_id']}: every source's figure",
                               note=quantity["note"] if quantity else None, current=lambda f: f["figure_id"] == r["id"])
    if r.get("claim_id"):
        await page.add("claim", "claim", "The claim that carries it", ["Claim", "Claimant", "Type"], lambda c: [
            Cell(c["text"], page.href("claims", c["id"])),
            Cell(c["claimant"], page.href("actors", c["claimant_id"])),
            Cell(c["claim_type"])], {"claim_id": r["claim_id"]})


def agreement(compared) -> dict | None:
    """Whether the sources agree on a quantity, and the spread of their numbers, from figure_comparisons."""
    if compared is None:
        return None
    spread = ""
    if compared["lowest"] is not None and compared["lowest"] != compared["highest"]:
        spread = f": {number_text(compared['lowest'])} to {number_text(compared['highest'])}"
    return {"agreement": compared["agreement"], "text": f"The sources {compared['agreement']}{spread}"
            if compared["agreement"] in ("agree", "disagree") else "No source gives a number"}


def number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int | float) else str(value)


async def claim_related(page: Page) -> None:
    r = page.row
    await page.add("claim_chain", "chain", "Who said it, and who relayed it", ["Hop", "Role", "Actor"], lambda a: [
        Cell("" if a["hop"] is None else a["hop"]), Cell(a["role"], page.href("vocab_role", a["role"])),
        Cell(a["name"], page.href("actors", a["actor_id"]))], {"claim_id": r["id"]},
        empty="Nobody: the outlet says it in its own voice.")
    await page.add("claim_figures", "figures", "Figures in this claim", ["Figure", "Measure", "Number"], lambda f: [
        Cell(f["text"], page.href("figures", f["id"])), Cell(f["measure"]), Cell(f["number"], number=True)],
        {"claim_id": r["id"]}, empty="No figure.")
    if r.get("proposition_id"):
        proposition = await page.one("proposition", proposition_id=r["proposition_id"])
        title = f"“{proposition['statement']}”: every source's claim" if proposition else "The same assertion"
        await page.add("proposition_claims", "same-proposition", title, ["Source", "Claim", "Claimant", "Hedge"],
                       lambda c: [Cell(c["source"], page.href("sources", c["source_id"])),
                                  Cell(c["text"], page.href("claims", c["id"])),
                                  Cell(c["claimant"], page.href("actors", c["claimant_id"])), Cell(c["hedge"])],
                       {"proposition_id": r["proposition_id"]}, note=proposition["note"] if proposition else None,
                       more=page.table_href("claims", proposition_id=r["proposition_id"]),
                       current=lambda c: c["id"] == r["id"])


async def actor_related(page: Page) -> None:
    actor = {"actor_id": page.row["id"]}
    await page.add("actor_aliases", "aliases", "The words the articles use for it", ["Alias"],
                   lambda a: [Cell(a["alias"])], actor, empty="No alias.")
    await page.add("actor_claims", "claims", "What it said, article by article", ["Source", "Claim", "Type", "Hedge"],
                   lambda c: [Cell(c["source"], page.href("sources", c["source_id"])),
                              Cell(c["text"], page.href("claims", c["id"])), Cell(c["claim_type"]), Cell(c["hedge"])],
                   actor, empty="No claim of its own.", more=page.table_href("claims", claimant_id=page.row["id"]))
    await page.add("actor_roles", "roles", "Claims it relayed, or that name it", ["Role", "Claim", "Source"],
                   lambda c: [Cell(c["role"]), Cell(c["text"], page.href("claims", c["id"])),
                              Cell(c["source"], page.href("sources", c["source_id"]))],
                   actor, empty="None.", more=page.table_href("claim_actors", actor_id=page.row["id"]))
    await page.add("actor_figures", "figures", "Figures credited to it", ["Figure", "Measure", "Number", "Source"],
                   lambda f: [Cell(f["text"], page.href("figures", f["id"])), Cell(f["measure"]),
                              Cell(f["number"], number=True), Cell(f["source"], page.href("sources", f["source_id"]))],
                   actor, empty="No figure.", more=page.table_href("figures", attributed_to=page.row["id"]))
    await page.add("actor_mentions", "mentions", "Where the articles mention it", ["Source", "Mentions"],
                   lambda m: [Cell(m["source"], page.href("sources", m["source_id"])),
                              Cell(m["n"], page.table_href("mentions", actor_id=page.row["id"],
                                                           source_id=m["source_id"]), number=True)],
                   actor, empty="Not mentioned by name.")
    await page.add("actor_parts", "parts", "Parts of it", ["Actor", "Type"],
                   lambda a: [Cell(a["name"], page.href("actors", a["id"])), Cell(a["type"])], actor,
                   empty="None.", more=page.table_href("actors", parent_id=page.row["id"]))


async def place_related(page: Page) -> None:
    place = {"place_id": page.row["id"]}
    await page.add("place_mentions", "mentions", "Where the articles mention it", ["Source", "Mentions"],
                   lambda m: [Cell(m["source"], page.href("sources", m["source_id"])),
                              Cell(m["n"], page.table_href("mentions", place_id=page.row["id"],
                                                           source_id=m["source_id"]), number=True)],
                   place, empty="Not mentioned by name.")
    await page.add("place_figures", "figures", "Figures about it", ["Figure", "Measure", "Number", "Source"],
                   lambda f: [Cell(f["text"], page.href("figures", f["id"])), Cell(f["measure"]),
                              Cell(f["number"], number=True), Cell(f["source"], page.href("sources", f["source_id"]))],
                   place, empty="No figure.", more=page.table_href("figures", place_id=page.row["id"]))
    await page.add("place_claims", "claims", "Claims about it", ["Claim", "Source"],
                   lambda c: [Cell(c["text"], page.href("claims", c["id"])),
                              Cell(c["source"], page.href("sources", c["source_id"]))],
                   place, empty="No claim.", more=page.table_href("claims", place_id=page.row["id"]))
    await page.add("place_parts", "parts", "Places in it", ["Place", "Type"],
                   lambda p: [Cell(p["name"], page.href("places", p["id"])), Cell(p["type"])], place,
                   empty="None.", more=page.table_href("places", parent_id=page.row["id"]))


async def quantity_related(page: Page) -> None:
    await compared_figures(page, page.row["id"], "figures", "Every source's figure, side by side",
                           empty="No figure reports it.")


async def proposition_related(page: Page) -> None:
    await page.add("proposition_claims", "claims", "Every source's claim, side by side",
                   ["Source", "Claim", "Claimant", "Hedge"],
                   lambda c: [Cell(c["source"], page.href("sources", c["source_id"])),
                              Cell(c["text"], page.href("claims", c["id"])),
                              Cell(c["claimant"], page.href("actors", c["claimant_id"])), Cell(c["hedge"])],
                   {"proposition_id": page.row["id"]}, empty="No claim carries it.",
                   more=page.table_href("claims", proposition_id=page.row["id"]))


RELATED = {"figures": figure_related, "claims": claim_related, "actors": actor_related, "places": place_related,
           "quantities": quantity_related, "propositions": proposition_related}


# ---------------------------------------------------------------- the words in their article

async def source_spans(page: Page, source_id: str) -> list[Span] | None:
    params = {"source_id": source_id, "limit": SPANS_LIMIT}
    claims = await page.rows("source_claims", **params)
    figures = await page.rows("source_figures", **params)
    mentions = await page.rows("source_mentions", **params)
    if claims is None or figures is None or mentions is None:
        return None
    spans = [Span(r["char_start"], r["char_end"], ("claim",), r["id"], page.href("claims", r["id"]),
                  f"claim ({r['claim_type']}) by {r['who']}", f"claims-{r['id']}") for r in claims]
    spans += [Span(r["char_start"], r["char_end"], ("figure",), r["id"], page.href("figures", r["id"]),
                   f"figure ({r['measure']}): {r['text']}", f"figures-{r['id']}") for r in figures]
    for r in mentions:
        kinds = tuple(k for k, col in (("actor", "actor_id"), ("place", "place_id")) if r[col])
        what = " and ".join(f"{k} {r[k]}" for k in kinds)
        spans.append(Span(r["char_start"], r["char_end"], kinds, r["id"], page.href("mentions", r["id"]),
                          f"mention of the {what}", f"mentions-{r['id']}"))
    return spans


async def article(page: Page) -> dict:
    source = await page.one("source_text", source_id=page.row["id"])
    spans = await source_spans(page, page.row["id"])
    if source is None or spans is None:
        return {"interrupted": True}
    counts = {k: sum(1 for s in spans if k in s.kinds) for k in ("claim", "figure", "actor", "place")}
    return {"html": render_article(source["text"], spans), "counts": counts}


async def in_context(page: Page) -> dict | None:
    r = page.row
    if not {"char_start", "char_end", "source_id"} <= set(r) or r["char_start"] is None:
        return None
    source = await page.one("source_text", source_id=r["source_id"])
    if source is None:
        return None
    pk = r.get("id")
    return {
        "html": render_in_context(source["text"], r["char_start"], r["char_end"], str(pk), r.get("sentence")),
        "source_title": source["title"],
        "source_href": page.href("sources", r["source_id"]),
        "anchor": f"{page.table}-{pk}" if page.table in ("claims", "figures", "mentions") else "article",
        "offsets": (r["char_start"], r["char_end"]),
    }


# ---------------------------------------------------------------- the card

async def card(page: Page, columns: list[str], shown_above: set[str]) -> list[Field]:
    ds, cfg = page.datasette, config(page.datasette)
    descriptions = ds.table_metadata(page.database, page.table).get("columns", {})
    null_means = cfg.get("tables", {}).get(page.table, {}).get("null_means", {})
    vocabularies = cfg.get("vocabularies", {})
    foreign = {fk["column"]: fk["other_table"] for fk in await page.db.foreign_keys_for_table(page.table)}
    fields = []
    for name in columns:
        if name in shown_above:
            continue
        value = page.row[name]
        f = Field(name, value, descriptions.get(name))
        if value is None:
            f.meaning = null_means.get(name)
        elif name in foreign:
            other = foreign[name]
            f.href = page.href(other, value)
            if other in vocabularies:
                f.meaning = vocabularies[other]["values"].get(value)
            else:
                labels = await ds.expand_foreign_keys(page.database, page.table, name, [value])
                f.label = labels.get((name, value))
        f.number = isinstance(value, int | float) and not isinstance(value, bool) and not NOT_A_QUANTITY.search(name)
        f.long = isinstance(value, str) and len(value) > LONG_TEXT
        fields.append(f)
    return fields


def sync_macro(datasette, name: str):
    """A macro of templates/_unrest_macros.html, drawn by a synchronous twin of Datasette's template
    environment (the same loader, filters and autoescaping): Datasette's own is asynchronous, where every
    loop step and call is awaited, which made a record page's card and its few hundred related cells cost
    more than its queries. The twin is the one plugins/unrest_site.py's sync_macro() keeps (plugins cannot
    import one another: Datasette loads each file as a module of its own)."""
    env = getattr(datasette, "_unrest_sync_jinja", None)
    if env is None:
        # a cache of its own: an overlay otherwise starts with a copy of the asynchronous templates
        env = datasette._unrest_sync_jinja = datasette.jinja_env.overlay(enable_async=False, cache_size=50)
    return getattr(env.get_template("_unrest_macros.html").module, name)


def related_html(datasette, sections: list[Section]) -> Markup:
    """The related sections: _unrest_macros.html's `related` macro, drawn synchronously."""
    related = sync_macro(datasette, "related")
    return Markup("").join(related(section) for section in sections)


async def record(datasette, database: str, table: str, columns: list[str], row) -> dict:
    """Everything templates/row.html shows for one row."""
    page = Page(datasette, database, table, dict(zip(columns, row, strict=True)))
    meta = datasette.table_metadata(database, table)
    label_column = meta.get("label_column")
    label = page.row.get(label_column) if label_column else None
    if label is None:
        label = ", ".join(str(page.row[c]) for c in await page.db.primary_keys(table) if c in page.row)
    context = await in_context(page)
    source = await article(page) if table == "sources" else None
    shown_above = {"text"} if source else set()
    if table in RELATED:
        await RELATED[table](page)
    fields = await card(page, columns, shown_above)
    drawn = {
        "label": str(label),
        "table_description": meta.get("description"),
        "context": context,
        "article": source,
        "fields": [f for f in fields if f.value is not None or f.meaning],
        "empty_fields": [f for f in fields if f.value is None and not f.meaning],
        "sections": page.sections,
        "sections_html": related_html(datasette, page.sections),
        "who_said_what_href": datasette.urls.database(database) + "/who_said_what?"
        + urlencode({"claimant": page.row["id"]}) if table == "actors" else None,
    }
    drawn["card_html"] = sync_macro(datasette, "record_card")(drawn)  # _unrest_macros.html's, synchronously
    return drawn


# ---------------------------------------------------------------- rows that point here

async def pointing_rows(datasette, database: str, table: str, pk_values: list) -> list[dict]:
    """Datasette's "links from other tables" for a row of this dataset, counted within bounds.

    Datasette counts every row that references the row; a vocabulary value or an actor can be
    referenced by millions. Where the build counted the referencing column (a default facet,
    facet_counts), the count is read from there, exactly, by its key; elsewhere at most
    COUNT_CAP rows are counted and a larger number is shown as "more than" that. The tables the
    build computes from the others (figures_in_order, …) are left out: they repeat rows listed here.
    """
    db = datasette.get_database(database)
    computed = set(config(datasette).get("computed_tables", []))
    incoming = [fk for fk in (await db.get_all_foreign_keys()).get(table, {}).get("incoming", [])
                if fk["other_table"] not in computed]
    if len(pk_values) != 1 or not incoming:
        return []
    counting = config(datasette).get("facet_counts") or {}
    # a database built before facet_counts existed: every count is bounded instead
    counted = counting.get("facets", {}) if counting and await db.table_exists(counting["table"]) else {}
    parts, exact = [], []
    for fk in incoming:
        other, column = fk["other_table"], fk["other_column"]
        exact.append(counted.get(other, {}).get(column) == "column")
        if exact[-1]:
            parts.append(f"COALESCE((SELECT count FROM {escape_sqlite(counting['table'])} "
                         f"WHERE table_name = {_literal(other)} AND facet = {_literal(column)} "
                         f"AND facet_type = 'column' AND value = :id), 0)")
        else:
            parts.append(f"(SELECT COUNT(*) FROM (SELECT 1 FROM {escape_sqlite(other)} "
                         f"WHERE {escape_sqlite(column)} = :id LIMIT {COUNT_CAP + 1}))")
    try:
        counts = list((await db.execute("SELECT " + ", ".join(parts), {"id": pk_values[0]})).rows[0])
    except QueryInterrupted:
        return []
    found = []
    for fk, count, is_exact in zip(incoming, counts, exact, strict=True):
        key = fk["other_column"] + ("__exact" if fk["other_column"].startswith("_") else "")
        link = f"{datasette.urls.table(database, fk['other_table'])}?{urlencode({key: pk_values[0]})}"
        more = not is_exact and count > COUNT_CAP
        found.append(fk | {"count": min(count, COUNT_CAP) if more else count, "more": more, "link": link})
    return found


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Datasette 0.65 has no hook for this list, so its RowView method is replaced, once per process (a
# second Datasette in the process loads this file again: the first replacement stays).
if not getattr(RowView.foreign_key_tables, "unrest", False):
    _datasette_foreign_key_tables = RowView.foreign_key_tables

    async def _foreign_key_tables(self, database, table, pk_values):
        if database != config(self.ds).get("database"):
            return await _datasette_foreign_key_tables(self, database, table, pk_values)
        return await pointing_rows(self.ds, database, table, pk_values)

    _foreign_key_tables.unrest = True  # type: ignore[attr-defined]
    RowView.foreign_key_tables = _foreign_key_tables  # type: ignore[method-assign]


@hookimpl
def extra_template_vars(view_name, database, table, datasette):
    if view_name != "row" or database != config(datasette).get("database"):
        return {}

    async def unrest_record(columns, row):
        return await record(datasette, database, table, columns, row)

    return {"unrest_record": unrest_record}
