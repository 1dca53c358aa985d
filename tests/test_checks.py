"""The build's checks that a row says no more than its sentence (unrest/checks.py; the words they read are in unrest/text.py).

Each bad-input test writes into a copy of sources/ a mistake of the kind an independent reading
found (most of them the very rows it found, as they were), and asserts that the build stops with a
message naming file, line, entry and the fix, and leaves the previous database byte-identical.
"""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

import yaml
from conftest import ROOT

import build
from unrest import checks

RL = "rioters-liquidated/annotations.yaml"
ISO = "internet-shut-off/annotations.yaml"
FFI = "forces-fly-in/annotations.yaml"


# --- breaking a copy of sources/ (the sources_copy fixture, in conftest.py) ------------------------

def change(sources: Path, rel: str, old: str, new: str) -> None:
    """Replace the curator's words in place, so every other entry keeps its line."""
    path = sources / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} is not once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def where(rel: str, section: str, entry_id: str, sources: Path = ROOT / "sources") -> str:
    """How a problem names an entry: 'sources/<file>:<line>: <section>[<i>] '<id>'', as it stands in `sources`."""
    path = sources / rel
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = entries[section] if isinstance(entries, dict) else entries
    index = next(i for i, e in enumerate(entries) if e.get("id") == entry_id)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip() == f"- id: {entry_id}")
    return f"sources/{rel}:{line}: {section}[{index}] '{entry_id}': "


def rejected(sources: Path, out: Path, *expected: str) -> str:
    before = out.read_bytes()
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        status = build.build(out, sources)
    assert status == 1, stderr.getvalue()
    for words in expected:
        assert words in stderr.getvalue(), f"{words!r} not in:\n{stderr.getvalue()}"
    assert out.read_bytes() == before, "the previous database must be left byte-identical"
    return stderr.getvalue()


def accepted(sources: Path, out: Path) -> None:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        assert build.build(out, sources) == 0, stderr.getvalue()


ICU_CLAIM = """    text: Sixty-two people are in the intensive care unit, according to RFE/RL’s Kazakh Service
    claimant_id: rfe-rl-kazakh-service
"""
ICU_AS_BEFORE = """    text: Sixty-two people are in the intensive care unit, according to RFE/RL’s Kazakh Service
    claimant_id: health-ministry
    reported_via_id: rfe-rl-kazakh-service
"""


# --- attribution is local -----------------------------------------------------------------------------

def test_a_claimant_the_sentence_does_not_name_is_rejected_with_the_fix(sources_copy):
    # the reading the independent review found: the Health Ministry, relayed by the Kazakh Service
    sources, out = sources_copy
    change(sources, RL, ICU_CLAIM, ICU_AS_BEFORE)
    rejected(sources, out,
             where(RL, "claims", "intensive-care") + "claimant 'health-ministry' (Health Ministry of Kazakhstan) is "
             "not named in the claim's sentence 'Sixty-two people are in the intensive care unit, according to "
             "RFE/RL’s Kazakh Service': credit only whom the sentence names, or add attribution_basis quoting the "
             "words of this article that name 'health-ministry'",
             "in this sentence 'according to' is the verb of 'rfe-rl-kazakh-service'")


def test_a_relay_credited_in_the_next_sentence_is_rejected(sources_copy):
    sources, out = sources_copy
    change(sources, RL, """    claimant_id: health-ministry
    verb: said""", """    claimant_id: health-ministry
    reported_via_id: rfe-rl-kazakh-service
    verb: said""")
    rejected(sources, out, where(RL, "claims", "health-ministry-injured-hospitalized")
             + "relay 'rfe-rl-kazakh-service' (RFE/RL's Kazakh Service (Radio Liberty's Kazakh Service)) is not "
             "named in the claim's sentence 'Since the protests erupted earlier this week")


def test_a_figures_speaker_must_be_named_in_its_sentence_and_agree_with_its_claim(sources_copy):
    sources, out = sources_copy
    change(sources, RL, """    attributed_to: rfe-rl-kazakh-service
    place_id: kazakhstan
    quantity_id: people-in-intensive-care""", """    attributed_to: health-ministry
    place_id: kazakhstan
    quantity_id: people-in-intensive-care""")
    rejected(sources, out,
             where(RL, "figures", "people-in-intensive-care") + "attributed_to 'health-ministry' (Health Ministry "
             "of Kazakhstan) is not named in the figure's sentence",
             where(RL, "figures", "people-in-intensive-care") + "attributed_to is 'health-ministry' (Health "
             "Ministry of Kazakhstan), but its claim 'rioters-liquidated--intensive-care' is credited to "
             "'rfe-rl-kazakh-service' (RFE/RL's Kazakh Service (Radio Liberty's Kazakh Service)): a figure is "
             "credited to whoever its claim is")


def test_an_attribution_basis_must_quote_words_that_name_the_speaker(sources_copy):
    sources, out = sources_copy
    change(sources, RL, """    attribution_basis: "'him' is Balbek, named in the paragraph before, where 'Ruslan Balbek, told RIA Novosti on January 6' what follows; the relay is read as carrying over with his remarks (the text does not say where the later quotations were made).\"""",
           """    attribution_basis: "'him' is Balbek, the speaker of the paragraph before.\"""")
    rejected(sources, out,
             where(RL, "claims", "balbek-hands-visible") + "attribution_basis must quote, in 'single' or \"double\" "
             "quotation marks, words of this article that name claimant 'ruslan-balbek' (Ruslan Balbek)",
             "words of this article that name relay 'ria-novosti' (RIA Novosti)")


def test_an_attribution_basis_must_quote_the_article_verbatim(sources_copy):
    sources, out = sources_copy
    change(sources, RL, "named in the paragraph before, where 'Ruslan Balbek, told RIA Novosti on January 6'",
           "named in the paragraph before, where 'Ruslan Balbek told RIA Novosti on January 6'")
    rejected(sources, out, where(RL, "claims", "balbek-hands-visible") + "attribution_basis quotes words that are "
             "not in this article: 'Ruslan Balbek told RIA Novosti on January 6'; copy them from article.txt")


def test_an_attribution_basis_for_what_the_sentence_itself_says_is_rejected(sources_copy):
    sources, out = sources_copy
    change(sources, RL, ICU_CLAIM, ICU_CLAIM + """    attribution_basis: "Credited 'according to RFE/RL’s Kazakh Service'."
""")
    rejected(sources, out, where(RL, "claims", "intensive-care") + "attribution_basis is given, but the claim's own "
             "sentence names every speaker and gives the hedge: remove attribution_basis")


def test_reportedly_needs_a_hedging_word_in_the_sentence(sources_copy):
    # the old reading again: "reportedly" carried over from the sentence before
    sources, out = sources_copy
    change(sources, RL, ICU_CLAIM + """    verb: according to
    claim_type: casualty_report
    mode: indirect
""", ICU_CLAIM + """    verb: according to
    claim_type: casualty_report
    mode: indirect
    hedge: reportedly
""")
    rejected(sources, out, where(RL, "claims", "intensive-care") + "hedge 'reportedly' needs one of 'reportedly', "
             "'it is reported'", "set the hedge the sentence gives (none if it gives none), or add "
             "attribution_basis quoting the hedging words")


PRESIDENT_BASIS = """    attribution_basis: "'The president' is the one the article names 'President Kassym-Jomart Tokayev' two paragraphs later; it has called him 'the country’s authoritarian president' in its first paragraph."
"""


def test_a_speaker_the_sentence_only_describes_needs_a_basis_that_names_them(sources_copy):
    # the reading an independent review found: "The president has blamed …" credited to Tokayev with no basis,
    # passing only because "the president" is one of his aliases; and a basis quoting only another description
    sources, out = sources_copy
    change(sources, FFI, PRESIDENT_BASIS, "")
    change(sources, ISO, """    attribution_basis: "'a Russian-led military alliance' is the one the article names in its fifth paragraph, 'the Collective Security Treaty Organization, the Moscow-based alliance of six former Soviet states', whose 'council approved the deployment of peacekeepers'.\"""",
           """    attribution_basis: "'a Russian-led military alliance' is 'the Moscow-based alliance' of the fifth paragraph.\"""")
    rejected(sources, out,
             where(FFI, "claims", "tokayev-blames-terrorists") + "claimant 'kassym-jomart-tokayev' (Kassym-Jomart "
             "Tokayev) is referred to in the claim's sentence only as 'The president', a description that does not "
             "name it: add attribution_basis quoting the words of this article that name 'kassym-jomart-tokayev'",
             where(ISO, "claims", "csto-dispatching-peacekeepers") + "attribution_basis must quote, in 'single' or "
             "\"double\" quotation marks, words of this article that name claimant 'csto' (Collective Security Treaty "
             "Organization (CSTO)) (its name or an alias in sources/actors.yaml that names it, not only a "
             "description such as 'the president'")


def test_an_unnamed_spokesman_is_named_by_the_body_he_speaks_for(sources_copy):
    # "a spokesman said": whose spokesman is in the sentence before; a basis quoting only "a spokesman" names no one
    sources, out = sources_copy
    change(sources, FFI, "read as the spokesman of 'The US State Department' named in the sentence before it.",
           "read as the same spokesman's.")
    rejected(sources, out, where(FFI, "claims", "spokesman-watching-seizure") + "attribution_basis must quote, in "
             "'single' or \"double\" quotation marks, words of this article that name claimant "
             "'state-department-spokesman' (US State Department spokesman (unnamed)) (its name or an alias in "
             "sources/actors.yaml that names it, not only a description such as 'the president'; for an unnamed "
             "speaker, the body it speaks for)")


# --- narration is not a claim by its subject ---------------------------------------------------------

COUNCIL = """  - id: csto-council-approved
    text: Within hours, the CSTO’s council approved the deployment of peacekeepers.
    claim_type: event_report
    mode: narration
"""


def test_an_act_the_outlet_narrates_credited_to_the_actor_is_rejected(sources_copy):
    # the old reading: the council as claimant of its own act, "approved" as the reporting verb
    sources, out = sources_copy
    change(sources, ISO, COUNCIL, """  - id: csto-council-approved
    text: Within hours, the CSTO’s council approved the deployment of peacekeepers.
    claimant_id: csto-council
    verb: approved
    claim_type: decision
    mode: indirect
""")
    rejected(sources, out, where(ISO, "claims", "csto-council-approved") + "verb 'approved' is not a reporting verb "
             "(said, told, according to, announced, vowed, claimed, accused …): an act the outlet narrates has no "
             "claimant: remove claimant_id (and reported_via_id), set mode narration")


def test_a_claimant_who_is_not_the_speaker_of_the_verb_is_rejected(sources_copy):
    # "Media reports note that police … said": the media relay, the police speak
    sources, out = sources_copy
    change(sources, RL, """    claimant_id: almaty-police
    reported_via_id: unnamed-media
    verb: said
    claim_type: event_report""", """    claimant_id: unnamed-media
    verb: said
    claim_type: event_report""")
    rejected(sources, out, where(RL, "claims", "demonstrators-stormed-buildings") + "in this sentence 'said' is the "
             "verb of 'almaty-police' (Police in Almaty), not of the claimant 'unnamed-media' (Media reports "
             "(unnamed outlets)): credit the speaker of the verb (a relay goes in reported_via_id)")


def test_a_relay_that_is_only_where_the_claimant_spoke_is_rejected(sources_copy):
    # the old reading: "In an address on state TV on Wednesday, President Kassym-Jomart Tokayev appealed …" with
    # state TV as the first hop, though the article does not credit it as its source
    sources, out = sources_copy
    change(sources, FFI, """    claimant_id: kassym-jomart-tokayev
    verb: appealed""", """    claimant_id: kassym-jomart-tokayev
    reported_via_id: kazakh-state-tv
    verb: appealed""")
    rejected(sources, out, where(FFI, "claims", "tokayev-appeals-to-csto") + "relay 'kazakh-state-tv' (Kazakh state "
             "TV) is named in the claim's sentence as 'state TV', but not as passing the claim on: a relay is whom the "
             "text credits with it ('X reported', 'according to X', 'told X'); where the words say only where or how "
             "the claimant spoke ('In an address on state TV'), remove reported_via_id and list the actor under "
             "actors with role subject")


def test_a_claim_with_a_claimant_needs_its_reporting_verb(sources_copy):
    sources, out = sources_copy
    change(sources, FFI, """    claimant_id: state-department-spokesman
    verb: said
    claim_type: warning
    mode: direct
    proposition_id: us-watching-deployment
    attribution_basis: "An unattributed""", """    claimant_id: state-department-spokesman
    claim_type: warning
    mode: direct
    proposition_id: us-watching-deployment
    attribution_basis: "An unattributed""")
    rejected(sources, out, where(FFI, "claims", "spokesman-watching-seizure") + "a claim with a claimant needs, in "
             "verb, the reporting verb that credits it")


def test_a_verb_that_is_not_in_the_sentence_is_rejected(sources_copy):
    sources, out = sources_copy
    change(sources, FFI, """    claimant_id: kazakh-police
    verb: said""", """    claimant_id: kazakh-police
    verb: told""")
    rejected(sources, out, where(FFI, "claims", "police-killed-rioters") + "verb 'told' is not in the claim's "
             "sentence 'Some 18 members of the security forces have died in Almaty, officials said")


def test_reported_speech_without_a_speaker_and_speech_acts_without_one_are_rejected(sources_copy):
    sources, out = sources_copy
    change(sources, ISO, COUNCIL, COUNCIL.replace("event_report", "decision").replace("narration", "indirect"))
    rejected(sources, out,
             where(ISO, "claims", "csto-council-approved") + "mode 'indirect' is someone's speech, but the claim "
             "has no claimant: credit the speaker the sentence names (claimant_id), or, for the outlet's own "
             "voice, set mode narration",
             where(ISO, "claims", "csto-council-approved") + "claim_type 'decision' is something a speaker does, "
             "but the claim has no claimant")


def test_a_commitment_announced_by_no_one_is_rejected(sources_copy):
    # the old state of emergency: narrated by the outlet, yet a commitment the actor made
    sources, out = sources_copy
    change(sources, ISO, """    modality: announced
    attributed_to: kassym-jomart-tokayev""", """    modality: announced""")
    change(sources, ISO, """    claimant_id: kassym-jomart-tokayev
    verb: vowed
    claim_type: pledge
    mode: indirect
    proposition_id: state-of-emergency""", """    claim_type: event_report
    mode: narration
    proposition_id: state-of-emergency""")
    rejected(sources, out, where(ISO, "figures", "state-of-emergency-duration", sources) + "modality announced is a "
             "commitment an actor announced, but the figure is credited to no one")


def test_a_plan_reported_by_someone_else_is_not_planned(sources_copy):
    # the old csto-force-stay: "They will stay …, the Russian RIA news agency reported" as the CSTO force's plan
    sources, out = sources_copy
    change(sources, FFI, """    modality: expected
    attributed_to: ria-novosti""", """    modality: planned
    attributed_to: ria-novosti""")
    rejected(sources, out, where(FFI, "figures", "csto-force-stay") + "modality planned is a plan the actor itself "
             "announced, but the figure counts 'csto-force' (CSTO force in Kazakhstan) and is credited to "
             "'ria-novosti' (RIA Novosti), who is not that actor nor a body it belongs to: use expected for what the "
             "text or another speaker says is to come")


# --- one proposition, one assertion -------------------------------------------------------------------

def test_a_proposition_grouping_figures_of_different_quantities_is_rejected(sources_copy):
    # the old people-injured: over 300 security forces, more than 1,000 people, 62 in intensive care
    sources, out = sources_copy
    change(sources, ISO, "    proposition_id: security-forces-injured\n", "    proposition_id: people-injured\n")
    change(sources, RL, "    proposition_id: people-in-intensive-care\n", "    proposition_id: people-injured\n")
    rejected(sources, out, where("propositions.yaml", "propositions", "people-injured") + "groups claims that assert different "
        "things (internet-shut-off--interior-ministry-security-injuries count injured security_forces (quantity "
        "security-force-injuries); rioters-liquidated--health-ministry-injured-hospitalized count hospitalized "
        "people (quantity people-hospitalized) and injured people (quantity people-injured); "
        "rioters-liquidated--intensive-care count intensive_care people (quantity people-in-intensive-care)): a "
        "proposition is one assertion; give each its own proposition in sources/propositions.yaml")


def test_a_proposition_grouping_figures_of_different_subjects_is_rejected(sources_copy):
    sources, out = sources_copy
    change(sources, FFI, "    proposition_id: protesters-detained\n", "    proposition_id: detention-toll\n")
    rejected(sources, out, where("propositions.yaml", "propositions", "detention-toll") + "groups claims that "
             "assert different things (forces-fly-in--interior-ministry-detentions count detained protesters")


# --- no date without a basis ---------------------------------------------------------------------------

def test_a_propositions_date_without_a_basis_is_rejected(sources_copy):
    # the old security-force-death-toll: 6 January, at day precision, from no words at all
    sources, out = sources_copy
    change(sources, "propositions.yaml", """  topic: casualties
  note: "Not dated: none of the three articles""", """  topic: casualties
  event_date: 2022-01-06
  event_date_precision: day
  note: "Not dated: none of the three articles""")
    rejected(sources, out, where("propositions.yaml", "propositions", "security-force-death-toll") + "event_date "
             "2022-01-06 needs event_date_basis: the words of the article it comes from, quoted, and how they give "
             "the date (or leave event_date empty if no words give it)")


def test_a_basis_must_quote_words_of_an_article_of_its_claims(sources_copy):
    sources, out = sources_copy
    change(sources, "propositions.yaml", "event_date_basis: \"forces-fly-in: 'The unrest began from Sunday', "
           "resolved against", "event_date_basis: \"forces-fly-in: the unrest began from Sunday, resolved against")
    change(sources, "propositions.yaml", "'restored in Kazakhstan’s largest city Almaty by Thursday morning'",
           "'restored in Almaty by Thursday morning'")
    rejected(sources, out,
             where("propositions.yaml", "propositions", "fuel-price-trigger") + "event_date_basis must quote, in "
             "'single' or \"double\" quotation marks, the words of an article of its claims that event_date comes from",
             where("propositions.yaml", "propositions", "internet-restored-in-almaty") + "event_date_basis quotes "
             "words that are not in any article: 'restored in Almaty by Thursday morning'")


def test_a_reported_claims_date_must_say_whether_it_dates_the_statement_or_the_event(sources_copy):
    # the old basis of "The government said on Thursday that fuel price caps will be restored": the date resolver's
    # "'Thursday' resolved to …" alone, which does not say that Thursday is the statement's day, not the caps'
    sources, out = sources_copy
    change(sources, FFI, """    claim_date_basis: "'Thursday' resolved to the latest Thursday on or before dates_anchor 2022-01-06: the date of the statement ('The government said on Thursday'); the text does not say from when the caps apply."
""", "")
    rejected(sources, out, where(FFI, "claims", "government-restores-price-caps") + "claim_date 2022-01-06 of a claim "
             "someone made dates either their statement or the event it reports: say which in claim_date_basis ('the "
             "date of the statement' or 'the date of the event'), as schema.yaml's claim_date asks")


def test_a_statements_date_is_not_the_event_date_of_what_it_asserts(sources_copy):
    # the old daesh-and-gulenists-behind-riots: "told RIA Novosti on January 6" as the day of the accusation's
    # content; and the old police-killed-rioters, lending rioters-liquidated's statement date to forces-fly-in's
    # undated "police said they had killed dozens … overnight"
    sources, out = sources_copy
    change(sources, "propositions.yaml", """  statement: Daesh (ISIS) and followers of Fetullah Gülen are behind the riots in Kazakhstan.
  topic: accusation
""", """  statement: Daesh (ISIS) and followers of Fetullah Gülen are behind the riots in Kazakhstan.
  topic: accusation
  event_date: 2022-01-06
  event_date_precision: day
  event_date_basis: "rioters-liquidated: 'Ruslan Balbek, told RIA Novosti on January 6'."
""")
    change(sources, "propositions.yaml", """(by the police themselves, says the other).
  topic: casualties
""", """(by the police themselves, says the other).
  topic: casualties
  event_date: 2022-01-06
  event_date_precision: day
  event_date_basis: "rioters-liquidated: the police 'said early on January 6' (the date of the statement)."
""")
    rejected(sources, out,
             where("propositions.yaml", "propositions", "daesh-and-gulenists-behind-riots", sources) + "event_date "
             "2022-01-06 is the date of a statement, but the proposition asserts no statement ('Daesh (ISIS) and "
             "followers of Fetullah Gülen are behind the riots in Kazakhstan.'), and a statement's date is not when "
             "what it asserts happened: leave event_date empty",
             where("propositions.yaml", "propositions", "police-killed-rioters", sources) + "event_date 2022-01-06 is "
             "the date of a statement, which dates only the claims that give it, but forces-fly-in--police-killed-"
             "rioters give no date (the timeline would show them under another statement's date): leave event_date "
             "empty, so each claim keeps its own date")


def test_a_dates_precision_must_be_given_and_fit_the_date(sources_copy):
    sources, out = sources_copy
    change(sources, RL, "  published: 2022-01-03\n  published_precision: week\n", "  published: 2022-01-07\n"
           "  published_precision: week\n")
    change(sources, FFI, "  published_precision: week\n", "")
    rejected(sources, out,
             f"sources/{RL}:2: source: published 2022-01-07 has precision week, so it must be the week's Monday, "
             "2022-01-03",
             f"sources/{FFI}:2: source: published 2022-01-03 needs published_precision (day, week, month or year)")


def test_a_figures_date_given_by_hand_needs_its_basis(sources_copy):
    # the old Health Ministry figures: as of the article's dates_anchor, from no words of the text
    sources, out = sources_copy
    change(sources, RL, """    attributed_to: health-ministry
    place_id: kazakhstan
    quantity_id: people-injured""", """    attributed_to: health-ministry
    place_id: kazakhstan
    as_of: 2022-01-07
    as_of_precision: day
    quantity_id: people-injured""")
    rejected(sources, out, where(RL, "figures", "people-injured") + "as_of 2022-01-07 needs as_of_basis")


# --- notes say only what texts say ---------------------------------------------------------------------

def test_a_note_that_quotes_nothing_is_rejected(sources_copy):
    # the old detentions note: "one is exact, the other rounded down", which no text says
    sources, out = sources_copy
    path = sources / "quantities.yaml"
    data = path.read_text(encoding="utf-8")
    start = data.index("  note: \"Both figures are the Interior Ministry's")
    end = data.index("\n", start)
    path.write_text(data[:start] + "  note: Both come from the Interior Ministry; one is exact, the other rounded "
                    "down." + data[end:], encoding="utf-8")
    rejected(sources, out, where("quantities.yaml", "quantities", "detentions") + "note must quote, in 'single' or "
             "\"double\" quotation marks, the words it relies on from an article of its figures: a note says only "
             "what the texts say")


def test_a_note_that_misquotes_is_rejected_with_a_hint(sources_copy):
    sources, out = sources_copy
    change(sources, "propositions.yaml", "by whom: 'Media has also been restricted.'",
           "by whom: 'media has also been restricted.'")
    rejected(sources, out, where("propositions.yaml", "propositions", "media-restricted") + "note quotes words that "
             "are not in any article: 'media has also been restricted.' (it is there with different capitalisation)")


# --- views say which date they show --------------------------------------------------------------------

DATE_COLUMNS = {"published", "dates_anchor", "claim_date", "as_of", "event_date"}


def test_a_view_that_fills_one_date_with_another_without_saying_so_is_a_problem():
    # the old figure_comparisons: COALESCE(f.as_of, s.published) AS date, and nothing more
    old = {"views.figure_comparisons": {"sql": "SELECT f.id, COALESCE(f.as_of, s.published) AS date FROM figures f "
                                               "JOIN sources s ON s.id = f.source_id"}}
    (problem,) = checks.check_view_dates(old, DATE_COLUMNS)
    assert str(problem) == (
        "schema.yaml: views.figure_comparisons: its SQL fills one date with another (COALESCE(f.as_of, s.published)) "
        "without saying so: add a …_origin column and a …_precision column, telling for each row which date it "
        "shows and how precisely that date is known")
    coalesced_numbers = {"views.x": {"sql": "SELECT COALESCE(f.value, f.low) AS number FROM figures f"}}
    assert checks.check_view_dates(coalesced_numbers, DATE_COLUMNS) == []


def test_every_view_query_and_computed_table_that_substitutes_a_date_says_which_and_how_precisely(schema):
    assert checks.check_view_dates(schema.selects, DATE_COLUMNS) == []
    assert "date_origin" in schema.selects["tables.figure_comparisons"]["sql"]
    assert "date_origin" in schema.selects["tables.claim_dates"]["sql"]


# --- drafts ----------------------------------------------------------------------------------------------

def test_a_draft_row_is_left_to_its_review_and_checked_once_curated(sources_copy):
    sources, out = sources_copy
    change(sources, RL, ICU_CLAIM, ICU_AS_BEFORE + "    review_status: draft\n")
    accepted(sources, out)
    change(sources, RL, "    review_status: draft\n", "    review_status: curated\n")
    rejected(sources, out, "claimant 'health-ministry' (Health Ministry of Kazakhstan) is not named")
