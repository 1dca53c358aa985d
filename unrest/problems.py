"""A problem found in the curator's files, worded so the curator can fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    entry: str | None   # e.g. "figures[2] 'security-force-deaths'"
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.entry}: {self.message}" if self.entry else f"{where}: {self.message}"


@dataclass(frozen=True)
class Origin:
    """Where a row came from: the curator's file, the entry's line and its label. Every row
    carries one (normalize.Row.origin) until it is written, so any later check can name the YAML."""

    file: str
    line: int | None
    entry: str | None

    def problem(self, message: str) -> Problem:
        return Problem(self.file, self.line, self.entry, message)


def problem_at(origin, message: str) -> Problem:
    """A Problem at a row's origin (an Origin, or a (file, line, entry) tuple)."""
    if isinstance(origin, Origin):
        return origin.problem(message)
    return Problem(*origin, message)


def entry_label(section: str, index: int, entry) -> str:
    """How a problem names an entry: its section, position and id when it has one."""
    ident = entry.get("id") if isinstance(entry, dict) else None
    return f"{section}[{index}] '{ident}'" if ident else f"{section}[{index}]"
