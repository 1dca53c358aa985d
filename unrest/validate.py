"""Checks of curator entries against schema.yaml, and of the normalized rows against each other.

Every check returns Problems instead of raising, so one build reports them all.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from functools import cache

import jsonschema

from .dates import parse_iso
from .problems import Origin, Problem
from .schema import FORMAT_HINTS, Schema, Table, entry_json_schema

# JSON Schema counts 1.0 as an integer; a curator's 1.0 (or true) where a whole number is expected
# is a mistake, and Python would fail on it later (an occurrence indexes a list).
_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)),
)


@cache
def _validators(schema: Schema, table_name: str) -> tuple[dict, dict[str, Callable[[object], bool]]]:
    """The table's entry JSON Schema, and for each field whether a value is valid for it."""
    js = entry_json_schema(schema.tables[table_name], schema)
    return js, {key: _remembering(_Validator(prop)) for key, prop in js["properties"].items()}


def _remembering(validator: jsonschema.protocols.Validator) -> Callable[[object], bool]:
    """validator.is_valid, remembering its answer for each text, number, boolean and null: entries
    repeat most of their values (review_status: draft, hedge: none) and a JSON Schema check is slow."""
    known: dict[tuple[type, object], bool] = {}  # keyed by type too: 1, 1.0 and True are equal in Python

    def is_valid(value: object) -> bool:
        if isinstance(value, (list, dict)):
            return validator.is_valid(value)
        key = (type(value), value)
        if key not in known:
            known[key] = validator.is_valid(value)
        return known[key]

    return is_valid


def check_entry(entry, table: Table, schema: Schema, origin: Origin) -> list[Problem]:
    """Problems with one curator entry: not a mapping, unknown keys, missing fields, bad values."""
    if not isinstance(entry, dict):
        return [origin.problem("must be a mapping of key: value pairs")]
    js, validators = _validators(schema, table.name)
    problems = []
    reported: set = set()  # keys already reported: a misspelt key is one problem, not also a missing field
    for key in entry:
        if key not in validators:
            close = difflib.get_close_matches(str(key), list(validators), n=1)
            reported.update(close)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(validators)}"
            problems.append(origin.problem(f"unknown key '{key}' ({hint})"))
        elif not validators[key](entry[key]):
            reported.add(key)
            problems.append(origin.problem(_value_message(key, entry[key], table, schema)))
    for col in table.curated_columns:
        if entry.get(col.name) is not None and col.name not in reported:
            missing = [p for p in col.together_with if entry.get(p) is None and p not in reported]
            if missing:
                problems.append(origin.problem(f"{col.name} is given without {' and '.join(missing)}; give "
                                               f"{', '.join([col.name, *col.together_with])} together, or none"))
    for key in js["required"]:
        if (key not in entry or entry[key] is None) and key not in reported:
            col = table.columns.get(key)
            what = col.description if col else table.input_fields[key]["description"]
            problems.append(origin.problem(f"missing required field '{key}' ({what})"))
    for col in table.curated_columns:
        value = entry.get(col.name)
        if col.format == "date" and isinstance(value, str) and col.name not in reported and parse_iso(value) is None:
            problems.append(origin.problem(f"{col.name} {value!r} is not a real date; write {FORMAT_HINTS['date']}"))
    return problems


def _value_message(key: str, value, table: Table, schema: Schema) -> str:
    col = table.columns.get(key)
    if col is None:
        kind = table.input_fields[key]["type"]
        wanted = {
            "text": "a text",
            "text_list": "a list of non-empty texts, e.g. [Tokayev, the president]",
            "occurrence": "a whole number from 1 (the first occurrence)",
            "actor_roles": "a list of {actor_id: <actor id>, role: <one of "
            + ", ".join(schema.vocabularies["role"].values) + ">, hop: <optional number>}",
        }[kind]
        return f"{key} must be {wanted}; got {value!r}"
    if col.vocabulary:
        vocab = schema.vocabularies[col.vocabulary]
        close = difflib.get_close_matches(str(value), list(vocab.values), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return (f"{key} {value!r} is not in the vocabulary '{vocab.name}'{hint}; allowed: "
                f"{', '.join(vocab.values)} (add a value with its description to schema.yaml if none fits)")
    if col.format and isinstance(value, str):
        return f"{key} {value!r} must be {FORMAT_HINTS[col.format]}"
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if col.bounds and is_number and (col.type == "real" or isinstance(value, int)):
        return _range_message(col, value)  # of the right type, so out of range
    wanted = {"text": "a text (quote it if it looks like a number)", "integer": "a whole number",
              "real": "a number"}[col.type]
    return f"{key} must be {wanted}; got {value!r}"


def _range_message(col, value) -> str:
    low, high = col.bounds
    return f"{col.name} {value!r} is out of range: it must be from {low:g} to {high:g} ({col.description})"


def check_duplicates(rows: list, key: list[str], table: str) -> list[Problem]:
    """Primary keys must be unique; names the first entry that used the key."""
    seen: dict = {}
    problems = []
    for row in rows:
        value = tuple(row[k] for k in key)
        if value in seen:
            first = seen[value]
            shown = value[0] if len(value) == 1 else value
            problems.append(row.origin.problem(f"duplicate {table} {'/'.join(key)} {shown!r} "
                                               f"(first at {first.file}:{first.line}); ids must be unique"))
        else:
            seen[value] = row.origin
    return problems


def check_references(rows: dict[str, list[dict]], schema: Schema,
                     rejected_ids: dict[str, set] | None = None, unchecked: Iterable[str] = ()) -> list[Problem]:
    """Every value of a `references` column must be an id of the referenced table.

    Rows are normalize.Row (dicts with an .origin). Ids of entries rejected for other problems
    count as known, and references into the `unchecked` tables (whose file could not be read)
    are not checked, so one mistake is reported once.
    """
    unchecked = set(unchecked)
    rejected_ids = rejected_ids or {}
    problems = []
    for table in schema.tables.values():
        for col in table.columns.values():
            if not col.references:
                continue
            target = schema.tables[col.references]
            if col.references in unchecked:
                continue
            known = {r[target.primary_key[0]] for r in rows.get(col.references, [])}
            known |= {i for i in rejected_ids.get(col.references, set()) if isinstance(i, str)}
            for row in rows.get(table.name, []):
                value = row.get(col.name)
                if value is not None and value not in known:
                    close = difflib.get_close_matches(str(value), sorted(known), n=1)
                    hint = f"did you mean '{close[0]}'?" if close else f"add it to the {col.references} file first"
                    problems.append(row.origin.problem(
                        f"{col.name} {value!r} is not a known {col.references} id ({hint})"))
    return problems


def check_bounds(row: dict) -> str | None:
    """low ≤ value ≤ high, where they are given."""
    low, value, high = row.get("low"), row.get("value"), row.get("high")
    if low is not None and value is not None and low > value:
        return f"low {low} is greater than value {value}"
    if value is not None and high is not None and value > high:
        return f"value {value} is greater than high {high}"
    if low is not None and high is not None and low > high:
        return f"low {low} is greater than high {high}"
    return None


def check_values(rows: dict[str, list], schema: Schema) -> list[Problem]:
    """Every number in a row within its column's bounds (schema.yaml's minimum/maximum, and SQLite's
    integer range): curated numbers were checked as entries, this also covers the derived ones."""
    problems = []
    for table in schema.tables.values():
        bounded = [(c, *c.bounds) for c in table.columns.values() if c.bounds]
        for row in rows.get(table.name, []):
            for col, low, high in bounded:
                value = row.get(col.name)
                if isinstance(value, (int, float)) and not low <= value <= high:
                    problems.append(row.origin.problem(_range_message(col, value)))
    return problems


def check_cycles(rows: dict[str, list], schema: Schema) -> list[Problem]:
    """A column that references its own table (parent_id) must not lead back to where it started:
    a place inside itself, an actor part of itself. Each cycle is reported once, at its first member."""
    problems = []
    for table in schema.tables.values():
        key = table.primary_key[0]
        for col in table.columns.values():
            if col.references != table.name:
                continue
            parent = {row[key]: row.get(col.name) for row in rows.get(table.name, [])}
            origin = {row[key]: row.origin for row in rows.get(table.name, [])}
            done: set = set()
            for start in parent:
                path: list = []
                node = start
                while node in parent and node not in done and node not in path:
                    path.append(node)
                    node = parent[node]
                if node in path:  # back to a member of this walk: the cycle is path[from node on]
                    cycle = path[path.index(node):]
                    first = min(cycle, key=lambda i: (origin[i].file, origin[i].line or 0, i))
                    chain = " → ".join(cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first])
                    problems.append(origin[first].problem(
                        f"{col.name} makes a cycle: {chain}; a row cannot be its own {col.name.removesuffix('_id')}"))
                done.update(path)
    return problems


def empty_sections(annotations: dict, schema: Schema, file: str) -> list[Problem]:
    """A section written with nothing after it (`claims:`) is a slip: its entries deleted or never
    written. An article that has none says so with an empty list (`claims: []`) or leaves it out."""
    lines = getattr(annotations, "key_lines", {})
    return [Problem(file, lines.get(section), None,
                    f"section '{section}' is empty; list its entries, or write '{section}: []' if the article "
                    "has none")
            for section in schema.sections
            if section != "source" and section in annotations and annotations[section] is None]
