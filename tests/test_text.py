"""The text layer, as a specification: what a token and a sentence are, for every reader of the texts."""
from __future__ import annotations

import pytest
from conftest import article_text
from hypothesis import given
from hypothesis import strategies as st

from unrest.text import (
    REPORTING_VERBS,
    SAYING_VERBS,
    Tokens,
    fillers_only,
    is_reporting_verb,
    quotations,
    sentence_bounds,
    split_sentences,
    vocabularies,
)


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# --------------------------------------------------------------------------- sentences

def test_sentences_end_at_full_stops_exclamations_questions_and_line_breaks():
    text = "Police said 1.5 million people protested. Tokayev disagreed! Was it 18?\nYes."
    assert sentences(text) == ["Police said 1.5 million people protested.", "Tokayev disagreed!", "Was it 18?",
                               "Yes."]


@pytest.mark.parametrize("text", [
    "Police said on Jan. 6 that 18 died.",            # a month before a number
    "Mr. Tokayev said 18 died.",                       # a title
    "Gen. Ivanov and Dr. Omarova said so.",
    "The protester, J. Smith, was held.",              # an initial
    "He was held under No. 5 of the decree.",          # 'No.' before a number
    "The U.S. State Department said 18 died.",         # an abbreviation before a name
    "Shooting began at 10 p.m. Monday in Almaty.",     # 'p.m.' before a day
    "Casualties, e.g. the wounded, were moved.",       # a full stop before a small letter
    "Prices rose by approx. 300 tenge.",
])
def test_a_full_stop_inside_a_sentence_does_not_end_it(text):
    assert sentences(text) == [text]


def test_an_abbreviation_ends_a_sentence_when_a_sentence_opener_follows():
    assert sentences("Sanctions were imposed by the U.S. The ministry said 18 died.") == [
        "Sanctions were imposed by the U.S.", "The ministry said 18 died."]
    assert sentences("Police fired at 10 p.m. Authorities said 3 died.") == [
        "Police fired at 10 p.m.", "Authorities said 3 died."]


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    assert sentences("He said “18 died.” Police (in Almaty.) disagreed. “We will,” she said.") == [
        "He said “18 died.”", "Police (in Almaty.) disagreed.", "“We will,” she said."]


def test_a_headline_without_a_full_stop_is_its_own_sentence():
    assert sentences("Almaty 18 Dead As Troops Fly In\n\nAt least 18 people were killed.") == [
        "Almaty 18 Dead As Troops Fly In", "At least 18 people were killed."]


def test_a_stray_full_stop_after_the_end_is_not_part_of_the_sentence():
    assert sentences("Kyrgyzstan is expected to send 150 troops. .  \nMeanwhile") == [
        "Kyrgyzstan is expected to send 150 troops.", ".", "Meanwhile"]


def test_sentence_bounds_give_the_sentence_around_a_span():
    text = "Officials said 18 died. Police said 18 more were hurt.\n\n“We will watch,” a spokesman said."
    second = text.index("18 more")
    assert text[slice(*sentence_bounds(text, second, second + 2))] == "Police said 18 more were hurt."
    quote = text.index("spokesman")
    assert text[slice(*sentence_bounds(text, quote, quote + 9))] == "“We will watch,” a spokesman said."


def test_every_sentence_of_the_real_articles_is_verbatim_and_in_order():
    for slug in ("forces-fly-in", "rioters-liquidated", "internet-shut-off"):
        text = article_text(slug)
        spans = split_sentences(text)
        assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:], strict=False))
        covered = "".join(text[s:e] for s, e in spans)
        assert "".join(covered.split()) == "".join(text.split()), slug  # nothing but white space is left out


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n“”\"'()AZ19,")), max_size=80))
def test_sentences_cover_every_non_space_character_once_in_order(text):
    spans = split_sentences(text)
    assert "".join("".join(text[s:e] for s, e in spans).split()) == "".join(text.split())
    for s, e in spans:
        assert s < e and not text[s].isspace() and not text[e - 1].isspace()


# --------------------------------------------------------------------------- tokens

def test_tokens_are_digit_runs_letter_runs_and_single_marks_with_offsets():
    text = "Some 2,298 (18%) said “no.” Sixty-two"
    t = Tokens(text)
    assert t.words == ["Some", "2,298", "(", "18", "%", ")", "said", "“", "no", ".", "”", "Sixty", "-", "two"]
    assert all(text[a:b] == w for a, b, w in zip(t.starts, t.ends, t.words, strict=True))
    assert t.low[0] == "some" and t.glued(11, 12) and not t.glued(0, 1)


def test_tokens_keep_offsets_where_lowercasing_changes_length():
    text = "İstanbul 18"
    t = Tokens(text)
    assert t.words == ["İstanbul", "18"] and t.starts == [0, 9]


def test_tokens_of_a_slice_keep_offsets_into_the_whole_text():
    text = "First. Then 18 died."
    t = Tokens(text, 7, len(text))
    assert t.words[0] == "Then" and t.starts[0] == 7


# --------------------------------------------------------------------------- the schema's vocabularies

def test_vocabularies_are_read_from_schema_yaml(schema):
    assert vocabularies()["measure"] == frozenset(schema.vocabularies["measure"].values)
    assert "killed" in vocabularies()["measure"] and "police" not in vocabularies()["subject"]


# --- the words the build's checks rely on (unrest/checks.py) ------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("'over the past day' before 'early on January 6', i.e. 5 January", ["over the past day", "early on January 6"]),
    ('"liquidated" is the police\'s word', ["liquidated"]),        # an apostrophe in a word opens nothing
    ("says 'Tokayev has blamed “terrorist bands”'", ["Tokayev has blamed “terrorist bands”", "terrorist bands"]),
    ("no quotation at all; Tokayev's request", []),
])
def test_quotations_are_what_a_note_or_basis_puts_in_quotation_marks(text, expected):
    assert quotations(text) == expected


@pytest.mark.parametrize("verb,reporting", [
    ("said", True), ("according to", True), ("called  on", True), ("Vowed", True), ("adding", True),
    ("approved", False), ("put", False), ("resigned", False),
])
def test_reporting_verbs(verb, reporting):
    assert is_reporting_verb(verb) is reporting


@pytest.mark.parametrize("gap,attached", [
    (" ", True), (", ", True), (" has reportedly ", True), (" has blamed gangs for the violence and ", False),
    ("” ", False), (" said, ", False),
])
def test_what_may_stand_between_a_speaker_and_its_verb(gap, attached):
    assert fillers_only(gap) is attached


def test_the_verbs_the_extractor_reads_as_saying_a_number_are_reporting_verbs():
    assert SAYING_VERBS <= REPORTING_VERBS
