"""Specification of the curated dataset for the article rioters-liquidated (no headline; title supplied)."""
from __future__ import annotations

from conftest import source_lookups

SOURCE = "rioters-liquidated"


figure, claim, roles = source_lookups(SOURCE)


def test_source_has_a_supplied_title_and_is_dated_7_january(db):
    src = db.execute("select * from sources where id = ?", (SOURCE,)).fetchone()
    assert src["title_supplied"] == 1
    assert src["outlet"] is None and src["url"] is None
    assert (src["published"], src["published_precision"], src["dates_anchor"]) == ("2022-01-07", "day", "2022-01-07")
    assert "January 7" in src["published_basis"]


def test_police_in_almaty_via_media_reports_say_dozens_of_rioters_liquidated(db):
    c = claim(db, "police-rioters-liquidated")
    assert (c["claimant_id"], c["reported_via_id"], c["hedge"], c["mode"]) == (
        "almaty-police", "unnamed-media", "according_to_media", "mixed")
    assert (c["claim_date"], c["claim_date_text"]) == ("2022-01-06", "early on January 6")
    assert {("almaty-police", "claimant", 0), ("unnamed-media", "via", 1)} <= roles(db, "police-rioters-liquidated")
    f = figure(db, "rioters-liquidated")
    assert (f["text"], f["qualifier"], f["value"], f["subject"], f["attributed_to"], f["as_of"]) == (
        "dozens", "vague", None, "rioters", "almaty-police", "2022-01-06")


def test_the_interior_ministry_says_18_security_personnel_died_exactly(db):
    f = figure(db, "security-personnel-died")
    assert (f["text"], f["qualifier"], f["value"], f["low"], f["high"]) == ("18", "exact", 18, 18, 18)
    assert (f["attributed_to"], f["subject"], f["quantity_id"]) == ("interior-ministry", "security_forces", "security-force-deaths")


def test_the_interior_ministry_says_more_than_2000_arrested(db):
    f = figure(db, "people-arrested")
    assert (f["text"], f["qualifier"], f["low"], f["value"], f["high"]) == ("more than 2,000", "more_than", 2000, None, None)
    assert (f["measure"], f["attributed_to"], f["quantity_id"]) == ("detained", "interior-ministry", "detentions")


def test_radio_libertys_kazakh_service_reports_an_unknown_number_killed_in_at_least_two_towns(db):
    c = claim(db, "deaths-in-smaller-towns")
    assert (c["claimant_id"], c["hedge"], c["claim_date"]) == ("rfe-rl-kazakh-service", "reportedly", "2022-01-07")
    f = figure(db, "killed-in-smaller-towns")
    assert (f["text"], f["qualifier"], f["value"], f["low"]) == ("an unknown number", "unknown", None, None)
    towns = figure(db, "smaller-towns-with-deaths")
    assert (towns["text"], towns["qualifier"], towns["low"], towns["subject"]) == (
        "at least two smaller towns", "at_least", 2, "towns")
    assert db.execute("select parent_id from actors where id = 'rfe-rl-kazakh-service'").fetchone()[0] == "rfe-rl"


def test_health_ministry_figures_reach_us_via_rfe_rl_kazakh_service(db):
    for local in ("health-ministry-injured-hospitalized", "intensive-care"):
        c = claim(db, local)
        assert (c["claimant_id"], c["reported_via_id"], c["hedge"]) == ("health-ministry", "rfe-rl-kazakh-service", "reportedly")
        assert {("health-ministry", "claimant", 0), ("rfe-rl-kazakh-service", "via", 1)} <= roles(db, local)
    injured = figure(db, "people-injured")
    assert (injured["text"], injured["qualifier"], injured["low"], injured["measure"]) == ("more than 1,000", "more_than", 1000, "injured")
    hosp = figure(db, "people-hospitalized")
    assert (hosp["text"], hosp["value"], hosp["measure"]) == ("400", 400, "hospitalized")
    icu = figure(db, "people-in-intensive-care")
    assert (icu["text"], icu["value"], icu["qualifier"], icu["measure"]) == ("Sixty-two", 62, "exact", "intensive_care")
    assert {injured["attributed_to"], hosp["attributed_to"], icu["attributed_to"]} == {"health-ministry"}


def test_airports_in_almaty_and_one_other_city_were_shut_per_rfe_rl(db):
    c = claim(db, "rfe-rl-airports-shut")
    assert (c["claimant_id"], c["verb"]) == ("rfe-rl", "noted")
    f = figure(db, "other-city-airport-shut")
    assert (f["text"], f["value"], f["measure"], f["subject"]) == ("one other city", 1, "count", "towns")
    assert claim(db, "protesters-seized-airport")["place_id"] == "almaty-airport"


def test_the_government_reportedly_blocked_the_internet(db):
    c = claim(db, "government-blocked-internet")
    assert (c["claimant_id"], c["hedge"], c["proposition_id"]) == (None, "reportedly", "internet-shutdown")


def test_some_media_say_russian_then_belarusian_troops_arrived_on_6_january(db):
    c = claim(db, "troops-arrived")
    assert (c["claimant_id"], c["hedge"], c["claim_date"]) == ("unnamed-media", "according_to_media", "2022-01-06")
    assert {("russian-contingent", "subject", None), ("belarusian-contingent", "subject", None)} <= roles(db, "troops-arrived")


def test_troops_per_state_keep_their_modality_and_attribution(db):
    rows = {r["subject_actor_id"]: r for r in db.execute(
        "select * from figures where source_id = ? and measure = 'deployed'", (SOURCE,))}
    assert set(rows) == {"armenia", "tajikistan", "kyrgyzstan"}
    a, t, k = rows["armenia"], rows["tajikistan"], rows["kyrgyzstan"]
    assert (a["text"], a["qualifier"], a["value"], a["modality"], a["attributed_to"]) == ("some 70", "about", 70, "reported", None)
    assert (t["text"], t["qualifier"], t["value"], t["modality"], t["attributed_to"]) == ("about 200", "about", 200, "ongoing", "unnamed-sources")
    assert (k["text"], k["qualifier"], k["value"], k["modality"], k["attributed_to"]) == ("150", "exact", 150, "expected", "unnamed-sources")
    assert claim(db, "tajikistan-sending-peacekeepers")["hedge"] == "according_to_unnamed_sources"


def test_balbek_told_ria_novosti_that_daesh_and_gulenists_are_behind_the_riots(db):
    c = claim(db, "balbek-daesh-gulenists-behind-riots")
    assert (c["claimant_id"], c["reported_via_id"], c["verb"], c["claim_type"]) == (
        "ruslan-balbek", "ria-novosti", "told", "accusation")
    assert c["claim_date"] == "2022-01-06"
    assert {("daesh", "target", None), ("gulenists", "target", None)} <= roles(db, "balbek-daesh-gulenists-behind-riots")
    direct = db.execute("select count(*) from claims where source_id = ? and claimant_id = 'ruslan-balbek' and mode = 'direct'",
                        (SOURCE,)).fetchone()[0]
    assert direct == 4
    assert db.execute("select parent_id from actors where id = 'ruslan-balbek'").fetchone()[0] is None


def test_tokayev_blamed_terrorist_gangs_and_asked_the_csto(db):
    c = claim(db, "tokayev-blames-terrorist-gangs")
    assert (c["claimant_id"], c["claim_type"], c["proposition_id"]) == ("kassym-jomart-tokayev", "accusation", "tokayev-blames-terrorists")
    assert ("csto", "addressee", None) in roles(db, "tokayev-asked-csto")


def test_ordinal_first_and_dates_are_not_figures(db):
    texts = {r[0] for r in db.execute("select text from figures where source_id = ?", (SOURCE,))}
    assert not any("January" in t or t == "first" for t in texts)


def test_surface_forms_of_chains_are_linked(db):
    rows = {(r["text"], r["actor_id"]) for r in db.execute(
        "select text, actor_id from mentions where source_id = ? and actor_id is not null", (SOURCE,))}
    assert ("Radio Liberty’s Kazakh Service", "rfe-rl-kazakh-service") in rows
    assert ("RFE/RL’s Kazakh Service", "rfe-rl-kazakh-service") in rows
    assert ("RFE/RL", "rfe-rl") in rows
    assert ("Media reports", "unnamed-media") in rows
    assert ("Some media outlets", "unnamed-media") in rows
    assert ("some sources", "unnamed-sources") in rows
    assert ("police in Kazakhstan’s largest city, Almaty", "almaty-police") in rows
