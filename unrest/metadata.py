"""metadata.json for Datasette, generated from schema.yaml (never edited by hand)."""
from __future__ import annotations

import json

from .schema import Schema, Table, vocabulary_table


def table_metadata(table: Table, schema: Schema) -> dict:
    meta: dict = {
        "description": table.description,
        "columns": {c.name: c.description for c in table.columns.values()},
    }
    if table.label_column:
        meta["label_column"] = table.label_column
    facets = []
    for f in table.facets:
        col = table.columns[f]
        facets.append({"date": f} if col.format == "date" else f)
    if facets:
        meta["facets"] = facets
    if table.sort:
        # Datasette sorts by one column; schema.yaml may list tie-breakers for views and queries.
        meta["sort"] = table.sort[0]
    return meta


def datasette_metadata(schema: Schema) -> dict:
    ds = schema.dataset
    tables = {name: table_metadata(t, schema) for name, t in schema.tables.items()}
    for vocab in schema.vocabularies.values():
        tables[vocabulary_table(vocab.name)] = {
            "description": f"Vocabulary '{vocab.name}': {vocab.description}",
            "label_column": "value",
            "columns": {"value": "The value used in the data.", "description": "What it means."},
        }
    for name, view in schema.views.items():
        tables[name] = {k: v for k, v in view.items() if k != "sql"}
    database = {
        "description": ds["description"],
        "tables": tables,
    }
    if schema.queries:
        database["queries"] = schema.queries
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
    for key in ("description_html", "source_url", "about_url", "plugins"):
        if key in ds:
            meta[key] = ds[key]
    return meta


def render(schema: Schema) -> str:
    return json.dumps(datasette_metadata(schema), indent=2, ensure_ascii=False) + "\n"
