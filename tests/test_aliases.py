"""The alias resolver: every occurrence of a known alias, longest first, on word boundaries."""
from unrest.aliases import find_mentions

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


def test_offsets_index_the_text():
    text = "In Almaty, Tokayev said"
    for m in find_mentions(text, ACTORS, PLACES):
        assert text[m.char_start:m.char_end] == m.text


def test_acronyms_in_capitals_match_only_in_capitals():
    actors = {"US": "united-states", "the US State Department": "state-department"}
    assert [(m.text, m.actor_id) for m in find_mentions("Let us see: the US said; the US State Department", actors, {})] == [
        ("US", "united-states"), ("the US State Department", "state-department")]
