"""References to names that hold dots (`schema.table`, `table.column`) split at the right dot."""

from __future__ import annotations

from diff_builders import col, table

from drift.diff.create_objects import owner_column
from drift.diff.quoting import split_qualified
from drift.model import Schema


def test_split_qualified_prefers_known_schemas() -> None:
    assert split_qualified("sales.orders", "public") == ("sales", "orders")
    assert split_qualified("orders", "public") == ("public", "orders")
    assert split_qualified("My.App.events", "My.App") == ("My.App", "events")
    assert split_qualified("public.events.2024", "public") == ("public", "events.2024")
    assert split_qualified("a.b.t", "x", {"a", "a.b"}) == ("a.b", "t")
    assert split_qualified("a.b.t", "x") == ("a", "b.t")  # nothing known: the first dot


def test_owner_column_resolves_against_the_tables() -> None:
    dotted_table = Schema(name="public", tables=(table("a.b", col("id")),))
    dotted_column = Schema(name="public", tables=(table("a", col("b.id")),))
    assert owner_column("a.b.id", dotted_table) == ("a.b", "id")
    assert owner_column("a.b.id", dotted_column) == ("a", "b.id")
    assert owner_column("a.b.id", None, dotted_table) == ("a.b", "id")
    assert owner_column("t.id") == ("t", "id")
