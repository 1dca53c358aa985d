"""Site plugin: provenance in context, the figure-comparison chart, and home-page context.

Every article character reaches the page through markupsafe.escape: the highlight
functions take plain text and offsets and return Markup, so no template ever marks
article text safe itself.
"""
from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from markupsafe import Markup, escape

DATABASE = "kazakhstan-unrest"
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Span kinds, outermost first when spans nest (a figure inside a claim, a mention inside either).
KINDS = ("claim", "figure", "actor", "place", "focus")
CASUALTY_MEASURES = ("killed", "injured", "hospitalized", "intensive_care", "detained")


class Span(NamedTuple):
    start: int
    end: int
    kind: str               # one of KINDS
    id: str                 # the row's primary key
    href: str | None = None  # the row page
    title: str = ""          # tooltip


def _order(span: Span) -> tuple:
    # Outer spans first: longer before shorter, then by kind.
    return (span.start - span.end, KINDS.index(span.kind), span.id)


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
            innermost = depth == 0
            attrs = f' class="hl hl-{s.kind}" data-span="{escape(s.kind)}:{escape(s.id)}"'
            if s.title:
                attrs += f' title="{escape(s.title)}"'
            if innermost and s.href:
                piece = Markup(f'<a href="{escape(s.href)}">') + piece + Markup("</a>")
            piece = Markup(f"<mark{attrs}>") + piece + Markup("</mark>")
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
        Markup('<p data-offset="{}">').format(a) + highlight(text, spans, a, b) + Markup("</p>")
        for a, b in paragraphs(text)
    )


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


def render_in_context(text: str, start: int, end: int, kind: str, row_id: str, sentence: str | None = None) -> Markup:
    a, b = context_range(text, start, end, sentence)
    focus = Span(start, end, kind, row_id, None, "the span this row quotes")
    return highlight(text, [focus], a, b)


# ---------------------------------------------------------------- chart


def _fmt(number: float | None) -> str:
    if number is None:
        return ""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"


def comparison_svg(groups: list[dict]) -> Markup:
    """A bar chart as inline SVG: one panel per quantity, one bar per figure, each panel on its own scale.

    groups: [{"quantity": str, "agreement": str, "bars": [{"number", "wording", "speaker", "source", "qualifier"}]}]
    """
    width, label_w, bar_w, row_h, head_h, gap = 860, 330, 380, 22, 26, 14
    height = sum(head_h + row_h * len(g["bars"]) + gap for g in groups) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="comparison-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        'font-family="sans-serif" font-size="12">',
        "<title>Figures compared across sources: one bar per source's figure, each quantity on its own scale</title>",
    ]
    y = 0
    for g in groups:
        colour = "#b3261e" if g["agreement"] == "disagree" else "#2f6f3e"
        parts.append(
            f'<text class="chart-quantity" x="0" y="{y + 17}" font-weight="bold" font-size="13">{escape(g["quantity"])}'
            f'<tspan fill="{colour}" font-weight="normal"> — {escape(g["agreement"])}</tspan></text>'
        )
        y += head_h
        top = max((b["number"] or 0) for b in g["bars"]) or 1
        for b in g["bars"]:
            label = f'{b["speaker"]} · {b["source"]}'
            if len(label) > 52:
                label = label[:51] + "…"
            parts.append(f'<g class="chart-bar" data-number="{escape(_fmt(b["number"]))}">')
            parts.append(f'<title>{escape(b["speaker"])}, in “{escape(b["source"])}”: {escape(b["wording"])}</title>')
            parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
            if b["number"] is not None:
                w = max(2, round(bar_w * b["number"] / top))
                open_ended = b["qualifier"] in ("at_least", "more_than")
                parts.append(
                    f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="{colour}" '
                    f'fill-opacity="{0.55 if open_ended or b["qualifier"] == "about" else 0.9}"/>'
                )
                parts.append(
                    f'<text x="{label_w + w + 6}" y="{y + 15}">{escape(b["wording"])}'
                    f'{" (" + escape(_fmt(b["number"])) + ")" if b["wording"] != _fmt(b["number"]) else ""}</text>'
                )
            else:
                parts.append(f'<text x="{label_w}" y="{y + 15}" font-style="italic">'
                             f'{escape(b["wording"])} (no number)</text>')
            parts.append("</g>")
            y += row_h
        y += gap
    parts.append("</svg>")
    return Markup("".join(parts))


async def comparison_groups(db, min_sources: int = 2, measures=CASUALTY_MEASURES) -> list[dict]:
    placeholders = ", ".join("?" for _ in measures)
    rows = (
        await db.execute(
            "SELECT quantity_id, quantity, agreement, number, wording, speaker, source, qualifier "
            f"FROM figure_comparisons WHERE n_sources >= ? AND measure IN ({placeholders}) "
            "ORDER BY n_sources DESC, quantity, number DESC, source",
            [min_sources, *measures],
        )
    ).rows
    groups: dict[str, dict] = {}
    for r in rows:
        g = groups.setdefault(r["quantity_id"], {"quantity": r["quantity"], "agreement": r["agreement"], "bars": []})
        g["bars"].append({k: r[k] for k in ("number", "wording", "speaker", "source", "qualifier")})
    return list(groups.values())


# ---------------------------------------------------------------- row pages


def _row_href(datasette, table: str, pk: str) -> str:
    return datasette.urls.row(DATABASE, table, tilde_encode(pk))


async def source_spans(datasette, db, source_id: str) -> list[Span]:
    spans = []
    for r in (await db.execute(
        "SELECT c.id, c.char_start, c.char_end, c.claim_type, COALESCE(a.name, 'the outlet') AS who "
        "FROM claims c LEFT JOIN actors a ON a.id = c.claimant_id WHERE c.source_id = ?", [source_id])).rows:
        spans.append(Span(r["char_start"], r["char_end"], "claim", r["id"], _row_href(datasette, "claims", r["id"]),
                          f"claim ({r['claim_type']}) by {r['who']}"))
    for r in (await db.execute(
        "SELECT id, char_start, char_end, measure, text FROM figures WHERE source_id = ?", [source_id])).rows:
        spans.append(Span(r["char_start"], r["char_end"], "figure", r["id"], _row_href(datasette, "figures", r["id"]),
                          f"figure ({r['measure']}): {r['text']}"))
    for r in (await db.execute(
        "SELECT m.id, m.char_start, m.char_end, m.actor_id, a.name AS actor, p.name AS place "
        "FROM mentions m LEFT JOIN actors a ON a.id = m.actor_id LEFT JOIN places p ON p.id = m.place_id "
        "WHERE m.source_id = ?", [source_id])).rows:
        kind = "actor" if r["actor_id"] else "place"
        spans.append(Span(r["char_start"], r["char_end"], kind, r["id"], _row_href(datasette, "mentions", r["id"]),
                          f"{kind} mention: {r['actor'] or r['place']}"))
    return spans


SPAN_TABLES = {"claims": "claim", "figures": "figure", "mentions": "actor or place"}


async def row_context(datasette, table: str, pk: str) -> dict:
    db = datasette.get_database(DATABASE)
    if table == "sources":
        src = (await db.execute("SELECT id, title, text FROM sources WHERE id = ?", [pk])).first()
        if not src:
            return {}
        spans = await source_spans(datasette, db, pk)
        counts = {k: sum(1 for s in spans if s.kind == k) for k in ("claim", "figure", "actor", "place")}
        return {"article_html": render_article(src["text"], spans), "span_counts": counts}
    if table in SPAN_TABLES:
        sentence_col = ", t.sentence" if table == "figures" else ", NULL AS sentence"
        kind_col = (", CASE WHEN t.actor_id IS NULL THEN 'place' ELSE 'actor' END AS kind" if table == "mentions"
                    else f", '{SPAN_TABLES[table]}' AS kind")
        row = (await db.execute(
            f"SELECT t.char_start, t.char_end, t.source_id, s.title, s.text{sentence_col}{kind_col} "
            f"FROM [{table}] t JOIN sources s ON s.id = t.source_id WHERE t.id = ?", [pk])).first()
        if not row:
            return {}
        return {
            "context_html": render_in_context(row["text"], row["char_start"], row["char_end"], row["kind"], pk,
                                              row["sentence"]),
            "context_source_title": row["title"],
            "context_source_href": _row_href(datasette, "sources", row["source_id"]),
            "context_offsets": (row["char_start"], row["char_end"]),
        }
    if table == "actors":
        n = (await db.execute("SELECT COUNT(*) FROM claims WHERE claimant_id = ?", [pk])).first()[0]
        return {"actor_claim_count": n, "who_said_what_href": datasette.urls.path(
            f"/{DATABASE}/who_said_what?{urlencode({'claimant': pk})}")}
    return {}


async def home_context(datasette) -> dict:
    db = datasette.get_database(DATABASE)
    vocab = {}
    for name in ("qualifier", "modality", "hedge"):
        rows = (await db.execute(f"SELECT value, description FROM vocab_{name}")).rows
        vocab[name] = [(r["value"], r["description"]) for r in rows]
    groups = await comparison_groups(db)
    counts = {t: (await db.execute(f"SELECT COUNT(*) FROM [{t}]")).first()[0]
              for t in ("sources", "claims", "figures", "actors", "places", "propositions")}
    return {"vocab": vocab, "comparison_svg": comparison_svg(groups) if groups else None, "table_counts": counts}


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if database != DATABASE:
        return {}

    async def inner():
        if view_name == "row" and request is not None:
            pk = tilde_decode(request.url_vars.get("pks", ""))
            return await row_context(datasette, table, pk)
        if view_name == "database":
            return await home_context(datasette)
        if template == f"query-{DATABASE}-figures_compared.html":
            db = datasette.get_database(DATABASE)
            groups = await comparison_groups(db, measures=("killed", "injured", "hospitalized", "intensive_care",
                                                           "detained", "deployed"))
            return {"comparison_svg": comparison_svg(groups) if groups else None}
        return {}

    return inner



# Datasette lists every column's description above a table's facets and rows; with 25
# columns that pushes the data off the first screen. Fold them into a closed <details>.
FOLD_COLUMN_DESCRIPTIONS = """
document.querySelectorAll("dl.column-descriptions").forEach(function (dl) {
  var details = document.createElement("details");
  details.className = "column-descriptions-toggle";
  var summary = document.createElement("summary");
  summary.textContent = "What each column means (" + dl.querySelectorAll("dt").length + " columns)";
  dl.parentNode.insertBefore(details, dl);
  details.appendChild(summary);
  details.appendChild(dl);
});
"""


@hookimpl
def extra_body_script(view_name):
    return FOLD_COLUMN_DESCRIPTIONS if view_name == "table" else ""
