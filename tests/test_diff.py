"""`build.py diff OLD.db NEW.db`: what a new version adds, removes and changes, by stable id."""
from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT

import build
from unrest import cli
from unrest.diff import (
    TableChanges,
    bump_is_enough,
    compare_rows,
    diff_databases,
    render,
    required_bump,
    show,
)
from unrest.precompute import computed_names
from unrest.schema import load_schema

ANNOTATIONS = "forces-fly-in/annotations.yaml"


def quietly(function, *args):
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
        status = function(*args)
    return status, out.getvalue()


def variant(tmp_path_factory, name: str, change) -> Path:
    """The real sources/ copied, changed by `change(sources)`, and built."""
    folder = tmp_path_factory.mktemp(name)
    sources = folder / "sources"
    shutil.copytree(ROOT / "sources", sources)
    change(sources)
    out = folder / "kazakhstan-unrest.db"
    status, _ = quietly(build.build, out, sources)
    assert status == 0, f"the {name} variant must build"
    return out


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"test setup: {old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_article(sources: Path) -> None:
    """A fourth article, drafted by `build.py draft` as a curator would start it."""
    folder = sources / "wire-report"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "wire_report.txt", folder / "article.txt")
    status, _ = quietly(cli.main, ["draft", str(folder / "article.txt"), "--sources", str(sources)], build.build)
    assert status == 0


def correct_figure(sources: Path) -> None:
    """'Some 18' security-force deaths: the place is the country, not Almaty (a curator's correction)."""
    replace_once(sources / ANNOTATIONS, "    attributed_to: officials\n    place_id: almaty\n    quantity_id: security-force-deaths",
                 "    attributed_to: officials\n    place_id: kazakhstan\n    quantity_id: security-force-deaths")


def remove_claim(sources: Path) -> None:
    path = sources / ANNOTATIONS
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: spokesman-watching-seizure\n")
    end = text.index("  - id: call-to-refrain-from-violence\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    return variant(tmp_path_factory, "added-article", add_article)


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    return variant(tmp_path_factory, "corrected-figure", correct_figure)


@pytest.fixture(scope="module")
def removed(tmp_path_factory):
    return variant(tmp_path_factory, "removed-claim", remove_claim)


def data_diff(old: Path, new: Path) -> list[TableChanges]:
    """The diff a release reports: without the tables the build computes from the others."""
    return diff_databases(old, new, computed_names(load_schema(ROOT / "schema.yaml")))


def changed_tables(changes: list[TableChanges]) -> dict[str, TableChanges]:
    return {c.table: c for c in changes if not c.empty}


# --- the three cases, on real builds ---------------------------------------------------------

def test_an_added_article_adds_its_source_figures_and_mentions_and_changes_nothing_else(db_path, added):
    changes = changed_tables(data_diff(db_path, added))
    assert changes["sources"].added == [("wire-report",)]
    assert {"sources", "figures", "mentions"} <= set(changes)
    for table, c in changes.items():
        assert c.removed == [] and c.changed == [], table
        assert all(key[0].startswith("wire-report") for key in c.added), table
    assert required_bump(list(changes.values())) == "minor"


def test_a_corrected_figure_is_one_changed_row_with_its_old_and_new_value(db_path, corrected):
    changes = changed_tables(data_diff(db_path, corrected))
    assert list(changes) == ["figures"]
    figures = changes["figures"]
    assert (figures.added, figures.removed) == ([], [])
    assert figures.changed == [(("forces-fly-in--security-force-deaths",), [("place_id", "almaty", "kazakhstan")])]
    # The computed tables change with it in the file (the figure's place by name), and are left out.
    assert {"figures_in_order", "facet_counts"} <= set(changed_tables(diff_databases(db_path, corrected)))
    assert required_bump(list(changes.values())) == "patch"
    assert '- `forces-fly-in--security-force-deaths`: place_id "almaty" → "kazakhstan"' in render(data_diff(db_path, corrected))


def test_a_removed_claim_takes_its_actor_rows_with_it_by_their_composite_keys(db_path, removed):
    changes = changed_tables(data_diff(db_path, removed))
    assert set(changes) == {"claims", "claim_actors"}
    assert changes["claims"].removed == [("forces-fly-in--spokesman-watching-seizure",)]
    assert changes["claim_actors"].key == ["claim_id", "actor_id", "role"]
    assert changes["claim_actors"].removed == [
        ("forces-fly-in--spokesman-watching-seizure", "kazakh-institutions", "subject"),
        ("forces-fly-in--spokesman-watching-seizure", "state-department-spokesman", "claimant"),
    ]
    text = render(data_diff(db_path, removed))
    assert ("- claim_id `forces-fly-in--spokesman-watching-seizure`, actor_id `state-department-spokesman`, "
            "role `claimant`") in text
    assert required_bump(list(changes.values())) == "patch"


def test_the_same_database_has_no_changes(db_path):
    changes = diff_databases(db_path, db_path)
    assert all(c.empty for c in changes) and required_bump(changes) is None
    assert "No table, column or row was added, removed or changed." in render(changes, "1.0.0", "1.0.0")


def test_the_diff_command_prints_the_markdown_report(db_path, corrected, capsys, schema):
    assert cli.main(["diff", str(db_path), str(corrected)], build.build) == 0
    out = capsys.readouterr().out
    version = schema.dataset["version"]
    assert out.startswith(f"# Changes {version} → {version}\n\nThese changes call for a **patch** version")
    assert "## figures\n\n0 added, 0 removed, 1 changed (by id)." in out
    assert "Unchanged: " in out and "## claims" not in out


def test_the_diff_command_names_a_missing_file(db_path, tmp_path, capsys):
    assert cli.main(["diff", str(db_path), str(tmp_path / "nope.db")], build.build) == 1
    assert "nope.db: no such database file" in capsys.readouterr().err


# --- the pure parts ------------------------------------------------------------------------------

def test_rows_are_matched_by_key_and_compared_with_their_sqlite_type():
    old = {("a",): {"id": "a", "value": 18.0}, ("b",): {"id": "b", "value": 2.0}}
    new = {("a",): {"id": "a", "value": 18}, ("c",): {"id": "c", "value": 1.0}}
    added, removed, changed = compare_rows(old, new, ["id", "value"])
    assert (added, removed) == ([("c",)], [("b",)])
    assert changed == [(("a",), [("value", 18.0, 18)])], "REAL 18.0 → INTEGER 18 is a change of the file"


def test_the_dataset_row_follows_a_version_and_calls_for_none(db_path, tmp_path):
    stamped = tmp_path / "stamped.db"
    shutil.copy(db_path, stamped)
    conn = sqlite3.connect(stamped)
    conn.execute("UPDATE dataset SET source_commit = ?", ("0" * 40,))
    conn.commit()
    conn.close()
    changes = diff_databases(db_path, stamped)
    assert [c.table for c in changes if not c.empty] == ["dataset"] and required_bump(changes) is None
    assert "Only the dataset table, which describes the release itself, changed" in render(changes)


def test_a_column_added_or_a_table_removed_calls_for_a_major_version():
    assert required_bump([TableChanges("figures", ["id"], columns_added=["confidence"])]) == "major"
    assert required_bump([TableChanges("old", ["id"], only_in="old")]) == "major"
    assert required_bump([TableChanges("figures", ["id"], added=[("x",)], removed=[("y",)])]) == "minor"


def test_a_version_must_rise_at_least_as_far_as_the_changes_require():
    assert bump_is_enough("1.0.0", "1.0.1", "patch") and bump_is_enough("1.0.0", "1.1.0", "patch")
    assert not bump_is_enough("1.0.0", "1.0.1", "minor") and bump_is_enough("1.0.9", "1.1.0", "minor")
    assert not bump_is_enough("1.4.2", "1.9.0", "major") and bump_is_enough("1.4.2", "2.0.0", "major")
    assert bump_is_enough("1.0.0", "1.0.0", None) and not bump_is_enough("1.2.0", "1.1.0", None)


def test_long_values_are_cut_and_nulls_are_named():
    assert show(None) == "NULL" and show(18.0) == "18.0" and show("a \"b\"") == '"a \\"b\\""'
    cut = show("x" * 500)
    assert cut.endswith('…" (500 characters)') and len(cut) < 200
