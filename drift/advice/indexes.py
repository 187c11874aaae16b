"""Index rules: `unused-index`, `duplicate-index`, `invalid-index`.

Every index is paid for on every INSERT, on every UPDATE that is not HOT, in VACUUM and in
memory; these rules find the ones that are paid for and give nothing back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from drift.advice.index_facts import (
    drop_index_sql,
    index_definition,
    is_usable,
    mirrors_parent_index,
)
from drift.advice.rule import RuleContext
from drift.advice.sqltext import normalize_expression, pretty_bytes, qualified
from drift.model import Finding, Index, Schema, Severity, Table

# --- unused-index ------------------------------------------------------------------------------


def check_unused_index(ctx: RuleContext) -> Iterator[Finding]:
    window = ctx.window
    min_age = ctx.number("min_stats_age_days")
    min_size = ctx.integer("min_size_bytes")
    if window.age_days is None or window.age_days < min_age:
        return  # zero scans over a short or unknown period prove nothing
    for schema, table in ctx.user_tables("table", "materialized_view"):
        for index in table.indexes:
            if index.unique or index.constraint or not is_usable(index):
                continue
            st = ctx.index_stats(schema.name, table.name, index.name)
            if st is None or st.idx_scan is None or st.idx_scan > 0:
                continue
            if (st.size_bytes or 0) < min_size:
                continue
            if ctx.indexes_of(table).sole_fk_cover(index) is not None:
                continue  # dropping it would bring back fk-without-index
            if mirrors_parent_index(table, index, ctx.parent_of(table)):
                continue  # a partition's share of its parent's index: not droppable alone
            yield ctx.finding(
                object_type="index",
                path=(schema.name, table.name, index.name),
                message=(
                    f"Index {schema.name}.{index.name} on {schema.name}.{table.name} has had no scans "
                    f"in {window.span()} and takes {pretty_bytes(st.size_bytes)}: every write still "
                    f"maintains it. The statistics cover {window.describe()}; scans on standby "
                    "servers are not counted here, so check them before dropping it."
                ),
                evidence={
                    "idx_scan": st.idx_scan,
                    "idx_tup_read": st.idx_tup_read,
                    "size_bytes": st.size_bytes,
                    "definition": index_definition(schema.name, table, index),
                    **window.evidence(),
                },
                fix=drop_index_sql(schema.name, table, index),
            )


# --- duplicate-index ---------------------------------------------------------------------------


def _keys(index: Index) -> tuple[str | None, ...]:
    return tuple(normalize_expression(k) for k in index.keys)


def _comparable(a: Index, b: Index) -> bool:
    return (
        a.method == b.method
        and normalize_expression(a.predicate) == normalize_expression(b.predicate)
        and is_usable(a)
        and is_usable(b)
    )


def _keep_rank(index: Index, table: Table) -> tuple[int, int, int, str]:
    """Of two identical indexes, the one with the smaller rank is kept."""
    pk = table.primary_key.name if table.primary_key else None
    return (
        0 if pk and index.constraint == pk else 1,
        0 if index.constraint else 1,
        0 if index.unique else 1,
        index.name,
    )


def _redundant_to(a: Index, b: Index, table: Table) -> str | None:
    """How `a` is made redundant by `b` ('identical' or 'prefix'), or None."""
    if not _comparable(a, b):
        return None
    ka, kb = _keys(a), _keys(b)
    b_columns = set(b.keys) | set(b.include)
    if not set(a.include) <= b_columns:
        return None  # a carries INCLUDE columns b cannot return
    if ka == kb:
        if a.unique != b.unique:
            return "identical" if b.unique else None  # a unique index is never the redundant one
        if a.unique and a.nulls_not_distinct != b.nulls_not_distinct:
            return None
        return "identical" if _keep_rank(b, table) < _keep_rank(a, table) else None
    if (
        a.method == "btree"
        and not a.unique
        and a.constraint is None
        and len(ka) < len(kb)
        and kb[: len(ka)] == ka
    ):
        return "prefix"
    return None


def _candidates(indexes: tuple[Index, ...]) -> list[list[int]]:
    """For each index a, the positions of the indexes b that `_redundant_to(a, b)` can accept, in
    table order: those with the same method and predicate whose keys equal a's or start with them.
    Comparing every pair instead costs a table with many indexes their square."""
    shapes = [(ix.method, normalize_expression(ix.predicate), _keys(ix)) for ix in indexes]
    same: dict[tuple[str, str | None, tuple[str | None, ...]], list[int]] = {}
    extends: dict[tuple[str, str | None, tuple[str | None, ...]], list[int]] = {}
    for j, (method, predicate, keys) in enumerate(shapes):
        same.setdefault((method, predicate, keys), []).append(j)
        for n in range(len(keys)):
            extends.setdefault((method, predicate, keys[:n]), []).append(j)
    return [sorted(same[shape] + extends.get(shape, [])) for shape in shapes]


def check_duplicate_index(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table in ctx.user_tables("table", "partitioned_table", "materialized_view"):
        indexes = table.indexes
        if len({normalize_expression(ix.keys[0]) for ix in indexes if ix.keys}) == len(indexes):
            continue  # no two indexes lead with the same key: none is identical to or a prefix of another
        for a, candidates in zip(indexes, _candidates(indexes), strict=True):
            for j in candidates:
                b = indexes[j]
                if a.name == b.name:
                    continue
                how = _redundant_to(a, b, table)
                if how is None:
                    continue
                yield _duplicate_finding(ctx, schema, table, a, b, how)
                break


def _duplicate_finding(
    ctx: RuleContext, schema: Schema, table: Table, a: Index, b: Index, how: str
) -> Finding:
    st_a = ctx.index_stats(schema.name, table.name, a.name)
    st_b = ctx.index_stats(schema.name, table.name, b.name)
    relation = (
        "has the same keys, method and predicate as"
        if how == "identical"
        else "is a leading-column prefix of (and so is covered by)"
    )
    message = (
        f"Index {schema.name}.{a.name} on {schema.name}.{table.name} {relation} "
        f"{schema.name}.{b.name}: queries can use {b.name} instead, and every write maintains both."
    )
    if st_a is not None and st_a.size_bytes is not None:
        message += f" Dropping it frees {pretty_bytes(st_a.size_bytes)}."
    if a.constraint:
        message += (
            f" It backs constraint {a.constraint}; a foreign key that depends on that constraint "
            "must be re-pointed first."
        )
    evidence: dict[str, Any] = {
        "redundant_index": a.name,
        "redundant_definition": index_definition(schema.name, table, a),
        "covering_index": b.name,
        "covering_definition": index_definition(schema.name, table, b),
        "kind": how,
    }
    if st_a is not None or st_b is not None:
        evidence.update(
            {
                "redundant_size_bytes": st_a.size_bytes if st_a else None,
                "redundant_idx_scan": st_a.idx_scan if st_a else None,
                "covering_idx_scan": st_b.idx_scan if st_b else None,
                **ctx.window.evidence(),
            }
        )
    return ctx.finding(
        object_type="index",
        path=(schema.name, table.name, a.name),
        message=message,
        evidence=evidence,
        fix=drop_index_sql(schema.name, table, a),
    )


# --- invalid-index -----------------------------------------------------------------------------

_REINDEX_LEFTOVER = re.compile(r"_cc(new|old)\d*$")


def check_invalid_index(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table in ctx.user_tables("table", "partitioned_table", "materialized_view"):
        for index in table.indexes:
            if index.valid:
                continue
            yield _invalid_finding(ctx, schema, table, index)


def _invalid_finding(ctx: RuleContext, schema: Schema, table: Table, index: Index) -> Finding:
    name = f"{schema.name}.{index.name}"
    target = qualified(schema.name, index.name)
    st = ctx.index_stats(schema.name, table.name, index.name)
    evidence: dict[str, Any] = {
        "valid": index.valid,
        "ready": index.ready,
        "definition": index_definition(schema.name, table, index),
        "size_bytes": st.size_bytes if st else None,
    }
    severity: Severity | None = None
    if table.kind == "partitioned_table":
        message = (
            f"Partitioned index {name} on {schema.name}.{table.name} is invalid: at least one "
            "partition has no matching index attached, so queries on the parent cannot rely on it."
        )
        fix = (
            "-- create the missing index on each partition, then attach it:\n"
            f"-- ALTER INDEX {target} ATTACH PARTITION <schema>.<partition_index>;"
        )
    elif _REINDEX_LEFTOVER.search(index.name):
        message = (
            f"Index {name} on {schema.name}.{table.name} is invalid: it is left over from an "
            "interrupted REINDEX CONCURRENTLY (the _ccnew/_ccold suffix) and can be dropped."
        )
        fix = f"DROP INDEX CONCURRENTLY IF EXISTS {target};"
    elif index.ready:
        message = (
            f"Index {name} on {schema.name}.{table.name} is invalid (indisvalid = false): queries "
            "never use it but every write still maintains it. It is usually what a failed CREATE "
            "INDEX CONCURRENTLY leaves behind; a build in progress is also in this state during "
            "its last phase, so check pg_stat_progress_create_index before acting."
        )
        fix = f"REINDEX INDEX CONCURRENTLY {target};"
    else:
        # Not ready: writes do not maintain it yet, so it only costs disk. Either CREATE INDEX
        # CONCURRENTLY is in its first phase right now, or a build was cancelled early.
        severity = "info"
        message = (
            f"Index {name} on {schema.name}.{table.name} is not ready (indisready = false): "
            "CREATE INDEX CONCURRENTLY is building it right now, or a build was cancelled and left "
            "it behind. If pg_stat_progress_create_index shows no build, drop it and create it again."
        )
        fix = (
            f"DROP INDEX CONCURRENTLY IF EXISTS {target};\n"
            f"{index_definition(schema.name, table, index).replace('INDEX', 'INDEX CONCURRENTLY', 1)};"
        )
    return ctx.finding(
        object_type="index",
        path=(schema.name, table.name, index.name),
        message=message,
        evidence=evidence,
        fix=fix,
        severity=severity,
    )
