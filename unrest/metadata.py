"""metadata.json for Datasette, generated from schema.yaml (never edited by hand).

Besides Datasette's own keys it carries, under plugins → unrest-site, what the site's
plugins (plugins/unrest_*.py) need to know about the schema, so that they read it from
here and never restate it: which id column names a row of which table, the order a
table page shows its columns in, what an empty value means, the vocabularies with their
meanings and groups, the tables search covers, and which facets the build counted.
"""
from __future__ import annotations

import json
import re

from .precompute import computed_names
from .schema import Schema, Table, vocabulary_table

SITE_PLUGIN = "unrest-site"
# The order search results are listed in: the rows a reader looks for first.
SEARCH_ORDER = ("figures", "claims", "actors", "propositions", "sources")
# "NULL: the outlet's own voice." in a column description says what an empty value means.
NULL_MEANS = re.compile(r"NULL: ([^.]+)\.")


def table_metadata(table: Table, schema: Schema) -> dict:
    meta: dict = {
        "description": table.description,
        "columns": {c.name: c.description for c in table.columns.values()},
    }
    if table.label_column:
        meta["label_column"] = table.label_column
    facets = [{"date": f} if kind == "date" else f for f, kind in table.facet_types.items()]
    if facets:
        meta["facets"] = facets
    if table.sort:
        # Datasette sorts by one column; schema.yaml may list tie-breakers for views and queries.
        first = table.columns[table.sort[0]]
        if first.format == "date" and not first.required:
            # Newest first: Datasette 0.65 sorts NULL first ascending, so undated rows come last only this way.
            meta["sort_desc"] = first.name
        else:
            meta["sort"] = first.name
    return meta


def singular(table: str) -> str:
    """figures → figure, quantities → quantity: how an id column names a row of the table (figure_id)."""
    if table.endswith("ies"):
        return table[:-3] + "y"
    return table[:-1] if table.endswith("s") else table


def link_columns(schema: Schema) -> dict[str, str]:
    """Column name → the table whose row it names, for the cells of views and canned queries.

    A foreign key's name (claimant_id → actors) and <singular>_id for every table with a one-column
    key (figure_id → figures). A name that points at two tables (parent_id) is left out.
    """
    targets: dict[str, set[str]] = {}
    for table in schema.tables.values():
        for column in table.columns.values():
            if column.references:
                targets.setdefault(column.name, set()).add(column.references)
        if len(table.primary_key) == 1:
            targets.setdefault(f"{singular(table.name)}_{table.primary_key[0]}", set()).add(table.name)
    return {name: next(iter(t)) for name, t in sorted(targets.items()) if len(t) == 1}


def column_order(table: Table) -> list[str]:
    """A table page's columns: the words first (the label column), then what describes them,
    then the foreign keys, and the row's own id last. Tables without a label keep their order."""
    names = list(table.columns)
    if not table.label_column:
        return names
    keys = [n for n in names if n in table.primary_key]
    foreign = [n for n in names if table.columns[n].references and n not in keys]
    first = [table.label_column]
    rest = [n for n in names if n not in first + keys + foreign]
    return first + rest + foreign + keys


def site_config(schema: Schema) -> dict:
    tables = {}
    for name, table in schema.tables.items():
        entry: dict = {"column_order": column_order(table)}
        if table.label_column:
            entry["label_column"] = table.label_column
        null_means = {c.name: m.group(1) for c in table.columns.values()
                      if not c.required and (m := NULL_MEANS.search(c.description))}
        if null_means:
            entry["null_means"] = null_means
        tables[name] = entry
    searchable = [t for t in schema.tables.values() if t.fts]
    search = sorted(searchable, key=lambda t: (SEARCH_ORDER.index(t.name) if t.name in SEARCH_ORDER
                                               else len(SEARCH_ORDER), t.name))
    counted = [t.name for t in schema.tables_by_input("build") if t.input["build"] == "facet_counts"]
    return {
        "database": schema.dataset["database"],
        # The tables the build computes from the others: not listed among a row's "rows that point here".
        "computed_tables": sorted(computed_names(schema)),
        # The table of every default facet's counts over the whole table (plugins/unrest_facets.py).
        "facet_counts": {"table": counted[0], "facets": {t.name: t.facet_types for t in schema.tables.values()
                                                         if t.facets}} if counted else None,
        "link_columns": link_columns(schema),
        "tables": tables,
        "vocabularies": {vocabulary_table(v.name): {"values": v.values, "groups": v.groups}
                         for v in schema.vocabularies.values()},
        "search": [{"table": t.name, "columns": t.fts, "label_column": t.label_column} for t in search],
    }


def vocabulary_description(vocab) -> str:
    groups = "".join(f" {name.capitalize()}: {', '.join(values)}." for name, values in vocab.groups.items())
    return f"Vocabulary '{vocab.name}': {vocab.description}{groups}"


def datasette_metadata(schema: Schema) -> dict:
    ds = schema.dataset
    tables = {name: table_metadata(t, schema) for name, t in schema.tables.items()}
    for vocab in schema.vocabularies.values():
        tables[vocabulary_table(vocab.name)] = {
            "description": vocabulary_description(vocab),
            "label_column": "value",
            "columns": {"value": "The value used in the data.", "description": "What it means."},
        }
    for name, view in schema.views.items():
        tables[name] = {k: v for k, v in view.items() if k != "sql"}
    for name in schema.tables:
        if f"{name}_on_map" in schema.queries:
            # The canned query <table>_on_map draws the table's map, with popups that name each row and
            # link to it; the table page's own map would list every column, nulls and all, so it is off.
            tables[name]["plugins"] = {"datasette-cluster-map": {"latitude_column": "(see the map query)",
                                                                 "longitude_column": "(see the map query)"}}
    database = {
        "title": ds["title"],
        "description": ds["description"],
        "tables": tables,
    }
    if schema.queries:
        # A canned query's page shows its results first; its SQL is one click away ("show").
        database["queries"] = {name: query | {"hide_sql": True} for name, query in schema.queries.items()}
    meta = {
        "title": ds["title"],
        "version": ds["version"],
        "description": ds["description"],
        "license": ds["license"],
        "license_url": ds["license_url"],
        "source": ds["source"],
        "about": ds["about"],
        "databases": {ds["database"]: database},
    }
    for key in ("description_html", "source_url", "about_url"):
        if key in ds:
            meta[key] = ds[key]
    meta["plugins"] = dict(ds.get("plugins") or {}) | {SITE_PLUGIN: site_config(schema)}
    return meta


def render(schema: Schema) -> str:
    return json.dumps(datasette_metadata(schema), indent=2, ensure_ascii=False) + "\n"
