"""`build.py extract` and `build.py draft` on the command line, as a curator uses them."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import yaml
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "wire_report.txt"
KEYS = ["text", "char_start", "char_end", "value", "low", "high", "qualifier", "measure", "subject", "modality",
        "attributed_to"]


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


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
