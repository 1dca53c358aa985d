"""Build the kazakhstan-unrest database from sources/: load → validate and normalize → write.

    python build.py                 # → kazakhstan-unrest.db and metadata.json
    python build.py --help          # every subcommand: build, extract, draft, serve

Any problem stops the build before anything is written, lists every problem with
file, line and entry, and exits 1; the previous database stays byte-identical.
"""
from __future__ import annotations

import sys
from pathlib import Path

from unrest.cli import main
from unrest.dataset import dataset_rows
from unrest.loading import load_sources
from unrest.metadata import render
from unrest.normalize import normalize
from unrest.schema import SchemaError, load_schema
from unrest.write import write_database

ROOT = Path(__file__).resolve().parent


def build(out: Path, sources: Path = ROOT / "sources", metadata: Path | None = None,
          source_commit: str | None = None) -> int:
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
    write_database(rows, schema, out)
    if metadata:
        metadata.write_text(render(schema), encoding="utf-8")
    counts = ", ".join(f"{len(r)} {name}" for name, r in rows.items() if not name.startswith("vocab_"))
    print(f"wrote {out}: {counts}")
    return 0


def _fail(out: Path, problems: list) -> int:
    print(f"build failed: {len(problems)} problem(s); {out} left unchanged\n", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], build))
