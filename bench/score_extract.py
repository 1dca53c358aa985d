"""Score the figure extractor against hand-labelled passages: the dev set and the frozen test set.

    python bench/score_extract.py              # figures for both sets, apart
    python bench/score_extract.py --errors dev # and every error on the dev set
    python bench/score_extract.py --only dev   # the dev set alone (while tuning)

The gold files (bench/eval/extract_dev.yaml, bench/eval/extract_test.yaml) list every
number expression of each passage with its reading and measure, or mark it a distractor;
their headers give the labelling rules. Tune on dev only: the test set was written before
tuning, committed on its own and is never edited.

Figures printed per set:
  recall             gold figures the extractor emits (a candidate overlapping the gold span)
  numbers right      ... with value, low, high and qualifier all as labelled
  measure right      ... with the labelled measure
  distractors mislabelled
                     of the numbers that are not casualty, detention or deployment figures
                     (distractors, and figures measured crowd, money, duration, count...),
                     the share the extractor emits as a casualty, detention or deployment
                     figure; a distractor (a date, an article number) emitted at all counts too.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from unrest.extract import extract_figures  # noqa: E402
from unrest.schema import load_schema  # noqa: E402

SETS = {"dev": ROOT / "bench" / "eval" / "extract_dev.yaml", "test": ROOT / "bench" / "eval" / "extract_test.yaml"}
# The measures a false alarm matters for: a date or a crowd read as one of these would enter a toll.
EVENT_MEASURES = {"killed", "injured", "hospitalized", "intensive_care", "detained", "deployed"}
TARGETS = {"recall": 0.97, "numbers right": 0.95, "measure right": 0.92, "distractors mislabelled": 0.05}
# Words that start a number expression: the gold check below uses them to find numbers nobody labelled.
NUMBER_WORDS = re.compile(
    r"(?<!\w)(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|billion|dozens?|hundreds|thousands|millions|scores|several|few|tens|first|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|tripled|doubled)(?!\w)", re.I)


@dataclass(frozen=True)
class Gold:
    text: str
    start: int
    end: int
    label: str                 # a measure, or "distractor"
    reading: tuple | None      # (value, low, high, qualifier) for figures


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    numbers: list[Gold]


def load_set(path: Path, vocabularies: dict[str, set[str]]) -> tuple[list[Passage], list[str]]:
    """The passages of a gold file and every problem in it (a label outside schema.yaml, a reading
    that breaks the qualifier conventions, a span not found, a number left unlabelled)."""
    problems: list[str] = []
    passages = []
    seen: set[str] = set()
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        pid, text = entry["id"], entry["text"]
        if pid in seen:
            problems.append(f"{pid}: duplicate id")
        seen.add(pid)
        numbers: list[Gold] = []
        cursor = 0
        for item in entry["numbers"]:
            phrase = str(item[0])
            m = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)").search(text, cursor)
            if m is None:
                problems.append(f"{pid}: {phrase!r} not found after offset {cursor}")
                continue
            cursor = m.end()
            if len(item) == 2 and item[1] == "distractor":
                numbers.append(Gold(phrase, m.start(), m.end(), "distractor", None))
                continue
            if len(item) != 6:
                problems.append(f"{pid}: {phrase!r}: expected [text, qualifier, value, low, high, measure]")
                continue
            _, qualifier, value, low, high, measure = item
            if measure not in vocabularies["measure"]:
                problems.append(f"{pid}: {phrase!r}: measure {measure!r} is not in schema.yaml")
            if qualifier not in vocabularies["qualifier"]:
                problems.append(f"{pid}: {phrase!r}: qualifier {qualifier!r} is not in schema.yaml")
            problem = reading_problem(qualifier, value, low, high)
            if problem:
                problems.append(f"{pid}: {phrase!r}: {problem}")
            numbers.append(Gold(phrase, m.start(), m.end(), measure, (value, low, high, qualifier)))
        for m in NUMBER_WORDS.finditer(text):
            if not any(g.start <= m.start() < g.end for g in numbers):
                problems.append(f"{pid}: {m.group()!r} at {m.start()} is not labelled")
        passages.append(Passage(pid, text, numbers))
    return passages, problems


def reading_problem(qualifier: str, value, low, high) -> str | None:
    """The conventions of schema.yaml's qualifier vocabulary, stated independently of the normalizer."""
    ok = {
        "exact": value is not None and value == low == high,
        "about": value is not None and low in (None, value) and high in (None, value) and (low is None or high is None),
        "at_least": value is None and low is not None and high is None,
        "more_than": value is None and low is not None and high is None,
        "less_than": value is None and low is None and high is not None,
        "up_to": value is None and low is None and high is not None,
        "range": value is None and low is not None and high is not None and low < high,
        "vague": value is None and low is None and high is None,
        "unknown": value is None and low is None and high is None,
    }.get(qualifier, False)
    return None if ok else f"value/low/high {value!r}/{low!r}/{high!r} do not fit qualifier {qualifier!r}"


@dataclass
class Score:
    figures: int = 0
    found: int = 0
    numbers: int = 0
    measured: int = 0
    distractors: int = 0
    mislabelled: int = 0
    unlisted: int = 0
    sentences: int = 0

    def rates(self) -> dict[str, float]:
        return {"recall": self.found / self.figures, "numbers right": self.numbers / self.figures,
                "measure right": self.measured / self.figures,
                "distractors mislabelled": self.mislabelled / self.distractors}


def score(passages: list[Passage], errors: list[str] | None = None) -> Score:
    result = Score()
    for p in passages:
        candidates = extract_figures(p.text)
        result.sentences += len(_sentences(p.text))
        used: set[int] = set()
        for g in p.numbers:
            match = next((k for k, c in enumerate(candidates) if k not in used
                          and c.char_start < g.end and g.start < c.char_end), None)
            c = None if match is None else candidates[match]
            if match is not None:
                used.add(match)
            if g.label == "distractor":
                result.distractors += 1
                if c is not None:
                    result.mislabelled += 1
                    _note(errors, p, g, f"distractor emitted as {c.measure} ({c.text!r})")
                continue
            result.figures += 1
            if g.label not in EVENT_MEASURES:
                result.distractors += 1
                if c is not None and c.measure in EVENT_MEASURES:
                    result.mislabelled += 1
            if c is None:
                _note(errors, p, g, "not found")
                continue
            result.found += 1
            reading = (c.value, c.low, c.high, c.qualifier)
            if reading == g.reading:
                result.numbers += 1
            else:
                _note(errors, p, g, f"read {reading} ({c.text!r}), gold {g.reading}")
            if c.measure == g.label:
                result.measured += 1
            else:
                _note(errors, p, g, f"measure {c.measure}, gold {g.label}")
        result.unlisted += len(candidates) - len(used)
        for k, c in enumerate(candidates):
            if k not in used:
                _note(errors, p, None, f"unlisted candidate {c.text!r} ({c.measure})")
    return result


def _sentences(text: str) -> list:
    try:
        from unrest.text import split_sentences
    except ImportError:  # before the text layer existed
        from unrest.extract import split_sentences  # type: ignore[attr-defined,no-redef]
    return split_sentences(text)


def _note(errors: list[str] | None, p: Passage, g: Gold | None, message: str) -> None:
    if errors is not None:
        where = f"{g.text!r} [{g.label}]" if g else ""
        errors.append(f"{p.id} {where}: {message}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=sorted(SETS), help="also list every error on this set")
    parser.add_argument("--check", action="store_true", help="only check the gold files")
    parser.add_argument("--only", choices=sorted(SETS), help="score this set only (tune with --only dev)")
    args = parser.parse_args(argv)
    schema = load_schema(ROOT / "schema.yaml")
    vocabularies = {name: set(v.values) for name, v in schema.vocabularies.items()}
    status = 0
    for name, path in SETS.items():
        if args.only and name != args.only:
            continue
        passages, problems = load_set(path, vocabularies)
        for problem in problems:
            print(f"{path.name}: {problem}", file=sys.stderr)
            status = 1
        if args.check:
            print(f"{name}: {len(passages)} passages, {sum(len(p.numbers) for p in passages)} numbers"
                  f"{'' if not problems else f', {len(problems)} problem(s)'}")
            continue
        errors: list[str] | None = [] if args.errors == name else None
        s = score(passages, errors)
        rates = s.rates()
        print(f"{name} set ({path.name}): {len(passages)} passages, {s.sentences} sentences, {s.figures} figures, "
              f"{s.distractors} non-event numbers")
        for metric, value in rates.items():
            target = TARGETS[metric]
            met = value <= target if metric == "distractors mislabelled" else value >= target
            print(f"  {metric:<24} {value:6.3f}   (target {'≤' if 'distractor' in metric else '≥'} {target:.2f}"
                  f"{'' if met else ', NOT MET'})")
        print(f"  {'unlisted candidates':<24} {s.unlisted:6d}   (emitted where no number is labelled)")
        for line in errors or []:
            print(f"    {line}")
    return status


if __name__ == "__main__":
    sys.exit(main())
