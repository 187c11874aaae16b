"""Generated columns reflect their storage: 's' STORED, 'v' VIRTUAL (PostgreSQL 18+, and the default
there when `GENERATED ALWAYS AS (expr)` names none)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from catalog_testing import ReflectSql, table

from drift.model import Column, Snapshot


def _columns(snapshot: Snapshot) -> dict[str, Column]:
    return {c.name: c for c in table(snapshot.catalog, "t", "public").columns}


def test_stored_generated_column(reflect_sql: ReflectSql) -> None:
    cols = _columns(reflect_sql("CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2) STORED)"))
    assert cols["b"].generated == "(a * 2)"
    assert cols["b"].generated_storage == "stored"
    assert cols["b"].default is None
    assert cols["a"].generated is None and cols["a"].generated_storage is None
    # what construct() built is what validation builds
    assert Column.model_validate(cols["b"].model_dump()) == cols["b"]


def test_virtual_generated_columns(reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any]) -> None:
    if pg_conn.info.server_version < 180000:
        pytest.skip("VIRTUAL generated columns are new in PostgreSQL 18")
    cols = _columns(
        reflect_sql(
            "CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2) VIRTUAL, "
            "c integer GENERATED ALWAYS AS (a * 3), d integer GENERATED ALWAYS AS (a * 4) STORED)"
        )
    )
    assert (cols["b"].generated, cols["b"].generated_storage) == ("(a * 2)", "virtual")
    assert (cols["c"].generated, cols["c"].generated_storage) == ("(a * 3)", "virtual")
    assert (cols["d"].generated, cols["d"].generated_storage) == ("(a * 4)", "stored")
    assert cols["b"].default is None
    assert Column.model_validate(cols["c"].model_dump()) == cols["c"]


def test_snapshot_without_storage_still_loads(reflect_sql: ReflectSql) -> None:
    """A snapshot written before drift recorded the storage (no key) loads; the differ reads it as stored."""
    snapshot = reflect_sql("CREATE TABLE t (a integer, b integer GENERATED ALWAYS AS (a * 2) STORED)")
    data = snapshot.model_dump(mode="json")
    for schema in data["catalog"]["schemas"]:
        for tbl in schema["tables"]:
            for col in tbl["columns"]:
                del col["generated_storage"]
    old = Snapshot.model_validate(data)
    b = _columns(old)["b"]
    assert b.generated == "(a * 2)" and b.generated_storage is None
    from drift.diff import diff_catalogs

    assert diff_catalogs(snapshot.catalog, old.catalog, against="snapshot") == []
