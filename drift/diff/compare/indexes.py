"""Indexes that are not the implementation of a constraint (those are compared as the constraint).

Matched by name, then by definition, so a renamed index is one info finding. Any structural
difference (keys, method, uniqueness, INCLUDE, predicate) is one `index.definition` finding whose fix
rebuilds it CONCURRENTLY. An invalid index (a failed concurrent build) is reported too.
"""

from __future__ import annotations

from typing import Any

from drift.diff import ddl
from drift.diff.compare.comments import compare_comment
from drift.diff.compare.partitions import inherited_filter
from drift.diff.context import DiffContext
from drift.diff.create_objects import constraint_index_names
from drift.diff.matching import TablePair, match_by_key, pair_structurally, same, same_all
from drift.diff.normalize import ColumnTypes, canonical_expr, canonical_index_key
from drift.diff.quoting import qualified, quote_ident
from drift.diff.registry import table_comparator
from drift.model import Finding, Index, Table


def index_signature(idx: Index, types: ColumnTypes = ()) -> tuple[Any, ...]:
    """What makes two indexes the same index, read with the column types of its table."""
    return (
        tuple(canonical_index_key(k, types) for k in idx.keys),
        tuple(canonical_expr(c, types) for c in idx.include),
        idx.method.lower(),
        idx.unique,
        idx.nulls_not_distinct,
        canonical_expr(idx.predicate, types),
    )


def _definition(schema: str, table: Table, idx: Index) -> str:
    return ddl.create_index(schema, table, idx, concurrently=False, if_not_exists=False)


@table_comparator
def compare_indexes(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    exp_t, act_t = pair.expected, pair.actual
    if same_all(exp_t.indexes, act_t.indexes):
        return []
    backing = constraint_index_names(exp_t) | constraint_index_names(act_t)

    def plain(t: Table) -> tuple[Index, ...]:
        return tuple(i for i in t.indexes if i.name not in backing and i.constraint is None)

    def exp_signature(idx: Index) -> tuple[Any, ...]:
        return index_signature(idx, pair.expected_types)

    def act_signature(idx: Index) -> tuple[Any, ...]:
        return index_signature(idx, pair.actual_types)

    exp = inherited_filter(ctx, pair, "expected", plain(exp_t), exp_signature, plain)
    act = inherited_filter(ctx, pair, "actual", plain(act_t), act_signature, plain)
    matched = pair_structurally(match_by_key(exp, act, lambda i: i.name), exp_signature, act_signature)
    s, t = pair.path
    out: list[Finding] = []
    for idx in matched.missing:
        stmts = [ddl.create_index(s, act_t, idx, concurrently=True)]
        if idx.comment:
            stmts.append(ddl.comment_on("INDEX", qualified(s, idx.name), idx.comment))
        out.append(
            ctx.missing(
                "index",
                pair.member_path(idx.name),
                expected=_definition(s, exp_t, idx),
                message=f"Index {idx.name} on {s}.{t} is missing from the database.",
                fix=ddl.script(stmts),
            )
        )
    for idx in matched.unexpected:
        found = ctx.unexpected_(
            "index",
            pair.member_path(idx.name),
            schema=s,
            actual=_definition(s, act_t, idx),
            message=f"Index {idx.name} on {s}.{t} exists in the database but is not declared.",
            fix=ddl.script([ddl.drop_index(s, idx.name, concurrently=act_t.kind != "partitioned_table")]),
        )
        if found:
            out.append(found)
    for e, a in matched.renamed:
        out.append(
            ctx.changed(
                "index",
                "name",
                pair.member_path(e.name),
                expected=e.name,
                actual=a.name,
                message=f"Index {e.name} on {s}.{t} is named {a.name} in the database.",
                fix=ddl.script([f"ALTER INDEX {qualified(s, a.name)} RENAME TO {quote_ident(e.name)}"]),
                severity="info",
                rule="index.renamed",
            )
        )
    for e, a in [*matched.common, *matched.renamed]:
        if not same(e, a):
            out += _compare_index(ctx, pair, e, a)
    return out


def _compare_index(ctx: DiffContext, pair: TablePair, e: Index, a: Index) -> list[Finding]:
    s, t = pair.path
    path = pair.member_path(e.name)
    out: list[Finding] = []
    concurrently = pair.actual.kind != "partitioned_table"
    if index_signature(e, pair.expected_types) != index_signature(a, pair.actual_types):
        exp_def, act_def = _definition(s, pair.expected, e), _definition(s, pair.actual, a)
        out.append(
            ctx.changed(
                "index",
                "definition",
                path,
                expected=exp_def,
                actual=act_def,
                message=f"Index {e.name} on {s}.{t} is defined as {act_def}; expected {exp_def}.",
                fix=ddl.script([
                    ddl.drop_index(s, a.name, concurrently=concurrently),
                    ddl.create_index(s, pair.actual, e, concurrently=True),
                    # the drop took the comment with it
                    *([ddl.comment_on("INDEX", qualified(s, e.name), e.comment)] if e.comment else []),
                ]),
            )
        )  # fmt: skip
    elif not a.valid and e.valid:
        out.append(
            ctx.changed(
                "index",
                "valid",
                path,
                expected=True,
                actual=False,
                message=f"Index {a.name} on {s}.{t} is invalid (a failed concurrent build): "
                "it is maintained on writes but never used by queries.",
                fix=ddl.script([f"REINDEX INDEX CONCURRENTLY {qualified(s, a.name)}"]),
            )
        )
    if (e.tablespace or None) != (a.tablespace or None):
        target = e.tablespace or "pg_default"
        out.append(
            ctx.changed(
                "index",
                "tablespace",
                path,
                expected=e.tablespace,
                actual=a.tablespace,
                message=f"Index {e.name} on {s}.{t} is in tablespace {a.tablespace or 'pg_default'}; "
                f"expected {target}.",
                fix=ddl.script([f"ALTER INDEX {qualified(s, a.name)} SET TABLESPACE {quote_ident(target)}"]),
                severity="warning",
            )
        )
    out += compare_comment(
        ctx,
        path=path,
        schema=s,
        what=f"Index {s}.{e.name}",
        kind_sql="INDEX",
        target_sql=qualified(s, e.name),
        expected=e.comment,
        actual=a.comment,
    )
    return out
