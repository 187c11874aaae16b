"""Enum types: present or not, and their labels.

Labels only added (the database's labels appear in the expected order) are fixed in place with
ALTER TYPE ... ADD VALUE. Removed or reordered labels need the type rebuilt: the fix renames the old
type, creates the expected one, converts every column of the database that uses it, and drops the old
type (it fails, as it should, if a row still holds a removed label).
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.compare.comments import compare_comment
from drift.diff.context import DiffContext
from drift.diff.create_objects import create_enum
from drift.diff.matching import SchemaPair, match_by_key
from drift.diff.normalize import normalize_type
from drift.diff.quoting import qualified, quote_ident, quote_literal
from drift.diff.registry import schema_comparator
from drift.model import Catalog, Enum, Finding


def _is_subsequence(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    it = iter(big)
    return all(label in it for label in small)


def add_values(schema: str, e: Enum, actual_labels: tuple[str, ...]) -> list[str]:
    """ADD VALUE statements placing each new label next to its expected neighbour."""
    stmts: list[str] = []
    present = list(actual_labels)
    target = qualified(schema, e.name)
    for i, label in enumerate(e.labels):
        if label in present:
            continue
        if i > 0:
            where = f" AFTER {quote_literal(e.labels[i - 1])}"
        else:
            where = f" BEFORE {quote_literal(present[0])}" if present else ""
        stmts.append(f"ALTER TYPE {target} ADD VALUE IF NOT EXISTS {quote_literal(label)}{where}")
        present.insert(i, label)
    return stmts


def rebuild(schema: str, e: Enum, actual: Catalog) -> list[str]:
    target = qualified(schema, e.name)
    old_name = f"{e.name}__drift_old"
    stmts = [f"ALTER TYPE {target} RENAME TO {quote_ident(old_name)}", create_enum(schema, e)]
    spellings = {normalize_type(e.name), normalize_type(f"{schema}.{e.name}"), normalize_type(target)}
    for sch, table in actual.iter_tables():
        if table.is_view or table.partition_of is not None:
            continue
        for col in table.columns:
            col_type = normalize_type(col.type)
            array = col_type.endswith("[]")
            if col_type.removesuffix("[]") not in spellings:
                continue
            new_type = target + ("[]" if array else "")
            via = "text[]" if array else "text"
            col_sql = quote_ident(col.name)
            if col.default is not None:
                stmts.append(ddl.set_default(sch.name, table.name, col.name, None))
            stmts.append(
                ddl.alter_column(
                    sch.name, table.name, col.name, f"TYPE {new_type} USING {col_sql}::{via}::{new_type}"
                )
            )
            if col.default is not None:
                stmts.append(ddl.set_default(sch.name, table.name, col.name, col.default))
    stmts.append(f"DROP TYPE {qualified(schema, old_name)}")
    return stmts


@schema_comparator
def compare_enums(ctx: DiffContext, pair: SchemaPair) -> list[Finding]:
    exp = [x for x in pair.expected.enums if x.extension is None]
    act = [x for x in pair.actual.enums if x.extension is None]
    matched = match_by_key(exp, act, lambda x: x.name)
    s = pair.name
    out: list[Finding] = []
    for e in matched.missing:
        stmts = [create_enum(s, e)]
        if e.comment:
            stmts.append(ddl.comment_on("TYPE", qualified(s, e.name), e.comment))
        out.append(
            ctx.missing(
                "enum",
                (s, e.name),
                expected=list(e.labels),
                message=f"Enum type {s}.{e.name} is missing from the database.",
                fix=ddl.script(stmts),
            )
        )
    for a in matched.unexpected:
        found = ctx.unexpected_(
            "enum",
            (s, a.name),
            schema=s,
            actual=list(a.labels),
            message=f"Enum type {s}.{a.name} exists in the database but is not declared.",
            fix=ddl.script([f"DROP TYPE {qualified(s, a.name)}"]),
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        if e.labels != a.labels:
            out.append(_labels_changed(ctx, s, e, a))
        out += compare_comment(
            ctx,
            path=(s, e.name),
            schema=s,
            what=f"Enum type {s}.{e.name}",
            kind_sql="TYPE",
            target_sql=qualified(s, e.name),
            expected=e.comment,
            actual=a.comment,
        )
    return out


def _labels_changed(ctx: DiffContext, s: str, e: Enum, a: Enum) -> Finding:
    added = [x for x in e.labels if x not in a.labels]
    removed = [x for x in a.labels if x not in e.labels]
    if _is_subsequence(a.labels, e.labels):
        what = f"lacks label(s) {', '.join(added)}"
        stmts = add_values(s, e, a.labels)
    else:
        parts = []
        if added:
            parts.append(f"lacks {', '.join(added)}")
        if removed:
            parts.append(f"has extra {', '.join(removed)}")
        if not parts:
            parts.append("has its labels in another order")
        what = " and ".join(parts) + " (the type must be rebuilt)"
        stmts = rebuild(s, e, ctx.actual)
    return ctx.changed(
        "enum",
        "labels",
        (s, e.name),
        expected=list(e.labels),
        actual=list(a.labels),
        message=f"Enum type {s}.{e.name} {what}: the database has ({', '.join(a.labels)}), "
        f"expected ({', '.join(e.labels)}).",
        fix=ddl.script(stmts),
    )
