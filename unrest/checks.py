"""Checks that a row says no more than its sentence (the guide's principle 6), run in every build.

Each check takes the normalized rows (normalize.Row, which know the YAML entry they came
from) and returns Problems that name the file, line and entry and say how to fix them:

    check_attribution    a claim's claimant and relays, and a figure's attributed_to, are named in
                         the row's own sentence (by a name, not only by a description such as "the
                         president"), and a hedge has its hedging word there; otherwise
                         attribution_basis quotes the words of the same article that do; a figure
                         "planned" is the plan of the actor who announces it
    check_speech         a claim with a claimant has a reporting verb whose speaker is that
                         claimant, and a relay named in the sentence is credited there with passing
                         the claim on; an act the outlet narrates has no claimant
    check_propositions   the claims under one proposition assert one thing: their figures count
                         the same quantities, measures and subjects
    check_dates          every date has its precision and a basis quoting the words it comes from;
                         a reported claim's basis says whether it dates the statement or the event,
                         and a statement's date is not a proposition's event date
    check_notes          a quantity's or proposition's note quotes the articles it relies on
    check_view_dates     a view or query that puts one date in place of another says so in columns

Rows a curator has not reviewed (review_status: draft) are left to the review. The words the
checks rely on (reporting verbs, hedging words, what a quotation is) are in unrest/text.py.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import aliases, dates, spans
from .problems import Problem
from .text import HEDGE_WORDS, fillers_only, has_words, hedge_words_in, is_reporting_verb, quotations, word_spans

SPEECH_ACTS = ("decision", "pledge", "request", "warning")  # claim types that need someone who speaks
QUOTE_HOW = "in 'single' or \"double\" quotation marks"
# Actors whose name is itself a description ("Officials (unnamed)", "Protesters"): any alias names them.
DESCRIBED_BY_NATURE = ("collective", "group")
# What a reported claim's claim_date_basis says its date is (schema.yaml: "claim_date_basis says which").
STATEMENT_DATE, EVENT_DATE = "the date of the statement", "the date of the event"
# Words just before a relay that credit it with passing a claim on: "told RIA Novosti", "quoted by Tass",
# "via Tass" (a relay that speaks a reporting verb itself, "Media reports note", is found by speaker_of).
_RELAYED_TO = re.compile(r"(?<!\w)(?:(?P<verb>[\w’']+)(?:\s+(?:to|by))?|via)\s+(?:the\s+)?$", re.I)


@dataclass
class Corpus:
    """What the checks read besides the rows: the articles, and where and how actors are named in them."""

    texts: dict[str, str]                                      # source id → article text
    actor_aliases: dict[str, str]                              # alias → actor id (the alias resolver's map)
    actor_names: dict[str, str] = field(default_factory=dict)  # actor id → name
    mentions: dict[str, list] = field(default_factory=dict)    # source id → its actor mentions, in order
    actor_types: dict[str, str] = field(default_factory=dict)  # actor id → type
    actor_parents: dict[str, str] = field(default_factory=dict)  # actor id → parent_id, where it has one

    @classmethod
    def from_rows(cls, rows: dict[str, list], texts: dict[str, str], actor_aliases: dict[str, str]) -> Corpus:
        mentions: dict[str, list] = defaultdict(list)
        for m in sorted(rows.get("mentions", []), key=lambda m: m["char_start"]):
            if m.get("actor_id"):
                mentions[m["source_id"]].append(m)
        actors = rows.get("actors", [])
        parents = {a["id"]: a["parent_id"] for a in actors if a.get("parent_id")}
        return cls(texts, actor_aliases, {a["id"]: a["name"] for a in actors}, dict(mentions),
                   {a["id"]: a["type"] for a in actors}, parents)

    def label(self, actor_id: str | None) -> str:
        if actor_id is None:
            return "NULL (the outlet)"
        name = self.actor_names.get(actor_id)
        return f"'{actor_id}' ({name})" if name else f"'{actor_id}'"

    def mentions_in(self, source_id: str, start: int, end: int) -> list:
        return [m for m in self.mentions.get(source_id, []) if start <= m["char_start"] and m["char_end"] <= end]

    def named_in(self, source_id: str, actor_id: str, start: int, end: int) -> bool:
        """The article names the actor between start and end: a mention of one of its aliases, or its name."""
        return any(m["actor_id"] == actor_id for m in self.mentions_in(source_id, start, end)) or \
            has_words(self.texts[source_id][start:end], self.actor_names.get(actor_id, ""))

    def names_actor(self, words: str, actor_id: str) -> bool:
        """`words` (a quotation) name the actor: one of its aliases as the alias resolver reads them, or its name."""
        return any(owner == actor_id for _, _, owner in aliases.find_aliases(words, self.actor_aliases)) or \
            has_words(words, self.actor_names.get(actor_id, ""))

    def is_a_name(self, actor_id: str, alias: str) -> bool:
        """The alias names the actor, rather than describing it: it is an acronym ("CSTO", "UN"), or has a
        word the actor's name writes with a capital ("Tokayev", "State Department", "police" for "Police of
        Kazakhstan"). "the president", "a spokesman" (of "US State Department spokesman") and "a Russian-led
        military alliance" describe; they stand for a name the text gives elsewhere. Any alias names an actor
        whose name is itself a description (a collective or group: "officials", "some sources")."""
        if self.actor_types.get(actor_id) in DESCRIBED_BY_NATURE or aliases.is_acronym(alias.strip()):
            return True
        name = self.actor_names.get(actor_id, "")
        capitalised = {w.casefold() for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper()}
        return bool(capitalised & {w.casefold() for w in re.findall(r"[^\W\d_]+", alias)})

    def descriptions_only(self, source_id: str, actor_id: str, start: int, end: int) -> list[str]:
        """The words that refer to the actor between start and end, where none of them names it (else [])."""
        if has_words(self.texts[source_id][start:end], self.actor_names.get(actor_id, "")):
            return []
        words = [m["text"] for m in self.mentions_in(source_id, start, end) if m["actor_id"] == actor_id]
        return [] if any(self.is_a_name(actor_id, w) for w in words) else words

    def names_by_name(self, words: str, actor_id: str, seen: frozenset = frozenset()) -> bool:
        """`words` (a quotation) name the actor by its name or an alias that names it, not only by a
        description; or, for an actor the texts never name (the spokesman), name the body it belongs to."""
        if has_words(words, self.actor_names.get(actor_id, "")):
            return True
        if any(owner == actor_id and self.is_a_name(actor_id, words[s:e])
               for s, e, owner in aliases.find_aliases(words, self.actor_aliases)):
            return True
        parent = self.actor_parents.get(actor_id)
        unnamed = not any(self.is_a_name(actor_id, a) for a, owner in self.actor_aliases.items() if owner == actor_id)
        # `seen`: a parent_id cycle is check_cycles' to report, and must not make this loop
        return bool(parent and parent not in seen and unnamed and self.names_by_name(words, parent, seen | {actor_id}))

    def speaker_of(self, source_id: str, verb: tuple[int, int], sentence: tuple[int, int]) -> str | None:
        """The actor the words make the speaker of the verb at `verb`, where they name one: 'X said',
        'X has reportedly said', 'X, told'; 'according to (the) X'; '…, said X.'. None: no actor is
        attached to the verb ('said he', 'according to him', 'X blamed … and asked')."""
        text, (start, end) = self.texts[source_id], verb
        found = self.mentions_in(source_id, *sentence)
        if text[start:end].casefold() == "according to":
            after = re.match(r"\s+(?:the\s+)?", text[end:sentence[1]], re.I)
            at = end + (after.end() if after else 0)
            return next((m["actor_id"] for m in found if m["char_start"] == at), None)
        before = [m for m in found if m["char_end"] <= start]
        if before and fillers_only(text[before[-1]["char_end"]:start]):
            return before[-1]["actor_id"]
        for m in found:  # an inverted report: '…, said the ministry.'
            if m["char_start"] >= end and re.fullmatch(r"\s+(?:the\s+)?", text[end:m["char_start"]], re.I) \
                    and re.match(r"\s*(?:[.,;!?]|$)", text[m["char_end"]:sentence[1]]):
                return m["actor_id"]
        return None


def check_all(rows: dict[str, list], corpus: Corpus, views: dict[str, dict], date_columns: set[str]) -> list[Problem]:
    """Every check, on the reviewed rows: a draft (review_status: draft, written by `build.py draft`)
    builds and is browsable as unreviewed, and must pass these checks once a curator marks it curated."""
    rows = {name: [r for r in table if r.get("review_status") != "draft"] for name, table in rows.items()}
    return (check_attribution(rows, corpus) + check_speech(rows, corpus) + check_propositions(rows)
            + check_dates(rows, corpus) + check_notes(rows, corpus) + check_view_dates(views, date_columns))


# --------------------------------------------------------------------------- helpers

def _excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def _sentence(corpus: Corpus, row) -> tuple[int, int]:
    return spans.sentence_bounds(corpus.texts[row["source_id"]], row["char_start"], row["char_end"])


def _in_none(quotes: list[str], texts: list[str]) -> list[str]:
    """The quotations that occur verbatim in none of the texts."""
    return [q for q in quotes if not any(q in t for t in texts)]


def _in_any(quotes: list[str], texts: list[str]) -> bool:
    """At least one quotation occurs verbatim in one of the texts."""
    return any(q in t for q in quotes for t in texts)


def _not_verbatim(field_name: str, missing: list[str], texts: list[str], where: str) -> str:
    """The quotations not found, with the span finder's hint (capitalisation, quotation marks, spaces)."""
    described = []
    for q in missing:
        hint = ""
        for text in texts:
            try:
                spans.locate(text, q, 1)
            except spans.SpanError as err:
                found = re.search(r"\((it is there [^)]*)\)", str(err))
                hint = f" ({found.group(1)})" if found else hint
        described.append(f"'{q}'{hint}")
    return f"{field_name} quotes words that are not in {where}: {'; '.join(described)}; copy them from article.txt"


def _claim_roles(rows: dict[str, list]) -> dict[str, dict[str, list[str]]]:
    """claim id → {'claimant': [actor ids], 'via': [actor ids]}, from claim_actors."""
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"claimant": [], "via": []})
    for ca in rows.get("claim_actors", []):
        if ca["role"] in ("claimant", "via"):
            roles[ca["claim_id"]][ca["role"]].append(ca["actor_id"])
    return roles


# --------------------------------------------------------------------------- attribution is local

def check_attribution(rows: dict[str, list], corpus: Corpus) -> list[Problem]:
    """Who said it (claimant, relays; a figure's attributed_to) and how surely (hedge) come from the
    row's own sentence, or from words of the same article that its attribution_basis quotes."""
    problems: list[Problem] = []
    roles = _claim_roles(rows)
    claims = {c["id"]: c for c in rows.get("claims", [])}
    for claim in claims.values():
        speakers = [("claimant", a) for a in roles[claim["id"]]["claimant"]]
        speakers += [("relay", a) for a in roles[claim["id"]]["via"]]
        problems += _attribution_problems(corpus, claim, "claim", speakers, claim.get("hedge"))
    for figure in rows.get("figures", []):
        speaker = figure.get("attributed_to")
        problems += _attribution_problems(corpus, figure, "figure", [("attributed_to", speaker)] if speaker else [],
                                          None)
        claim = claims.get(figure.get("claim_id"))
        credited: list[str | None] = list(roles[claim["id"]]["claimant"]) if claim else []
        if claim is not None and speaker not in (credited or [None]):
            problems.append(figure.origin.problem(
                f"attributed_to is {corpus.label(speaker)}, but its claim '{claim['id']}' is credited to "
                f"{' or '.join(corpus.label(a) for a in credited) or corpus.label(None)}: a figure is credited to "
                "whoever its claim is; make attributed_to and the claim's claimant_id agree"))
        if figure.get("modality") == "announced" and not speaker:
            problems.append(figure.origin.problem(
                "modality announced is a commitment an actor announced, but the figure is credited to no one: "
                "credit the actor whose announcement the text reports (attributed_to, and its claim's "
                "claimant_id), or use the modality the outlet's own words give"))
        problems += _planned_problems(corpus, figure, speaker)
    return problems


def _planned_problems(corpus: Corpus, figure, speaker: str | None) -> list[Problem]:
    """modality planned is a plan 'announced or planned by the actor itself' (schema.yaml): the figure's
    speaker is the actor whose plan it is (subject_actor_id), or a body it belongs to or that belongs to it."""
    if figure.get("modality") != "planned":
        return []
    fix = ("use expected for what the text or another speaker says is to come ('will stay …, the Russian RIA "
           "news agency reported'), or credit the actor whose own plan the text reports")
    if not speaker:
        return [figure.origin.problem(f"modality planned is a plan the actor itself announced, but the figure is "
                                      f"credited to no one: {fix}")]
    subject = figure.get("subject_actor_id")
    if subject is None or subject not in corpus.actor_names or speaker not in corpus.actor_names:
        return []

    def chain(actor_id: str) -> list[str]:
        found: list[str] = []
        while actor_id and actor_id not in found:
            found.append(actor_id)
            actor_id = corpus.actor_parents.get(actor_id, "")
        return found

    if speaker in chain(subject) or subject in chain(speaker):
        return []
    return [figure.origin.problem(
        f"modality planned is a plan the actor itself announced, but the figure counts "
        f"{corpus.label(subject)} and is credited to {corpus.label(speaker)}, who is not that actor nor a body "
        f"it belongs to: {fix}")]


def _attribution_problems(corpus: Corpus, row, kind: str, speakers: list[tuple[str, str]],
                          hedge: str | None) -> list[Problem]:
    text = corpus.texts[row["source_id"]]
    start, end = _sentence(corpus, row)
    sentence = text[start:end]
    basis = row.get("attribution_basis")
    quotes = quotations(basis or "")
    verbatim = [q for q in quotes if q in text]
    problems, needed = [], False
    for role, actor_id in speakers:
        if actor_id not in corpus.actor_names:
            continue  # an unknown id is check_references' to report
        named = corpus.named_in(row["source_id"], actor_id, start, end)
        described = corpus.descriptions_only(row["source_id"], actor_id, start, end) if named else []
        if named and not described:
            continue
        needed = True
        if not basis and described:
            problems.append(row.origin.problem(
                f"{role} {corpus.label(actor_id)} is referred to in the {kind}'s sentence only as "
                f"{' and '.join(repr(w) for w in described)}, a description that does not name it: add "
                f"attribution_basis quoting the words of this article that name {corpus.label(actor_id)} (for "
                "an unnamed speaker, the body it speaks for) and saying why the description is them"))
        elif not basis:
            problems.append(row.origin.problem(
                f"{role} {corpus.label(actor_id)} is not named in the {kind}'s sentence {_excerpt(sentence)}: "
                "credit only whom the sentence names, or add attribution_basis quoting the words of this "
                f"article that name {corpus.label(actor_id)} and saying why they carry over"))
        elif not any(corpus.names_by_name(q, actor_id) for q in verbatim):
            problems.append(row.origin.problem(
                f"attribution_basis must quote, {QUOTE_HOW}, words of this article that name {role} "
                f"{corpus.label(actor_id)} (its name or an alias in sources/actors.yaml that names it, not only a "
                "description such as 'the president'; for an unnamed speaker, the body it speaks for)"))
    if hedge in HEDGE_WORDS and not hedge_words_in(sentence, hedge):
        needed = True
        hedging = ", ".join(f"'{w}'" for w in HEDGE_WORDS[hedge])
        if not basis:
            problems.append(row.origin.problem(
                f"hedge '{hedge}' needs one of {hedging} in the {kind}'s sentence {_excerpt(sentence)}: set the "
                "hedge the sentence gives (none if it gives none), or add attribution_basis quoting the hedging "
                "words of this article and saying why they carry over"))
        elif not any(hedge_words_in(q, hedge) for q in verbatim):
            problems.append(row.origin.problem(
                f"attribution_basis must quote, {QUOTE_HOW}, the words of this article that hedge the {kind} "
                f"({hedging})"))
    if basis and not needed:
        problems.append(row.origin.problem(
            f"attribution_basis is given, but the {kind}'s own sentence names every speaker and gives the hedge: "
            "remove attribution_basis (it is only for what carries over from elsewhere)"))
    missing = [q for q in quotes if q not in text]
    if missing:
        problems.append(row.origin.problem(_not_verbatim("attribution_basis", missing, [text], "this article")))
    return problems


# --------------------------------------------------------------------------- narration is not a claim by its subject

def check_speech(rows: dict[str, list], corpus: Corpus) -> list[Problem]:
    """A claim with a claimant is someone's statement: a reporting verb of the text whose speaker is the
    claimant. A claim without one is the outlet's own voice: mode narration, no verb, no speech act."""
    problems: list[Problem] = []
    roles = _claim_roles(rows)
    for claim in rows.get("claims", []):
        claimants = roles[claim["id"]]["claimant"]
        verb, mode = claim.get("verb"), claim.get("mode")
        report = claim.origin.problem
        if not claimants:
            if mode != "narration":
                problems.append(report(
                    f"mode '{mode}' is someone's speech, but the claim has no claimant: credit the speaker the "
                    "sentence names (claimant_id), or, for the outlet's own voice, set mode narration"))
            if claim.get("claim_type") in SPEECH_ACTS:
                problems.append(report(
                    f"claim_type '{claim['claim_type']}' is something a speaker does, but the claim has no "
                    "claimant: credit the speaker, or, for an act the outlet narrates, use event_report"))
            if verb:
                problems.append(report(
                    f"verb '{verb}' without a claimant: a reporting verb has a speaker; give claimant_id, or "
                    "remove verb for the outlet's own voice"))
            continue
        if any(c not in corpus.actor_names for c in claimants):
            continue  # an unknown actor id: check_references reports it
        act = ("an act the outlet narrates has no claimant: remove claimant_id (and reported_via_id), set mode "
               "narration, and list the actor under actors with role subject")
        if mode == "narration":
            problems.append(report("mode narration is the outlet's own voice, but the claim has a claimant: set "
                                   "mode direct, indirect or mixed, or remove claimant_id"))
        if not verb:
            problems.append(report("a claim with a claimant needs, in verb, the reporting verb that credits it "
                                   f"(said, told, according to, announced, vowed, accused …); {act}"))
        elif not is_reporting_verb(verb):
            problems.append(report(
                f"verb '{verb}' is not a reporting verb (said, told, according to, announced, vowed, claimed, "
                f"accused …): {act}; if the text does report speech, give its reporting verb (and add it to "
                "REPORTING_VERBS in unrest/text.py if it is missing)"))
        else:
            problems += _speaker_problems(corpus, claim, verb, claimants)
        problems += _relay_problems(corpus, claim, roles[claim["id"]]["via"])
    return problems


def _relay_problems(corpus: Corpus, claim, relays: list[str]) -> list[Problem]:
    """A relay the sentence names is credited there with passing the claim on: it speaks a reporting verb
    ('Media reports note that', 'according to Tass') or is told ('told RIA Novosti'). Words that say only
    where or how the claimant spoke ('In an address on state TV') make no relay. (A relay named in another
    sentence is check_attribution's.)"""
    text, source = corpus.texts[claim["source_id"]], claim["source_id"]
    sentence = _sentence(corpus, claim)
    problems = []
    for relay in relays:
        found = [m for m in corpus.mentions_in(source, *sentence) if m["actor_id"] == relay]
        if not found or relay not in corpus.actor_names:
            continue
        verbs = [(m.start(), m.end()) for m in re.finditer(r"according to|[\w’']+", text[slice(*sentence)], re.I)
                 if is_reporting_verb(m.group())]
        if any(corpus.speaker_of(source, (sentence[0] + a, sentence[0] + b), sentence) == relay for a, b in verbs):
            continue
        told = [_RELAYED_TO.search(text[sentence[0]:m["char_start"]]) for m in found]
        if any(t and (t.group("verb") is None or is_reporting_verb(t.group("verb"))) for t in told):
            continue
        problems.append(claim.origin.problem(
            f"relay {corpus.label(relay)} is named in the claim's sentence as {found[0]['text']!r}, but not as "
            "passing the claim on: a relay is whom the text credits with it ('X reported', 'according to X', "
            "'told X'); where the words say only where or how the claimant spoke ('In an address on state TV'), "
            "remove reported_via_id and list the actor under actors with role subject"))
    return problems


def _speaker_problems(corpus: Corpus, claim, verb: str, claimants: list[str]) -> list[Problem]:
    text = corpus.texts[claim["source_id"]]
    sentence = _sentence(corpus, claim)
    found = word_spans(text, " ".join(verb.split()), *sentence)
    if not found:
        quoted = [q for q in quotations(claim.get("attribution_basis") or "") if q in text]
        if any(has_words(q, verb) for q in quoted):
            return []  # a quotation that continues: its reporting verb stands where the basis quotes it
        return [claim.origin.problem(
            f"verb '{verb}' is not in the claim's sentence {_excerpt(text[slice(*sentence)])}: give the reporting "
            "verb as the sentence writes it, or, where it stands in another sentence (a quotation that "
            "continues), add attribution_basis quoting those words")]
    speakers = [corpus.speaker_of(claim["source_id"], span, sentence) for span in found]
    if None in speakers or any(s in claimants for s in speakers):
        return []
    others = " and ".join(sorted({corpus.label(s) for s in speakers if s}))
    return [claim.origin.problem(
        f"in this sentence '{verb}' is the verb of {others}, not of the claimant "
        f"{' or '.join(corpus.label(c) for c in claimants)}: credit the speaker of the verb (a relay goes in "
        "reported_via_id), or give the verb by which the claimant speaks")]


# --------------------------------------------------------------------------- one proposition, one assertion

def check_propositions(rows: dict[str, list]) -> list[Problem]:
    """The claims grouped under one proposition assert the same thing: the figures they carry count
    the same quantities, measures and subjects (claims without figures are not compared)."""
    counted: dict[str, set] = defaultdict(set)
    for f in rows.get("figures", []):
        if f.get("claim_id"):
            counted[f["claim_id"]].add((f.get("quantity_id") or "", f["measure"], f.get("subject") or ""))
    by_proposition: dict[str, dict[frozenset, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c in rows.get("claims", []):
        if c.get("proposition_id") and counted.get(c["id"]):
            by_proposition[c["proposition_id"]][frozenset(counted[c["id"]])].append(c["id"])
    problems = []
    for p in rows.get("propositions", []):
        groups = by_proposition.get(p["id"], {})
        if len(groups) > 1:
            described = "; ".join(f"{', '.join(claims)} count {' and '.join(_counted(k) for k in sorted(key))}"
                                  for key, claims in sorted(groups.items(), key=lambda kv: kv[1]))
            problems.append(p.origin.problem(
                f"groups claims that assert different things ({described}): a proposition is one assertion; "
                "give each its own proposition in sources/propositions.yaml and point its claims at it"))
    return problems


def _counted(key: tuple[str, str, str]) -> str:
    quantity, measure, subject = key
    return f"{measure} {subject or '(no subject)'} (quantity {quantity or 'none'})"


# --------------------------------------------------------------------------- no date without a basis

# table → its date column; each date column → the column holding its basis
DATE_COLUMNS = {"sources": "published", "claims": "claim_date", "figures": "as_of", "propositions": "event_date"}
BASIS_COLUMNS = {"published": "published_basis", "claim_date": "claim_date_basis", "as_of": "as_of_basis",
                 "event_date": "event_date_basis"}


def check_dates(rows: dict[str, list], corpus: Corpus) -> list[Problem]:
    """Every date says how precisely it is known, and quotes the words it comes from: from the row's
    own article, or, for a proposition, from an article of one of its claims."""
    articles_of: dict[str, set] = defaultdict(set)
    for c in rows.get("claims", []):
        if c.get("proposition_id"):
            articles_of[c["proposition_id"]].add(c["source_id"])
    every = list(corpus.texts.values())
    problems = []
    for table, column in DATE_COLUMNS.items():
        for row in rows.get(table, []):
            if table == "propositions":
                own = [corpus.texts[s] for s in sorted(articles_of.get(row["id"], ())) if s in corpus.texts]
            else:
                source = row["id"] if table == "sources" else row["source_id"]
                own = [corpus.texts[source]] if source in corpus.texts else []
            problems += [row.origin.problem(m) for m in _date_problems(row, column, own or every, every)]
    roles = _claim_roles(rows)
    for claim in rows.get("claims", []):
        if claim.get("claim_date") and roles[claim["id"]]["claimant"] and not _says_which_date(claim):
            problems.append(claim.origin.problem(
                f"claim_date {claim['claim_date']} of a claim someone made dates either their statement or the "
                f"event it reports: say which in claim_date_basis ('{STATEMENT_DATE}' or '{EVENT_DATE}'), as "
                "schema.yaml's claim_date asks"))
    return problems + _statement_date_problems(rows)


def _says_which_date(claim) -> bool:
    basis = (claim.get("claim_date_basis") or "").casefold()
    return STATEMENT_DATE in basis or EVENT_DATE in basis


def _statement_date_problems(rows: dict[str, list]) -> list[Problem]:
    """A proposition's event_date is when the event it asserts happened. A statement's date ('told RIA
    Novosti on January 6') dates that statement, which is its claim's claim_date: it is an event date only
    for a proposition that asserts the statement itself ('The government said …'), and even then it dates
    only the claims that give it, so each of them must (the timeline would show the others under it)."""
    claims_of: dict[str, list] = defaultdict(list)
    for c in rows.get("claims", []):
        if c.get("proposition_id"):
            claims_of[c["proposition_id"]].append(c)
    problems = []
    for p in rows.get("propositions", []):
        basis = p.get("event_date_basis") or ""
        if not p.get("event_date") or not basis:
            continue
        quoted = quotations(basis)
        stated = STATEMENT_DATE in basis.casefold() or any(
            c.get("claim_date") == p["event_date"] and c.get("claim_date_text")
            and STATEMENT_DATE in (c.get("claim_date_basis") or "").casefold()
            and any(c["claim_date_text"] in q for q in quoted) for c in claims_of[p["id"]])
        if not stated:
            continue
        if not any(is_reporting_verb(w) for w in re.findall(r"according to|[\w’']+", p["statement"], re.I)):
            problems.append(p.origin.problem(
                f"event_date {p['event_date']} is the date of a statement, but the proposition asserts no "
                f"statement ({_excerpt(p['statement'])}), and a statement's date is not when what it asserts "
                "happened: leave event_date empty (the claims keep the statement's date as their claim_date)"))
            continue
        undated = [c["id"] for c in claims_of[p["id"]] if not c.get("claim_date")]
        if undated:
            problems.append(p.origin.problem(
                f"event_date {p['event_date']} is the date of a statement, which dates only the claims that give "
                f"it, but {', '.join(undated)} give no date (the timeline would show them under another "
                "statement's date): leave event_date empty, so each claim keeps its own date"))
    return problems


def _date_problems(row, column: str, own: list[str], every: list[str]) -> list[str]:
    value, precision = row.get(column), row.get(f"{column}_precision")
    basis_column = BASIS_COLUMNS[column]
    basis = row.get(basis_column)
    if value is None:
        stray = [c for c in (f"{column}_precision", basis_column) if row.get(c)]
        return [f"{' and '.join(stray)} given without {column}: give {column}, or remove {' and '.join(stray)}"] \
            if stray else []
    found = []
    parsed = dates.parse_iso(value)
    if precision is None:
        found.append(f"{column} {value} needs {column}_precision (day, week, month or year): how precisely the "
                     "words give it")
    elif parsed is not None:
        day, written = parsed
        if precision not in ({"day", "week"} if written == "day" else {written}):
            found.append(f"{column} {value} is written to the {written} but {column}_precision is {precision}: "
                         "write YYYY-MM-DD for day and week, YYYY-MM for month, YYYY for year")
        elif precision == "week" and day.weekday() != 0:
            monday = day - dt.timedelta(days=day.weekday())
            found.append(f"{column} {value} has precision week, so it must be the week's Monday, {monday.isoformat()}")
    if not basis:
        found.append(f"{column} {value} needs {basis_column}: the words of the article it comes from, quoted, and "
                     f"how they give the date (or leave {column} empty if no words give it)")
        return found
    quotes = quotations(basis)
    if not _in_any(quotes, own):
        found.append(f"{basis_column} must quote, {QUOTE_HOW}, the words of "
                     f"{'the article' if len(own) == 1 else 'an article of its claims'} that {column} comes from")
    missing = _in_none(quotes, every)
    if missing:
        found.append(_not_verbatim(basis_column, missing, own, "any article"))
    return found


# --------------------------------------------------------------------------- notes say only what texts say

def check_notes(rows: dict[str, list], corpus: Corpus) -> list[Problem]:
    """A quantity's or proposition's note quotes the words it relies on: at least one quotation from an
    article of the figures or claims it groups, and no quotation that is in no article."""
    articles_of: dict[tuple[str, str], set] = defaultdict(set)
    for f in rows.get("figures", []):
        if f.get("quantity_id"):
            articles_of[("quantities", f["quantity_id"])].add(f["source_id"])
    for c in rows.get("claims", []):
        if c.get("proposition_id"):
            articles_of[("propositions", c["proposition_id"])].add(c["source_id"])
    every = list(corpus.texts.values())
    problems = []
    for table, grouped in (("quantities", "figures"), ("propositions", "claims")):
        for row in rows.get(table, []):
            if not row.get("note"):
                continue
            own = [corpus.texts[s] for s in sorted(articles_of.get((table, row["id"]), ())) if s in corpus.texts]
            quotes = quotations(row["note"])
            if not _in_any(quotes, own or every):
                problems.append(row.origin.problem(
                    f"note must quote, {QUOTE_HOW}, the words it relies on from an article of its {grouped}: "
                    "a note says only what the texts say"))
            missing = _in_none(quotes, every)
            if missing:
                problems.append(row.origin.problem(_not_verbatim("note", missing, own or every, "any article")))
    return problems


# --------------------------------------------------------------------------- views say which date they show

_COALESCE = re.compile(r"\bCOALESCE\s*\(", re.I)


def check_view_dates(views: dict[str, dict], date_columns: set[str]) -> list[Problem]:
    """A view or query that fills one date with another (COALESCE(f.as_of, s.published)) must have
    columns saying which date each row shows (…_origin) and how precisely it is known (…_precision)."""
    problems = []
    for name, spec in views.items():
        sql = spec["sql"]
        for m in _COALESCE.finditer(sql):
            args = _parenthesised(sql, m.end() - 1)
            if len({w for w in re.findall(r"\w+", args) if w in date_columns}) < 2:
                continue
            missing = [kind for kind in ("origin", "precision") if not re.search(rf"\bAS\s+\w*{kind}\b", sql, re.I)]
            if missing:
                problems.append(Problem("schema.yaml", None, name, (
                    f"its SQL fills one date with another (COALESCE({' '.join(args.split())})) without saying so: "
                    f"add {' and '.join(f'a …_{k} column' for k in missing)}, telling for each row which date "
                    "it shows and how precisely that date is known")))
    return problems


def _parenthesised(sql: str, open_at: int) -> str:
    """The text inside the parentheses that open at `open_at`."""
    depth = 0
    for i in range(open_at, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[i], 0)
        if depth == 0:
            return sql[open_at + 1:i]
    return sql[open_at + 1:]
