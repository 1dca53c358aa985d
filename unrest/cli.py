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
import gc
import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from . import serve
from .diff import diff_report
from .loading import Corpus, entry_depths, read_shared_file
from .normalize import alias_map
from .precompute import computed_names
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
    if args.command not in ("build", "extract", "draft"):
        return args.run(args)
    # These make millions of small objects (a long text's tokens; a large corpus's entries and rows, all
    # alive until the end) and no reference cycles to speak of: the cyclic collector would rescan them
    # all again and again (a fifth to a third of the time), so it rests while they run.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return args.run(args)
    finally:
        if collecting:
            gc.enable()


def build_command(args, build: Callable[..., int]) -> int:
    # metadata.json is regenerated by the default build only, so a test build can check the committed copy.
    metadata = ROOT / "metadata.json" if args.out is None else None
    return build(args.out or DEFAULT_DB, args.sources, metadata)


class InputError(Exception):
    """A file `extract` or `draft` cannot use; the message is one line that names it and says why."""


def read_text(path: Path) -> tuple[str, bytes]:
    """The UTF-8 text of a regular file and its bytes; InputError for anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block the open
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give the article's text file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})") from None
    kind = os.fstat(fd).st_mode
    if not stat.S_ISREG(kind):
        os.close(fd)
        if stat.S_ISDIR(kind):
            raise InputError(f"{path}: is a directory; give the article's text file")
        raise InputError(f"{path}: is not a regular file (a FIFO, socket or device); give a text file")
    with os.fdopen(fd, "rb") as file:
        raw = file.read()
    try:
        return raw.decode("utf-8"), raw
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text (byte {err.start}: {err.reason}; lone surrogates are refused "
                         "too); convert it to UTF-8 first") from None


def extract_command(args) -> int:
    try:
        text, _ = read_text(args.path)
    except InputError as err:
        return _input_error("extract", err)
    from .extract import figure_to_json, iter_figures  # here: every `build.py` would import the extractor

    try:
        out = sys.stdout
        for candidate in iter_figures(text):  # streamed: a long text's candidates are never all in memory
            out.write(json.dumps(figure_to_json(candidate), ensure_ascii=False) + "\n")
        out.flush()
    except BrokenPipeError:  # `build.py extract FILE | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def draft_command(args) -> int:
    try:
        text, raw = read_text(args.path)
    except InputError as err:
        return _input_error("draft", err)
    path, sources = args.path.absolute(), args.sources.absolute()
    in_sources = path.name == "article.txt" and path.parent.parent.resolve() == sources.resolve()
    slug = path.parent.name if in_sources else path.stem.lower().replace("_", "-")
    schema = load_schema(ROOT / "schema.yaml")
    vocabularies = {name: set(v.values) for name, v in schema.vocabularies.items()}
    from .draft import draft_annotations  # here: every `build.py` would import the extractor

    draft = draft_annotations(text, raw, slug, path.name, actor_aliases(sources, schema), vocabularies)
    if not in_sources:
        write_draft(draft, sys.stdout)
        return 0
    target = path.parent / "annotations.yaml"
    if target.is_symlink() or path.parent.resolve().parent != sources.resolve():
        return _input_error("draft", InputError(f"{target}: is a symbolic link (or its folder is one); "
                                                "refusing to write through it"))
    if target.exists() and not args.force:
        print(f"{target} exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    if target.exists() and not target.is_file():
        return _input_error("draft", InputError(f"{target}: exists and is not a regular file"))
    temporary = target.with_name(f".annotations.yaml.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        write_draft(draft, file)
    os.replace(temporary, target)  # replaces the name, never a file a link points to
    print(f"wrote {target}: {len(draft['claims'])} claims, {len(draft['figures'])} figures, "
          f"{len(draft['exclusions'])} numbers to decide on; review them, then run `python build.py`")
    return 0


def write_draft(draft: dict, out) -> None:
    """The draft as YAML, the same text yaml.safe_dump(draft) gives, written entry by entry: dumping a long
    article's draft whole builds a node for every value first, several times the memory of the text."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's where installed: the same YAML, faster

    def dump(value) -> str:
        return yaml.dump(value, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000)

    out.write(DRAFT_HEADER)
    for key, value in draft.items():
        if isinstance(value, list) and value:
            out.write(f"{key}:\n")
            for entry in value:
                out.write(dump([entry]))
        else:
            out.write(dump({key: value}))


def actor_aliases(sources: Path, schema) -> dict[str, str]:
    """alias → actor id from the actors file schema.yaml names: all that draft needs from sources/, so its cost
    does not grow with the number of articles. A file that cannot be read gives no aliases and a warning."""
    table = schema.tables["actors"]
    declared = table.input["file"]
    rel, data, problems = read_shared_file(sources, declared, entry_depths(schema)[0])
    if problems:
        print(f"warning: {rel}: {problems[0].message}; drafting without known actors", file=sys.stderr)
        return {}
    return alias_map(None, Corpus(root=sources.parent, shared={declared: (rel, data)}), table)


def _input_error(command: str, err: InputError) -> int:
    print(f"build.py {command}: {err}", file=sys.stderr)
    return 2


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
    sys.stdout.write(diff_report(args.old, args.new, computed_names(load_schema(ROOT / "schema.yaml"))))
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
