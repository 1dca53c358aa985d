"""The command line of build.py: one parser, one function per subcommand.

    python build.py [build] [--out PATH] [--sources DIR]   the database (the default command)
    python build.py extract FILE                           number expressions in a text, as JSON lines
    python build.py draft FILE [--force]                   a draft annotations.yaml for a new article
    python build.py serve [--port N] [--host H] [--db PATH]   the site, exactly as `make serve` serves it
    python build.py diff OLD.db NEW.db                     rows added, removed and changed, by primary key
    python build.py release [--previous OLD.db]            the versioned download package in dist/
    python build.py publish                                the directory Cloud Run deploys, in dist/publish/
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from . import serve
from .diff import diff_report
from .draft import draft_annotations
from .extract import extract_figures, figure_to_json
from .loading import load_sources
from .normalize import alias_map
from .publish import make_publish
from .release import ReleaseError, make_release, package_name, source_commit
from .schema import load_schema

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / serve.DATABASE_FILE
COMMANDS = ("build", "extract", "draft", "serve", "diff", "release", "publish")
DIST = ROOT / "dist"

DRAFT_HEADER = """\
# DRAFT annotations written by `python build.py draft`: every entry has review_status: draft.
# Review each entry against article.txt (claimant, measure, modality, speaker), fill in the
# source's published date and its basis, then change review_status to curated (or delete it).
# Mentions of known actors and places need nothing here: the build finds them from their aliases.
"""


def parser(build: Callable[..., int]) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build.py", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("build", help="build the database from sources/ (the default)")
    p.add_argument("--out", type=Path, default=None,
                   help=f"database to write (default {DEFAULT_DB.name}; only the default also rewrites metadata.json)")
    p.add_argument("--sources", type=Path, default=ROOT / "sources", help="folder of sources (default sources/)")
    p.set_defaults(run=lambda args: build_command(args, build))

    p = commands.add_parser("extract", help="print every number expression in a UTF-8 text as JSON lines")
    p.add_argument("path", type=Path)
    p.set_defaults(run=extract_command)

    p = commands.add_parser("draft", help="write a draft annotations.yaml beside sources/<slug>/article.txt "
                                          "(or print it, for an article elsewhere)")
    p.add_argument("path", type=Path, help="the article, e.g. sources/<slug>/article.txt")
    p.add_argument("--sources", type=Path, default=ROOT / "sources")
    p.add_argument("--force", action="store_true", help="overwrite an existing annotations.yaml")
    p.set_defaults(run=draft_command)

    p = commands.add_parser("serve", help="serve the built database with Datasette, as `make serve` does")
    p.add_argument("--db", type=Path, default=DEFAULT_DB)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8001)
    p.set_defaults(run=serve_command)

    p = commands.add_parser("diff", help="what changed between two databases: rows added, removed and changed")
    p.add_argument("old", type=Path, help="the earlier database, e.g. the previous release's .db")
    p.add_argument("new", type=Path, help="the later database")
    p.set_defaults(run=diff_command)

    p = commands.add_parser("release", help="the versioned, citable package in dist/ (`make release`)")
    p.add_argument("--previous", type=Path, default=None,
                   help="the previous release's database: its diff becomes CHANGES.md")
    p.add_argument("--dist", type=Path, default=DIST, help="where to write the package (default dist/)")
    p.set_defaults(run=lambda args: release_command(args, build))

    p = commands.add_parser("publish", help="the directory Cloud Run deploys (`make publish`)")
    p.add_argument("--release", type=Path, default=None,
                   help="the release folder to publish (default dist/kazakhstan-unrest-<version>/)")
    p.add_argument("--out", type=Path, default=DIST / "publish", help="where to write it (default dist/publish/)")
    p.set_defaults(run=publish_command)
    return top


def main(argv: list[str], build: Callable[..., int]) -> int:
    # `python build.py` and `python build.py --out X` mean `build`: the command most people run.
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args = parser(build).parse_args(argv)
    return args.run(args)


def build_command(args, build: Callable[..., int]) -> int:
    # metadata.json is regenerated by the default build only, so a test build can check the committed copy.
    metadata = ROOT / "metadata.json" if args.out is None else None
    return build(args.out or DEFAULT_DB, args.sources, metadata)


def extract_command(args) -> int:
    text = args.path.read_text(encoding="utf-8")
    for candidate in extract_figures(text):
        print(json.dumps(figure_to_json(candidate), ensure_ascii=False))
    return 0


def draft_command(args) -> int:
    raw = args.path.read_bytes()
    text = raw.decode("utf-8")
    in_sources = args.path.name == "article.txt" and args.path.resolve().parent.parent == args.sources.resolve()
    slug = args.path.resolve().parent.name if in_sources else args.path.stem.lower().replace("_", "-")
    schema = load_schema(ROOT / "schema.yaml")
    vocabularies = {name: set(v.values) for name, v in schema.vocabularies.items()}
    # Known actors' aliases, the same map the build uses (even if other files have problems).
    actor_aliases = alias_map(None, load_sources(args.sources, schema)[0], schema.tables["actors"])
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


def serve_command(args) -> int:
    if not args.db.exists():
        print(f"{args.db} does not exist; build it first (`make build` or `python build.py`)", file=sys.stderr)
        return 1
    command = serve.serve_command(args.db, args.host, args.port)
    os.execv(command[0], command)  # Datasette takes over the process, as if typed


def diff_command(args) -> int:
    for path in (args.old, args.new):
        if not path.is_file():
            print(f"{path}: no such database file", file=sys.stderr)
            return 1
    sys.stdout.write(diff_report(args.old, args.new))
    return 0


def release_command(args, build: Callable[..., int]) -> int:
    commit = source_commit(ROOT)
    if commit is None:
        print("note: the checkout has uncommitted changes (or is not a git checkout): "
              "dataset.source_commit stays NULL; commit first for a citable release", file=sys.stderr)
    try:
        folder = make_release(build, args.dist, args.previous, commit)
    except ReleaseError as err:
        print(f"release failed: {err}", file=sys.stderr)
        return 1
    print(f"wrote {folder}/ and {folder}.zip (datapackage.json valid; check with `sha256sum -c SHA256SUMS`)")
    return 0


def publish_command(args) -> int:
    release = args.release or DIST / package_name(load_schema(ROOT / "schema.yaml"))
    if not (release / serve.DATABASE_FILE).is_file():
        print(f"{release} has no {serve.DATABASE_FILE}; run `make release` first", file=sys.stderr)
        return 1
    out = make_publish(release, args.out)
    print(f"wrote {out}/: deploy with `gcloud run deploy kazakhstan-unrest --source {out} --allow-unauthenticated`")
    return 0
