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


_PREFIX = 3  # characters of the text that choose which aliases are worth trying at a place


class Matcher:
    """One compiled regex over all aliases of one kind (alias → owner id): built once, used on every text.

    `pattern` is what a match is. `find` reaches the same matches faster than running it: trying
    each of a hundred aliases at every word start was most of a build's time. At each place where
    an alias could start, it tries only the aliases whose first characters match the text's there
    (ignoring case, as the regex does), in the pattern's order, with a pattern of just those
    (compiled once per such set). The regex matches an alias one text character per alias
    character, so an alias whose first characters do not match there cannot match there, and the
    first of the rest that matches is the one `pattern` would have picked.
    """

    def __init__(self, aliases: dict[str, str]):
        ordered = sorted((a for a in aliases if a.strip()), key=lambda a: (-len(a), fold(a), a))
        self.owners = [aliases[a] for a in ordered]
        # Each alias is one capturing group, so a match's lastindex names the alias (and owner) that matched.
        self._alternatives = [f"({re.escape(a)})" if is_acronym(a) else f"((?i:{re.escape(a)}))" for a in ordered]
        # Boundaries that work beside punctuation: no word character just before or after.
        self.pattern = self._compile(self._alternatives) if ordered else None
        # Where an alias may start: no word character before, and the first characters of one (ignoring
        # case), looked ahead at so that no place is skipped; exactly the places _candidates finds some.
        firsts = "|".join(sorted({re.escape(a[:_PREFIX]) for a in ordered}, key=lambda p: (-len(p), p)))
        self._starts = re.compile(rf"(?<!\w)(?=(?i:{firsts}))") if ordered else None
        self._prefixes = [re.compile(f"(?i:{re.escape(a[:_PREFIX])})") for a in ordered]
        self._prefix_lengths = [min(_PREFIX, len(a)) for a in ordered]
        self._by_prefix: dict[str, tuple[re.Pattern, list[str]] | None] = {}  # text's first characters → try
        self._by_choice: dict[tuple[int, ...], tuple[re.Pattern, list[str]]] = {}

    @staticmethod
    def _compile(alternatives: list[str]) -> re.Pattern:
        return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")

    def _candidates(self, prefix: str) -> tuple[re.Pattern, list[str]] | None:
        """The pattern of the aliases that can match where the text goes on with `prefix`, and their owners."""
        if prefix in self._by_prefix:
            return self._by_prefix[prefix]
        chosen = tuple(i for i, (first, k) in enumerate(zip(self._prefixes, self._prefix_lengths, strict=True))
                       if len(prefix) >= k and first.fullmatch(prefix, 0, k))
        if not chosen:
            found = None
        elif chosen in self._by_choice:
            found = self._by_choice[chosen]
        else:
            found = self._by_choice[chosen] = (self._compile([self._alternatives[i] for i in chosen]),
                                               [self.owners[i] for i in chosen])
        self._by_prefix[prefix] = found
        return found

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, owner id) for every non-overlapping alias occurrence in `text`, as
        `pattern.finditer` finds them."""
        if self.pattern is None or self._starts is None:
            return []
        found = []
        end = 0
        for start in self._starts.finditer(text):
            at = start.start()
            if at < end:
                continue
            candidates = self._candidates(text[at:at + _PREFIX])
            if candidates is None:
                continue
            pattern, owners = candidates
            m = pattern.match(text, at)
            if m is not None:
                assert m.lastindex is not None  # one of the groups matched
                end = m.end()
                found.append((at, end, owners[m.lastindex - 1]))
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
