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

    def __reduce__(self):  # pickled as its three values: rows cross from the build's worker processes
        return Origin, (self.file, self.line, self.entry)


def problem_at(origin, message: str) -> Problem:
    """A Problem at a row's origin (an Origin, or a (file, line, entry) tuple)."""
    if isinstance(origin, Origin):
        return origin.problem(message)
    file, line, entry = origin
    return Problem(file, line, entry, message)


def entry_label(section: str, index: int, entry) -> str:
    """How a problem names an entry: its section, position and id when it has one."""
    ident = entry.get("id") if isinstance(entry, dict) else None
    return f"{section}[{index}] '{ident}'" if isinstance(ident, str) and ident else f"{section}[{index}]"


@dataclass(frozen=True, order=True)
class InternalError(Problem):
    """An exception the build did not expect: a bug to report, shown with the nearest place it was reading."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        entry = f" ({self.entry})" if self.entry else ""
        return f"internal error while reading {where}{entry} (please report): {self.message}"


class LocatedError(Exception):
    """An unexpected exception already turned into its problem line (internal_error) in a build's
    worker process: its traceback, which says what was being read, does not cross back."""

    def __init__(self, problem: InternalError):
        super().__init__(problem)  # the one argument, so that it pickles
        self.problem = problem


def internal_error(err: BaseException, fallback: str = "sources/") -> InternalError:
    """The exception as one problem line, at the innermost place the build was reading when it was
    raised: an Origin (or a row that has one) or an article found among the local variables of the
    traceback's frames, innermost first; else `fallback`."""
    if isinstance(err, LocatedError):
        return err.problem
    message = f"{type(err).__name__}: {err}"[:500]
    frames = []
    tb = err.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        found = [_location(value) for value in frame.f_locals.values()]
        if isinstance(frame.f_locals.get("rel"), str):  # unrest/loading.py's name for the file it reads
            found.append((3, frame.f_locals["rel"], None, None))
        if any(found):
            _, file, line, entry = min((f for f in found if f), key=lambda f: f[0])  # the most precise
            return InternalError(file, line, entry, message)
    return InternalError(fallback, None, None, message)


def _location(value) -> tuple[int, str, int | None, str | None] | None:
    """(precision rank, file, line, entry) of a value that knows where it came from, else None."""
    origin = value if isinstance(value, Origin | Problem) else getattr(value, "origin", None)
    if isinstance(origin, Origin | Problem):
        return (0 if origin.line else 1, origin.file, origin.line, origin.entry)
    article = getattr(value, "article", value)  # an ArticleContext, or an Article itself
    if isinstance(getattr(article, "annotations_file", None), str):
        return (2, article.annotations_file, None, None)
    return None
