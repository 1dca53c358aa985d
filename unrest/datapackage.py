"""datapackage.json (a Frictionless Tabular Data Package) generated from schema.yaml.

One resource per CSV, each with its Table Schema: field types, descriptions, NOT NULL as
`required`, vocabulary columns as `enum` constraints, the primary key and the foreign keys.
The vocabulary tables (vocab_<name>) are resources too, so every foreign key resolves
inside the package. Pure: takes the Schema and the dataset rows, returns a dict.
"""
from __future__ import annotations

from .metadata import datasette_metadata
from .schema import Column, Schema, Table, vocabulary_table

# schema.yaml column type → Table Schema field type (SQLite TEXT, INTEGER, REAL).
FIELD_TYPES = {"text": "string", "integer": "integer", "real": "number"}
CSV_FOLDER = "data"


def csv_path(table: str) -> str:
    return f"{CSV_FOLDER}/{table}.csv"


def table_names(schema: Schema) -> list[str]:
    """Every table of the database that becomes a CSV, in schema order, then the vocabularies."""
    return list(schema.tables) + [vocabulary_table(v) for v in schema.vocabularies]


def _field(column: Column, schema: Schema) -> dict:
    field: dict = {"name": column.name, "type": FIELD_TYPES[column.type], "description": column.description}
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.vocabulary:
        constraints["enum"] = list(schema.vocabularies[column.vocabulary].values)
    if constraints:
        field["constraints"] = constraints
    return field


def _foreign_key(column: Column, table: Table, schema: Schema) -> dict:
    target = column.target
    assert target is not None
    # The referenced column is the target's primary key ("value" for a vocabulary lookup table).
    key = "value" if column.vocabulary else schema.tables[target].primary_key[0]
    # Table Schema names a reference to the same resource with the empty string.
    return {"fields": column.name, "reference": {"resource": "" if target == table.name else target, "fields": key}}


def _resource(name: str, description: str, fields: list[dict], primary_key: list[str],
              foreign_keys: list[dict]) -> dict:
    table_schema: dict = {"fields": fields, "primaryKey": primary_key, "missingValues": [""]}
    if foreign_keys:
        table_schema["foreignKeys"] = foreign_keys
    return {
        "name": name,
        "path": csv_path(name),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "schema": table_schema,
    }


def resources(schema: Schema) -> list[dict]:
    found = []
    for table in schema.tables.values():
        found.append(_resource(
            table.name, table.description,
            [_field(c, schema) for c in table.columns.values()],
            table.primary_key,
            [_foreign_key(c, table, schema) for c in table.columns.values() if c.target],
        ))
    # Vocabulary tables: the layout and descriptions metadata.json gives them (value, description).
    described = datasette_metadata(schema)["databases"][schema.dataset["database"]]["tables"]
    for vocab in schema.vocabularies.values():
        name = vocabulary_table(vocab.name)
        meta = described[name]
        fields = [{"name": col, "type": "string", "description": text, "constraints": {"required": True}}
                  for col, text in meta["columns"].items()]
        found.append(_resource(name, meta["description"], fields, ["value"], []))
    return found


def datapackage(schema: Schema, dataset: dict, articles: list[dict]) -> dict:
    """The descriptor: `dataset` is the dataset table's row, `articles` the sources rows (title, sha256)."""
    block = schema.dataset
    package = {
        "profile": "tabular-data-package",
        "name": block["database"],
        "title": block["title"],
        "description": block["description"],
        "version": dataset["version"],
        "licenses": [{"name": block["license_id"], "path": block["license_url"], "title": block["license"]}],
        "contributors": [{"title": author, "role": "author"} for author in block["authors"]],
        "sources": [{"title": block["source"]}] + [
            {"title": f"{a['title']} (sources/{a['id']}/article.txt, sha256 {a['sha256']})"} for a in articles],
        "resources": resources(schema),
    }
    if dataset.get("source_commit"):
        package["source_commit"] = dataset["source_commit"]
    return package
