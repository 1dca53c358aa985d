"""schema.yaml, read once: tables, columns, vocabularies, indexes, views and queries.

Everything else (the JSON Schema a curator's entries are checked against, the
SQLite tables, Datasette's metadata.json) is derived from these objects, so the
YAML file stays the single source of truth. schema.yaml itself is checked first
against SCHEMA_FILE_RULES: a key the code would not read is an error, not a
silently ignored line.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jsonschema

from .loading import parse_yaml

# real is any number, stored with SQLite's NUMERIC affinity: a whole number is kept as an INTEGER
# and a fraction as a REAL, so a count reads 18 (not 18.0) in SQL, JSON and CSV while 2.5 stays 2.5.
SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "NUMERIC"}
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
INPUT_FIELD_KINDS = ("text", "text_list", "occurrence", "actor_roles")
# The tables the build writes itself ({build: …}): the dataset's own row (unrest/dataset.py) and the
# counts of every default facet (unrest/precompute.py).
BUILT_TABLES = ("dataset", "facet_counts")
SEMVER_PATTERN = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"  # dataset.version: MAJOR.MINOR.PATCH
# What SQLite can store in an INTEGER: a number outside it cannot be written, so every number a
# curator gives is checked against it (and against a column's own minimum/maximum, where declared).
SQLITE_INTEGER_RANGE = (-(2**63), 2**63 - 1)


class SchemaError(ValueError):
    """schema.yaml itself is wrong; `problems` lists every mistake, each with its path in the file."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# --------------------------------------------------------------------------- the rules schema.yaml follows

def _mapping(properties: dict, required: tuple = ()) -> dict:
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


_TEXT = {"type": "string", "minLength": 1}
_NAMES = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1}]}
_COLUMN = _mapping({
    "type": {"enum": list(SQL_TYPES)},
    "required": {"type": "boolean"},
    "description": _TEXT,
    "references": _TEXT,
    "vocabulary": _TEXT,
    "format": {"enum": list(FORMAT_PATTERNS)},
    "derived": {"type": "boolean"},
    "default": {"type": ["string", "integer", "number", "boolean"]},
    "minimum": {"type": "number"},
    "maximum": {"type": "number"},
    "together_with": {"type": "array", "items": _TEXT, "minItems": 1},
}, required=("type", "description"))
_INPUT = {"oneOf": [
    _mapping({"section": _TEXT}, ("section",)),  # a section of every sources/<slug>/annotations.yaml
    _mapping({"file": _TEXT}, ("file",)),        # one YAML list of entries
    _mapping({"from": {"type": "string", "pattern": r"^[a-z_]+\.[a-z_]+$"}}, ("from",)),  # <table>.<input field>
    _mapping({"derived": _TEXT}, ("derived",)),  # computed by the build step of that name
    _mapping({"build": {"enum": list(BUILT_TABLES)}}, ("build",)),  # written by the build itself
    # computed by the build from the tables written before it, by the SELECT in a file under sql/tables/
    _mapping({"sql": {"type": "string", "pattern": r"^sql/tables/[a-z_]+\.sql$"}}, ("sql",)),
]}
_INDEX = _mapping({"columns": {"type": "array", "items": _TEXT, "minItems": 1}, "why": _TEXT}, ("columns", "why"))
_TABLE = _mapping({
    "description": _TEXT,
    "input": _INPUT,
    "input_fields": {"type": "object", "additionalProperties": _mapping(
        {"type": {"enum": list(INPUT_FIELD_KINDS)}, "description": _TEXT, "required": {"type": "boolean"}},
        ("type", "description"))},
    "primary_key": _NAMES,
    "label_column": _TEXT,
    "fts": _NAMES,
    "facets": {"type": "array", "items": _TEXT},
    "sort": _NAMES,
    "indexes": {"type": "array", "items": _INDEX},
    "filters": {"type": "object", "additionalProperties": _TEXT, "minProperties": 1},  # column → why
    "columns": {"type": "object", "additionalProperties": _COLUMN, "minProperties": 1},
}, required=("description", "input", "primary_key", "columns"))
_VIEW = _mapping({"description": _TEXT, "facets": {"type": "array", "items": _TEXT}, "sql_file": _TEXT},
                 ("description", "sql_file"))
_QUERY = _mapping({"title": _TEXT, "description": _TEXT, "sql_file": _TEXT}, ("title", "description", "sql_file"))
SCHEMA_FILE_RULES = _mapping({
    "dataset": _mapping({
        "title": _TEXT, "description": _TEXT, "license": _TEXT, "license_url": _TEXT, "source": _TEXT,
        "about": _TEXT, "about_url": _TEXT, "database": _TEXT, "plugins": {"type": "object"},
        "version": {"type": "string", "pattern": SEMVER_PATTERN},
        "released": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "license_id": _TEXT, "authors": {"type": "array", "items": _TEXT, "minItems": 1},
    }, required=("title", "description", "license", "license_url", "source", "database", "version", "released",
                 "license_id", "authors")),
    "vocabularies": {"type": "object", "additionalProperties": _mapping(
        {"description": _TEXT, "values": {"type": "object", "additionalProperties": _TEXT, "minProperties": 1},
         "groups": {"type": "object", "additionalProperties": {"type": "array", "items": _TEXT, "minItems": 1}}},
        ("description", "values"))},
    "tables": {"type": "object", "additionalProperties": _TABLE, "minProperties": 1},
    "views": {"type": "object", "additionalProperties": _VIEW},
    "queries": {"type": "object", "additionalProperties": _QUERY},
}, required=("dataset", "vocabularies", "tables"))


PATTERN_HINTS = {"dataset.version": "a semantic version MAJOR.MINOR.PATCH, e.g. 1.2.0",
                 "dataset.released": "a date YYYY-MM-DD"}


def _rule_problems(raw) -> list[str]:
    problems = []
    for err in sorted(jsonschema.Draft202012Validator(SCHEMA_FILE_RULES).iter_errors(raw), key=lambda e: list(e.path)):
        where = ".".join(str(p) for p in err.path) or "(top level)"
        if err.validator == "additionalProperties":
            allowed = ", ".join(err.schema.get("properties", {}))
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            problems.append(f"{where}: unknown key(s) {', '.join(map(repr, extra))}; allowed: {allowed}")
        elif err.validator == "pattern" and where in PATTERN_HINTS:
            problems.append(f"{where}: {err.instance!r} is not {PATTERN_HINTS[where]}")
        elif err.validator == "oneOf" and where.endswith(".input"):
            problems.append(f"{where}: must be one of {{section: …}}, {{file: …}}, {{from: <table>.<field>}}, "
                            f"{{derived: <build step>}}, {{build: {' | '.join(BUILT_TABLES)}}}, "
                            f"{{sql: sql/tables/<name>.sql}}; got {err.instance!r}")
        else:
            problems.append(f"{where}: {err.message}")
    return problems


# --------------------------------------------------------------------------- the objects the code uses

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
    minimum: float | None = None    # inclusive bounds of a number (integer or real)
    maximum: float | None = None
    together_with: tuple[str, ...] = ()  # columns that must be given whenever this one is

    @property
    def bounds(self) -> tuple[float, float] | None:
        """(minimum, maximum) of a number column: its own, within SQLite's integer range."""
        if self.type not in ("integer", "real"):
            return None
        low, high = SQLITE_INTEGER_RANGE
        return (low if self.minimum is None else max(low, self.minimum),
                high if self.maximum is None else min(high, self.maximum))

    @property
    def target(self) -> str | None:
        """The table this column points to: a referenced table or a vocabulary lookup table."""
        if self.references:
            return self.references
        if self.vocabulary:
            return vocabulary_table(self.vocabulary)
        return None


@dataclass(frozen=True)
class Index:
    columns: tuple[str, ...]
    why: str


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
    declared_indexes: list[Index] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)  # column → why readers filter by it
    sql: str | None = None  # the SELECT of a table computed by the build ({sql: sql/tables/<name>.sql})

    @cached_property  # cached, like curated_columns: the build asks for them at every entry
    def input_kind(self) -> str:
        """section, file, from, derived, build or sql: where the rows come from."""
        return next(iter(self.input))

    @property
    def foreign_keys(self) -> list[tuple[str, str]]:
        return [(c.name, c.target) for c in self.columns.values() if c.target]

    @property
    def facet_types(self) -> dict[str, str]:
        """Each default facet → Datasette's facet type: date for a date column, else column."""
        return {f: "date" if self.columns[f].format == "date" else "column" for f in self.facets}

    @cached_property
    def curated_columns(self) -> list[Column]:
        return [c for c in self.columns.values() if not c.derived]

    @property
    def indexes(self) -> list[Index]:
        """Every index the table gets, derived from its declarations, then those it declares itself:

        - each foreign key, faceted column and the sort column (unless it leads the primary key,
          whose own index serves it): a click on a value, a facet, the page's order;
        - for each filter F (a column readers filter by whose one value can match a large share of
          the rows): (F, facet) for every other facet, so the facet's counts under the filter are read
          from the index alone instead of testing F row by row along the facet's own index, and
          (F, sort column), so the filtered page's first rows come in order from the index.
        """
        found: dict[tuple[str, ...], Index] = {}
        automatic = [c for c, _ in self.foreign_keys] + self.facets + self.sort[:1]
        for column in automatic:
            if column != self.primary_key[0]:
                found.setdefault((column,), Index((column,), "foreign key, facet or sort column"))
        for column, why in self.filters.items():
            for other in dict.fromkeys(self.facets + self.sort[:1]):
                if other != column:
                    found.setdefault((column, other), Index((column, other), f"filter {column}, then {other}: {why}"))
        for index in self.declared_indexes:
            found.setdefault(index.columns, index)
        return list(found.values())


@dataclass(frozen=True)
class Vocabulary:
    name: str
    description: str
    values: dict[str, str]
    groups: dict[str, list[str]] = field(default_factory=dict)  # named subsets of the values (casualties)


@dataclass(frozen=True, eq=False)  # hashed by identity, so checks can cache per schema
class Schema:
    dataset: dict
    tables: dict[str, Table]
    vocabularies: dict[str, Vocabulary]
    views: dict[str, dict]     # each with its `sql` read from its sql_file
    queries: dict[str, dict]   # likewise

    def table_for_section(self, section: str) -> Table:
        return next(t for t in self.tables.values() if t.input.get("section") == section)

    def tables_by_input(self, kind: str) -> list[Table]:
        return [t for t in self.tables.values() if t.input_kind == kind]

    @property
    def sections(self) -> list[str]:
        """The sections of an annotations.yaml, in schema order."""
        return [t.input["section"] for t in self.tables_by_input("section")]

    @property
    def selects(self) -> dict[str, dict]:
        """Every SELECT schema.yaml names, by where it is named (views.x, queries.x, tables.x), each with its `sql`."""
        found = {f"views.{n}": v for n, v in self.views.items()} | {f"queries.{n}": q for n, q in self.queries.items()}
        return found | {f"tables.{t.name}": {"sql": t.sql} for t in self.tables_by_input("sql")}

    @property
    def shared_files(self) -> list[str]:
        """The curator files under sources/ that hold one table each (sources/actors.yaml, …)."""
        return [t.input["file"] for t in self.tables_by_input("file")]


def vocabulary_table(name: str) -> str:
    return f"vocab_{name}"


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _consistency_problems(raw: dict, root: Path) -> list[str]:
    """What the rules cannot see: names that must point at something that exists."""
    problems = []
    tables, vocabularies = raw["tables"], raw["vocabularies"]
    for name, spec in tables.items():
        columns = spec["columns"]
        for key in ("primary_key", "fts", "sort", "facets", "filters"):
            for col in (list(spec[key]) if isinstance(spec.get(key), dict) else _as_list(spec.get(key))):
                if col not in columns:
                    problems.append(f"tables.{name}.{key}: '{col}' is not a column of {name}")
        if spec.get("label_column") and spec["label_column"] not in columns:
            problems.append(f"tables.{name}.label_column: '{spec['label_column']}' is not a column of {name}")
        for i, index in enumerate(spec.get("indexes", [])):
            for col in index["columns"]:
                if col not in columns:
                    problems.append(f"tables.{name}.indexes[{i}]: '{col}' is not a column of {name}")
        for cname, col in columns.items():
            if col.get("references") and col["references"] not in tables:
                problems.append(f"tables.{name}.columns.{cname}.references: no table '{col['references']}'")
            if col.get("vocabulary") and col["vocabulary"] not in vocabularies:
                problems.append(f"tables.{name}.columns.{cname}.vocabulary: no vocabulary '{col['vocabulary']}'")
            for partner in col.get("together_with", []):
                if partner not in columns:
                    problems.append(f"tables.{name}.columns.{cname}.together_with: "
                                    f"'{partner}' is not a column of {name}")
            if ("minimum" in col or "maximum" in col) and col["type"] not in ("integer", "real"):
                problems.append(f"tables.{name}.columns.{cname}: minimum and maximum are for integer and real columns")
            if col.get("minimum", -math.inf) > col.get("maximum", math.inf):
                problems.append(f"tables.{name}.columns.{cname}: minimum is greater than maximum")
        source = spec["input"].get("from")
        if source:
            parent, fname = source.split(".")
            if fname not in tables.get(parent, {}).get("input_fields", {}):
                problems.append(f"tables.{name}.input.from: '{source}' is not an input field of a table")
    try:
        dt.date.fromisoformat(raw["dataset"]["released"])
    except ValueError:
        problems.append(f"dataset.released: {raw['dataset']['released']!r} is not a calendar date (YYYY-MM-DD)")
    for vname, vocab in vocabularies.items():
        for group, members in (vocab.get("groups") or {}).items():
            for value in members:
                if value not in vocab["values"]:
                    problems.append(f"vocabularies.{vname}.groups.{group}: '{value}' is not a value of {vname}")
    for kind in ("views", "queries"):
        for name, spec in (raw.get(kind) or {}).items():
            if not (root / spec["sql_file"]).is_file():
                problems.append(f"{kind}.{name}.sql_file: {spec['sql_file']} does not exist")
    for name, spec in tables.items():
        sql_file = spec["input"].get("sql")
        if sql_file and not (root / sql_file).is_file():
            problems.append(f"tables.{name}.input.sql: {sql_file} does not exist")
    return problems


def load_schema(path: Path) -> Schema:
    """Read and check schema.yaml; raises SchemaError listing every mistake in it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SchemaError([f"{path.name}: cannot be read: {err}"]) from None
    raw, found = parse_yaml(text, path.name)  # the curators' loader: duplicate keys are errors here too
    if found:
        raise SchemaError([str(p) for p in found])
    problems = _rule_problems(raw)
    if not problems:
        problems = _consistency_problems(raw, path.parent)
    if problems:
        raise SchemaError([f"{path.name}: {p}" for p in problems])
    vocabularies = {
        name: Vocabulary(name, spec["description"], dict(spec["values"]), dict(spec.get("groups") or {}))
        for name, spec in raw["vocabularies"].items()
    }
    tables = {}
    for name, spec in raw["tables"].items():
        columns = {cname: Column(name=cname, **cspec | {"together_with": tuple(cspec.get("together_with", ()))})
                   for cname, cspec in spec["columns"].items()}
        tables[name] = Table(
            name=name,
            description=spec["description"],
            columns=columns,
            primary_key=_as_list(spec["primary_key"]),
            input=spec["input"],
            input_fields=spec.get("input_fields", {}),
            label_column=spec.get("label_column"),
            fts=_as_list(spec.get("fts")),
            facets=_as_list(spec.get("facets")),
            sort=_as_list(spec.get("sort")),
            declared_indexes=[Index(tuple(i["columns"]), i["why"]) for i in spec.get("indexes", [])],
            filters=dict(spec.get("filters") or {}),
            sql=(path.parent / spec["input"]["sql"]).read_text(encoding="utf-8").strip()
            if "sql" in spec["input"] else None,
        )

    def with_sql(specs: dict | None) -> dict:
        return {name: {k: v for k, v in spec.items() if k != "sql_file"}
                | {"sql": (path.parent / spec["sql_file"]).read_text(encoding="utf-8").strip()}
                for name, spec in (specs or {}).items()}

    return Schema(
        dataset=raw["dataset"],
        tables=tables,
        vocabularies=vocabularies,
        views=with_sql(raw.get("views")),
        queries=with_sql(raw.get("queries")),
    )


INPUT_FIELD_TYPES: dict[str, dict] = {
    "text": {"type": "string"},
    "text_list": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    "occurrence": {"type": "integer", "minimum": 1, "maximum": SQLITE_INTEGER_RANGE[1]},
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
        if col.bounds:
            prop["minimum"], prop["maximum"] = col.bounds
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
                        "hop": {"type": "integer", "minimum": 0, "maximum": SQLITE_INTEGER_RANGE[1]},
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


def entry_depth(table: Table, schema: Schema) -> int:
    """How many collections deep one curator entry of `table` nests (the entry's own mapping is 1,
    a list of texts in it 2, a list of mappings 3); the loader refuses deeper nesting."""
    def depth(js: dict) -> int:
        if "anyOf" in js:
            return max(depth(alternative) for alternative in js["anyOf"])
        if js.get("type") == "array":
            return 1 + depth(js.get("items", {}))
        if js.get("type") == "object":
            return 1 + max((depth(p) for p in js.get("properties", {}).values()), default=0)
        return 0

    return depth(entry_json_schema(table, schema))
