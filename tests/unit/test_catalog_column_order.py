"""Columns are listed by position whatever order pg_attribute's rows come back in.

An ALTER that rewrites a column's pg_attribute row (SET NOT NULL, RENAME, TYPE) moves that row
after the others in the heap, so a sequential scan (what the bulk query gets on a large catalog)
returns a table's columns out of attnum order, interleaved with other tables' columns. The rows
here are in the column order of drift/catalog/queries/*.sql.
"""

from __future__ import annotations

from typing import Any

import pytest

from drift.catalog.relation import Lookups
from drift.catalog.tables import RelationRows, build_tables

T, U = 1001, 1002


def _relation(oid: int, name: str) -> tuple[Any, ...]:
    return (oid, 2200, name, "r", 10, False, None, None, None, False, False, None, None, None, False)


def _column(relid: int, attnum: int, name: str) -> tuple[Any, ...]:
    return (relid, attnum, name, "integer", False, None, "", "", None, None, 0)


def _tables(column_rows: list[tuple[Any, ...]]) -> dict[str, list[tuple[str, int]]]:
    def rows(value: list[tuple[Any, ...]]) -> Any:
        return lambda: value

    sources = RelationRows(
        relations=rows([_relation(T, "t"), _relation(U, "u")]),
        inherits=rows([]),
        columns=rows(column_rows),
        indexes=rows([]),
        index_expressions=rows([]),
        constraints=rows([]),
        triggers=rows([]),
        policies=rows([]),
        privileges=rows([]),
        sequences=rows([]),
    )
    lookups = Lookups(roles={10: "owner"}, collations={}, opclasses={}, schema_names={2200: "public"})
    tables = build_tables(sources, lookups, lambda oids: [])[2200]
    return {t.name: [(c.name, c.position) for c in t.columns] for t in tables}


@pytest.mark.parametrize(
    "order",
    [
        [(T, 1, "a"), (T, 2, "b"), (T, 3, "c"), (U, 1, "x"), (U, 2, "y")],
        [(T, 1, "a"), (T, 3, "c"), (U, 1, "x"), (T, 2, "b"), (U, 2, "y")],
        [(U, 2, "y"), (T, 3, "c"), (T, 1, "a"), (U, 1, "x"), (T, 2, "b")],
        [(T, 1, "a"), (U, 1, "x"), (T, 2, "b"), (U, 2, "y"), (T, 3, "c")],
    ],
    ids=["in-order", "one-row-moved", "reversed-interleaved", "interleaved-in-order"],
)
def test_columns_come_by_position_whatever_the_row_order(order: list[tuple[int, int, str]]) -> None:
    assert _tables([_column(*row) for row in order]) == {
        "t": [("a", 1), ("b", 2), ("c", 3)],
        "u": [("x", 1), ("y", 2)],
    }
