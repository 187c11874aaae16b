"""Integrity rules: `no-primary-key`, `invalid-constraint`, `status-without-check`,
`timestamp-without-timezone`.

These read the structure only: what the database promises about its rows, and where it promises
less than the application probably assumes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from drift.advice.column_scan import column_text_test
from drift.advice.index_facts import TableIndexes, is_usable
from drift.advice.rule import RuleContext, table_evidence
from drift.advice.sqltext import (
    mentioned_identifier_set,
    name_words,
    qualified,
    quote_ident,
    quote_literal,
    string_literal,
)
from drift.model import Column, Finding, Index, Schema, Table

# --- no-primary-key ----------------------------------------------------------------------------


def _promotable(table: Table, indexes: TableIndexes, index: Index) -> bool:
    """ALTER TABLE ... ADD PRIMARY KEY USING INDEX accepts it: a plain unique b-tree on NOT NULL
    columns, default ordering, no expressions, no predicate, not already a constraint's."""
    if not (index.unique and index.method == "btree" and is_usable(index)):
        return False
    if index.predicate or index.constraint or index.include:
        return False
    for key, name in zip(index.keys, indexes.key_columns(index), strict=True):
        if name is None or key not in (name, quote_ident(name)):
            return False  # an expression, or a non-default ordering or operator class
        col = table.get_column(name)
        if col is None or col.nullable:
            return False
    return True


def check_no_primary_key(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table in ctx.user_tables(partitions=False):
        if table.primary_key is not None:
            continue
        target = qualified(schema.name, table.name)
        indexes = ctx.indexes_of(table)
        candidates = sorted(
            (ix for ix in table.indexes if _promotable(table, indexes, ix)),
            key=lambda ix: (len(ix.keys), ix.name),
        )
        unique_constraints = [u.name for u in table.unique_constraints]
        message = (
            f"Table {schema.name}.{table.name} has no primary key: rows have no guaranteed identity, "
            "so duplicates can creep in, tools and ORMs cannot address single rows, and logical "
            "replication cannot replicate its UPDATEs and DELETEs."
        )
        fix: str | None
        if candidates:
            ix = candidates[0]
            message += f" The unique index {ix.name} on NOT NULL columns can become the primary key."
            fix = (
                f"ALTER TABLE {target} ADD CONSTRAINT {quote_ident(ix.name)} "
                f"PRIMARY KEY USING INDEX {quote_ident(ix.name)};"
            )
        elif unique_constraints:
            message += f" Unique constraint {unique_constraints[0]} may be the natural key to promote."
            fix = None
        elif table.get_column("id") is None and table.kind == "table":
            message += " If the rows have no natural key, add a surrogate one."
            fix = (
                "-- adds a column and rewrites the table under an ACCESS EXCLUSIVE lock\n"
                f"ALTER TABLE {target} ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;"
            )
        else:
            fix = None
        yield ctx.finding(
            object_type="table",
            path=(schema.name, table.name),
            message=message,
            evidence={
                "kind": table.kind,
                "promotable_unique_indexes": [ix.name for ix in candidates],
                "unique_constraints": unique_constraints,
                **table_evidence(ctx.table_stats(schema.name, table.name)),
            },
            fix=fix,
        )


# --- invalid-constraint ------------------------------------------------------------------------


def check_invalid_constraint(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table in ctx.user_tables(partitions=False):
        target = qualified(schema.name, table.name)
        pending: list[tuple[str, str, Any]] = [
            (
                fk.name,
                "foreign_key",
                f"FOREIGN KEY ({', '.join(fk.columns)}) REFERENCES "
                f"{fk.ref_schema}.{fk.ref_table} ({', '.join(fk.ref_columns)})",
            )
            for fk in table.foreign_keys
            if not fk.validated and fk.enforced  # NOT ENFORCED (PG 18) checks nothing: not this case
        ]
        pending += [
            (ck.name, "check", f"CHECK ({ck.expression})")
            for ck in table.check_constraints
            if not ck.validated and ck.enforced
        ]
        for name, kind, definition in pending:
            yield ctx.finding(
                object_type="foreign_key" if kind == "foreign_key" else "check",
                path=(schema.name, table.name, name),
                message=(
                    f"Constraint {name} on {schema.name}.{table.name} was added NOT VALID and never "
                    "validated: new rows are checked but existing rows never were, so the table may "
                    "hold rows that break it (and the planner cannot rely on it)."
                ),
                evidence={"constraint": name, "type": kind, "definition": definition, "validated": False},
                fix=(
                    "-- scans the table under a SHARE UPDATE EXCLUSIVE lock (reads and writes go on)\n"
                    f"ALTER TABLE {target} VALIDATE CONSTRAINT {quote_ident(name)};"
                ),
            )


# --- status-without-check ----------------------------------------------------------------------

STATUS_WORDS = frozenset({"status", "state", "type", "kind", "role", "category", "priority"})
_TEXT_TYPE = re.compile(r"^(?:[\w\"]+\.)?(?:text|character varying|character|varchar|citext)(?:\(\d+\))?$")


@column_text_test
def _status_like(name: str, type_: str, comment: str | None) -> bool:
    words = name_words(name)
    return bool(words) and words[-1] in STATUS_WORDS and bool(_TEXT_TYPE.match(type_))


def _constrained(table: Table, column: Column) -> bool:
    name = column.name
    for fk in table.foreign_keys:
        if name in fk.columns:
            return True
    for ck in table.check_constraints:
        if name in mentioned_identifier_set(ck.expression):
            return True
    return False


def _free_check_name(table: Table, column: str) -> str:
    taken = {c.name for c in table.check_constraints}
    name, n = f"{table.name}_{column}_check", 1
    while name in taken:
        name, n = f"{table.name}_{column}_check{n}", n + 1
    return name


def check_status_without_check(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table, column in ctx.columns_where(_status_like):
        if not _constrained(table, column):
            yield _status_finding(ctx, schema, table, column)


def _status_finding(ctx: RuleContext, schema: Schema, table: Table, column: Column) -> Finding:
    target = qualified(schema.name, table.name)
    col = quote_ident(column.name)
    default = string_literal(column.default)
    values = f"{quote_literal(default)}, ..." if default is not None else "..."
    check = quote_ident(_free_check_name(table, column.name))
    return ctx.finding(
        object_type="column",
        path=(schema.name, table.name, column.name),
        message=(
            f"Column {schema.name}.{table.name}.{column.name} ({column.type}) looks like a fixed set "
            "of values but nothing in the database enforces one: no CHECK constraint mentions it, it "
            "is not an enum or domain, and no foreign key points it at a lookup table. Any typo the "
            "application lets through is stored."
        ),
        evidence={"type": column.type, "default": column.default, "nullable": column.nullable},
        # A template, commented out: drift cannot know the allowed values, and a guessed list
        # would reject the application's next insert. Pasted as is, it runs and does nothing.
        fix=(
            "-- a template: list the allowed values in place of ..., then uncomment. What is stored now:\n"
            f"-- SELECT {col}, count(*) FROM {target} GROUP BY 1 ORDER BY 2 DESC;\n"
            f"-- ALTER TABLE {target} ADD CONSTRAINT {check} CHECK ({col} IN ({values})) NOT VALID;\n"
            f"-- ALTER TABLE {target} VALIDATE CONSTRAINT {check};"
        ),
    )


# --- timestamp-without-timezone ----------------------------------------------------------------


@column_text_test
def _timestamp_without_timezone(name: str, type_: str, comment: str | None) -> bool:
    return type_.startswith("timestamp") and "without time zone" in type_


def check_timestamp_without_timezone(ctx: RuleContext) -> Iterator[Finding]:
    for schema, table, column in ctx.columns_where(_timestamp_without_timezone):
        new_type = column.type.replace("without time zone", "with time zone")
        yield ctx.finding(
            object_type="column",
            path=(schema.name, table.name, column.name),
            message=(
                f"Column {schema.name}.{table.name}.{column.name} is {column.type}: it stores a "
                "wall-clock time with no zone, so the same instant reads differently from "
                "sessions or servers in other time zones, and daylight-saving changes produce "
                "ambiguous or impossible values. timestamp with time zone stores the instant."
            ),
            evidence={"type": column.type, "default": column.default},
            fix=(
                "-- assumes the stored values are UTC; with TimeZone = UTC, PostgreSQL 12+ changes\n"
                "-- the type without rewriting the table (still an ACCESS EXCLUSIVE lock)\n"
                "SET TimeZone = 'UTC';\n"
                f"ALTER TABLE {qualified(schema.name, table.name)} ALTER COLUMN "
                f"{quote_ident(column.name)} TYPE {new_type};"
            ),
        )
