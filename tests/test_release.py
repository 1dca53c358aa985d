"""The release: a byte-reproducible database, and a versioned package that validates, round-trips and cites."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT
from frictionless import Package

import build
from unrest import diff
from unrest.release import ReleaseError, make_release, markdown_section, source_commit
from unrest.schema import vocabulary_table

CFF_SCHEMA = ROOT / "tests" / "fixtures" / "cff-schema-1.2.0.json"  # the official CFF 1.2.0 JSON Schema
PREVIOUS_ONLY = "forces-fly-in--lpg-users"  # the figure the "previous release" below lacks
SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL"}
PYTHON_TYPES = {"string": str, "integer": int, "number": float}
STORED_AS = {"string": {"text"}, "integer": {"integer"}, "number": {"real", "integer"}}  # SQLite typeof()


@pytest.fixture(scope="module")
def previous(tmp_path_factory, db_path) -> Path:
    """A stand-in for the previous release: version 0.9.0, and one figure fewer."""
    path = tmp_path_factory.mktemp("previous") / "kazakhstan-unrest.db"
    shutil.copy(db_path, path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM figures WHERE id = ?", (PREVIOUS_ONLY,))
    conn.execute("UPDATE dataset SET version = '0.9.0', released = '2026-11-01'")
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="module")
def package(tmp_path_factory, previous) -> Path:
    """`make release PREVIOUS=…` on the real sources, in-process, into a temporary dist/."""
    return make_release(build.build, tmp_path_factory.mktemp("dist"), previous)


def package_db(package: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{package / 'kazakhstan-unrest.db'}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


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


def test_the_source_commit_is_head_of_a_clean_checkout_and_never_guessed(tmp_path):
    def git(*args):
        return subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org",
                               *args], capture_output=True, text=True, check=True).stdout.strip()

    assert source_commit(tmp_path) is None, "outside git there is no commit"
    git("init", "-q")
    (tmp_path / "schema.yaml").write_text("x\n")
    git("add", "schema.yaml")
    git("commit", "-qm", "one")
    assert source_commit(tmp_path) == git("rev-parse", "HEAD")
    (tmp_path / "schema.yaml").write_text("changed\n")
    assert source_commit(tmp_path) is None, "a modified file: the database is not that commit's"
    git("checkout", "-q", "schema.yaml")
    (tmp_path / "new.yaml").write_text("new\n")
    assert source_commit(tmp_path) is None, "an untracked file may be read by the build too"


# --- the package --------------------------------------------------------------------------

def test_the_package_holds_the_database_the_csvs_and_the_documents(package, schema):
    files = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}
    csvs = {f"data/{name}.csv" for name in list(schema.tables) + [vocabulary_table(v) for v in schema.vocabularies]}
    assert files == {"kazakhstan-unrest.db", "datapackage.json", "CITATION.cff", "README.md", "CHANGES.md",
                     "SHA256SUMS"} | csvs
    assert package.name == f"kazakhstan-unrest-{schema.dataset['version']}"
    assert (package.parent / f"{package.name}.zip").is_file()


def test_the_package_database_is_the_build(package, db_path):
    assert (package / "kazakhstan-unrest.db").read_bytes() == db_path.read_bytes()


def test_every_table_of_the_database_has_its_csv(package):
    tables = set(diff.read_tables(package / "kazakhstan-unrest.db"))  # not full-text indexes, not SQLite's own
    assert {p.stem for p in (package / "data").glob("*.csv")} == tables


def test_the_datapackage_validates_with_frictionless(package):
    report = Package(str(package / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(list((package / "data").glob("*.csv")))


def test_frictionless_finds_a_broken_foreign_key_and_a_value_outside_its_vocabulary(package, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(package, broken)
    figures = broken / "data" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    assert ",interior-ministry," in text and ",detained," in text
    figures.write_text(text.replace(",interior-ministry,", ",no-such-actor,", 1).replace(",detained,", ",arrested,", 1),
                       encoding="utf-8")
    report = Package(str(broken / "datapackage.json")).validate()
    assert {e[0] for e in report.flatten(["type"])} == {"foreign-key", "constraint-error"}


def test_the_datapackage_is_generated_from_schema_yaml(package, schema):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == schema.dataset["version"]
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0", "path": schema.dataset["license_url"],
                                       "title": schema.dataset["license"]}]
    assert len(descriptor["sources"]) == 1 + 3, "the dataset's source line, then each article"
    resources = {r["name"]: r for r in descriptor["resources"]}
    figures = resources["figures"]["schema"]
    fields = {f["name"]: f for f in figures["fields"]}
    assert figures["primaryKey"] == ["id"]
    assert (fields["value"]["type"], fields["char_start"]["type"], fields["text"]["type"]) == ("number", "integer",
                                                                                               "string")
    assert fields["measure"]["constraints"] == {"required": True, "enum": list(schema.vocabularies["measure"].values)}
    assert fields["value"]["description"] == schema.tables["figures"].columns["value"].description
    assert {"fields": "attributed_to", "reference": {"resource": "actors", "fields": "id"}} in figures["foreignKeys"]
    assert {"fields": "measure", "reference": {"resource": "vocab_measure", "fields": "value"}} in figures["foreignKeys"]
    actors = resources["actors"]["schema"]
    assert {"fields": "parent_id", "reference": {"resource": "", "fields": "id"}} in actors["foreignKeys"]
    assert resources["claim_actors"]["schema"]["primaryKey"] == ["claim_id", "actor_id", "role"]


def test_every_csv_is_utf8_rfc4180_with_the_database_columns_in_order(package):
    conn = package_db(package)
    for path in sorted((package / "data").glob("*.csv")):
        raw = path.read_bytes().decode("utf-8")
        assert raw.endswith("\r\n") and "\r\n" in raw.split("\n", 1)[0] + "\n", path.name
        header = next(csv.reader(raw.splitlines()))
        assert header == [r[1] for r in conn.execute(f"PRAGMA table_info([{path.stem}])")], path.name
    # Quotes, commas and the articles' line breaks survive: each text is read back exactly.
    with open(package / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        texts = {row["id"]: row["text"] for row in csv.DictReader(f)}
    assert texts == dict(conn.execute("SELECT id, text FROM sources").fetchall())


def test_every_csv_loads_back_into_sqlite_equal_to_its_table(package):
    """Read each CSV with its datapackage field types, as a user's tool would, load it into SQLite,
    and compare with the database's table: the same rows and values, each of the field's type
    (a number field may hold SQLite integers: 18 is written "18" and read back as 18.0, equal)."""
    original = sqlite3.connect(f"file:{package / 'kazakhstan-unrest.db'}?mode=ro", uri=True)
    loaded = sqlite3.connect(":memory:")
    pkg = Package(str(package / "datapackage.json"))
    for resource in pkg.resources:
        fields = resource.schema.fields
        loaded.execute(f"CREATE TABLE [{resource.name}] ("
                       + ", ".join(f"[{f.name}] {SQLITE_TYPES[f.type]}" for f in fields) + ")")
        rows = [[float(v) if f.type == "number" and v is not None else v for f, v in
                 zip(fields, row.to_list(), strict=True)] for row in resource.read_rows()]
        for row in rows:
            for f, v in zip(fields, row, strict=True):
                assert v is None or type(v) is PYTHON_TYPES[f.type], (resource.name, f.name, v)
        loaded.executemany(f"INSERT INTO [{resource.name}] VALUES ({', '.join('?' * len(fields))})", rows)
        key = ", ".join(f"[{k}]" for k in resource.schema.primary_key)
        values = f"SELECT * FROM [{resource.name}] ORDER BY {key}"
        assert loaded.execute(values).fetchall() == original.execute(values).fetchall(), resource.name
        for f in fields:
            types = f"SELECT DISTINCT typeof([{f.name}]) FROM [{resource.name}]"
            assert {t for (t,) in loaded.execute(types)} <= {SQLITE_TYPES[f.type].lower(), "null"}
            assert {t for (t,) in original.execute(types)} <= STORED_AS[f.type] | {"null"}, (resource.name, f.name)
    assert {r.name for r in pkg.resources} == set(diff.read_tables(package / "kazakhstan-unrest.db"))


def test_citation_cff_is_valid_cff_1_2_0_for_this_version(package, schema):
    cff = yaml.safe_load((package / "CITATION.cff").read_text(encoding="utf-8"))
    rules = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(rules, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(cff)
    assert (cff["cff-version"], cff["type"], cff["version"], cff["date-released"], cff["license"]) == (
        "1.2.0", "dataset", schema.dataset["version"], schema.dataset["released"], "CC-BY-4.0")
    assert "commit" not in cff, "no commit is known for a build of a checkout with changes"


def test_the_cff_rules_reject_what_cff_forbids(package):
    rules = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    cff = yaml.safe_load((package / "CITATION.cff").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(cff | {"type": "database"}, rules)


def test_sha256sums_check_every_other_file(package):
    listed = {}
    for line in (package / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, path = line.split("  ", 1)
        listed[path] = digest
    files = {p.relative_to(package).as_posix(): p for p in package.rglob("*") if p.is_file() and p.name != "SHA256SUMS"}
    assert set(listed) == set(files)
    assert all(hashlib.sha256(files[path].read_bytes()).hexdigest() == digest for path, digest in listed.items())
    assert list(listed) == sorted(listed)


def test_the_zip_is_the_folder_with_sorted_entries_and_the_release_date(package, schema):
    with zipfile.ZipFile(package.parent / f"{package.name}.zip") as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert names == sorted(f"{package.name}/{p.relative_to(package).as_posix()}"
                               for p in package.rglob("*") if p.is_file())
        released = dt.date.fromisoformat(schema.dataset["released"])
        assert {i.date_time for i in infos} == {(released.year, released.month, released.day, 0, 0, 0)}
        assert all(zf.read(i) == (package.parent / i.filename).read_bytes() for i in infos)


def test_a_second_release_elsewhere_is_byte_identical(package, previous, tmp_path):
    again = make_release(build.build, tmp_path / "elsewhere" / "dist", previous)
    assert (again.parent / f"{again.name}.zip").read_bytes() == (package.parent / f"{package.name}.zip").read_bytes()


def test_the_package_readme_is_the_readmes_sections(package):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    inside = (package / "README.md").read_text(encoding="utf-8")
    assert inside.startswith("# Kazakhstan unrest, January 2022")
    for title in ("Download", "Cite", "How to read a figure"):
        section = markdown_section(readme, title)
        assert section.startswith(f"## {title}\n") and section in inside
    assert "| `qualifier` |" in inside and "pd.read_csv" in inside


def test_markdown_section_stops_at_the_next_heading_of_its_level_and_ignores_code():
    text = "# A\n\n## B\nb\n```sh\n# not a heading\n```\n### C\nc\n## D\nd\n"
    assert markdown_section(text, "B") == "## B\nb\n```sh\n# not a heading\n```\n### C\nc\n"
    assert markdown_section(text, "C") == "## C\nc\n"
    with pytest.raises(ReleaseError):
        markdown_section(text, "E")


def test_changes_md_is_the_diff_against_the_previous_release(package, schema):
    version, released = schema.dataset["version"], schema.dataset["released"]
    changes = (package / "CHANGES.md").read_text(encoding="utf-8")
    assert changes.startswith(f"# Changes 0.9.0 → {version}\n")
    assert "These changes call for a **minor** version (rows added)." in changes
    figures = changes.split("## figures\n", 1)[1].split("\n## ", 1)[0]
    assert "1 added, 0 removed, 0 changed (by id)." in figures
    assert f"- `{PREVIOUS_ONLY}`" in figures
    assert f'- `kazakhstan-unrest`: version "0.9.0" → "{version}"; released "2026-11-01" → "{released}"' in changes


def test_a_version_not_raised_as_far_as_the_changes_require_is_refused(db_path, tmp_path, schema):
    same_version = tmp_path / "same-version.db"
    shutil.copy(db_path, same_version)
    conn = sqlite3.connect(same_version)
    conn.execute("DELETE FROM figures WHERE id = ?", (PREVIOUS_ONLY,))
    conn.commit()
    conn.close()
    with pytest.raises(ReleaseError, match="call for a minor version"):
        make_release(build.build, tmp_path / "dist", same_version)
    assert not (tmp_path / "dist" / f"kazakhstan-unrest-{schema.dataset['version']}").exists(), "nothing is released"
    assert not list((tmp_path / "dist").iterdir()), "no temporary folder is left behind"


def test_the_csv_writer_refuses_an_empty_string_that_would_read_back_as_null():
    from unrest.release import csv_value

    assert (csv_value(None, "x"), csv_value(18.0, "x"), csv_value(18, "x"), csv_value("a", "x")) == ("", "18.0", "18", "a")
    with pytest.raises(ReleaseError, match="cannot tell from NULL"):
        csv_value("", "figures.note of row 'x'")

