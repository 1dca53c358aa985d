"""Reading the curator's files: YAML with line numbers, and the articles.

Nothing here judges the content against schema.yaml; it reads it, remembers where
each entry came from (so every later problem can name file, line and entry), and
refuses what YAML allows but a curator never means:

- only regular files inside sources/ are read: a symlink out of the tree, a folder, a
  FIFO or a device where a file is expected is a problem (and a FIFO never blocks);
- text is valid UTF-8, without lone surrogates (also none from a "\\udc80" escape);
- a key given twice in one mapping is an error naming both lines (PyYAML would keep
  the last value silently), and keys are texts (not 1, yes, null or a list);
- anchors and aliases (&x, *x) are refused, so no document expands beyond its size;
- nesting deeper than schema.yaml's entries go is refused as soon as it is seen,
  never a RecursionError;
- files are bounded in size (MAX_FILE_BYTES).

A file with any of these problems is reported and not used further (Corpus.unreadable),
so its mistakes are not reported a second time as unknown ids elsewhere.

The YAML is parsed by libyaml (yaml.CSafeLoader) where PyYAML was built with it, else
by PyYAML's pure-Python parser; both give the same entries and the same line numbers.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import workers
from .problems import Problem

if TYPE_CHECKING:
    from .schema import Schema

MAX_FILE_BYTES = 32 * 2**20  # a curator file or article beyond 32 MiB is a mistake, not a source
_SURROGATE = re.compile("[\ud800-\udfff]")
# Explicit tags a curator may write (`!!str 1999` quotes a number); anything else is refused.
_ALLOWED_TAGS = {
    "scalar": {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")},
    "seq": {"tag:yaml.org,2002:seq"},
    "map": {"tag:yaml.org,2002:map"},
}


class LineDict(dict):
    """A YAML mapping that remembers the line it started on (1-based), and each key's line."""

    line: int = 0
    key_lines: dict[str, int] = {}


def _without_timestamps(resolvers: dict) -> dict:
    # Dates stay the strings the curator wrote; the schema checks their format.
    return {key: [(tag, rx) for tag, rx in found if tag != "tag:yaml.org,2002:timestamp"]
            for key, found in resolvers.items()}


class PythonLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser and safe scalar rules, dates kept as strings."""

    yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)


if yaml.__with_libyaml__:
    class CLoader(yaml.CSafeLoader):
        """libyaml's parser with the same scalar rules as PythonLoader."""

        yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)

    LOADERS: dict[str, type] = {"libyaml": CLoader, "python": PythonLoader}
else:  # pragma: no cover - PyYAML built without libyaml
    LOADERS = {"python": PythonLoader}
DEFAULT_LOADER = "libyaml" if "libyaml" in LOADERS else "python"


class _Fatal(Exception):
    """A problem after which the rest of the document cannot be read."""


_NO_KEY = object()   # a mapping waiting for its next key
_BAD_KEY = object()  # the key was reported; its value is dropped
_INVALID = object()  # a scalar that was reported (the file is not used, so the value only needs a place)
_STR = "tag:yaml.org,2002:str"


class _Builder:
    """Python values from a YAML event stream, one event at a time (no recursion).

    Building from events rather than from PyYAML's node graph lets the loader stop at
    the first alias, anchor or too-deep collection before any of it is built.
    """

    def __init__(self, loader, file: str, max_depth: int):
        self.loader, self.file, self.max_depth = loader, file, max_depth
        self.problems: list[Problem] = []
        self.stack: list[list] = []  # [container, pending key, {key: line}]
        self.root: object = None
        self.documents = 0
        self.plain_tags: dict[str, str] = {}  # a plain scalar's words → its resolved tag
        self.text_has_surrogates = False  # set by parse_yaml (a decoded file never has any)

    def problem(self, mark, message: str) -> None:
        self.problems.append(Problem(self.file, mark.line + 1 if mark else None, None, message))

    def read(self, parser) -> None:
        """Every event of the parser. Nine events in ten are a text inside a mapping or list (a key, or a
        value nothing needs to construct or check but a key given twice): they take the short way here."""
        scalar_event, plain_tags, stack = yaml.ScalarEvent, self.plain_tags, self.stack
        # Only a double-quoted escape can make a lone surrogate in a text that had none.
        check_texts = self.text_has_surrogates
        while (ev := parser.get_event()) is not None:
            if type(ev) is scalar_event and ev.anchor is None and ev.tag is None and stack and not check_texts:
                value = ev.value
                if ev.implicit[0]:  # plain: a text unless its words resolve to something else (a number, …)
                    tag = plain_tags.get(value) or plain_tags.setdefault(
                        value, self.loader.resolve(yaml.ScalarNode, value, ev.implicit))
                    is_text = tag == _STR
                else:
                    is_text = ev.style != '"'
                if is_text:
                    frame = stack[-1]
                    if type(frame[0]) is list:
                        frame[0].append(value)
                    elif frame[1] is _NO_KEY:
                        frame[1] = self.key(value, ev.start_mark, True, frame[2])
                    else:
                        if frame[1] is not _BAD_KEY:
                            frame[0][frame[1]] = value
                        frame[1] = _NO_KEY
                    continue
            self.event(ev)

    def event(self, ev) -> None:
        if type(ev) is yaml.ScalarEvent and ev.anchor is None:
            self.attach(self.scalar(ev), ev.start_mark, is_scalar=True)
            return
        if isinstance(ev, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.problem(ev.start_mark, "a second YAML document starts here ('---'); a file holds one "
                                            "document: remove the '---' line (or move its entries up)")
                raise _Fatal
            return
        if isinstance(ev, yaml.AliasEvent):
            self.problem(ev.start_mark, f"YAML alias '*{ev.anchor}': anchors and aliases (&name, *name) are not "
                                        "allowed in curator files; write the value out where it is needed")
            raise _Fatal
        anchor = getattr(ev, "anchor", None)
        if anchor is not None:
            self.problem(ev.start_mark, f"YAML anchor '&{anchor}': anchors and aliases (&name, *name) are not "
                                        "allowed in curator files; write the value out where it is needed")
            raise _Fatal
        if isinstance(ev, yaml.ScalarEvent):
            self.attach(self.scalar(ev), ev.start_mark, is_scalar=True)
        elif isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(self.stack) >= self.max_depth:
                self.problem(ev.start_mark, f"nested {len(self.stack) + 1} levels deep, but entries in this file go "
                                            f"at most {self.max_depth} levels deep (schema.yaml); check the "
                                            "indentation and the brackets near this line")
                raise _Fatal
            self.check_tag(ev, "seq" if isinstance(ev, yaml.SequenceStartEvent) else "map")
            if isinstance(ev, yaml.MappingStartEvent):
                container: list | LineDict = LineDict()
                container.line = ev.start_mark.line + 1
            else:
                container = []
            self.stack.append([container, _NO_KEY, {}, ev.start_mark])
        elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            container, _, key_lines, mark = self.stack.pop()
            if isinstance(container, LineDict):
                container.key_lines = key_lines
            self.attach(container, mark, is_scalar=False)

    def check_tag(self, ev, kind: str) -> bool:
        if ev.tag in (None, "!") or ev.tag in _ALLOWED_TAGS[kind]:
            return True
        tag = ev.tag
        self.problem(ev.start_mark, f"YAML tag {tag!r} is not allowed here; write plain values (quote a text "
                                    "that YAML would read as something else)")
        return False

    def scalar(self, ev):
        if ev.tag is not None and not self.check_tag(ev, "scalar"):
            return _INVALID
        if ev.tag == "!" or ev.tag is None and not ev.implicit[0]:
            tag = "tag:yaml.org,2002:str"  # quoted, or explicitly non-specific
        elif ev.tag is None:  # plain: its words alone say what it is (keys and vocabulary values recur)
            tag = self.plain_tags.get(ev.value) or self.plain_tags.setdefault(
                ev.value, self.loader.resolve(yaml.ScalarNode, ev.value, ev.implicit))
        else:
            tag = ev.tag
        if tag == "tag:yaml.org,2002:str" or tag not in self.loader.yaml_constructors:
            value: object = ev.value  # including '<<' and '=', which PyYAML resolves to tags of their own
        else:
            node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
            try:
                value = self.loader.yaml_constructors[tag](self.loader, node)
            except (ValueError, KeyError, TypeError, OverflowError, yaml.YAMLError) as err:
                kind = tag.rsplit(":", 1)[-1]
                why = f"{len(ev.value):,} characters long" if len(ev.value) > 100 else str(err)[:200]
                self.problem(ev.start_mark, f"{ev.value[:40]!r} cannot be read as {kind} ({why}); "
                                            "quote it if it is a text")
                return _INVALID
        if isinstance(value, str) and _SURROGATE.search(value):
            self.problem(ev.start_mark, f"the text has a lone surrogate {_SURROGATE.search(value)[0]!r}, half of a "
                                        "UTF-16 pair and not a character: write the character itself (or \\U0001F600 "
                                        "style escapes)")
            return _INVALID
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(ev.start_mark, f"{ev.value!r} is not a finite number; write the number itself")
            return _INVALID
        return value

    def attach(self, value, mark, is_scalar: bool) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if value is _INVALID and not (isinstance(container, dict) and frame[1] is _NO_KEY):
            value = None
        if isinstance(container, list):
            container.append(value)
        elif frame[1] is _NO_KEY:
            frame[1] = self.key(value, mark, is_scalar, frame[2])
        else:
            if frame[1] is not _BAD_KEY:
                container[frame[1]] = value
            frame[1] = _NO_KEY

    def key(self, value, mark, is_scalar: bool, lines: dict):
        line = mark.line + 1
        if value is _INVALID:
            return _BAD_KEY
        if not isinstance(value, str):
            if not is_scalar:
                what = "a list or mapping cannot be a key; field names are texts such as id or text"
            elif value is None:
                what = "a key is missing before ':' (or it is written null or ~)"
            else:
                kind = "a boolean" if isinstance(value, bool) else "a number"
                what = (f"the key {value!r} is {kind} to YAML, not a field name; field names are texts such as "
                        "id or text (quote the key if it is meant)")
            self.problem(mark, what)
            return _BAD_KEY
        if value in lines:
            self.problem(mark, f"key '{value}' is given twice in one mapping (lines {lines[value]} and {line}); "
                               "YAML would silently keep only the last value: keep one")
            return _BAD_KEY
        lines[value] = line
        return value


def parse_yaml(text: str, file: str, max_depth: int = 16, loader: str = DEFAULT_LOADER) -> tuple[Any, list[Problem]]:
    """The document in `text` as Python values, or (None, problems); `file` names it in problems."""
    parser = None
    builder = _Builder(None, file, max_depth)
    try:
        parser = builder.loader = LOADERS[loader](text)  # PyYAML's reader checks the characters here already
        builder.text_has_surrogates = _SURROGATE.search(text) is not None
        builder.read(parser)
    except _Fatal:
        pass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = err.problem or err.context or str(err)
        if "Unicode character escape" in what:  # libyaml's word for a \udXXX escape
            what += (" (a \\ud800-\\udfff escape is a lone surrogate, half of a UTF-16 pair and not a character: "
                     "write the character itself)")
        builder.problem(mark, f"malformed YAML: {what}; check indentation and quoting near this line")
    except yaml.reader.ReaderError as err:  # a character YAML does not allow (a control character)
        line = text.count("\n", 0, err.position) + 1
        builder.problems.append(Problem(file, line, None, f"malformed YAML: character {chr(err.character)!r} "
                                                          f"(U+{err.character:04X}) is not allowed in YAML; "
                                                          "remove it or write it as a \\u escape in double quotes"))
    except yaml.YAMLError as err:
        builder.problem(None, f"malformed YAML: {err}")
    finally:
        if parser is not None:
            parser.dispose()
    if builder.problems:
        return None, builder.problems
    return builder.root, []


def relpath(path: Path, root: Path) -> str:
    """How problems name a file: relative to the repository (lexically: a symlink is named, not its target)."""
    return os.path.relpath(os.path.abspath(path), os.path.abspath(root))


def read_file(path: Path, sources_dir: Path, root: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file inside sources_dir, or the problem that stops it being read."""
    def problem(message: str) -> tuple[None, Problem]:
        return None, Problem(relpath(path, root), None, None, message)

    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            return problem(f"is a symlink to {os.readlink(path)}, which does not exist; put the file itself here")
        return problem("file missing")
    except (OSError, RuntimeError) as err:  # a symlink loop, a permission
        return problem(f"cannot be read: {getattr(err, 'strerror', None) or err}")
    if not real.is_relative_to(sources_dir.resolve()):
        return problem(f"is a symlink to {real}, outside {sources_dir.name}/; copy the file into the folder instead "
                       "(the build reads only files inside it)")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: nor follow a symlink put there since.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        return problem(f"cannot be read: {err.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode)
                    else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device or other special file")
            return problem(f"is {kind}, not a regular file; put the file itself here")
        if info.st_size > MAX_FILE_BYTES:
            return problem(f"is {info.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} a source file may have")
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                return problem(f"grew beyond {MAX_FILE_BYTES:,} bytes while being read")
        return b"".join(chunks), None
    except OSError as err:
        return problem(f"cannot be read: {err.strerror}")
    finally:
        os.close(fd)


def decode_utf8(raw: bytes, file: str) -> tuple[str | None, Problem | None]:
    """The text of a file, which must be valid UTF-8 (Python's codec also refuses encoded surrogates)."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, Problem(file, line, None, f"not valid UTF-8: byte 0x{raw[err.start]:02x} at column {column} "
                                               f"({err.reason}); save the file as UTF-8")


def read_yaml(path: Path, sources_dir: Path, root: Path, max_depth: int,
              loader: str = DEFAULT_LOADER) -> tuple[object, list[Problem]]:
    """A curator YAML file, checked as the module docstring says: (data, []) or (None, problems)."""
    rel = relpath(path, root)
    raw, problem = read_file(path, sources_dir, root)
    if problem:
        return None, [problem]
    text, problem = decode_utf8(raw, rel)
    if problem:
        return None, [problem]
    return parse_yaml(text, rel, max_depth, loader)


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
    unreadable: set[str] = field(default_factory=set)  # shared files that could not be read (problems given)


def entry_depths(schema: Schema) -> tuple[int, int]:
    """How deep the collections of a shared file and of an annotations.yaml may nest, from schema.yaml:
    a shared file is a list of entries; an annotations.yaml a mapping of sections (lists of entries,
    or the source entry itself)."""
    from .schema import entry_depth

    shared = 1 + max((entry_depth(t, schema) for t in schema.tables_by_input("file")), default=1)
    sections = [entry_depth(t, schema) + (0 if t.input["section"] == "source" else 1)
                for t in schema.tables_by_input("section")]
    return shared, 1 + max(sections, default=1)


def shared_path(sources_dir: Path, declared: str) -> Path:
    """Where a shared file schema.yaml declares as sources/<name> is, in a sources folder of any name."""
    return sources_dir / Path(declared).relative_to("sources")


def read_shared_file(sources_dir: Path, declared: str, max_depth: int,
                     loader: str = DEFAULT_LOADER) -> tuple[str, list, list[Problem]]:
    """One shared file (sources/actors.yaml, …): (its path for messages, its entries, problems)."""
    path = shared_path(sources_dir, declared)
    rel = relpath(path, sources_dir.parent)
    if not path.exists() and not path.is_symlink():
        return rel, [], [Problem(rel, None, None, "file missing; create it (an empty list [] is fine)")]
    data, found = read_yaml(path, sources_dir, sources_dir.parent, max_depth, loader)
    if data is None and not found:
        found.append(Problem(rel, None, None, "the file is empty; write [] if it has no entries yet"))
    elif data is not None and not isinstance(data, list):
        found.append(Problem(rel, None, None, "must be a YAML list of entries (each starting with '- id: …')"))
    return rel, data if isinstance(data, list) else [], found


def load_sources(sources_dir: Path, schema: Schema, loader: str = DEFAULT_LOADER) -> tuple[Corpus, list[Problem]]:
    """Read sources/; paths in problems are relative to its parent (sources/actors.yaml, …).

    The shared files are those schema.yaml names as a table's `input: {file: …}`.
    """
    sources_dir = Path(sources_dir)
    root = sources_dir.parent
    corpus, problems = Corpus(root=root), []
    if not sources_dir.is_dir():
        return corpus, [Problem(str(sources_dir), None, None, "the sources folder does not exist (or is not a folder)")]
    shared_depth, annotations_depth = entry_depths(schema)
    for declared in schema.shared_files:
        rel, data, found = read_shared_file(sources_dir, declared, shared_depth, loader)
        if found:
            problems += found
            corpus.unreadable.add(declared)
        else:
            corpus.shared[declared] = (rel, data)
    try:
        folders = sorted(p for p in sources_dir.iterdir() if p.is_dir())
    except OSError as err:
        return corpus, problems + [Problem(relpath(sources_dir, root), None, None, f"cannot be read: {err.strerror}")]
    article_folders = []
    for folder in folders:
        if any(folder == shared_path(sources_dir, d) for d in corpus.unreadable):  # a shared file that is a folder
            continue
        if _SURROGATE.search(folder.name):
            problems.append(Problem(f"{sources_dir.name}/{os.fsencode(folder.name)!r}", None, None,
                                    "the folder name is not valid UTF-8; name it after the source's id"))
            continue
        article_folders.append(folder)
    for article, found in workers.map_in_order(_load_article, (sources_dir, root, annotations_depth, loader),
                                               article_folders):
        problems += found
        if article is not None:
            corpus.articles.append(article)
    return corpus, problems


def _load_article(where: tuple[Path, Path, int, str], folder: Path) -> tuple[Article | None, list[Problem]]:
    sources_dir, root, max_depth, loader = where
    return load_article(folder, sources_dir, root, max_depth, loader)


def load_article(folder: Path, sources_dir: Path, root: Path, max_depth: int,
                 loader: str = DEFAULT_LOADER) -> tuple[Article | None, list[Problem]]:
    """One source folder, or None and the problems that stop it being read (of both files)."""
    text_path, ann_path = folder / "article.txt", folder / "annotations.yaml"
    missing = [p.name for p in (text_path, ann_path) if not (p.exists() or p.is_symlink())]
    if missing:
        return None, [Problem(relpath(folder, root), None, None, "each source folder needs article.txt and "
                                                                  f"annotations.yaml; missing: {', '.join(missing)}")]
    problems = []
    raw, problem = read_file(text_path, sources_dir, root)
    text = None
    if problem is None:
        text, problem = decode_utf8(raw, relpath(text_path, root))
    if problem:
        problems.append(problem)
    data, found = read_yaml(ann_path, sources_dir, root, max_depth, loader)
    if data is not None and not isinstance(data, dict):
        found.append(Problem(relpath(ann_path, root), None, None,
                             "must be a mapping with the keys source, claims, figures, exclusions"))
    problems += found
    if problems or text is None or raw is None:
        return None, problems
    return Article(
        slug=folder.name,
        text_file=relpath(text_path, root),
        annotations_file=relpath(ann_path, root),
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        annotations=data or {},
    ), []
