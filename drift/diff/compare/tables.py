"""Tables, views and materialized views as whole objects: present or not, their kind, and table-level
attributes (unlogged, inheritance, owner, comment). Members (columns, keys, ...) have their own modules.

A missing table is one finding whose fix creates all of it (and its missing partitions); an unexpected
one is one finding whose fix drops it (its partitions go with it).
"""

from __future__ import annotations

from drift.diff import create_objects, ddl
from drift.diff.compare.comments import compare_comment
from drift.diff.context import DiffContext
from drift.diff.matching import Matched, SchemaPair, TablePair
from drift.diff.quoting import qualified, quote_ident, split_qualified
from drift.diff.registry import table_comparator
from drift.model import Finding, Table
from drift.model.findings import ObjectType

_LABELS = {
    "table": "Table",
    "partitioned_table": "Partitioned table",
    "foreign_table": "Foreign table",
    "view": "View",
    "materialized_view": "Materialized view",
}


def object_type(table: Table) -> ObjectType:
    if table.kind == "view":
        return "view"
    if table.kind == "materialized_view":
        return "materialized_view"
    return "table"


def label(table: Table) -> str:
    return _LABELS[table.kind]


def _create_with_partitions(ctx: DiffContext, schema: str, table: Table) -> list[str]:
    stmts = create_objects.create_table(schema, table, ctx.expected.get_schema(schema))
    for part_schema, part in ctx.expected_partitions.get(f"{schema}.{table.name}", []):
        if (part_schema, part.name) not in ctx.actual_tables:
            stmts += _create_with_partitions(ctx, part_schema, part)
    return stmts


def _parent_also(
    ctx: DiffContext,
    table: Table,
    schema: str,
    present: dict[tuple[str, str], Table],
    absent: dict[tuple[str, str], Table],
) -> bool:
    """True when `table` is a partition whose parent is on this side only (reported for both)."""
    if table.partition_of is None:
        return False
    key = split_qualified(table.partition_of, schema, ctx.schema_names)
    return key in present and key not in absent


def table_presence(ctx: DiffContext, pair: SchemaPair, matched: Matched[Table]) -> list[Finding]:
    findings: list[Finding] = []
    s = pair.name
    for table in matched.missing:
        if _parent_also(ctx, table, s, ctx.expected_tables, ctx.actual_tables):
            continue
        stmts = _create_with_partitions(ctx, s, table)
        note = "" if stmts or table.kind != "foreign_table" else " (create it with its foreign server)"
        findings.append(
            ctx.missing(
                object_type(table),
                (s, table.name),
                expected=f"{s}.{table.name}",
                message=f"{label(table)} {s}.{table.name} is missing from the database{note}.",
                fix=ddl.script(stmts),
            )
        )
    for table in matched.unexpected:
        if _parent_also(ctx, table, s, ctx.actual_tables, ctx.expected_tables):
            continue
        found = ctx.unexpected_(
            object_type(table),
            (s, table.name),
            schema=s,
            actual=f"{s}.{table.name}",
            message=f"{label(table)} {s}.{table.name} exists in the database but is not declared.",
            fix=ddl.script([create_objects.drop_table(s, table)]),
        )
        if found:
            findings.append(found)
    return findings


def kinds_differ(expected: Table, actual: Table) -> bool:
    return expected.kind != actual.kind


def kind_changed(ctx: DiffContext, pair: TablePair) -> Finding:
    exp, act = pair.expected, pair.actual
    stmts = [create_objects.drop_table(pair.schema, act), *_create_with_partitions(ctx, pair.schema, exp)]
    return ctx.changed(
        object_type(exp),
        "kind",
        pair.path,
        expected=exp.kind,
        actual=act.kind,
        message=f"{pair.schema}.{exp.name} is a {label(act).lower()} in the database; "
        f"expected a {label(exp).lower()}.",
        fix=ddl.script(stmts),
    )


@table_comparator
def compare_table_attributes(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    exp, act = pair.expected, pair.actual
    s, name = pair.path
    target = qualified(s, name)
    otype = object_type(exp)
    what = f"{label(exp)} {s}.{name}"
    findings: list[Finding] = []
    if exp.unlogged != act.unlogged and not exp.is_view:
        findings.append(
            ctx.changed(
                otype,
                "unlogged",
                pair.path,
                expected=exp.unlogged,
                actual=act.unlogged,
                message=f"{what} is {'UNLOGGED' if act.unlogged else 'logged'}; "
                f"expected {'UNLOGGED' if exp.unlogged else 'logged'}.",
                fix=ddl.script([ddl.alter_table(s, name, "SET UNLOGGED" if exp.unlogged else "SET LOGGED")]),
            )
        )
    if exp.options is not None and exp.options != (act.options or ()):
        findings.append(_options_changed(ctx, pair, otype, what))
    if exp.inherits != act.inherits:
        stmts = [
            ddl.alter_table(s, name, f"NO INHERIT {qualified(*split_qualified(p, s, ctx.schema_names))}")
            for p in act.inherits
            if p not in exp.inherits
        ]
        stmts += [
            ddl.alter_table(s, name, f"INHERIT {qualified(*split_qualified(p, s, ctx.schema_names))}")
            for p in exp.inherits
            if p not in act.inherits
        ]
        findings.append(
            ctx.changed(
                otype,
                "inherits",
                pair.path,
                expected=list(exp.inherits),
                actual=list(act.inherits),
                message=f"{what} inherits from {', '.join(act.inherits) or 'nothing'}; "
                f"expected {', '.join(exp.inherits) or 'nothing'}.",
                fix=ddl.script(stmts),
            )
        )
    if ctx.compare_owner and exp.owner and act.owner and exp.owner != act.owner:
        findings.append(
            ctx.changed(
                otype,
                "owner",
                pair.path,
                expected=exp.owner,
                actual=act.owner,
                message=f"{what} is owned by {act.owner}; expected {exp.owner}.",
                fix=ddl.script(
                    [f"ALTER {ddl.TABLE_KIND_SQL[act.kind]} {target} OWNER TO {quote_ident(exp.owner)}"]
                ),
                severity="info",
            )
        )
    findings += compare_comment(
        ctx,
        path=pair.path,
        schema=s,
        what=what,
        kind_sql=ddl.TABLE_KIND_SQL[exp.kind],
        target_sql=target,
        expected=exp.comment,
        actual=act.comment,
    )
    return findings


def _options_changed(ctx: DiffContext, pair: TablePair, otype: ObjectType, what: str) -> Finding:
    """Storage parameters or view options (reloptions) that differ: SET the expected ones, RESET
    the others. An error when a security option differs (security_barrier, security_invoker), a
    warning otherwise (they change how, not what)."""
    exp, act = pair.expected, pair.actual
    s, name = pair.path
    want = dict(o.partition("=")[::2] for o in exp.options or ())
    have = dict(o.partition("=")[::2] for o in act.options or ())
    kind = {"view": "VIEW", "materialized_view": "MATERIALIZED VIEW"}.get(exp.kind, "TABLE")
    target = f"ALTER {kind} {qualified(s, name)}"
    stmts = []
    changed = sorted(k for k, v in want.items() if have.get(k) != v)
    if changed:
        stmts.append(f"{target} SET ({', '.join(ddl.option_clause(k, want[k]) for k in changed)})")
    gone = sorted(k for k in have if k not in want)
    if gone:
        stmts.append(f"{target} RESET ({', '.join(quote_ident(k) for k in gone)})")
    security = any(k.startswith("security_") for k in (*changed, *gone))
    return ctx.changed(
        otype,
        "options",
        pair.path,
        expected=list(exp.options or ()),
        actual=list(act.options or ()),
        message=f"{what} has options {', '.join(act.options or ()) or 'none'}; "
        f"expected {', '.join(exp.options or ()) or 'none'}.",
        fix=ddl.script(stmts),
        severity="error" if security else "warning",
    )
