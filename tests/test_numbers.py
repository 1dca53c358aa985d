"""The number normalizer, as a specification: how each wording of a number is read."""
from __future__ import annotations

import pytest
from conftest import article_text
from hypothesis import given, settings
from hypothesis import strategies as st

from unrest.numbers import (
    QUALIFIERS,
    VAGUE_LOWER_BOUNDS,
    NumberExpression,
    find_numbers,
    parse_number_phrase,
    vague_lower_bound,
)
from unrest.text import vocabularies

# What a reading may say: the qualifiers schema.yaml defines, and the kinds the module's docstring documents.
SCHEMA_QUALIFIERS = vocabularies()["qualifier"]
DOCUMENTED_KINDS = {"count", "vague", "year", "date", "time", "ordinal", "name", "model"}


def reading(e: NumberExpression) -> tuple:
    return (e.text, e.value, e.low, e.high, e.qualifier, e.kind)


def read(phrase: str) -> tuple:
    e = parse_number_phrase(phrase)
    assert e is not None, f"no quantity read in {phrase!r}"
    return (e.value, e.low, e.high, e.qualifier)


# --------------------------------------------------------------------------- the contract

def test_the_normalizer_reads_exactly_the_qualifiers_schema_yaml_defines(schema):
    assert set(QUALIFIERS) == set(schema.vocabularies["qualifier"].values)


def test_a_number_expression_is_frozen():
    e = parse_number_phrase("18")
    with pytest.raises(AttributeError):
        e.value = 19  # type: ignore[misc]


# --------------------------------------------------------------------------- the real articles

FORCES_FLY_IN = [
    ("At least 2,500", None, 2500, None, "at_least", "count"),
    ("about 2,500", 2500, None, None, "about", "count"),
    ("several", None, None, None, "vague", "vague"),          # "for several days or weeks"
    ("Some 18", 18, None, None, "about", "count"),
    ("dozens", None, None, None, "vague", "vague"),
    ("2,298", 2298, 2298, 2298, "exact", "count"),
    ("many", None, None, None, "vague", "vague"),             # "which many people in Kazakhstan use"
    ("doubled", 2, 2, 2, "exact", "count"),                   # "the cost of ... gas ... doubled"
    ("six", 6, 6, 6, "exact", "count"),                       # "for six months"
    ("nearly 100%", 100, None, 100, "about", "count"),
]
RIOTERS_LIQUIDATED = [
    ("January 6", None, None, None, "exact", "date"),
    ("dozens", None, None, None, "vague", "vague"),
    ("18", 18, 18, 18, "exact", "count"),
    ("more than 2,000", None, 2000, None, "more_than", "count"),
    ("January 7", None, None, None, "exact", "date"),
    ("an unknown number", None, None, None, "unknown", "vague"),
    ("at least two", None, 2, None, "at_least", "count"),
    ("more than 1,000", None, 1000, None, "more_than", "count"),
    ("400", 400, 400, 400, "exact", "count"),
    ("Sixty-two", 62, 62, 62, "exact", "count"),
    ("one", 1, 1, 1, "exact", "count"),                       # "one other city"
    ("first", 1, 1, 1, "exact", "ordinal"),                   # "the first Russian paratroopers"
    ("January 6", None, None, None, "exact", "date"),
    ("some 70", 70, None, None, "about", "count"),
    ("about 200", 200, None, None, "about", "count"),
    ("150", 150, 150, 150, "exact", "count"),
    ("January 6", None, None, None, "exact", "date"),
]
INTERNET_SHUT_OFF = [
    ("eight", 8, 8, 8, "exact", "count"),
    ("over 300", None, 300, None, "more_than", "count"),
    ("six", 6, 6, 6, "exact", "count"),                       # "six former Soviet states"
    ("two-week", 2, 2, 2, "exact", "count"),
    ("1991", 1991, 1991, 1991, "exact", "year"),
    ("Many", None, None, None, "vague", "vague"),             # "Many of the protesters"
    ("first", 1, 1, 1, "exact", "ordinal"),                   # "the country's first president"
    ("2019", 2019, 2019, 2019, "exact", "year"),
]


@pytest.mark.parametrize("slug, expected", [
    ("forces-fly-in", FORCES_FLY_IN),
    ("rioters-liquidated", RIOTERS_LIQUIDATED),
    ("internet-shut-off", INTERNET_SHUT_OFF),
])
def test_every_number_in_the_real_articles_is_read_sensibly(slug, expected):
    text = article_text(slug)
    found = find_numbers(text)
    assert [reading(e) for e in found] == expected
    for e in found:
        assert text[e.char_start:e.char_end] == e.text


def test_units_in_the_real_articles():
    units = {e.text: e.unit for e in find_numbers(article_text("forces-fly-in"))}
    assert units["six"] == "months"
    assert units["nearly 100%"] == "percent"
    assert units["several"] == "days"
    units = {e.text: e.unit for e in find_numbers(article_text("internet-shut-off"))}
    assert units["two-week"] == "weeks"
    assert units["six"] is None


# --------------------------------------------------------------------------- qualifiers

@pytest.mark.parametrize("phrase, expected", [
    # exact
    ("18", (18, 18, 18, "exact")),
    ("2,298", (2298, 2298, 2298, "exact")),
    ("exactly 50", (50, 50, 50, "exact")),
    # about: a value and no bounds
    ("Some 18", (18, None, None, "about")),
    ("about 200 peacekeepers", (200, None, None, "about")),
    ("around 5,000", (5000, None, None, "about")),
    ("approximately 40", (40, None, None, "about")),
    ("roughly 1,000", (1000, None, None, "about")),
    ("an estimated 10,000", (10000, None, None, "about")),
    ("50 or so", (50, None, None, "about")),
    ("20-odd", (20, None, None, "about")),
    # nearly / almost: about, with the figure as a ceiling
    ("nearly 8,000", (8000, None, 8000, "about")),
    ("almost 3,000", (3000, None, 3000, "about")),
    ("close to 100", (100, None, 100, "about")),
    ("just under 10,000", (10000, None, 10000, "about")),
    # just over: about, with the figure as a floor
    ("just over 2,000", (2000, 2000, None, "about")),
    # at least: a floor and no value
    ("at least two", (None, 2, None, "at_least")),
    ("At least 2,500", (None, 2500, None, "at_least")),
    ("no fewer than 30", (None, 30, None, "at_least")),
    ("2,000 or more", (None, 2000, None, "at_least")),
    ("100-plus", (None, 100, None, "at_least")),
    ("300+", (None, 300, None, "at_least")),
    # more than: an exclusive floor and no value
    ("more than 2,000", (None, 2000, None, "more_than")),
    ("over 300", (None, 300, None, "more_than")),
    ("upwards of 1,000", (None, 1000, None, "more_than")),
    ("in excess of 500", (None, 500, None, "more_than")),
    # less than: an exclusive ceiling
    ("fewer than 10", (None, None, 10, "less_than")),
    ("less than 5%", (None, None, 5, "less_than")),
    ("under 18", (None, None, 18, "less_than")),
    # up to: an inclusive ceiling
    ("up to 60", (None, None, 60, "up_to")),
    ("as many as 50", (None, None, 50, "up_to")),
    ("no more than 20", (None, None, 20, "up_to")),
    ("10 or fewer", (None, None, 10, "up_to")),
    # ranges
    ("50-60", (None, 50, 60, "range")),
    ("50–60", (None, 50, 60, "range")),
    ("between 20 and 30", (None, 20, 30, "range")),
    ("12 to 14", (None, 12, 14, "range")),
    ("two or three", (None, 2, 3, "range")),
    ("1.5-2 million", (None, 1_500_000, 2_000_000, "range")),
    ("20-30%", (None, 20, 30, "range")),
    # vague and unknown
    ("dozens", (None, None, None, "vague")),
    ("hundreds", (None, None, None, "vague")),
    ("Thousands", (None, None, None, "vague")),
    ("tens of thousands", (None, None, None, "vague")),
    ("several hundred", (None, None, None, "vague")),
    ("a few", (None, None, None, "vague")),
    ("scores of people", (None, None, None, "vague")),
    ("an unknown number", (None, None, None, "unknown")),
    ("an undisclosed number of troops", (None, None, None, "unknown")),
])
def test_qualifier_wordings_are_read_by_the_documented_conventions(phrase, expected):
    assert read(phrase) == expected


def test_a_qualifier_word_is_part_of_the_quoted_text():
    assert parse_number_phrase("Some 18 members").text == "Some 18"
    assert parse_number_phrase("police said more than 2,000 people").text == "more than 2,000"
    assert parse_number_phrase("nearly 100% of the vote").text == "nearly 100%"


def test_a_qualifier_before_a_vague_word_is_quoted_but_the_reading_stays_vague():
    e = parse_number_phrase("at least dozens of people")
    assert (e.text, e.qualifier, e.low) == ("at least dozens", "vague", None)


def test_up_to_after_a_verb_of_movement_is_not_a_ceiling():
    e = parse_number_phrase("prices went up to 120 tenge")
    assert (e.text, e.qualifier, e.value) == ("120", "exact", 120)


# --------------------------------------------------------------------------- how numbers are written

@pytest.mark.parametrize("phrase, value", [
    ("1,000", 1000),
    ("1.6 thousand", 1600),
    ("2.5m", 2_500_000),
    ("1.8 million", 1_800_000),
    ("$1.5 billion", 1_500_000_000),
    ("3 bn", 3_000_000_000),
    ("0.5", 0.5),
    ("eight", 8),
    ("Sixty-two", 62),
    ("sixty two", 62),
    ("two hundred", 200),
    ("two hundred and fifty", 250),
    ("a thousand", 1000),
    ("a hundred", 100),
    ("a dozen", 12),
    ("two dozen", 24),
    ("half a dozen", 6),
    ("one hundred twenty-three thousand four hundred fifty-six", 123456),
    ("two million", 2_000_000),
    ("two-thirds", 2 / 3),
])
def test_digits_words_scales_and_decimals_are_read_to_the_same_value(phrase, value):
    e = parse_number_phrase(phrase)
    assert e.value == pytest.approx(value) and e.qualifier == "exact" and e.text == phrase


def test_values_are_int_when_integral_and_exact_decimals():
    assert isinstance(parse_number_phrase("1.6 thousand").value, int)
    assert parse_number_phrase("1.6 thousand").value == 1600  # not 1600.0000000000002
    assert isinstance(parse_number_phrase("2.5").value, float)


@pytest.mark.parametrize("phrase, value, unit, text", [
    ("100%", 100, "percent", "100%"),
    ("5 percent", 5, "percent", "5 percent"),
    ("10 per cent", 10, "percent", "10 per cent"),
    ("a two-week state of emergency", 2, "weeks", "two-week"),
    ("for six months", 6, "months", "six"),
    ("three days", 3, "days", "three"),
    ("120 tenge", 120, "tenge", "120"),
    ("50 rubles", 50, "rubles", "50"),
    ("$40", 40, "USD", "$40"),
    ("US$30 million", 30_000_000, "USD", "US$30 million"),
    ("a 10-year-old boy", 10, "years", "10-year-old"),
    ("the 2,030-strong force", 2030, None, "2,030-strong"),
])
def test_units_percentages_money_and_durations_are_counts_with_a_unit(phrase, value, unit, text):
    e = parse_number_phrase(phrase)
    assert (e.value, e.unit, e.text, e.kind) == (value, unit, text, "count")


# --------------------------------------------------------------------------- things that are not quantities

@pytest.mark.parametrize("sentence, text, kind", [
    ("independence in 1991", "1991", "year"),
    ("despite resigning in 2019", "2019", "year"),
    ("since the 1990s", "1990s", "year"),
    ("early on January 6 that", "January 6", "date"),
    ("on 6 January police", "6 January", "date"),
    ("on January 6, 2022,", "January 6, 2022", "date"),
    ("on Jan. 7 the", "Jan. 7", "date"),
    ("dated 06.01.2022 in", "06.01.2022", "date"),
    ("at 10:30 in", "10:30", "time"),
    ("at 10 a.m. on", "10 a.m.", "time"),
    ("at 0600 GMT", "0600 GMT", "time"),
    ("the country's first president", "first", "ordinal"),
    ("for a second day", "second", "ordinal"),
    ("the 22nd time", "22nd", "ordinal"),
    ("Khabar 24 reported", "Khabar 24", "name"),
    ("broadcast by Khabar 24.", "Khabar 24", "name"),
    ("Channel One said", "Channel One", "name"),
    ("Article 4 of the charter", "Article 4", "name"),
    ("the COVID-19 pandemic", "COVID-19", "name"),
    ("12-gauge shotguns", "12-gauge", "model"),
    ("AK-47 rifles", "AK-47", "model"),
    ("Il-76 transport planes", "Il-76", "model"),
])
def test_years_dates_times_ranks_names_and_models_are_found_but_not_counts(sentence, text, kind):
    found = find_numbers(sentence)
    assert [(e.text, e.kind) for e in found] == [(text, kind)]


def test_a_four_digit_number_is_a_count_when_qualified_or_counting_something():
    assert [(e.text, e.kind) for e in find_numbers("about 2000 people and 1500 troops in 2022")] == [
        ("about 2000", "count"), ("1500", "count"), ("2022", "year")]


def test_a_bare_four_digit_phrase_quoted_by_a_curator_is_a_count():
    assert read("2000") == (2000, 2000, 2000, "exact")
    assert parse_number_phrase("in 2019") is None


@pytest.mark.parametrize("sentence", [
    "one of the protesters was shot",
    "no one was hurt",
    "the one who spoke",
    "they helped one another",
])
def test_one_as_a_pronoun_is_not_a_number(sentence):
    assert find_numbers(sentence) == []


def test_one_before_a_noun_is_a_count():
    assert [reading(e) for e in find_numbers("the airports in Almaty and one other city")] == [
        ("one", 1, 1, 1, "exact", "count")]
    assert read("at least one") == (None, 1, None, "at_least")


def test_the_article_a_is_not_a_number():
    assert find_numbers("a presidential residence and a state of emergency") == []


def test_a_change_from_one_figure_to_another_is_two_numbers_not_a_range():
    found = find_numbers("prices rose from 60 to 120 tenge")
    assert [(e.text, e.qualifier) for e in found] == [("60", "exact"), ("120", "exact")]


def test_a_phrase_without_a_quantity_reads_as_none():
    assert parse_number_phrase("the Interior Ministry") is None
    assert parse_number_phrase("January 6") is None
    assert parse_number_phrase("") is None


def test_offsets_of_a_phrase_are_relative_to_the_phrase():
    e = parse_number_phrase("police said about 200 peacekeepers")
    assert (e.char_start, e.char_end) == (12, 21)


# --------------------------------------------------------------------------- vague lower bounds

@pytest.mark.parametrize("phrase, bound", [
    ("dozens", 24),
    ("hundreds", 200),
    ("thousands", 2000),
    ("several", 3),
    ("a few", 2),
    ("several hundred", 300),
    ("tens of thousands", 20_000),
    ("hundreds of thousands", 200_000),
    ("many", None),
    ("an unknown number", None),
])
def test_vague_words_imply_a_conventional_lower_bound_offered_separately(phrase, bound):
    assert vague_lower_bound(phrase) == bound


def test_the_vague_lower_bound_never_leaks_into_low():
    for word in ("dozens", "hundreds", "thousands", "several", "a few"):
        assert parse_number_phrase(word).low is None
    assert VAGUE_LOWER_BOUNDS["dozens"] == 24


# --------------------------------------------------------------------------- properties

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
       "sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def below_hundred(n: int, hyphen: bool) -> str:
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens] + (("-" if hyphen else " ") + ONES[ones] if ones else "")


def below_thousand(n: int, hyphen: bool, british_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return below_hundred(rest, hyphen)
    words = ONES[hundreds] + " hundred"
    if rest:
        words += (" and " if british_and else " ") + below_hundred(rest, hyphen)
    return words


def in_words(n: int, hyphen: bool = True, british_and: bool = False) -> str:
    """English words for 0..999,999, written independently of the module under test."""
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return below_thousand(rest, hyphen, british_and)
    words = below_thousand(thousands, hyphen, british_and) + " thousand"
    if rest:
        words += " " + below_thousand(rest, hyphen, british_and)
    return words


def test_the_test_oracle_writes_numbers_as_people_do():
    assert in_words(62) == "sixty-two"
    assert in_words(2298, british_and=True) == "two thousand two hundred and ninety-eight"
    assert in_words(100_000) == "one hundred thousand"


@given(st.integers(min_value=0, max_value=10**9))
def test_any_integer_with_thousands_separators_reads_back_exactly(n):
    phrase = f"{n:,}"
    e = parse_number_phrase(phrase)
    assert (e.text, e.value, e.low, e.high, e.qualifier, e.kind) == (phrase, n, n, n, "exact", "count")


@given(st.integers(min_value=0, max_value=999_999), st.booleans(), st.booleans(), st.booleans())
def test_any_integer_in_english_words_reads_back_exactly(n, hyphen, british_and, capitalised):
    phrase = in_words(n, hyphen, british_and)
    if capitalised:
        phrase = phrase[0].upper() + phrase[1:]
    e = parse_number_phrase(phrase)
    assert (e.text, e.value, e.low, e.high, e.qualifier, e.kind) == (phrase, n, n, n, "exact", "count")


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from([
    ("more than", "more_than"), ("at least", "at_least"), ("about", "about"), ("up to", "up_to"),
    ("fewer than", "less_than")]), st.booleans())
def test_a_number_in_a_sentence_keeps_its_value_and_qualifier(n, qualifier, as_words):
    words, expected_qualifier = qualifier
    number = in_words(n) if as_words else f"{n:,}"
    sentence = f"The ministry said {words} {number} people were detained on Thursday."
    found = [e for e in find_numbers(sentence) if e.kind == "count"]
    assert len(found) == 1
    e = found[0]
    assert e.text == f"{words} {number}" and e.qualifier == expected_qualifier
    assert n in (e.value, e.low, e.high)


NOISE_WORDS = ["about", "more", "than", "at", "least", "one", "a", "dozen", "dozens", "January", "6", "2,298",
               "1991", "-", "%", "to", "or", "between", "and", "first", "Khabar", "24", "Some", "18", "of",
               "people", "the", "$", "1.5", "million", "10:30", "a.m.", ",", ".", "two-week", "AK-47",
               "nearly", "unknown", "an", "number", "several", "hundred", "tens", "thousands", "sixty-two"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(NOISE_WORDS), max_size=25), st.lists(st.sampled_from(["", " ", "  "]),
                                                                    min_size=25, max_size=25))
def test_find_numbers_is_ordered_non_overlapping_and_quotes_its_input(words, gaps):
    text = "".join(w + (gaps[k] or " ") for k, w in enumerate(words))
    found = find_numbers(text)
    end = 0
    for e in found:
        assert e.char_start >= end and e.char_end > e.char_start
        assert text[e.char_start:e.char_end] == e.text
        assert e.qualifier in SCHEMA_QUALIFIERS and e.kind in DOCUMENTED_KINDS
        end = e.char_end


@given(st.text(max_size=60))
def test_find_numbers_never_fails_on_any_text(text):
    for e in find_numbers(text):
        assert text[e.char_start:e.char_end] == e.text


def test_doubled_is_a_factor_of_two_but_double_standards_is_no_number():
    (doubled,) = find_numbers("The price of gas doubled overnight.")
    assert (doubled.text, doubled.value, doubled.qualifier, doubled.unit) == ("doubled", 2, "exact", "times")
    assert find_numbers("They accused the West of double standards.") == []
    (halved,) = find_numbers("Output halved.")
    assert halved.value == 0.5


# --------------------------------------------------------------------------- forms of translated and local reports

@pytest.mark.parametrize("phrase, value", [
    ("one and a half hundred", 150),
    ("two and a half hundred", 250),
    ("one and a half thousand", 1500),
    ("three and a half million", 3_500_000),
])
def test_n_and_a_half_hundred_is_read_as_translated_reports_mean_it(phrase, value):
    e = parse_number_phrase(phrase)
    assert (e.text, e.value, e.qualifier) == (phrase, value, "exact")


def test_one_of_them_after_a_count_is_a_number_but_one_of_the_is_not():
    assert [reading(e) for e in find_numbers("Five died, one of them a child.")] == [
        ("Five", 5, 5, 5, "exact", "count"), ("one", 1, 1, 1, "exact", "count")]
    assert find_numbers("It was one of the protesters' demands.") == []


@pytest.mark.parametrize("sentence", ["Between 16 and 20 November police fired.", "On 16-20 November police fired.",
                                      "From 16 to 20 November police fired."])
def test_a_day_before_a_day_and_month_is_a_date_too(sentence):
    assert {e.kind for e in find_numbers(sentence)} == {"date"}


@pytest.mark.parametrize("phrase, unit", [("300 rupees", "rupees"), ("5,000 shillings", "shillings"),
                                          ("a 30-peso rise", "pesos"), ("20 million reais", "reais")])
def test_currencies_of_many_countries_are_units(phrase, unit):
    assert parse_number_phrase(phrase).unit == unit


def test_a_huge_run_of_digits_is_an_identifier_not_a_quantity():
    (e,) = find_numbers("Reference " + "7" * 5000 + " people")
    assert (e.kind, e.value) == ("name", None)
    (e,) = find_numbers(",".join(["123"] * 3000))
    assert e.kind == "name"


def test_a_capitalised_word_before_a_number_in_a_headline_is_no_name():
    assert [(e.text, e.kind) for e in find_numbers("Police Arrest 40, Fire Tear Gas At Students")] == [
        ("40", "count")]
    assert [(e.text, e.kind) for e in find_numbers("The report was broadcast by Khabar 24.")] == [
        ("Khabar 24", "name")]


def test_no_number_expression_reaches_across_a_sentence_end():
    text = "They counted some\n2,298 people. About\n5 more."
    assert [e.text for e in find_numbers(text)] == ["2,298", "5"]
