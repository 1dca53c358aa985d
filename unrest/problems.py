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


def entry_label(section: str, index: int, entry) -> str:
    """How a problem names an entry: its section, position and id when it has one."""
    ident = entry.get("id") if isinstance(entry, dict) else None
    return f"{section}[{index}] '{ident}'" if ident else f"{section}[{index}]"


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
