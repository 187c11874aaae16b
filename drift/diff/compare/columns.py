"""Columns: present or not, type, collation, nullability, default, identity, generated expression and
storage (STORED or VIRTUAL).

Equivalent spellings are equal (see `normalize`): `int4`/`integer`, `serial` versus integer with a
`nextval()` default, cast noise in defaults. An identity or generated column's default is ignored.
Column order is not compared: PostgreSQL cannot reorder columns, and queries name their columns.
Views' columns follow from their definition (compared in `views`); partitions' columns are their
parent's (compared there).
"""

from __future__ import annotations

import re

from drift.diff import create_objects, ddl
from drift.diff.compare.comments import compare_comment
from drift.diff.compare.sequences import identity_options_changed, restart_clause
from drift.diff.context import DiffContext
from drift.diff.matching import TablePair, match_by_key, same, same_all
from drift.diff.normalize import (
    canonical_expr,
    defaults_equal,
    is_serial,
    nextval_sequence,
    normalize_default,
    normalize_type,
)
from drift.diff.quoting import qualified, quote_ident, quote_literal
from drift.diff.registry import table_comparator
from drift.model import Column, Finding, Schema, Sequence
from drift.model.identity import identity_sequence

_ANY_NEXTVAL = "nextval(*)"


def effective_default(col: Column) -> str | None:
    """The default that matters: None for identity and generated columns; any nextval for serial."""
    if col.identity is not None or col.generated is not None:
        return None
    if is_serial(col.type) and col.default is None:
        return _ANY_NEXTVAL
    return normalize_default(col.default, col.type)


def column_defaults_equal(expected: Column, actual: Column) -> bool:
    e, a = effective_default(expected), effective_default(actual)
    if e == a:
        return True
    if _ANY_NEXTVAL in (e, a):
        other = a if e == _ANY_NEXTVAL else e
        return other is not None and other.startswith("nextval(")
    if None in (e, a):
        return False
    return defaults_equal(expected.default, expected.type, actual.default, actual.type)


def _describe(col: Column) -> str:
    """The column's definition without its name: `character varying(255) NOT NULL DEFAULT ...`."""
    return ddl.column_definition(col).removeprefix(quote_ident(col.name) + " ")


def _owned_sequence(schema: Schema, table: str, col: Column) -> Sequence | None:
    name = nextval_sequence(col.default)
    if name is None:
        return None
    for seq in schema.sequences:
        if seq.name == name and seq.owned_by == f"{table}.{col.name}":
            return seq
    return None


@table_comparator
def compare_columns(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    exp_t, act_t = pair.expected, pair.actual
    identity_findings = _identity_options(ctx, pair)
    if same_all(exp_t.columns, act_t.columns):
        return identity_findings
    matched = match_by_key(exp_t.columns, act_t.columns, lambda c: c.name)
    structural = not exp_t.is_view and not (exp_t.partition_of and act_t.partition_of)
    findings: list[Finding] = identity_findings
    s, t = pair.path
    if structural:
        for col in matched.missing:
            findings.append(_missing(ctx, pair, col))
        for col in matched.unexpected:
            found = ctx.unexpected_(
                "column",
                pair.member_path(col.name),
                schema=s,
                actual=_describe(col),
                message=f"Column {s}.{t}.{col.name} ({_describe(col)}) exists in the database but is not declared.",
                fix=ddl.script([ddl.alter_table(s, t, f"DROP COLUMN {quote_ident(col.name)}")]),
            )
            if found:
                findings.append(found)
    for e, a in matched.common:
        if same(e, a):
            continue
        if structural:
            findings += _compare_column(ctx, pair, e, a)
        if (e.comment or None) == (a.comment or None):
            continue
        findings += compare_comment(
            ctx,
            path=pair.member_path(e.name),
            schema=s,
            what=f"Column {s}.{t}.{e.name}",
            kind_sql="COLUMN",
            target_sql=f"{qualified(s, t)}.{quote_ident(e.name)}",
            expected=e.comment,
            actual=a.comment,
        )
    return findings


def _missing(ctx: DiffContext, pair: TablePair, col: Column) -> Finding:
    s, t = pair.path
    stmts: list[str] = []
    seq = _owned_sequence(pair.expected_schema, t, col)
    new_seq = seq is not None and all(x.name != seq.name for x in pair.actual_schema.sequences)
    if seq is not None and new_seq:
        stmts += create_objects.create_sequence(s, seq, with_owner=False)
    identity = ddl.identity_of(pair.expected, col.name)
    stmts.append(ddl.alter_table(s, t, f"ADD COLUMN {ddl.column_definition(col, s, identity)}"))
    if seq is not None and new_seq:
        stmts.append(create_objects.sequence_owner(s, seq, pair.expected_schema))
    if col.comment:
        stmts.append(ddl.comment_on("COLUMN", f"{qualified(s, t)}.{quote_ident(col.name)}", col.comment))
    return ctx.missing(
        "column",
        pair.member_path(col.name),
        expected=_describe(col),
        message=f"Column {s}.{t}.{col.name} ({_describe(col)}) is missing from the database.",
        fix=ddl.script(stmts),
    )


def _compare_column(ctx: DiffContext, pair: TablePair, e: Column, a: Column) -> list[Finding]:
    s, t = pair.path
    path = pair.member_path(e.name)
    what = f"Column {s}.{t}.{e.name}"
    out: list[Finding] = []
    if normalize_type(e.type) != normalize_type(a.type):
        out.append(
            ctx.changed(
                "column", "type", path, expected=e.type, actual=a.type,
                message=f"{what} has type {a.type}; expected {e.type}.",
                fix=ddl.script(_retype(s, t, e, a)),
            )
        )  # fmt: skip
    elif _collation(e) != _collation(a):
        out.append(
            ctx.changed(
                "column", "collation", path, expected=e.collation, actual=a.collation,
                message=f"{what} uses collation {a.collation or 'default'}; expected {e.collation or 'default'}.",
                fix=ddl.script(_retype(s, t, e, a)),
            )
        )  # fmt: skip
    if e.nullable != a.nullable:
        action = "DROP NOT NULL" if e.nullable else "SET NOT NULL"
        out.append(
            ctx.changed(
                "column", "nullable", path, expected=e.nullable, actual=a.nullable,
                message=f"{what} is {'nullable' if a.nullable else 'NOT NULL'}; "
                f"expected {'nullable' if e.nullable else 'NOT NULL'}.",
                fix=ddl.script([ddl.alter_column(s, t, e.name, action)]),
            )
        )  # fmt: skip
    if e.identity != a.identity:
        out.append(_identity_changed(ctx, pair, e, a))
    elif canonical_expr(e.generated, pair.expected_types) != canonical_expr(a.generated, pair.actual_types):
        out.append(_generated_changed(ctx, pair, e, a))
    elif ddl.generated_storage(e) != ddl.generated_storage(a):
        out.append(_storage_changed(ctx, pair, e, a))
    elif not column_defaults_equal(e, a):
        out.append(
            ctx.changed(
                "column", "default", path, expected=e.default, actual=a.default,
                message=f"{what} has default {a.default or 'none'}; expected {e.default or 'none'}.",
                fix=ddl.script([ddl.set_default(s, t, e.name, e.default)]),
            )
        )  # fmt: skip
    return out


def _retype(s: str, t: str, e: Column, a: Column) -> list[str]:
    """ALTER COLUMN ... TYPE, the database's default dropped first (the server would cast it to the
    new type, and refuses when it cannot: text 'a' to an enum, even when the expected default reads
    the same) and the expected one set after the type (a changed default's own finding says the same
    statement). A serial column's nextval() default stays: it casts to any integer type."""
    if a.default is None or (
        column_defaults_equal(e, a) and (e.default is None or a.default.startswith("nextval("))
    ):
        return [ddl.change_type(s, t, e)]
    stmts = [ddl.set_default(s, t, e.name, None), ddl.change_type(s, t, e)]
    if e.default is not None:
        stmts.append(ddl.set_default(s, t, e.name, e.default))
    return stmts


def _collation(col: Column) -> str | None:
    return col.collation.strip('"') if col.collation else None


def _identity_changed(ctx: DiffContext, pair: TablePair, e: Column, a: Column) -> Finding:
    s, t = pair.path
    stmts: list[str] = []
    if e.identity is not None and a.identity is not None:
        stmts.append(ddl.alter_column(s, t, e.name, f"SET GENERATED {e.identity.upper()}"))
    elif e.identity is not None:
        if a.default is not None:
            stmts.append(ddl.set_default(s, t, e.name, None))
        old = _owned_sequence(pair.actual_schema, t, a)
        if old is not None:
            stmts.append(f"DROP SEQUENCE IF EXISTS {qualified(s, old.name)}")
        if a.nullable:
            stmts.append(ddl.alter_column(s, t, e.name, "SET NOT NULL"))
        identity = ddl.identity_of(pair.expected, e.name)
        stmts.append(ddl.alter_column(s, t, e.name, f"ADD {ddl.identity_clause(e, identity)}"))
        seq_ref = f"pg_get_serial_sequence({quote_literal(qualified(s, t))}, {quote_literal(e.name)})"
        stmts.append(_setval(seq_ref, s, t, e.name, identity))
    else:
        stmts.append(ddl.alter_column(s, t, e.name, "DROP IDENTITY IF EXISTS"))
        seq = _owned_sequence(pair.expected_schema, t, e)
        if seq is not None:
            stmts += create_objects.create_sequence(s, seq, schema=pair.expected_schema)
            stmts.append(_setval(quote_literal(qualified(s, seq.name)), s, t, e.name, seq))
        if e.default is not None:
            stmts.append(ddl.set_default(s, t, e.name, e.default))
    return ctx.changed(
        "column",
        "identity",
        pair.member_path(e.name),
        expected=e.identity,
        actual=a.identity,
        message=f"Column {s}.{t}.{e.name} is {_identity_text(a)}; expected {_identity_text(e)}.",
        fix=ddl.script(stmts),
    )


def _identity_options(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    """Identity columns of the same kind on both sides whose sequences' options differ; only when
    both tables give their identity sequences (expected-schema files and ORM models do not)."""
    exp_t, act_t = pair.expected, pair.actual
    if not exp_t.identity_sequences or not act_t.identity_sequences:
        return []
    if same_all(exp_t.identity_sequences, act_t.identity_sequences):
        return []
    actual_seqs = {seq.owned_by: seq for seq in act_t.identity_sequences}
    findings = []
    for exp_seq in exp_t.identity_sequences:
        column = (exp_seq.owned_by or "")[len(exp_t.name) + 1 :]
        e, a = exp_t.get_column(column), act_t.get_column(column)
        act_seq = actual_seqs.get(f"{act_t.name}.{column}")
        if e is None or a is None or act_seq is None or e.identity is None or e.identity != a.identity:
            continue  # a missing column, or a changed identity kind: their own findings
        if normalize_type(e.type) != normalize_type(a.type):
            act_seq = _after_type_change(act_seq, a.type, e.type)
        found = _identity_options_changed(ctx, pair, e, exp_seq, act_seq)
        if found is not None:
            findings.append(found)
    return findings


def _after_type_change(seq: Sequence, old_type: str, new_type: str) -> Sequence:
    """An identity sequence as the column's type change (its own finding) leaves it: the server
    moves bounds that were the old type's natural ones to the new type's."""
    old = identity_sequence(seq.name, seq.owned_by or "", old_type, increment=seq.increment)
    new = identity_sequence(seq.name, seq.owned_by or "", new_type, increment=seq.increment)
    update: dict[str, object] = {"data_type": new.data_type}
    if seq.min_value == old.min_value:
        update["min_value"] = new.min_value
    if seq.max_value == old.max_value:
        update["max_value"] = new.max_value
    return seq.model_copy(update=update)


def _identity_options_changed(
    ctx: DiffContext, pair: TablePair, e: Column, exp_seq: Sequence, act_seq: Sequence
) -> Finding | None:
    expected, actual, severity = identity_options_changed(exp_seq, act_seq)
    if not expected:
        return None
    s, t = pair.path
    return ctx.changed(
        "column",
        "identity_sequence",
        pair.member_path(e.name),
        expected=" ".join(expected),
        actual=" ".join(actual),
        message=f"Column {s}.{t}.{e.name}'s identity has {', '.join(actual)}; expected {', '.join(expected)}.",
        fix=ddl.script(
            [
                ddl.alter_column(
                    s,
                    t,
                    e.name,
                    " ".join(f"SET {clause}" for clause in expected) + restart_clause(exp_seq, act_seq),
                )
            ]
        ),
        severity=severity,
    )


def _setval(seq_ref: str, s: str, t: str, column: str, seq: Sequence | None = None) -> str:
    """Moves a sequence past the column's existing values, never outside its bounds: on from
    max + 1 (ascending) or min - 1 (descending), or its START when that is further or the table
    is empty. `seq` gives the direction and START (default: ascending from 1)."""
    col = quote_ident(column)
    start = seq.start if seq is not None else 1
    if seq is not None and seq.increment < 0:
        value = f"least(coalesce(min({col}) - 1, {start}), {start})"
    else:
        value = f"greatest(coalesce(max({col}) + 1, {start}), {start})"
    return f"SELECT setval({seq_ref}, {value}, false) FROM {qualified(s, t)}"


def _identity_text(col: Column) -> str:
    if col.identity is not None:
        return f"GENERATED {col.identity.upper()} AS IDENTITY"
    if col.default is not None and col.default.startswith("nextval("):
        return f"not an identity column (default {col.default})"
    return "not an identity column"


def _generated_changed(ctx: DiffContext, pair: TablePair, e: Column, a: Column) -> Finding:
    s, t = pair.path
    if e.generated is None and ddl.generated_storage(a) == "stored":
        stmts = [ddl.alter_column(s, t, e.name, "DROP EXPRESSION")]  # keeps the stored values
    else:
        stmts = _readd(pair, e)
    exp_text = ddl.generated_clause(e) if e.generated else "not generated"
    act_text = ddl.generated_clause(a) if a.generated else "not generated"
    return ctx.changed(
        "column",
        "generated",
        pair.member_path(e.name),
        expected=e.generated,
        actual=a.generated,
        message=f"Column {s}.{t}.{e.name} is {act_text}; expected {exp_text}.",
        fix=ddl.script(stmts),
    )


def _storage_changed(ctx: DiffContext, pair: TablePair, e: Column, a: Column) -> Finding:
    """Same expression, STORED versus VIRTUAL: PostgreSQL cannot convert a column between the two
    (ALTER COLUMN ... SET EXPRESSION keeps the storage), so the fix drops and re-adds it."""
    s, t = pair.path
    expected, actual = ddl.generated_storage(e), ddl.generated_storage(a)
    return ctx.changed(
        "column",
        "generated_storage",
        pair.member_path(e.name),
        expected=expected,
        actual=actual,
        message=f"Column {s}.{t}.{e.name} is a {(actual or '').upper()} generated column; "
        f"expected {(expected or '').upper()}.",
        fix=ddl.script(_readd(pair, e)),
    )


def _readd(pair: TablePair, e: Column) -> list[str]:
    """DROP COLUMN and ADD COLUMN as `e` says, then what the drop took with it and the expected
    table declares: the column's comment, the indexes that use it (not those behind a key) and its
    column grants."""
    s, t = pair.path
    stmts = [
        ddl.alter_table(s, t, f"DROP COLUMN {quote_ident(e.name)}"),
        ddl.alter_table(s, t, f"ADD COLUMN {ddl.column_definition(e, s)}"),
    ]
    if e.comment is not None:
        stmts.append(ddl.comment_on("COLUMN", f"{qualified(s, t)}.{quote_ident(e.name)}", e.comment))
    mention = re.compile(rf"(?<![\w\"]){re.escape(quote_ident(e.name))}(?![\w\"])")
    for idx in pair.expected.indexes:
        uses = (
            e.name in idx.include
            or any(k == e.name or k.startswith(e.name + " ") or mention.search(k) for k in idx.keys)
            or (idx.predicate is not None and mention.search(idx.predicate) is not None)
        )
        if uses and idx.constraint is None:
            stmts.append(ddl.create_index(s, pair.expected, idx, concurrently=False))
            if idx.comment:
                stmts.append(ddl.comment_on("INDEX", qualified(s, idx.name), idx.comment))
    stmts += [ddl.grant_column(s, t, p) for p in pair.expected.column_privileges if p.column == e.name]
    return stmts
