"""Foreign-key rules: `fk-without-index` and `fk-type-mismatch`.

PostgreSQL indexes the referenced side of a foreign key (it must be a primary key or unique) but
never the referencing side. Without that index every DELETE or key UPDATE on the parent scans the
child table, under a lock, and ON DELETE CASCADE turns one delete into a sequential scan per child.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from drift.advice.rule import RuleContext, table_evidence
from drift.advice.sqltext import index_name, qualified, quote_ident
from drift.model import Finding, ForeignKey, Schema, Table


def _inherited_from_parent(ctx: RuleContext, table: Table, fk: ForeignKey) -> bool:
    """A partition's copy of its parent's foreign key: reported once, on the parent."""
    parent = ctx.parent_of(table)
    if parent is None:
        return False
    return any(
        p.columns == fk.columns and (p.ref_schema, p.ref_table) == (fk.ref_schema, fk.ref_table)
        for p in parent.foreign_keys
    )


def _free_index_name(ctx: RuleContext, schema: Schema, table: Table, columns: tuple[str, ...]) -> str:
    taken = ctx.lookups.relation_names.get(schema.name, set())
    name = index_name(table.name, columns, "idx")
    n = 1
    while name in taken:
        name = index_name(table.name, columns, f"idx{n}")
        n += 1
    taken.add(name)  # two suggestions in one run must not collide either
    return name


def check_fk_without_index(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table in ctx.user_tables():
        if not table.foreign_keys:
            continue
        indexes = ctx.indexes_of(table)
        for fk in table.foreign_keys:
            if indexes.covering(fk.columns) or _inherited_from_parent(ctx, table, fk):
                continue
            yield _fk_finding(ctx, schema, table, fk)


def _fk_finding(ctx: RuleContext, schema: Schema, table: Table, fk: ForeignKey) -> Finding:
    cols = ", ".join(fk.columns)
    child = f"{schema.name}.{table.name}"
    parent = f"{fk.ref_schema}.{fk.ref_table}"
    partial = ctx.indexes_of(table).containing(fk.columns)
    stats = ctx.table_stats(schema.name, table.name)
    evidence: dict[str, Any] = {
        "constraint": fk.name,
        "columns": list(fk.columns),
        "references": f"{parent} ({', '.join(fk.ref_columns)})",
        "on_delete": fk.on_delete,
        "on_update": fk.on_update,
        **table_evidence(stats),
    }
    if partial:
        evidence["indexes_not_leading_with_fk"] = partial
    if stats is not None:
        evidence["table_seq_scan"] = stats.seq_scan
        evidence.update(ctx.window.evidence())
    effect = (
        f"every DELETE on {parent} cascades into a sequential scan of {child}"
        if fk.on_delete in ("CASCADE", "SET NULL", "SET DEFAULT")
        else f"every DELETE or key UPDATE on {parent} scans {child} to check for references"
    )
    message = (
        f"Foreign key {fk.name} on {child} ({cols}) has no valid index leading with its columns: "
        f"{effect}, and joins to {parent} on ({cols}) cannot use an index."
    )
    if partial:
        message += f" Indexes {', '.join(partial)} contain the columns but do not lead with them."
    new_name = _free_index_name(ctx, schema, table, fk.columns)
    quoted_cols = ", ".join(quote_ident(c) for c in fk.columns)
    target = qualified(schema.name, table.name)
    if table.kind == "partitioned_table":
        fix = (
            "-- CONCURRENTLY is not supported on a partitioned table; this locks writes while it builds\n"
            f"CREATE INDEX {quote_ident(new_name)} ON {target} ({quoted_cols});"
        )
    else:
        fix = f"CREATE INDEX CONCURRENTLY {quote_ident(new_name)} ON {target} ({quoted_cols});"
    return ctx.finding(
        object_type="foreign_key",
        path=(schema.name, table.name, fk.name),
        message=message,
        evidence=evidence,
        fix=fix,
    )


# --- fk-type-mismatch --------------------------------------------------------------------------

_INT_WIDTH = {"smallint": 2, "integer": 4, "bigint": 8}
_TEXTY = re.compile(r"^(character varying|character|text)(?:\((\d+)\))?$")


@functools.lru_cache(maxsize=65536)
def _narrower(child: str, parent: str) -> bool:
    """Can the child column fail to hold a value the parent key can take?"""
    if child in _INT_WIDTH and parent in _INT_WIDTH:
        return _INT_WIDTH[child] < _INT_WIDTH[parent]
    c, p = _TEXTY.match(child), _TEXTY.match(parent)
    if c and p:
        c_len = int(c.group(2)) if c.group(2) else None
        p_len = int(p.group(2)) if p.group(2) else None
        return c_len is not None and (p_len is None or c_len < p_len)
    return False


def check_fk_type_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[tuple[str, ...]] = set()
    for schema, table in ctx.user_tables():
        for fk in table.foreign_keys:
            if _inherited_from_parent(ctx, table, fk):
                continue
            ref = ctx.get_table(fk.ref_schema, fk.ref_table)
            if ref is None:
                continue
            columns, ref_columns = ctx.lookups.columns_by_name(table), ctx.lookups.columns_by_name(ref)
            for col_name, ref_name in zip(fk.columns, fk.ref_columns, strict=False):
                col, ref_col = columns.get(col_name), ref_columns.get(ref_name)
                if col is None or ref_col is None or not _narrower(col.type, ref_col.type):
                    continue
                if (path := (schema.name, table.name, col.name)) in seen:
                    continue
                seen.add(path)
                child = f"{schema.name}.{table.name}.{col.name}"
                parent = f"{fk.ref_schema}.{fk.ref_table}.{ref_col.name}"
                yield ctx.finding(
                    object_type="column",
                    path=path,
                    message=(
                        f"{child} is {col.type} but the key it references through {fk.name}, "
                        f"{parent}, is {ref_col.type}: once the parent's keys outgrow {col.type}, "
                        f"rows referencing them cannot be stored."
                    ),
                    evidence={
                        "constraint": fk.name,
                        "column_type": col.type,
                        "referenced_column": parent,
                        "referenced_type": ref_col.type,
                    },
                    fix=(
                        "-- rewrites the table under an ACCESS EXCLUSIVE lock\n"
                        f"ALTER TABLE {qualified(schema.name, table.name)} ALTER COLUMN "
                        f"{quote_ident(col.name)} TYPE {ref_col.type};"
                    ),
                )
