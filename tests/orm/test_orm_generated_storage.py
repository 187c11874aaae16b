"""`Computed(persisted=...)` as a generated column's storage: True STORED, False VIRTUAL, None what
SQLAlchemy 2.1's PostgreSQL dialect renders for the server: no keyword on 18+ (VIRTUAL, the server's
default), STORED before. Checked against what `create_all` leaves on the test server."""

from __future__ import annotations

import warnings
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from orm_testing import CreateAll, comparable

from drift.diff import diff_catalogs
from drift.sources.orm import catalog_from_metadata


def _metadata(*, virtual: bool) -> sa.MetaData:
    md = sa.MetaData()
    columns: list[sa.Column[Any]] = [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer),
        sa.Column("stored", sa.Integer, sa.Computed("a * 2", persisted=True)),
        sa.Column("unsaid", sa.Integer, sa.Computed("a * 4")),
    ]
    if virtual:
        columns.append(sa.Column("virtual", sa.Integer, sa.Computed("a * 3", persisted=False)))
    sa.Table("t", md, *columns)
    return md


def _storage(catalog: Any) -> dict[str, str | None]:
    return {c.name: c.generated_storage for c in catalog.get_table("public", "t").columns}


def test_persisted_maps_to_storage() -> None:
    recent = catalog_from_metadata([_metadata(virtual=True)])
    assert _storage(recent) == {
        "id": None,
        "a": None,
        "stored": "stored",
        "unsaid": "virtual",
        "virtual": "virtual",
    }
    assert _storage(catalog_from_metadata([_metadata(virtual=True)], server_version="18.1")) == _storage(
        recent
    )
    older = catalog_from_metadata([_metadata(virtual=True)], server_version="17.6 (Debian 17.6-1)")
    assert _storage(older)["unsaid"] == "stored"
    assert _storage(older)["virtual"] == "virtual"  # what the model says (create_all would refuse it)


def test_create_all_matches(create_all: CreateAll, pg_conn: psycopg.Connection[Any]) -> None:
    server_version = pg_conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    virtual = pg_conn.info.server_version >= 180000
    md = _metadata(virtual=virtual)
    expected = catalog_from_metadata([md], server_version=server_version)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # before 18: SQLAlchemy warns that `unsaid` becomes STORED
        actual = create_all(md)
    assert comparable(actual, expected).get_table("public", "t") == expected.get_table("public", "t")
    findings = diff_catalogs(expected, actual, against="orm")
    assert [f for f in findings if f.object_type == "column"] == []
    if virtual:
        assert _storage(actual)["virtual"] == "virtual"


def test_persisted_change_is_drift(create_all: CreateAll, pg_conn: psycopg.Connection[Any]) -> None:
    if pg_conn.info.server_version < 180000:
        pytest.skip("VIRTUAL generated columns are new in PostgreSQL 18")
    actual = create_all(_metadata(virtual=True))
    md = sa.MetaData()
    sa.Table(
        "t",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("a", sa.Integer),
        sa.Column("stored", sa.Integer, sa.Computed("a * 2", persisted=False)),
        sa.Column("unsaid", sa.Integer, sa.Computed("a * 4")),
        sa.Column("virtual", sa.Integer, sa.Computed("a * 3", persisted=False)),
    )
    findings = diff_catalogs(catalog_from_metadata([md]), actual, against="orm")
    assert [(f.rule, f.path, f.expected, f.actual) for f in findings if f.object_type == "column"] == [
        ("column.generated_storage", ("public", "t", "stored"), "virtual", "stored")
    ]
