"""A reflection cancelled by its statement_timeout says which limit it hit, even when the very first
query is the one cancelled (before the server has told drift its settings)."""

from __future__ import annotations

import pytest
from catalog_testing import ReflectSql

from drift.catalog import reflect
from drift.errors import DriftError

MANY_TABLES = "".join(
    f"CREATE TABLE t{i} (id integer PRIMARY KEY, a text, b integer DEFAULT 0);" for i in range(300)
)


def test_a_cancelled_reflection_names_its_statement_timeout(reflect_sql: ReflectSql, pg_dsn: str) -> None:
    reflect_sql(MANY_TABLES, with_stats=False)
    with pytest.raises(DriftError) as caught:
        # 1 ms: on 300 tables some query, maybe the first one, takes longer.
        reflect(pg_dsn, statement_timeout=0.001)
    message = str(caught.value)
    assert "statement_timeout (1ms)" in message, message
    assert "the limit" not in message and "\n" not in message
