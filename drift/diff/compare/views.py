"""View and materialized view definitions, compared in canonical form (case, whitespace and
redundant parentheses do not matter).

A view whose new definition keeps the old columns (same names and types, in order; new ones may be
appended) is changed with CREATE OR REPLACE VIEW; otherwise, and for materialized views, it is
dropped and created again with its indexes, grants and comments.
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.compare.tables import label, object_type
from drift.diff.context import DiffContext
from drift.diff.create_objects import create_table, create_view, drop_table
from drift.diff.matching import TablePair
from drift.diff.normalize import canonical_expr, normalize_type
from drift.diff.registry import table_comparator
from drift.model import Finding, Table


def _replaceable(exp: Table, act: Table) -> bool:
    if exp.kind != "view":
        return False
    old = [(c.name, normalize_type(c.type)) for c in act.columns]
    new = [(c.name, normalize_type(c.type)) for c in exp.columns]
    return new[: len(old)] == old


@table_comparator
def compare_view_definition(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    exp, act = pair.expected, pair.actual
    if not exp.is_view or canonical_expr(exp.view_definition) == canonical_expr(act.view_definition):
        return []
    s, name = pair.path
    if _replaceable(exp, act):
        stmts = [create_view(s, exp, replace=True)]
    else:
        stmts = [drop_table(s, act), *create_table(s, exp)]
    return [
        ctx.changed(
            object_type(exp),
            "definition",
            pair.path,
            expected=exp.view_definition,
            actual=act.view_definition,
            message=f"{label(exp)} {s}.{name} has a different definition from the expected one.",
            fix=ddl.script(stmts),
        )
    ]
