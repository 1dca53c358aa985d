"""The loader reads what a curator means and refuses the rest of YAML, with the same entries and
line numbers from libyaml and from PyYAML's pure-Python parser."""
from __future__ import annotations

import os
import time

import pytest
from conftest import ROOT

from unrest.loading import LOADERS, entry_depths, load_sources, parse_yaml, read_file


@pytest.fixture(params=sorted(LOADERS))
def loader(request) -> str:
    """Each test that takes `loader` runs with libyaml and with the pure-Python parser."""
    return request.param


def parsed(text: str, loader: str, max_depth: int = 16):
    return parse_yaml(text, "f.yaml", max_depth, loader)


def messages(text: str, loader: str, max_depth: int = 16) -> list[str]:
    data, problems = parsed(text, loader, max_depth)
    assert data is None and problems, "a file with a loader problem is not used"
    return [str(p) for p in problems]


def test_both_parsers_are_there():
    assert {"libyaml", "python"} <= set(LOADERS), "PyYAML without libyaml: the fast path is untested"


def test_the_real_sources_load_the_same_with_either_parser(loader, schema):
    corpus, problems = load_sources(ROOT / "sources", schema, loader)
    reference, _ = load_sources(ROOT / "sources", schema, "python")
    assert problems == []
    assert corpus.shared == reference.shared
    assert [a.annotations for a in corpus.articles] == [a.annotations for a in reference.articles]

    def lines(value):
        if isinstance(value, dict):
            yield value.line
            for v in value.values():
                yield from lines(v)
        elif isinstance(value, list):
            for v in value:
                yield from lines(v)

    ours = [list(lines(a.annotations)) for a in corpus.articles]
    assert ours == [list(lines(a.annotations)) for a in reference.articles] and ours[0][:3] == [1, 2, 18]


def test_mappings_remember_their_line_and_each_keys_line(loader):
    data, _ = parsed("# a comment\n- id: a\n  name: A\n- id: b\n", loader)
    assert [d.line for d in data] == [2, 4]
    assert data[0].key_lines == {"id": 2, "name": 3}


def test_dates_stay_the_strings_the_curator_wrote(loader):
    data, _ = parsed("published: 2022-01-06\nn: 3\nx: 1.5\nok: true\nnone: null\nq: '7'\n", loader)
    assert data == {"published": "2022-01-06", "n": 3, "x": 1.5, "ok": True, "none": None, "q": "7"}


def test_a_duplicate_key_is_an_error_naming_both_lines(loader):
    assert messages("- id: a\n  name: A\n  type: x\n  name: B\n", loader) == [
        "f.yaml:4: key 'name' is given twice in one mapping (lines 2 and 4); "
        "YAML would silently keep only the last value: keep one"]


def test_aliases_and_anchors_are_refused_and_a_billion_laughs_ends_at_once(loader):
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    started = time.process_time()
    (problem,) = messages("\n".join(levels) + "\n", loader)
    assert time.process_time() - started < 5  # a sanity bound: 9^9 expanded values would take minutes
    assert problem.startswith("f.yaml:1: YAML anchor '&a': anchors and aliases (&name, *name) are not allowed")
    (problem,) = messages("a: 1\nb: *a\n", loader)
    assert problem.startswith("f.yaml:2: YAML alias '*a'")


def test_nesting_deeper_than_the_schema_allows_is_a_problem_not_a_recursion_error(loader):
    (problem,) = messages("[" * 200_000 + "]" * 200_000, loader, max_depth=3)
    assert problem.startswith("f.yaml:1: nested 4 levels deep, but entries in this file go at most 3 levels deep")
    (problem,) = messages("- id: a\n  aliases:\n    - [x]\n", loader, max_depth=3)
    assert problem.startswith("f.yaml:3: nested 4 levels deep")


def test_the_depth_limits_come_from_schema_yaml(schema):
    # shared file: list → entry → aliases list; annotations: sections → list → claim → actors list → role mapping
    assert entry_depths(schema) == (3, 5)


@pytest.mark.parametrize("text, expected", [
    ("1: x\n", "f.yaml:1: the key 1 is a number to YAML, not a field name"),
    ("yes: x\n", "f.yaml:1: the key True is a boolean to YAML, not a field name"),
    ("~: x\n", "f.yaml:1: a key is missing before ':'"),
    ("? [a, b]\n: x\n", "f.yaml:1: a list or mapping cannot be a key"),
])
def test_keys_must_be_texts(loader, text, expected):
    (problem,) = messages(text, loader)
    assert problem.startswith(expected)


def test_a_lone_surrogate_escape_is_refused_with_its_line(loader):
    (problem,) = messages('a: ok\nb: "x\\udc80"\n', loader)
    # libyaml refuses the escape itself; the Python parser makes the character, which the loader refuses
    assert problem.startswith("f.yaml:2: ") and "surrogate" in problem


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1.0e+400"])
def test_numbers_must_be_finite(loader, value):
    (problem,) = messages(f"a: 1\nlatitude: {value}\n", loader)
    assert problem.startswith("f.yaml:2: ") and "is not a finite number" in problem


def test_a_number_too_long_to_read_is_a_problem(loader):
    (problem,) = messages("a: " + "9" * 5000 + "\n", loader)
    assert problem.startswith("f.yaml:1: '9999") and "cannot be read as int (5,000 characters long)" in problem


@pytest.mark.parametrize("text", ["a: !!binary aGk=\n", "a: !!python/object:os.system x\n", "a: !custom x\n",
                                  "a: !!set {x}\n"])
def test_tags_other_than_plain_values_are_refused(loader, text):
    (problem,) = messages(text, loader)
    assert problem.startswith("f.yaml:1: YAML tag")


def test_explicit_plain_tags_are_allowed(loader):
    assert parsed("a: !!str 1999\nb: !!int '3'\n", loader) == ({"a": "1999", "b": 3}, [])


def test_a_second_document_is_a_problem(loader):
    (problem,) = messages("- id: a\n---\n- id: b\n", loader)
    assert problem.startswith("f.yaml:2: a second YAML document starts here")


def test_a_control_character_is_reported_with_its_line(loader):
    (problem,) = messages("a: 1\nb: x\x07y\n", loader)
    assert problem.startswith("f.yaml:2: malformed YAML: character '\\x07' (U+0007) is not allowed")


@pytest.mark.parametrize("text, line", [
    ("- id: x\n  statement: [unclosed\n", 3),
    ("a: 1\n b: 2\n", 2),
    ("a: 'x\n", 2),
    ("- a\n- b: c\n d", 3),
    ("a: [1, 2\nb: 3\n", 2),
])
def test_malformed_yaml_is_reported_at_the_same_line_by_either_parser(loader, text, line):
    (problem,) = messages(text, loader)
    assert problem.startswith(f"f.yaml:{line}: malformed YAML: ")
    assert [str(p).split(": ")[0] for p in parsed(text, "python")[1]] == [f"f.yaml:{line}"]


def test_all_loader_problems_of_a_file_are_reported_together(loader):
    found = messages("- id: a\n  id: b\n- 1: x\n- t: \"\\udc80\"\n" if loader == "python" else
                     "- id: a\n  id: b\n- 1: x\n", loader)
    assert [p.split(":")[1] for p in found] == (["2", "3", "4"] if loader == "python" else ["2", "3"])


# --- only regular files inside sources/ ------------------------------------------------

def test_only_regular_files_inside_the_folder_are_read(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "ok.yaml").write_text("[]")
    (tmp_path / "outside.yaml").write_text("[]")
    (sources / "out.yaml").symlink_to(tmp_path / "outside.yaml")
    (sources / "in.yaml").symlink_to(sources / "ok.yaml")
    (sources / "dangling.yaml").symlink_to(sources / "nothing.yaml")
    (sources / "folder.yaml").mkdir()
    os.mkfifo(sources / "fifo.yaml")  # opening it for reading must not wait for a writer

    def outcome(name):
        data, problem = read_file(sources / name, sources, tmp_path)
        return data if problem is None else str(problem)

    assert outcome("ok.yaml") == outcome("in.yaml") == b"[]"
    assert outcome("out.yaml").startswith(f"sources/out.yaml: is a symlink to {tmp_path / 'outside.yaml'}, outside sources/")
    assert outcome("dangling.yaml").startswith("sources/dangling.yaml: is a symlink to ")
    assert outcome("folder.yaml") == "sources/folder.yaml: is a folder, not a regular file; put the file itself here"
    assert outcome("fifo.yaml").startswith("sources/fifo.yaml: is a FIFO (named pipe), not a regular file")
    assert outcome("missing.yaml") == "sources/missing.yaml: file missing"


def test_a_file_larger_than_the_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("unrest.loading.MAX_FILE_BYTES", 1000)
    (tmp_path / "big.yaml").write_bytes(b"#" * 1001)
    _, problem = read_file(tmp_path / "big.yaml", tmp_path, tmp_path.parent)
    assert "is 1,001 bytes, more than the 1,000 a source file may have" in str(problem)
