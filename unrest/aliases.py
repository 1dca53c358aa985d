"""The alias resolver: finds every occurrence of a known actor or place alias in a text.

Aliases match case-insensitively, except acronyms written in capitals ("US", "UN",
which must not match "us"), on word boundaries, longest first and without
overlaps within each kind (actors, places), so "Radio Liberty’s Kazakh Service"
wins over "Radio Liberty". An actor and a place with the same words at the same
place ("Armenia") make one mention linked to both.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    char_start: int
    char_end: int
    text: str
    actor_id: str | None = None
    place_id: str | None = None


def is_acronym(alias: str) -> bool:
    return alias.isupper() and len(alias.replace(".", "").replace("/", "")) <= 6


def alias_pattern(aliases) -> re.Pattern | None:
    """One regex over all aliases, longest first, acronyms case-sensitive; boundaries that work beside punctuation."""
    if not aliases:
        return None
    ordered = sorted(aliases, key=lambda a: (-len(a), a.casefold()))
    body = "|".join(re.escape(a) if is_acronym(a) else f"(?i:{re.escape(a)})" for a in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def find_aliases(text: str, aliases: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, owner id) for every non-overlapping alias occurrence; `aliases` maps alias → owner id."""
    exact = {a: owner for a, owner in aliases.items() if is_acronym(a)}
    folded = {a.casefold(): owner for a, owner in aliases.items() if not is_acronym(a)}
    pattern = alias_pattern(aliases)
    if pattern is None:
        return []
    return [(m.start(), m.end(), exact.get(m.group()) or folded[m.group().casefold()]) for m in pattern.finditer(text)]


def find_mentions(text: str, actor_aliases: dict[str, str], place_aliases: dict[str, str]) -> list[Mention]:
    by_span: dict[tuple[int, int], dict] = {}
    for kind, aliases in (("actor_id", actor_aliases), ("place_id", place_aliases)):
        for start, end, owner in find_aliases(text, aliases):
            by_span.setdefault((start, end), {})[kind] = owner
    return [Mention(s, e, text[s:e], **owners) for (s, e), owners in sorted(by_span.items())]


def alias_owners(pairs: Iterable[tuple[str | None, list]]) -> tuple[dict[str, str], list[tuple[int, str, str]]]:
    """alias → owner id, from (owner id, aliases) pairs; and (pair position, alias, first owner) for
    every alias that a second owner claims too (ignoring case): an alias may name one owner only."""
    owners: dict[str, str] = {}
    claimed: dict[str, str] = {}
    clashes: list[tuple[int, str, str]] = []
    for i, (owner, names) in enumerate(pairs):
        if owner is None:
            continue
        for alias in names:
            if not isinstance(alias, str):
                continue
            key = alias.casefold()
            if key in claimed and claimed[key] != owner:
                clashes.append((i, alias, claimed[key]))
            claimed.setdefault(key, owner)
            owners.setdefault(alias, owner)
    return owners, clashes
