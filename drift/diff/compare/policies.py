"""Row-level security: whether it is enabled/forced on a table, and its policies.

A policy's command and permissive/restrictive mode need DROP + CREATE; its roles and USING / WITH
CHECK expressions change in place with ALTER POLICY.
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.context import DiffContext
from drift.diff.matching import TablePair, match_by_key, same_all
from drift.diff.normalize import canonical_expr
from drift.diff.quoting import qualified, quote_ident
from drift.diff.registry import table_comparator
from drift.model import Finding, Policy


def _roles(p: Policy) -> tuple[str, ...]:
    return tuple(sorted(r.lower() if r.lower() == "public" else r for r in p.roles)) or ("public",)


@table_comparator
def compare_row_security(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    exp, act = pair.expected, pair.actual
    s, t = pair.path
    out: list[Finding] = []
    if exp.rls_enabled != act.rls_enabled:
        out.append(
            ctx.changed(
                "table",
                "rls_enabled",
                pair.path,
                expected=exp.rls_enabled,
                actual=act.rls_enabled,
                message=f"Row-level security is {'enabled' if act.rls_enabled else 'disabled'} on {s}.{t}; "
                f"expected {'enabled' if exp.rls_enabled else 'disabled'}.",
                fix=ddl.script([ddl.row_security(s, t, enabled=exp.rls_enabled)]),
            )
        )
    if exp.rls_forced != act.rls_forced:
        out.append(
            ctx.changed(
                "table",
                "rls_forced",
                pair.path,
                expected=exp.rls_forced,
                actual=act.rls_forced,
                message=f"Row-level security is {'' if act.rls_forced else 'not '}forced for the owner of "
                f"{s}.{t}; expected {'' if exp.rls_forced else 'not '}forced.",
                fix=ddl.script([ddl.row_security(s, t, forced=exp.rls_forced)]),
            )
        )
    return out


@table_comparator
def compare_policies(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    if same_all(pair.expected.policies, pair.actual.policies):
        return []
    matched = match_by_key(pair.expected.policies, pair.actual.policies, lambda p: p.name)
    s, t = pair.path
    out: list[Finding] = []
    for pol in matched.missing:
        sql = ddl.create_policy(s, t, pol)
        out.append(
            ctx.missing(
                "policy",
                pair.member_path(pol.name),
                expected=sql,
                message=f"Row-level security policy {pol.name} on {s}.{t} is missing from the database.",
                fix=ddl.script([sql]),
            )
        )
    for pol in matched.unexpected:
        found = ctx.unexpected_(
            "policy",
            pair.member_path(pol.name),
            schema=s,
            actual=ddl.create_policy(s, t, pol),
            message=f"Row-level security policy {pol.name} on {s}.{t} exists in the database but is not declared.",
            fix=ddl.script([ddl.drop_policy(s, t, pol.name)]),
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        out += _compare_policy(ctx, pair, e, a)
    return out


def _compare_policy(ctx: DiffContext, pair: TablePair, e: Policy, a: Policy) -> list[Finding]:
    s, t = pair.path
    path = pair.member_path(e.name)
    recreate = ddl.script([ddl.drop_policy(s, t, a.name), ddl.create_policy(s, t, e)])
    alter = f"ALTER POLICY {quote_ident(e.name)} ON {qualified(s, t)}"
    what = f"Policy {e.name} on {s}.{t}"
    changes: list[tuple[str, object, object, str | None]] = []
    if e.command != a.command:
        changes.append(("command", e.command, a.command, recreate))
    if e.permissive != a.permissive:
        changes.append(("permissive", e.permissive, a.permissive, recreate))
    if _roles(e) != _roles(a):
        fix = ddl.script([f"{alter} TO {ddl.roles_sql(e.roles)}"])
        changes.append(("roles", list(_roles(e)), list(_roles(a)), fix))
    if canonical_expr(e.using, pair.expected_types) != canonical_expr(a.using, pair.actual_types):
        fix = recreate if e.using is None else ddl.script([f"{alter} USING ({e.using})"])
        changes.append(("using", e.using, a.using, fix))
    if canonical_expr(e.with_check, pair.expected_types) != canonical_expr(a.with_check, pair.actual_types):
        fix = recreate if e.with_check is None else ddl.script([f"{alter} WITH CHECK ({e.with_check})"])
        changes.append(("with_check", e.with_check, a.with_check, fix))
    if any(fix is recreate for *_, fix in changes):
        changes = [(attr, ev, av, recreate) for attr, ev, av, _ in changes]
    return [
        ctx.changed(
            "policy",
            attr,
            path,
            expected=ev,
            actual=av,
            message=f"{what} {_phrase(attr, av)}; expected {_phrase(attr, ev)}.",
            fix=fix,
        )
        for attr, ev, av, fix in changes
    ]


def _phrase(attribute: str, value: object) -> str:
    if attribute == "permissive":
        return "is PERMISSIVE" if value else "is RESTRICTIVE"
    if attribute == "command":
        return f"applies FOR {value}"
    if attribute == "roles":
        return "applies TO " + ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    clause = "USING" if attribute == "using" else "WITH CHECK"
    return f"has {clause} ({value})" if value is not None else f"has no {clause} clause"
