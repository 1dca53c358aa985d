"""Any input ends in a clean message or a valid build: one bad-input test per class of mistake
(what YAML allows but a curator never means, values out of range, broken structure, files that
are not files, text that once crashed the build), each with the previous database byte-identical."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from building import add_article, assert_rejected, assert_untouched, edit, edit_yaml, make_workspace, run_build
from conftest import ROOT

from unrest import normalize

ANN = "forces-fly-in/annotations.yaml"


@pytest.fixture
def workspace(tmp_path, db_path):
    return make_workspace(tmp_path, db_path)


# --- what YAML allows but a curator never means ----------------------------------------

def test_a_duplicate_key_names_both_lines(workspace):
    sources, out = workspace
    edit(sources / "places.yaml", "  name: Kazakhstan\n", "  name: Kazakhstan\n  name: Qazaqstan\n")
    assert_rejected(sources, out, "sources/places.yaml:9: key 'name' is given twice in one mapping (lines 8 and 9)")


def test_a_billion_laughs_ends_in_one_quick_message(workspace):
    sources, out = workspace
    levels = ["- &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"- &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    (sources / "quantities.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    stderr = assert_rejected(sources, out, "sources/quantities.yaml:1: YAML anchor '&a': anchors and aliases")
    assert "build failed: 1 problem(s)" in stderr, "the unreadable file's ids are not reported again as unknown"


def test_deep_nesting_is_a_problem_not_a_recursion_error(workspace):
    sources, out = workspace
    (sources / "propositions.yaml").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert_rejected(sources, out, "sources/propositions.yaml:1: nested 4 levels deep, but entries in this file go "
                                  "at most 3 levels deep")


def test_a_lone_surrogate_escape_in_a_yaml_string_is_refused(workspace):
    sources, out = workspace
    with open(sources / ANN, "a", encoding="utf-8") as f:
        f.write('  - text: "Almaty\\udc80"\n    reason: test\n')
    assert_rejected(sources, out, f"sources/{ANN}:", "lone surrogate")


def test_keys_that_are_not_texts_are_refused(workspace):
    sources, out = workspace
    with open(sources / "quantities.yaml", "a", encoding="utf-8") as f:
        f.write("- id: x\n  1: one\n  on: true\n")
    assert_rejected(sources, out, "the key 1 is a number to YAML", "the key True is a boolean to YAML")


def test_an_annotations_file_with_non_string_section_names_is_refused(workspace):
    sources, out = workspace
    with open(sources / ANN, "a", encoding="utf-8") as f:
        f.write("2022: [x]\n")
    assert_rejected(sources, out, "the key 2022 is a number to YAML")


# --- only regular UTF-8 files inside sources/ -----------------------------------------

def test_a_symlink_out_of_the_tree_is_refused(workspace, tmp_path):
    sources, out = workspace
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((sources / "actors.yaml").read_bytes())
    (sources / "actors.yaml").unlink()
    (sources / "actors.yaml").symlink_to(outside)
    stderr = assert_rejected(sources, out, f"sources/actors.yaml: is a symlink to {outside}, outside sources/")
    assert "build failed: 1 problem(s)" in stderr


def test_a_symlink_inside_the_tree_is_read(workspace):
    sources, out = workspace
    (sources / "quantities.yaml").rename(sources / "forces-fly-in" / "quantities.yaml")
    (sources / "quantities.yaml").symlink_to(sources / "forces-fly-in" / "quantities.yaml")
    status, stderr = run_build(sources, out)
    assert status == 0, stderr


def test_a_folder_where_a_file_is_expected_is_refused(workspace):
    sources, out = workspace
    (sources / "forces-fly-in" / "article.txt").unlink()
    (sources / "forces-fly-in" / "article.txt").mkdir()
    (sources / "propositions.yaml").unlink()
    (sources / "propositions.yaml").mkdir()
    stderr = assert_rejected(sources, out, "sources/forces-fly-in/article.txt: is a folder, not a regular file",
                             "sources/propositions.yaml: is a folder, not a regular file")
    assert "build failed: 2 problem(s)" in stderr


def test_a_fifo_where_a_file_is_expected_never_blocks_the_build(workspace):
    """In a child process (the point: a blocked open would hang it; the timeout is a sanity bound)."""
    sources, out = workspace
    before = out.read_bytes()
    (sources / ANN).unlink()
    os.mkfifo(sources / ANN)
    command = [sys.executable, str(ROOT / "build.py"), "--sources", str(sources), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"sources/{ANN}: is a FIFO (named pipe), not a regular file" in done.stderr
    assert_untouched(out, before)


def test_an_article_that_is_not_utf8_is_refused_with_its_line(workspace):
    sources, out = workspace
    article = sources / "forces-fly-in" / "article.txt"
    article.write_bytes(article.read_bytes().replace(b"Almaty", b"Alm\xedty", 1))
    assert_rejected(sources, out, "sources/forces-fly-in/article.txt:", "not valid UTF-8: byte 0xed")


def test_an_encoded_surrogate_in_a_yaml_file_is_refused(workspace):
    sources, out = workspace
    path = sources / "actors.yaml"
    path.write_bytes(path.read_bytes() + b"# \xed\xb2\x80\n")
    assert_rejected(sources, out, "sources/actors.yaml:", "not valid UTF-8: byte 0xed")


def test_an_empty_shared_file_is_a_problem(workspace):
    sources, out = workspace
    (sources / "quantities.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert_rejected(sources, out, "sources/quantities.yaml: the file is empty; write [] if it has no entries yet")


# --- ranges and structure from schema.yaml ----------------------------------------------

@pytest.mark.parametrize("old, new, expected", [
    ("latitude: 48.0", "latitude: 123", "latitude 123 is out of range: it must be from -90 to 90"),
    ("longitude: 68.0", "longitude: -180.5", "longitude -180.5 is out of range: it must be from -180 to 180"),
    ("latitude: 48.0", "latitude: -9223372036854775809",
     "latitude -9223372036854775809 is out of range: it must be from -90 to 90"),
    ("geonames_id: 1522867", "geonames_id: 99999999999999999999", "geonames_id 99999999999999999999 is out of range"),
    ("geonames_id: 1522867", "geonames_id: 1522867.0", "geonames_id must be a whole number; got 1522867.0"),
])
def test_numbers_outside_their_range_are_refused(workspace, old, new, expected):
    sources, out = workspace
    edit(sources / "places.yaml", old, new)
    assert_rejected(sources, out, "sources/places.yaml:7: places[0] 'kazakhstan': " + expected)


@pytest.mark.parametrize("given, missing", [("latitude", "longitude"), ("longitude", "latitude")])
def test_a_latitude_without_a_longitude_is_refused(workspace, given, missing):
    sources, out = workspace
    edit(sources / "places.yaml", {"latitude": "  longitude: 68.0\n", "longitude": "  latitude: 48.0\n"}[given], "")
    assert_rejected(sources, out, f"places[0] 'kazakhstan': {given} is given without {missing}")


def test_a_figure_value_beyond_any_plausible_number_is_refused(workspace):
    sources, out = workspace
    edit_yaml(sources / ANN, lambda d: d["figures"][0].update(value=10**30))
    assert_rejected(sources, out, "figures[0]", f"value {10**30} is out of range")


@pytest.mark.parametrize("occurrence, shown", [("1.0", "1.0"), ("true", "True"), ("0", "0"), ("-2", "-2"),
                                               ("99999999999999999999999", "99999999999999999999999")])
def test_an_occurrence_must_be_a_whole_number_from_1(workspace, occurrence, shown):
    sources, out = workspace
    edit(sources / ANN, "    claim_type: event_report\n", f"    claim_type: event_report\n    occurrence: {occurrence}\n")
    assert_rejected(sources, out, "claims[0] 'headline-forces-fly-in': occurrence must be a whole number from 1 "
                                  f"(the first occurrence); got {shown}")


def test_a_value_once_valid_is_judged_again_by_its_type(schema):
    # The entry check remembers its answers per value; 1 == 1.0 == True in Python, but only 1 is an occurrence.
    from unrest.problems import Origin
    from unrest.validate import check_entry

    claim = {"id": "c", "text": "t", "claimant_id": "a", "claim_type": "event_report", "mode": "direct"}
    table, origin = schema.tables["claims"], Origin("f", 1, "claims[0]")
    assert [p.message for p in check_entry(claim | {"occurrence": 1}, table, schema, origin)] == []
    for bad in (1.0, True):
        assert [p.message for p in check_entry(claim | {"occurrence": bad}, table, schema, origin)] == [
            f"occurrence must be a whole number from 1 (the first occurrence); got {bad!r}"]


def test_a_hop_must_be_a_whole_number(workspace):
    sources, out = workspace
    edit(sources / ANN, "{actor_id: csto-force, role: subject}", "{actor_id: csto-force, role: via, hop: 1.5}")
    assert_rejected(sources, out, "claims[0] 'headline-forces-fly-in': actors must be a list of")


def test_a_place_inside_itself_is_refused(workspace):
    sources, out = workspace
    edit(sources / "places.yaml", "  country: KZ\n", "  country: KZ\n  parent_id: kazakhstan\n")
    assert_rejected(sources, out, "places[0] 'kazakhstan': parent_id makes a cycle: kazakhstan → kazakhstan")


def test_actors_whose_parents_lead_back_to_themselves_are_refused_once(workspace):
    sources, out = workspace
    # interior-ministry → government-of-kazakhstan → kazakhstan already; close the circle
    edit(sources / "actors.yaml", "- id: kazakhstan\n", "- id: kazakhstan\n  parent_id: interior-ministry\n")
    stderr = assert_rejected(sources, out, "sources/actors.yaml:32: actors[2] 'kazakhstan': parent_id makes a cycle: "
                                           "kazakhstan → interior-ministry → government-of-kazakhstan → kazakhstan; "
                                           "a row cannot be its own parent")
    assert stderr.count("makes a cycle") == 1, "one cycle, one problem (not one per member or descendant)"


def test_a_section_left_empty_is_refused(workspace):
    sources, out = workspace
    text = (sources / ANN).read_text(encoding="utf-8")
    kept = text[:text.index("\nexclusions:")]
    (sources / ANN).write_text(kept + "\nexclusions:\n", encoding="utf-8")
    line = kept.count("\n") + 2  # the line 'exclusions:' now stands on
    assert_rejected(sources, out, f"sources/{ANN}:{line}: section 'exclusions' is empty; list its entries, "
                                  "or write 'exclusions: []' if the article has none")


@pytest.mark.parametrize("ident", ["5", "null", "{a: 1}", "[x]", "true"])
def test_an_id_that_is_not_a_text_is_reported_not_crashed(workspace, ident):
    sources, out = workspace
    edit(sources / "actors.yaml", "- id: kassym-jomart-tokayev\n", f"- id: {ident}\n")
    edit(sources / "places.yaml", "- id: kazakhstan\n", f"- id: {ident}\n")
    assert_rejected(sources, out, "sources/actors.yaml:7: actors[0]: id must be a text",
                    "sources/places.yaml:7: places[0]: id must be a text")


def test_an_entry_missing_its_id_while_others_refer_to_it_is_reported(workspace):
    sources, out = workspace
    edit(sources / "actors.yaml", "- id: kassym-jomart-tokayev\n  name", "- name")
    assert_rejected(sources, out, "sources/actors.yaml:7: actors[0]: missing required field 'id'",
                    "claimant_id 'kassym-jomart-tokayev' is not a known actors id")


# --- no exception escapes the build -----------------------------------------------------

def test_an_unexpected_exception_is_one_line_naming_where_the_build_was_reading(workspace, monkeypatch):
    sources, out = workspace

    def broken(ctx, art, entry, origin, start, end):
        raise ZeroDivisionError("a bug")
    monkeypatch.setitem(normalize.SECTION_ROWS, "figures", broken)
    before = out.read_bytes()
    status, stderr = run_build(sources, out)
    assert status == 1
    problem_lines = stderr.splitlines()[2:]
    text = (sources / ANN).read_text(encoding="utf-8")
    line = text[:text.index("- id: csto-force-headline")].count("\n") + 1  # the first figure's entry
    assert problem_lines == [f"  internal error while reading sources/{ANN}:{line} (figures[0] 'csto-force-headline') "
                             "(please report): ZeroDivisionError: a bug"]
    assert_untouched(out, before)


@pytest.mark.parametrize("error, expected", [
    (sqlite3.OperationalError("disk I/O error"), "cannot write: disk I/O error"),
    (sqlite3.IntegrityError("NOT NULL constraint failed: figures.measure"),
     "internal error while reading sources/ (please report): IntegrityError: NOT NULL constraint failed"),
])
def test_a_failure_while_writing_leaves_the_previous_database_and_no_temporary_file(workspace, monkeypatch,
                                                                                     error, expected):
    sources, out = workspace

    def broken_index(self, *args, **kwargs):  # after every table's rows are written
        raise error
    monkeypatch.setattr("sqlite_utils.db.Table.create_index", broken_index)
    before = out.read_bytes()
    status, stderr = run_build(sources, out)
    assert status == 1 and expected in stderr, stderr
    assert_untouched(out, before)


def test_a_database_path_in_a_missing_folder_is_a_problem(tmp_path):
    status, stderr = run_build(ROOT / "sources", tmp_path / "no-such-folder" / "x.db")
    assert status == 1 and "cannot write: unable to open database file" in stderr, stderr


# --- text that once crashed the build ---------------------------------------------------

def test_dotless_and_dotted_i_in_an_article_build(workspace):
    """casefold("İ") is two characters and "ı" matches "i" in a case-insensitive regex: the
    alias resolver once crashed with KeyError on both."""
    sources, out = workspace
    raw = "Presıdent Tokayev met the PRESİDENT in İstanbul; the presıdent spoke.".encode()
    add_article(sources, "dotless-i", raw, title="Dotless i")
    status, stderr = run_build(sources, out)
    assert status == 0, stderr
    found = sqlite3.connect(out).execute(
        "SELECT text, actor_id FROM mentions WHERE source_id = 'dotless-i' ORDER BY char_start").fetchall()
    assert ("Presıdent Tokayev", "kassym-jomart-tokayev") in found
    assert ("the PRESİDENT", "kassym-jomart-tokayev") in found and ("the presıdent", "kassym-jomart-tokayev") in found
