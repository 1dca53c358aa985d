"""Helpers for tests that break a copy of sources/ and build it: the build must refuse with
messages and leave the previous database byte-identical, with no temporary file behind."""
from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from pathlib import Path

import yaml
from conftest import ROOT

import build


def run_build(sources: Path, out: Path) -> tuple[int, str]:
    """The build in-process, as `python build.py --sources S --out O` runs it: (exit status, stderr)."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        status = build.build(out, sources)
    return status, stderr.getvalue()


def make_workspace(tmp_path: Path, db_path: Path) -> tuple[Path, Path]:
    """A copy of sources/ to break, and a previously built database that must survive."""
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    out = tmp_path / "kazakhstan-unrest.db"
    shutil.copy(db_path, out)
    return sources, out


def add_article(sources: Path, slug: str, raw: bytes, **source) -> Path:
    """A new article folder in `sources`: its text and an annotations.yaml with the source entry
    (title, and `source`'s other fields) and no claims, figures or exclusions."""
    folder = sources / slug
    folder.mkdir()
    (folder / "article.txt").write_bytes(raw)
    entry = {"id": slug, "language": "en", "original_file": f"{slug}.txt", **source,
             "sha256": hashlib.sha256(raw).hexdigest()}
    annotations = {"source": entry, "claims": [], "figures": [], "exclusions": []}
    (folder / "annotations.yaml").write_text(yaml.safe_dump(annotations, allow_unicode=True), encoding="utf-8")
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_yaml(path: Path, change) -> None:
    """Load a curator file, let `change` mutate it, write it back (layout is lost, content kept)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def assert_untouched(out: Path, before: bytes) -> None:
    assert out.read_bytes() == before, "the previous database must be left byte-identical"
    assert not list(out.parent.glob(".*.building")), "no temporary file may be left behind"


def assert_rejected(sources: Path, out: Path, *expected: str) -> str:
    """The build exits 1, every expected phrase is in its message, no traceback, the database untouched."""
    before = out.read_bytes()
    status, stderr = run_build(sources, out)
    assert status == 1, stderr
    for words in expected:
        assert words in stderr, f"{words!r} not in:\n{stderr}"
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert_untouched(out, before)
    return stderr
