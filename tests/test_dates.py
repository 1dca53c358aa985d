"""The date resolver: article words to ISO dates, against the source's dates_anchor."""
import datetime as dt

import pytest

from unrest.dates import parse_iso, resolve

FRIDAY_7_JAN = dt.date(2022, 1, 7)


@pytest.mark.parametrize("words, expected", [
    ("on Wednesday", "2022-01-05"),
    ("late Wednesday", "2022-01-05"),
    ("by Thursday morning", "2022-01-06"),
    ("from Sunday", "2022-01-02"),
    ("on Friday", "2022-01-07"),          # the anchor's own weekday is the anchor
    ("early on January 6", "2022-01-06"),
    ("on January 7", "2022-01-07"),
    ("6 January 2022", "2022-01-06"),
])
def test_weekdays_resolve_to_the_latest_such_day_on_or_before_the_anchor(words, expected):
    date, precision, basis = resolve(words, FRIDAY_7_JAN)
    assert (date, precision) == (expected, "day")
    assert basis


def test_the_basis_says_how_a_weekday_was_resolved():
    assert resolve("on Wednesday", FRIDAY_7_JAN)[2] == (
        "'Wednesday' resolved to the latest Wednesday on or before dates_anchor 2022-01-07")


def test_last_week_is_a_week_given_by_its_monday():
    assert resolve("last week", dt.date(2022, 1, 12))[:2] == ("2022-01-03", "week")


def test_words_without_a_date_resolve_to_nothing():
    assert resolve("overnight", FRIDAY_7_JAN) is None
    assert resolve("in recent days", FRIDAY_7_JAN) is None


@pytest.mark.parametrize("value, expected", [
    ("2022-01-06", (dt.date(2022, 1, 6), "day")),
    ("2022-01", (dt.date(2022, 1, 1), "month")),
    ("2022", (dt.date(2022, 1, 1), "year")),
    ("2022-02-30", None),
    ("6 January 2022", None),
    ("2022-1-6", None),
])
def test_iso_dates_are_read_with_their_precision(value, expected):
    assert parse_iso(value) == expected
