"""Rule-based figure classifier: which quantities a news text reports, of what, by whose word.

Built on ``unrest.numbers`` and the text layer (``unrest.text``): every count or vague
NumberExpression becomes one FigureCandidate (years, dates, times, ordinals, names and model
numbers are skipped). Pure functions; the only thing read is schema.yaml's vocabularies, so
that every measure, subject and modality emitted is one the schema allows. Meant to draft
annotations for a curator, not to replace one.

How the measure is decided
--------------------------
The measure is read from the sentence, not from the nearest word. In order, first that applies:

 1. The number's own unit: percent -> ``percentage``, money -> ``money``, either in a clause
    about a price that moves -> ``price_change``; days, weeks, months -> ``duration``; other
    units (km, tonnes, fractions) -> ``other``. An age ("a 17-year-old", "Ali, 19,", "aged
    between 15 and 25", "as young as 13", "were under 18") -> ``other``.
 2. The counted noun itself, when it names the measure: "39 deaths", "40 bodies", "31
    martyrs", "627 arrests", "1,268 political prisoners", "361 injuries", "68 wounded";
    a partitive's noun ("of the injured", "of those executed"); "cases of" / "victims of" X
    take X's measure ("cases of arbitrary detention", "victims of eye injuries"). A noun of
    the dead wins over anything else ("received 47 bodies" stays ``killed``).
 3. The verb that takes the number as its object, with only filler between: "killed 18",
    "rounded up 62", "took in 47 wounded", "neutralised 26", "admitted 78 people".
 4. The predicate whose subject the number is, read past asides (", among them ...,",
    ", backed by helicopters,"), relative clauses ("38 men ... who ..., were arrested") and the
    other items of a coordinated list ("41 civilians, nine police officers and three soldiers
    were killed" gives ``killed`` to all three), up to the end of the clause; separable forms
    count too ("took 57 people into custody", "took 29 people to hospital", "left 27 dead").
 5. A complement frame: the number is what a toll, a count or a crowd rose to, stood at or
    was put at ("the death toll rose to 174", "the number of people wounded rose to 420",
    "those held now number in the thousands", "a list of those held ran to over 200 names",
    "police put the turnout at 128,000", "killed were 14 demonstrators").
    Steps 3-5 also know verbs that say a number is NOT a casualty or detention: released,
    freed, charged, sentenced, tried, missing, fled, displaced, held hostage -> ``count``.
 6. A subset of a figure already read takes its measure: "including 18 security officers",
    "among them 43 children", "19 of them law enforcement officers", "of whom 19 were police
    officers", "Of the 18 dead, four were ...", "They included 18 ...", "a further 10,000",
    "up from 893"; so does a list item after a verb ("arrested 212 students, 48 teachers and
    a dozen journalists"), and a sentence framed by the previous one ("Of the victims, ...").
 7. The thing counted: troops, soldiers, paratroopers, peacekeepers, gendarmes (not
    "opposition forces") -> ``deployed``; protesters, demonstrators, marchers -> ``crowd``;
    people in a clause about what organisers expect or say -> ``crowd``.
 8. Otherwise ``count``.

subject: the noun group counted, mapped onto schema.yaml's subject vocabulary (police,
  national guard, security personnel -> security_forces; protesters, demonstrators ->
  protesters; rioters; people, civilians -> people; troops sent from abroad, peacekeepers ->
  foreign_troops; states, towns; a share of the vote -> vote; a fuel price -> fuel_price; a
  duration -> time); None when the schema has no value for it.

modality, from the words of the number's own clause, nearest marker wins: ``expected``
  (expected, likely, could, may, might), ``announced`` (pledged, promised, approved, ordered,
  vowed, or "announced" with a future), ``planned`` (will, would, plans to, is set to),
  ``reported`` otherwise.

attributed_to: the speaker the clause credits, as written, or None for the outlet's own voice:
  "X said/told/reported ... (that)", "..., X said.", "according to X".

Work per sentence is bounded (a sentence of more than MAX_WORDS words is read in pieces), so
the time is linear in the length of the text.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .numbers import CURRENCIES, NumberExpression, numbers_by_sentence
from .text import CHANGE_WORDS, MONTH_NUMBERS, SAYING_VERBS, Tokens, vocabularies

JSON_KEYS = ("text", "char_start", "char_end", "value", "low", "high", "qualifier", "measure", "subject",
             "modality", "attributed_to")
MAX_WORDS = 300  # longer sentences (a list, a line of numbers) are read in pieces of about this many words


@dataclass(frozen=True, slots=True)
class FigureCandidate:
    text: str
    char_start: int
    char_end: int
    value: float | int | None
    low: float | int | None
    high: float | int | None
    qualifier: str
    measure: str
    subject: str | None
    modality: str
    attributed_to: str | None
    sentence: str


# --------------------------------------------------------------------------- lexicon

def _words(measure: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), measure)


# Words (verbs, participles, adjectives) that say what happened to the people counted.
_MEASURE_WORDS = {
    **_words("killed", """killed kill kills killing died die dies dying dead deaths death toll liquidated
             fatalities fatality perished slain bodies eliminated neutralised neutralized massacred executed murdered
             beheaded decapitated lynched killings"""),
    **_words("injured", """injured injuring injuries injury wounded wounding hurt wounds beaten treated treating
             treats treat outpatients"""),
    **_words("hospitalized", "hospitalized hospitalised hospitalization hospitalisation hospitalizations "
             "hospitalisations admitted ventilated"),
    **_words("detained", """detained detain detaining detention detentions detainees arrested arrest arrests
             arresting apprehended custody captured jailed imprisoned abducted prisoners prisoner"""),
    **_words("crowd", """gathered gathering rallied rallying marched marching march assembled demonstrated
             converged protested shouting shouted chanting chanted attended camped"""),
    **_words("deployed", "deployed deploying deploy dispatched activated stationed"),
    # what is NOT a casualty or a detention
    **_words("count", """released freed charged indicted sentenced convicted tried fined missing unaccounted
             disappeared displaced fled evacuated acquitted pardoned"""),
}
# Two- and three-word phrases, checked before single words (lowercased tokens of the word view).
_MEASURE_PHRASES = {
    ("intensive", "care"): "intensive_care", ("critical", "condition"): "intensive_care",
    ("serious", "condition"): "intensive_care", ("on", "ventilators"): "intensive_care",
    ("on", "ventilator"): "intensive_care", ("in", "a", "coma"): "intensive_care",
    ("life", "support"): "intensive_care",
    ("in", "hospital"): "hospitalized", ("to", "hospital"): "hospitalized", ("in", "hospitals"): "hospitalized",
    ("to", "hospitals"): "hospitalized", ("hospital", "treatment"): "hospitalized",
    ("general", "ward"): "hospitalized", ("field", "hospital"): "hospitalized",
    ("took", "in"): "hospitalized", ("taken", "in"): "hospitalized", ("take", "in"): "hospitalized",
    ("medical", "help"): "injured", ("medical", "assistance"): "injured", ("medical", "attention"): "injured",
    ("medical", "care"): "injured", ("medical", "treatment"): "injured", ("sought", "treatment"): "injured",
    ("first", "aid"): "injured", ("outpatient", "basis"): "injured", ("lost", "an", "eye"): "injured",
    ("gunned", "down"): "killed", ("shot", "dead"): "killed", ("lost", "their"): "killed",
    ("lost", "his"): "killed", ("among", "the", "dead"): "killed", ("death", "row"): "count",
    ("to", "death"): "count", ("held", "hostage"): "count", ("taken", "hostage"): "count",
    ("death", "sentences"): "count", ("death", "sentence"): "count", ("death", "penalty"): "count",
    ("denied", "medical", "care"): None, ("denied", "treatment"): None, ("denied", "medical"): None,
    ("refused", "treatment"): None, ("without", "medical"): None,
    ("took", "to"): "crowd", ("take", "to"): "crowd", ("turned", "out"): "crowd", ("came", "out"): "crowd",
    ("took", "part"): "crowd", ("taking", "part"): "crowd", ("joined", "the"): "crowd",
    ("rounded", "up"): "detained", ("swept", "up"): "detained", ("round", "up"): "detained",
    ("rounding", "up"): "detained", ("sweeping", "up"): "detained",
    ("behind", "bars"): "detained", ("in", "jail"): "detained", ("in", "detention"): "detained",
    ("into", "custody"): "detained",
    ("sent", "in"): "deployed", ("flew", "in"): "deployed", ("flown", "in"): "deployed",
    ("brought", "in"): None, ("on", "standby"): "deployed", ("in", "the", "air"): "deployed",
}
_PHRASE_FIRST = {p[0] for p in _MEASURE_PHRASES}
# Verbs that send people somewhere: a deployment when what they send is troops or people.
_DEPLOY_VERBS = set("""send sent sending sends deploy deployed deploying deploys deployment dispatch dispatched
dispatching fly flew flown flying airlifted airlift land landed landing stationed contribute contributed contributing
provide provided providing moved mobilised mobilized mobilising rushed""".split())
# Verbs that take a crowd as their object ('disperse thousands').
_CROWD_OBJECT_VERBS = {"disperse", "dispersed", "dispersing", "draw", "drew", "drawing", "attract", "attracted"}
# A verb directly before the number; these stand only with a person, not 'held 3 rallies'.
_PERSON_ONLY = {"held", "deployed", "hurt", "treated", "treats", "treat", "treating", "beaten", "arrested", "admitted"}

# Filler that may stand between a verb and its object number ('killed at least 18', 'detained a total of').
_FILLER = set("""a an the total of some also reportedly officially further another additional more than at least
up to about around nearly almost as many over only just had has have been were was""".split()) | {'"', "'"}
# Words of a complement frame: what stands before a number a toll rose to, stood at, was put at.
_LINK_VERBS = set("""rose risen rises rising climbed climb climbs reached reach reaches stood stands stand jumped
increased grew hit topped passed exceeded totalled totaled numbered number numbers ran put putting puts estimated
estimating estimate bringing brought raising raised was were is are included include includes now contains
contained contain""".split())
_TOLL_WORDS = {**_words("killed", "toll tolls fatalities deaths dead"),
               **_words("crowd", "crowd crowds turnout attendance procession rally rallies march demonstration "
                        "protest gathering sit-in")}
_COUNT_FRAMES = {"number", "count", "list", "tally", "figure", "figures", "total"}

# Nouns that are the measure when they are what is counted ('39 deaths', '68 wounded').
_HEAD_MEASURES = {
    **_words("killed", "deaths dead bodies corpses fatalities martyrs killings lives"),
    **_words("injured", "injuries injured wounded hurt wounds outpatients"),
    **_words("detained", "detainees arrests detentions prisoners arrestees"),
    **_words("hospitalized", "patients hospitalisations hospitalizations admissions"),
}
_ADVERBS = {"already", "still", "now", "also", "later", "reportedly", "allegedly", "so", "then", "all", "each"}
_PARTICIPLE_HEADS = {"wounded", "injured", "hurt", "dead"}
_CASE_NOUNS = {"cases", "case", "victims", "incidents", "instances", "counts", "reports"}
_HEAD_ADJECTIVES = set("""political arbitrary extrajudicial gunshot bullet former suspected alleged confirmed
documented reported recorded verified serious minor further more other new additional unlawful wrongful
summary enforced""".split())

_TROOP_WORDS = set("""troops soldiers soldier servicemen paratroopers peacekeepers peacekeeper gendarmes marines
servicemembers commandos reservists contingent""".split())
_CROWD_HEADS = {"protesters", "protestors", "demonstrators", "marchers", "mourners"}
_POLITICAL = {"opposition", "political", "democratic", "pro-democracy", "civic", "progressive", "social",
              "nationalist", "liberal", "conservative", "islamist"}
_PERSON_WORDS = set("""people persons individuals person protesters protestors demonstrators civilians civilian
men women children boys girls students teachers journalists reporters officers officer policemen policeman police
soldiers troops servicemen paratroopers peacekeepers gendarmes guardsmen members supporters residents villagers
farmers workers fans activists minors teenagers detainees prisoners bystanders rioters looters suspects defendants
lawyers observers passengers migrants refugees patients victims martyrs heroes fighters rebels militants terrorists
criminals bandits leaders lawmakers others more doctors medics nurses monks mps personnel staff youths""".split())

# Measures that count people an event happened to (a frame "N killed and M detained" shares them).
_EVENT_MEASURES = {"killed", "injured", "hospitalized", "intensive_care", "detained", "deployed", "crowd"}

# Where a number's clause ends, looking forward; and words that open an aside after a comma.
_SUBORDINATORS = set("""where when after before while because since amid although though whereas until unless
if as""".split())
_ASIDE_OPENERS = set("""including among mostly most many some all several mainly chiefly both one two three four
five six seven eight nine ten dozens hundreds thousands perhaps possibly probably maybe if who which whom whose
backed armed aged a an the according apparently reportedly""".split())
_AUXILIARIES = set("""were was are is have has had been being be will would could should may might must can did
do does also later all reportedly still now then remain remained remains allegedly""".split())
_CLAUSE_CONJUNCTIONS = {"and", "but", "while", "whereas", "although", "though", "as", "where", "which", "with"}
_LIST_CONNECTORS = {(",",), ("and",), (",", "and"), ("or",), (",", "or"), ("as", "well", "as")}

_PRICE_WORDS = set("""price prices cost costs fare fares tariff tariffs litre liter gallon loaf fuel petrol
gasoline diesel gas bread electricity""".split())
_PRICE_CHANGE_WORDS = set(CHANGE_WORDS) | {"hikes", "from", "tripled", "quadrupled", "halved"}
_TIME_UNITS = {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "nights"}
_AGE_BEFORE = {"aged", "age", "ages"}

_SUBJECT_PHRASES = {
    ("security", "forces"): "security_forces", ("security", "personnel"): "security_forces",
    ("security", "officers"): "security_forces", ("security", "officials"): "security_forces",
    ("law", "enforcement"): "police", ("police", "officers"): "police", ("police", "officer"): "police",
    ("national", "guard"): "national_guard", ("national", "guardsmen"): "national_guard",
    ("peacekeeping", "forces"): "peacekeepers", ("peacekeeping", "force"): "peacekeepers",
    ("peacekeeping", "troops"): "peacekeepers", ("military", "personnel"): "soldiers",
    ("armed", "forces"): "soldiers", ("riot", "police"): "police",
}
_SUBJECT_WORDS = {
    **_words("people", "people persons individuals person"),
    **_words("protesters", "protesters protestors demonstrators protester demonstrator marchers"),
    **_words("rioters", "rioters looters"),
    **_words("police", "police policemen policeman officers gendarmes"),
    **_words("soldiers", "troops soldiers soldier servicemen paratroopers forces force contingent servicemembers "
             "marines"),
    **_words("peacekeepers", "peacekeepers peacekeeper"),
    **_words("national_guard", "guardsmen"),
    "civilians": "civilians", "civilian": "civilians", "detainees": "detainees",
}
# The extractor's own categories onto schema.yaml's subject vocabulary (a value the schema lacks becomes None).
_SCHEMA_SUBJECTS = {"police": "security_forces", "national_guard": "security_forces", "security_forces":
                    "security_forces", "soldiers": "security_forces", "protesters": "protesters",
                    "rioters": "rioters", "people": "people", "civilians": "people", "peacekeepers": "foreign_troops",
                    "states": "states", "countries": "states", "towns": "towns", "cities": "towns", "city": "towns",
                    "town": "towns"}
_FOREIGN_WORDS = {"csto", "alliance", "foreign", "contingent", "peacekeeping", "russian", "russian-led", "belarusian",
                  "armenian", "tajik", "kyrgyz", "from"}
_SENDING_VERBS = {"send", "sent", "sending", "sends", "dispatch", "dispatched", "dispatching", "contribute",
                  "contributed", "contributing", "fly", "flew", "flown", "airlifted", "arrived", "arriving", "arrive"}
_COMMON_VERBS = set("""sought took take takes began begin begins fled flee fought went go goes came come comes left
held made make gave give got get ran run stood broke set put met seized stormed fly flies flew fell rose remain
remains remained arrived arrive arrives stay stays stayed face faces faced need needs needed say says said told
reported were was is are be been have has had will would could should may might must can did do does seek seeks
sit sits sat lie lies lay lay live lives lived spent spend spends joined join joins marched march""".split())
_GENERIC_HEADS = {"members", "member", "personnel", "staff", "employees", "workers", "units", "servicemen"}
_SUBJECT_STOPS = set("""were was are is have has had been be being will would could should may might can in on at
to from by with for who that which as and or but described including than said says told reported
reportedly also while when where after before during across into amid""".split())
_NOT_NOUNS = {"more", "other", "others", "of", "the", "a", "an", "them", "whom", "these", "those", "each"}

_REPORT_VERBS = set(SAYING_VERBS)
_REPORT_VERBS_ONLY_WITH_THAT = {"reports", "report", "note", "notes", "claims", "claim"}
_SUBJECT_LEAD_DROP = {"and", "but", "while", "as", "meanwhile", "also", "so", "then", "earlier", "later", "yet",
                      "separately", "now"}
_SUBJECT_TAIL_DROP = {"reportedly", "also", "earlier", "later", "has", "have", "had", "was", "were", "is", "are",
                      "been", "now", "previously", "separately", "officially", "further", "itself", "would",
                      "will", "did", "does", "do", "on", "late", "early", "publicly"}
_AFTER_VERB_SKIP = set("""on in at early late earlier later last this that's a an the statement statements
briefing reporters journalists news conference press website channel telegram television tv its their his
her monday tuesday wednesday thursday friday saturday sunday morning evening night afternoon today yesterday
week day also reportedly separately official officially""".split())
_MONTH_WORDS = set(MONTH_NUMBERS)

_EXPECTED = set("expected expects expect likely could may might projected forecast anticipated".split())
_PLANNED = set("will would 'll plans plan planned planning intends intend intended shall scheduled".split())
_COMMITMENTS = set("pledged promised agreed approved decided offered ordered vowed committed pledges "
                   "promises agrees approves decides offers orders vows".split())


# --------------------------------------------------------------------------- the word view of a sentence

_JOINERS = {"-", "‐", "'", "’"}
_JOINING = re.compile(r"[-‐'’(\[“”‘«»]")
_QUOTES = {"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'}


class _Sentence:
    """A sentence's words (lowercased, with offsets), built from the shared tokens of unrest/text.py:
    letters joined by a hyphen or an apostrophe are one word ('anti-government', "ministry's"), and
    brackets around a lone number are dropped ('(180) people')."""

    __slots__ = ("text", "start", "end", "starts", "ends", "low", "n", "markers")

    def __init__(self, text: str, start: int, end: int, tokens: Tokens | None = None):
        self.text, self.start, self.end = text, start, end
        t = Tokens(text, start, end) if tokens is None else tokens
        self.markers: list[int] | None = None
        if not _JOINING.search(text, start, end):  # nothing to join or drop: the words are the tokens
            self.starts, self.ends, self.low, self.n = t.starts, t.ends, t.low, t.n
            return
        starts: list[int] = []
        ends: list[int] = []
        low: list[str] = []
        t_starts, t_ends, t_low, n = t.starts, t.ends, t.low, t.n
        k = 0
        while k < n:
            w = t_low[k]
            a, b = t_starts[k], t_ends[k]
            if w[0].isalpha():
                while k + 2 < n and t_low[k + 1] in _JOINERS and b == t_starts[k + 1] and \
                        t_ends[k + 1] == t_starts[k + 2] and t_low[k + 2][0].isalpha():
                    w += "'" if t_low[k + 1] in ("'", "’") else "-"
                    w += t_low[k + 2]
                    b = t_ends[k + 2]
                    k += 2
            elif w in ("(", "[") and k + 2 < n and "0" <= t_low[k + 1][0] <= "9" and t_low[k + 2] in (")", "]"):
                starts.append(t_starts[k + 1])
                ends.append(t_ends[k + 1])
                low.append(t_low[k + 1])
                k += 3
                continue
            starts.append(a)
            ends.append(b)
            low.append(_QUOTES.get(w, w))
            k += 1
        self.starts, self.ends, self.low, self.n = starts, ends, low, len(low)

    def span(self, char_start: int, char_end: int) -> tuple[int, int]:
        """The words [i, j) that the characters [char_start, char_end) cover."""
        i = bisect.bisect_right(self.ends, char_start)
        j = bisect.bisect_left(self.starts, char_end, i)
        return i, max(j, i + 1)

    def at(self, k: int) -> str:
        return self.low[k] if 0 <= k < self.n else ""

    def cap(self, k: int) -> bool:
        return 0 <= k < self.n and self.text[self.starts[k]].isupper()

    def slice(self, i: int, j: int) -> str:
        return self.text[self.starts[i]:self.ends[j - 1]] if i < j else ""


def _measure_at(s: _Sentence, k: int) -> tuple[str | None, int] | None:
    """The measure a word (or phrase) at k states, and the phrase's length; None if it states none."""
    w = s.low[k] if 0 <= k < s.n else ""
    if w not in _MEASURE_TRIGGERS:
        return None  # most words: one look-up
    if w in _PHRASE_FIRST:
        for length in (3, 2):
            phrase = tuple(s.low[k:k + length])
            if phrase in _MEASURE_PHRASES:
                return _MEASURE_PHRASES[phrase], length
    if w == "held":
        if s.at(k + 1) in ("talks", "a", "an", "the", "up", "its", "their", "meetings", "rallies", "protests",
                           "hostage"):
            return None
        return "detained", 1
    if w in ("treated", "treating", "treat", "treats") and any(
            s.at(p) in ("hospital", "hospitals", "ward", "clinic", "clinics") for p in range(k + 1, k + 6)):
        return "hospitalized", 1  # 'treated in three hospitals', 'being treated on the general ward'
    if w in ("taken", "brought", "rushed", "carried", "admitted", "sent", "transferred", "referred", "moved") and \
            "to" in s.low[k + 1:k + 3] and any(
            s.at(p) in ("hospital", "hospitals", "clinic", "clinics") for p in range(k + 2, k + 6)):
        return "hospitalized", 2  # 'brought to the clinic', 'sent on to the central hospital'
    if w in ("taken", "sent", "transferred", "moved", "brought", "driven") and s.at(k + 1) == "to" and any(
            s.at(p) in ("prison", "prisons", "jail", "jails", "detention", "camp", "camps") or
            s.at(p) in ("station", "stations") and s.at(p - 1) == "police" for p in range(k + 2, k + 7)):
        return "detained", 2  # 'taken to the Koro Toro high-security prison'
    m = _MEASURE_WORDS.get(w)
    return (m, 1) if m is not None else None


_MEASURE_TRIGGERS = frozenset(_PHRASE_FIRST | set(_MEASURE_WORDS) | {
    "held", "treated", "treating", "treat", "treats", "taken", "brought", "rushed", "carried", "admitted", "sent",
    "transferred", "referred", "moved", "driven"})


# --------------------------------------------------------------------------- figures in a sentence

@dataclass(slots=True)
class _Figure:
    e: NumberExpression
    i: int             # first word of the number
    j: int             # word after the number
    np_end: int        # word after the counted noun group
    head: str | None   # the counted noun (its last word), lowercased
    modifiers: list[str]
    partitive: str | None  # 'them' (of them / of whom) or the partitive noun ('of the injured' -> 'injured')
    measure: str = "count"
    how: str = ""      # which rule gave the measure: unit, age, head, object, predicate, frame, subset, default


def _noun_group(s: _Sentence, j: int, limit: int) -> tuple[int, str | None, list[str], str | None]:
    """The noun group after a number at j: (its end, its head, the words before the head, the partitive)."""
    k = j
    partitive = None
    if s.at(k) == "of":
        nxt = s.at(k + 1)
        if nxt in ("them", "whom", "us", "these"):
            return k + 2, None, [], "them"
        if nxt in ("the", "those", "its", "their", "his", "her"):
            k += 2
            if nxt == "those" and k < limit:
                partitive = s.at(k)  # 'of those executed'
                return k + 1, None, [], partitive
        else:
            k += 1
    words: list[str] = []
    while k < limit and len(words) < 8:
        w = s.low[k]
        if w in ('"', "'"):
            k += 1
            continue
        if not w[0].isalpha() or w in _SUBJECT_STOPS or w in _ADVERBS:
            break
        head_measure = _HEAD_MEASURES.get(w)
        if (head_measure and all(x in _HEAD_ADJECTIVES for x in words)) or (
                words and words[0] in _CASE_NOUNS and "of" in words and w in _MEASURE_WORDS):
            words.append(w)  # '39 deaths', '1,264 arbitrary detentions', 'cases of arbitrary detention'
            k += 1
            break
        if _measure_at(s, k) is not None or (_verb_like(s, k) and w not in _PERSON_WORDS):
            break
        if w == "of" or (w in _CASE_NOUNS and s.at(k + 1) == "of"):
            if w != "of":
                words.append(w)
                k += 1
            if not words:
                break
            # 'members of the security forces', 'cases of arbitrary detention', 'pieces of military hardware'
            words.append("of")
            k += 1
            if s.at(k) in ("the", "a", "an"):
                k += 1
            continue
        words.append(w)
        k += 1
        if (w in _PERSON_WORDS or w in _TROOP_WORDS) and not _noun_like(s, k) and not (
                s.at(k) in ("and", "or") and _noun_like(s, k + 1)) and s.at(k) != "of":
            break  # a known head with no noun after it ends the group: '2,030 troops guarded'
    if partitive is None and s.at(j) == "of" and words:
        partitive = words[-1]
    head = words[-1] if words else None
    return k, head, words, partitive


def _verb_like(s: _Sentence, k: int) -> bool:
    """A guess, without a tagger, that word k is the verb after a noun group."""
    w = s.at(k)
    if w in _COMMON_VERBS:
        return True
    if w.endswith("ing") and len(w) > 5:
        return True
    if w.endswith("ed") and len(w) > 4:  # 'remained in', but not 'armed criminals'
        nxt = s.at(k + 1)
        return not nxt or not nxt[0].isalpha() or nxt in _SUBJECT_STOPS or nxt in _NOT_NOUNS or nxt in (
            "the", "a", "an", "their", "his", "her", "its", "to", "up", "out", "down", "place")
    return False


def _head_measure(f: _Figure) -> str | None:
    """What the counted noun itself says: '39 deaths', 'cases of arbitrary detention', 'of the injured'."""
    words = f.modifiers
    if words and words[0] in _CASE_NOUNS and "of" in words:
        for w in words[words.index("of") + 1:]:  # 'cases of arbitrary detention', 'victims of eye injuries'
            m = _HEAD_MEASURES.get(w) or _MEASURE_WORDS.get(w)
            if m is not None:
                return m
        return "count"
    for w in words:
        if w in _HEAD_MEASURES:
            return _HEAD_MEASURES[w]
        if w not in _HEAD_ADJECTIVES:
            break
    if f.partitive and f.partitive != "them":
        return _HEAD_MEASURES.get(f.partitive) or _MEASURE_WORDS.get(f.partitive)
    return None


_THING_WORDS = set("""weapons weapon firearms guns rifles pistols shotguns rounds bullets grenades vehicles vehicle
cars buses trucks tanks planes aircraft helicopters buildings houses homes shops stores banks offices stations roads
rallies meetings talks protests marches demonstrations pieces hardware tonnes tons litres documents phones computers
cases complaints reports incidents investigations points cities towns villages provinces states regions
hospitals clinics prisons camps""".split())


def _is_person(f: _Figure) -> bool:
    """What is counted may be people: anything but a known thing ('3 suspected accomplices' yes, '250 pieces of
    hardware' no)."""
    head = f.head
    if head is None or head in _PERSON_WORDS or head in _TROOP_WORDS:
        return True
    return head not in _THING_WORDS and not any(w in _THING_WORDS for w in f.modifiers)


def _is_troops(f: _Figure) -> bool:
    words = f.modifiers
    if not words:
        return False
    if words[-1] in ("forces", "force") and not any(w in _POLITICAL for w in words):
        return "security" not in words and "opposition" not in words
    if words[-2:] in (["riot", "police"], ["riot", "officers"]):
        return True  # units sent to a protest
    return words[-1] in _TROOP_WORDS or "of" in words and words[-1] in _TROOP_WORDS


# --------------------------------------------------------------------------- the measure rules

def _unit_measure(s: _Sentence, f: _Figure, clause: set[str]) -> str | None:
    e = f.e
    if e.unit in CURRENCIES or e.unit == "percent":
        if clause & _PRICE_WORDS and clause & _PRICE_CHANGE_WORDS:
            return "price_change"
        return "money" if e.unit in CURRENCIES else "percentage"
    if e.unit in _TIME_UNITS:
        if e.text.endswith("old") or s.at(f.j + 1) == "old":
            return "other"  # an age: 'a 17-year-old', '13 years old'
        return "duration"
    if e.unit == "times":  # 'the cost of gas doubled'
        return "price_change" if clause & _PRICE_WORDS else "other"
    if e.unit is not None:
        return "other"
    if f.head is None and clause & _PRICE_WORDS and clause & _PRICE_CHANGE_WORDS and \
            s.at(f.i - 1) in ("from", "to", "by", "at"):
        return "price_change"  # 'rose from 1,850 to 2,900 kip'
    return None


def _is_age(s: _Sentence, f: _Figure, previous: _Figure | None) -> bool:
    i, j = f.i, f.j
    if f.e.qualifier not in ("exact", "less_than", "more_than", "range", "about") or f.e.unit is not None:
        return False
    if s.at(i - 1) in _AGE_BEFORE or (s.at(i - 2), s.at(i - 1)) in (("young", "as"), ("old", "as")):
        return True  # 'aged 19', 'as young as 13'
    if {s.at(i - 1), s.at(i - 2), s.at(i - 3)} & {"youngest", "oldest"}:
        return True  # 'the youngest of them 12'

    if s.at(i - 1) == "," and s.cap(i - 2) and s.at(j) in (",", ".", "") and f.head is None and \
            s.at(i - 2) not in ("said", "says"):
        return True  # 'Ali Reza, 19, a student'
    if f.e.text.lower().startswith(("under", "over")) and f.head is None and (
            s.at(i - 1) in ("were", "was", "are", "is") and s.at(j) in (",", ".", ";", "", "and") or
            s.at(i - 1) in ("children", "minors", "teenagers", "boys", "girls", "youths", "students")):
        return True  # 'a dozen were under 18', 'children under 18'
    if previous is not None and previous.how == "age" and s.at(i - 1) == "and" and previous.j == i - 1:
        return True  # 'aged 16 and 17'
    if s.at(i - 1) == "and" and s.at(i - 2) in ("oldest", "youngest"):
        return True
    return bool(previous is not None and previous.how == "age" and s.at(i - 1) == "oldest")


def _object_measure(s: _Sentence, f: _Figure, floor: int) -> str | None:
    """A verb that takes the number as its object, with only filler between ('killed at least 18')."""
    k, lowest = f.i - 1, max(floor, f.i - 6)
    while k >= lowest:
        w = s.low[k]
        if k >= 1 and (s.at(k - 1), w) in _MEASURE_PHRASES:
            m = _MEASURE_PHRASES[(s.at(k - 1), w)]
            if m in ("intensive_care",) or (s.at(k - 1), w) in (("death", "row"), ("to", "death")):
                return None
            return m
        if w in _CROWD_OBJECT_VERBS:
            return "crowd"
        if w in _DEPLOY_VERBS:
            return "deployed" if _is_person(f) else None
        if w in ("trial", "trials"):
            return "count"  # 'the trial of 27 defendants'
        if w == "lost" and f.head in _PERSON_WORDS:
            return "killed"  # 'the rebels lost 5 fighters'
        m = _MEASURE_WORDS.get(w)
        if m is not None and w not in ("toll", "death", "dead", "deaths", "custody", "detention", "march",
                                       "gathering", "wounds"):
            if w in _PERSON_ONLY and not _is_person(f):
                return None
            if w in ("bodies", "fatalities", "injuries", "arrests", "detentions"):
                return m if s.at(k + 1) == "of" else None  # 'the bodies of 23 people'
            return m
        if w in ("bodies", "deaths", "remains", "corpses") and s.at(k + 1) == "of":
            return "killed"  # "the bodies of 23 people", "the remains of five people"
        if w in ("crowd", "crowds", "rally", "procession", "gathering", "march", "demonstration") and \
                s.at(k + 1) == "of":
            return "crowd"
        if w not in _FILLER:
            return None
        k -= 1
    return None


def _predicate_measure(s: _Sentence, figures: list[_Figure], n: int) -> str | None:
    """The predicate of which figure n's noun group is the subject, read to the end of its clause."""
    starts = {g.i: m for m, g in enumerate(figures)}
    k = figures[n].np_end
    last_item_end = k
    own = figures[n].head in _PARTICIPLE_HEADS  # '2,000 wounded and 500 jailed': each item has its own
    limit = min(s.n, k + 40)
    while k < limit:
        if k in starts and starts[k] > n:
            m = starts[k]
            connector = tuple(s.low[last_item_end:k])
            if connector in _LIST_CONNECTORS and figures[m].partitive != "them" and not own:
                k = last_item_end = figures[m].np_end  # '41 civilians, 9 police officers and three soldiers'
                continue
            if s.at(k + 1) == "of" and s.at(k + 2) in ("them", "whom") and s.at(k - 1) == ",":
                aside_end = _aside_end(s, k, limit)  # ', 19 of them law enforcement officers,'
                if aside_end is None:
                    return None
                k = aside_end
                continue
            return None
        w = s.low[k]
        if w == ",":
            nxt = s.at(k + 1)
            if (k + 1) in starts and not (s.at(k + 2) == "of" and s.at(k + 3) in ("them", "whom")):
                k += 1  # the next item of a list
                continue
            if nxt in _ASIDE_OPENERS or (k + 1) in starts:
                end = _aside_end(s, k + 1, limit)
                if end is None:
                    return None
                k = end
                continue
            if nxt in _AUXILIARIES or _measure_at(s, k + 1) is not None:
                k += 1
                continue
            return None
        if w in (";", ":", "(", ")") or w in _SUBORDINATORS and w != "as" or w in ("but", "whereas"):
            return None
        found = _measure_at(s, k)
        if found is not None:
            if found[0] is None:
                k += found[1]
                continue
            if found[0] == "hospitalized" and w in ("took", "taken", "take") and s.at(k + 1) == "in":
                return None  # 'took in' after the subject is no intake of it
            return found[0]
        k += 1
    return None


def _verb_follows(s: _Sentence, f: _Figure) -> bool:
    """Figure f starts a clause of its own ('and 19 were wounded', 'and 140 were treated')."""
    w = s.at(f.np_end)
    return w in _AUXILIARIES or _measure_at(s, f.np_end) is not None or _verb_like(s, f.np_end)


def _aside_end(s: _Sentence, k: int, limit: int) -> int | None:
    """The word after the comma that closes an aside opened at k (None if it does not close in the clause)."""
    depth = 0
    for p in range(k, min(limit + 20, s.n)):
        w = s.low[p]
        if w == "(":
            depth += 1
        elif w == ")":
            depth -= 1
        elif w == "," and depth <= 0 and p > k:
            return p + 1
        elif w in (";", ".") or w in _REPORT_VERBS:
            return None
    return None


def _frame_measure(s: _Sentence, f: _Figure, floor: int, figures: list[_Figure], n: int) -> str | None:
    """A complement frame: what a toll, a count or a crowd rose to, stood at, was put at ('the toll rose to 174')."""
    i = f.i
    if n and figures[n - 1].e.unit == "times":  # "the number of detainees has doubled ... to about 2,400"
        floor = figures[n - 2].j if n > 1 else 0
    window = []
    k, lowest = i - 1, max(floor, i - 16)
    while k >= lowest:
        w = s.low[k]
        if w in _REPORT_VERBS or w in (";", ":") or (w in ("and", "but") and s.at(k - 1) == ","):
            break
        window.append(k)
        k -= 1
    p = i - 1
    while p >= floor and s.low[p] in ("now", "a", "total", "of", "an", "estimated"):
        p -= 1
    linked = s.at(i - 1) in ("to", "at") or (s.at(i - 2), s.at(i - 1)) == ("in", "the") or \
        (p >= floor and s.low[p] in _LINK_VERBS)
    if not linked:
        return None
    for p in window:
        w = s.low[p]
        if w in _TOLL_WORDS and w != "dead":
            return _TOLL_WORDS[w]
        if w == "dead" and s.at(p - 1) in ("the", "of"):
            return "killed"  # 'the number of dead had reached 29'
        if w in _COUNT_FRAMES:
            found = _count_frame(s, p, i)
            if found is not None:
                return found
            if w.startswith("figure"):
                return _antecedent_measure(figures, n)  # 'the ministry put the figure at 1.09 million'
            continue
        m = _measure_at(s, p)
        if m is not None and m[0] is not None and (w != "held" or s.at(p - 1) in ("those", "people", "were")):
            return m[0]  # 'killed in the crackdown were 14', 'those held ... now number in the thousands'
    return None


def _count_frame(s: _Sentence, k: int, limit: int) -> str | None:
    """'the number of people wounded', 'the count of those detained', 'a list of those held': the measure in it."""
    for p in range(k + 1, min(limit, k + 8)):
        found = _measure_at(s, p)
        if found is not None and found[0] is not None:
            return found[0]
        if s.low[p] in _LINK_VERBS:
            break
    return None


def _antecedent_measure(figures: list[_Figure], n: int) -> str | None:
    for g in reversed(figures[:n]):
        if g.how not in ("age", "unit"):
            return g.measure
    return None


def _subset_of(s: _Sentence, f: _Figure, figures: list[_Figure], n: int, context: str | None) -> str | None:
    """The measure of the figure (or the frame) that this figure is a subset or continuation of."""
    before = s.low[max(0, f.i - 3):f.i]
    subset = f.partitive == "them" or (before and before[-1] in ("including", "included", "include", "includes")) \
        or before[-2:] in (["among", "them"], ["among", "whom"], ["of", "whom"], ["up", "from"]) \
        or (before and before[-1] in ("another", "further")) or s.at(f.j) in ("more", "others") \
        or s.at(f.np_end) in ("more", "others") or (f.head in ("others",))
    if not subset:
        return None
    found = _antecedent_measure(figures, n)
    if found is None and context is not None:
        return context
    return found


def _list_measure(s: _Sentence, f: _Figure, figures: list[_Figure], n: int) -> str | None:
    """A list item after a verb takes the verb's measure ('arrested 212 students, 48 teachers and a dozen ...')."""
    if n == 0:
        return None
    previous = figures[n - 1]
    if tuple(s.low[previous.np_end:f.i]) in _LIST_CONNECTORS and previous.how in ("object", "list"):
        if previous.measure == "deployed" and not _is_person(f):
            return None
        return previous.measure
    return None


def _sentence_frame(s: _Sentence, previous_context: str | None) -> tuple[str | None, int]:
    """A sentence that opens on what it counts: 'Of the 18 dead, ...', 'Among the dead were ...',
    'They included ...', 'Of the victims, ...' (the last two take the previous sentence's measure).
    (The measure, or None; the word where the frame ends.)"""
    w0, w1 = s.at(0), s.at(1)
    if w0 in ("of", "among") or (w0, w1) in (("they", "included"), ("these", "included"), ("they", "include")):
        end = next((k for k in range(1, min(s.n, 12)) if s.low[k] == ","), 2)
        for k in range(1, end):
            found = _measure_at(s, k)
            if found is not None and found[0] is not None:
                return found[0], end
        if w0 == "among" and w1 not in ("them", "those"):
            return None, 0
        return previous_context, end
    return None, 0


def _measures(s: _Sentence, figures: list[_Figure], previous_context: str | None) -> None:
    """Set each figure's measure by the rules of the module docstring."""
    words = set(s.low)
    frame, frame_end = _sentence_frame(s, previous_context)
    organisers = bool(words & {"organisers", "organizers"})
    for n, f in enumerate(figures):
        _measure_figure(s, figures, n, frame, organisers, previous_context)
        if f.i < frame_end and f.measure in _EVENT_MEASURES:
            frame = f.measure  # 'Of the 36 wounded brought to the clinic, 12 ...': the frame is that figure
    for n in range(len(figures) - 2, -1, -1):
        f, whole = figures[n], figures[n + 1]
        if f.how == "default" and (s.at(f.j), s.at(f.j + 1)) == ("of", "the") and whole.i == f.j + 2:
            f.measure, f.how = whole.measure, "subset"  # "only 3 of the 40 protesters detained"


def _measure_figure(s: _Sentence, figures: list[_Figure], n: int, frame: str | None, organisers: bool,
                    context: str | None) -> None:
    f = figures[n]
    floor = figures[n - 1].j if n else 0
    previous = figures[n - 1] if n else None
    head = _head_measure(f)
    unit = _unit_measure(s, f, set(s.low[_clause_start(s, f.i, 0):_clause_end(s, f.j)])) \
        if f.e.unit is not None or f.head is None else None
    if unit is not None:
        f.measure, f.how = unit, "unit"
        return
    if _is_age(s, f, previous):
        f.measure, f.how = "other", "age"
        return
    if head == "killed":
        f.measure, f.how = "killed", "head"
        return
    obj = _object_measure(s, f, floor)
    if obj in ("hospitalized", "injured") and head == "detained":
        obj = None  # 'treated 12 detainees' counts detainees
    if obj is not None:
        f.measure, f.how = obj, "object"
        return
    found = _predicate_measure(s, figures, n) if not (f.modifiers and f.modifiers[0] in _CASE_NOUNS) else None
    if found == "injured" and frame in ("hospitalized", "intensive_care") and s.at(0) == "of":
        found = frame  # 'Of the 36 wounded brought to the clinic, 12 had gunshot wounds'
    if found is not None and not (found == "deployed" and not _is_person(f)):
        f.measure, f.how = found, "predicate"
        return
    if head is not None:
        f.measure, f.how = head, "head"
        return
    if f.head == "victims" or f.partitive == "victims":
        f.measure, f.how = (frame or context or "killed"), "head"  # 'of the 420 victims': of what came before
        return
    found = _frame_measure(s, f, floor, figures, n)
    if found is not None:
        f.measure, f.how = found, "frame"
        return
    found = _subset_of(s, f, figures, n, frame)
    if found is not None:
        f.measure, f.how = found, "subset"
        return
    found = _list_measure(s, f, figures, n)
    if found is not None:
        f.measure, f.how = found, "list"
        return
    if frame is not None and f.i > 0 and (s.at(f.j) in ("were", "was", "are", "is", "had", "have")
                                            or s.at(f.np_end) in ("were", "was", "are", "is", ",", "and", ".")):
        f.measure, f.how = frame, "subset"  # 'Of the 18 dead, four were law enforcement officers'
        return
    if f.head is None and context is not None and n == 0 and s.at(f.j) in ("were", "was", "are") and \
            s.at(f.j + 1) not in _MEASURE_WORDS:
        f.measure, f.how = context, "subset"  # 'Most were young men; seven were women': of those counted before
        return
    if f.head is None and f.partitive is None and previous is not None and previous.measure in _EVENT_MEASURES \
            and previous.how not in ("age", "unit"):
        f.measure, f.how = previous.measure, "subset"  # '12 bodies at the morgue, but nine remain unidentified'
        return
    appositive = s.at(f.i - 2) if s.at(f.i - 1) == "," else ""
    if appositive in _HEAD_MEASURES and f.head is None:
        f.measure, f.how = _HEAD_MEASURES[appositive], "subset"  # "The dead, 11 in all, were buried"
        return
    if _is_troops(f) or appositive in _TROOP_WORDS:
        f.measure, f.how = "deployed", "default"
    elif f.head in _CROWD_HEADS or (organisers and (f.head in ("people", None))) or \
            appositive in _CROWD_HEADS | {"supporters"}:
        f.measure, f.how = "crowd", "default"
    elif s.at(f.i - 1) == "strong" or f.e.text.endswith("strong"):
        f.measure, f.how = "deployed", "default"  # 'the 2,030-strong force'
    else:
        f.measure, f.how = "count", "default"


# --------------------------------------------------------------------------- subject

def _subject(s: _Sentence, j: int, limit: int) -> str | None:
    """The noun group counted, right after the number ('2,298 protesters', 'dozens of people')."""
    k = j
    if s.at(k) == "of":
        k += 1
        if s.at(k) in ("the", "them", "those", "these", "whom"):
            k += 1
    words: list[str] = []
    while k < min(limit, s.n) and len(words) < 7:
        w = s.low[k]
        if w in ('"', "'"):
            k += 1
            continue
        if w in ("and", "or") and words and k + 1 < s.n and s.low[k + 1] not in _SUBJECT_STOPS \
                and _measure_at(s, k + 1) is None and s.low[k + 1][0].isalpha() and not _verb_like(s, k + 1):
            words.append(w)
            k += 1
            continue
        if not w[0].isalpha() or w in _SUBJECT_STOPS or _measure_at(s, k) is not None or _verb_like(s, k):
            break
        if (w in _SUBJECT_WORDS or tuple(s.low[k - 1:k + 1]) in _SUBJECT_PHRASES) and not _noun_like(s, k + 1) \
                and not (s.at(k + 1) in ("and", "or") and _noun_like(s, k + 2)) \
                and not (s.at(k + 1) in ("and", "or") and s.at(k + 2) in ("national", "security", "police")):
            words.append(w)  # a known head with no noun after it ends the group: 'soldiers arrived'
            break
        if w == "of" and words and words[-1] in ("members", "member", "units", "officers"):
            words.append(w)
            k += 1
            if s.at(k) == "the":
                k += 1
            continue
        if w == "of":
            break
        words.append(w)
        k += 1
    return _normalise_subject(words)


def _noun_like(s: _Sentence, k: int) -> bool:
    """Word k continues a noun group ('police stations', 'national guard members')."""
    w = s.at(k)
    if not w or not w[0].isalpha() or w in _SUBJECT_STOPS or _verb_like(s, k) or _measure_at(s, k):
        return False
    return w in _GENERIC_HEADS or w in _SUBJECT_WORDS or (w.endswith("s") and not w.endswith("ss") and len(w) > 3
                                                          and w not in _COMMON_VERBS)


def _normalise_subject(words: list[str]) -> str | None:
    """The counted thing of a noun group: its head noun (the last word), normalised."""
    if "of" in words:  # 'members of the security forces'
        k = words.index("of")
        inner = _normalise_subject(words[k + 1:])
        if inner:
            return inner
        words = words[:k]
    parts: list[list[str]] = []
    part: list[str] = []
    for w in words:
        if w in ("and", "or"):
            parts.append(part)
            part = []
        else:
            part.append(w)
    parts.append(part)
    found = [f for f in (_head_subject(p) for p in parts) if f]
    if not found:
        return None
    distinct = set(found)
    if len(distinct) > 1 and distinct <= {"police", "national_guard", "soldiers", "security_forces"}:
        return "security_forces"  # 'police officers and national guard members'
    return found[0]


def _head_subject(words: list[str]) -> str | None:
    words = [w for w in words if w not in _NOT_NOUNS and not w.endswith("ly")]
    if not words:
        return None
    if tuple(words[-2:]) in _SUBJECT_PHRASES:
        return _SUBJECT_PHRASES[(words[-2], words[-1])]
    if words[-1] in _SUBJECT_WORDS:
        return _SUBJECT_WORDS[words[-1]]
    if words[-1] in _GENERIC_HEADS:  # 'national guard members', 'security staff'
        for k in range(len(words) - 1):
            if (words[k], words[k + 1]) in _SUBJECT_PHRASES:
                return _SUBJECT_PHRASES[(words[k], words[k + 1])]
            if words[k] in _SUBJECT_WORDS:
                return _SUBJECT_WORDS[words[k]]
    return re.sub(r"[^a-z0-9]+", "_", words[-1].replace("'s", "")).strip("_") or None


_CLAUSE_SUBJECT_MEASURES = {"duration", "percentage", "price_change", "money", "deployed"}


def _schema_subject(subject: str | None, measure: str, clause: set[str], allowed: frozenset[str]) -> str | None:
    """The extractor's category as a value of schema.yaml's subject vocabulary, or None."""
    if measure == "duration":
        value: str | None = "time"
    elif measure == "percentage" and "vote" in clause:
        value = "vote"
    elif measure in ("price_change", "money") and clause & {"fuel", "petrol", "gas", "gasoline", "diesel"}:
        value = "fuel_price"
    elif subject in ("soldiers",) and measure == "deployed" and (clause & _SENDING_VERBS or clause & _FOREIGN_WORDS):
        value = "foreign_troops"  # troops another state sends
    else:
        value = _SCHEMA_SUBJECTS.get(subject or "")
    return value if value in allowed else None


# --------------------------------------------------------------------------- modality

def _clause_start(s: _Sentence, i: int, floor: int) -> int:
    """First word of the clause that word i is in (', and' / ', but' / ';' end clauses)."""
    k, lowest = i - 1, max(floor, i - 40)
    while k >= lowest:
        w = s.low[k]
        if w in (";", ":"):
            return k + 1
        if w in _CLAUSE_CONJUNCTIONS and s.at(k - 1) == ",":
            return k + 1
        k -= 1
    return max(floor, i - 40)


def _clause_end(s: _Sentence, j: int) -> int:
    for k in range(j, min(s.n, j + 40)):
        w = s.low[k]
        if w in (";", ":") or (w == "," and s.at(k + 1) in _CLAUSE_CONJUNCTIONS):
            return k
    return min(s.n, j + 40)


_MODAL_WORDS = _EXPECTED | _COMMITMENTS | _PLANNED | {"announced", "to", "set", "is", "are"}


def _modality(s: _Sentence, i: int, j: int, floor: int, ceiling: int) -> str:
    """Nearest modal marker in the number's clause (see module docstring)."""
    lo = max(_clause_start(s, i, 0), floor)
    hi = min(_clause_end(s, j), ceiling)
    if s.markers is None:
        s.markers = [k for k, w in enumerate(s.low) if w in _MODAL_WORDS]
    markers = s.markers[bisect.bisect_left(s.markers, lo):bisect.bisect_left(s.markers, hi)]
    if not markers:
        return "reported"
    words = [s.low[k] for k in markers]
    announced_future = "announced" in words and any(w in _PLANNED or w == "to" for w in words)
    best, best_distance = "reported", None
    for k in markers:
        if i <= k < j:
            continue
        w = s.low[k]
        if w in _EXPECTED and not (w == "may" and s.cap(k)):
            kind = "expected"
        elif w in _COMMITMENTS or (w == "announced" and announced_future):
            kind = "announced"
        elif announced_future and (w in _PLANNED or w == "to"):
            kind = "announced"  # 'announced it would send': the future is what was announced
        elif w in _PLANNED or (w in ("set", "is", "are") and s.at(k + 1) == "to" and s.at(k + 2) in
                               ("send", "deploy", "arrive", "stay", "remain", "be", "dispatch", "leave")) \
                or (w == "to" and s.at(k + 1) == "be" and s.at(k + 2) in ("sent", "deployed", "dispatched")):
            kind = "planned"
        else:
            continue
        distance = i - k if k < i else k - j + 1
        rank = {"expected": 0, "announced": 1, "planned": 2}[kind]
        if best_distance is None or (distance, rank) < best_distance:
            best, best_distance = kind, (distance, rank)
    return best


# --------------------------------------------------------------------------- attribution

@dataclass(frozen=True)
class _Attribution:
    speaker: str
    verb: int          # word index of the reporting verb
    lo: int            # word range it credits
    hi: int
    strength: int      # 0: a reporting verb, 1: 'according to'


def _is_report_verb(s: _Sentence, k: int) -> bool:
    w = s.low[k]
    if w in _REPORT_VERBS:
        return not (w == "say" and s.at(k - 1) in ("to", "would", "could")) and \
            not (w == "reported" and s.at(k - 1) in ("been", "be", "being") and s.at(k + 1) in ("missing", "dead"))
    if w in _REPORT_VERBS_ONLY_WITH_THAT:
        return s.at(k + 1) == "that" or s.at(k + 1) in (".", ",", "") or k + 1 >= s.n
    return False


_BOUNDARIES = {",", ";", ":", "that", '"', "(", ")"}


def _speaker_before(s: _Sentence, v: int) -> tuple[int, int]:
    """Word range of the subject of the reporting verb at v."""
    end = v - 1 if s.at(v - 1) == "," else v  # 'city, Almaty, said': the appositive before the comma
    k, lowest = end - 1, max(0, end - 25)
    while k >= lowest and s.low[k] not in _BOUNDARIES:
        k -= 1
    lo, hi = k + 1, end
    segment = s.low[lo:hi]
    # ', Almaty, said' / ', Ruslan Balbek, told': a short capitalised appositive
    if end == v - 1 and s.at(k) == "," and segment and len(segment) <= 3 and all(s.cap(t) for t in range(lo, hi)):
        p, lowest = k - 1, max(0, k - 25)
        depth = 0
        while p >= lowest and (s.low[p] not in _BOUNDARIES or depth > 0 or s.low[p] in (")",)):
            if s.low[p] == ")":
                depth += 1
            elif s.low[p] == "(":
                depth -= 1
            p -= 1
        previous = s.low[p + 1:k]
        if "in" in previous or "at" in previous:  # 'police in Kazakhstan's largest city, Almaty,'
            lo, hi = p + 1, k
    while lo < hi and s.low[lo] in _SUBJECT_LEAD_DROP:
        lo += 1
    while hi > lo and s.low[hi - 1] in _SUBJECT_TAIL_DROP:
        hi -= 1
    for t in range(lo + 1, hi):  # drop a locative tail: 'police in Almaty' -> 'police'
        if s.low[t] in ("in", "at") and t > lo:
            hi = t
            break
    return lo, hi


def _speaker_after(s: _Sentence, v: int) -> tuple[int, int] | None:
    """The speaker of an inverted report ('..., said he.'): a short phrase after the verb closing the clause."""
    if s.at(v - 1) not in (",", '"', "") and v > 0:
        return None
    e = v + 1
    while e < s.n and s.low[e][0].isalpha() and e - v <= 6:
        e += 1
    if e == v + 1 or (e < s.n and s.low[e] not in (".", ",", ";", "!", "?")):
        return None
    if s.low[v + 1] in _AFTER_VERB_SKIP or s.low[v + 1] in ("that", "it"):
        return None
    return v + 1, e


def _attributions(s: _Sentence) -> list[_Attribution]:
    found: list[_Attribution] = []
    verbs = [k for k, w in enumerate(s.low) if (w in _REPORT_VERBS or w in _REPORT_VERBS_ONLY_WITH_THAT)
             and _is_report_verb(s, k)]
    for idx, v in enumerate(verbs):
        inverted = _speaker_after(s, v)
        if inverted is not None:  # '..., said he.', '"...," said Interior Minister Yerlan Turgumbayev.'
            previous_verb = verbs[idx - 1] if idx > 0 else -1
            found.append(_Attribution(s.slice(*inverted), v, previous_verb + 1, v, 0))
            continue
        lo, hi = _speaker_before(s, v)
        if hi - lo > 10 or lo == hi:
            continue
        speaker = s.slice(lo, hi)
        # does the verb introduce what follows ('said that ...') or close what precedes ('..., officials said.')?
        k = v + 1
        if s.low[v] in ("told", "tells"):  # skip the addressee: 'told RIA Novosti', 'told parliament'
            while k < s.n and s.low[k][0].isalpha() and s.low[k] != "that" and k - v <= 4:
                k += 1
        while k < s.n and k - v < 12 and (s.low[k] in _AFTER_VERB_SKIP or s.low[k] in _MONTH_WORDS
                                          or s.low[k][0].isdigit()):
            k += 1
        closes = k >= s.n or s.low[k] in (".", ",", ";", "!", "?", '"')
        if closes:
            previous_verb = verbs[idx - 1] if idx > 0 else -1
            found.append(_Attribution(speaker, v, previous_verb + 1, lo, 0))
        else:
            next_subject = s.n
            if idx + 1 < len(verbs):
                next_subject = _speaker_before(s, verbs[idx + 1])[0]
            found.append(_Attribution(speaker, v, v + 1, max(next_subject, v + 1), 0))
    for k in range(s.n - 1):
        if s.low[k] == "according" and s.low[k + 1] == "to":
            e = k + 2
            while e < s.n and s.low[e] not in (",", ".", ";", "!", "?") and e - k < 12:
                e += 1
            if e > k + 2:
                found.append(_Attribution(s.slice(k + 2, e), k, 0, s.n, 1))
    return found


def _attributed_to(attributions: list[_Attribution], i: int) -> str | None:
    covering = [a for a in attributions if a.lo <= i < a.hi]
    if not covering:
        return None
    best = min(covering, key=lambda a: (a.strength, abs(a.verb - i)))
    return best.speaker


# --------------------------------------------------------------------------- entry points

def extract_figures(text: str) -> list[FigureCandidate]:
    """One FigureCandidate per count or vague number expression in text, in order."""
    return list(iter_figures(text))


def iter_figures(text: str) -> Iterator[FigureCandidate]:
    """extract_figures, one candidate at a time (for a long text, without holding them all)."""
    allowed = vocabularies()
    context: str | None = None  # the measure the previous sentence ended on, for 'They included ...'
    previous_end = 0
    for start, end, tokens, expressions in numbers_by_sentence(text):
        if "\n\n" in text[previous_end:start]:
            context = None  # a new paragraph
        previous_end = end
        mine = [e for e in expressions if e.kind in ("count", "vague")]
        if not mine:
            continue
        sentence = text[start:end]
        for piece_start, piece_end, piece in _pieces(text, start, end, mine):
            found = list(_sentence_figures(text, piece_start, piece_end, piece, sentence, context, allowed,
                                           tokens if (piece_start, piece_end) == (start, end) else None))
            yield from found
            events = [c.measure for c in found if c.measure in _EVENT_MEASURES]
            context = events[-1] if events else context


def _pieces(text: str, start: int, end: int, expressions: list[NumberExpression]):
    """The sentence, or for a very long one, pieces of about MAX_WORDS words cut after a comma where one is near."""
    if len(expressions) <= MAX_WORDS // 10 and end - start <= MAX_WORDS * 8:
        yield start, end, expressions
        return
    t = Tokens(text, start, end)
    cuts = [start]
    k = MAX_WORDS
    while k < t.n:
        comma = next((p for p in range(k, max(k - 60, 0), -1) if t.low[p] in (",", ";")), k)
        cuts.append(t.ends[comma] if comma != k else t.starts[k])
        k = max(comma, k - 60) + MAX_WORDS
    cuts.append(end)
    e_index = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = []
        while e_index < len(expressions) and expressions[e_index].char_start < b:
            piece.append(expressions[e_index])
            e_index += 1
        if piece:
            yield a, max(b, piece[-1].char_end), piece


def _sentence_figures(text: str, start: int, end: int, expressions: list[NumberExpression], sentence: str,
                      context: str | None, allowed: dict[str, frozenset[str]], tokens: Tokens | None = None):
    s = _Sentence(text, start, end, tokens)
    figures: list[_Figure] = []
    spans = [s.span(e.char_start, e.char_end) for e in expressions]
    for n, (e, (i, j)) in enumerate(zip(expressions, spans, strict=True)):
        limit = spans[n + 1][0] if n + 1 < len(spans) else s.n
        np_end, head, modifiers, partitive = _noun_group(s, j, limit)
        if e.unit is not None:
            np_end, head, modifiers, partitive = j, None, [], None
        figures.append(_Figure(e, i, j, np_end, head, modifiers, partitive))
    _measures(s, figures, context)
    attributions = _attributions(s)
    previous_subject = None
    modal_floor = 0
    for n, f in enumerate(figures):
        i, j = f.i, f.j
        floor = figures[n - 1].j if n else 0
        if any(w in _MEASURE_TRIGGERS or w in _DEPLOY_VERBS or w in _COMMON_VERBS or w.endswith(("ing", "ed"))
               and _verb_like(s, k) for k, w in enumerate(s.low[floor:i], floor)):
            modal_floor = floor  # a new verb: this figure's modality is its own ('will send 150 and sent 200')
        next_figure = figures[n + 1].i if n + 1 < len(figures) else s.n
        subject = _subject(s, j, next_figure)
        elliptical = subject is None and f.e.unit is None and f.how not in ("age",) and (
            any(_measure_at(s, k) is not None for k in range(j, min(j + 3, next_figure)))
            or s.at(j) in ("were", "was", "more"))
        if elliptical and previous_subject is not None:
            subject = previous_subject  # 'and 400 hospitalized', 'and over 300 were injured'
        if f.e.unit is not None or f.how == "age":
            subject = None  # '120 tenge per litre', 'six months': the unit is what is counted
        clause = set(s.low[max(0, i - 12):min(s.n, j + 12)]) if f.measure in _CLAUSE_SUBJECT_MEASURES else set()
        measure = f.measure if f.measure in allowed["measure"] else "other"
        modality = _modality(s, i, j, modal_floor, next_figure)
        yield FigureCandidate(
            text=f.e.text, char_start=f.e.char_start, char_end=f.e.char_end, value=f.e.value, low=f.e.low,
            high=f.e.high, qualifier=f.e.qualifier, measure=measure,
            subject=_schema_subject(subject, measure, clause, allowed["subject"]),
            modality=modality if modality in allowed["modality"] else "reported",
            attributed_to=_attributed_to(attributions, i), sentence=sentence)
        if subject is not None:
            previous_subject = subject


def figure_to_json(c: FigureCandidate) -> dict:
    """The candidate as a JSON-ready dict (the sentence is left out: it is recoverable from the offsets)."""
    return {k: getattr(c, k) for k in JSON_KEYS}
