"""Fixtures for reflection tests: run SQL written for the test, reflect, look objects up by name."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from catalog_testing import ReflectSql

from drift.catalog import reflect
from drift.model import Snapshot


@pytest.fixture
def reflect_sql(pg_dsn: str, pg_conn: psycopg.Connection[Any]) -> ReflectSql:
    """`reflect_sql(sql, **reflect_kwargs)`: run `sql` as the superuser, then reflect the database."""

    def run(sql: str = "", **kwargs: Any) -> Snapshot:
        if sql:
            pg_conn.execute(sql.encode())  # bytes: no %-placeholder parsing
        return reflect(pg_dsn, **kwargs)

    return run
