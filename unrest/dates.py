"""The date resolver: turns the words of an article ("on Wednesday", "January 6",
"late Wednesday", "Thursday morning") into an ISO date and a precision.

Relative dates resolve against the source's `dates_anchor`: a weekday is the
latest such day on or before the anchor (so "Wednesday" in an article anchored
on Friday 7 January 2022 is 5 January). A month-day without a year takes the
anchor's year.
"""
from __future__ import annotations

import datetime as dt
import re

from .text import MONTHS, WEEKDAYS

_MONTH = "(" + "|".join(MONTHS) + ")"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:,?\s+(\d{{4}}))?\b", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}(?:\s+(\d{{4}}))?\b", re.I)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_LAST_WEEK = re.compile(r"\blast week\b", re.I)


def parse_iso(value: str) -> tuple[dt.date, str] | None:
    """An ISO date as written in YAML (YYYY-MM-DD, YYYY-MM or YYYY) → (first day, precision); None if invalid."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value), "day"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return dt.date(int(value[:4]), int(value[5:]), 1), "month"
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), "year"
    except ValueError:
        return None
    return None


def resolve(words: str, anchor: dt.date) -> tuple[str, str, str] | None:
    """(iso_date, precision, basis) for the date words, or None when they name no date."""
    m = _MONTH_DAY.search(words) or _DAY_MONTH.search(words)
    if m:
        groups = m.groups()
        if groups[0].isdigit():
            day, month, year = groups
        else:
            month, day, year = groups
        date = dt.date(int(year) if year else anchor.year, MONTHS.index(month.lower()) + 1, int(day))
        basis = f"stated as {m.group(0)!r}" + ("" if year else f", year from dates_anchor {anchor.isoformat()}")
        return date.isoformat(), "day", basis
    m = _WEEKDAY.search(words)
    if m:
        back = (anchor.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
        date = anchor - dt.timedelta(days=back)
        basis = f"{m.group(1)!r} resolved to the latest {m.group(1)} on or before dates_anchor {anchor.isoformat()}"
        return date.isoformat(), "day", basis
    if _LAST_WEEK.search(words):
        monday = anchor - dt.timedelta(days=anchor.weekday() + 7)
        basis = f"'last week' resolved to the week before dates_anchor {anchor.isoformat()} (date given is its Monday)"
        return monday.isoformat(), "week", basis
    return None
