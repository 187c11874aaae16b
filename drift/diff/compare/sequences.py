"""Sequences: present or not, and their options (type, increment, bounds, start, cache, cycle, owner).

A sequence that belongs to a column (serial or identity) goes with that column: when the table or
column is itself missing or unexpected, the sequence is part of that one finding; and a sequence the
expected side leaves implicit (a `serial` or identity column declared without its sequence) is not
unexpected. Unset bounds equal the type's natural bounds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drift.diff import ddl
from drift.diff.compare.comments import compare_comment
from drift.diff.context import DiffContext
from drift.diff.create_objects import create_sequence, owner_column, sequence_owner
from drift.diff.matching import SchemaPair, match_by_key, same
from drift.diff.normalize import is_serial, nextval_sequence, normalize_type
from drift.diff.quoting import qualified
from drift.diff.registry import schema_comparator
from drift.model import Column, Finding, Schema, Sequence
from drift.model.findings import Severity
from drift.model.schema_objects import SEQUENCE_TYPE_RANGE

_TYPE_RANGE = SEQUENCE_TYPE_RANGE


def bounds(seq: Sequence) -> tuple[int, int]:
    low, high = _TYPE_RANGE.get(normalize_type(seq.data_type), _TYPE_RANGE["bigint"])
    default_min, default_max = (1, high) if seq.increment > 0 else (low, -1)
    return (
        seq.min_value if seq.min_value is not None else default_min,
        seq.max_value if seq.max_value is not None else default_max,
    )


def _attributes(seq: Sequence) -> dict[str, Any]:
    low, high = bounds(seq)
    return {
        "data_type": normalize_type(seq.data_type),
        "increment": seq.increment,
        "min_value": low,
        "max_value": high,
        "start": seq.start,
        "cache": seq.cache,
        "cycle": seq.cycle,
        "owned_by": seq.owned_by,
    }


_ALTER_CLAUSE: dict[str, Callable[[Sequence], str]] = {
    "data_type": lambda s: f"AS {s.data_type}",
    "increment": lambda s: f"INCREMENT BY {s.increment}",
    "min_value": lambda s: f"MINVALUE {bounds(s)[0]}",
    "max_value": lambda s: f"MAXVALUE {bounds(s)[1]}",
    "start": lambda s: f"START WITH {s.start}",
    "cache": lambda s: f"CACHE {s.cache}",
    "cycle": lambda s: "CYCLE" if s.cycle else "NO CYCLE",
}
_BOUND_OPTIONS = ("data_type", "increment", "min_value", "max_value", "start")
# A different start or cache changes nothing for rows already written: worth knowing, not an error.
_SEVERITY = {"start": "warning", "cache": "warning"}


# What an identity column's sequence is compared on: its type follows the column's (column.type)
# and its owner is the column itself.
_IDENTITY_OPTIONS = ("increment", "min_value", "max_value", "start", "cache", "cycle")


def restart_clause(expected: Sequence, actual: Sequence) -> str:
    """` RESTART` when the database's sequence starts outside the expected bounds: the server then
    refuses the new bounds ('RESTART value (1) cannot be less than MINVALUE (10)') unless the
    position moves to the new START too. Empty otherwise (the position is never touched)."""
    low, high = bounds(expected)
    return "" if low <= actual.start <= high else " RESTART"


def identity_options_changed(expected: Sequence, actual: Sequence) -> tuple[list[str], list[str], Severity]:
    """The options of two identity sequences that differ, as clauses (expected's, actual's), and
    the severity: `warning` when only START or CACHE differ, as for sequences."""
    exp, act = _attributes(expected), _attributes(actual)
    differ = [key for key in _IDENTITY_OPTIONS if exp[key] != act[key]]
    severity: Severity = "warning" if differ and all(key in _SEVERITY for key in differ) else "error"
    return (
        [_ALTER_CLAUSE[key](expected) for key in differ],
        [_ALTER_CLAUSE[key](actual) for key in differ],
        severity,
    )


def _owned(seq: Sequence) -> bool:
    return bool(seq.owned_by) and "." in (seq.owned_by or "")


def _owning_column(seq: Sequence, home: Schema, schema: Schema) -> tuple[bool, Column | None]:
    """(table exists in `schema`, the column there) for the column that owns `seq`, a sequence of
    `home` (where the owner's name is resolved first: names may hold dots)."""
    if not _owned(seq):
        return True, None
    table_name, column_name = owner_column(seq.owned_by or "", home, schema)
    table = schema.get_table(table_name)
    return table is not None, table.get_column(column_name) if table else None


def _missing_covered(seq: Sequence, expected: Schema, actual: Schema) -> bool:
    """The owning table or column is missing too (its fix creates the sequence), or the database's
    column is an identity column (the identity fix creates it), or both are identity columns (the
    implicit sequence's name is an implementation detail)."""
    if not _owned(seq):
        return False
    table_exists, col = _owning_column(seq, expected, actual)
    if not table_exists or col is None:
        return True
    return col.identity is not None


def _unexpected_covered(seq: Sequence, actual: Schema, expected: Schema) -> bool:
    """The owning table or column is unexpected too (dropping it drops the sequence), or the expected
    side declares that column serial/identity/nextval without declaring this sequence."""
    if not _owned(seq):
        return False
    table_exists, col = _owning_column(seq, actual, expected)
    if not table_exists or col is None:
        return True
    if col.identity is not None or is_serial(col.type):
        return True
    named = nextval_sequence(col.default)
    return named is not None and all(q.name != named for q in expected.sequences)


@schema_comparator
def compare_sequences(ctx: DiffContext, pair: SchemaPair) -> list[Finding]:
    exp = [q for q in pair.expected.sequences if q.extension is None]
    act = [q for q in pair.actual.sequences if q.extension is None]
    matched = match_by_key(exp, act, lambda q: q.name)
    s = pair.name
    out: list[Finding] = []
    for seq in matched.missing:
        if _missing_covered(seq, pair.expected, pair.actual):
            continue
        out.append(
            ctx.missing(
                "sequence",
                (s, seq.name),
                expected=seq.model_dump(mode="json", exclude_defaults=True),
                message=f"Sequence {s}.{seq.name} is missing from the database.",
                fix=ddl.script(create_sequence(s, seq, schema=pair.expected)),
            )
        )
    for seq in matched.unexpected:
        if _unexpected_covered(seq, pair.actual, pair.expected):
            continue
        found = ctx.unexpected_(
            "sequence",
            (s, seq.name),
            schema=s,
            actual=seq.model_dump(mode="json", exclude_defaults=True),
            message=f"Sequence {s}.{seq.name} exists in the database but is not declared.",
            fix=ddl.script([f"DROP SEQUENCE {qualified(s, seq.name)}"]),
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        if not same(e, a):
            out += _compare_sequence(ctx, pair, e, a)
    return out


def _compare_sequence(ctx: DiffContext, pair: SchemaPair, e: Sequence, a: Sequence) -> list[Finding]:
    s = pair.name
    ea, aa = _attributes(e), _attributes(a)
    target = qualified(s, e.name)
    out: list[Finding] = []
    # The type, increment, bounds and start that differ in one statement, the same for each of their
    # findings (the script keeps one): alone, MINVALUE 5 fails while START is still 1, and MAXVALUE
    # -1 while MINVALUE is 1. CACHE and CYCLE check nothing against the others.
    new_bounds = " ".join(_ALTER_CLAUSE[k](e) for k in _BOUND_OPTIONS if ea[k] != aa[k]) + restart_clause(
        e, a
    )
    for attr, ev in ea.items():
        av = aa[attr]
        if ev == av:
            continue
        if attr == "owned_by":
            stmt = sequence_owner(s, e, pair.expected, pair.actual)
        else:
            stmt = (
                f"ALTER SEQUENCE {target} {new_bounds if attr in _BOUND_OPTIONS else _ALTER_CLAUSE[attr](e)}"
            )
        out.append(
            ctx.changed(
                "sequence",
                attr,
                (s, e.name),
                expected=ev,
                actual=av,
                message=f"Sequence {s}.{e.name} has {attr.replace('_', ' ')} {av}; expected {ev}.",
                fix=ddl.script([stmt]),
                severity="warning" if attr in _SEVERITY else "error",
            )
        )
    out += compare_comment(
        ctx,
        path=(s, e.name),
        schema=s,
        what=f"Sequence {s}.{e.name}",
        kind_sql="SEQUENCE",
        target_sql=target,
        expected=e.comment,
        actual=a.comment,
    )
    return out
