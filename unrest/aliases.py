"""The alias resolver: finds every occurrence of a known actor or place alias in a text.

Aliases match case-insensitively, except acronyms written in capitals ("US", "UN",
which must not match "us"), on word boundaries, longest first and without
overlaps within each kind (actors, places), so "Radio Liberty’s Kazakh Service"
wins over "Radio Liberty". An actor and a place with the same words at the same
place ("Armenia") make one mention linked to both. Words that name both an actor and
a place, standing inside a longer place alias ("Kazakhstan" in "Kazakhstan’s largest
city", "the territory of Kazakhstan"), are part of that place's name: no actor mention.

"Ignoring case" means what Python's regular expressions mean by it, everywhere: the
regex decides what matches, each alias is its own group (so the owner of a match
is the alternative that matched, never a look-up by the matched words), and two aliases
are "the same words" for the clash check when the regex would match one with the
other (`fold`). str.casefold disagrees with the regex on some letters ("Presıdent"
with a dotless ı matches "President"; casefold("İ") is two characters), which once
made a build crash on ordinary text.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from re._casefix import _EXTRA_CASES  # the letters re's IGNORECASE treats as one (ı = i, ſ = s, ς = σ, …)


@dataclass(frozen=True)
class Mention:
    char_start: int
    char_end: int
    text: str
    actor_id: str | None = None
    place_id: str | None = None


def is_acronym(alias: str) -> bool:
    return alias.isupper() and len(alias.replace(".", "").replace("/", "")) <= 6


_CANONICAL = {code: min((code, *others)) for code, others in _EXTRA_CASES.items()}


def fold(alias: str) -> str:
    """The key under which the resolver's case-insensitive matching treats two aliases as equal:
    each character's simple lower case (as re uses it: "İ" → "i", one character, where
    str.lower gives two), then re's equivalent letters made one. Same length as `alias`."""
    out = []
    for char in alias:
        lower = char.lower()[0]  # only "İ" lower-cases to two characters; its simple lower case is "i"
        out.append(chr(_CANONICAL.get(ord(lower), ord(lower))))
    return "".join(out)


class Matcher:
    """One compiled regex over all aliases of one kind (alias → owner id): built once, used on every text."""

    def __init__(self, aliases: dict[str, str]):
        ordered = sorted((a for a in aliases if a.strip()), key=lambda a: (-len(a), fold(a), a))
        self.owners = [aliases[a] for a in ordered]
        # Each alias is one capturing group, so a match's lastindex names the alias (and owner) that matched.
        body = "|".join(f"({re.escape(a)})" if is_acronym(a) else f"((?i:{re.escape(a)}))" for a in ordered)
        # Boundaries that work beside punctuation: no word character just before or after.
        self.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if ordered else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, owner id) for every non-overlapping alias occurrence in `text`."""
        if self.pattern is None:
            return []
        found = []
        for m in self.pattern.finditer(text):
            assert m.lastindex is not None  # one of the groups matched
            found.append((m.start(), m.end(), self.owners[m.lastindex - 1]))
        return found


@lru_cache(maxsize=16)
def _matcher(items: tuple[tuple[str, str], ...]) -> Matcher:
    return Matcher(dict(items))


def matcher(aliases: dict[str, str] | Matcher) -> Matcher:
    """The compiled Matcher for an alias map; the same map is compiled once, however many texts are searched."""
    return aliases if isinstance(aliases, Matcher) else _matcher(tuple(aliases.items()))


def find_aliases(text: str, aliases: dict[str, str] | Matcher) -> list[tuple[int, int, str]]:
    """(start, end, owner id) for every non-overlapping alias occurrence; `aliases` maps alias → owner id."""
    return matcher(aliases).find(text)


def find_mentions(text: str, actor_aliases: dict[str, str] | Matcher,
                  place_aliases: dict[str, str] | Matcher) -> list[Mention]:
    places = matcher(place_aliases)
    found_places = places.find(text)
    by_span: dict[tuple[int, int], dict] = {(s, e): {"place_id": owner} for s, e, owner in found_places}
    place_starts = [s for s, _, _ in found_places]  # in order, and the place matches do not overlap
    for start, end, owner in find_aliases(text, actor_aliases):
        if (start, end) not in by_span and _inside_a_place(text, start, end, found_places, place_starts, places):
            continue  # "Kazakhstan" in "Kazakhstan’s largest city": the place's name, not the state acting
        by_span.setdefault((start, end), {})["actor_id"] = owner
    return [Mention(s, e, text[s:e], **owners) for (s, e), owners in sorted(by_span.items())]


def _inside_a_place(text: str, start: int, end: int, found: list[tuple[int, int, str]], starts: list[int],
                    places: Matcher) -> bool:
    """text[start:end] lies inside a longer place match, and is itself a whole place alias."""
    i = bisect.bisect_right(starts, start) - 1
    if i < 0 or found[i][1] < end:
        return False
    words = text[start:end]
    return [(s, e) for s, e, _ in places.find(words)] == [(0, len(words))]


def alias_owners(pairs: Iterable[tuple[object, object]]) -> tuple[dict[str, str], list[tuple[int, str, str]]]:
    """alias → owner id, from (owner id, aliases) pairs; and (pair position, alias, first owner) for
    every alias that a second owner claims too (ignoring case, as the matcher does): an alias may
    name one owner only. Pairs whose owner is not a text id, and aliases that are not non-blank
    texts, are skipped: the entry's own check reports them."""
    owners: dict[str, str] = {}
    claimed: dict[str, str] = {}
    clashes: list[tuple[int, str, str]] = []
    for i, (owner, names) in enumerate(pairs):
        if not isinstance(owner, str) or not isinstance(names, list):
            continue
        for alias in names:
            if not isinstance(alias, str) or not alias.strip():
                continue
            key = fold(alias)
            if key in claimed and claimed[key] != owner:
                clashes.append((i, alias, claimed[key]))
            claimed.setdefault(key, owner)
            owners.setdefault(alias, owner)
    return owners, clashes
