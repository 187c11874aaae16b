"""Partitioning: a partitioned table's key, and which parent (and bounds) a partition belongs to.

Also `inherited_filter`: a partition carries copies of its parent's indexes, keys and triggers; those
are compared once, on the parent, so a missing index on a table with 50 partitions is one finding.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Literal, TypeVar

from drift.diff import ddl
from drift.diff.context import DiffContext
from drift.diff.matching import TablePair
from drift.diff.normalize import canonical_expr
from drift.diff.quoting import qualified, split_qualified
from drift.diff.registry import table_comparator
from drift.model import Finding, Table

M = TypeVar("M")


def parent_of(
    ctx: DiffContext, schema: str, table: Table, side: Literal["expected", "actual"]
) -> Table | None:
    if table.partition_of is None:
        return None
    tables = ctx.expected_tables if side == "expected" else ctx.actual_tables
    return tables.get(split_qualified(table.partition_of, schema, ctx.schema_names))


def inherited_filter(
    ctx: DiffContext,
    pair: TablePair,
    side: Literal["expected", "actual"],
    members: Iterable[M],
    signature: Callable[[M], Hashable],
    members_of: Callable[[Table], Iterable[M]],
) -> list[M]:
    """`members` of this side's table without those that copy a member of the partition's parent.

    Only when the table is a partition on both sides: a detached partition keeps its copies as its
    own members, and they should match the expected partition's."""
    items = list(members)
    if pair.expected.partition_of is None or pair.actual.partition_of is None:
        return items
    table = pair.expected if side == "expected" else pair.actual
    parent = parent_of(ctx, pair.schema, table, side)
    if parent is None:
        return items
    inherited = {signature(m) for m in members_of(parent)}
    return [m for m in items if signature(m) not in inherited]


@table_comparator
def compare_partitioning(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    exp, act = pair.expected, pair.actual
    s, t = pair.path
    what = f"Table {s}.{t}"
    out: list[Finding] = []
    if canonical_expr(exp.partition_key) != canonical_expr(act.partition_key):
        out.append(
            ctx.changed(
                "table",
                "partition_key",
                pair.path,
                expected=exp.partition_key,
                actual=act.partition_key,
                message=f"{what} is partitioned by {act.partition_key or 'nothing'}; "
                f"expected {exp.partition_key or 'nothing'} (changing it means rebuilding the table).",
                fix=None,
            )
        )
    same_parent = _parent_key(ctx, s, exp) == _parent_key(ctx, s, act)
    if not same_parent:
        out.append(
            ctx.changed(
                "table",
                "partition_of",
                pair.path,
                expected=exp.partition_of,
                actual=act.partition_of,
                message=f"{what} is {_membership(act)}; expected {_membership(exp)}.",
                fix=ddl.script(_reattach(ctx, s, t, exp, act)),
            )
        )
    elif exp.partition_of and canonical_expr(exp.partition_bound) != canonical_expr(act.partition_bound):
        out.append(
            ctx.changed(
                "table",
                "partition_bound",
                pair.path,
                expected=exp.partition_bound,
                actual=act.partition_bound,
                message=f"Partition {s}.{t} of {exp.partition_of} holds {act.partition_bound}; "
                f"expected {exp.partition_bound}.",
                fix=ddl.script(_reattach(ctx, s, t, exp, act)),
            )
        )
    return out


def _parent_key(ctx: DiffContext, schema: str, table: Table) -> tuple[str, str] | None:
    return split_qualified(table.partition_of, schema, ctx.schema_names) if table.partition_of else None


def _membership(table: Table) -> str:
    if table.partition_of is None:
        return "not a partition"
    return f"a partition of {table.partition_of} ({table.partition_bound or 'DEFAULT'})"


def _reattach(ctx: DiffContext, schema: str, name: str, exp: Table, act: Table) -> list[str]:
    stmts: list[str] = []
    target = qualified(schema, name)
    if act.partition_of:
        parent = qualified(*split_qualified(act.partition_of, schema, ctx.schema_names))
        stmts.append(f"ALTER TABLE {parent} DETACH PARTITION {target}")
    if exp.partition_of:
        parent = qualified(*split_qualified(exp.partition_of, schema, ctx.schema_names))
        stmts.append(f"ALTER TABLE {parent} ATTACH PARTITION {target} {exp.partition_bound or 'DEFAULT'}")
    return stmts
