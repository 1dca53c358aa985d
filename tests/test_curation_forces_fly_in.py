"""Specification of the curated dataset for the article forces-fly-in
("At least 2,500 Russian-led forces fly into Kazakhstan …"), checked against the built database."""
from __future__ import annotations

import pytest
from conftest import source_lookups

SOURCE = "forces-fly-in"


figure, claim, roles = source_lookups(SOURCE)


def test_source_has_its_headline_no_outlet_and_an_inferred_date(db):
    src = db.execute("select * from sources where id = ?", (SOURCE,)).fetchone()
    assert src["title"].startswith("At least 2,500 Russian-led forces fly into Kazakhstan")
    assert src["title_supplied"] == 0
    assert src["outlet"] is None and src["url"] is None
    assert "outlet" in src["note"] and "URL" in src["note"]
    # 'The government said on Thursday' puts it on or after Thursday 6 January, its bare weekdays in that
    # week; which day is not known, so the precision is the week (dated by its Monday)
    assert (src["published"], src["published_precision"]) == ("2022-01-03", "week")
    assert "'The government said on Thursday'" in src["published_basis"]
    assert src["dates_anchor"] == "2022-01-06"
    # no article gives a year: the basis says where 2022 comes from instead of letting it pass for the text's
    assert "No article gives a year" in src["published_basis"] and "not the text's words" in src["published_basis"]


def test_headline_says_at_least_2500_forces_are_flying_in(db):
    f = figure(db, "csto-force-headline")
    assert f["text"] == "At least 2,500"
    assert (f["qualifier"], f["low"], f["value"], f["high"]) == ("at_least", 2500, None, None)
    assert (f["measure"], f["subject"], f["subject_actor_id"]) == ("deployed", "foreign_troops", "csto-force")
    assert f["modality"] == "ongoing"
    assert f["attributed_to"] is None
    assert f["quantity_id"] == "csto-force-total"


def test_body_says_the_force_reportedly_numbers_about_2500(db):
    f = figure(db, "csto-force-body")
    assert (f["text"], f["qualifier"], f["value"], f["low"]) == ("about 2,500", "about", 2500, None)
    assert f["quantity_id"] == "csto-force-total"
    c = claim(db, "force-size")
    assert c["claimant_id"] is None and c["hedge"] == "reportedly"
    assert f["claim_id"] == c["id"]


def test_officials_said_some_18_security_force_members_died_in_almaty(db):
    f = figure(db, "security-force-deaths")
    assert (f["text"], f["qualifier"], f["value"]) == ("Some 18", "about", 18)
    assert (f["measure"], f["subject"], f["attributed_to"], f["place_id"]) == (
        "killed", "security_forces", "officials", "almaty")
    assert f["quantity_id"] == "security-force-deaths"
    c = claim(db, "security-force-deaths")
    assert (c["claimant_id"], c["verb"], c["claim_type"]) == ("officials", "said", "casualty_report")
    assert c["proposition_id"] == "security-force-death-toll"


def test_police_said_they_killed_dozens_of_rioters_overnight_with_no_place_given(db):
    # "Some 18 members of the security forces have died in Almaty, officials said, and police said they had
    # killed dozens": the sentence names "police", not police in Almaty; "in Almaty" belongs to the officials'
    # clause, so the police's clause has no place but the country; "overnight" is the night before a time of
    # writing the text does not date; "described as" does not say who described them so
    f = figure(db, "rioters-killed-by-police")
    assert (f["text"], f["qualifier"]) == ("dozens", "vague")
    assert f["value"] is None and f["low"] is None and f["high"] is None
    assert (f["subject"], f["attributed_to"], f["place_id"], f["as_of"]) == ("rioters", "kazakh-police", "kazakhstan", None)
    assert "may be the police's" in f["note"] and "the label is the police's" not in f["note"]
    c = claim(db, "police-killed-rioters")
    assert (c["claimant_id"], c["verb"], c["place_id"]) == ("kazakh-police", "said", "kazakhstan")
    assert (c["claim_date"], c["claim_date_text"]) == (None, None)
    assert c["proposition_id"] == "police-killed-rioters"
    # nor does the proposition lend it rioters-liquidated's statement date in the timeline
    assert db.execute("select event_date from propositions where id = 'police-killed-rioters'").fetchone()[0] is None


def test_the_words_police_at_1525_are_the_same_actor_in_the_mention_the_claim_and_the_figure(db):
    (mention,) = db.execute("select actor_id from mentions where source_id = ? and char_start = 1525 and char_end = 1531",
                            (SOURCE,)).fetchall()
    assert mention[0] == claim(db, "police-killed-rioters")["claimant_id"] == figure(db, "rioters-killed-by-police")["attributed_to"]


def test_the_headline_and_the_arrival_are_not_dated_by_the_dates_anchor(db):
    # 'fly into' and 'has arrived' are dated only by the time of writing, which the text does not give
    for local in ("headline-forces-fly-in", "force-arrived-at-request"):
        assert claim(db, local)["claim_date"] is None, local


def test_the_interior_ministry_reported_2298_detained_exactly(db):
    f = figure(db, "protesters-detained")
    assert f["text"] == "2,298"
    assert (f["qualifier"], f["value"], f["low"], f["high"]) == ("exact", 2298, 2298, 2298)
    assert (f["measure"], f["subject"], f["attributed_to"]) == ("detained", "protesters", "interior-ministry")
    assert f["quantity_id"] == "detentions"
    assert claim(db, "interior-ministry-detentions")["claimant_id"] == "interior-ministry"


def test_the_president_blamed_terrorists_without_giving_evidence(db):
    # "The president has blamed …" names no one: that the president is Tokayev comes from other sentences,
    # and the basis quotes them
    c = claim(db, "tokayev-blames-terrorists")
    assert (c["claimant_id"], c["verb"], c["claim_type"], c["mode"]) == (
        "kassym-jomart-tokayev", "blamed", "accusation", "mixed")
    assert "'President Kassym-Jomart Tokayev'" in c["attribution_basis"]
    assert c["hedge"] == "unverified"
    assert c["evidence_note"] == "without giving evidence"
    assert ("terrorists", "target", None) in roles(db, "tokayev-blames-terrorists")


def test_tokayev_appealed_to_the_csto_on_wednesday_5_january_on_state_tv(db):
    # "In an address on state TV on Wednesday": state TV is where he spoke, not a relay the article credits
    # as its source ("told RIA Novosti" would be one), so the chain is Tokayev alone
    c = claim(db, "tokayev-appeals-to-csto")
    assert (c["claimant_id"], c["reported_via_id"], c["verb"], c["claim_type"]) == (
        "kassym-jomart-tokayev", None, "appealed", "request")
    assert (c["claim_date"], c["claim_date_precision"], c["claim_date_text"]) == ("2022-01-05", "day", "on Wednesday")
    assert "the date of the event" in c["claim_date_basis"]
    assert {("csto", "addressee", None), ("kazakh-state-tv", "subject", None)} <= roles(db, "tokayev-appeals-to-csto")
    assert not any(role == "via" for _, role, _ in roles(db, "tokayev-appeals-to-csto"))
    assert c["proposition_id"] == "tokayev-appeals-to-csto"


def test_ria_reported_the_troops_will_stay_several_days_or_weeks_which_is_expected_not_planned(db):
    # "They will stay … the Russian RIA news agency reported": RIA's report of what is to come, not a plan the
    # CSTO itself is said to have announced (schema.yaml's planned is "by the actor itself")
    c = claim(db, "ria-force-will-stay")
    assert (c["claimant_id"], c["verb"]) == ("ria-novosti", "reported")
    f = figure(db, "csto-force-stay")
    assert (f["text"], f["qualifier"], f["measure"], f["modality"], f["attributed_to"]) == (
        "several days or weeks", "vague", "duration", "expected", "ria-novosti")


def test_the_csto_says_its_troops_are_peacekeepers_and_will_protect_installations(db):
    assert claim(db, "csto-says-peacekeeping-force")["claimant_id"] == "csto"
    c = claim(db, "csto-says-will-protect-installations")
    assert (c["claimant_id"], c["claim_type"], c["place_id"]) == ("csto", "pledge", "strategic-installations")


def test_the_us_state_department_and_its_spokesman_are_watching(db):
    c = claim(db, "state-department-monitoring")
    assert (c["claimant_id"], c["claim_type"], c["mode"]) == ("us-state-department", "warning", "indirect")
    for local in ("spokesman-watching-human-rights", "spokesman-watching-seizure"):
        c = claim(db, local)
        assert (c["claimant_id"], c["mode"], c["verb"]) == ("state-department-spokesman", "direct", "said")
    # "a spokesman said" does not say whose spokesman, and the second quotation names no speaker at all:
    # both bases quote the sentence before, which names the State Department
    for local in ("spokesman-watching-human-rights", "spokesman-watching-seizure"):
        assert "'The US State Department" in claim(db, local)["attribution_basis"], local
    assert "'a spokesman said'" in claim(db, "spokesman-watching-seizure")["attribution_basis"]
    parent = db.execute("select parent_id from actors where id = 'state-department-spokesman'").fetchone()[0]
    assert parent == "us-state-department"


def test_un_us_uk_and_france_all_called_on_all_sides(db):
    r = roles(db, "call-to-refrain-from-violence")
    claimants = {a for a, role, hop in r if role == "claimant" and hop == 0}
    assert claimants == {"united-nations", "united-states", "united-kingdom", "france"}
    assert ("all-sides", "addressee", None) in r


def test_the_unrest_began_on_sunday_2_january_when_lpg_prices_doubled(db):
    c = claim(db, "unrest-began-over-lpg-price")
    assert (c["claim_date"], c["claim_date_text"]) == ("2022-01-02", "Sunday")
    assert c["proposition_id"] == "fuel-price-trigger"
    f = figure(db, "lpg-price-doubled")
    assert (f["text"], f["measure"], f["subject"], f["value"], f["qualifier"]) == (
        "doubled", "price_change", "fuel_price", 2, "exact")
    many = figure(db, "lpg-users")
    assert (many["text"], many["qualifier"], many["measure"]) == ("many", "vague", "count")


def test_the_government_said_on_thursday_price_caps_return_for_six_months(db):
    c = claim(db, "government-restores-price-caps")
    assert (c["claimant_id"], c["claim_type"], c["claim_date"]) == ("government-of-kazakhstan", "decision", "2022-01-06")
    # Thursday dates the statement, not the restoring of the caps
    assert "the date of the statement" in c["claim_date_basis"]
    f = figure(db, "price-caps-duration")
    assert (f["text"], f["value"], f["unit"], f["modality"]) == ("six months", 6, "months", "planned")


def test_the_ruling_party_wins_with_nearly_100_percent(db):
    f = figure(db, "ruling-party-vote-share")
    assert (f["text"], f["measure"], f["subject"], f["unit"]) == ("nearly 100%", "percentage", "vote", "percent")
    assert f["high"] == 100 and f["low"] is None


@pytest.mark.parametrize("alias,actor", [
    ("the country’s authoritarian president", "kassym-jomart-tokayev"),
    ("The president", "kassym-jomart-tokayev"),
    ("Collective Security Treaty Organisation", "csto"),
    ("The bloc", "csto"),
    ("Russian RIA news agency", "ria-novosti"),
    ("a spokesman", "state-department-spokesman"),
    ("Kazakhstan’s interior ministry", "interior-ministry"),
])
def test_surface_forms_are_linked_to_their_actor(db, alias, actor):
    row = db.execute("select actor_id from mentions where source_id = ? and text = ?", (SOURCE, alias)).fetchone()
    assert row is not None and row["actor_id"] == actor


def test_every_claim_carries_a_proposition_and_every_figure_a_claim(db):
    assert db.execute("select count(*) from claims where source_id = ? and proposition_id is null", (SOURCE,)).fetchone()[0] == 0
    assert db.execute("select count(*) from figures where source_id = ? and claim_id is null", (SOURCE,)).fetchone()[0] == 0
