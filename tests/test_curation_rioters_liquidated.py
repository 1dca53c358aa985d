"""Specification of the curated dataset for the article rioters-liquidated (no headline; title supplied)."""
from __future__ import annotations

from conftest import source_lookups

SOURCE = "rioters-liquidated"


figure, claim, roles = source_lookups(SOURCE)


def test_source_has_a_supplied_title_and_is_dated_to_the_week_of_3_january_not_to_a_day(db):
    # 'reported on January 7' puts it on or after 7 January, 'Since the protests erupted earlier this week'
    # in that same week; which day is not known, so the precision is the week (dated by its Monday)
    src = db.execute("select * from sources where id = ?", (SOURCE,)).fetchone()
    assert src["title_supplied"] == 1
    assert src["outlet"] is None and src["url"] is None
    assert (src["published"], src["published_precision"], src["dates_anchor"]) == ("2022-01-03", "week", "2022-01-07")
    assert "reported on January 7" in src["published_basis"] and "earlier this week" in src["published_basis"]
    assert "shortly after" not in src["published_basis"]
    # only "January 6" and "January 7" are in the text: no year, no weekday; the basis says where 2022 and
    # "Friday" come from, and the note says the year of its dates is dates_anchor's
    assert "No article gives a year or the weekday of a dated day" in src["published_basis"]
    assert "on or after Friday" not in src["published_basis"]
    assert "the text does not give" in src["note"]
    # the supplied title keeps the relay: "Media reports note that police … said"
    assert src["title"].startswith("Media reports: Almaty police say")


def test_police_in_almaty_via_media_reports_say_dozens_of_rioters_liquidated(db):
    c = claim(db, "police-rioters-liquidated")
    assert (c["claimant_id"], c["reported_via_id"], c["hedge"], c["mode"]) == (
        "almaty-police", "unnamed-media", "according_to_media", "mixed")
    assert (c["claim_date"], c["claim_date_text"]) == ("2022-01-06", "early on January 6")
    assert "the date of the statement" in c["claim_date_basis"]  # the killings were "over the past day"
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
    # "reported on January 7 that an unknown number of people have reportedly been killed": 7 January dates the
    # report, not the deaths, and the Service reports them as reported
    c = claim(db, "deaths-in-smaller-towns")
    assert (c["claimant_id"], c["hedge"], c["claim_date"]) == ("rfe-rl-kazakh-service", "reportedly", "2022-01-07")
    assert "the date of the statement" in c["claim_date_basis"]
    description = db.execute("select description from actors where id = 'rfe-rl-kazakh-service'").fetchone()[0]
    assert "people had reportedly been killed" in description
    f = figure(db, "killed-in-smaller-towns")
    assert (f["text"], f["qualifier"], f["value"], f["low"]) == ("an unknown number", "unknown", None, None)
    towns = figure(db, "smaller-towns-with-deaths")
    assert (towns["text"], towns["qualifier"], towns["low"], towns["subject"]) == (
        "at least two smaller towns", "at_least", 2, "towns")
    assert db.execute("select parent_id from actors where id = 'rfe-rl-kazakh-service'").fetchone()[0] == "rfe-rl"


def test_the_demonstrators_storming_is_read_as_part_of_what_media_reports_say_police_said_and_is_undated(db):
    # "Media reports note that police … said … that dozens of rioters had been “liquidated” over the past day
    # as demonstrators stormed government buildings": the "as" clause is read as inside the police's that-clause
    # (the syntax leaves it open; the note says so). "over the past day" before "early on January 6" is the 24
    # hours before early 6 January, not a calendar day: no claim_date
    c = claim(db, "demonstrators-stormed-buildings")
    assert (c["claimant_id"], c["reported_via_id"], c["verb"], c["mode"], c["hedge"]) == (
        "almaty-police", "unnamed-media", "said", "indirect", "according_to_media")
    assert (c["claim_date"], c["claim_date_precision"], c["claim_date_basis"]) == (None, None, None)
    assert "leaves open" in c["note"] and "not a calendar day" in c["note"]


def test_the_health_ministry_reportedly_said_1000_injured_and_400_hospitalized_through_an_unnamed_relay(db):
    # "the Health Ministry reportedly said …": the relay is unnamed ("reportedly"); the Kazakh Service's credit
    # belongs to the next sentence. "Since the protests erupted earlier this week" dates the protests, not the
    # statement, so neither the claim nor its figures are dated
    c = claim(db, "health-ministry-injured-hospitalized")
    assert (c["claimant_id"], c["reported_via_id"], c["verb"], c["hedge"]) == ("health-ministry", None, "said", "reportedly")
    assert roles(db, "health-ministry-injured-hospitalized") == {("health-ministry", "claimant", 0)}
    assert (c["claim_date"], c["claim_date_precision"], c["claim_date_text"], c["claim_date_basis"]) == (None, None, None, None)
    assert c["attribution_basis"] is None
    injured = figure(db, "people-injured")
    assert (injured["text"], injured["qualifier"], injured["low"], injured["measure"]) == ("more than 1,000", "more_than", 1000, "injured")
    hosp = figure(db, "people-hospitalized")
    assert (hosp["text"], hosp["value"], hosp["measure"]) == ("400", 400, "hospitalized")
    for f in (injured, hosp):
        assert (f["attributed_to"], f["as_of"], f["as_of_precision"]) == ("health-ministry", None, None)


def test_sixty_two_in_intensive_care_is_credited_to_rfe_rls_kazakh_service_alone_unhedged(db):
    # "Sixty-two people are in the intensive care unit, according to RFE/RL’s Kazakh Service": no Health
    # Ministry, no relay, no "reportedly" in the sentence
    c = claim(db, "intensive-care")
    assert (c["claimant_id"], c["reported_via_id"], c["verb"], c["hedge"]) == (
        "rfe-rl-kazakh-service", None, "according to", "none")
    assert roles(db, "intensive-care") == {("rfe-rl-kazakh-service", "claimant", 0)}
    assert c["attribution_basis"] is None
    icu = figure(db, "people-in-intensive-care")
    assert (icu["text"], icu["value"], icu["qualifier"], icu["measure"]) == ("Sixty-two", 62, "exact", "intensive_care")
    assert (icu["attributed_to"], icu["as_of"]) == ("rfe-rl-kazakh-service", None)


def test_airports_in_almaty_and_one_other_city_were_shut_per_rfe_rl(db):
    c = claim(db, "rfe-rl-airports-shut")
    assert (c["claimant_id"], c["verb"]) == ("rfe-rl", "noted")
    f = figure(db, "other-city-airport-shut")
    assert (f["text"], f["value"], f["measure"], f["subject"]) == ("one other city", 1, "count", "towns")
    assert claim(db, "protesters-seized-airport")["place_id"] == "almaty-airport"


def test_the_government_reportedly_blocked_the_internet(db):
    # a report of the government's act, not an accusation of it: the government is its subject
    c = claim(db, "government-blocked-internet")
    assert (c["claimant_id"], c["hedge"], c["proposition_id"]) == (None, "reportedly", "internet-shutdown")
    assert roles(db, "government-blocked-internet") == {("government-of-kazakhstan", "subject", None)}


def test_some_media_say_russian_then_belarusian_troops_arrived_the_belarusians_on_6_january(db):
    # "the first Russian paratroopers arrived, followed by troops from Belarus on the evening of January 6": the
    # date is the Belarusian troops'; the Russians arrived before, on a day not given
    c = claim(db, "troops-arrived")
    assert (c["claimant_id"], c["hedge"], c["claim_date"]) == ("unnamed-media", "according_to_media", "2022-01-06")
    assert "the date of the event" in c["claim_date_basis"] and "Belarus" in c["claim_date_basis"]
    assert "on a day not given" in c["claim_date_basis"]
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
    assert "the date of the statement" in c["claim_date_basis"]
    assert {("daesh", "target", None), ("gulenists", "target", None)} <= roles(db, "balbek-daesh-gulenists-behind-riots")
    # the accusation asserts no event on 6 January: the proposition is undated, the claims keep the statement's date
    p = db.execute("select * from propositions where id = 'daesh-and-gulenists-behind-riots'").fetchone()
    assert (p["event_date"], p["event_date_precision"], p["event_date_basis"]) == (None, None, None)
    direct = db.execute("select count(*) from claims where source_id = ? and claimant_id = 'ruslan-balbek' and mode = 'direct'",
                        (SOURCE,)).fetchone()[0]
    assert direct == 4
    assert db.execute("select parent_id from actors where id = 'ruslan-balbek'").fetchone()[0] is None


def test_balbeks_later_remarks_carry_his_name_and_relay_over_with_a_quoted_basis(db):
    # 'According to him', 'said he' and an unattributed quotation name neither Balbek nor RIA Novosti: each says
    # where the article does ('Ruslan Balbek, told RIA Novosti on January 6')
    for local in ("balbek-hands-visible", "balbek-isis-organizing-riots", "balbek-their-style",
                  "balbek-kazakhs-trained-in-turkey", "balbek-ideological-virus", "balbek-isis-really-good"):
        c = claim(db, local)
        assert (c["claimant_id"], c["reported_via_id"]) == ("ruslan-balbek", "ria-novosti"), local
        assert "'Ruslan Balbek, told RIA Novosti on January 6'" in c["attribution_basis"], local
        # the relay and the date are a reading: the text does not say where the later quotations were made
        assert "the text does not say where the later quotations were made" in c["attribution_basis"], local
        assert c["claim_date_basis"].startswith("Read as part of the remarks"), local
    assert claim(db, "balbek-daesh-gulenists-behind-riots")["attribution_basis"] is None
    assert claim(db, "balbek-ideological-virus")["verb"] == "said"


def test_isis_is_really_good_says_what_isis_is_good_at_not_that_it_is_behind_the_riots(db):
    # "if to crush the statehood and plant the law of the jungle on these wrecks – on this case, ISIS is really
    # good": an assessment of ISIS, its own proposition, not "Daesh and Gülenists are behind the riots"
    c = claim(db, "balbek-isis-really-good")
    assert (c["claim_type"], c["proposition_id"]) == ("assessment", "isis-good-at-crushing-statehood")
    carried = {r[0] for r in db.execute(
        "select id from claims where proposition_id = 'daesh-and-gulenists-behind-riots'")}
    assert f"{SOURCE}--balbek-isis-really-good" not in carried and len(carried) == 6


def test_the_territory_of_kazakhstan_is_a_place_not_the_state_acting(db):
    # "organizing riots on the territory of Kazakhstan": one mention, of the place
    (row,) = db.execute("select text, actor_id, place_id from mentions where source_id = ? and text like '%Kazakhstan' "
                        "and char_start >= 2231 and char_end <= 2258", (SOURCE,)).fetchall()
    assert tuple(row) == ("the territory of Kazakhstan", None, "kazakhstan")


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
