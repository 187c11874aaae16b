"""Domains: present or not, base type, NOT NULL, default, CHECK constraints, collation.

Domain checks carry no name in the model, so a check difference is fixed by dropping the domain's
checks (looked up in pg_constraint) and adding the expected ones. A different base type or collation
cannot be altered: the message says so and there is no fix.
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.compare.comments import compare_comment
from drift.diff.context import DiffContext
from drift.diff.create_objects import create_domain
from drift.diff.matching import SchemaPair, match_by_key
from drift.diff.normalize import canonical_expr, column_types, defaults_equal, normalize_type
from drift.diff.quoting import qualified, quote_literal
from drift.diff.registry import schema_comparator
from drift.model import Domain, Finding


def _drop_checks(target: str) -> str:
    return (
        "DO $drift$DECLARE c record; BEGIN FOR c IN SELECT conname FROM pg_constraint "
        f"WHERE contypid = {quote_literal(target)}::regtype AND contype = 'c' LOOP "
        f"EXECUTE format('ALTER DOMAIN %s DROP CONSTRAINT %I', {quote_literal(target)}, c.conname); "
        "END LOOP; END$drift$"
    )


@schema_comparator
def compare_domains(ctx: DiffContext, pair: SchemaPair) -> list[Finding]:
    exp = [x for x in pair.expected.domains if x.extension is None]
    act = [x for x in pair.actual.domains if x.extension is None]
    matched = match_by_key(exp, act, lambda x: x.name)
    s = pair.name
    out: list[Finding] = []
    for d in matched.missing:
        stmts = [create_domain(s, d)]
        if d.comment:
            stmts.append(ddl.comment_on("DOMAIN", qualified(s, d.name), d.comment))
        out.append(
            ctx.missing(
                "domain",
                (s, d.name),
                expected=create_domain(s, d),
                message=f"Domain {s}.{d.name} is missing from the database.",
                fix=ddl.script(stmts),
            )
        )
    for d in matched.unexpected:
        found = ctx.unexpected_(
            "domain",
            (s, d.name),
            schema=s,
            actual=create_domain(s, d),
            message=f"Domain {s}.{d.name} exists in the database but is not declared.",
            fix=ddl.script([f"DROP DOMAIN {qualified(s, d.name)}"]),
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        out += _compare_domain(ctx, s, e, a)
    return out


def _compare_domain(ctx: DiffContext, s: str, e: Domain, a: Domain) -> list[Finding]:
    target = qualified(s, e.name)
    what = f"Domain {s}.{e.name}"
    path = (s, e.name)
    out: list[Finding] = []
    if normalize_type(e.base_type) != normalize_type(a.base_type):
        out.append(
            ctx.changed(
                "domain", "base_type", path, expected=e.base_type, actual=a.base_type,
                message=f"{what} is based on {a.base_type}; expected {e.base_type} "
                "(a domain's base type cannot be altered: create a new domain and move the columns).",
                fix=None,
            )
        )  # fmt: skip
    if (e.collation or None) != (a.collation or None):
        out.append(
            ctx.changed(
                "domain", "collation", path, expected=e.collation, actual=a.collation,
                message=f"{what} uses collation {a.collation or 'default'}; expected {e.collation or 'default'} "
                "(cannot be altered in place).",
                fix=None,
            )
        )  # fmt: skip
    if e.nullable != a.nullable:
        action = "DROP NOT NULL" if e.nullable else "SET NOT NULL"
        out.append(
            ctx.changed(
                "domain", "nullable", path, expected=e.nullable, actual=a.nullable,
                message=f"{what} is {'nullable' if a.nullable else 'NOT NULL'}; "
                f"expected {'nullable' if e.nullable else 'NOT NULL'}.",
                fix=ddl.script([f"ALTER DOMAIN {target} {action}"]),
            )
        )  # fmt: skip
    if not defaults_equal(e.default, e.base_type, a.default, a.base_type):
        action = f"SET DEFAULT {e.default}" if e.default is not None else "DROP DEFAULT"
        out.append(
            ctx.changed(
                "domain", "default", path, expected=e.default, actual=a.default,
                message=f"{what} has default {a.default or 'none'}; expected {e.default or 'none'}.",
                fix=ddl.script([f"ALTER DOMAIN {target} {action}"]),
            )
        )  # fmt: skip
    e_value, a_value = column_types([("value", e.base_type)]), column_types([("value", a.base_type)])
    e_checks = sorted(canonical_expr(c, e_value) or "" for c in e.checks)
    if e_checks != sorted(canonical_expr(c, a_value) or "" for c in a.checks):
        stmts = [_drop_checks(target), *(f"ALTER DOMAIN {target} ADD CHECK ({c})" for c in e.checks)]
        out.append(
            ctx.changed(
                "domain", "checks", path, expected=list(e.checks), actual=list(a.checks),
                message=f"{what} has checks ({'; '.join(a.checks) or 'none'}); "
                f"expected ({'; '.join(e.checks) or 'none'}).",
                fix=ddl.script(stmts),
            )
        )  # fmt: skip
    out += compare_comment(
        ctx,
        path=path,
        schema=s,
        what=what,
        kind_sql="DOMAIN",
        target_sql=target,
        expected=e.comment,
        actual=a.comment,
    )
    return out
