"""The project's one number normalizer: finds number expressions in English news text and reads them.

Pure functions, no I/O. Two entry points:

- ``find_numbers(text)`` returns every number expression in ``text``, in order and
  non-overlapping, *including* the ones that are not quantities (years, dates, times,
  ordinals, names such as "Khabar 24", model numbers such as "12-gauge") so that a
  completeness audit can see every digit and number word.
- ``parse_number_phrase(phrase)`` reads the one quantity in a short phrase a curator
  quoted ("Some 18", "more than 2,000", "Sixty-two", "dozens"); offsets are relative
  to the phrase.

Reading conventions (value / low / high / qualifier)
-----------------------------------------------------
``text`` is the exact substring ``input[char_start:char_end]``. It includes the
qualifier words ("Some 18", "at least two"), a currency sign ("$1.5 billion"), a
scale word ("1.8 million"), a percent sign or word ("nearly 100%", "5 percent") and a
hyphenated unit ("two-week", "2,030-strong"); a free-standing unit noun is *not* in
``text`` but is reported in ``unit`` ("six months" -> text "six", unit "months").

=================================================  =========  ======  ======  ==========
wording                                            value      low     high    qualifier
=================================================  =========  ======  ======  ==========
"18", "Sixty-two", "a dozen"                       N          N       N       exact
"about/around/approximately/roughly/some/          N          None    None    about
 an estimated N", "N or so", "N-odd"
"nearly/almost/close to/just under N"              N          None    N       about
"just over/just above/slightly more than N"        N          N       None    about
"at least/no fewer than/a minimum of N",           None       N       None    at_least
 "N or more", "N-plus", "N+"
"more than/over/upwards of/in excess of/above N"   None       N       None    more_than
"less than/fewer than/under/below N"               None       None    N       less_than
"up to/as many as/no more than/at most N",         None       None    N       up_to
 "N or fewer"
"50-60", "between 20 and 30", "12 to 14",          None       lo      hi      range
 "two or three"
"dozens", "hundreds", "several", "a few", "many",  None       None    None    vague
 "tens of thousands", "several hundred"
"an unknown/undisclosed number"                    None       None    None    unknown
=================================================  =========  ======  ======  ==========

- For ``more_than`` the low bound is exclusive and for ``less_than`` the high bound is
  exclusive; ``at_least`` and ``up_to`` bounds are inclusive. The qualifier says which.
- *nearly / almost* is read as ``about`` with ``high = N``. Why: a reporter who writes
  "nearly 8,000 detained" is giving the magnitude, so the figure must sort, chart and
  compare with "about 8,000" (``less_than`` would leave it without a value); the one
  extra thing the word says, that the true figure is not above N, is kept as ``high``.
  The mirror image, "just over N", is ``about`` with ``low = N``. Plain "about N" has
  no bounds. A bare "over N" is ``more_than`` (no closeness is claimed).
- Vague words never get numbers in ``low``: "dozens" is only "more than a few". The
  conventional lower bound each one implies ("dozens" means at least two dozen) is
  offered separately by ``vague_lower_bound(phrase)`` / ``VAGUE_LOWER_BOUNDS`` for a
  consumer who chooses to use it. A qualifier before a vague word ("at least dozens")
  is kept in ``text`` but the reading stays ``vague``.
- Numbers are exact decimals: "1.6 thousand" is 1600 and "2.5m" is 2500000; ``value``,
  ``low`` and ``high`` are ``int`` when integral, else ``float``.
- A range "from X to Y" right after a change verb ("rose from 60 to 120") is two
  separate numbers (a before and an after), not a range.

Kinds
-----
``count``   any quantity: people, percentages (unit "percent"), money (unit "USD",
            "tenge", "rubles", ...), durations (unit "days", "weeks", "months", ...).
``vague``   the vague and unknown quantities above.
``year``    "in 1991", "2019", "the 1990s": a four-digit 1000-2099 with no thousands
            separator is a year unless a qualifier precedes it or a count noun follows
            it ("about 2000", "2000 people" are counts). ``value`` is the year.
``date``    "January 6", "6 January 2022", "Jan. 7", "06.01.2022"; ``value`` None.
``time``    "10:30", "10 a.m.", "0600 GMT"; ``value`` None.
``ordinal`` ranks: "first president", "second", "22nd"; ``value`` is the rank.
``name``    digits that name something: "Khabar 24", "Channel One", "Article 4",
            "COVID-19"; ``value`` is the number.
``model``   "12-gauge", "AK-47", "Il-76", "G7", "9mm"; ``value`` is the number.
Non-quantities are read ``exact`` (low = high = value) so nothing downstream has to
special-case them.

"one" used as a pronoun ("one of the", "no one", "the one who") is not a number;
"one other city" is. The article "a" is never a number except in "a dozen",
"a hundred", "a thousand", "a million", "half a dozen".
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .text import CHANGE_WORDS, MONTH_NUMBERS, Tokens, split_sentences

QUALIFIERS = ("exact", "about", "at_least", "more_than", "less_than", "up_to", "range", "vague", "unknown")
KINDS = ("count", "vague", "year", "date", "time", "ordinal", "name", "model")


@dataclass(frozen=True)
class NumberExpression:
    text: str
    char_start: int
    char_end: int
    value: float | int | None
    low: float | int | None
    high: float | int | None
    qualifier: str
    kind: str
    unit: str | None


# --------------------------------------------------------------------------- vocabulary

_UNIT_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS_WORDS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Scale words that may follow digits ("1.8 million", "2 mln", "$1 bn").
_DIGIT_SCALE_WORDS = {**_SCALE_WORDS, "mln": 10**6, "mn": 10**6, "bln": 10**9, "bn": 10**9, "tn": 10**12}
# Scale letters glued to digits ("2.5m", "$1bn", "10k").
_DIGIT_SCALE_SUFFIXES = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9, "bn": 10**9,
                         "bln": 10**9, "tn": 10**12}

_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
_ORDINAL_WORDS.update({w: 10 * (i + 2) for i, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split())})
_ORDINAL_WORDS.update({"hundredth": 100, "thousandth": 1000, "millionth": 10**6})
_FRACTION_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                          "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}

_MONTHS = MONTH_NUMBERS

# Vague quantity words with the lower bound each conventionally implies (None: no bound).
# "dozens" is at least two dozen, "hundreds" at least two hundred, and so on; "several"
# is at least three; "a few"/"a couple"/"a handful"/"a number of" at least two.
VAGUE_LOWER_BOUNDS: dict[str, int | None] = {
    "dozens": 24, "scores": 40, "tens": 20, "hundreds": 200, "thousands": 2000, "millions": 2 * 10**6,
    "billions": 2 * 10**9, "several": 3, "few": 2, "couple": 2, "handful": 2, "number": 2,
    "many": None, "numerous": None, "countless": None, "multiple": 2, "unknown": None,
    # scale words inside vague phrases ("several hundred", "tens of thousands")
    "dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
}
_VAGUE_PLURALS = {"dozens", "scores", "hundreds", "thousands", "millions", "billions"}
_VAGUE_MULTIPLIERS = {"several", "many", "few", "couple", "tens", "hundreds", "dozens"}  # before a scale word
_VAGUE_SOLO = {"several", "many", "numerous", "countless"}
_UNKNOWN_ADJECTIVES = {"unknown", "undisclosed", "unspecified", "unconfirmed", "undetermined", "unidentified"}

# Qualifier phrases before a number -> (qualifier, closeness). closeness "below"/"above"
# marks the nearly/just-over families, read as "about" with one bound (see docstring).
_PREFIX_QUALIFIERS = {
    **{tuple(p.split()): ("about", None) for p in (
        "about", "around", "approximately", "approx", "roughly", "some", "circa", "an estimated",
        "estimated", "an approximate", "in the region of", "on the order of", "around about",
        "something like", "give or take")},
    **{tuple(p.split()): ("about", "below") for p in (
        "nearly", "almost", "close to", "just under", "just below", "just shy of", "not quite",
        "just short of", "nearly all", "very nearly", "slightly less than", "slightly fewer than",
        "just less than", "just fewer than")},
    **{tuple(p.split()): ("about", "above") for p in (
        "just over", "just above", "slightly more than", "just more than", "a little over",
        "a little more than", "slightly over", "slightly above")},
    **{tuple(p.split()): ("at_least", None) for p in (
        "at least", "no fewer than", "no less than", "not less than", "not fewer than", "a minimum of",
        "at minimum", "at the very least", "a minimum", "as few as")},
    **{tuple(p.split()): ("more_than", None) for p in (
        "more than", "over", "upwards of", "in excess of", "above", "well over", "well above",
        "far more than", "well more than", "greater than", "exceeding",
        "many more than", "much more than", "considerably more than", "significantly more than")},
    **{tuple(p.split()): ("less_than", None) for p in (
        "less than", "fewer than", "under", "below", "well under", "well below", "far fewer than",
        "far less than", "much less than")},
    **{tuple(p.split()): ("up_to", None) for p in (
        "up to", "as many as", "as much as", "as high as", "no more than", "not more than",
        "a maximum of", "at most", "at the most", "at maximum")},
    **{tuple(p.split()): ("exact", None) for p in ("exactly", "precisely")},
}
_MAX_PREFIX = max(len(k) for k in _PREFIX_QUALIFIERS)
# "went up to 120 tenge" is a movement, not a ceiling.
_MOVEMENT_BEFORE_UP_TO = {"went", "gone", "go", "goes", "going", "shot", "jumped", "moved", "climbed", "rose",
                          "risen", "rising", "soared", "ran", "run"}
# Words that make "from X to Y" a change (a before and an after) rather than a range.
_CHANGE_WORDS = CHANGE_WORDS | {"prices", "price"}

_UNIT_NOUNS = {
    "percent": "percent", "pct": "percent",
    "second": "seconds", "seconds": "seconds", "minute": "minutes", "minutes": "minutes",
    "hour": "hours", "hours": "hours", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "year": "years", "years": "years", "decade": "decades",
    "decades": "decades", "night": "nights", "nights": "nights",
    "tenge": "tenge", "ruble": "rubles", "rubles": "rubles", "rouble": "rubles", "roubles": "rubles",
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "som": "som", "somoni": "somoni",
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mile": "miles", "miles": "miles", "tonne": "tonnes", "tonnes": "tonnes", "ton": "tonnes", "tons": "tonnes",
    "litre": "litres", "litres": "litres", "liter": "litres", "liters": "litres", "kg": "kg",
    **{w: u for u, words in {
        "pounds": "pound pounds", "rupees": "rupee rupees", "rand": "rand", "reais": "real reais",
        "kip": "kip", "pesos": "peso pesos", "naira": "naira", "shillings": "shilling shillings",
        "lira": "lira liras", "rials": "rial rials", "dinars": "dinar dinars", "dirhams": "dirham dirhams",
        "francs": "franc francs", "cedis": "cedi cedis", "kwacha": "kwacha", "yuan": "yuan", "yen": "yen",
        "baht": "baht", "lari": "lari", "manat": "manat", "hryvnias": "hryvnia hryvnias", "soles": "sol soles",
        "bolivars": "bolivar bolivars", "leones": "leone leones", "kyat": "kyat", "taka": "taka"}.items()
       for w in words.split()},
}
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "₸": "tenge", "₽": "rubles"}
# The units that are money (a reader tells a price from a head count by them).
CURRENCIES = frozenset(set(_CURRENCY_SIGNS.values()) | {"tenge", "rubles", "USD", "EUR", "som", "somoni", "pounds",
                       "rupees", "rand", "reais", "kip", "pesos", "naira", "shillings", "lira", "rials", "dinars",
                       "dirhams", "francs", "cedis", "kwacha", "yuan", "yen", "baht", "lari", "manat", "hryvnias",
                       "soles", "bolivars", "leones", "kyat", "taka"})
_MODEL_SUFFIXES = {"gauge", "mm", "caliber", "calibre", "cal", "bore"}
# Nouns whose presence right after a 4-digit number make it a count, not a year.
_COUNT_NOUNS = set("""
people persons protesters demonstrators troops soldiers servicemen peacekeepers paratroopers police
policemen officers members civilians rioters detainees residents deaths dead injured killed wounded cases
arrests vehicles cars buildings weapons guns firearms units personnel fighters militants terrorists
foreigners citizens journalists children men women victims bodies casualties participants workers
employees students households homes shops stores businesses flights planes aircraft forces staff
guardsmen times tenge rubles roubles dollars euros km kilometres kilometers miles tonnes litres
protestors demonstrations protests rallies marchers supporters strong""".split())
# A capitalised word right before a number that makes the pair a name ("Khabar 24").
_NAME_HEADS = set("""
khabar channel article flight route room resolution section chapter paragraph gate terminal block building
apartment highway level phase stage category class team kanal no number platform ward zone camp sector
rossiya mir match episode volume issue item clause annex protocol""".split())
# Words after "Name 24" that show it is a name ("Khabar 24 reported").
_NAME_FOLLOWERS = {"reported", "reports", "said", "says", "news", "tv", "television", "channel", "quoted",
                   "cited", "broadcast", "showed", "aired", "correspondent", "journalist", "'s", "’s"}
# Capitalised words that may stand before a number without naming it.
_NOT_NAME_HEADS = set("""
the a an of in on at by for from to with and or but only just all another total than least since until till
after before during within nearly almost some about around approximately roughly over under exactly precisely
those these its their his her our my your were was are is be been had has have reached rose toll figure
injured dead wounded arrested detained hospitalised hospitalized killed more fewer less up as
estimated another further additional say says said also then now another while when where""".split())
_PRONOUN_ONE_NEXT = {"of", "another", "who", "that", "which", "whose", "whom", "'s", "’s", "after", "by"}
_PRONOUN_ONE_BEFORE_STOP = {"said", "says", "as", "like", "for", "told", "added", "is", "was"}
_PRONOUN_ONE_PREV = {"no", "the", "this", "that", "any", "every", "each", "which", "someone", "anyone",
                     "everyone", "only", "little", "last", "such", "another"}

_YEAR_MIN, _YEAR_MAX = 1000, 2099
_MAX_DIGITS = 24  # characters in one digit token, separators included


class _Tokens(Tokens):
    """The shared tokens (unrest/text.py) of one sentence."""

    __slots__ = ("_title_case",)

    def _prepare(self) -> None:
        self._title_case: bool | None = None

    @property
    def title_case(self) -> bool:
        """The sentence is a headline in title case ('Police Arrest 40 As ...')."""
        if self._title_case is None:
            letters = [w for w in self.words if w[0].isalpha() and len(w) > 3]
            self._title_case = len(letters) >= 3 and sum(w[0].isupper() for w in letters) >= 0.8 * len(letters)
        return self._title_case

    def sentence_initial(self, i: int) -> bool:
        return i == 0 or self.low[i - 1] in (".", "!", "?", "\"", "“", "(", ":")


# --------------------------------------------------------------------------- numbers

def _decimal(token: str) -> Decimal:
    return Decimal(token.replace(",", ""))


def _plain(d: Decimal | None) -> int | float | None:
    """int when integral, else float."""
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


# --------------------------------------------------------------------------- cores

class _Core:
    """A number before qualifiers: tokens [i, j), its value, and what kind of thing it is."""

    __slots__ = ("i", "j", "value", "kind", "unit", "digits", "bare", "qualifier")

    def __init__(self, i, j, value, kind="count", unit=None, digits=False, bare=False, qualifier=None):
        self.i, self.j, self.value, self.kind, self.unit = i, j, value, kind, unit
        self.digits = digits      # written in digits
        self.bare = bare          # plain digits: no separator, decimal, sign, scale or unit glued on
        self.qualifier = qualifier  # set by the core itself: vague / unknown / postfix ones


def _small_words(t: _Tokens, i: int):
    """0..99 in words at i: 'seven', 'sixty-two', 'sixty two'. -> (value, next) or None."""
    w = t.at(i)
    if w in _UNIT_WORDS:
        return _UNIT_WORDS[w], i + 1
    if w in _TENS_WORDS:
        v = _TENS_WORDS[w]
        if t.at(i + 1) in ("-", "‐", "–") and t.glued(i, i + 1) and t.glued(i + 1, i + 2) \
                and 1 <= _UNIT_WORDS.get(t.at(i + 2), 0) <= 9:
            return v + _UNIT_WORDS[t.at(i + 2)], i + 3
        if 1 <= _UNIT_WORDS.get(t.at(i + 1), 0) <= 9:
            return v + _UNIT_WORDS[t.at(i + 1)], i + 2
        return v, i + 1
    return None


def _chunk_words(t: _Tokens, i: int):
    """0..999 in words at i ('two hundred and fifty', 'a hundred'). -> (value, next) or None."""
    if t.at(i) == "a" and t.at(i + 1) == "hundred":
        v, j = 1, i + 1
    else:
        small = _small_words(t, i)
        if small is None:
            return None
        v, j = small
    if t.at(j) == "hundred" and 1 <= v <= 99:
        v, j = v * 100, j + 1
        k = j + 1 if t.at(j) == "and" else j
        rest = _small_words(t, k)
        if rest and rest[0] > 0:
            v, j = v + rest[0], rest[1]
    return v, j


def _words_number(t: _Tokens, i: int):
    """A whole number in words at i ('one hundred twenty-three thousand four hundred'). -> (value, next)."""
    if t.at(i) == "a" and t.at(i + 1) in _SCALE_WORDS:
        val, j = 1, i + 1
    elif t.at(i) == "a" and t.at(i + 1) == "dozen":
        return 12, i + 2
    elif t.at(i) == "half" and t.at(i + 1) == "a" and t.at(i + 2) in ("dozen", "hundred", *_SCALE_WORDS):
        unit = 12 if t.at(i + 2) == "dozen" else (100 if t.at(i + 2) == "hundred" else _SCALE_WORDS[t.at(i + 2)])
        return Decimal(unit) / 2, i + 3
    else:
        chunk = _chunk_words(t, i)
        if chunk is None:
            return None
        val, j = chunk
    if t.at(j) == "dozen" and 1 <= val <= 99:
        return val * 12, j + 1
    if t.follows(j, ("and", "a", "half")) and t.at(j + 3) in ("dozen", "hundred", *_SCALE_WORDS) and 1 <= val <= 99:
        # 'one and a half hundred' (150), 'two and a half thousand' (2,500): a reading common in translated reports
        unit = 12 if t.at(j + 3) == "dozen" else (100 if t.at(j + 3) == "hundred" else _SCALE_WORDS[t.at(j + 3)])
        return (Decimal(val) + Decimal("0.5")) * unit, j + 4
    total, last_scale = 0, None
    while t.at(j) in _SCALE_WORDS and (last_scale is None or _SCALE_WORDS[t.at(j)] < last_scale):
        scale = _SCALE_WORDS[t.at(j)]
        total, last_scale, val, j = total + val * scale, scale, 0, j + 1
        k = j + 1 if t.at(j) == "and" else j
        chunk = _chunk_words(t, k)
        if chunk is None or chunk[0] == 0:
            break
        val, j = chunk
    return total + val, j


def _hyphen_word(t: _Tokens, j: int):
    """A word glued on by a hyphen at j ('-week' in 'two-week'): its index, or None."""
    if t.at(j) in ("-", "‐") and t.glued(j - 1, j) and t.glued(j, j + 1) and t.low[j + 1][0].isalpha():
        return j + 1
    return None


def _suffix_unit(t: _Tokens, core: _Core) -> None:
    """Percent, hyphenated units ('two-week', '12-gauge', '2,030-strong', '-plus') and the unit noun after."""
    j = core.j
    if t.at(j) == "%":
        core.j, core.unit = j + 1, "percent"
        return
    if t.at(j) in ("percent", "pct"):
        core.j, core.unit = j + 1, "percent"
        return
    if t.at(j) == "per" and t.at(j + 1) == "cent":
        core.j, core.unit = j + 2, "percent"
        return
    w = _hyphen_word(t, j)
    if w is not None:
        word = t.at(w)
        if word in _MODEL_SUFFIXES:
            core.kind, core.j = "model", w + 1
        elif word in ("plus",):
            core.qualifier, core.j = "at_least", w + 1
        elif word == "odd":
            core.qualifier, core.j = "about", w + 1
        elif word in _FRACTION_DENOMINATORS and core.value is not None:
            core.value, core.unit, core.j = core.value / _FRACTION_DENOMINATORS[word], "fraction", w + 1
        else:
            core.j = w + 1
            unit = _UNIT_NOUNS.get(word)
            if unit in ("years",) and t.at(w + 1) in ("-",) and t.at(w + 2) == "old" and t.glued(w, w + 1):
                core.j = w + 3  # "10-year-old": an age
            # compound adjectives such as "2,000-member" keep the word in the text but no unit
            core.unit = unit if unit not in ("percent",) else core.unit
        return
    if t.at(j) == "+" and t.glued(j - 1, j):
        core.qualifier, core.j = "at_least", j + 1
        return
    unit = _UNIT_NOUNS.get(t.at(j))
    if unit and t.at(j) not in ("percent", "pct"):
        core.unit = unit


def _digits_core(t: _Tokens, i: int) -> _Core | None:
    """A number written with digits at token i, classified by what is glued around it."""
    word = t.low[i]  # digits: the same as written
    if len(word) > _MAX_DIGITS:
        return _Core(i, i + 1, None, "name")  # a run of digits this long identifies something; it counts nothing
    # Letters glued before: 'G7', 'MH17'; or 'AK-47', 'Il-76', 'COVID-19', 'Khabar-24'.
    if i > 0 and t.glued(i - 1, i) and t.low[i - 1][0].isalpha():
        j = i + 1
        while j < t.n and t.glued(j - 1, j) and t.low[j][0].isalnum():
            j += 1
        return _Core(i - 1, j, _decimal(word) if word.count(".") <= 1 else None, "model")
    if i > 1 and t.at(i - 1) in ("-", "‐") and t.glued(i - 1, i) and t.glued(i - 2, i - 1) \
            and t.low[i - 2][0].isalpha() and t.is_cap(i - 2):
        # 'AK-47', 'Il-76' vs 'COVID-19', 'Khabar-24'
        kind = "model" if t.ends[i - 2] - t.starts[i - 2] <= 3 else "name"
        return _Core(i - 2, i + 1, _decimal(word) if word.count(".") <= 1 else None, kind)
    if word.count(".") >= 2:
        kind = "date" if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2,4}", word) else "model"
        return _Core(i, i + 1, None, kind)
    # Dates and times written with separators: 10:30, 1/6/2022, 2022-01-06.
    if t.at(i + 1) == ":" and t.glued(i, i + 1) and t.is_digits(i + 2) and t.glued(i + 1, i + 2):
        j = i + 3
        if t.at(j) == ":" and t.glued(j - 1, j) and t.is_digits(j + 1):
            j += 2
        return _time_tail(t, _Core(i, j, None, "time"))
    if t.at(i + 1) == "/" and t.glued(i, i + 1) and t.is_digits(i + 2) and t.glued(i + 1, i + 2):
        j = i + 3
        if t.at(j) == "/" and t.glued(j - 1, j) and t.is_digits(j + 1):
            return _Core(i, j + 2, None, "date")
        return _Core(i, j, None, "name")  # '24/7' and the like: an identifier, not a quantity
    if re.fullmatch(r"\d{4}", word) and t.at(i + 1) == "-" and t.glued(i, i + 1) and t.is_digits(i + 2) \
            and len(t.low[i + 2]) == 2 and t.at(i + 3) == "-" and t.is_digits(i + 4):
        return _Core(i, i + 5, None, "date")
    value = _decimal(word)
    core = _Core(i, i + 1, value, digits=True, bare="," not in word and "." not in word)
    # Letters glued after: '1st', '10am', '1990s', '2.5m', '9mm', '5G'.
    if t.glued(i, i + 1) and t.low[i + 1][0].isalpha():
        suffix = t.at(i + 1)
        core.j, core.bare = i + 2, False
        if suffix in ("st", "nd", "rd", "th"):
            core.kind = "ordinal"
        elif suffix in ("am", "pm"):
            core.kind, core.value = "time", None
        elif suffix == "s" and len(word) in (2, 4):
            core.kind = "year"
        elif suffix in _DIGIT_SCALE_SUFFIXES:
            core.value = value * _DIGIT_SCALE_SUFFIXES[suffix]
        elif suffix in _MODEL_SUFFIXES:
            core.kind = "model"
        elif suffix in _UNIT_NOUNS:
            core.unit = _UNIT_NOUNS[suffix]
        else:
            core.kind = "model"
        if core.kind == "count":
            _suffix_unit(t, core)
        return core
    if t.at(i + 1) == "'" and t.at(i + 2) == "s" and len(word) == 4:
        core.j, core.kind = i + 3, "year"
        return core
    # Time of day: '10 a.m.', '10 pm', '0600 GMT', "10 o'clock".
    if _time_marker(t, i + 1) or (len(word) == 4 and word[0] == "0" and "," not in word):
        return _time_tail(t, _Core(i, i + 1, None, "time"))
    if t.at(i + 1) in _DIGIT_SCALE_WORDS:
        core.value, core.j, core.bare = value * _DIGIT_SCALE_WORDS[t.at(i + 1)], i + 2, False
    _suffix_unit(t, core)
    if core.unit is not None or core.qualifier is not None or core.j > i + 1:
        core.bare = core.bare and core.j == i + 1
    return core


def _time_marker(t: _Tokens, j: int) -> int:
    """Length in tokens of 'a.m.', 'p.m.', 'am', 'pm', 'GMT', "o'clock", 'local time' at j (0 if none)."""
    if t.at(j) in ("a", "p") and t.at(j + 1) == "." and t.at(j + 2) == "m" and t.glued(j, j + 1):
        return 4 if t.at(j + 3) == "." and t.glued(j + 2, j + 3) else 3
    if 0 <= j < t.n and t.low[j] in ("am", "pm", "gmt", "utc", "msk", "hrs") and \
            t.text[t.starts[j]:t.ends[j]] in ("am", "pm", "AM", "PM", "GMT", "UTC", "MSK", "hrs"):
        return 1
    if t.at(j) == "o" and t.at(j + 1) in ("'", "’") and t.at(j + 2) == "clock":
        return 3
    if t.at(j) == "local" and t.at(j + 1) == "time":
        return 2
    return 0


def _time_tail(t: _Tokens, core: _Core) -> _Core:
    while True:
        k = _time_marker(t, core.j)
        if not k:
            return core
        core.j += k


def _date_core_from_month(t: _Tokens, i: int) -> _Core | None:
    """'January 6', 'Jan. 6, 2022', 'January 5-6', 'January 2022' at the month token i."""
    if t.low[i] not in _MONTHS or not t.is_cap(i):
        return None
    j = i + 1
    if t.at(j) == "." and t.glued(i, j) and t.ends[i] - t.starts[i] <= 4:
        j += 1
    if not t.is_digits(j) or "," in t.low[j] or "." in t.low[j]:
        return None
    digits = t.low[j]
    if len(digits) == 4 and _YEAR_MIN <= int(digits) <= _YEAR_MAX:
        return _Core(i, j + 1, None, "date")
    if not (len(digits) <= 2 and 1 <= int(digits) <= 31):
        return None
    j += 1
    if t.at(j) in ("st", "nd", "rd", "th") and t.glued(j - 1, j):
        j += 1
    if t.at(j) in ("-", "–") and t.is_digits(j + 1) and len(t.low[j + 1]) <= 2:
        j += 2
    k = j + 1 if t.at(j) == "," else j
    if t.is_digits(k) and len(t.low[k]) == 4 and _YEAR_MIN <= int(t.low[k]) <= _YEAR_MAX:
        j = k + 1
    return _Core(i, j, None, "date")


def _date_after_day(t: _Tokens, core: _Core) -> _Core | None:
    """'6 January (2022)', '6th of January': a day number followed by a month."""
    if core.value is None or not (1 <= core.value <= 31) or core.value != int(core.value):
        return None
    j = core.j
    if t.at(j) == "of":
        j += 1
    if t.at(j) not in _MONTHS or not t.is_cap(j):
        return None
    j += 1
    if t.at(j) == "." and t.glued(j - 1, j) and t.ends[j - 1] - t.starts[j - 1] <= 4:
        j += 1
    k = j + 1 if t.at(j) == "," else j
    if t.is_digits(k) and len(t.low[k]) == 4 and _YEAR_MIN <= int(t.low[k]) <= _YEAR_MAX:
        j = k + 1
    return _Core(core.i, j, None, "date")


def _day_before_date(t: _Tokens, core: _Core) -> _Core | None:
    """'16' in 'between 16 and 20 November', '16-20 November', 'from 16 to 20 November': a day too."""
    if core.value is None or not (1 <= core.value <= 31) or not core.bare or \
            t.at(core.j) not in ("and", "-", "–", "to"):
        return None
    k = core.j + 1
    if not t.is_digits(k) or len(t.low[k]) > 2:
        return None
    following = _date_after_day(t, _Core(k, k + 1, _decimal(t.low[k]), digits=True, bare=True))
    return _Core(core.i, core.j, None, "date") if following is not None else None


def _vague_core(t: _Tokens, i: int) -> _Core | None:
    """'dozens', 'tens of thousands', 'several hundred', 'a few', 'an unknown number' at i."""
    w = t.low[i]
    if w in ("a", "an"):
        nxt = t.at(i + 1)
        if nxt in ("few", "couple", "handful") and not (nxt == "couple" and t.at(i + 2) not in ("of", "hundred",
                                                                                                 "thousand", "dozen")):
            return _vague_tail(t, _Core(i, i + 2, None, "vague", qualifier="vague"))
        if nxt in _UNKNOWN_ADJECTIVES and t.at(i + 2) in ("number", "amount"):
            return _Core(i, i + 3, None, "vague", qualifier="unknown")
        if nxt == "number" and t.at(i + 2) == "of":
            return _Core(i, i + 2, None, "vague", qualifier="vague")
        if nxt in ("large", "small", "significant", "huge", "growing", "great") and t.at(i + 2) == "number" \
                and t.at(i + 3) == "of":
            return _Core(i, i + 3, None, "vague", qualifier="vague")
        return None
    if w in _UNKNOWN_ADJECTIVES and t.at(i + 1) == "numbers":
        return _Core(i, i + 2, None, "vague", qualifier="unknown")
    if w in ("large", "huge") and t.at(i + 1) == "numbers" and t.at(i + 2) == "of":
        return _Core(i, i + 2, None, "vague", qualifier="vague")
    if w == "tens":
        if t.at(i + 1) == "of" and t.at(i + 2) in ("thousands", "millions"):
            return _vague_tail(t, _Core(i, i + 3, None, "vague", qualifier="vague"))
        return None
    if w == "scores":
        if t.at(i - 1) in ("the", "their", "his", "her", "test", "high", "low", "its") or \
                t.at(i + 1) not in ("of", "more", "were", "are", "have", "had", "died", "killed", "injured", "dead"):
            return None
        return _vague_tail(t, _Core(i, i + 1, None, "vague", qualifier="vague"))
    if w in _VAGUE_PLURALS:
        return _vague_tail(t, _Core(i, i + 1, None, "vague", qualifier="vague"))
    if w in _VAGUE_SOLO:
        if w == "many" and (t.at(i - 1) in ("how", "as") or t.at(i + 1) == "as"):
            return None
        return _vague_tail(t, _Core(i, i + 1, None, "vague", qualifier="vague"))
    return None


def _vague_tail(t: _Tokens, core: _Core) -> _Core:
    """'several' + 'hundred', 'hundreds' + 'of thousands', then a unit noun ('several days')."""
    j = core.j
    if t.at(j) in ("hundred", "thousand", "million", "billion", "dozen") and t.at(j - 1) in _VAGUE_MULTIPLIERS:
        j += 1
    elif t.at(j) == "of" and t.at(j + 1) in ("thousands", "millions", "billions") \
            and t.at(j - 1) in ("hundreds", "tens", "dozens"):
        j += 2
    core.j = j
    unit = _UNIT_NOUNS.get(t.at(j))
    if unit and t.at(j) not in ("percent", "pct"):
        core.unit = unit
    return core


def _words_core(t: _Tokens, i: int) -> _Core | None:
    """A number, ordinal or fraction written in words at i."""
    w = t.low[i]
    if w in _ORDINAL_WORDS or (w in _TENS_WORDS and t.at(i + 1) == "-" and t.at(i + 2) in _ORDINAL_WORDS
                               and t.glued(i, i + 1) and t.glued(i + 1, i + 2)):
        if w in _ORDINAL_WORDS:
            rank, j = _ORDINAL_WORDS[w], i + 1
        else:
            rank, j = _TENS_WORDS[w] + _ORDINAL_WORDS[t.at(i + 2)], i + 3
        if w == "second" and (t.at(i - 1) in ("per", "one", "split", "every") or t.is_digits(i - 1) or (
                t.at(i - 1) == "a" and (not t.at(i + 1).isalpha() or t.at(i + 1) in ("later", "ago", "or", "and")))):
            return None  # a unit of time ('a second later'), not 'a second day
        if w in _FRACTION_DENOMINATORS and t.at(i - 1) == "a" and t.at(i + 1) == "of":
            return _Core(i - 1, j, Decimal(1) / _FRACTION_DENOMINATORS[w], "count", unit="fraction")
        return _Core(i, j, Decimal(rank), "ordinal")
    if w == "a" or w == "half":
        if not (t.at(i + 1) in ("hundred", "dozen", *_SCALE_WORDS) or (w == "half" and t.at(i + 1) == "a")):
            return None
    elif w not in _UNIT_WORDS and w not in _TENS_WORDS:
        return None
    parsed = _words_number(t, i)
    if parsed is None:
        return None
    value, j = parsed
    core = _Core(i, j, Decimal(value))
    if t.at(j) in _FRACTION_DENOMINATORS and value and t.at(j) not in ("second", "fourth", "fifth", "tenth"):
        # 'two thirds', 'one quarter' of something
        core.value, core.unit, core.j = Decimal(value) / _FRACTION_DENOMINATORS[t.at(j)], "fraction", j + 1
        return core
    _suffix_unit(t, core)
    if w == "one" and j == i + 1 and core.unit is None and core.qualifier is None:
        nxt = t.at(i + 1)
        if nxt == "of" and t.at(i + 2) in ("them", "whom"):
            return core  # 'five were killed, one of them a child': one of a group already counted
        if nxt in _PRONOUN_ONE_NEXT or t.at(i - 1) in _PRONOUN_ONE_PREV or (
                (not nxt or not nxt[0].isalpha()) and t.at(i - 1) in _PRONOUN_ONE_BEFORE_STOP):
            return None
    return core


def _core_at(t: _Tokens, i: int) -> _Core | None:
    w = t.low[i]
    if '0' <= w[0] <= '9':
        core = _digits_core(t, i)
        if core is not None and core.kind == "count" and core.unit is None and core.qualifier is None:
            core = _date_after_day(t, core) or _day_before_date(t, core) or core
        return core
    if w in _CURRENCY_SIGNS or (w == "us" and t.at(i + 1) == "$" and t.glued(i, i + 1)):
        j = i + 1 if w in _CURRENCY_SIGNS else i + 2
        if t.is_digits(j) and (t.glued(j - 1, j) or t.at(j - 1) != "$"):
            core = _digits_core(t, j)
            if core is not None and core.kind == "count":
                core.i, core.unit, core.bare = i, _CURRENCY_SIGNS[t.at(j - 1)], False
                return core
        return None
    if w in _MONTHS and t.is_cap(i):
        return _date_core_from_month(t, i)
    if w in _MULTIPLIER_VERBS:  # 'the price doubled': a change by a factor, read as that factor
        return _Core(i, i + 1, _MULTIPLIER_VERBS[w], "count", unit="times")
    return _vague_core(t, i) or _words_core(t, i)


# Past-tense verbs that state a factor; only these forms, so 'double standards' stays a non-number.
_MULTIPLIER_VERBS = {"doubled": Decimal(2), "tripled": Decimal(3), "trebled": Decimal(3),
                     "quadrupled": Decimal(4), "halved": Decimal("0.5")}


_STARTERS = (set(_UNIT_WORDS) | set(_TENS_WORDS) | set(_ORDINAL_WORDS) | set(_MONTHS) | _VAGUE_PLURALS
             | _VAGUE_SOLO | _UNKNOWN_ADJECTIVES | set(_CURRENCY_SIGNS) | set(_MULTIPLIER_VERBS)
             | {"a", "an", "half", "tens", "scores", "large", "huge", "us"})


# --------------------------------------------------------------------------- expressions

def _prefix_qualifier(t: _Tokens, i: int, floor: int):
    """The qualifier phrase ending right before token i (not reaching below floor): (start, qualifier, closeness)."""
    for length in range(min(_MAX_PREFIX, i - floor), 0, -1):
        phrase = tuple(t.low[i - length:i])
        found = _PREFIX_QUALIFIERS.get(phrase)
        if found is None:
            continue
        if phrase == ("up", "to") and t.at(i - 3) in _MOVEMENT_BEFORE_UP_TO:
            continue
        if phrase == ("up", "to") and t.at(i - length - 1) in _MOVEMENT_BEFORE_UP_TO:
            continue
        return i - length, found[0], found[1]
    return None


def _range_end(t: _Tokens, core: _Core, floor: int):
    """If core starts a range ('50-60', '12 to 14', 'two or three'), the second core; else None."""
    j = core.j
    link = t.at(j)
    if link in ("-", "–", "—", "‐") or link in ("to", "or"):
        k = j + 1
    else:
        return None
    if k >= t.n:
        return None
    second = _core_at(t, k)
    if second is None or second.kind != "count" or second.qualifier is not None or second.value is None:
        return None
    if core.digits != second.digits and link in ("-", "–", "—", "‐"):
        return None
    first_value = core.value
    if second.j > k + 1 and core.j == core.i + 1 and t.at(second.j - 1) in _DIGIT_SCALE_WORDS and core.digits:
        # '1.5-2 million': the scale applies to both ends
        first_value = core.value * _DIGIT_SCALE_WORDS[t.at(second.j - 1)]
    if not (second.value > first_value):
        return None
    if link == "to" and t.at(core.i - 1) == "from" and any(
            t.at(p) in _CHANGE_WORDS for p in range(max(floor, core.i - 5), core.i - 1)):
        return None  # 'rose from 60 to 120': a before and an after
    if link == "or" and t.at(second.j) in ("more", "so", "fewer", "less"):
        return None
    return first_value, second


def _is_year(t: _Tokens, core: _Core, qualified: bool) -> bool:
    if not (core.bare and core.value is not None and _YEAR_MIN <= core.value <= _YEAR_MAX and
            len(t.low[core.i]) == 4) or qualified:
        return False
    return t.at(core.j) not in _COUNT_NOUNS


def _is_name(t: _Tokens, core: _Core) -> bool:
    """'Khabar 24', 'Channel 4', 'Channel One', 'No. 1': a capitalised head right before a plain number."""
    i = core.i
    prev = i - 1
    if t.at(prev) == "." and t.at(prev - 1) in ("no", "nos") and t.glued(prev - 1, prev):
        return True
    if not t.is_cap(prev) or not (core.bare or (not core.digits and core.j == i + 1)):
        return False
    head = t.at(prev)
    if head in _NAME_HEADS:
        return True
    if not core.digits or head in _NOT_NAME_HEADS or head in _MONTHS or t.sentence_initial(prev) or t.title_case:
        return False  # in a headline every word is capitalised: 'Police Arrest 40' names nothing
    nxt = t.at(core.j)
    return nxt in _NAME_FOLLOWERS or nxt == "" or nxt in (".", ",", ";", ")", "'", "’")


def _expression(t: _Tokens, start: int, end: int, value, low, high, qualifier, kind, unit) -> NumberExpression:
    cs, ce = t.starts[start], t.ends[end - 1]
    return NumberExpression(t.text[cs:ce], cs, ce, _plain(value), _plain(low), _plain(high), qualifier, kind, unit)


def _postfix_qualifier(t: _Tokens, j: int):
    """'or more', 'or so', 'or fewer', 'and above' after a number: (next, qualifier) or None."""
    pairs = {("or", "more"): "at_least", ("or", "so"): "about", ("or", "fewer"): "up_to",
             ("or", "less"): "up_to", ("and", "above"): "at_least", ("and", "over"): "at_least",
             ("or", "above"): "at_least", ("and", "more"): "at_least", ("or", "over"): "at_least"}
    q = pairs.get((t.at(j), t.at(j + 1)))
    if q is None:
        return None
    # 'two or more people' yes; 'or more than' is a new number coming
    if t.at(j + 2) in ("than",):
        return None
    return j + 2, q


def _read(value, qualifier: str, closeness) -> tuple:
    """(value, low, high) for a single number under a qualifier, by the module's conventions."""
    if qualifier == "exact":
        return value, value, value
    if qualifier == "about":
        return value, (value if closeness == "above" else None), (value if closeness == "below" else None)
    if qualifier in ("at_least", "more_than"):
        return None, value, None
    if qualifier in ("less_than", "up_to"):
        return None, None, value
    return None, None, None


def find_numbers(text: str) -> list[NumberExpression]:
    """Every number expression in text, in order, non-overlapping, including non-quantities
    (kind year/date/time/ordinal/name/model) so a completeness audit can see them.
    No expression reaches across the end of a sentence (unrest/text.py's splitter)."""
    found: list[NumberExpression] = []
    for _, _, _, expressions in numbers_by_sentence(text):
        found += expressions
    return found


def numbers_by_sentence(text: str) -> Iterator[tuple[int, int, Tokens, list[NumberExpression]]]:
    """(start, end, tokens, number expressions) of every sentence of the text, the tokens cut once for the
    whole text (a reader of the same sentences, such as the extractor, uses them rather than cut again)."""
    sentences = split_sentences(text)
    k = 0
    while k < len(sentences):  # in blocks of sentences: memory stays bounded, however long the text
        m = k + 1
        while m < len(sentences) and sentences[m][1] - sentences[k][0] <= _BLOCK:
            m += 1
        for start, end, t in _Tokens(text, sentences[k][0], sentences[m - 1][1]).sentences(sentences[k:m]):
            yield start, end, t, _sentence_numbers(t)
        k = m


_BLOCK = 1 << 16  # characters of text tokenized at a time


def _sentence_numbers(t: _Tokens) -> list[NumberExpression]:
    found: list[NumberExpression] = []
    floor = 0  # first token not yet consumed by an expression
    i = 0
    while i < t.n:
        w = t.low[i]
        if not ('0' <= w[0] <= '9' or w in _STARTERS):
            i += 1
            continue
        core = _core_at(t, i)
        if core is None:
            i += 1
            continue
        expr, i = _finish(t, core, floor)
        floor = i
        found.append(expr)
    return found


def _finish(t: _Tokens, core: _Core, floor: int) -> tuple[NumberExpression, int]:
    """Attach qualifiers and range partners to a core and read it."""
    if core.kind not in ("count", "vague"):
        if core.kind == "ordinal" and core.value is not None:
            v = core.value
            return _expression(t, core.i, core.j, v, v, v, "exact", "ordinal", None), core.j
        v = core.value if core.kind in ("model", "name", "year") else None
        return _expression(t, max(core.i, floor), core.j, v, v, v, "exact", core.kind, core.unit), core.j

    start = core.i
    prefix = _prefix_qualifier(t, core.i, floor)
    if prefix and prefix[1] == "about" and t.at(core.i - 1) == "some" and core.kind == "vague":
        prefix = None  # 'some several' is not a phrase; 'some' belongs elsewhere
    if core.kind == "vague":
        if prefix:
            start = prefix[0]
        return _expression(t, start, core.j, None, None, None, core.qualifier, "vague", core.unit), core.j

    if core.digits and _is_year(t, core, prefix is not None):
        end = core.j
        kind_low = core.value
        rng = None
        if t.at(end) in ("-", "–") and t.is_digits(end + 1) and len(t.low[end + 1]) in (2, 4):
            end += 2  # '2021-22', '1991-1995'
            rng = True
        if rng:
            return _expression(t, core.i, end, None, kind_low, None, "range", "year", None), end
        return _expression(t, core.i, end, kind_low, kind_low, kind_low, "exact", "year", None), end
    if prefix is None and _is_name(t, core):
        start = core.i - 1
        if t.at(start) == ".":
            start -= 1
        v = core.value
        return _expression(t, start, core.j, v, v, v, "exact", "name", None), core.j

    qualifier, closeness = ("exact", None)
    if prefix:
        start, qualifier, closeness = prefix
    if t.at(start - 1) == "between" and start - 1 >= floor and t.at(core.j) == "and":
        second = _core_at(t, core.j + 1) if core.j + 1 < t.n else None
        if second is not None and second.kind == "count" and second.value is not None and \
                second.value > core.value and second.qualifier is None:
            unit = second.unit or core.unit
            return _expression(t, start - 1, second.j, None, core.value, second.value, "range", "count",
                               unit), second.j
    rng = None if core.unit == "times" else _range_end(t, core, floor)  # 'doubled to 120' is no range
    if rng is not None:
        first_value, second = rng
        unit = core.unit or second.unit
        end = second.j
        return _expression(t, start, end, None, first_value, second.value, "range", "count", unit), end
    end = core.j
    if core.qualifier is not None and qualifier == "exact":
        qualifier = core.qualifier
    else:
        post = _postfix_qualifier(t, end)
        if post is not None:
            end, post_q = post
            if qualifier == "exact":
                qualifier = post_q
    value, low, high = _read(core.value, qualifier, closeness)
    return _expression(t, start, end, value, low, high, qualifier, "count", core.unit), end


def parse_number_phrase(phrase: str) -> NumberExpression | None:
    """Read the ONE quantity in a short phrase a curator quoted (e.g. "Some 18", "more than 2,000",
    "Sixty-two", "dozens", "an unknown number", "about 200 peacekeepers"). Offsets relative to the
    phrase. None if there is none.

    The first count or vague expression wins. A phrase that is nothing but a four-digit number
    ("2000") is read as a count: a curator quotes quantities, and a bare year has no context
    to be a year in.
    """
    expressions = find_numbers(phrase)
    for expr in expressions:
        if expr.kind in ("count", "vague"):
            return expr
    stripped = phrase.strip()
    if len(expressions) == 1 and expressions[0].kind == "year" and expressions[0].text == stripped \
            and stripped.isdigit():
        e = expressions[0]
        return NumberExpression(e.text, e.char_start, e.char_end, e.value, e.value, e.value, "exact", "count", None)
    return None


def vague_lower_bound(phrase: str) -> int | None:
    """The conventional lower bound a vague quantity implies, or None if it implies none.

    "dozens" -> 24 (at least two dozen), "hundreds" -> 200, "several" -> 3, "a few" -> 2,
    "several hundred" -> 300, "tens of thousands" -> 20000, "many" -> None.
    This is a documented convention offered separately; find_numbers never puts it in `low`.
    """
    words = [w for w in re.findall(r"[a-z]+", phrase.lower())
             if w not in ("a", "an", "of", "at", "least", "more", "than", "some")]
    if not words:
        return None
    bound = 1
    for k, w in enumerate(words):
        if k > 0 and w in ("thousands", "millions", "billions"):
            w = w[:-1]  # 'tens of thousands': tens times a thousand, not times 'thousands'
        b = VAGUE_LOWER_BOUNDS.get(w)
        if b is None:
            return None
        bound *= b
    return bound
