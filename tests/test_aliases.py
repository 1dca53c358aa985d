"""The alias resolver: every occurrence of a known alias, longest first, on word boundaries."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from unrest.aliases import alias_owners, find_mentions, fold, matcher

ACTORS = {
    "Radio Liberty": "rferl",
    "Radio Liberty’s Kazakh Service": "rferl-kazakh",
    "Tokayev": "tokayev",
    "Armenia": "armenia-state",
}
PLACES = {"Armenia": "armenia", "Almaty": "almaty"}


def spans(text):
    return [(m.text, m.actor_id, m.place_id) for m in find_mentions(text, ACTORS, PLACES)]


def test_the_longest_alias_wins():
    assert spans("Radio Liberty’s Kazakh Service reported") == [("Radio Liberty’s Kazakh Service", "rferl-kazakh", None)]


def test_matching_ignores_case_but_respects_word_boundaries():
    assert spans("TOKAYEV spoke; Tokayevs did not; Almaty's mayor") == [
        ("TOKAYEV", "tokayev", None), ("Almaty", None, "almaty")]


def test_an_actor_and_a_place_with_the_same_words_make_one_mention():
    assert spans("Armenia sent troops") == [("Armenia", "armenia-state", "armenia")]


def test_words_that_name_a_state_inside_a_longer_place_name_are_the_place_not_the_state():
    # "Kazakhstan’s largest city", "the territory of Kazakhstan": geography, not the state acting;
    # an actor alias that is no place alias ("Tokayev’s residence") still makes its mention
    actors = {"Kazakhstan": "kazakhstan-state", "Tokayev": "tokayev"}
    places = {"Kazakhstan": "kazakhstan", "Kazakhstan’s largest city": "almaty", "the territory of Kazakhstan":
              "kazakhstan", "Tokayev’s residence": "residence"}
    found = [(m.text, m.actor_id, m.place_id) for m in find_mentions(
        "Kazakhstan’s largest city, the territory of Kazakhstan, Tokayev’s residence; Kazakhstan sent", actors, places)]
    assert found == [("Kazakhstan’s largest city", None, "almaty"), ("the territory of Kazakhstan", None, "kazakhstan"),
                     ("Tokayev", "tokayev", None), ("Tokayev’s residence", None, "residence"),
                     ("Kazakhstan", "kazakhstan-state", "kazakhstan")]


def test_offsets_index_the_text():
    text = "In Almaty, Tokayev said"
    for m in find_mentions(text, ACTORS, PLACES):
        assert text[m.char_start:m.char_end] == m.text


def test_acronyms_in_capitals_match_only_in_capitals():
    actors = {"US": "united-states", "the US State Department": "state-department"}
    assert [(m.text, m.actor_id) for m in find_mentions("Let us see: the US said; the US State Department", actors, {})] == [
        ("US", "united-states"), ("the US State Department", "state-department")]


# --- case folding that changes length: the regex decides, and the clash check agrees with it --

def test_dotless_and_dotted_i_match_like_i_and_never_crash():
    actors = {"President": "president", "Istanbul Police": "police"}
    text = "Presıdent spoke; the PRESİDENT left; İSTANBUL POLICE said"
    assert [(m.text, m.actor_id) for m in find_mentions(text, actors, {})] == [
        ("Presıdent", "president"), ("PRESİDENT", "president"), ("İSTANBUL POLICE", "police")]


def test_the_owner_is_the_alias_that_matched_even_where_casefold_changes_the_length():
    actors = {"Straße": "street", "ﬁnance ministry": "finance"}  # casefold: "strasse", "finance ministry"
    assert [(m.text, m.actor_id) for m in find_mentions("STRAẞE and the ﬁnance ministry", actors, {})] == [
        ("STRAẞE", "street"), ("ﬁnance ministry", "finance")]


def test_an_alias_two_owners_claim_is_a_clash_as_the_matcher_sees_it():
    _, clashes = alias_owners([("istanbul", ["İstanbul"]), ("other", ["istanbul", "Straße"]), ("third", ["Strasse"])])
    assert clashes == [(1, "istanbul", "istanbul")]  # "Straße" and "Strasse" never match each other: no clash


def test_fold_is_exactly_the_regex_case_insensitivity():
    """For every cased character and its case variants: the regex matches one with the other
    exactly when `fold` gives both the same key, and fold never changes a string's length."""
    import sys

    cased = [chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and (chr(c).lower() != chr(c) or chr(c).upper() != chr(c))]
    for char in cased:
        pattern = re.compile(f"(?i:{re.escape(char)})")
        variants = {v for v in (char.lower(), char.upper(), char.title(), fold(char)) if len(v) == 1}
        for other in variants:
            assert bool(pattern.fullmatch(other)) == (fold(char) == fold(other)), (char, other)
        assert len(fold(char)) == 1


def test_an_alias_map_is_compiled_once_however_many_texts_it_searches():
    assert matcher(dict(ACTORS)) is matcher(dict(ACTORS))
    assert matcher(dict(ACTORS)) is not matcher(PLACES)


# --- find is the whole pattern, only faster ---------------------------------------------

TRICKY = {  # acronyms, one-letter and two-letter aliases, letters whose case folding is odd, a leading quote
    "US": "us", "the US State Department": "state-department", "UN": "un", "K": "k", "ab": "ab", "abc d": "abcd",
    "President": "president", "Presıdent Tokayev": "tokayev", "Straße": "street", "İstanbul Police": "police",
    "ﬁnance ministry": "finance", "‘Daesh’": "daesh", "σ-group": "sigma", "Kelvin": "kelvin", "x.y": "xy",
}
LETTERS = "".join(sorted(set("".join(TRICKY)) | set("".join(TRICKY).upper()) | set("".join(TRICKY).lower())
                         | set("ıİſςΣKﬁ , .’'-\n")))


def whole_pattern(text: str, aliases: dict) -> list[tuple[int, int, str]]:
    m = matcher(aliases)
    return [(x.start(), x.end(), m.owners[x.lastindex - 1]) for x in m.pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*TRICKY, *(a.upper() for a in TRICKY), *(a.lower() for a in TRICKY)])
                | st.text(LETTERS, max_size=4), max_size=12))
def test_find_gives_exactly_the_whole_patterns_matches(pieces):
    text = "".join(pieces)
    assert matcher(TRICKY).find(text) == whole_pattern(text, TRICKY)


def test_find_gives_exactly_the_whole_patterns_matches_with_the_real_aliases_on_the_real_articles(schema):
    from conftest import ROOT

    from unrest.loading import load_sources
    from unrest.normalize import alias_map

    corpus, _ = load_sources(ROOT / "sources", schema)
    for table in ("actors", "places"):
        aliases = alias_map(None, corpus, schema.tables[table])
        for article in corpus.articles:
            found = matcher(aliases).find(article.text)
            assert found == whole_pattern(article.text, aliases) and len(found) > 10
