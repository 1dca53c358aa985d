"""Placing a curator's quotation in an article, and the sentence around it."""
import pytest

from unrest.spans import SpanError, locate, sentence_bounds

TEXT = "Officials said 18 died. Police said 18 more were hurt.\n\n“We will watch,” a spokesman said."


def test_a_unique_quotation_gives_its_offsets():
    assert locate(TEXT, "Officials said") == (0, 14)


def test_a_repeated_quotation_needs_an_occurrence():
    with pytest.raises(SpanError, match="occurs 2 times in the article; add occurrence: 1..2"):
        locate(TEXT, "18")
    assert locate(TEXT, "18", occurrence=2) == (36, 38)


def test_an_occurrence_past_the_last_is_rejected():
    with pytest.raises(SpanError, match="occurrence 3 asked for, but the quotation occurs 2 time"):
        locate(TEXT, "18", occurrence=3)


def test_a_missing_quotation_says_when_only_the_quotation_marks_differ():
    with pytest.raises(SpanError, match="different quotation marks"):
        locate(TEXT, '"We will watch,"')


def test_the_sentence_around_a_span_stops_at_sentence_ends_and_line_breaks():
    start, end = locate(TEXT, "18", occurrence=2)
    assert TEXT[slice(*sentence_bounds(TEXT, start, end))] == "Police said 18 more were hurt."
    start, end = locate(TEXT, "spokesman")
    assert TEXT[slice(*sentence_bounds(TEXT, start, end))] == "“We will watch,” a spokesman said."


def test_a_missing_quotation_says_when_only_the_spaces_differ():
    with pytest.raises(SpanError, match="non-breaking"):
        locate("that\u00a0 members of Daesh", "that members of Daesh")
