"""The release: a byte-reproducible database that says its version."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT

import build

# --- the database is reproducible and versioned ------------------------------------------

def test_two_builds_from_the_same_inputs_are_byte_identical_wherever_they_are_written(db_path, tmp_path):
    elsewhere = tmp_path / "another" / "folder"
    elsewhere.mkdir(parents=True)
    again = elsewhere / "another-name.db"
    assert build.build(again) == 0
    # Another process, another string-hash seed: no set or dict order may reach the file.
    other = tmp_path / "other-process.db"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(other)], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == db_path.read_bytes()
    assert other.read_bytes() == db_path.read_bytes()


def test_the_dataset_table_gives_the_version_the_date_and_the_licence(db, schema):
    (row,) = db.execute("SELECT * FROM dataset").fetchall()
    assert dict(row) == {
        "id": "kazakhstan-unrest", "version": schema.dataset["version"], "released": schema.dataset["released"],
        "title": schema.dataset["title"], "license": schema.dataset["license"],
        "license_url": schema.dataset["license_url"],
        "source_commit": None,  # a development build never records a commit
    }


def test_metadata_json_gives_the_version(schema):
    metadata = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["version"] == schema.dataset["version"]


def test_a_version_that_is_not_semantic_is_rejected_by_the_schema_checker(tmp_path):
    from unrest.schema import SchemaError, load_schema

    shutil.copytree(ROOT / "sql", tmp_path / "sql")
    raw = yaml.safe_load((ROOT / "schema.yaml").read_text(encoding="utf-8"))
    raw["dataset"]["version"] = "v1"
    (tmp_path / "schema.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path / "schema.yaml")
    assert caught.value.problems == [
        "schema.yaml: dataset.version: 'v1' is not a semantic version MAJOR.MINOR.PATCH, e.g. 1.2.0"]
    raw["dataset"]["version"], raw["dataset"]["released"] = "1.0.0", "2026-02-30"
    (tmp_path / "schema.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_schema(tmp_path / "schema.yaml")
    assert caught.value.problems == ["schema.yaml: dataset.released: '2026-02-30' is not a calendar date (YYYY-MM-DD)"]
