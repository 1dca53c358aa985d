"""schema.yaml, read once: tables, columns, vocabularies.

Everything else (the JSON Schema a curator's entries are checked against, the
SQLite DDL, Datasette's metadata.json) is derived from these objects, so the
YAML file stays the single source of truth.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "REAL"}
JSON_TYPES = {"text": "string", "integer": "integer", "real": "number"}
# Patterns for the `format` key; dates are checked again as real calendar dates.
FORMAT_PATTERNS = {
    "date": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "slug": r"^[a-z0-9]+(-[a-z0-9]+)*$",
    "sha256": r"^[0-9a-f]{64}$",
    "iso_country": r"^[A-Z]{2}$",
}
FORMAT_HINTS = {
    "date": "an ISO date: YYYY-MM-DD (or YYYY-MM, YYYY)",
    "slug": "a slug: lower-case letters, digits and single hyphens, e.g. interior-ministry",
    "sha256": "64 lower-case hex digits",
    "iso_country": "an ISO 3166-1 alpha-2 code such as KZ",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    required: bool = False
    references: str | None = None
    vocabulary: str | None = None
    format: str | None = None
    derived: bool = False
    default: object = None

    @property
    def target(self) -> str | None:
        """The table this column points to: a referenced table or a vocabulary lookup table."""
        if self.references:
            return self.references
        if self.vocabulary:
            return vocabulary_table(self.vocabulary)
        return None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: dict[str, Column]
    primary_key: list[str]
    input: dict
    input_fields: dict[str, dict] = field(default_factory=dict)
    label_column: str | None = None
    fts: list[str] = field(default_factory=list)
    facets: list[str] = field(default_factory=list)
    sort: list[str] = field(default_factory=list)

    @property
    def foreign_keys(self) -> list[tuple[str, str]]:
        return [(c.name, c.target) for c in self.columns.values() if c.target]

    @property
    def curated_columns(self) -> list[Column]:
        return [c for c in self.columns.values() if not c.derived]


@dataclass(frozen=True)
class Vocabulary:
    name: str
    description: str
    values: dict[str, str]


@dataclass(frozen=True, eq=False)  # hashed by identity, so checks can cache per schema
class Schema:
    dataset: dict
    tables: dict[str, Table]
    vocabularies: dict[str, Vocabulary]
    views: dict[str, dict]
    queries: dict[str, dict]

    def table_for_section(self, section: str) -> Table:
        return next(t for t in self.tables.values() if t.input.get("section") == section)

    def table_for_file(self, relpath: str) -> Table | None:
        return next((t for t in self.tables.values() if t.input.get("file") == relpath), None)


def vocabulary_table(name: str) -> str:
    return f"vocab_{name}"


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def load_schema(path: Path) -> Schema:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    vocabularies = {
        name: Vocabulary(name, spec["description"], dict(spec["values"]))
        for name, spec in raw["vocabularies"].items()
    }
    tables = {}
    for name, spec in raw["tables"].items():
        columns = {cname: Column(name=cname, **cspec) for cname, cspec in spec["columns"].items()}
        tables[name] = Table(
            name=name,
            description=spec["description"],
            columns=columns,
            primary_key=_as_list(spec["primary_key"]),
            input=spec.get("input", {}),
            input_fields=spec.get("input_fields", {}),
            label_column=spec.get("label_column"),
            fts=_as_list(spec.get("fts")),
            facets=_as_list(spec.get("facets")),
            sort=_as_list(spec.get("sort")),
        )
    return Schema(
        dataset=raw["dataset"],
        tables=tables,
        vocabularies=vocabularies,
        views=raw.get("views", {}) or {},
        queries=raw.get("queries", {}) or {},
    )


INPUT_FIELD_TYPES = {
    "text": {"type": "string"},
    "text_list": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    "occurrence": {"type": "integer", "minimum": 1},
}


def entry_json_schema(table: Table, schema: Schema) -> dict:
    """The JSON Schema one curator-written entry for `table` must satisfy."""
    properties: dict[str, dict] = {}
    required: list[str] = []
    for col in table.curated_columns:
        prop: dict = {"type": JSON_TYPES[col.type]}
        if col.vocabulary:
            prop = {"enum": list(schema.vocabularies[col.vocabulary].values)}
        if col.format:
            prop["pattern"] = FORMAT_PATTERNS[col.format]
        if not col.required:
            prop = {"anyOf": [prop, {"type": "null"}]}
        elif col.default is None:
            required.append(col.name)
        properties[col.name] = prop
    for fname, fspec in table.input_fields.items():
        if fspec["type"] == "actor_roles":
            properties[fname] = {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "actor_id": {"type": "string"},
                        "role": {"enum": list(schema.vocabularies["role"].values)},
                        "hop": {"type": "integer", "minimum": 0},
                    },
                    "required": ["actor_id", "role"],
                    "additionalProperties": False,
                },
            }
        else:
            properties[fname] = INPUT_FIELD_TYPES[fspec["type"]]
        if fspec.get("required"):
            required.append(fname)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
