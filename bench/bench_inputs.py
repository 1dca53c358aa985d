"""Time and peak memory of `build.py extract` and `build.py draft` as the input grows, hostile inputs included.

    python bench/bench_inputs.py            # the default rows (about two minutes on a quiet machine)
    python bench/bench_inputs.py --quick    # small sizes only

Each row runs the command in a fresh Python process on a generated file and prints the wall time and the
process's peak resident memory. Time and memory linear in the input show as a steady s/MB and MB/MB down a
column. It reports; it never asserts on time (benchmarks are not tests).

Inputs (generated deterministically):
  prose      article-like text recombined from the real articles' sentences (bench_extract.py), in paragraphs
  dense      numbers and little else: "12, 340 and 5,600 people, 7 ..." on short lines
  one-line   the same prose or dense text with every line break removed: one line, one "sentence" per full stop
  digits     one line of digits and nothing else
  long       a number of 5,000 digits in a sentence
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_extract  # noqa: E402

KB, MB = 1_000, 1_000_000
DEFAULT_ROWS = [
    ("prose", 200 * KB), ("prose", 800 * KB), ("prose", 5 * MB), ("prose", 20 * MB),
    ("dense", 80 * KB), ("dense", 800 * KB), ("dense", 5 * MB),
    ("one-line prose", 5 * MB), ("one-line dense", 5 * MB), ("digits", 5 * MB), ("long", 0),
]
QUICK_ROWS = [("prose", 50 * KB), ("prose", 200 * KB), ("dense", 20 * KB), ("dense", 80 * KB),
              ("one-line dense", 200 * KB), ("digits", 1 * MB), ("long", 0)]

# The child: run one command of build.py in this process and report time and peak memory (KiB).
CHILD = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    import build
    from unrest.cli import main
    sys.stdout = open(os.devnull, "w")
    started = time.perf_counter()
    status = main(sys.argv[1:], build.build)
    elapsed = time.perf_counter() - started
    # VmHWM: this process's own peak (ru_maxrss on Linux keeps the parent's peak across fork and exec)
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(status, elapsed, peak, file=sys.stderr)
""")


def prose(size: int) -> str:
    pool = bench_extract.sentence_pool(bench_extract.article_texts())
    parts, total = [], 0
    for text in bench_extract.synthetic_articles(pool, 10**9, 11):
        parts.append(text)
        total += len(text) + 2
        if total >= size:
            break
    return "\n\n".join(parts)[:size]


def dense(size: int) -> str:
    rng = random.Random(5)
    words = ["people", "and", "protesters", "killed", "detained", "at least", "about", "more than", ",", "were"]
    out, total = [], 0
    while total < size:
        line = " ".join(f"{rng.randint(1, 99_999):,}" if rng.random() < 0.6 else rng.choice(words)
                        for _ in range(12)) + ".\n"
        out.append(line)
        total += len(line)
    return "".join(out)[:size]


def make(kind: str, size: int) -> str:
    if kind == "prose":
        return prose(size)
    if kind == "dense":
        return dense(size)
    if kind.startswith("one-line"):
        return make(kind.split()[1], size).replace("\n", " ")
    if kind == "digits":
        return "".join(str(k % 10) for k in range(size))
    if kind == "long":
        return "Officials said " + "9" * 5000 + " people were detained.\n"
    raise ValueError(kind)


def measure(path: Path, command: str) -> tuple[int, float, float]:
    result = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT)), command, str(path)],
                            capture_output=True, text=True, cwd=ROOT)
    status, elapsed, peak_kib = result.stderr.strip().splitlines()[-1].split()
    return int(status), float(elapsed), int(peak_kib) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--commands", default="extract,draft")
    args = parser.parse_args(argv)
    commands = args.commands.split(",")
    print(f"{'input':<16}{'size':>10}  " + "".join(f"{c + ' s':>11}{'s/MB':>7}{'peak MB':>9}" for c in commands))
    with tempfile.TemporaryDirectory() as folder:
        for kind, size in QUICK_ROWS if args.quick else DEFAULT_ROWS:
            text = make(kind, size)
            path = Path(folder) / f"{kind.replace(' ', '-')}-{size}.txt"
            path.write_text(text, encoding="utf-8")
            megabytes = path.stat().st_size / MB
            cells = []
            for command in commands:
                status, elapsed, peak = measure(path, command)
                mark = "" if status == 0 else f" (exit {status})"
                cells.append(f"{elapsed:>11.2f}{elapsed / megabytes:>7.1f}{peak:>9.0f}{mark}")
            print(f"{kind:<16}{megabytes:>8.2f}MB  " + "".join(cells), flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
