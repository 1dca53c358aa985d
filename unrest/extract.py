"""Rule-based figure classifier: which quantities a news text reports, of what, by whose word.

Built on ``unrest.numbers``: every count or vague NumberExpression becomes one
FigureCandidate (years, dates, times, ordinals, names and model numbers are skipped).
Pure functions, no I/O; meant to draft annotations for a curator, not to replace one.

How each field is decided
-------------------------
measure, first rule that applies wins:
  1. the number's own unit: percent -> ``percentage``; money ("$", "tenge", "rubles")
     -> ``money``; either of those in a clause about a price that changes ("prices
     doubled to 120 tenge", "a 50% price hike") -> ``price_change``; days / weeks /
     months -> ``duration``; other units (km, tonnes, fractions, ages) -> ``other``.
     A price, a share of the vote or a duration is therefore never a casualty.
  2. a measure word right before the number with only filler between
     ("killed 18", "the death toll rose to 164", "detained more than 2,000",
     "crowds of about 5,000", "will send 150 troops").
  3. the first measure word after the number in its clause ("18 people died",
     "2,298 protesters have been detained", "400 hospitalized", "62 people are in
     the intensive care unit", "5,000 protesters gathered"). The clause ends at the next
     number, at ";", at ", and" / ", but" and at subordinators ("where", "after",
     "amid", "which"...), so "troops arrived where 3 were killed" stays a deployment.
  4. the thing counted: troops / soldiers / peacekeepers / paratroopers / forces ->
     ``deployed`` (with or without a verb: "the 2,030-strong CSTO force").
  5. otherwise ``count``.
  Measure words: killed (killed, died, dead, deaths, toll, liquidated, fatalities...),
  injured (injured, wounded, hurt, injuries, sought medical help), hospitalized
  (hospitalized/-ised, in hospital), intensive_care (intensive care, critical condition),
  detained (detained, arrested, held in custody / were held, detentions, detainees),
  crowd (gathered, rallied, marched, took to the streets; "crowd/rally of").

subject: the noun group counted, normalised: "security personnel", "members of the
  security forces" -> security_forces; "police officers and national guard members" ->
  security_forces; "police officers" -> police; "troops", "soldiers", "forces",
  "paratroopers" -> soldiers; "peacekeepers" -> peacekeepers; "demonstrators" ->
  protesters; unknown nouns are kept as a snake_case word ("towns"). A number with no
  noun ("and 400 hospitalized", "over 300 were injured") takes the subject of the
  previous figure in its sentence. None when nothing is counted by name.

modality, from the words of the number's own clause, nearest marker wins:
  ``expected``  expected, likely, could, may, might, projected ("is expected to send 150").
  ``announced`` a commitment stated but not carried out: pledged, promised, agreed,
                approved, decided, offered, ordered, vowed, or "announced" with a future
                ("announced it would send"). "announced 164 deaths" is just reported.
  ``planned``   a future: will, would, plans/planned to, is set to, to be sent ("will stay").
  ``reported``  everything else, including the progressive "are sending 200
                peacekeepers": the text presents it as happening.

attributed_to: the speaker the clause credits, as it is written in the text, or None for
  the outlet's own voice ("reportedly" alone is not an attribution):
  "X said/says/told/reported/noted/announced/added/confirmed (that) ..." credits X with
  what follows; "..., X said." credits X with what precedes; "according to X" credits X
  with the sentence unless a nearer reporting verb does. X is the subject before the
  verb, with leading conjunctions, trailing adverbs/auxiliaries and a locative tail
  dropped ("police in Kazakhstan's largest city, Almaty, said" -> "police"); "told RIA
  Novosti" credits the teller, not the outlet.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import NumberExpression, find_numbers
from .text import split_sentences

MEASURES = ("killed", "injured", "hospitalized", "intensive_care", "detained", "deployed", "percentage",
            "duration", "money", "price_change", "count", "crowd", "other")
MODALITIES = ("reported", "expected", "planned", "announced")
JSON_KEYS = ("text", "char_start", "char_end", "value", "low", "high", "qualifier", "measure", "subject",
             "modality", "attributed_to")


@dataclass(frozen=True)
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

_MEASURE_WORDS = {
    **dict.fromkeys("killed kill kills killing died die dies dying dead deaths death toll liquidated fatalities "
                    "fatality perished slain bodies lives eliminated neutralised neutralized massacred executed "
                    "murdered beheaded decapitated lynched".split(), "killed"),
    **dict.fromkeys("injured injuring injuries injury wounded wounding hurt".split(), "injured"),
    **dict.fromkeys("hospitalized hospitalised hospitalization hospitalisation hospitalizations "
                    "hospitalisations".split(), "hospitalized"),
    **dict.fromkeys("detained detain detaining detention detentions detainees arrested arrest arrests arresting "
                    "apprehended custody".split(), "detained"),
    **dict.fromkeys("gathered gathering rallied rallying marched marching assembled demonstrated "
                    "converged protested shouting shouted chanting chanted".split(), "crowd"),
}
# Two-word measure phrases, checked before single words.
_MEASURE_PHRASES = {
    ("intensive", "care"): "intensive_care", ("critical", "condition"): "intensive_care",
    ("serious", "condition"): "intensive_care", ("in", "hospital"): "hospitalized",
    ("to", "hospital"): "hospitalized", ("in", "hospitals"): "hospitalized", ("medical", "help"): "injured",
    ("medical", "assistance"): "injured", ("medical", "attention"): "injured", ("medical", "care"): "injured",
    ("medical", "treatment"): "injured", ("to", "hospitals"): "hospitalized", ("gunned", "down"): "killed",
    ("took", "to"): "crowd", ("take", "to"): "crowd", ("turned", "out"): "crowd", ("came", "out"): "crowd",
    ("were", "held"): "detained", ("was", "held"): "detained", ("been", "held"): "detained",
    ("being", "held"): "detained", ("are", "held"): "detained", ("rounded", "up"): "detained",
    ("shot", "dead"): "killed", ("lost", "their"): "killed",
}
# Words that may stand between a measure word and the number after it ("toll rose to 164").
_BACKWARD_FILLER = set("""of to at has have had been was were is are now rose risen climbed reached stood jumped
increased the a an total some by they he she it also reportedly officially further another additional than
into its their estimated numbering numbered put stands""".split())
_BACKWARD_MEASURES = {
    **{w: m for w, m in _MEASURE_WORDS.items() if m in ("killed", "injured", "detained", "hospitalized")},
    **dict.fromkeys("crowd crowds rally rallies gathering march demonstration protest turnout".split(), "crowd"),
}
_DEPLOY_VERBS = set("""send sent sending sends deploy deployed deploying deploys deployment dispatch dispatched
dispatching arrive arrived arriving arrives fly flew flown flying airlifted land landed landing stationed
contribute contributed contributing provide provided providing number numbers numbered totalling totaling
comprising numbering""".split())
# Where a number's clause ends, looking forward.
_FORWARD_STOPS = set("""where when after before while because since amid although though which whereas
whom""".split()) | {";", ":", "(", ")"}
_CLAUSE_CONJUNCTIONS = {"and", "but", "while", "whereas", "although", "though", "as", "where", "which"}

_PRICE_WORDS = set("price prices cost costs fare fares tariff tariffs litre liter gallon".split())
_CHANGE_WORDS = set("""doubled double tripled rose rise rises risen rising increase increased increases hike hikes
hiked jumped jump soared surged spiked raised climbed fell fall dropped cut lowered reduced from up""".split())
_MONEY_UNITS = {"USD", "EUR", "GBP", "tenge", "rubles", "som", "somoni"}
_TIME_UNITS = {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "nights"}

_SUBJECT_PHRASES = {
    ("security", "forces"): "security_forces", ("security", "personnel"): "security_forces",
    ("security", "officers"): "security_forces", ("security", "officials"): "security_forces",
    ("law", "enforcement"): "police", ("police", "officers"): "police", ("police", "officer"): "police",
    ("national", "guard"): "national_guard", ("national", "guardsmen"): "national_guard",
    ("peacekeeping", "forces"): "peacekeepers", ("peacekeeping", "force"): "peacekeepers",
    ("peacekeeping", "troops"): "peacekeepers", ("military", "personnel"): "soldiers",
    ("armed", "forces"): "soldiers",
}
_SUBJECT_WORDS = {
    **dict.fromkeys("people persons individuals person".split(), "people"),
    **dict.fromkeys("protesters protestors demonstrators protester demonstrator marchers".split(), "protesters"),
    **dict.fromkeys("rioters looters".split(), "rioters"),
    **dict.fromkeys("police policemen policeman officers".split(), "police"),
    **dict.fromkeys("troops soldiers soldier servicemen paratroopers forces force contingent "
                    "servicemembers marines".split(), "soldiers"),
    **dict.fromkeys("peacekeepers peacekeeper".split(), "peacekeepers"),
    **dict.fromkeys("guardsmen".split(), "national_guard"),
    "civilians": "civilians", "civilian": "civilians", "detainees": "detainees",
}
_COMMON_VERBS = set("""sought took take takes began begin begins fled flee fought went go goes came come comes left
held made make gave give got get ran run stood broke set put met seized stormed fly flies flew fell rose remain
remains remained arrived arrive arrives stay stays stayed face faces faced need needs needed say says said told
reported were was is are be been have has had will would could should may might must can did do does seek seeks
sit sits sat lie lies lay lay live lives lived spent spend spends joined join joins marched march""".split())
_GENERIC_HEADS = {"members", "member", "personnel", "staff", "employees", "workers", "units", "servicemen"}
_TROOP_SUBJECTS = {"soldiers", "peacekeepers"}
_CASUALTY_MEASURES = {"killed", "injured", "hospitalized", "intensive_care", "detained"}
_CROWD_SUBJECTS = {"protesters", "people", "rioters", None}
_SUBJECT_STOPS = set("""were was are is have has had been be being will would could should may might can in on at
to from by with for who that which as and or but described including than said says told reported
reportedly also while when where after before during across into amid""".split())
_NOT_NOUNS = {"more", "other", "others", "of", "the", "a", "an", "them", "whom", "these", "those", "each"}

_REPORT_VERBS = set("""said says say told tells reported announced announces added adds noted stated confirmed
confirms claimed tweeted wrote posted cited quoted""".split())
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
_MONTH_WORDS = set("january february march april may june july august september october november december "
                   "jan feb mar apr jun jul aug sep sept oct nov dec".split())

_EXPECTED = set("expected expects expect likely could may might projected forecast anticipated".split())
_PLANNED = set("will would 'll plans plan planned planning intends intend intended shall scheduled".split())
_COMMITMENTS = set("pledged promised agreed approved decided offered ordered vowed committed pledges "
                   "promises agrees approves decides offers orders vows".split())

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*|[0-9][0-9,.]*[0-9]|[0-9]|[^\w\s]")
_ABBREVIATIONS = set("""mr mrs ms dr gen col lt sgt capt maj st no nos jan feb mar apr jun jul aug sep sept oct nov
dec u.s a.m p.m vs etc inc ltd co corp gov sen rep prof""".split())


# --------------------------------------------------------------------------- sentences

class _Sentence:
    """A sentence's tokens (lowercased, with offsets) and where its figures sit among them."""

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        spans = [m.span() for m in _TOKEN_RE.finditer(text, start, end)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        lowered = text[start:end].lower().replace("’", "'")
        if len(lowered) == end - start:
            self.low = [lowered[a - start:b - start] for a, b in spans]
        else:
            self.low = [text[a:b].lower().replace("’", "'") for a, b in spans]
        self.n = len(self.low)

    def token_span(self, char_start: int, char_end: int) -> tuple[int, int]:
        i = next((k for k in range(self.n) if self.ends[k] > char_start), self.n)
        j = next((k for k in range(i, self.n) if self.starts[k] >= char_end), self.n)
        return i, j

    def at(self, k: int) -> str:
        return self.low[k] if 0 <= k < self.n else ""

    def slice(self, i: int, j: int) -> str:
        return self.text[self.starts[i]:self.ends[j - 1]] if i < j else ""


def _clause_start(s: _Sentence, i: int, floor: int) -> int:
    """First token of the clause that token i is in (', and' / ', but' / ';' end clauses)."""
    k = i - 1
    while k >= floor:
        w = s.low[k]
        if w in (";", ":"):
            return k + 1
        if w in _CLAUSE_CONJUNCTIONS and s.at(k - 1) == ",":
            return k + 1
        k -= 1
    return floor


def _clause_end(s: _Sentence, j: int) -> int:
    for k in range(j, s.n):
        w = s.low[k]
        if w in (";", ":") or (w == "," and s.at(k + 1) in _CLAUSE_CONJUNCTIONS):
            return k
    return s.n


# --------------------------------------------------------------------------- measure and subject

def _measure_at(s: _Sentence, k: int) -> str | None:
    pair = (s.at(k), s.at(k + 1))
    if pair in _MEASURE_PHRASES:
        return _MEASURE_PHRASES[pair]
    if s.at(k) == "held" and s.at(k - 1) in ("were", "was", "been", "being", "are", "is"):
        return "detained"
    return _MEASURE_WORDS.get(s.at(k))


def _backward_measure(s: _Sentence, i: int, floor: int, troops_in_sentence: bool, subject) -> str | None:
    """A measure word right before the number with only filler between ('killed 18', 'toll rose to 164')."""
    k = i - 1
    while k >= floor and i - k <= 6:
        w = s.low[k]
        if w in _BACKWARD_MEASURES:
            return _BACKWARD_MEASURES[w]
        if w in _DEPLOY_VERBS and (subject in _TROOP_SUBJECTS or (subject is None and troops_in_sentence)):
            return "deployed"
        if w in ("numbering", "numbered") and subject in _CROWD_SUBJECTS:
            return "crowd"  # 'protesters, numbering about 5,000'
        if w in _SUBJECT_WORDS or w == "number":  # 'the number of injured police at 1,300'
            k -= 1
            continue
        if w == "held" and s.at(k - 1) in ("were", "was", "been", "being"):
            return "detained"
        if w not in _BACKWARD_FILLER:
            return None
        k -= 1
    return None


def _forward_limit(s: _Sentence, j: int, figure_starts: set[int]) -> int:
    """Where the clause after the number ends: next figure, a subordinator, ', and', ';'."""
    k = j + 2 if s.at(j) == "of" and s.at(j + 1) in ("the", "them", "those", "whom") else j  # partitive
    while k < s.n and k not in figure_starts:
        w = s.low[k]
        if w == "including":  # '164 people, including 3 children, were killed': skip the aside
            k += 1
            while k < s.n and s.low[k] not in (",", ")", ";"):
                k += 1
            continue
        if w in _FORWARD_STOPS or (w == "," and s.at(k + 1) in _CLAUSE_CONJUNCTIONS) or \
                (w == "in" and s.at(k + 1) == "which"):
            return k
        k += 1
    return k


def _forward_measure(s: _Sentence, j: int, limit: int) -> str | None:
    if s.at(j) == "of" and s.at(j + 1) in ("the", "them", "those", "whom"):
        j += 2  # 'two of the injured later died': the part is measured by its own verb
        if _measure_at(s, j) is not None and s.at(j - 1) == "the":
            j += 1
    for k in range(j, min(limit, j + 14)):
        m = _measure_at(s, k)
        if m is not None:
            return m
    return None


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


def _verb_like(s: _Sentence, k: int) -> bool:
    """A guess, without a tagger, that token k is the verb after a noun group."""
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


def _noun_like(s: _Sentence, k: int) -> bool:
    """Token k continues a noun group ('police stations', 'national guard members')."""
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
    parts, part = [], []
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
        return _SUBJECT_PHRASES[tuple(words[-2:])]
    if words[-1] in _SUBJECT_WORDS:
        return _SUBJECT_WORDS[words[-1]]
    if words[-1] in _GENERIC_HEADS:  # 'national guard members', 'security staff'
        for k in range(len(words) - 1):
            if tuple(words[k:k + 2]) in _SUBJECT_PHRASES:
                return _SUBJECT_PHRASES[tuple(words[k:k + 2])]
            if words[k] in _SUBJECT_WORDS:
                return _SUBJECT_WORDS[words[k]]
    return re.sub(r"[^a-z0-9]+", "_", words[-1].replace("'s", "")).strip("_") or None


def _measure(s: _Sentence, e: NumberExpression, i: int, j: int, floor: int, figure_starts: set[int],
             subject: str | None, troops_in_sentence: bool) -> str:
    clause = range(_clause_start(s, i, 0), _clause_end(s, j))
    if e.unit in _MONEY_UNITS or e.unit == "percent":
        words = {s.low[k] for k in clause}
        if words & _PRICE_WORDS and words & _CHANGE_WORDS:
            return "price_change"
        return "money" if e.unit in _MONEY_UNITS else "percentage"
    if e.unit in _TIME_UNITS:
        return "other" if e.text.endswith("old") else "duration"
    if e.unit == "times":  # 'the cost of liquefied petroleum gas ... doubled'
        return "price_change" if {s.low[k] for k in clause} & _PRICE_WORDS else "other"
    if e.unit is not None:
        return "other"
    backward = _backward_measure(s, i, floor, troops_in_sentence, subject)
    if backward is not None:
        return backward
    limit = _forward_limit(s, j, figure_starts)
    forward = _forward_measure(s, j, limit)
    if forward == "crowd" and subject not in _CROWD_SUBJECTS:
        forward = None
    if forward is not None:
        return forward
    if subject in _TROOP_SUBJECTS or (troops_in_sentence and (s.at(j) == "strong" or e.text.endswith("strong"))):
        return "deployed"  # '150 troops', 'the mission, about 2,000 strong,'
    return "count"


# --------------------------------------------------------------------------- modality

def _modality(s: _Sentence, i: int, j: int, floor: int, ceiling: int) -> str:
    """Nearest modal marker in the number's clause (see module docstring)."""
    lo = max(_clause_start(s, i, 0), floor)
    hi = min(_clause_end(s, j), ceiling)
    words = s.low[lo:hi]
    announced_future = "announced" in words and any(w in _PLANNED or w == "to" for w in words)
    best, best_distance = "reported", None
    for k in range(lo, hi):
        if i <= k < j:
            continue
        w = s.low[k]
        if w in _EXPECTED and not (w == "may" and s.starts[k] < len(s.text) and s.text[s.starts[k]] == "M"):
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
    verb: int          # token index of the reporting verb
    lo: int            # token range it credits
    hi: int
    strength: int      # 0: a reporting verb, 1: 'according to'


def _is_report_verb(s: _Sentence, k: int) -> bool:
    w = s.low[k]
    if w in _REPORT_VERBS:
        return not (w == "say" and s.at(k - 1) in ("to", "would", "could"))
    if w in _REPORT_VERBS_ONLY_WITH_THAT:
        return s.at(k + 1) == "that" or s.at(k + 1) in (".", ",", "") or k + 1 >= s.n
    return False


def _speaker_before(s: _Sentence, v: int) -> tuple[int, int]:
    """Token range of the subject of the reporting verb at v."""
    boundaries = {",", ";", ":", "that", "\"", "“", "”", "(", ")"}
    end = v - 1 if s.at(v - 1) == "," else v  # 'city, Almaty, said': the appositive before the comma
    k = end - 1
    while k >= 0 and s.low[k] not in boundaries:
        k -= 1
    lo, hi = k + 1, end
    segment = s.low[lo:hi]
    # ', Almaty, said' / ', Ruslan Balbek, told': a short capitalised appositive
    if end == v - 1 and s.at(k) == "," and segment and len(segment) <= 3 and all(
            s.text[s.starts[t]].isupper() for t in range(lo, hi)):
        p = k - 1
        depth = 0
        while p >= 0 and (s.low[p] not in boundaries or depth > 0 or s.low[p] in (")",)):
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
    if s.at(v - 1) not in (",", "”", "\"", "") and v > 0:
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
    verbs = [k for k in range(s.n) if _is_report_verb(s, k)]
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
        while k < s.n and (s.low[k] in _AFTER_VERB_SKIP or s.low[k] in _MONTH_WORDS or s.low[k][0].isdigit()):
            k += 1
        closes = k >= s.n or s.low[k] in (".", ",", ";", "!", "?", "”", "\"")
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

_TROOP_WORDS = {"troops", "soldiers", "peacekeepers", "paratroopers", "forces", "force", "contingent",
                "servicemen", "peacekeeping", "mission", "battalion", "brigade"}


def extract_figures(text: str) -> list[FigureCandidate]:
    """One FigureCandidate per count or vague number expression in text, in order."""
    expressions = [e for e in find_numbers(text) if e.kind in ("count", "vague")]
    if not expressions:
        return []
    candidates: list[FigureCandidate] = []
    e_index = 0
    for start, end in split_sentences(text):
        if e_index >= len(expressions):
            break
        mine = []
        while e_index < len(expressions) and expressions[e_index].char_start < end:
            if expressions[e_index].char_start >= start:
                mine.append(expressions[e_index])
            e_index += 1
        if mine:
            candidates.extend(_sentence_figures(text, start, end, mine))
    return candidates


def _sentence_figures(text: str, start: int, end: int, expressions: list[NumberExpression]):
    s = _Sentence(text, start, end)
    spans = [s.token_span(e.char_start, e.char_end) for e in expressions]
    attributions = _attributions(s)
    troops_in_sentence = any(w in _TROOP_WORDS for w in s.low)
    sentence = text[start:end]
    previous_subject = previous_measure = None
    modal_floor = 0
    figure_starts = {i for i, _ in spans}
    for n, (e, (i, j)) in enumerate(zip(expressions, spans, strict=True)):
        floor = spans[n - 1][1] if n else 0
        if any(_verb_like(s, k) or _measure_at(s, k) or s.low[k] in _DEPLOY_VERBS for k in range(floor, i)):
            modal_floor = floor  # a new verb: this figure's modality is its own ('will send 150 and sent 200')
        next_figure = spans[n + 1][0] if n + 1 < len(spans) else s.n
        subject = _subject(s, j, next_figure)
        elliptical = subject is None and e.unit is None and (
            _forward_measure(s, j, min(j + 3, next_figure)) is not None or s.at(j) in ("were", "was", "more"))
        if elliptical and previous_subject is not None:
            subject = previous_subject  # 'and 400 hospitalized', 'and over 300 were injured'
        measure = _measure(s, e, i, j, floor, figure_starts, subject, troops_in_sentence)
        if s.at(i - 1) == "including" and previous_measure in _CASUALTY_MEASURES and measure == "count":
            measure = previous_measure  # 'detained 5,800 people, including a number of foreigners'
        previous_measure = measure
        if e.unit is not None:
            subject = None  # '120 tenge per litre', 'six months': the unit is what is counted
        yield FigureCandidate(
            text=e.text, char_start=e.char_start, char_end=e.char_end, value=e.value, low=e.low, high=e.high,
            qualifier=e.qualifier, measure=measure, subject=subject,
            modality=_modality(s, i, j, modal_floor, next_figure),
            attributed_to=_attributed_to(attributions, i), sentence=sentence)
        if subject is not None:
            previous_subject = subject


def figure_to_json(c: FigureCandidate) -> dict:
    """The candidate as a JSON-ready dict (the sentence is left out: it is recoverable from the offsets)."""
    return {k: getattr(c, k) for k in JSON_KEYS}
