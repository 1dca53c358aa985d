"""The dataset table: one row describing the dataset itself, from schema.yaml's dataset block.

Each column takes the dataset block's key of the same name (version, released, title,
license, license_url); `id` is the database's name, and `source_commit` is what the caller
knows: `make release` passes the commit of a clean checkout, every other build None, so
that a development build never depends on the state of the git checkout.
"""
from __future__ import annotations

from .schema import Schema

TABLE = "dataset"


def dataset_rows(schema: Schema, source_commit: str | None = None) -> list[dict]:
    block = schema.dataset
    given = {"id": block["database"], "source_commit": source_commit}
    columns = schema.tables[TABLE].columns
    missing = [name for name in columns if name not in given and name not in block]
    if missing:
        raise ValueError(f"schema.yaml: tables.{TABLE} has column(s) {', '.join(missing)} that the dataset "
                         "block does not give; add them to the dataset block or remove the columns")
    return [{name: given[name] if name in given else block[name] for name in columns}]
