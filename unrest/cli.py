"""`build.py extract` and `build.py draft`: the number extractor and the annotation drafter on the command line."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from .draft import draft_annotations
from .extract import extract_figures, figure_to_json
from .loading import load_sources
from .normalize import alias_map
from .schema import load_schema

ROOT = Path(__file__).resolve().parent.parent

DRAFT_HEADER = """\
# DRAFT annotations written by `python build.py draft`: every entry has review_status: draft.
# Review each entry against article.txt (claimant, measure, modality, speaker), fill in the
# source's published date and its basis, then change review_status to curated (or delete it).
# Mentions of known actors and places need nothing here: the build finds them from their aliases.
"""


def extract_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="build.py extract",
                                     description="Print every number expression in a UTF-8 text as JSON lines.")
    parser.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    text = args.path.read_text(encoding="utf-8")
    for candidate in extract_figures(text):
        print(json.dumps(figure_to_json(candidate), ensure_ascii=False))
    return 0


def draft_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py draft",
        description="Write a draft annotations.yaml beside an article in sources/<slug>/article.txt "
                    "(or print it, for an article elsewhere).")
    parser.add_argument("path", type=Path, help="the article, e.g. sources/<slug>/article.txt")
    parser.add_argument("--sources", type=Path, default=ROOT / "sources")
    parser.add_argument("--force", action="store_true", help="overwrite an existing annotations.yaml")
    args = parser.parse_args(argv)
    raw = args.path.read_bytes()
    text = raw.decode("utf-8")
    in_sources = args.path.name == "article.txt" and args.path.resolve().parent.parent == args.sources.resolve()
    slug = args.path.resolve().parent.name if in_sources else args.path.stem.lower().replace("_", "-")
    schema = load_schema(ROOT / "schema.yaml")
    vocabularies = {name: set(v.values) for name, v in schema.vocabularies.items()}
    # Known actors' aliases, the same map the build uses (even if other files have problems).
    actor_aliases, _ = alias_map(load_sources(args.sources)[0], schema.tables["actors"])
    draft = draft_annotations(text, raw, slug, args.path.name, actor_aliases, vocabularies)
    rendered = DRAFT_HEADER + yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=10_000)
    if not in_sources:
        sys.stdout.write(rendered)
        return 0
    target = args.path.resolve().parent / "annotations.yaml"
    if target.exists() and not args.force:
        print(f"{target} exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    target.write_text(rendered, encoding="utf-8")
    print(f"wrote {target}: {len(draft['claims'])} claims, {len(draft['figures'])} figures, "
          f"{len(draft['exclusions'])} numbers to decide on; review them, then run `python build.py`")
    return 0
