"""Comments on any object: one helper every comparator calls, so they all report them alike.

A comment is not structure: every difference is info. A comment in the database that the expected
side does not declare is `comment.unexpected` (dropped under the schema's `ignore` policy).
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.context import DiffContext
from drift.model import Finding


def compare_comment(
    ctx: DiffContext,
    *,
    path: tuple[str, ...],
    schema: str | None,
    what: str,
    kind_sql: str,
    target_sql: str,
    expected: str | None,
    actual: str | None,
) -> list[Finding]:
    """`what` names the object for the message ("Column public.users.email"); `kind_sql` and
    `target_sql` build `COMMENT ON <kind_sql> <target_sql> IS ...`."""
    exp = expected if expected else None
    act = actual if actual else None
    if exp == act:
        return []
    fix = ddl.script([ddl.comment_on(kind_sql, target_sql, exp)])
    if act is None:
        return [
            ctx.missing(
                "comment",
                path,
                expected=exp,
                message=f"{what} has no comment; expected {exp!r}.",
                fix=fix,
                severity="info",
            )
        ]
    if exp is None:
        found = ctx.unexpected_(
            "comment",
            path,
            schema=schema,
            actual=act,
            message=f"{what} has comment {act!r}, which is not declared.",
            fix=fix,
            severity="info",
            escalate=False,
        )
        return [found] if found else []
    return [
        ctx.changed(
            "comment",
            "text",
            path,
            expected=exp,
            actual=act,
            message=f"{what} has comment {act!r}; expected {exp!r}.",
            fix=fix,
            severity="info",
        )
    ]
