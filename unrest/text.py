"""The one text layer: tokens with offsets, sentences, and the word lists every reader shares.

Used by the number normalizer (unrest/numbers.py), the figure extractor (unrest/extract.py),
quotation spans (unrest/spans.py) and drafting (unrest/draft.py), so that a "sentence" or a
"token" means the same thing everywhere, and ``figures.sentence`` is the sentence the
extractor read.

- ``Tokens(text)``: digit runs (with thousands separators and decimals), letter runs and
  single other characters, each with its offsets; linear in the text.
- ``split_sentences(text)``: (start, end) of every sentence. A sentence ends at ``.``, ``!``
  or ``?`` (with closing quotes or brackets) before white space and a capital, a digit or an
  opening quote, and at every line break. A full stop does not end a sentence after a title
  ("Mr.", "Gen."), an initial ("J."), a month or "No." before a number ("Jan. 6", "No. 5"),
  or an abbreviation such as "U.S." or "p.m." unless a word that opens sentences follows.
- ``sentence_bounds(text, start, end)``: the sentence around a span.
- ``vocabularies()``: the controlled vocabularies of schema.yaml (the extractor may only
  emit values these allow).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Self

SCHEMA = Path(__file__).resolve().parent.parent / "schema.yaml"

# --------------------------------------------------------------------------- word lists

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_NUMBERS = {m: i + 1 for i, m in enumerate(MONTHS)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A claim with a claimant needs one of these, as written in the article, whose speaker is the
# claimant: the verbs by which a text says that someone said, asked, promised or accused.
# Acts (approved, put, resigned, stormed, sent) are not here: an act the outlet narrates has no claimant.
REPORTING_VERBS = frozenset("""
    say says said saying        tell tells told telling      report reports reported reporting
    note notes noted noting     add adds added adding        state states stated
    announce announces announced announcing                  declare declares declared
    vow vows vowed vowing       pledge pledges pledged       promise promises promised
    claim claims claimed        allege alleges alleged       accuse accuses accused accusing
    blame blames blamed blaming warn warns warned warning    ask asks asked asking
    appeal appeals appealed     urge urges urged             confirm confirms confirmed
    deny denies denied          conclude concludes concluded describe describes described
    insist insists insisted     argue argues argued          write writes wrote
    tweet tweets tweeted        post posts posted            estimate estimates estimated
    cite cites cited citing     quote quotes quoted
""".split()) | {"according to", "call on", "calls on", "called on", "calling on"}

# Words between a speaker and its verb that leave the verb the speaker's: "the Health Ministry
# reportedly said", "The US State Department has said", "Ruslan Balbek, told".
SPEAKER_FILLERS = frozenset("has have had is was were will would also reportedly itself now then later earlier "
                            "previously".split())

# The verbs of saying the extractor reads as "X said N" (a subset of REPORTING_VERBS: accusing, asking or
# vowing carries no figure); "reports", "notes", "claims" only with "that" (see extract).
SAYING_VERBS = frozenset("""said says say told tells reported announced announces added adds noted stated
confirmed confirms claimed tweeted wrote posted cited quoted""".split())
# Words that make a number a change (a before and an after, a price that moves).
CHANGE_WORDS = frozenset("""rose rise rises risen rising increased increase increases jumped jump soared soar
climbed climb doubled double tripled hiked hike hikes raised raise went grew grow fell fall falls dropped drop
cut reduced lowered decreased declined up down surged spiked leapt leaped changed moved""".split())

# Abbreviations after which a full stop does not end a sentence.
TITLES = frozenset("mr mrs ms dr gen col lt sgt capt maj st prof sen rep gov gen adm cpl pvt rev fr hon".split())
BEFORE_NUMBER = frozenset(set(MONTH_NUMBERS) | {"no", "nos", "art", "sec", "para", "vol", "p", "pp", "fig", "ch"})
ABBREVIATIONS = frozenset("""u.s u.k u.n e.u a.m p.m vs etc inc ltd co corp approx est dept govt e.g i.e
u.s.a jr sr""".split())
# Words that open a sentence after an abbreviation ("... in the U.S. The ministry said").
SENTENCE_OPENERS = frozenset("""the a an he she it they we i in on at but and this that these those there his her
its their police officials some many after as when while according meanwhile however earlier later
authorities protesters""".split())

# --------------------------------------------------------------------------- tokens

TOKEN_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])(?!,[0-9])|[0-9]+(?:\.[0-9]+)*|[^\W\d_]+|\S")


class Tokens:
    """A text (or a slice of it) cut into digit runs, letter runs and single other characters, with offsets.

    ``low`` holds each token lowercased; offsets always point into the original text.
    """

    __slots__ = ("text", "_words", "low", "starts", "ends", "n")

    def __init__(self, text: str, start: int = 0, end: int | None = None):
        self.text = text
        end = len(text) if end is None else end
        spans = [m.span() for m in TOKEN_RE.finditer(text, start, end)]
        self.starts, self.ends = ([*column] for column in zip(*spans, strict=True)) if spans else ([], [])
        self._words: list[str] | None = None
        lowered = text[start:end].lower()
        if len(lowered) == end - start:  # one lower() for the whole text, unless it changes lengths ('İ')
            self.low = [lowered[a - start:b - start] for a, b in spans]
        else:
            self.low = [text[a:b].lower() for a, b in spans]
        self.n = len(self.low)
        self._prepare()

    @property
    def words(self) -> list[str]:
        """The tokens as written (cut on first use: most readers need only `low`, and the case of a first letter)."""
        if self._words is None:
            self._words = [self.text[a:b] for a, b in zip(self.starts, self.ends, strict=True)]
        return self._words

    def _prepare(self) -> None:
        """Set what a subclass adds (called by __init__ and sentences())."""

    def sentences(self, spans) -> Iterator[tuple[int, int, Self]]:
        """(start, end, tokens) for each (start, end) of spans, the tokens being slices of these: one
        tokenization of the whole text serves every sentence of it."""
        for start, end in spans:
            a = bisect.bisect_left(self.starts, start)
            b = bisect.bisect_left(self.starts, end, a)
            part = object.__new__(type(self))
            part.text, part.n, part._words = self.text, b - a, None
            part.starts, part.ends, part.low = self.starts[a:b], self.ends[a:b], self.low[a:b]
            part._prepare()
            yield start, end, part

    def glued(self, i: int, j: int) -> bool:
        """Token i ends exactly where token j starts (no space between)."""
        return 0 <= i < self.n and 0 <= j < self.n and self.ends[i] == self.starts[j]

    def at(self, i: int) -> str:
        return self.low[i] if 0 <= i < self.n else ""

    def is_digits(self, i: int) -> bool:
        return 0 <= i < self.n and '0' <= self.low[i][0] <= '9'

    def is_cap(self, i: int) -> bool:
        return 0 <= i < self.n and self.text[self.starts[i]].isupper()

    def follows(self, j: int, seq: tuple[str, ...]) -> bool:
        """Tokens from j on are seq (lowercased)."""
        return j + len(seq) <= self.n and tuple(self.low[j:j + len(seq)]) == seq

    def index_at(self, offset: int) -> int:
        """The first token that ends after `offset` (n if none)."""
        return bisect.bisect_right(self.ends, offset)


# --------------------------------------------------------------------------- sentences

# A candidate end: terminal punctuation with closing quotes/brackets, before white space; or a line break.
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s)|\n")
_NEXT = re.compile(r"\s+([\"“‘'(\[]*)(\S)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, without surrounding white space, in order."""
    return list(_split(text))


@lru_cache(maxsize=4)
def _split(text: str) -> tuple[tuple[int, int], ...]:
    found = []
    start = 0
    for m in _END.finditer(text):
        if m.group() != "\n" and not _ends_here(text, m):
            continue
        end = m.end() if m.group() != "\n" else m.start()
        span = _trim(text, start, end)
        if span[0] < span[1]:
            found.append(span)
        start = m.end()
    span = _trim(text, start, len(text))
    if span[0] < span[1]:
        found.append(span)
    return tuple(found)


def _ends_here(text: str, m: re.Match) -> bool:
    """Whether the terminal punctuation matched by m ends a sentence (see module docstring)."""
    following = _NEXT.match(text, m.end())
    if following is None:
        return True  # white space to the end of the text
    if "\n" in text[m.end():following.start(2)]:
        return True
    first = following.group(2)
    if first in ".!?":
        return True  # a stray full stop after the end ('Kazakhstan. .') is no part of the sentence
    if not (first.isupper() or first.isdigit() or following.group(1)):
        return False  # 'e.g. the', 'approx. 300'
    if m.group()[0] != "." or len(m.group()) > 1 and m.group()[1] == ".":
        return True  # '!' and '?' always end; so does an ellipsis
    k = m.start()  # the word before the full stop: letters, and dots between letters ('U.S', 'a.m')
    p = k
    while p > 0 and k - p < 12 and (text[p - 1].isalpha() or text[p - 1] == "." and p - 1 > 0 and text[p - 2].isalpha()
                                    and p < k and text[p].isalpha()):
        p -= 1
    if p == k:
        return True
    word = text[p:k]
    w = word.lower()
    if w in TITLES or (len(w) == 1 and word.isupper()):
        return False  # 'Mr. Tokayev', 'J. Smith'
    if w in BEFORE_NUMBER and first.isdigit():
        return False  # 'Jan. 6', 'No. 5'
    if w in ABBREVIATIONS or "." in w:
        nxt = re.match(r"[^\W\d_]+", text[following.start(2):following.start(2) + 30])
        return nxt is not None and nxt.group().lower() in SENTENCE_OPENERS
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) containing text[start:end], without surrounding white space."""
    sentences = _split(text)
    starts = [s for s, _ in sentences]
    first = max(0, bisect.bisect_right(starts, start) - 1)
    last = max(first, bisect.bisect_left(starts, max(start, end - 1) + 1) - 1)
    if not sentences:
        return start, end
    s, e = sentences[first][0], sentences[last][1]
    return min(s, start), max(e, end)


# --------------------------------------------------------------------------- the schema's vocabularies

@cache
def vocabularies() -> dict[str, frozenset[str]]:
    """name → allowed values, for every controlled vocabulary in schema.yaml."""
    from .schema import load_schema  # here, not at import: the schema module is heavier than this one

    return {name: frozenset(v.values) for name, v in load_schema(SCHEMA).vocabularies.items()}


# --------------------------------------------------------------------------- words the build's checks read
# (unrest/checks.py): hedging words, quotations in a note or basis, whole-word search

# The words that license each hedge (schema.yaml, vocabulary hedge): a claim hedged so needs one of
# them in its own sentence, or an attribution_basis quoting them where they stand.
HEDGE_WORDS: dict[str, tuple[str, ...]] = {
    "reportedly": ("reportedly", "it is reported", "it was reported", "is said to", "are said to", "was said to",
                   "were said to", "reports say"),
    "according_to_media": ("media",),
    "according_to_unnamed_sources": ("sources", "source"),
    "apparently": ("apparently", "seemingly", "appears to", "appeared to"),
    "unverified": ("without giving evidence", "without evidence", "no evidence", "not verified", "unverified",
                   "unconfirmed", "could not be verified", "could not be independently verified"),
}

# What a curator's note or basis quotes: text in "double", “curly double” or 'single' quotation
# marks. A straight apostrophe inside a word ("police's") opens no quotation.
_QUOTATIONS = (
    re.compile(r'"([^"\n]+)"'),
    re.compile(r"“([^”\n]+)”"),
    re.compile(r"(?<![\w'])'([^'\n]+?)'(?!\w)"),
)


def quotations(text: str) -> list[str]:
    """The quoted passages of a note or basis, in order of appearance."""
    found = [(m.start(), m.group(1)) for pattern in _QUOTATIONS for m in pattern.finditer(text)]
    return [quote for _, quote in sorted(found)]


def word_spans(text: str, words: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Where `words` occur in text[start:end] as whole words, ignoring case: [(start, end), …]."""
    if not words.strip():
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)", re.I)
    return [(m.start(), m.end()) for m in pattern.finditer(text, start, len(text) if end is None else end)]


def has_words(text: str, words: str) -> bool:
    return bool(word_spans(text, words))


def is_reporting_verb(verb: str) -> bool:
    return " ".join(verb.casefold().split()) in REPORTING_VERBS


def hedge_words_in(text: str, hedge: str) -> list[str]:
    """The words of `text` that license `hedge` (none when no such words are there, or the hedge needs none)."""
    return [w for w in HEDGE_WORDS.get(hedge, ()) if has_words(text, w)]


def fillers_only(gap: str) -> bool:
    """The words between a speaker and a verb leave the verb the speaker's: only commas, spaces and
    SPEAKER_FILLERS ("X, told", "X has reportedly said"), no other word and no clause break."""
    if re.search(r"[.;:!?()“”\"]", gap):
        return False
    return all(w in SPEAKER_FILLERS for w in re.findall(r"[\w’']+", gap.casefold()))
