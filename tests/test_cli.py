"""`build.py extract` and `build.py draft` on the command line, as a curator uses them."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT

from unrest.cli import main

FIXTURE = ROOT / "tests" / "fixtures" / "wire_report.txt"
KEYS = ["text", "char_start", "char_end", "value", "low", "high", "qualifier", "measure", "subject", "modality",
        "attributed_to"]


def run(*args, cwd=ROOT, timeout=120):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


def test_extract_prints_one_json_object_per_number_with_offsets_into_the_file():
    result = run("extract", FIXTURE)
    assert result.returncode == 0, result.stderr
    text = FIXTURE.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    for row in rows:
        assert list(row) == KEYS
        assert text[row["char_start"]:row["char_end"]] == row["text"]
    by_text = {r["text"]: r for r in rows}
    assert (by_text["At least 164"]["low"], by_text["At least 164"]["qualifier"], by_text["At least 164"]["measure"]) \
        == (164, "at_least", "killed")
    assert (by_text["5,800"]["value"], by_text["5,800"]["measure"]) == (5800, "detained")
    assert by_text["more than 1,300"]["measure"] == "injured"
    assert "24" not in by_text, "'Khabar 24' is a name, not a figure"


def test_draft_writes_annotations_that_build_as_draft_rows(tmp_path, db_path):
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    folder = sources / "wire-report"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "article.txt")

    drafted = run("draft", folder / "article.txt", "--sources", sources)
    assert drafted.returncode == 0, drafted.stderr
    annotations = yaml.safe_load((folder / "annotations.yaml").read_text(encoding="utf-8"))
    assert annotations["source"]["title"] == "Kazakhstan says 164 killed in week of unrest"
    assert all(e["review_status"] == "draft" for e in annotations["claims"] + annotations["figures"])

    out = tmp_path / "with-draft.db"
    built = run("--sources", sources, "--out", out)
    assert built.returncode == 0, built.stderr
    conn = sqlite3.connect(out)
    statuses = dict(conn.execute(
        "SELECT review_status, count(*) FROM figures WHERE source_id = 'wire-report' GROUP BY review_status"))
    assert set(statuses) == {"draft"} and statuses["draft"] >= 5
    (killed,) = conn.execute("SELECT low FROM figures WHERE source_id = 'wire-report' AND measure = 'killed'").fetchone()
    assert killed == 164
    curated = conn.execute("SELECT count(*) FROM figures WHERE review_status = 'curated'").fetchone()[0]
    assert curated == sqlite3.connect(db_path).execute("SELECT count(*) FROM figures").fetchone()[0]


def test_draft_refuses_to_overwrite_reviewed_annotations():
    result = run("draft", ROOT / "sources" / "forces-fly-in" / "article.txt")
    assert result.returncode == 1
    assert "exists; pass --force" in result.stderr


# --------------------------------------------------------------------------- hostile input: one line, exit 2

def bad_inputs(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("café: 18 died".encode("latin-1"))
    (tmp_path / "surrogate.txt").write_bytes(b"18 died \xed\xa0\x80 in Almaty")  # a lone surrogate, UTF-8-encoded
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere")
    return {
        "missing.txt": "no such file",
        "dangling.txt": "no such file",
        "folder": "is a directory",
        "fifo": "is not a regular file",
        "latin1.txt": "not UTF-8 text",
        "surrogate.txt": "not UTF-8 text",
    }


def run_in_process(capsys, *args) -> tuple[int, str, str]:
    """build.py's command line, called in this process (the same parser and commands, without a new Python)."""
    import build

    status = main([str(a) for a in args], build.build)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("command", ["extract", "draft"])
def test_a_bad_path_or_encoding_gives_a_one_line_error_and_exit_2(tmp_path, capsys, command):
    for name, message in bad_inputs(tmp_path).items():
        status, out, err = run_in_process(capsys, command, tmp_path / name)
        assert status == 2, (name, err)
        assert err.count("\n") == 1 and message in err and name in err and out == "", err


def article_beside_sources(tmp_path, text="Police said 18 people died and 5 were held.\n"):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(ROOT / "sources" / "actors.yaml", sources / "actors.yaml")  # all that draft reads of sources/
    folder = sources / "new-article"
    folder.mkdir()
    (folder / "article.txt").write_text(text, encoding="utf-8")
    return sources, folder


@pytest.mark.parametrize("dangling", [True, False])
def test_draft_refuses_to_write_through_a_symlinked_annotations_file(tmp_path, capsys, dangling):
    sources, folder = article_beside_sources(tmp_path)
    outside = tmp_path / "outside.yaml"
    if not dangling:
        outside.write_text("keep me\n", encoding="utf-8")
    (folder / "annotations.yaml").symlink_to(outside)
    status, _, err = run_in_process(capsys, "draft", folder / "article.txt", "--sources", sources, "--force")
    assert status == 2 and "symbolic link" in err, err
    assert not outside.exists() if dangling else outside.read_text(encoding="utf-8") == "keep me\n"


def test_draft_reads_only_the_actors_file_of_sources(tmp_path, capsys):
    sources, folder = article_beside_sources(tmp_path, "Kazakhstan’s Interior Ministry said 18 people died.\n")
    (sources / "broken").mkdir()  # an unreadable article folder elsewhere in sources/ does not matter to draft
    (sources / "broken" / "annotations.yaml").write_text("figures: [\n", encoding="utf-8")
    status, _, err = run_in_process(capsys, "draft", folder / "article.txt", "--sources", sources)
    assert status == 0, err
    annotations = yaml.safe_load((folder / "annotations.yaml").read_text(encoding="utf-8"))
    assert annotations["claims"][0]["claimant_id"] == "interior-ministry"


def test_draft_survives_letters_whose_case_folding_changes_length(tmp_path, capsys):
    sources, folder = article_beside_sources(
        tmp_path, "Presıdent Tokayev said 18 people died. İstanbul police said 5 were held. STRASSE ß 3.\n")
    status, _, err = run_in_process(capsys, "draft", folder / "article.txt", "--sources", sources)
    assert status == 0, err
    figures = yaml.safe_load((folder / "annotations.yaml").read_text(encoding="utf-8"))["figures"]
    assert [(f["text"], f["measure"]) for f in figures] == [("18", "killed"), ("5", "detained"), ("3", "count")]
