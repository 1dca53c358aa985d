"""`make release`: the versioned, citable download package, and its .zip.

    dist/kazakhstan-unrest-<version>/
        kazakhstan-unrest.db    the database, as `python build.py` builds it (plus the source commit)
        data/<table>.csv        one CSV per table: UTF-8, RFC 4180, a header row, SQLite's columns in order
        datapackage.json        Frictionless Data Package generated from schema.yaml (unrest/datapackage.py)
        CITATION.cff            Citation File Format 1.2.0, type dataset, with the version and its date
        README.md               the README's Download, Cite and "How to read a figure" sections
        CHANGES.md              `build.py diff` against the previous release, when one is given
        SHA256SUMS              `sha256sum -c SHA256SUMS` checks every file above
    dist/kazakhstan-unrest-<version>.zip   the folder, zipped with fixed timestamps and sorted entries

Everything in the package follows from the files in the repository: no clock time, no
machine path, no random order, so two releases of one commit are byte-identical. The
folder is written beside its final place and renamed into it only once complete and valid.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Callable, Collection
from pathlib import Path

import yaml

from . import datapackage, diff
from .dataset import TABLE as DATASET_TABLE
from .precompute import computed_names
from .schema import Schema, load_schema
from .serve import DATABASE_FILE

ROOT = Path(__file__).resolve().parent.parent
README_SECTIONS = ("Download", "Cite", "How to read a figure")


class ReleaseError(RuntimeError):
    """The release cannot be made; the message says why and what to do."""


def package_name(schema: Schema) -> str:
    return f"{schema.dataset['database']}-{schema.dataset['version']}"


def source_commit(root: Path = ROOT) -> str | None:
    """HEAD's commit when the checkout has no uncommitted change; None otherwise, or outside git."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout
    try:
        if git("status", "--porcelain", "--untracked-files=all").strip():
            return None
        return git("rev-parse", "HEAD").strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def make_release(build: Callable[..., int], dist: Path, previous: Path | None = None,
                 commit: str | None = None, root: Path = ROOT) -> Path:
    """Write the package for schema.yaml's version into `dist`; returns its folder."""
    schema = load_schema(root / "schema.yaml")
    name = package_name(schema)
    dist.mkdir(parents=True, exist_ok=True)
    folder, tmp = dist / name, dist / f".{name}.building"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        db = tmp / DATABASE_FILE
        if build(db, root / "sources", None, commit) != 0:
            raise ReleaseError("the build failed (see above); nothing was released")
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            dataset = dict(conn.execute(f"SELECT * FROM {DATASET_TABLE}").fetchone())
            articles = [dict(r) for r in conn.execute("SELECT id, title, sha256 FROM sources ORDER BY id")]
            for table in datapackage.table_names(schema):
                write_csv(conn, table, tmp / datapackage.csv_path(table))
        finally:
            conn.close()
        write_text(tmp / "datapackage.json",
                   json.dumps(datapackage.datapackage(schema, dataset, articles), indent=2, ensure_ascii=False) + "\n")
        write_text(tmp / "CITATION.cff", citation(schema, dataset))
        write_text(tmp / "README.md", package_readme(schema, dataset, (root / "README.md").read_text(encoding="utf-8")))
        if previous is not None:
            write_text(tmp / "CHANGES.md", changes(previous, db, dataset["version"], computed_names(schema)))
        problems = validate(tmp / "datapackage.json")
        if problems:
            raise ReleaseError("datapackage.json does not validate:\n  " + "\n  ".join(problems))
        write_text(tmp / "SHA256SUMS", sha256sums(tmp))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_zip(folder, dist / f"{name}.zip", dt.date.fromisoformat(dataset["released"]))
    return folder


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# --------------------------------------------------------------------------- CSV

def csv_value(value: object, where: str) -> str:
    """A value as SQLite holds it: NULL is the empty field, numbers in Python's shortest form."""
    if value is None:
        return ""
    if isinstance(value, str):
        if value == "":
            raise ReleaseError(f"{where} is the empty string, which a CSV cannot tell from NULL")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReleaseError(f"{where} is a {type(value).__name__}, which has no CSV form here")
    return repr(value)


def write_csv(conn: sqlite3.Connection, table: str, path: Path) -> None:
    """UTF-8, RFC 4180 (CRLF line ends, quotes only where needed), header row, rows by primary key."""
    columns, key = diff.columns_and_key(conn, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(columns)
        order = ", ".join(f"[{k}]" for k in key)
        for row in conn.execute(f"SELECT * FROM [{table}] ORDER BY {order}"):
            writer.writerow([csv_value(v, f"{table}.{c} of row {row[0]!r}") for c, v in zip(columns, row, strict=True)])


# --------------------------------------------------------------------------- the documents

def citation(schema: Schema, dataset: dict) -> str:
    """CITATION.cff (CFF 1.2.0) for this version."""
    block = schema.dataset
    cff: dict = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": block["title"],
        "version": dataset["version"],
        "date-released": dataset["released"],
        "license": block["license_id"],
        "authors": [{"name": author} for author in block["authors"]],
        "abstract": block["description"],
    }
    if dataset.get("source_commit"):
        cff["commit"] = dataset["source_commit"]
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=100)


def markdown_section(text: str, title: str, level: int = 2) -> str:
    """The section of a Markdown text headed `title` (to the next heading of its level or above),
    re-levelled so that its heading has `level` #'s; headings inside code fences are not headings."""
    lines = text.splitlines()
    start, depth, fenced = None, 0, False
    found: list[str] = []
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        heading = not fenced and line.startswith("#")
        hashes = len(line) - len(line.lstrip("#")) if heading else 0
        if start is None:
            if heading and line[hashes:].strip() == title:
                start, depth = len(found), hashes
                found.append("#" * level + line[hashes:])
            continue
        if heading and hashes <= depth:
            break
        found.append("#" * (hashes - depth + level) + line[hashes:] if heading else line)
    if start is None:
        raise ReleaseError(f"README.md has no section '{title}' to put in the package's README")
    return "\n".join(found).strip() + "\n"


def package_readme(schema: Schema, dataset: dict, readme: str) -> str:
    built = (f"Built from commit `{dataset['source_commit']}` of the kazakhstan-unrest repository."
             if dataset.get("source_commit") else
             "Built from a checkout with uncommitted changes (or outside git): no source commit is recorded.")
    head = [f"# {dataset['title']}", "",
            f"Version {dataset['version']}, released {dataset['released']}. {built}",
            f"Licence: {dataset['license']} ({dataset['license_url']}).", ""]
    return "\n".join(head) + "\n" + "\n".join(markdown_section(readme, title) for title in README_SECTIONS)


def changes(previous: Path, new_db: Path, new_version: str, computed: Collection[str] = ()) -> str:
    """CHANGES.md; refuses a version not raised as far as the changes require. `computed`: the tables
    the build computes from the others, left out (their changes are those of the rows they come from)."""
    if not previous.is_file():
        raise ReleaseError(f"PREVIOUS={previous}: no such database file")
    found = diff.diff_databases(previous, new_db, computed)
    old_version = diff.dataset_version(previous)
    bump = diff.required_bump(found)
    if old_version and not diff.bump_is_enough(old_version, new_version, bump):
        raise ReleaseError(f"version {new_version} is not raised enough from {old_version}: the changes call for "
                           f"a {bump} version. Set dataset.version (and dataset.released) in schema.yaml")
    return diff.render(found, old_version, new_version)


def sha256sums(folder: Path) -> str:
    """`sha256sum` format (hash, two spaces, path), sorted by path."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(folder).as_posix()}")
    return "\n".join(lines) + "\n"


def write_zip(folder: Path, target: Path, date: dt.date) -> None:
    """The folder under its own name, entries sorted, every timestamp the release date, fixed permissions."""
    tmp = target.with_name(f".{target.name}.building")
    with zipfile.ZipFile(tmp, "w") as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}",
                                   date_time=(date.year, date.month, date.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so that the permissions below are read
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(target)


# --------------------------------------------------------------------------- checking

def validate(descriptor: Path) -> list[str]:
    """Every error frictionless finds in the package, descriptor and data (an empty list: valid)."""
    from frictionless import Package  # imported here: only a release needs it

    report = Package(str(descriptor)).validate()
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + \
        [error.message for error in report.errors]
