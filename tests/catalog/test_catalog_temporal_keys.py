"""Temporal keys (PostgreSQL 18): PRIMARY KEY / UNIQUE (..., x WITHOUT OVERLAPS) reflect
`without_overlaps`, FOREIGN KEY (..., PERIOD x) reflects `period`; their backing index is GiST."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from catalog_testing import ReflectSql, table

from drift.catalog.sql import QueryBuilder
from drift.model import ForeignKey, PrimaryKey, UniqueConstraint

# range columns only: their GiST opclass has equality, so no btree_gist is needed
SQL = (
    "CREATE TABLE p (id int4range, valid_at daterange,"
    " CONSTRAINT p_pk PRIMARY KEY (id, valid_at WITHOUT OVERLAPS));"
    "CREATE TABLE c (id int4range, pid int4range, valid_at daterange,"
    " CONSTRAINT c_uq UNIQUE (id, valid_at WITHOUT OVERLAPS),"
    " CONSTRAINT c_fk FOREIGN KEY (pid, PERIOD valid_at) REFERENCES p (id, PERIOD valid_at))"
)


def test_temporal_keys(reflect_sql: ReflectSql, pg_conn: psycopg.Connection[Any]) -> None:
    if pg_conn.info.server_version < 180000:
        pytest.skip("WITHOUT OVERLAPS and PERIOD are new in PostgreSQL 18")
    catalog = reflect_sql(SQL).catalog
    p, c = table(catalog, "p", "public"), table(catalog, "c", "public")
    assert p.primary_key is not None
    assert (p.primary_key.columns, p.primary_key.without_overlaps) == (("id", "valid_at"), True)
    (uq,) = c.unique_constraints
    assert (uq.columns, uq.without_overlaps) == (("id", "valid_at"), True)
    (fk,) = c.foreign_keys
    assert (fk.columns, fk.ref_columns, fk.period) == (("pid", "valid_at"), ("id", "valid_at"), True)
    assert {i.name: i.method for i in [*p.indexes, *c.indexes]} == {"p_pk": "gist", "c_uq": "gist"}
    assert PrimaryKey.model_validate(p.primary_key.model_dump()) == p.primary_key
    assert UniqueConstraint.model_validate(uq.model_dump()) == uq
    assert ForeignKey.model_validate(fk.model_dump()) == fk


def test_plain_keys_are_not_temporal(reflect_sql: ReflectSql) -> None:
    catalog = reflect_sql(
        "CREATE TABLE p (id integer PRIMARY KEY, u integer UNIQUE);"
        "CREATE TABLE c (pid integer REFERENCES p (id))"
    ).catalog
    p, c = table(catalog, "p", "public"), table(catalog, "c", "public")
    assert p.primary_key is not None and not p.primary_key.without_overlaps
    assert [u.without_overlaps for u in p.unique_constraints] == [False]
    assert [fk.period for fk in c.foreign_keys] == [False]


def test_query_fragment_by_version() -> None:
    assert b"co.conperiod AS conperiod" in QueryBuilder(180000).build("constraints")
    assert b"false AS conperiod" in QueryBuilder(170000).build("constraints")
