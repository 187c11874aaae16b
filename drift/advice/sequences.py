"""`sequence-exhaustion`: a sequence, or the column it feeds, running out of numbers.

A sequence stops at its type's bound (nextval fails); a column fed by a wider sequence stops earlier
(the INSERT fails with "integer out of range"): the classic case is a `serial` column left as
`integer` while its sequence, or an identity moved to `bigint`, keeps counting. The range that runs
out first is the one measured.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drift.advice.rule import RuleContext
from drift.advice.sqltext import nextval_sequence, qualified, quote_ident
from drift.model import Finding, Sequence, SequenceUsage

INT_RANGES: dict[str, tuple[int, int]] = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}


@dataclass(frozen=True)
class FedColumn:
    schema: str
    table: str
    column: str
    type: str


def fed_columns(ctx: RuleContext, usage: SequenceUsage, sequence: Sequence | None) -> list[FedColumn]:
    """Columns that take their values from the sequence: owner, identity, or nextval() default."""
    found: dict[tuple[str, str, str], FedColumn] = {}
    owner = sequence.owned_by if sequence else None
    for schema, table in ctx.user_tables("table", "partitioned_table", partitions=False):
        for col in table.columns:
            ref = nextval_sequence(col.default)
            by_default = ref is not None and (ref[0] or schema.name, ref[1]) == (
                usage.schema_name,
                usage.name,
            )
            by_owner = schema.name == usage.schema_name and owner == f"{table.name}.{col.name}"
            if by_default or by_owner:
                found[(schema.name, table.name, col.name)] = FedColumn(
                    schema.name, table.name, col.name, col.type
                )
    return [found[k] for k in sorted(found)]


def _fraction(value: int, low: int, high: int, increment: int) -> float | None:
    span = high - low
    if span <= 0:
        return None
    return (value - low) / span if increment >= 0 else (high - value) / span


def check_sequence_exhaustion(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.stats is None:
        return
    threshold = ctx.number("max_fraction_used")
    for usage in ctx.stats.sequences:
        schema = ctx.catalog.get_schema(usage.schema_name)
        sequence = next((s for s in schema.sequences if s.name == usage.name), None) if schema else None
        if usage.last_value is None or (sequence is not None and sequence.extension):
            continue
        columns = fed_columns(ctx, usage, sequence)
        low, high, limit = usage.min_value, usage.max_value, "sequence"
        for col in columns:
            if col.type in INT_RANGES:
                c_low, c_high = INT_RANGES[col.type]
                if c_high < high or c_low > low:
                    low, high = max(low, c_low), min(high, c_high)
                    limit = f"column {col.schema}.{col.table}.{col.column} ({col.type})"
        if limit == "sequence" and sequence is not None and sequence.cycle:
            continue  # a cycling sequence wraps around instead of failing
        fraction = _fraction(usage.last_value, low, high, usage.increment)
        if fraction is None or fraction < threshold:
            continue
        yield _finding(ctx, usage, columns, fraction, low, high, limit)


def referencing_columns(ctx: RuleContext, col: FedColumn) -> list[FedColumn]:
    """Columns whose foreign keys point at `col`: they must be widened with it."""
    out: list[FedColumn] = []
    for schema, table in ctx.user_tables(partitions=False):
        for fk in table.foreign_keys:
            if (fk.ref_schema, fk.ref_table) != (col.schema, col.table):
                continue
            for mine, theirs in zip(fk.columns, fk.ref_columns, strict=False):
                c = table.get_column(mine)
                if theirs == col.column and c is not None and c.type in ("smallint", "integer"):
                    out.append(FedColumn(schema.name, table.name, c.name, c.type))
    return out


def _finding(
    ctx: RuleContext,
    usage: SequenceUsage,
    columns: list[FedColumn],
    fraction: float,
    low: int,
    high: int,
    limit: str,
) -> Finding:
    name = f"{usage.schema_name}.{usage.name}"
    last = usage.last_value or 0
    if usage.increment >= 0:
        remaining = (high - last) // max(usage.increment, 1)
    else:
        remaining = (last - low) // max(-usage.increment, 1)
    evidence: dict[str, Any] = {
        "data_type": usage.data_type,
        "last_value": usage.last_value,
        "min_value": low,
        "max_value": high,
        "increment": usage.increment,
        "fraction_used": round(fraction, 4),
        "values_left": remaining,
        "limited_by": limit,
        "columns": [f"{c.schema}.{c.table}.{c.column} ({c.type})" for c in columns],
        "stats_collected_at": ctx.window.measured_at.isoformat(),
    }
    message = (
        f"Sequence {name} has used {fraction:.0%} of its range ({usage.last_value:,} of {high:,}, "
        f"limited by the {limit}); {remaining:,} values are left before inserts start failing."
    )
    fix_lines = []
    narrow = [c for c in columns if c.type in ("smallint", "integer")]
    narrow += [r for c in list(narrow) for r in referencing_columns(ctx, c) if r not in narrow]
    if narrow:
        fix_lines.append("-- each ALTER COLUMN rewrites its table under an ACCESS EXCLUSIVE lock")
        fix_lines += [
            f"ALTER TABLE {qualified(c.schema, c.table)} ALTER COLUMN {quote_ident(c.column)} TYPE bigint;"
            for c in narrow
        ]
    if usage.data_type in ("smallint", "integer"):
        fix_lines.append(f"ALTER SEQUENCE {qualified(usage.schema_name, usage.name)} AS bigint;")
    return ctx.finding(
        object_type="sequence",
        path=(usage.schema_name, usage.name),
        message=message,
        evidence=evidence,
        fix="\n".join(fix_lines) or None,
    )
