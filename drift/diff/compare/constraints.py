"""Table constraints: primary key, foreign keys, unique, check and exclusion constraints.

Matched by name first, then by structure, so a constraint renamed in one database is one info
finding (`<kind>.renamed`, fix RENAME CONSTRAINT) rather than a drop and an add. Each kind is a
`ConstraintKind` below: how to read it from a table, which attributes it has (normalised for
comparison), and the SQL to create, drop and change it. Foreign keys and checks are added NOT VALID
and then validated, so the ALTER holds its strong lock only briefly. On a partition, constraints it
inherits from its parent are compared on the parent only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from drift.diff import ddl
from drift.diff.compare.partitions import inherited_filter
from drift.diff.context import DiffContext
from drift.diff.matching import Matched, TablePair, match_by_key, pair_structurally, same_all
from drift.diff.normalize import ColumnTypes, canonical_expr
from drift.diff.quoting import qualified, quote_ident
from drift.diff.registry import table_comparator
from drift.model import (
    CheckConstraint,
    ExclusionConstraint,
    Finding,
    ForeignKey,
    PrimaryKey,
    Table,
    UniqueConstraint,
)
from drift.model.findings import ObjectType

C = TypeVar("C", bound=PrimaryKey | ForeignKey | UniqueConstraint | CheckConstraint | ExclusionConstraint)


def _deferral(c: PrimaryKey | ForeignKey | UniqueConstraint | ExclusionConstraint) -> str:
    if not c.deferrable:
        return "NOT DEFERRABLE"
    return "DEFERRABLE INITIALLY DEFERRED" if c.initially_deferred else "DEFERRABLE"


@dataclass(frozen=True)
class ConstraintKind(Generic[C]):
    object_type: ObjectType
    label: str
    members: Callable[[Table], tuple[C, ...]]
    attributes: Callable[[C, ColumnTypes], dict[str, Any]]
    """Attribute -> comparable (normalised) value, given the column types of the constraint's table;
    the structural signature is all but `validated` and `enforced`."""
    clause: Callable[[C], str]
    create: Callable[[TablePair, C], list[str]]

    def signature(self, c: C, types: ColumnTypes = ()) -> tuple[Any, ...]:
        items = self.attributes(c, types).items()
        return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in items if k not in _STATE)


_STATE = ("validated", "enforced")  # whether a constraint is checked, not what it is


def _pk_create(pair: TablePair, pk: PrimaryKey) -> list[str]:
    if pk.without_overlaps:  # a GiST key: no CREATE UNIQUE INDEX for it to use
        return [ddl.alter_table(*pair.path, "ADD " + ddl.primary_key_clause(pk))]
    return _unique_via_index(pair, pk.name, pk.columns, "PRIMARY KEY", _deferral(pk), False)


def _uq_create(pair: TablePair, uq: UniqueConstraint) -> list[str]:
    if uq.without_overlaps:  # a GiST key: no CREATE UNIQUE INDEX for it to use
        return [ddl.alter_table(*pair.path, "ADD " + ddl.unique_clause(uq))]
    return _unique_via_index(pair, uq.name, uq.columns, "UNIQUE", _deferral(uq), uq.nulls_not_distinct)


def _unique_via_index(
    pair: TablePair, name: str, columns: tuple[str, ...], kind: str, deferral: str, nnd: bool
) -> list[str]:
    """Build the index CONCURRENTLY (no long lock), then attach it as the constraint."""
    s, t = pair.path
    if pair.actual.kind == "partitioned_table":  # neither CONCURRENTLY nor USING INDEX there
        nnd_sql = " NULLS NOT DISTINCT" if nnd else ""
        uq = "UNIQUE" + nnd_sql if kind == "UNIQUE" else kind
        clause = f"CONSTRAINT {quote_ident(name)} {uq} ({ddl.sql_list(columns)})"
        return [ddl.alter_table(s, t, f"ADD {clause}")]
    nnd_sql = " NULLS NOT DISTINCT" if nnd else ""
    deferral_sql = "" if deferral == "NOT DEFERRABLE" else f" {deferral}"
    return [
        f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {quote_ident(name)} ON {qualified(s, t)} "
        f"({ddl.sql_list(columns)}){nnd_sql}",
        ddl.alter_table(s, t, f"ADD CONSTRAINT {quote_ident(name)} {kind} USING INDEX {quote_ident(name)}"
                        f"{deferral_sql}"),
    ]  # fmt: skip


def _fk_create(pair: TablePair, fk: ForeignKey) -> list[str]:
    s, t = pair.path
    if pair.actual.kind == "partitioned_table" or not fk.enforced:  # no NOT VALID + VALIDATE there
        return [ddl.alter_table(s, t, "ADD " + ddl.foreign_key_clause(fk))]
    stmts = ddl.add_validated(s, t, ddl.foreign_key_clause(fk, not_valid=True), fk.name)
    return stmts if fk.validated else stmts[:1]


def _ck_create(pair: TablePair, ck: CheckConstraint) -> list[str]:
    s, t = pair.path
    if pair.actual.kind == "partitioned_table" or not ck.enforced:  # no NOT VALID + VALIDATE there
        return [ddl.alter_table(s, t, "ADD " + ddl.check_clause(ck))]
    stmts = ddl.add_validated(s, t, ddl.check_clause(ck, not_valid=True), ck.name)
    return stmts if ck.validated else stmts[:1]


def _ex_create(pair: TablePair, ex: ExclusionConstraint) -> list[str]:
    s, t = pair.path
    return [ddl.alter_table(s, t, "ADD " + ddl.exclusion_clause(ex))]


PRIMARY_KEY: ConstraintKind[PrimaryKey] = ConstraintKind(
    "primary_key",
    "Primary key",
    lambda t: (t.primary_key,) if t.primary_key is not None else (),
    lambda c, _: {
        "columns": list(c.columns),
        "without_overlaps": c.without_overlaps,
        "deferrable": _deferral(c),
    },
    ddl.primary_key_clause,
    _pk_create,
)
FOREIGN_KEY: ConstraintKind[ForeignKey] = ConstraintKind(
    "foreign_key",
    "Foreign key",
    lambda t: t.foreign_keys,
    lambda c, _: {
        "columns": list(c.columns),
        "references": f"{c.ref_schema}.{c.ref_table}({', '.join(c.ref_columns)})",
        "period": c.period,
        "on_delete": c.on_delete,
        "on_update": c.on_update,
        "match": c.match,
        "deferrable": _deferral(c),
        "validated": c.validated,
        "enforced": c.enforced,
    },
    ddl.foreign_key_clause,
    _fk_create,
)
UNIQUE: ConstraintKind[UniqueConstraint] = ConstraintKind(
    "unique",
    "Unique constraint",
    lambda t: t.unique_constraints,
    lambda c, _: {
        "columns": list(c.columns),
        "nulls_not_distinct": c.nulls_not_distinct,
        "without_overlaps": c.without_overlaps,
        "deferrable": _deferral(c),
    },
    ddl.unique_clause,
    _uq_create,
)
CHECK: ConstraintKind[CheckConstraint] = ConstraintKind(
    "check",
    "Check constraint",
    lambda t: t.check_constraints,
    lambda c, types: {
        "expression": canonical_expr(c.expression, types),
        "no_inherit": c.no_inherit,
        "validated": c.validated,
        "enforced": c.enforced,
    },
    ddl.check_clause,
    _ck_create,
)
EXCLUSION: ConstraintKind[ExclusionConstraint] = ConstraintKind(
    "exclusion",
    "Exclusion constraint",
    lambda t: t.exclusion_constraints,
    lambda c, types: {"definition": canonical_expr(c.definition, types), "deferrable": _deferral(c)},
    ddl.exclusion_clause,
    _ex_create,
)
KINDS: tuple[ConstraintKind[Any], ...] = (PRIMARY_KEY, FOREIGN_KEY, UNIQUE, CHECK, EXCLUSION)


@table_comparator
def compare_constraints(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    if pair.expected.is_view:
        return []
    findings: list[Finding] = []
    for kind in KINDS:
        findings += _compare_kind(ctx, pair, kind)
    return findings


def _compare_kind(ctx: DiffContext, pair: TablePair, kind: ConstraintKind[C]) -> list[Finding]:
    if same_all(kind.members(pair.expected), kind.members(pair.actual)):
        return []

    def exp_signature(c: C) -> tuple[Any, ...]:
        return kind.signature(c, pair.expected_types)

    def act_signature(c: C) -> tuple[Any, ...]:
        return kind.signature(c, pair.actual_types)

    exp = inherited_filter(ctx, pair, "expected", kind.members(pair.expected), exp_signature, kind.members)
    act = inherited_filter(ctx, pair, "actual", kind.members(pair.actual), act_signature, kind.members)
    # a table has one primary key: whatever its name, the two are the same object
    key: Callable[[C], object] = (lambda c: "pk") if kind is PRIMARY_KEY else (lambda c: c.name)
    matched: Matched[C] = pair_structurally(match_by_key(exp, act, key), exp_signature, act_signature)
    s, t = pair.path
    out: list[Finding] = []
    for c in matched.missing:
        out.append(
            ctx.missing(
                kind.object_type,
                pair.member_path(c.name),
                expected=kind.clause(c),
                message=f"{kind.label} {c.name} on {s}.{t} is missing from the database: {kind.clause(c)}.",
                fix=ddl.script(kind.create(pair, c)),
            )
        )
    for c in matched.unexpected:
        found = ctx.unexpected_(
            kind.object_type,
            pair.member_path(c.name),
            schema=s,
            actual=kind.clause(c),
            message=f"{kind.label} {c.name} on {s}.{t} exists in the database but is not declared: "
            f"{kind.clause(c)}.",
            fix=ddl.script([ddl.drop_constraint(s, t, c.name)]),
        )
        if found:
            out.append(found)
    for e, a in [*matched.common, *matched.renamed]:
        if e.name != a.name:
            out.append(_renamed(ctx, pair, kind, e, a))
        out += _attributes(ctx, pair, kind, e, a)
    return out


def _renamed(ctx: DiffContext, pair: TablePair, kind: ConstraintKind[C], e: C, a: C) -> Finding:
    s, t = pair.path
    return ctx.changed(
        kind.object_type,
        "name",
        pair.member_path(e.name),
        expected=e.name,
        actual=a.name,
        message=f"{kind.label} {e.name} on {s}.{t} is named {a.name} in the database.",
        fix=ddl.script([ddl.rename_constraint(s, t, a.name, e.name)]),
        severity="info",
        rule=f"{kind.object_type}.renamed",
    )


def _attributes(ctx: DiffContext, pair: TablePair, kind: ConstraintKind[C], e: C, a: C) -> list[Finding]:
    s, t = pair.path
    ea, aa = kind.attributes(e, pair.expected_types), kind.attributes(a, pair.actual_types)
    differing = [k for k in ea if ea[k] != aa[k]]
    if "validated" in differing and (not ea["validated"] or "enforced" in differing):
        # validated is stronger than declared NOT VALID; a NOT ENFORCED one is never validated
        differing.remove("validated")
    if not differing:
        return []
    rebuild = [k for k in differing if k != "validated"]
    if rebuild:
        if kind is FOREIGN_KEY and rebuild == ["deferrable"]:
            stmts = [ddl.alter_table(s, t, f"ALTER CONSTRAINT {quote_ident(e.name)} {ea['deferrable']}")]
        elif kind is FOREIGN_KEY and rebuild == ["enforced"] and (ea["validated"] or not ea["enforced"]):
            # ALTER CONSTRAINT ... ENFORCED also validates the existing rows (PostgreSQL 18)
            enforced = "ENFORCED" if ea["enforced"] else "NOT ENFORCED"
            stmts = [ddl.alter_table(s, t, f"ALTER CONSTRAINT {quote_ident(e.name)} {enforced}")]
        else:  # anything else, and a CHECK's enforcement (not alterable in PG 18): drop, add again
            stmts = [ddl.drop_constraint(s, t, a.name, if_exists=True)]
            if a.name != e.name:  # in case the rename fix ran first
                stmts.append(ddl.drop_constraint(s, t, e.name, if_exists=True))
            stmts += kind.create(pair, e)
    else:
        stmts = [ddl.alter_table(s, t, f"VALIDATE CONSTRAINT {quote_ident(a.name)}")]
    fix = ddl.script(stmts)
    raw_e, raw_a = _raw(e), _raw(a)
    out: list[Finding] = []
    for attr in differing:
        if attr == "validated":
            message = f"{kind.label} {e.name} on {s}.{t} is NOT VALID: existing rows were never checked."
            out.append(
                ctx.changed(
                    kind.object_type, attr, pair.member_path(e.name), expected=True, actual=False,
                    message=message, fix=fix, severity="warning",
                )
            )  # fmt: skip
            continue
        ev, av = raw_e.get(attr, ea[attr]), raw_a.get(attr, aa[attr])
        out.append(
            ctx.changed(
                kind.object_type, attr, pair.member_path(e.name), expected=ev, actual=av,
                message=f"{kind.label} {e.name} on {s}.{t} is {_phrase(attr, av)}; "
                f"expected {_phrase(attr, ev)}.",
                fix=fix,
            )
        )  # fmt: skip
    return out


def _raw(c: object) -> dict[str, Any]:
    """Values as declared, for messages (the comparison used the normalised ones)."""
    if isinstance(c, CheckConstraint):
        return {"expression": c.expression}
    if isinstance(c, ExclusionConstraint):
        return {"definition": c.definition}
    return {}


_PHRASES: dict[str, Callable[[Any], str]] = {
    "columns": lambda v: f"on ({', '.join(v)})",
    "references": lambda v: f"referencing {v}",
    "on_delete": lambda v: f"ON DELETE {v}",
    "on_update": lambda v: f"ON UPDATE {v}",
    "match": lambda v: f"MATCH {v}",
    "nulls_not_distinct": lambda v: "NULLS NOT DISTINCT" if v else "NULLS DISTINCT",
    "no_inherit": lambda v: "NO INHERIT" if v else "inherited by child tables",
    "expression": lambda v: f"CHECK ({v})",
    "without_overlaps": lambda v: (
        "a temporal key (WITHOUT OVERLAPS)" if v else "a plain key (no WITHOUT OVERLAPS)"
    ),
    "period": lambda v: "a temporal key (PERIOD)" if v else "a plain key (no PERIOD)",
    "enforced": lambda v: "ENFORCED" if v else "NOT ENFORCED (declared, never checked)",
}


def _phrase(attribute: str, value: Any) -> str:
    """How a DBA says the attribute's value: `ON DELETE CASCADE`, `on (a, b)`, `DEFERRABLE`."""
    phrase = _PHRASES.get(attribute)
    return phrase(value) if phrase else str(value)
