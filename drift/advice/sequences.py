"""`sequence-exhaustion`: a sequence, or the column it feeds, running out of numbers.

A sequence stops at its type's bound (nextval fails); a column fed by a wider sequence stops earlier
(the INSERT fails with "integer out of range"): the classic case is a `serial` column left as
`integer` while its sequence, or an identity moved to `bigint`, keeps counting. The range that runs
out first is the one measured. Two facets, one rule:

- a sequence past `max_fraction_used` of that range: a warning on the sequence;
- an `integer`/`smallint` column fed by a sequence (serial, identity, nextval default) that is not
  there yet: info on the column, because widening is cheap while the table is small and a table
  rewrite under lock when it is not (`report_integer_columns`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drift.advice.column_scan import column_test
from drift.advice.rule import Lookups, RuleContext, table_evidence
from drift.advice.sqltext import index_name, nextval_sequence, qualified, quote_ident
from drift.model import Column, Finding, Schema, SequenceUsage, Table

INT_RANGES: dict[str, tuple[int, int]] = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
NARROW = ("smallint", "integer")


@dataclass(frozen=True)
class Feed:
    """A column that takes its values from a sequence (None when the sequence is not known)."""

    schema: str
    table: str
    column: str
    type: str
    sequence: tuple[str, str] | None
    identity: bool = False

    @property
    def label(self) -> str:
        return f"{self.schema}.{self.table}.{self.column} ({self.type})"


def feeds(ctx: RuleContext) -> list[Feed]:
    """Every column fed by a sequence: a nextval() default, OWNED BY, or an identity (whose
    sequence is found by PostgreSQL's default name, table_column_seq, among the statistics)."""
    usage_names = {(u.schema_name, u.name) for u in (ctx.stats.sequences if ctx.stats else ())}
    owners = ctx.lookups.owned_columns
    out: list[Feed] = []
    for schema, table, col in ctx.columns_where(_maybe_fed):
        seq: tuple[str, str] | None = None
        ref = nextval_sequence(col.default) if col.default else None
        owner = (schema.name, f"{table.name}.{col.name}") if owners else None
        if ref is not None:
            seq = (ref[0] or schema.name, ref[1])
        elif owner in owners:
            seq = (schema.name, owners[owner])
        elif col.identity is not None:
            guess = (schema.name, index_name(table.name, [col.name], "seq"))
            seq = guess if guess in usage_names else None
        else:
            continue
        out.append(Feed(schema.name, table.name, col.name, col.type, seq, col.identity is not None))
    return out


@column_test
def _maybe_fed(lookups: Lookups, schema: Schema, table: Table, column: Column) -> bool:
    """What `feeds` looks at: a default, an identity, or a sequence OWNED BY the column."""
    if column.default or column.identity is not None:
        return True
    owned = lookups.owned_columns
    return bool(owned) and (schema.name, f"{table.name}.{column.name}") in owned


def share(fraction: float) -> str:
    """'0.42%', or '<0.01%' rather than a misleading '0.00%' for a sequence that has barely started."""
    return "<0.01%" if 0 < fraction < 0.0001 else f"{fraction:.2%}"


def _fraction(value: int, low: int, high: int, increment: int) -> float | None:
    span = high - low
    if span <= 0:
        return None
    return (value - low) / span if increment >= 0 else (high - value) / span


def check_sequence_exhaustion(ctx: RuleContext) -> Iterator[Finding]:
    all_feeds = feeds(ctx)
    by_sequence: dict[tuple[str, str], list[Feed]] = {}
    for f in all_feeds:
        if f.sequence is not None:
            by_sequence.setdefault(f.sequence, []).append(f)
    usages = {(u.schema_name, u.name): u for u in (ctx.stats.sequences if ctx.stats else ())}
    reported: set[tuple[str, str]] = set()
    for key, usage in sorted(usages.items()):
        finding = _exhausted(ctx, usage, by_sequence.get(key, []))
        if finding is not None:
            reported.add(key)
            yield finding
    if not ctx.flag("report_integer_columns"):
        return
    for feed in all_feeds:
        if feed.type in NARROW and (feed.sequence is None or feed.sequence not in reported):
            yield _integer_column(ctx, feed, usages.get(feed.sequence) if feed.sequence else None)


def _effective_range(usage: SequenceUsage, columns: list[Feed]) -> tuple[int, int, str]:
    low, high, limit = usage.min_value, usage.max_value, "sequence"
    for col in columns:
        if col.type in INT_RANGES:
            c_low, c_high = INT_RANGES[col.type]
            if c_high < high or c_low > low:
                low, high = max(low, c_low), min(high, c_high)
                limit = f"column {col.schema}.{col.table}.{col.column} ({col.type})"
    return low, high, limit


def _exhausted(ctx: RuleContext, usage: SequenceUsage, columns: list[Feed]) -> Finding | None:
    sequence = ctx.lookups.sequences.get((usage.schema_name, usage.name))
    if usage.last_value is None or (sequence is not None and sequence.extension):
        return None
    low, high, limit = _effective_range(usage, columns)
    if limit == "sequence" and sequence is not None and sequence.cycle:
        return None  # a cycling sequence wraps around instead of failing
    fraction = _fraction(usage.last_value, low, high, usage.increment)
    if fraction is None or fraction < ctx.number("max_fraction_used"):
        return None
    last = usage.last_value
    step = max(abs(usage.increment), 1)
    remaining = (high - last) // step if usage.increment >= 0 else (last - low) // step
    name = f"{usage.schema_name}.{usage.name}"
    return ctx.finding(
        object_type="sequence",
        path=(usage.schema_name, usage.name),
        message=(
            f"Sequence {name} has used {fraction:.0%} of its range ({last:,} of {high:,}, limited by "
            f"the {limit}); {remaining:,} values are left before inserts start failing."
        ),
        evidence={
            "data_type": usage.data_type,
            "last_value": last,
            "min_value": low,
            "max_value": high,
            "increment": usage.increment,
            "fraction_used": round(fraction, 4),
            "values_left": remaining,
            "limited_by": limit,
            "columns": [c.label for c in columns],
            "stats_collected_at": ctx.window.measured_at.isoformat(),
        },
        fix=_widen_sql(ctx, columns, (usage.schema_name, usage.name), usage.data_type),
    )


def _integer_column(ctx: RuleContext, feed: Feed, usage: SequenceUsage | None) -> Finding:
    low, high = INT_RANGES[feed.type]
    seq_name = f"{feed.sequence[0]}.{feed.sequence[1]}" if feed.sequence else "its identity sequence"
    evidence: dict[str, Any] = {
        "column_type": feed.type,
        "sequence": seq_name,
        "max_value": high,
        "last_value": usage.last_value if usage else None,
        "fraction_used": None,
        **table_evidence(ctx.table_stats(feed.schema, feed.table)),
    }
    if usage is not None and usage.last_value is not None:
        fraction = _fraction(usage.last_value, max(low, usage.min_value), high, usage.increment) or 0.0
        evidence["fraction_used"] = float(f"{fraction:.3g}")
        used = f"{usage.last_value:,} used so far, {share(fraction)} of its range"
    elif usage is not None:
        used = "not used yet"
    else:
        used = "its position is not visible here"
    seq_type = usage.data_type if usage else None
    return ctx.finding(
        object_type="column",
        path=(feed.schema, feed.table, feed.column),
        message=(
            f"Column {feed.schema}.{feed.table}.{feed.column} is {feed.type}, fed by {seq_name} "
            f"({used}): inserts start failing once it passes {high:,}. bigint costs 4 more bytes per "
            "row and never runs out; widening later rewrites the table under a lock, which is cheap "
            "only while the table is small."
        ),
        evidence=evidence,
        fix=_widen_sql(ctx, [feed], feed.sequence, seq_type),
        severity="info",
    )


def referencing_columns(ctx: RuleContext, col: Feed) -> list[Feed]:
    """Narrow columns whose foreign keys point at `col`: they must be widened with it."""
    out: list[Feed] = []
    for schema, table, column in ctx.lookups.referencing.get((col.schema, col.table, col.column), []):
        t = ctx.get_table(schema, table)
        c = t.get_column(column) if t else None
        if c is not None and c.type in NARROW:
            out.append(Feed(schema, table, c.name, c.type, None))
    return out


def _widen_sql(
    ctx: RuleContext, columns: list[Feed], sequence: tuple[str, str] | None, seq_type: str | None
) -> str | None:
    narrow = [c for c in columns if c.type in NARROW]
    narrow += [r for c in list(narrow) for r in referencing_columns(ctx, c) if r not in narrow]
    lines: list[str] = []
    if narrow:
        lines.append("-- each ALTER COLUMN rewrites its table under an ACCESS EXCLUSIVE lock")
        lines += [
            f"ALTER TABLE {qualified(c.schema, c.table)} ALTER COLUMN {quote_ident(c.column)} TYPE bigint;"
            for c in narrow
        ]
    # An identity column's sequence follows the column's type by itself.
    if sequence and seq_type in NARROW and not any(c.identity for c in columns):
        lines.append(f"ALTER SEQUENCE {qualified(*sequence)} AS bigint;")
    return "\n".join(lines) or None
