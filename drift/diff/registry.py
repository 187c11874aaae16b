"""The comparator registry: each object kind's module registers its comparator here.

The dispatcher (`drift.diff.dispatch`) matches schemas and tables once, then calls every registered
schema comparator for each schema on both sides and every table comparator for each table on both
sides. Adding an object kind is one new module under `drift/diff/compare/` and one import in its
`__init__`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from drift.diff.context import DiffContext
from drift.diff.matching import SchemaPair, TablePair
from drift.model import Finding

SchemaComparator = Callable[[DiffContext, SchemaPair], Iterable[Finding]]
TableComparator = Callable[[DiffContext, TablePair], Iterable[Finding]]

SCHEMA_COMPARATORS: list[SchemaComparator] = []
TABLE_COMPARATORS: list[TableComparator] = []


def schema_comparator(fn: SchemaComparator) -> SchemaComparator:
    """Register `fn(ctx, pair)`: compares one kind of object inside a schema present on both sides."""
    SCHEMA_COMPARATORS.append(fn)
    return fn


def table_comparator(fn: TableComparator) -> TableComparator:
    """Register `fn(ctx, pair)`: compares one kind of member of a table present on both sides."""
    TABLE_COMPARATORS.append(fn)
    return fn
