"""Specification of the curated dataset for the article internet-shut-off
("Internet Ordered Shut Off In Nation After Riots Lead To Government Resigning")."""
from __future__ import annotations

from conftest import source_lookups

SOURCE = "internet-shut-off"


figure, claim, roles = source_lookups(SOURCE)


def test_source_is_dated_to_the_week_after_the_resignation(db):
    src = db.execute("select * from sources where id = ?", (SOURCE,)).fetchone()
    assert src["title"] == "Internet Ordered Shut Off In Nation After Riots Lead To Government Resigning"
    assert src["title_supplied"] == 0
    assert src["outlet"] is None and src["url"] is None
    assert (src["published"], src["published_precision"]) == ("2022-01-10", "week")
    assert "last week" in src["published_basis"]
    assert "updated" not in src["published_basis"], "no text says the article was updated"
    assert src["dates_anchor"] == "2022-01-10"
    assert "No article gives a year" in src["published_basis"]
    # the stray "( )-" is where something was apparently removed: the text does not say what
    assert "( )-" in src["note"] and "apparently" in src["note"] and "was stripped" not in src["note"]


def test_the_interior_ministry_says_eight_police_and_national_guard_killed(db):
    f = figure(db, "security-force-deaths")
    assert (f["text"], f["qualifier"], f["value"], f["low"], f["high"]) == ("eight", "exact", 8, 8, 8)
    assert (f["measure"], f["subject"], f["attributed_to"]) == ("killed", "security_forces", "interior-ministry")
    assert f["quantity_id"] == "security-force-deaths"
    c = claim(db, "interior-ministry-security-deaths")
    assert (c["claimant_id"], c["verb"]) == ("interior-ministry", "according to")
    assert {("kazakh-police", "subject", None), ("national-guard", "subject", None)} <= roles(db, "interior-ministry-security-deaths")


def test_the_interior_ministry_says_over_300_injured(db):
    f = figure(db, "security-force-injuries")
    assert (f["text"], f["qualifier"], f["low"], f["value"], f["high"]) == ("over 300", "more_than", 300, None, None)
    assert (f["measure"], f["attributed_to"]) == ("injured", "interior-ministry")


def test_protesters_stormed_and_burned_two_buildings_on_wednesday_5_january(db):
    c = claim(db, "protesters-stormed-buildings")
    assert c["claimant_id"] is None and c["mode"] == "narration"
    assert (c["claim_date"], c["claim_date_text"], c["place_id"]) == ("2022-01-05", "on Wednesday", "almaty")
    assert c["proposition_id"] == "buildings-stormed-and-burned"
    places = {r[0] for r in db.execute(
        "select place_id from mentions where source_id = ? and char_start >= ? and char_end <= ? and place_id is not null",
        (SOURCE, c["char_start"], c["char_end"]))}
    assert {"presidential-residence-almaty", "mayors-office-almaty", "almaty"} <= places


def test_the_csto_said_on_thursday_it_was_dispatching_peacekeepers(db):
    # "on Thursday, a Russian-led military alliance said": Thursday dates the statement; the sentence does not
    # name the alliance, which the article names two paragraphs later
    c = claim(db, "csto-dispatching-peacekeepers")
    assert (c["claimant_id"], c["claim_type"], c["claim_date"]) == ("csto", "decision", "2022-01-06")
    assert "the date of the statement" in c["claim_date_basis"]
    assert "'the Collective Security Treaty Organization, the Moscow-based alliance" in c["attribution_basis"]
    assert c["proposition_id"] == "csto-approves-deployment"
    # the decision itself is not dated: Thursday is the announcement, and the council's approval came "Within
    # hours" of a request this article does not date
    p = db.execute("select * from propositions where id = 'csto-approves-deployment'").fetchone()
    assert (p["event_date"], p["event_date_precision"], p["event_date_basis"]) == (None, None, None)
    assert db.execute("select parent_id from actors where id = 'csto-council'").fetchone()[0] == "csto"


def test_within_hours_the_csto_council_approved_the_deployment_is_the_outlet_narrating_an_act(db):
    # "Within hours, the CSTO’s council approved the deployment of peacekeepers.": nobody is said to have said it
    c = claim(db, "csto-council-approved")
    assert (c["claimant_id"], c["reported_via_id"], c["verb"], c["mode"], c["claim_type"]) == (
        None, None, None, "narration", "event_report")
    assert roles(db, "csto-council-approved") == {("csto-council", "subject", None), ("csto-force", "subject", None)}
    assert c["claim_date"] is None, "'Within hours' of a request this article does not date"
    assert c["proposition_id"] == "csto-approves-deployment"


def test_the_csto_is_an_alliance_of_six_former_soviet_states(db):
    f = figure(db, "csto-member-states")
    assert (f["text"], f["value"], f["measure"], f["subject"], f["subject_actor_id"]) == (
        "six former Soviet states", 6, "count", "states", "csto")


def test_tokayev_asked_the_csto_blamed_terrorist_bands_and_accused_other_countries(db):
    c = claim(db, "tokayev-asked-csto")
    assert (c["claimant_id"], c["claim_type"]) == ("kassym-jomart-tokayev", "request")
    assert ("csto", "addressee", None) in roles(db, "tokayev-asked-csto")
    c = claim(db, "tokayev-blames-terrorist-bands")
    assert (c["claim_type"], c["mode"], c["proposition_id"]) == ("accusation", "mixed", "tokayev-blames-terrorists")
    assert ("other-countries", "target", None) in roles(db, "tokayev-accuses-other-countries")


def test_tokayev_vowed_to_put_kazakhstan_under_a_two_week_state_of_emergency(db):
    # "Tokayev vowed to use harsh measures … and put Kazakhstan under a two-week state of emergency": his pledge,
    # a commitment he announced (schema.yaml's modality announced), not the outlet reporting it was imposed
    c = claim(db, "state-of-emergency")
    assert (c["claimant_id"], c["verb"], c["claim_type"], c["mode"]) == ("kassym-jomart-tokayev", "vowed", "pledge", "indirect")
    assert roles(db, "state-of-emergency") == {("kassym-jomart-tokayev", "claimant", 0)}
    f = figure(db, "state-of-emergency-duration")
    assert (f["text"], f["value"], f["unit"], f["measure"]) == ("two-week", 2, "weeks", "duration")
    assert (f["modality"], f["attributed_to"]) == ("announced", "kassym-jomart-tokayev")
    statement = db.execute("select statement from propositions where id = 'state-of-emergency'").fetchone()[0]
    assert statement.startswith("Tokayev vowed to put Kazakhstan")
    # "put" may also be read as a past tense: the notes say the reading is a choice
    assert "Ambiguous" in c["note"] and "past tense" in c["note"] and "past tense" in f["note"]


def test_the_internet_blackout_per_netblocks_and_its_restoration_per_tass(db):
    c = claim(db, "netblocks-blackout")
    assert (c["claimant_id"], c["verb"], c["proposition_id"]) == ("netblocks", "according to", "internet-shutdown")
    c = claim(db, "tass-internet-restored")
    assert (c["claimant_id"], c["claim_date"], c["claim_date_text"], c["place_id"]) == (
        "tass", "2022-01-06", "by Thursday morning", "almaty")
    assert "the date of the event" in c["claim_date_basis"]  # restored by then; Tass's report is not dated
    # "Kazakh news sites became inaccessible late Wednesday" says nothing of who made them so: its own
    # assertion, apart from rioters-liquidated's "Media has also been restricted"
    c = claim(db, "news-sites-inaccessible")
    assert (c["claim_date"], c["proposition_id"]) == ("2022-01-05", "news-sites-inaccessible")
    p = db.execute("select * from propositions where id = 'news-sites-inaccessible'").fetchone()
    assert (p["event_date"], p["statement"]) == ("2022-01-05", "Kazakh news sites became inaccessible late on Wednesday 5 January.")


def test_the_government_resigned_last_week(db):
    # the article's own week is inferred from "last week" itself, so "last week" cannot date the resignation
    # alone: the week comes from the other articles' dates for the events told beside it
    c = claim(db, "government-resigned-last-week")
    assert (c["claim_date"], c["claim_date_precision"], c["claim_date_text"]) == ("2022-01-03", "week", "last week")
    assert "cannot date it alone" in c["claim_date_basis"]
    basis = db.execute("select event_date_basis from propositions where id = 'government-resigns'").fetchone()[0]
    assert "cannot date it alone" in basis
    n = db.execute("select count(*) from claims where source_id = ? and proposition_id = 'government-resigns'",
                   (SOURCE,)).fetchone()[0]
    assert n == 4  # headline, "as the protests escalated", "in response to the unrest", "last week"


def test_the_resignation_and_the_blackout_are_not_dated_by_a_sentence_that_names_no_day(db):
    # "As the protests escalated, the government resigned and the country experienced a pervasive internet
    # blackout.": no day; only "After the government resigned last week" dates the resignation, to a week
    for local in ("government-resigned-as-protests-escalated", "country-internet-blackout", "headline-government-resigning"):
        assert claim(db, local)["claim_date"] is None, local
    p = db.execute("select * from propositions where id = 'government-resigns'").fetchone()
    assert (p["event_date"], p["event_date_precision"]) == ("2022-01-03", "week")
    assert "'After the government resigned last week'" in p["event_date_basis"]


def test_some_believing_the_resignations_will_have_little_impact_is_the_outlets_report_of_a_belief(db):
    c = claim(db, "resignations-little-impact")
    assert (c["claimant_id"], c["mode"], c["claim_type"]) == (None, "narration", "assessment")


def test_the_headlines_government_and_the_entire_country_are_linked(db):
    rows = {(r["text"], r["actor_id"], r["place_id"]) for r in db.execute(
        "select text, actor_id, place_id from mentions where source_id = ?", (SOURCE,))}
    assert ("Government Resigning", "government-of-kazakhstan", None) in rows
    assert ("the entire country", None, "kazakhstan") in rows


def test_protesters_apparently_meant_nazarbayev(db):
    # "apparently referring to Nursultan Nazarbayev": the claim keeps the hedge, and "old man" is no alias of his,
    # which would make every "old man" a mention of him as a fact
    c = claim(db, "old-man-go")
    assert c["hedge"] == "apparently"
    assert ("nursultan-nazarbayev", "target", None) in roles(db, "old-man-go")
    assert db.execute("select count(*) from mentions where text = 'old man' and actor_id is not null").fetchone()[0] == 0
    assert db.execute("select count(*) from actor_aliases where alias = 'old man'").fetchone()[0] == 0
    f = figure(db, "protesters-shouting")
    assert (f["text"], f["qualifier"], f["measure"]) == ("Many", "vague", "crowd")


def test_the_ruling_government_since_1991_is_not_the_cabinet_that_resigned(db):
    # "the Kazakh ruling government which has controlled the country since it gained independence … in 1991":
    # the ruling establishment, not the government that "resigned"
    for local in ("deeper-discontent", "ruling-government-since-1991"):
        assert ("kazakh-ruling-government", "subject", None) in roles(db, local), local
        assert ("government-of-kazakhstan", "subject", None) not in roles(db, local), local
    (actor,) = db.execute("select actor_id from mentions where source_id = ? and text = 'Kazakh ruling government'",
                          (SOURCE,)).fetchall()
    assert actor[0] == "kazakh-ruling-government"
    resigned = {r[0] for r in db.execute("select claim_id from claim_actors where actor_id = 'kazakh-ruling-government'")}
    assert not resigned & {f"{SOURCE}--government-resigned-in-response", f"{SOURCE}--government-resigned-last-week"}


def test_kazakhstan_in_kazakhstans_largest_city_is_the_place_not_the_state(db):
    # "Protesters in Kazakhstan’s largest city": one mention, of Almaty; no mention of the state Kazakhstan acting
    rows = db.execute("select text, actor_id, place_id from mentions where source_id = ? and char_start >= 97 "
                      "and char_end <= 122", (SOURCE,)).fetchall()
    assert [tuple(r) for r in rows] == [("Kazakhstan’s largest city", None, "almaty")]


def test_years_and_ordinals_are_not_figures(db):
    texts = {r[0] for r in db.execute("select text from figures where source_id = ?", (SOURCE,))}
    assert not texts & {"1991", "2019", "first"}
    excluded = {r[0] for r in db.execute("select text from number_exclusions where source_id = ?", (SOURCE,))}
    assert {"both", "first president"} <= excluded


def test_nazarbayev_and_the_moscow_based_alliance_are_recognised(db):
    rows = {(r["text"], r["actor_id"]) for r in db.execute(
        "select text, actor_id from mentions where source_id = ? and actor_id is not null", (SOURCE,))}
    assert ("the country’s first president", "nursultan-nazarbayev") in rows
    assert ("the Moscow-based alliance", "csto") in rows
    assert ("a Russian-led military alliance", "csto") in rows
    assert ("Collective Security Treaty Organization", "csto") in rows
