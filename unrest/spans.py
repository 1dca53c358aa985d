"""Where a curator's quotation stands in an article: the one place offsets are computed."""
from __future__ import annotations

import re

from .text import sentence_bounds

__all__ = ["SpanError", "locate", "occurrence_starts", "sentence_bounds"]


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
