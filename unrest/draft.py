"""Drafting annotations for a new article: candidate figures, claims and known mentions.

Pure: from the article text and the known actor/place aliases to the same YAML
structure a curator writes in sources/<slug>/annotations.yaml. Every entry is
marked `review_status: draft`, so unreviewed rows are never mistaken for
reviewed ones (the build keeps the status; users can facet on it).
"""
from __future__ import annotations

import bisect
import hashlib
import re

from . import aliases, spans
from .extract import iter_figures
from .numbers import numbers_by_sentence
from .text import REPORTING_VERBS, split_sentences

# A sentence with one of the text layer's reporting verbs is drafted as a claim (an act the outlet
# narrates, "approved", "stormed", is not a claim by its subject: the build's checks say so too).
REPORTING_VERB = re.compile(r"\b(" + "|".join(sorted(map(re.escape, REPORTING_VERBS), key=len, reverse=True))
                            + r")\b", re.I)
CLAIM_TYPES = [  # first match wins
    (re.compile(r"\b(blame[sd]?|accuse[sd]?)\b", re.I), "accusation"),
    (re.compile(r"\b(asked|appealed|called on|urged)\b", re.I), "request"),
    (re.compile(r"\b(vowed|promised|pledged)\b", re.I), "pledge"),
    (re.compile(r"\b(approved|announced|ordered|decided)\b", re.I), "decision"),
    (re.compile(r"\b(warned|watching)\b", re.I), "warning"),
    (re.compile(r"\b(killed|died|dead|injured|wounded|hospitali[sz]ed|detained|arrested)\b", re.I), "casualty_report"),
]
HEDGES = [
    (re.compile(r"according to (some|unnamed|several) sources", re.I), "according_to_unnamed_sources"),
    (re.compile(r"\b(media reports|some media)\b", re.I), "according_to_media"),
    (re.compile(r"\bwithout (giving|providing|offering) evidence\b", re.I), "unverified"),
    (re.compile(r"\breportedly\b", re.I), "reportedly"),
    (re.compile(r"\bapparently\b", re.I), "apparently"),
]
QUOTE_MARKS = "“”\""


class Occurrences:
    """The occurrence index a curator must give for each quotation, computed for all quotations in one pass."""

    def __init__(self, text: str, quotes):
        self.starts = spans.occurrence_index(text, quotes)

    def of(self, quote: str, start: int) -> int | None:
        """None when the quotation is unique (the YAML needs no occurrence), else its 1-based index."""
        starts = self.starts[quote]
        return None if len(starts) == 1 else bisect.bisect_left(starts, start) + 1


def _guess(patterns, sentence: str, default: str) -> str:
    return next((value for rx, value in patterns if rx.search(sentence)), default)


def draft_claims(text: str, actor_aliases: dict[str, str], sentences=None,
                 mentions=None) -> list[tuple[dict, int, int]]:
    """A claim per sentence with a reporting verb, with the sentence's offsets; the occurrence is added later."""
    sentences = split_sentences(text) if sentences is None else sentences
    mentions = aliases.find_aliases(text, actor_aliases) if mentions is None else mentions
    mention_starts = [m[0] for m in mentions]
    claims: list[tuple[dict, int, int]] = []
    for start, end in sentences:
        sentence = text[start:end]
        verb = REPORTING_VERB.search(sentence)
        if not verb:
            continue
        inside = mentions[bisect.bisect_left(mention_starts, start):bisect.bisect_left(mention_starts, end)]
        inside = [(a - start, b - start, owner) for a, b, owner in inside if b <= end]
        # The speaker is usually the nearest known actor before the verb ("X said"), or after "according to X".
        before = [m for m in inside if m[1] <= verb.start()]
        after = [m for m in inside if m[0] >= verb.end()]
        speaker = (after[:1] if verb.group(1).lower() == "according to" else before[-1:] or after[:1])
        quoted = any(q in sentence for q in QUOTE_MARKS)
        claim = {
            "id": f"claim-{len(claims) + 1}",
            "text": sentence,
            "occurrence": None,
            "claimant_id": speaker[0][2] if speaker else None,
            "verb": verb.group(1),
            "claim_type": _guess(CLAIM_TYPES, sentence, "event_report"),
            "mode": ("direct" if sentence[:1] in QUOTE_MARKS else "mixed") if quoted else "indirect",
            "hedge": _guess(HEDGES, sentence, "none"),
            "review_status": "draft",
        }
        claims.append((claim, start, end))
    return claims


def draft_figures(text: str, actor_aliases: dict[str, str], vocabularies: dict[str, set[str]],
                  claims: list[tuple[dict, int, int]], candidates=None) -> list[tuple[dict, int]]:
    """A figure per number the extractor reads as a quantity, with its offset; values outside schema.yaml's
    vocabularies are left out (the extractor emits none, but a curator's schema may have changed)."""
    figures: list[tuple[dict, int]] = []
    claim_starts = [start for _, start, _ in claims]
    speakers: dict[str, list] = {}
    for c in iter_figures(text) if candidates is None else candidates:
        if c.attributed_to and c.attributed_to not in speakers:
            speakers[c.attributed_to] = aliases.find_aliases(c.attributed_to, actor_aliases)
        speaker = speakers.get(c.attributed_to or "", [])
        k = bisect.bisect_right(claim_starts, c.char_start) - 1
        carrying = claims[k][0]["id"] if k >= 0 and c.char_end <= claims[k][2] else None
        figure = {
            "id": f"figure-{len(figures) + 1}",
            "text": c.text,
            "occurrence": None,
            "claim": carrying,
            "measure": c.measure if c.measure in vocabularies["measure"] else "other",
            "subject": c.subject if c.subject in vocabularies["subject"] else None,
            "modality": c.modality if c.modality in vocabularies["modality"] else None,
            "attributed_to": speaker[0][2] if speaker else None,
            "note": (f"drafted: the extractor read the speaker as {c.attributed_to!r}"
                     if c.attributed_to and not speaker else None),
            "review_status": "draft",
        }
        figures.append((figure, c.char_start))
    return figures


def draft_annotations(text: str, raw: bytes, slug: str, original_file: str,
                      actor_aliases: dict[str, str], vocabularies: dict[str, set[str]]) -> dict:
    """The whole draft; time and memory linear in the length of the text."""
    first_line = text.split("\n", 1)[0].strip()
    has_headline = 0 < len(first_line) < 160 and not first_line.endswith(".")
    claims = draft_claims(text, actor_aliases)
    figures = draft_figures(text, actor_aliases, vocabularies, claims)
    counted = {start for _, start in figures}
    left = [(n.text, n.char_start) for _, _, _, found in numbers_by_sentence(text) for n in found
            if n.kind in ("count", "vague") and n.char_start not in counted]  # none, while the extractor takes all
    occurrences = Occurrences(text, [c["text"] for c, _, _ in claims] + [f["text"] for f, _ in figures] +
                              [quote for quote, _ in left])
    for claim, start, _ in claims:
        claim["occurrence"] = occurrences.of(claim["text"], start)
    for figure, start in figures:
        figure["occurrence"] = occurrences.of(figure["text"], start)
    exclusions = [  # numbers the extractor did not take as figures still need a decision
        {"text": quote, "occurrence": occurrences.of(quote, start),
         "reason": "drafted: not a figure according to the extractor; confirm or make it a figure"}
        for quote, start in left
    ]
    return {
        "source": {
            "id": slug,
            "title": first_line if has_headline else f"(title to be supplied for {slug})",
            "title_supplied": 0 if has_headline else 1,
            "outlet": None,
            "url": None,
            "published": None,
            "published_basis": "drafted: infer the date from internal evidence and quote it here",
            "dates_anchor": None,
            "language": "en",
            "original_file": original_file,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "review_status": "draft",
        },
        "claims": [_without_none(c) for c, _, _ in claims],
        "figures": [_without_none(f) for f, _ in figures],
        "exclusions": [_without_none(e) for e in exclusions],
    }


def _without_none(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if v is not None}
