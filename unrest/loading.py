"""Reading the curator's files: YAML with line numbers, and the articles.

Nothing here judges the content; it only reads it and remembers where each
entry came from, so that every later problem can name file, line and entry.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem
from .schema import Schema


class LineDict(dict):
    """A YAML mapping that remembers the line it started on (1-based)."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings and records mapping lines."""


def _construct_mapping(loader, node):
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay the strings the curator wrote; the schema checks their format.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, root: Path) -> tuple[object, list[Problem]]:
    rel = relpath(path, root)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader), []
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(err, "problem", None) or str(err)
        return None, [Problem(rel, line, None, f"malformed YAML: {what}; check indentation and quoting near this line")]
    except UnicodeDecodeError as err:
        return None, [Problem(rel, None, None, f"not UTF-8: {err}")]


def relpath(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


@dataclass
class Article:
    """One sources/<slug>/ folder: the verbatim text and its annotations file."""

    slug: str
    text_file: str          # repository-relative path of article.txt
    annotations_file: str   # repository-relative path of annotations.yaml
    text: str
    sha256: str
    annotations: dict = field(default_factory=dict)


@dataclass
class Corpus:
    """Everything under sources/, as read."""

    root: Path
    shared: dict[str, tuple[str, list]] = field(default_factory=dict)  # file -> (relpath, entries)
    articles: list[Article] = field(default_factory=list)


def load_sources(sources_dir: Path, schema: Schema) -> tuple[Corpus, list[Problem]]:
    """Read sources/; paths in problems are relative to its parent (sources/actors.yaml, …).

    The shared files are those schema.yaml names as a table's `input: {file: …}`.
    """
    sources_dir = Path(sources_dir)
    root = sources_dir.parent
    corpus, problems = Corpus(root=root), []
    for declared in schema.shared_files:
        path = sources_dir / Path(declared).relative_to("sources")
        rel = relpath(path, root)
        if not path.exists():
            problems.append(Problem(rel, None, None, "file missing; create it (an empty list [] is fine)"))
            continue
        data, found = read_yaml(path, root)
        problems += found
        if data is None:
            data = []
        if not isinstance(data, list):
            problems.append(Problem(rel, None, None, "must be a YAML list of entries (each starting with '- id: …')"))
            data = []
        corpus.shared[rel] = (rel, data)
    for folder in sorted(p for p in sources_dir.iterdir() if p.is_dir()):
        text_path, ann_path = folder / "article.txt", folder / "annotations.yaml"
        if not text_path.exists() or not ann_path.exists():
            problems.append(Problem(relpath(folder, root), None, None,
                                    "each source folder needs article.txt and annotations.yaml"))
            continue
        raw = text_path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            problems.append(Problem(relpath(text_path, root), None, None, f"not UTF-8: {err}"))
            continue
        data, found = read_yaml(ann_path, root)
        problems += found
        if data is not None and not isinstance(data, dict):
            problems.append(Problem(relpath(ann_path, root), None, None,
                                    "must be a mapping with the keys source, claims, figures, exclusions"))
            data = None
        corpus.articles.append(Article(
            slug=folder.name,
            text_file=relpath(text_path, root),
            annotations_file=relpath(ann_path, root),
            text=text,
            sha256=hashlib.sha256(raw).hexdigest(),
            annotations=data or {},
        ))
    return corpus, problems
