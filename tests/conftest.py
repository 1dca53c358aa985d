"""Shared fixtures: the real database, built once from the real files, and the real Datasette app."""
from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import settings

import build
from unrest import serve
from unrest.schema import load_schema

ROOT = Path(__file__).resolve().parent.parent

# Property tests check what the code does, never how fast: Hypothesis' per-example deadline (200 ms)
# would fail a correct example on a loaded CI machine. Speed is measured by the benchmarks (bench/).
settings.register_profile("dataset", deadline=None)
settings.load_profile("dataset")

DB_NAME = "kazakhstan-unrest"


def database_copy(db_path, tmp_path, *statements: str):
    """A copy of the real database with `statements` run on it."""
    copy = tmp_path / f"{DB_NAME}.db"
    shutil.copy(db_path, copy)
    conn = sqlite3.connect(copy)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return copy


def article_text(slug: str) -> str:
    """The verbatim text of a source, as the dataset holds it."""
    return (ROOT / "sources" / slug / "article.txt").read_text(encoding="utf-8")


def source_lookups(source: str):
    """figure(db, id), claim(db, id), roles(db, claim id) by the curator's local ids in one source."""

    def row(db, table, local_id):
        found = db.execute(f"select * from {table} where id = ?", (f"{source}--{local_id}",)).fetchone()
        assert found is not None, f"{table[:-1]} {local_id} missing"
        return found

    def figure(db, local_id):
        return row(db, "figures", local_id)

    def claim(db, local_id):
        return row(db, "claims", local_id)

    def roles(db, local_id):
        return {(r["actor_id"], r["role"], r["hop"]) for r in db.execute(
            "select actor_id, role, hop from claim_actors where claim_id = ?", (f"{source}--{local_id}",))}

    return figure, claim, roles


@pytest.fixture(scope="session")
def schema():
    return load_schema(ROOT / "schema.yaml")


@pytest.fixture(scope="session")
def db_path(tmp_path_factory) -> Path:
    """The database built from sources/ exactly as `python build.py` builds it."""
    path = tmp_path_factory.mktemp("build") / f"{DB_NAME}.db"
    assert build.build(path) == 0, "the real sources must build without problems"
    return path


@pytest.fixture
def sources_copy(tmp_path, db_path):
    """A copy of sources/ to break, and a previously built database that a failed build must leave alone."""
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", sources)
    out = tmp_path / f"{DB_NAME}.db"
    shutil.copy(db_path, out)
    return sources, out


@pytest.fixture(scope="session")
def db(db_path):
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


class SyncClient:
    """Datasette's own ASGI client (datasette.client), driven from synchronous tests on one event loop."""

    def __init__(self, datasette, loop):
        self.datasette, self.loop = datasette, loop

    def get(self, path: str, **kwargs):
        return self.loop.run_until_complete(self.datasette.client.get(path, **kwargs))


@pytest.fixture(scope="session")
def client(db_path):
    from datasette.app import Datasette

    loop = asyncio.new_event_loop()
    datasette = Datasette(**serve.datasette_kwargs(db_path))
    loop.run_until_complete(datasette.invoke_startup())
    yield SyncClient(datasette, loop)
    loop.close()
