"""Table privileges (GRANTs), one finding per (grantee, privilege), and column privileges
(`GRANT SELECT (email)`), one finding per (column, grantee, privilege). All are info by default.

The path's member is `grantee:PRIVILEGE` (e.g. `app_reader:SELECT`) for a table privilege and
`grantee:PRIVILEGE(column)` (e.g. `analyst:SELECT(email)`) for a column privilege, so one glob
(`public.users.analyst:*`) covers both; PUBLIC is spelled `PUBLIC`. Column privileges have their own
rule ids (`column_privilege.missing|unexpected|grantable`) under the object type `privilege`.
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.context import DiffContext
from drift.diff.matching import TablePair, match_by_key, same_all
from drift.diff.registry import table_comparator
from drift.model import ColumnPrivilege, Finding, Privilege


def _key(p: Privilege) -> tuple[str, str]:
    grantee = "PUBLIC" if p.grantee.lower() == "public" else p.grantee
    return (grantee, p.privilege.upper())


def _member(p: Privilege) -> str:
    grantee, privilege = _key(p)
    return f"{grantee}:{privilege}"


@table_comparator
def compare_privileges(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    if same_all(pair.expected.privileges, pair.actual.privileges):
        return []
    matched = match_by_key(pair.expected.privileges, pair.actual.privileges, _key)
    s, t = pair.path
    out: list[Finding] = []
    for p in matched.missing:
        grantee, privilege = _key(p)
        option = " WITH GRANT OPTION" if p.grantable else ""
        out.append(
            ctx.missing(
                "privilege",
                pair.member_path(_member(p)),
                expected=f"{privilege}{option}",
                message=f"{grantee} lacks {privilege}{option} on {s}.{t}.",
                fix=ddl.script([ddl.grant(s, t, p)]),
                severity="info",
            )
        )
    for p in matched.unexpected:
        grantee, privilege = _key(p)
        found = ctx.unexpected_(
            "privilege",
            pair.member_path(_member(p)),
            schema=s,
            actual=privilege + (" WITH GRANT OPTION" if p.grantable else ""),
            message=f"{grantee} has {privilege} on {s}.{t}, which is not declared.",
            fix=ddl.script([ddl.revoke(s, t, p)]),
            severity="info",
            escalate=False,
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        if e.grantable != a.grantable:
            grantee, privilege = _key(e)
            fix = ddl.grant(s, t, e) if e.grantable else ddl.revoke(s, t, a, grant_option_only=True)
            out.append(
                ctx.changed(
                    "privilege",
                    "grantable",
                    pair.member_path(_member(e)),
                    expected=e.grantable,
                    actual=a.grantable,
                    message=f"{grantee} holds {privilege} on {s}.{t} "
                    f"{'with' if a.grantable else 'without'} GRANT OPTION; "
                    f"expected {'with' if e.grantable else 'without'}.",
                    fix=ddl.script([fix]),
                    severity="info",
                )
            )
    return out


def _column_key(p: ColumnPrivilege) -> tuple[str, str, str]:
    grantee = "PUBLIC" if p.grantee.lower() == "public" else p.grantee
    return (p.column, grantee, p.privilege.upper())


def _column_member(p: ColumnPrivilege) -> str:
    column, grantee, privilege = _column_key(p)
    return f"{grantee}:{privilege}({column})"


@table_comparator
def compare_column_privileges(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    if same_all(pair.expected.column_privileges, pair.actual.column_privileges):
        return []
    matched = match_by_key(pair.expected.column_privileges, pair.actual.column_privileges, _column_key)
    s, t = pair.path
    out: list[Finding] = []
    for p in matched.missing:
        column, grantee, privilege = _column_key(p)
        option = " WITH GRANT OPTION" if p.grantable else ""
        out.append(
            ctx.missing(
                "privilege",
                pair.member_path(_column_member(p)),
                expected=f"{privilege}{option}",
                message=f"{grantee} lacks {privilege}{option} on column {s}.{t}.{column}.",
                fix=ddl.script([ddl.grant_column(s, t, p)]),
                severity="info",
                rule="column_privilege.missing",
            )
        )
    for p in matched.unexpected:
        column, grantee, privilege = _column_key(p)
        found = ctx.unexpected_(
            "privilege",
            pair.member_path(_column_member(p)),
            schema=s,
            actual=privilege + (" WITH GRANT OPTION" if p.grantable else ""),
            message=f"{grantee} has {privilege} on column {s}.{t}.{column}, which is not declared.",
            fix=ddl.script([ddl.revoke_column(s, t, p)]),
            severity="info",
            escalate=False,
            rule="column_privilege.unexpected",
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        if e.grantable != a.grantable:
            column, grantee, privilege = _column_key(e)
            fix = (
                ddl.grant_column(s, t, e)
                if e.grantable
                else ddl.revoke_column(s, t, a, grant_option_only=True)
            )
            out.append(
                ctx.changed(
                    "privilege",
                    "grantable",
                    pair.member_path(_column_member(e)),
                    expected=e.grantable,
                    actual=a.grantable,
                    message=f"{grantee} holds {privilege} on column {s}.{t}.{column} "
                    f"{'with' if a.grantable else 'without'} GRANT OPTION; "
                    f"expected {'with' if e.grantable else 'without'}.",
                    fix=ddl.script([fix]),
                    severity="info",
                    rule="column_privilege.grantable",
                )
            )
    return out
