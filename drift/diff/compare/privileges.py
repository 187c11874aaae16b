"""Table privileges (GRANTs), one finding per (grantee, privilege), and column privileges
(`GRANT SELECT (email)`), one finding per (column, grantee, privilege). All are info by default.

The path's member is `grantee:PRIVILEGE` (e.g. `app_reader:SELECT`) for a table privilege and
`grantee:PRIVILEGE(column)` (e.g. `analyst:SELECT(email)`) for a column privilege, so one glob
(`public.users.analyst:*`) covers both; PUBLIC is spelled `PUBLIC`. Column privileges have their own
rule ids (`column_privilege.missing|unexpected|grantable`) under the object type `privilege`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from drift.diff import ddl
from drift.diff.context import DiffContext
from drift.diff.matching import TablePair, match_by_key, same_all
from drift.diff.registry import table_comparator
from drift.model import ColumnPrivilege, Finding, Privilege


class _Grant(Protocol):
    @property
    def grantee(self) -> str: ...
    @property
    def privilege(self) -> str: ...
    @property
    def grantable(self) -> bool: ...


G = TypeVar("G", bound=_Grant)


def _grantee(p: _Grant) -> str:
    return "PUBLIC" if p.grantee.lower() == "public" else p.grantee


@dataclass(frozen=True)
class _Kind(Generic[G]):
    """What differs between table and column grants: identity, path member, wording, SQL, rules."""

    key: Callable[[G], tuple[str, ...]]
    member: Callable[[G], str]
    target: Callable[[str, str, G], str]  # what the grant is on, as the message says it
    grant: Callable[[str, str, G], str]
    revoke: Callable[[str, str, G, bool], str]  # the last argument: the grant option only
    rule: str | None  # None: the context's default rule ids (privilege.missing, ...)

    def rule_id(self, suffix: str) -> str | None:
        return None if self.rule is None else f"{self.rule}.{suffix}"


_TABLE: _Kind[Privilege] = _Kind(
    key=lambda p: (_grantee(p), p.privilege.upper()),
    member=lambda p: f"{_grantee(p)}:{p.privilege.upper()}",
    target=lambda s, t, p: f"{s}.{t}",
    grant=ddl.grant,
    revoke=lambda s, t, p, option_only: ddl.revoke(s, t, p, grant_option_only=option_only),
    rule=None,
)
_COLUMN: _Kind[ColumnPrivilege] = _Kind(
    key=lambda p: (p.column, _grantee(p), p.privilege.upper()),
    member=lambda p: f"{_grantee(p)}:{p.privilege.upper()}({p.column})",
    target=lambda s, t, p: f"column {s}.{t}.{p.column}",
    grant=ddl.grant_column,
    revoke=lambda s, t, p, option_only: ddl.revoke_column(s, t, p, grant_option_only=option_only),
    rule="column_privilege",
)


@table_comparator
def compare_privileges(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    return _compare(ctx, pair, pair.expected.privileges, pair.actual.privileges, _TABLE)


@table_comparator
def compare_column_privileges(ctx: DiffContext, pair: TablePair) -> list[Finding]:
    return _compare(ctx, pair, pair.expected.column_privileges, pair.actual.column_privileges, _COLUMN)


def _compare(
    ctx: DiffContext, pair: TablePair, expected: tuple[G, ...], actual: tuple[G, ...], kind: _Kind[G]
) -> list[Finding]:
    if same_all(expected, actual):
        return []
    matched = match_by_key(expected, actual, kind.key)
    s, t = pair.path
    out: list[Finding] = []
    for p in matched.missing:
        privilege, option = p.privilege.upper(), " WITH GRANT OPTION" if p.grantable else ""
        out.append(
            ctx.missing(
                "privilege",
                pair.member_path(kind.member(p)),
                expected=f"{privilege}{option}",
                message=f"{_grantee(p)} lacks {privilege}{option} on {kind.target(s, t, p)}.",
                fix=ddl.script([kind.grant(s, t, p)]),
                severity="info",
                rule=kind.rule_id("missing"),
            )
        )
    for p in matched.unexpected:
        privilege = p.privilege.upper()
        found = ctx.unexpected_(
            "privilege",
            pair.member_path(kind.member(p)),
            schema=s,
            actual=privilege + (" WITH GRANT OPTION" if p.grantable else ""),
            message=f"{_grantee(p)} has {privilege} on {kind.target(s, t, p)}, which is not declared.",
            fix=ddl.script([kind.revoke(s, t, p, False)]),
            severity="info",
            escalate=False,
            rule=kind.rule_id("unexpected"),
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        if e.grantable != a.grantable:
            fix = kind.grant(s, t, e) if e.grantable else kind.revoke(s, t, a, True)
            out.append(
                ctx.changed(
                    "privilege",
                    "grantable",
                    pair.member_path(kind.member(e)),
                    expected=e.grantable,
                    actual=a.grantable,
                    message=f"{_grantee(e)} holds {e.privilege.upper()} on {kind.target(s, t, e)} "
                    f"{'with' if a.grantable else 'without'} GRANT OPTION; "
                    f"expected {'with' if e.grantable else 'without'}.",
                    fix=ddl.script([fix]),
                    severity="info",
                    rule=kind.rule_id("grantable"),
                )
            )
    return out
