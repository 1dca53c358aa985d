"""Benchmark of extract_figures on synthetic articles recombined from the real ones.

    python bench/bench_extract.py --n 10000

Builds N article-sized texts deterministically (seeded) from the sentences of the real
articles (sources/*/article.txt, or ../shared/articles/*.txt before those exist), with the
numbers and qualifier words varied, runs extract_figures over every one and prints
articles per second, the figures found and peak memory. It reports; it never asserts on time.
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from unrest.extract import extract_figures  # noqa: E402
from unrest.text import split_sentences  # noqa: E402

DIGITS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d,.:])\d+(?![\d,.:])")
NUMBER_WORDS = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|Sixty-two)\b")
QUALIFIERS = re.compile(r"\b(about|more than|at least|some|nearly|over|around|up to)\b(?= \d)")
WORD_CHOICES = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty",
                "Sixty-two", "a dozen", "dozens of"]
QUALIFIER_CHOICES = ["about", "more than", "at least", "some", "nearly", "over", "around", "up to", "almost",
                     "as many as", "fewer than"]


def article_texts() -> list[str]:
    paths = sorted(ROOT.glob("sources/*/article.txt")) or sorted((ROOT.parent / "shared" / "articles").glob("*.txt"))
    if not paths:
        sys.exit("no articles found in sources/*/article.txt or ../shared/articles/")
    return [p.read_text(encoding="utf-8") for p in paths]


def sentence_pool(texts: list[str]) -> list[str]:
    return [text[s:e] for text in texts for s, e in split_sentences(text)]


def vary(sentence: str, rng: random.Random) -> str:
    """The sentence with its numbers (not its years) and qualifier words changed."""
    def new_digits(m: re.Match) -> str:
        old = m.group()
        value = int(old.replace(",", ""))
        if 1900 <= value <= 2100 and "," not in old:
            return old  # a year stays a year
        new = rng.randint(max(1, value // 3), max(2, value * 3))
        return f"{new:,}" if new >= 1000 and rng.random() < 0.9 else str(new)

    sentence = DIGITS.sub(new_digits, sentence)
    sentence = NUMBER_WORDS.sub(lambda m: rng.choice(WORD_CHOICES), sentence)
    return QUALIFIERS.sub(lambda m: rng.choice(QUALIFIER_CHOICES), sentence)


def synthetic_articles(pool: list[str], n: int, seed: int):
    """n articles of 8-24 sentences, in paragraphs of 2-5 sentences."""
    rng = random.Random(seed)
    for _ in range(n):
        sentences = [vary(rng.choice(pool), rng) for _ in range(rng.randint(8, 24))]
        paragraphs, k = [], 0
        while k < len(sentences):
            step = rng.randint(2, 5)
            paragraphs.append(" ".join(sentences[k:k + step]))
            k += step
        yield "\n\n".join(paragraphs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of synthetic articles (default 10000)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--trace", type=int, default=200,
                        help="articles run under tracemalloc afterwards for the Python-heap peak (0: skip)")
    args = parser.parse_args(argv)

    pool = sentence_pool(article_texts())
    print(f"sentence pool: {len(pool)} sentences from the real articles")

    generated = list(synthetic_articles(pool, args.n, args.seed))
    characters = sum(len(t) for t in generated)
    print(f"generated {len(generated):,} articles ({characters / len(generated):,.0f} characters on average)")

    measures: Counter[str] = Counter()
    figures = 0
    started = time.perf_counter()
    for text in generated:
        found = extract_figures(text)
        figures += len(found)
        measures.update(c.measure for c in found)
    elapsed = time.perf_counter() - started

    print(f"extract_figures: {len(generated):,} articles in {elapsed:.2f} s = "
          f"{len(generated) / elapsed:,.0f} articles/s "
          f"({characters / elapsed / 1e6:.2f} MB of text/s)")
    print(f"figures found: {figures:,} ({figures / len(generated):.1f} per article)")
    print("by measure: " + ", ".join(f"{m} {k:,}" for m, k in measures.most_common()))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"peak memory (process RSS, including the generated texts): {peak_kib / 1024:.1f} MiB")

    if args.trace:
        tracemalloc.start()
        for text in generated[:args.trace]:
            extract_figures(text)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak Python heap while extracting (tracemalloc, {min(args.trace, len(generated))} articles): "
              f"{peak / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
