"""Helpers shared by the reflection tests (a uniquely named module: test dirs are not packages)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import psycopg

from drift.model import Catalog, Snapshot, Table

ReflectSql = Callable[..., Snapshot]

T = TypeVar("T")


def table(catalog: Catalog, name: str, schema: str = "shop") -> Table:
    found = catalog.get_table(schema, name)
    assert found is not None, f"{schema}.{name} not reflected"
    return found


def by_name(items: Iterable[T], name: str) -> T:
    matches = [i for i in items if getattr(i, "name", None) == name]
    assert len(matches) == 1, f"{name} not in {[getattr(i, 'name', i) for i in items]}"
    return matches[0]


def table_names(catalog: Catalog) -> list[str]:
    return [f"{s.name}.{t.name}" for s, t in catalog.iter_tables()]


def scrub_snapshot_times(data: dict[str, Any]) -> dict[str, Any]:
    """A snapshot's JSON without the fields that change between two reflections of the same state."""
    data = dict(data)
    data.pop("generated_at", None)
    return data


def flush_stats(conn: Any) -> None:
    """Make this session's statistics counters visible to other sessions now."""
    if conn.info.server_version >= 150000:
        conn.execute("SELECT pg_stat_force_next_flush()")
    else:  # the statistics collector of PostgreSQL 13/14 reports at most every 500 ms
        conn.execute("SELECT pg_sleep(1)")


def hold_lock(dsn: str, sql: str, locked: threading.Event, release: threading.Event) -> None:
    """Run `sql` in a transaction of its own (a migration holding a lock), set `locked`, and keep
    the transaction open until `release` (at most 30 s); for a thread's target."""
    with psycopg.connect(dsn) as conn:
        conn.execute(sql)
        locked.set()
        release.wait(30)
        conn.rollback()


def server_index_keys(conn: Any, table: str) -> dict[str, str]:
    """{index name: the key list pg_get_indexdef prints between its parentheses} of `table` (a
    regclass literal such as 'app.t')."""
    rows = conn.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass",
        (table,),
    ).fetchall()
    return {name: _key_list(definition) for name, definition in rows}


def _key_list(definition: str) -> str:
    """The text inside the parentheses after `USING method` (quotes and nesting respected)."""
    start = definition.index("(", definition.index(" USING "))
    depth, quote = 0, ""
    for i in range(start, len(definition)):
        ch = definition[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return definition[start + 1 : i]
    raise ValueError(definition)
