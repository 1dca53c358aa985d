"""The figure classifier, as a specification: what each wire-report wording is read as."""
from __future__ import annotations

import pytest
from conftest import ROOT, article_text

from unrest.extract import JSON_KEYS, FigureCandidate, extract_figures, figure_to_json
from unrest.schema import load_schema

# What the dataset allows, read from schema.yaml (not from the extractor): every value emitted must be in it.
VOCABULARIES = {name: set(v.values) for name, v in load_schema(ROOT / "schema.yaml").vocabularies.items()}
MEASURES, MODALITIES, SUBJECTS = VOCABULARIES["measure"], VOCABULARIES["modality"], VOCABULARIES["subject"]

CASUALTY_MEASURES = {"killed", "injured", "hospitalized", "intensive_care", "detained"}


def row(c: FigureCandidate) -> tuple:
    return (c.text, c.value, c.low, c.high, c.qualifier, c.measure, c.subject, c.modality, c.attributed_to)


# Each sentence with every figure it holds, in order:
# (text, value, low, high, qualifier, measure, subject, modality, attributed_to)
WIRE_REPORTS = [
    # --- casualties, with the attribution forms wire copy uses
    ("At least 164 people were killed in the unrest, the health ministry said.",
     [("At least 164", None, 164, None, "at_least", "killed", "people", "reported", "the health ministry")]),
    ("Nearly 8,000 people were detained across the country, the interior ministry said on Monday.",
     [("Nearly 8,000", 8000, None, 8000, "about", "detained", "people", "reported", "the interior ministry")]),
    ("The death toll rose to 225, the prosecutor general's office said on Saturday.",
     [("225", 225, 225, 225, "exact", "killed", None, "reported", "the prosecutor general's office")]),
    ("More than 2,200 people sought medical help after the clashes, the health ministry said.",
     [("More than 2,200", None, 2200, None, "more_than", "injured", "people", "reported", "the health ministry")]),
    ("Some 4,500 people remained in hospital on Friday, including 62 in intensive care.",
     [("Some 4,500", 4500, None, None, "about", "hospitalized", "people", "reported", None),
      ("62", 62, 62, 62, "exact", "intensive_care", "people", "reported", None)]),
    ("Interior Minister Yerlan Turgumbayev said 16 police officers had been killed and 1,300 injured.",
     [("16", 16, 16, 16, "exact", "killed", "security_forces", "reported", "Interior Minister Yerlan Turgumbayev"),
      ("1,300", 1300, 1300, 1300, "exact", "injured", "security_forces", "reported", "Interior Minister Yerlan Turgumbayev")]),
    ("Dozens of demonstrators were arrested overnight, police said.",
     [("Dozens", None, None, None, "vague", "detained", "protesters", "reported", "police")]),
    ("Tass reported that 300 servicemen were wounded.",
     [("300", 300, 300, 300, "exact", "injured", "security_forces", "reported", "Tass")]),
    ("Hundreds were injured in clashes with police in Aktobe.",
     [("Hundreds", None, None, None, "vague", "injured", None, "reported", None)]),
    ("Some 400 people were hospitalized, the city's health department said.",
     [("Some 400", 400, None, None, "about", "hospitalized", "people", "reported", "the city's health department")]),
    ("An unknown number of civilians were killed in Taldykorgan, residents told Reuters.",
     [("An unknown number", None, None, None, "unknown", "killed", "people", "reported", "residents")]),
    ("At least 103 people died in Almaty alone, officials said.",
     [("At least 103", None, 103, None, "at_least", "killed", "people", "reported", "officials")]),
    ("More than 5,000 people, including foreign nationals, were detained.",
     [("More than 5,000", None, 5000, None, "more_than", "detained", "people", "reported", None)]),
    ("Police detained 2,298 protesters on Thursday.",
     [("2,298", 2298, 2298, 2298, "exact", "detained", "protesters", "reported", None)]),
    ("Police said they had killed 26 armed criminals and arrested more than 3,000 people.",
     [("26", 26, 26, 26, "exact", "killed", None, "reported", "Police"),
      ("more than 3,000", None, 3000, None, "more_than", "detained", "people", "reported", "Police")]),
    ("Khabar 24 reported that 26 armed criminals had been liquidated.",
     [("26", 26, 26, 26, "exact", "killed", None, "reported", "Khabar 24")]),
    ("The bodies of 18 servicemen were found in Almaty, according to the interior ministry.",
     [("18", 18, 18, 18, "exact", "killed", "security_forces", "reported", "the interior ministry")]),
    ("According to the prosecutor's office, 3,393 criminal cases have been opened.",
     [("3,393", 3393, 3393, 3393, "exact", "count", None, "reported", "the prosecutor's office")]),
    ("Some 10,000 people were detained in connection with the riots, Tokayev told parliament.",
     [("Some 10,000", 10000, None, None, "about", "detained", "people", "reported", "Tokayev")]),
    # --- troops: deployed, with their modality
    ("Kyrgyzstan will send 150 troops to Kazakhstan, its security council said.",
     [("150", 150, 150, 150, "exact", "deployed", "foreign_troops", "planned", "its security council")]),
    ("Belarus is expected to send 500 troops, a spokesman said.",
     [("500", 500, 500, 500, "exact", "deployed", "foreign_troops", "expected", "a spokesman")]),
    ("Tajikistan pledged to contribute 200 servicemen to the mission.",
     [("200", 200, 200, 200, "exact", "deployed", "foreign_troops", "announced", None)]),
    ("The CSTO approved the deployment of 2,500 peacekeepers.",
     [("2,500", 2500, 2500, 2500, "exact", "deployed", "foreign_troops", "announced", None)]),
    ("Russia announced it would send 3,000 paratroopers.",
     [("3,000", 3000, 3000, 3000, "exact", "deployed", "foreign_troops", "announced", "Russia")]),
    ("Armenia said it would send 100 soldiers.",
     [("100", 100, 100, 100, "exact", "deployed", "foreign_troops", "planned", "Armenia")]),
    ("Russia has sent about 3,000 paratroopers, RIA news agency reported, citing the defence ministry.",
     [("about 3,000", 3000, None, None, "about", "deployed", "foreign_troops", "reported", "RIA news agency")]),
    ("About 70 Armenian soldiers arrived in Almaty on Friday.",
     [("About 70", 70, None, None, "about", "deployed", "foreign_troops", "reported", None)]),
    ("The 2,030-strong CSTO force began withdrawing on Thursday.",
     [("2,030-strong", 2030, 2030, 2030, "exact", "deployed", "foreign_troops", "reported", None)]),
    ("About 2,500 soldiers from Russia, Belarus and Armenia will stay for several weeks.",
     [("About 2,500", 2500, None, None, "about", "deployed", "foreign_troops", "planned", None),
      ("several", None, None, None, "vague", "duration", "time", "planned", None)]),
    ("Russia's defence ministry said more than 70 planes were flying troops to Kazakhstan.",
     [("more than 70", None, 70, None, "more_than", "count", None, "reported", "Russia's defence ministry")]),
    # --- crowds are crowds, not casualties
    ("Crowds of about 5,000 gathered in the main square of Almaty on Wednesday.",
     [("about 5,000", 5000, None, None, "about", "crowd", None, "reported", None)]),
    ("A rally of about 1,000 people took place in Zhanaozen on Sunday.",
     [("about 1,000", 1000, None, None, "about", "crowd", "people", "reported", None)]),
    ("Thousands of protesters took to the streets in Almaty and Aktobe.",
     [("Thousands", None, None, None, "vague", "crowd", "protesters", "reported", None)]),
    ("Up to 10,000 people marched through Zhanaozen, according to local activists.",
     [("Up to 10,000", None, None, 10000, "up_to", "crowd", "people", "reported", "local activists")]),
    ("Police dispersed a crowd of around 2,000 people in Aktau.",
     [("around 2,000", 2000, None, None, "about", "crowd", "people", "reported", None)]),
    # --- prices, money, shares and durations are never casualties
    ("Liquefied gas prices doubled to 120 tenge per litre at the start of the year.",
     [("doubled", 2, 2, 2, "exact", "price_change", "fuel_price", "reported", None),
      ("120", 120, 120, 120, "exact", "price_change", "fuel_price", "reported", None)]),
    ("Gas prices rose from 60 tenge to 120 tenge a litre.",
     [("60", 60, 60, 60, "exact", "price_change", "fuel_price", "reported", None),
      ("120", 120, 120, 120, "exact", "price_change", "fuel_price", "reported", None)]),
    ("A 50% price hike on liquefied gas sparked the protests.",
     [("50%", 50, 50, 50, "exact", "price_change", "fuel_price", "reported", None)]),
    ("Fuel prices rose by 100%, and 164 people died in the unrest that followed.",
     [("100%", 100, 100, 100, "exact", "price_change", "fuel_price", "reported", None),
      ("164", 164, 164, 164, "exact", "killed", "people", "reported", None)]),
    ("The government said fuel prices would be capped at 50 tenge for 180 days.",
     [("50", 50, 50, 50, "exact", "money", "fuel_price", "planned", "The government"),
      ("180", 180, 180, 180, "exact", "duration", "time", "planned", "The government")]),
    ("The central bank spent $1.5 billion defending the tenge.",
     [("$1.5 billion", 1_500_000_000, 1_500_000_000, 1_500_000_000, "exact", "money", None, "reported", None)]),
    ("Tokayev won the 2019 election with 71% of the vote.",
     [("71%", 71, 71, 71, "exact", "percentage", "vote", "reported", None)]),
    ("The bank said the tenge fell 3% against the dollar.",
     [("3%", 3, 3, 3, "exact", "percentage", None, "reported", "The bank")]),
    ("Internet access was cut for five days.",
     [("five", 5, 5, 5, "exact", "duration", "time", "reported", None)]),
    ("It was the worst unrest in Kazakhstan's 30 years of independence.",
     [("30", 30, 30, 30, "exact", "duration", "time", "reported", None)]),
    ("Nazarbayev, 81, ruled Kazakhstan for nearly three decades.",
     [("81", 81, 81, 81, "exact", "other", None, "reported", None),       # an age
      ("nearly three", 3, None, 3, "about", "duration", "time", "reported", None)]),
    # --- other counts
    ("Almaty's 1.8 million residents were left without internet access.",
     [("1.8 million", 1_800_000, 1_800_000, 1_800_000, "exact", "count", None, "reported", None)]),
    ("Police seized 12-gauge shotguns and more than 200 rifles from looters.",
     [("more than 200", None, 200, None, "more_than", "count", None, "reported", None)]),
    ("Two or three police stations were set on fire in Taraz.",
     [("Two or three", None, 2, 3, "range", "count", None, "reported", None)]),
    ("Tokayev said 20,000 bandits had attacked Almaty.",
     [("20,000", 20000, 20000, 20000, "exact", "count", None, "reported", "Tokayev")]),
    ("Ruslan Balbek told RIA Novosti that 2,000 militants had been trained abroad.",
     [("2,000", 2000, 2000, 2000, "exact", "count", None, "reported", "Ruslan Balbek")]),
    ("Kazakhstan's population of 19 million is spread over a vast territory.",
     [("19 million", 19_000_000, 19_000_000, 19_000_000, "exact", "count", None, "reported", None)]),
]


@pytest.mark.parametrize("sentence, expected", WIRE_REPORTS, ids=[s[:50] for s, _ in WIRE_REPORTS])
def test_wire_report_figures_are_classified(sentence, expected):
    assert [row(c) for c in extract_figures(sentence)] == expected


def test_the_wire_report_table_is_large_enough_to_mean_something():
    assert len(WIRE_REPORTS) >= 40
    assert sum(len(figures) for _, figures in WIRE_REPORTS) >= 50


@pytest.mark.parametrize("sentence", [
    "Tokayev said he had ordered troops to shoot to kill without warning.",
    "The state of emergency will last until January 19.",
    "The curfew runs from 11 p.m. to 7 a.m.",
    "Kazakhstan is the world's ninth-largest country.",
    "Nazarbayev was the country's first president and ruled until 2019.",
    "Khabar 24 showed footage of 12-gauge shotguns and AK-47 rifles.",
    "One of the protesters said no one had been warned.",
])
def test_dates_ranks_names_and_model_numbers_yield_no_figures(sentence):
    assert extract_figures(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Gas prices doubled to 120 tenge, and protesters were killed.",
    "Tokayev won 81% of the vote before 18 people died.",
    "The crowd of 5,000 protesters was dispersed and dozens were killed.",
    "For the second day, prices rose 20% and police detained protesters.",
])
def test_prices_shares_ranks_and_crowds_are_never_labelled_casualties(sentence):
    for c in extract_figures(sentence):
        if c.text in ("120", "81%", "5,000", "20%"):
            assert c.measure not in CASUALTY_MEASURES, c


# --------------------------------------------------------------------------- the real articles

def brief(c: FigureCandidate) -> tuple:
    return (c.text, c.measure, c.subject, c.modality, c.attributed_to)


def test_the_rioters_liquidated_article_is_read_as_a_curator_would():
    figures = extract_figures(article_text("rioters-liquidated"))
    assert [brief(c) for c in figures] == [
        ("dozens", "killed", "rioters", "reported", "police"),
        ("18", "killed", "security_forces", "reported", "Kazakhstan’s Interior Ministry"),
        ("more than 2,000", "detained", "people", "reported", "Kazakhstan’s Interior Ministry"),
        ("an unknown number", "killed", "people", "reported", "Radio Liberty’s Kazakh Service"),
        ("at least two", "count", "towns", "reported", "Radio Liberty’s Kazakh Service"),
        ("more than 1,000", "injured", "people", "reported", "the Health Ministry"),
        ("400", "hospitalized", "people", "reported", "the Health Ministry"),
        ("Sixty-two", "intensive_care", "people", "reported", "RFE/RL’s Kazakh Service"),
        ("one", "count", "towns", "reported", "RFE/RL"),
        ("some 70", "deployed", "foreign_troops", "reported", None),
        ("about 200", "deployed", "foreign_troops", "reported", "some sources"),
        ("150", "deployed", "foreign_troops", "expected", "some sources"),
    ]


def test_the_forces_fly_in_article_is_read_as_a_curator_would():
    figures = extract_figures(article_text("forces-fly-in"))
    assert [brief(c) for c in figures] == [
        ("At least 2,500", "deployed", "foreign_troops", "reported", None),
        ("about 2,500", "deployed", "foreign_troops", "reported", None),
        ("several", "duration", "time", "planned", "the Russian RIA news agency"),
        ("Some 18", "killed", "security_forces", "reported", "officials"),
        ("dozens", "killed", "people", "reported", "police"),
        ("2,298", "detained", "protesters", "reported", "Kazakhstan’s interior ministry"),
        ("many", "count", "people", "reported", None),
        ("doubled", "price_change", "fuel_price", "reported", None),
        ("six", "duration", "time", "planned", "The government"),
        ("nearly 100%", "percentage", "vote", "reported", None),
    ]


def test_the_internet_shut_off_article_is_read_as_a_curator_would():
    figures = extract_figures(article_text("internet-shut-off"))
    assert [brief(c) for c in figures] == [
        ("eight", "killed", "security_forces", "reported", "the Kazakh Interior Ministry"),
        ("over 300", "injured", "security_forces", "reported", "the Kazakh Interior Ministry"),
        ("six", "count", "states", "reported", None),
        ("two-week", "duration", "time", "announced", None),   # 'vowed to ... put Kazakhstan under'
        ("Many", "crowd", "protesters", "reported", None),   # 'Many of the protesters were shouting'
    ]


def test_figures_quote_their_article_and_their_sentence():
    text = article_text("rioters-liquidated")
    for c in extract_figures(text):
        assert text[c.char_start:c.char_end] == c.text
        assert c.text in c.sentence and c.sentence in text


# --------------------------------------------------------------------------- the JSON form and the vocabularies

def test_figure_to_json_has_exactly_the_agreed_keys():
    c = extract_figures("At least 164 people were killed, the health ministry said.")[0]
    assert list(figure_to_json(c)) == list(JSON_KEYS) == [
        "text", "char_start", "char_end", "value", "low", "high", "qualifier", "measure", "subject", "modality",
        "attributed_to"]
    assert figure_to_json(c)["low"] == 164 and figure_to_json(c)["attributed_to"] == "the health ministry"


def test_every_field_stays_in_its_vocabulary_on_the_real_articles():
    for slug in ("forces-fly-in", "rioters-liquidated", "internet-shut-off"):
        for c in extract_figures(article_text(slug)):
            assert c.measure in MEASURES and c.modality in MODALITIES


def test_a_text_without_numbers_has_no_figures():
    assert extract_figures("The government resigned.") == []
    assert extract_figures("") == []


# --------------------------------------------------------------------------- quality on reports written blind

# Two sets of wire-style sentences written before the classifier had seen them, to measure it
# against the targets (>= 95% of casualty / detention / troop figures found, >= 90% with the right
# numbers and qualifier, >= 85% with the right measure). On their first run they scored
# found 100% / numbers 100% / measure 77% (set 1, 39 figures) and 100% / 100% / 93% (set 2, 27
# figures, written after set 1 had been fixed). Fixes since were general (synonyms such as
# "eliminated", partitives "two of the injured", "including ..." asides), but both sets are no
# longer unseen: new sentences are the honest measure.
# (sentence, [(text, value, low, high, qualifier, measure)])
BLIND_SET_1 = [
    ("Kazakhstan's health ministry said on Sunday that 164 people, including three children, had been killed.",
     [("164", 164, 164, 164, "exact", "killed"), ("three", 3, 3, 3, "exact", "killed")]),
    ("The toll among security forces stood at 16 dead, with more than 1,300 wounded.",
     [("16", 16, 16, 16, "exact", "killed"), ("more than 1,300", None, 1300, None, "more_than", "injured")]),
    ("Authorities have detained 5,800 people, including a number of foreign citizens, the president's office said.",
     [("5,800", 5800, 5800, 5800, "exact", "detained"), ("a number", None, None, None, "vague", "detained")]),
    ("Russia's contingent of around 3,000 paratroopers is guarding strategic facilities.",
     [("around 3,000", 3000, None, None, "about", "deployed")]),
    ("The alliance's force, which numbers 2,030 troops, will begin pulling out in two days.",
     [("2,030", 2030, 2030, 2030, "exact", "deployed"), ("two", 2, 2, 2, "exact", "duration")]),
    ("Protesters set fire to the mayor's office as at least 1,000 people rallied in the city centre.",
     [("at least 1,000", None, 1000, None, "at_least", "crowd")]),
    ('Police said 26 "armed criminals" had been eliminated and 3,000 detained.',
     [("26", 26, 26, 26, "exact", "killed"), ("3,000", 3000, 3000, 3000, "exact", "detained")]),
    ("Up to 18 members of the security forces lost their lives in the clashes.",
     [("Up to 18", None, None, 18, "up_to", "killed")]),
    ("More than 4,000 people sought medical treatment, and 500 remain in serious condition.",
     [("More than 4,000", None, 4000, None, "more_than", "injured"), ("500", 500, 500, 500, "exact", "intensive_care")]),
    ("Kyrgyz lawmakers approved sending 150 servicemen to Kazakhstan.",
     [("150", 150, 150, 150, "exact", "deployed")]),
    ("Belarus said it had dispatched a unit of some 500 soldiers.",
     [("some 500", 500, None, None, "about", "deployed")]),
    ("Roughly 2,000 people were arrested in Almaty alone, a police spokesman told AFP.",
     [("Roughly 2,000", 2000, None, None, "about", "detained")]),
    ("At least 40 bodies were brought to the city morgue overnight.",
     [("At least 40", None, 40, None, "at_least", "killed")]),
    ("The government said 7,939 people had been detained nationwide.",
     [("7,939", 7939, 7939, 7939, "exact", "detained")]),
    ("Around 100 people were wounded when police opened fire in Taldykorgan.",
     [("Around 100", 100, None, None, "about", "injured")]),
    ("Dozens of police officers were taken to hospital.",
     [("Dozens", None, None, None, "vague", "hospitalized")]),
    ("Tens of thousands of people protested in Almaty on Wednesday.",
     [("Tens of thousands", None, None, None, "vague", "crowd")]),
    ("The interior ministry put the number of injured police at 1,300.",
     [("1,300", 1300, 1300, 1300, "exact", "injured")]),
    ("Fighting left 12 police officers dead, one of them decapitated.",
     [("12", 12, 12, 12, "exact", "killed")]),
    ("Russian troops, numbering about 2,500, began arriving on Thursday.",
     [("about 2,500", 2500, None, None, "about", "deployed")]),
    ("The CSTO will deploy 3,600 troops in total, Tokayev said.",
     [("3,600", 3600, 3600, 3600, "exact", "deployed")]),
    ("Fourteen protesters were shot dead in Aktobe, a human rights group said.",
     [("Fourteen", 14, 14, 14, "exact", "killed")]),
    ("Over 9,900 people have been detained so far, the ministry said.",
     [("Over 9,900", None, 9900, None, "more_than", "detained")]),
    ("Two of the injured later died in hospital.",
     [("Two", 2, 2, 2, "exact", "killed")]),
    ("Another 1,000 troops are expected to arrive from Russia.",
     [("1,000", 1000, 1000, 1000, "exact", "deployed")]),
    ("Some 300 demonstrators gathered outside the akimat.",
     [("Some 300", 300, None, None, "about", "crowd")]),
    ("A total of 225 bodies have been recovered, prosecutors said.",
     [("225", 225, 225, 225, "exact", "killed")]),
    ("About 2,600 people were hospitalised, 67 of them in a critical condition.",
     [("About 2,600", 2600, None, None, "about", "hospitalized"), ("67", 67, 67, 67, "exact", "intensive_care")]),
    ("The interior ministry said that 2,298 people had been arrested and 18 officers killed.",
     [("2,298", 2298, 2298, 2298, "exact", "detained"), ("18", 18, 18, 18, "exact", "killed")]),
    ("Nearly 1,000 people were injured in Almaty, with 400 of them admitted to hospitals.",
     [("Nearly 1,000", 1000, None, 1000, "about", "injured"), ("400", 400, 400, 400, "exact", "hospitalized")]),
]

BLIND_SET_2 = [
    ("Officials said 18 law enforcement officers had died and 748 had been injured.",
     [("18", 18, 18, 18, "exact", "killed"), ("748", 748, 748, 748, "exact", "injured")]),
    ("Kazakh authorities say nearly 10,000 people have been detained over the unrest.",
     [("nearly 10,000", 10000, None, 10000, "about", "detained")]),
    ("Some 3,000 Russian servicemen landed at Almaty airport, the defence ministry said.",
     [("Some 3,000", 3000, None, None, "about", "deployed")]),
    ("At least 12 protesters were gunned down outside the akimat in Almaty.",
     [("At least 12", None, 12, None, "at_least", "killed")]),
    ("Police in Almaty said they had arrested 1,700 people by Saturday.",
     [("1,700", 1700, 1700, 1700, "exact", "detained")]),
    ("The CSTO's peacekeeping mission, about 2,000 strong, will remain for several days.",
     [("about 2,000", 2000, None, None, "about", "deployed"), ("several", None, None, None, "vague", "duration")]),
    ("Around 5,000 people demonstrated in Zhanaozen, where the protests began.",
     [("Around 5,000", 5000, None, None, "about", "crowd")]),
    ("Dozens were killed and hundreds more were wounded when security forces opened fire.",
     [("Dozens", None, None, None, "vague", "killed"), ("hundreds", None, None, None, "vague", "injured")]),
    ("More than 1,000 rioters have been taken into custody.",
     [("More than 1,000", None, 1000, None, "more_than", "detained")]),
    ("Health officials said 2,265 people had received medical assistance and 1,000 were still in hospital.",
     [("2,265", 2265, 2265, 2265, "exact", "injured"), ("1,000", 1000, 1000, 1000, "exact", "hospitalized")]),
    ("At least 5,000 troops from Russia are taking part in the mission.",
     [("At least 5,000", None, 5000, None, "at_least", "deployed")]),
    ("Eighteen security officers died, two of whom were beheaded, the ministry said.",
     [("Eighteen", 18, 18, 18, "exact", "killed"), ("two", 2, 2, 2, "exact", "killed")]),
    ("The interior ministry reported 16 deaths among police and national guard troops.",
     [("16", 16, 16, 16, "exact", "killed")]),
    ("Kazakhstan said 4,353 people had been injured in the unrest, including 1,300 police officers.",
     [("4,353", 4353, 4353, 4353, "exact", "injured"), ("1,300", 1300, 1300, 1300, "exact", "injured")]),
    ("Tajikistan's 200 peacekeepers were due to arrive on Friday.",
     [("200", 200, 200, 200, "exact", "deployed")]),
    ("An estimated 20,000 people rallied in Almaty's Republic Square.",
     [("An estimated 20,000", 20000, None, None, "about", "crowd")]),
    ("The bodies of 25 people were found after the fighting.",
     [("25", 25, 25, 25, "exact", "killed")]),
    ("Some 1,900 of those detained remain in jail.",
     [("Some 1,900", 1900, None, None, "about", "detained")]),
    ("Police said 44 officers were wounded by gunfire.",
     [("44", 44, 44, 44, "exact", "injured")]),
    ("A spokesman said 3,000 Russian troops would be withdrawn within 10 days.",
     [("3,000", 3000, 3000, 3000, "exact", "deployed"), ("10", 10, 10, 10, "exact", "duration")]),
]


def quality(cases) -> tuple[float, float, float]:
    """Shares of gold figures found (by exact text), read right (value/low/high/qualifier), measured right."""
    total = found = numbers = measured = 0
    for sentence, gold in cases:
        got = {c.text: c for c in extract_figures(sentence)}
        for text, value, low, high, qualifier, measure in gold:
            total += 1
            c = got.get(text)
            if c is None:
                continue
            found += 1
            numbers += (c.value, c.low, c.high, c.qualifier) == (value, low, high, qualifier)
            measured += c.measure == measure
    return found / total, numbers / total, measured / total


@pytest.mark.parametrize("cases", [BLIND_SET_1, BLIND_SET_2], ids=["set 1", "set 2"])
def test_quality_targets_are_met_on_the_blind_written_reports(cases):
    found, numbers, measured = quality(cases)
    assert found >= 0.95 and numbers >= 0.90 and measured >= 0.85, (found, numbers, measured)


def test_the_quality_measure_would_notice_a_wrong_classifier():
    wrong = [(sentence, [(t, v, lo, hi, "exact" if q != "exact" else "about", "count") for t, v, lo, hi, q, m in gold])
             for sentence, gold in BLIND_SET_1]
    found, numbers, measured = quality(wrong)
    assert found == 1.0 and numbers == 0.0 and measured < 0.2


# --------------------------------------------------------------------------- robustness

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = ["At least 164", "people", "were killed", ",", "the health ministry said", ".", "Police", "detained",
          "2,298", "protesters", "including", "three", "of whom", "according to", "RIA", "will send", "troops",
          "prices doubled to", "120 tenge", "nearly 100%", "Khabar 24", "reported", "that", "dozens", "of the",
          "injured", ";", "and", "January 6", "\n", "“", "”", "told", "Mr.", "Jan.", "expected to", "some"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_extract_figures_never_fails_and_always_quotes_its_input(pieces):
    text = " ".join(pieces)
    for c in extract_figures(text):
        assert text[c.char_start:c.char_end] == c.text
        assert c.measure in MEASURES and c.modality in MODALITIES
        assert c.text in c.sentence


def test_the_extractor_speaks_the_dataset_s_vocabularies():
    """Drafted figures must build: every measure, subject and modality the extractor emits, on the real articles
    and on every evaluation passage, is a value of schema.yaml's vocabularies (no 'police', no 'criminals')."""
    import yaml

    texts = [article_text(slug) for slug in ("forces-fly-in", "rioters-liquidated", "internet-shut-off")]
    for path in (ROOT / "bench" / "eval").glob("*.yaml"):
        texts += [entry["text"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]
    emitted = [c for text in texts for c in extract_figures(text)]
    assert len(emitted) > 700
    assert {c.measure for c in emitted} <= MEASURES and {c.modality for c in emitted} <= MODALITIES
    assert {c.subject for c in emitted} - {None} <= SUBJECTS
    assert len({c.subject for c in emitted}) >= 8, "subjects are mapped onto the schema, not all dropped"


# The reading of every curated figure, written out by hand from its words and schema.yaml's qualifier rules
# (the build derives these with the normalizer, so the build's rows cannot be the expectation):
# (source, figure id, text) -> (value, low, high, qualifier)
CURATED_READINGS = {
    ("forces-fly-in", "csto-force-headline", "At least 2,500"): (None, 2500, None, "at_least"),
    ("forces-fly-in", "csto-force-body", "about 2,500"): (2500, None, None, "about"),
    ("forces-fly-in", "csto-force-stay", "several days or weeks"): (None, None, None, "vague"),
    ("forces-fly-in", "security-force-deaths", "Some 18"): (18, None, None, "about"),
    ("forces-fly-in", "rioters-killed-by-police", "dozens"): (None, None, None, "vague"),
    ("forces-fly-in", "protesters-detained", "2,298"): (2298, 2298, 2298, "exact"),
    ("forces-fly-in", "lpg-users", "many"): (None, None, None, "vague"),
    ("forces-fly-in", "lpg-price-doubled", "doubled"): (2, 2, 2, "exact"),
    ("forces-fly-in", "price-caps-duration", "six months"): (6, 6, 6, "exact"),
    ("forces-fly-in", "ruling-party-vote-share", "nearly 100%"): (100, None, 100, "about"),
    ("internet-shut-off", "security-force-deaths", "eight"): (8, 8, 8, "exact"),
    ("internet-shut-off", "security-force-injuries", "over 300"): (None, 300, None, "more_than"),
    ("internet-shut-off", "csto-member-states", "six former Soviet states"): (6, 6, 6, "exact"),
    ("internet-shut-off", "state-of-emergency-duration", "two-week"): (2, 2, 2, "exact"),
    ("internet-shut-off", "protesters-shouting", "Many"): (None, None, None, "vague"),
    ("rioters-liquidated", "rioters-liquidated", "dozens"): (None, None, None, "vague"),
    ("rioters-liquidated", "security-personnel-died", "18"): (18, 18, 18, "exact"),
    ("rioters-liquidated", "people-arrested", "more than 2,000"): (None, 2000, None, "more_than"),
    ("rioters-liquidated", "killed-in-smaller-towns", "an unknown number"): (None, None, None, "unknown"),
    ("rioters-liquidated", "smaller-towns-with-deaths", "at least two smaller towns"): (None, 2, None, "at_least"),
    ("rioters-liquidated", "people-injured", "more than 1,000"): (None, 1000, None, "more_than"),
    ("rioters-liquidated", "people-hospitalized", "400"): (400, 400, 400, "exact"),
    ("rioters-liquidated", "people-in-intensive-care", "Sixty-two"): (62, 62, 62, "exact"),
    ("rioters-liquidated", "other-city-airport-shut", "one other city"): (1, 1, 1, "exact"),
    ("rioters-liquidated", "armenian-soldiers", "some 70"): (70, None, None, "about"),
    ("rioters-liquidated", "tajik-peacekeepers", "about 200"): (200, None, None, "about"),
    ("rioters-liquidated", "kyrgyz-troops", "150"): (150, 150, 150, "exact"),
}


def test_the_extractor_finds_every_curated_figure_with_the_curator_s_reading_and_measure():
    """What a curator recorded in sources/*/annotations.yaml, the extractor finds unaided: the same words,
    the measure the curator chose and the reading written out above (or the one the curator wrote)."""
    import yaml

    from unrest.spans import locate

    checked = 0
    for path in sorted((ROOT / "sources").glob("*/annotations.yaml")):
        slug = path.parent.name
        text = article_text(slug)
        found = extract_figures(text)
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("figures") or []:
            if entry.get("review_status", "curated") != "curated":
                continue
            start, end = locate(text, entry["text"], entry.get("occurrence"))
            overlapping = [c for c in found if c.char_start < end and start < c.char_end]
            assert overlapping, f"{slug} {entry['id']} ({entry['text']!r}) not found"
            c = overlapping[0]
            expected = CURATED_READINGS.get((slug, entry["id"], entry["text"]))
            if expected is None and "qualifier" in entry:
                expected = tuple(entry.get(k) for k in ("value", "low", "high", "qualifier"))
            if expected is not None:
                assert (c.value, c.low, c.high, c.qualifier) == expected, (slug, entry["id"])
                checked += 1
            assert c.measure == entry["measure"], (slug, entry["id"], c.measure)
    assert checked >= 25


# --------------------------------------------------------------------------- the evaluation sets

def test_the_evaluation_sets_are_labelled_by_schema_yaml_s_rules(schema):
    """Every gold number of bench/eval/*.yaml is found in its passage, every number is labelled, and every
    label and reading follows schema.yaml's vocabularies and qualifier conventions."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("score_extract", ROOT / "bench" / "score_extract.py")
    scorer = importlib.util.module_from_spec(spec)
    sys.modules["score_extract"] = scorer  # dataclasses look their module up
    spec.loader.exec_module(scorer)
    vocabularies = {name: set(v.values) for name, v in schema.vocabularies.items()}
    for path in scorer.SETS.values():
        passages, problems = scorer.load_set(path, vocabularies)
        assert problems == [] and len(passages) >= 100, path.name
    assert scorer.reading_problem("exact", 5, 5, 5) is None
    assert scorer.reading_problem("about", 5, 5, 5) is not None, "the check must be able to fail"


# --------------------------------------------------------------------------- the patterns of issue 11, one test each

def measures(text: str) -> list[tuple[str, str]]:
    return [(c.text, c.measure) for c in extract_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("Thirty-four students, five teachers and a janitor were killed in the raid.",
     [("Thirty-four", "killed"), ("five", "killed")]),
    ("Eighty demonstrators and 14 policemen were wounded near the square.", [("Eighty", "injured"), ("14", "injured")]),
    ("12 journalists, 40 students and two doctors were detained overnight, the union said.",
     [("12", "detained"), ("40", "detained"), ("two", "detained")]),
    ("Police rounded up 300 protesters, 25 reporters and a dozen lawyers.",
     [("300", "detained"), ("25", "detained"), ("a dozen", "detained")]),
])
def test_a_coordinated_list_shares_its_verb(text, expected):
    assert measures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("By Tuesday the number of people injured had climbed to 615.", [("615", "injured")]),
    ("The death toll now stands at 91, officials said.", [("91", "killed")]),
    ("Those held in the sweep now number in the hundreds.", [("hundreds", "detained")]),
    ("A list of the detained, drawn up by relatives, ran to more than 300 names.", [("more than 300", "detained")]),
    ("Twenty-nine men, among them a lawyer who had represented the strikers for years, were arrested on Monday.",
     [("Twenty-nine", "detained")]),
    ("The gendarmerie has 8,000 paratroopers in the province, about 3,000 of whom were sent in last week.",
     [("8,000", "deployed"), ("about 3,000", "deployed")]),
    ("The tally of fatalities rose to 46 on Friday.", [("46", "killed")]),
])
def test_the_measure_word_may_stand_away_from_the_number(text, expected):
    assert measures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Fifty-one people were admitted to hospital overnight.", [("Fifty-one", "hospitalized")]),
    ("A private clinic took in 38 wounded.", [("38", "hospitalized")]),
    ("About 90 people sought treatment for tear gas.", [("About 90", "injured")]),
    ("Six patients are in a critical condition.", [("Six", "intensive_care")]),
    ("The hospital treated 210 people, 180 of them on an outpatient basis.", [("210", "injured"), ("180", "injured")]),
    ("Three of the injured were rushed to the regional hospital.", [("Three", "hospitalized")]),
])
def test_hospital_and_medical_wording(text, expected):
    assert measures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The toll reached 63, of whom 21 were soldiers.", [("63", "killed"), ("21", "killed")]),
    ("At least 48 people died, including 9 security officers.", [("At least 48", "killed"), ("9", "killed")]),
    ("Authorities detained 700 people. They included 45 foreigners.", [("700", "detained"), ("45", "detained")]),
    ("Of the 12 dead, three were children.", [("12", "killed"), ("three", "killed")]),
    ("Police arrested 150 people, 20 of them minors.", [("150", "detained"), ("20", "detained")]),
])
def test_partitives_and_subsets_take_the_measure_of_their_whole(text, expected):
    assert measures(text) == expected


@pytest.mark.parametrize("text, measure", [
    ("Troops captured 33 fighters.", "detained"),
    ("Police rounded up 70 youths.", "detained"),
    ("Soldiers swept up about 400 men in the market.", "detained"),
    ("Some 60 people were taken into custody.", "detained"),
    ("Officials identified 14 bodies.", "killed"),
    ("The opposition mourned 26 martyrs.", "killed"),
    ("The city honoured 17 heroes who died in the clashes.", "killed"),
    ("The security services said they had liquidated 12 militants.", "killed"),
    ("The army neutralised 8 gunmen.", "killed"),
    ("The agency reported 57 fatalities.", "killed"),
    ("The group listed 1,200 detainees.", "detained"),
    ("The country holds 900 political prisoners.", "detained"),
])
def test_verbs_and_nouns_of_killing_and_detention(text, measure):
    (c,) = extract_figures(text)
    assert c.measure == measure, text


@pytest.mark.parametrize("text, expected", [
    ("Hundreds, possibly thousands, were injured.", [("Hundreds", "injured"), ("thousands", "injured")]),
    ("The marchers, a few thousand in all, were dispersed.", [("a few thousand", "crowd")]),
    ("Dozens Arrested After Stadium Clashes", [("Dozens", "detained")]),
    ("Scores Dead As Flood Of Protesters Meets Troops", [("Scores", "killed")]),
])
def test_vague_amounts_in_split_frames_and_headlines(text, expected):
    assert measures(text) == expected


def test_number_forms_one_and_a_half_hundred_brackets_and_one_of_them():
    (c,) = extract_figures("Police detained one and a half hundred people.")
    assert (c.value, c.measure) == (150, "detained")
    (c,) = extract_figures("Police detained (75) people.")
    assert (c.text, c.value, c.measure) == ("75", 75, "detained")
    assert measures("Four protesters were shot dead, one of them a teenager.") == [("Four", "killed"), ("one", "killed")]


@pytest.mark.parametrize("text, expected", [
    ("Four opposition forces signed the declaration.", [("Four", "count")]),
    ("The trial of 19 defendants opened on Monday.", [("19", "count")]),
    ("Prosecutors charged 44 people with rioting.", [("44", "count")]),
    ("Authorities released 230 detainees on bail.", [("230", "count")]),
    ("At least 70 people are missing.", [("At least 70", "count")]),
    ("Twelve officers were held hostage for six hours.", [("Twelve", "count"), ("six", "duration")]),
])
def test_false_alarms_are_counts_not_casualties(text, expected):
    assert measures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Interfax reported, citing police, that 31 people had been detained.", [("31", "detained")]),
    ("Bishkek 4 Dead, 200 Hurt", [("4", "killed"), ("200", "injured")]),
    ("Killed in the shelling were 9 villagers.", [("9", "killed")]),
    ("Arrested on Sunday were more than 50 students.", [("more than 50", "detained")]),
])
def test_citing_chains_headlines_and_unusual_word_order(text, expected):
    assert measures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The protests began on 3 March 2021 and peaked on March 7.", []),
    ("A 19-year-old and Karim, 23, were among the dead.", [("19-year-old", "other"), ("23", "other")]),
    ("Bread now costs 300 pounds, up from 120.", [("300", "price_change"), ("120", "price_change")]),
    ("He was sentenced to 12 years in prison.", [("12", "duration")]),
    ("They were charged under Article 222 of the penal code.", []),
    ("A crowd of 40,000 gathered peacefully.", [("40,000", "crowd")]),
    ("Section 144 was imposed at 6 p.m.", []),
])
def test_distractors_are_never_casualties(text, expected):
    assert measures(text) == expected
