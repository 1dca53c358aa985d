"""Where a curator's quotation stands in an article: the one place offsets are computed."""
from __future__ import annotations

import re


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
    """Where each occurrence of `quote` starts; `occurrence: n` in the YAML picks the n-th."""
    return [m.start() for m in re.finditer(re.escape(quote), text)]


def _fold_spaces(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " "))


def _fold_quotes(s: str) -> str:
    return s.translate(str.maketrans("‘’“”", "''\"\""))


# A sentence ends at . ! or ? (optionally followed by closing quotes) before white space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?][”\"’']*(?=\s)|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) containing text[start:end], without surrounding white space."""
    s = 0
    for before in _SENTENCE_END.finditer(text, 0, start):
        s = before.end()
    m = _SENTENCE_END.search(text, max(end - 1, start))
    e = m.end() if m else len(text)
    if m and m.group() == "\n":
        e = m.start()
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
