"""The completeness audit: no number in an article may go unrecorded.

Every number expression the normalizer finds must lie inside a figure's quoted
text, a quoted date, or a deliberate exclusion. Dates, years, times, ordinals and
names with digits are recognised as such by the normalizer and need nothing.
A figure must quote the whole expression: quoting "18" where the text says
"Some 18" would lose the qualifier, so the audit rejects it.
"""
from __future__ import annotations

from .numbers import find_numbers

AUDITED_KINDS = ("count", "vague")


def audit_numbers(text: str, covered: list[tuple[int, int]]) -> list[str]:
    problems = []
    for expr in find_numbers(text):
        if expr.kind not in AUDITED_KINDS:
            continue
        if any(s <= expr.char_start and expr.char_end <= e for s, e in covered):
            continue
        line = text.count("\n", 0, expr.char_start) + 1
        problems.append(
            f"number {expr.text!r} (line {line}, chars {expr.char_start}-{expr.char_end}) is in no figure, date or "
            "exclusion; add a figure quoting the whole phrase, or an exclusion with a reason"
        )
    return problems
