"""Build the kazakhstan-unrest database from sources/: load → validate and normalize → write.

    python build.py                 # → kazakhstan-unrest.db and metadata.json
    python build.py --help          # every subcommand: build, extract, draft, serve

Any problem stops the build before anything is written, lists every problem with
file, line and entry, and exits 1; the previous database stays byte-identical. That
holds for any input: an exception the build did not expect is itself reported as
one line, "internal error while reading FILE:LINE (please report)" (set
UNREST_TRACEBACK=1 to see the traceback instead).
"""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from unrest.cli import main
from unrest.dataset import dataset_rows
from unrest.loading import load_sources
from unrest.metadata import render
from unrest.normalize import normalize
from unrest.problems import Problem, internal_error
from unrest.schema import SchemaError, load_schema
from unrest.write import write_database

ROOT = Path(__file__).resolve().parent


def build(out: Path, sources: Path = ROOT / "sources", metadata: Path | None = None,
          source_commit: str | None = None) -> int:
    try:
        return _build(Path(out), Path(sources), metadata, source_commit)
    except Exception as err:  # the promise to the curator: a problem line and exit 1, never a traceback
        if os.environ.get("UNREST_TRACEBACK"):
            raise
        return _fail(out, [internal_error(err)])


def _build(out: Path, sources: Path, metadata: Path | None, source_commit: str | None) -> int:
    try:
        schema = load_schema(ROOT / "schema.yaml")
    except SchemaError as err:
        return _fail(out, err.problems)
    corpus, problems = load_sources(sources, schema)
    rows, found = normalize(corpus, schema)
    problems += found
    if problems:
        return _fail(out, problems)
    rows["dataset"] = dataset_rows(schema, source_commit)  # source_commit: only `make release` knows it
    rendered = render(schema) if metadata else None
    try:
        computed = write_database(rows, schema, out)
        if metadata and rendered is not None:
            metadata.write_text(rendered, encoding="utf-8")
    except SchemaError as err:  # a computed table's SELECT disagrees with its declaration
        return _fail(out, err.problems)
    except (OSError, sqlite3.OperationalError) as err:  # the disk, not the data: say which file and why
        where = getattr(err, "filename", None) or out
        return _fail(out, [Problem(str(where), None, None, f"cannot write: {getattr(err, 'strerror', None) or err}")])
    written = {name: len(r) for name, r in rows.items()} | computed
    counts = ", ".join(f"{n} {name}" for name, n in written.items() if not name.startswith("vocab_"))
    print(f"wrote {out}: {counts}")
    return 0


def _fail(out: Path, problems: list) -> int:
    print(f"build failed: {len(problems)} problem(s); {out} left unchanged\n", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], build))
