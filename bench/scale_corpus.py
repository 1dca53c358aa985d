"""Synthetic corpora for timing the build: generated articles, each drafted with `build.py draft`.

Articles are bench_extract's seeded recombinations of the real articles' sentences with
varied numbers. Each is drafted by build.py's own `draft` command in a room that holds
only the shared files (actors.yaml and the rest, copied from sources/): the draft reads
its aliases from actors.yaml alone, so this is what drafting it beside the whole corpus
writes, without the cost growing as the corpus does. Source metadata and the sha256 come
from the draft itself; the build accepts drafted articles as they are.

The corpus is generated once for its inputs (seed, size, the articles, the shared files,
schema.yaml and the code that drafts) and kept in the cache; smaller corpora are its
first N articles, since the generator is sequential.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import sqlite_utils

from bench import bench_extract
from bench.scale_grow import content_tables, quote

ROOT = Path(__file__).resolve().parent.parent
SLUG = "synthetic-{:05d}"


def shared_files(sources: Path = ROOT / "sources") -> list[Path]:
    """The files of sources/ that are not an article's folder (actors.yaml, places.yaml, …)."""
    return sorted(p for p in Path(sources).iterdir() if p.is_file())


def inputs_digest(*parts: object) -> str:
    """A digest of the values and of every file (or folder of files) among `parts`."""
    digest = hashlib.sha256()
    for part in parts:
        paths = sorted(Path(part).rglob("*")) if isinstance(part, Path) and Path(part).is_dir() else [part]
        for p in paths:
            if isinstance(p, Path):
                if p.is_file() and "__pycache__" not in p.parts:
                    digest.update(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p).encode())
                    digest.update(p.read_bytes())
            else:
                digest.update(json.dumps(p).encode())
    return digest.hexdigest()[:16]


def draft_in_room(room: Path, slug: str, text: str) -> Path:
    """`build.py draft` for one article placed in room/<slug>/; returns the folder."""
    import build
    from unrest.cli import main

    folder = room / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(text, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["draft", str(folder / "article.txt"), "--sources", str(room), "--force"], build.build)
    if status != 0:
        raise RuntimeError(f"build.py draft failed for {folder}")
    return folder


def generate(cache_dir: Path, articles: int, seed: int, log=print) -> Path:
    """A sources-like folder of `articles` drafted synthetic articles and the shared files (cached)."""
    key = inputs_digest(seed, articles, ROOT / "sources", ROOT / "schema.yaml", ROOT / "unrest",
                        ROOT / "build.py", Path(bench_extract.__file__), Path(__file__))
    corpus = Path(cache_dir) / f"corpus-{key}"
    sources = corpus / "sources"
    if (corpus / "complete").exists():
        log(f"  corpus: reusing {articles:,} drafted articles in {sources}")
        return sources
    for old in Path(cache_dir).glob("corpus-*"):
        shutil.rmtree(old, ignore_errors=True)
    room = corpus / "draft-room"
    for folder in (sources, room):
        folder.mkdir(parents=True)
        for f in shared_files():
            shutil.copy2(f, folder / f.name)
    pool = bench_extract.sentence_pool(bench_extract.article_texts())
    started = time.perf_counter()
    for i, text in enumerate(bench_extract.synthetic_articles(pool, articles, seed)):
        drafted = draft_in_room(room, SLUG.format(i), text)
        drafted.rename(sources / drafted.name)
        if (i + 1) % 500 == 0:
            log(f"  corpus: {i + 1:,} of {articles:,} articles drafted ({time.perf_counter() - started:.0f} s)")
    shutil.rmtree(room)
    (corpus / "complete").write_text(json.dumps({"articles": articles, "seed": seed}))
    log(f"  corpus: {articles:,} articles drafted in {time.perf_counter() - started:.0f} s")
    return sources


def subset(corpus_sources: Path, n: int, target: Path, extra: Path | None = None) -> Path:
    """target/sources: the shared files, the first n articles of the corpus, and optionally the
    article folders of `extra` (another sources/ folder) too."""
    sources = Path(target) / "sources"
    if sources.exists():
        shutil.rmtree(sources)
    sources.mkdir(parents=True)
    for f in shared_files(corpus_sources):
        shutil.copy2(f, sources / f.name)
    for i in range(n):
        shutil.copytree(corpus_sources / SLUG.format(i), sources / SLUG.format(i))
    if extra is not None:
        for folder in sorted(p for p in Path(extra).iterdir() if p.is_dir()):
            shutil.copytree(folder, sources / folder.name)
    return sources


def run_timed(command: list[str], env: dict[str, str] | None = None) -> float:
    """Wall-clock seconds of a command run from the repository (with `env` added to the environment);
    a failure stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds


def build_command(sources: Path, out: Path) -> list[str]:
    return [sys.executable, "build.py", "--out", str(out), "--sources", str(sources)]


def draft_command(article: Path, sources: Path) -> list[str]:
    return [sys.executable, "build.py", "draft", str(article), "--sources", str(sources), "--force"]


def rows_of(db: Path) -> dict[str, list[dict]]:
    """Every row of every ordinary table the build wrote (not the full-text or statistics tables)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return {t: [dict(r) for r in conn.execute(f"SELECT * FROM {quote(t)}")] for t in content_tables(conn)}
    finally:
        conn.close()


def raw_insert_seconds(rows: dict[str, list[dict]], out: Path) -> float:
    """The floor: sqlite-utils' insert_all of the same rows, every table in one transaction."""
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite_utils.Database(out)
    with db.atomic():
        for table, table_rows in rows.items():
            if table_rows:
                db[table].insert_all(table_rows)
    db.close()
    seconds = time.perf_counter() - started
    out.unlink(missing_ok=True)
    return seconds


def growth_exponent(sizes: list[float], seconds: list[float]) -> float:
    """The slope of log(seconds) against log(size) by least squares: 1 is linear, 2 quadratic."""
    import math

    if len(sizes) < 2:
        raise ValueError("need at least two sizes")
    xs, ys = [math.log(n) for n in sizes], [math.log(t) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
