"""Drafting annotations for a new article: candidate figures, claims and known mentions.

Pure: from the article text and the known actor/place aliases to the same YAML
structure a curator writes in sources/<slug>/annotations.yaml. Every entry is
marked `review_status: draft`, so unreviewed rows are never mistaken for
reviewed ones (the build keeps the status; users can facet on it).
"""
from __future__ import annotations

import hashlib
import re

from . import aliases, spans
from .extract import extract_figures
from .numbers import find_numbers
from .text import split_sentences

REPORTING_VERBS = re.compile(
    r"\b(said|says|say|told|tells|reported|reports|noted|notes|blamed|blames|accused|accuses|called on|"
    r"appealed|asked|vowed|approved|announced|warned|claimed|denied|stated|according to)\b", re.I)
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


def occurrence_of(text: str, quote: str, start: int) -> int | None:
    """The occurrence index a curator must give for the quote at `start`, or None when it is unique."""
    starts = spans.occurrence_starts(text, quote)
    return None if len(starts) == 1 else starts.index(start) + 1


def _guess(patterns, sentence: str, default: str) -> str:
    return next((value for rx, value in patterns if rx.search(sentence)), default)


def draft_claims(text: str, actor_aliases: dict[str, str]) -> list[dict]:
    claims = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        verb = REPORTING_VERBS.search(sentence)
        if not verb:
            continue
        mentions = aliases.find_aliases(sentence, actor_aliases)
        # The speaker is usually the nearest known actor before the verb ("X said"), or after "according to X".
        before = [m for m in mentions if m[1] <= verb.start()]
        after = [m for m in mentions if m[0] >= verb.end()]
        speaker = (after[:1] if verb.group(1).lower() == "according to" else before[-1:] or after[:1])
        quoted = any(q in sentence for q in QUOTE_MARKS)
        claim = {
            "id": f"claim-{len(claims) + 1}",
            "text": sentence,
            "occurrence": occurrence_of(text, sentence, start),
            "claimant_id": speaker[0][2] if speaker else None,
            "verb": verb.group(1),
            "claim_type": _guess(CLAIM_TYPES, sentence, "event_report"),
            "mode": ("direct" if sentence[:1] in QUOTE_MARKS else "mixed") if quoted else "indirect",
            "hedge": _guess(HEDGES, sentence, "none"),
            "review_status": "draft",
        }
        claims.append({k: v for k, v in claim.items() if v is not None})
    return claims


def draft_figures(text: str, actor_aliases: dict[str, str], vocabularies: dict[str, set[str]],
                  claims: list[dict]) -> list[dict]:
    """A figure per number the extractor reads as a quantity; values outside schema.yaml's vocabularies are left out."""
    figures = []
    claim_spans = [(cl["id"], *spans.locate(text, cl["text"], cl.get("occurrence"))) for cl in claims]
    for c in extract_figures(text):
        speaker = aliases.find_aliases(c.attributed_to, actor_aliases) if c.attributed_to else []
        carrying = next((cid for cid, start, end in claim_spans if start <= c.char_start and c.char_end <= end), None)
        figure = {
            "id": f"figure-{len(figures) + 1}",
            "text": c.text,
            "occurrence": occurrence_of(text, c.text, c.char_start),
            "claim": carrying,
            "measure": c.measure if c.measure in vocabularies["measure"] else "other",
            "subject": c.subject if c.subject in vocabularies["subject"] else None,
            "modality": c.modality if c.modality in vocabularies["modality"] else None,
            "attributed_to": speaker[0][2] if speaker else None,
            "note": (f"drafted: the extractor read the speaker as {c.attributed_to!r}"
                     if c.attributed_to and not speaker else None),
            "review_status": "draft",
        }
        figures.append({k: v for k, v in figure.items() if v is not None})
    return figures


def draft_annotations(text: str, raw: bytes, slug: str, original_file: str,
                      actor_aliases: dict[str, str], vocabularies: dict[str, set[str]]) -> dict:
    first_line = text.split("\n", 1)[0].strip()
    has_headline = 0 < len(first_line) < 160 and not first_line.endswith(".")
    claims = draft_claims(text, actor_aliases)
    figures = draft_figures(text, actor_aliases, vocabularies, claims)
    counted = {(f["text"], f.get("occurrence")) for f in figures}
    exclusions = [  # numbers the extractor did not take as figures still need a decision
        {"text": n.text, "occurrence": occurrence_of(text, n.text, n.char_start),
         "reason": "drafted: not a figure according to the extractor; confirm or make it a figure"}
        for n in find_numbers(text)
        if n.kind in ("count", "vague") and (n.text, occurrence_of(text, n.text, n.char_start)) not in counted
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
        "claims": claims,
        "figures": figures,
        "exclusions": [{k: v for k, v in e.items() if v is not None} for e in exclusions],
    }
