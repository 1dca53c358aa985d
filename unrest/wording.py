"""The words the build's checks (unrest/checks.py) rely on: reporting verbs, hedging words, quotations.

The one place these lists live. unrest/extract.py keeps its own, narrower list tuned for
the figure extractor; a shared text-layer module (unrest/text.py) may take both later.
"""
from __future__ import annotations

import re

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
""".split()) | {"according to", "call on", "calls on", "called on", "calling on"}

# Words between a speaker and its verb that leave the verb the speaker's: "the Health Ministry
# reportedly said", "The US State Department has said", "Ruslan Balbek, told".
SPEAKER_FILLERS = frozenset("has have had is was were will would also reportedly itself now then later earlier "
                            "previously".split())

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
