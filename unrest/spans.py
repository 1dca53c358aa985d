"""Where a curator's quotation stands in an article: the one place offsets are computed."""
from __future__ import annotations

import re
from collections.abc import Iterable

from .text import sentence_bounds

__all__ = ["SpanError", "locate", "occurrence_index", "occurrence_starts", "sentence_bounds"]


class SpanError(ValueError):
    """A quotation that cannot be placed; the message tells the curator what to do."""


def locate(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """(char_start, char_end) of `quote` in `text`; `occurrence` picks one of several (1 = first)."""
    if not quote:
        raise SpanError("the quotation is empty")
    starts = occurrence_starts(text, quote)
    if not starts:
        hint = ""
        if quote.casefold() in text.casefold():
            hint = " (it is there with different capitalisation)"
        elif _fold_quotes(quote) in _fold_quotes(text):
            hint = " (it is there with different quotation marks or apostrophes: copy them from article.txt)"
        elif _fold_spaces(quote) in _fold_spaces(text):
            hint = (" (it is there with different spaces: the article has non-breaking or double spaces here; "
                    "write a non-breaking space as \\u00a0 in a double-quoted YAML string)")
        raise SpanError(f"quotation not found in the article{hint}: {quote!r}")
    if occurrence is None:
        if len(starts) > 1:
            raise SpanError(f"quotation occurs {len(starts)} times in the article; "
                            f"add occurrence: 1..{len(starts)}: {quote!r}")
        occurrence = 1
    if occurrence > len(starts):
        raise SpanError(f"occurrence {occurrence} asked for, but the quotation occurs {len(starts)} time(s): {quote!r}")
    start = starts[occurrence - 1]
    return start, start + len(quote)


def occurrence_starts(text: str, quote: str) -> list[int]:
    """Where each occurrence of `quote` starts (occurrences do not overlap); `occurrence: n` picks the n-th."""
    starts = []
    position = text.find(quote)
    while position >= 0 and quote:
        starts.append(position)
        position = text.find(quote, position + len(quote))
    return starts


def _fold_spaces(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " "))


def _fold_quotes(s: str) -> str:
    return s.translate(str.maketrans("‘’“”", "''\"\""))


_KEY = 16  # characters of a quotation the one-pass search looks for; longer quotations are then compared whole


def occurrence_index(text: str, quotes: Iterable[str]) -> dict[str, list[int]]:
    """occurrence_starts(text, q) for every q in quotes, in one pass over the text.

    Linear in the text (plus the quotes and their occurrences), where asking occurrence_starts
    once per quotation is linear per quotation. An Aho-Corasick automaton finds every place where
    a quotation's first _KEY characters occur; each is then compared with the quotations of that
    beginning, one slice per distinct length; overlapping occurrences are then dropped from the
    left, exactly as occurrence_starts does.
    """
    by_key: dict[str, dict[int, set[str]]] = {}
    for q in set(quotes):
        if q:
            by_key.setdefault(q[:_KEY], {}).setdefault(len(q), set()).add(q)
    found: dict[str, list[int]] = {q: [] for lengths in by_key.values() for qs in lengths.values() for q in qs}
    if not found:
        return found
    # the automaton: goto[(state, char)] -> state; out[state] -> the keys that end there
    goto: dict[tuple[int, str], int] = {}
    out: list[list[str]] = [[]]
    for key in by_key:
        state = 0
        for ch in key:
            nxt = goto.get((state, ch))
            if nxt is None:
                nxt = len(out)
                goto[(state, ch)] = nxt
                out.append([])
            state = nxt
        out[state].append(key)
    children: dict[int, list[tuple[str, int]]] = {}
    for (state, ch), nxt in goto.items():
        children.setdefault(state, []).append((ch, nxt))
    fail = [0] * len(out)
    queue = [nxt for _, nxt in children.get(0, [])]
    for state in queue:  # breadth first: a state's failure link is known before its children's
        for ch, nxt in children.get(state, []):
            f = fail[state]
            while f and (f, ch) not in goto:
                f = fail[f]
            fail[nxt] = goto.get((f, ch), 0) if goto.get((f, ch), 0) != nxt else 0
            out[nxt] = out[nxt] + out[fail[nxt]]
            queue.append(nxt)
    state = 0
    for i, ch in enumerate(text):
        while state and (state, ch) not in goto:
            state = fail[state]
        state = goto.get((state, ch), 0)
        for key in out[state]:
            start = i - len(key) + 1
            for length, qs in by_key[key].items():
                candidate = key if length == len(key) else text[start:start + length]
                if candidate in qs:
                    found[candidate].append(start)
    for q, starts in found.items():
        kept, end = [], -1
        for start in sorted(starts):
            if start >= end:
                kept.append(start)
                end = start + len(q)
        found[q] = kept
    return found
