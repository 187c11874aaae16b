"""Extensions: installed or not, their version and schema. The objects an extension owns are never
compared one by one (they come and go with the extension).

`plpgsql` is installed in every database, so its absence from the expected side is not reported.
The version is compared only when both sides state one.
"""

from __future__ import annotations

from drift.diff import ddl
from drift.diff.context import DiffContext
from drift.diff.matching import match_by_key
from drift.diff.quoting import quote_ident, quote_literal
from drift.model import Extension, Finding

_ALWAYS_PRESENT = frozenset({"plpgsql"})


def create_extension(ext: Extension) -> str:
    text = (
        f"CREATE EXTENSION IF NOT EXISTS {quote_ident(ext.name)} WITH SCHEMA {quote_ident(ext.schema_name)}"
    )
    if ext.version:
        text += f" VERSION {quote_literal(ext.version)}"
    return text


def compare_extensions(ctx: DiffContext) -> list[Finding]:
    matched = match_by_key(ctx.expected.extensions, ctx.actual.extensions, lambda e: e.name)
    out: list[Finding] = []
    for ext in matched.missing:
        out.append(
            ctx.missing(
                "extension",
                (ext.name,),
                expected=ext.version or ext.name,
                message=f"Extension {ext.name} is not installed in the database.",
                fix=ddl.script([create_extension(ext)]),
            )
        )
    for ext in matched.unexpected:
        if ext.name in _ALWAYS_PRESENT:
            continue
        found = ctx.unexpected_(
            "extension",
            (ext.name,),
            schema=None,
            actual=ext.version or ext.name,
            message=f"Extension {ext.name} is installed in the database but not declared.",
            fix=ddl.script([f"DROP EXTENSION {quote_ident(ext.name)}"]),
        )
        if found:
            out.append(found)
    for e, a in matched.common:
        if e.version and a.version and e.version != a.version:
            out.append(
                ctx.changed(
                    "extension",
                    "version",
                    (e.name,),
                    expected=e.version,
                    actual=a.version,
                    message=f"Extension {e.name} is at version {a.version}; expected {e.version}.",
                    fix=ddl.script(
                        [f"ALTER EXTENSION {quote_ident(e.name)} UPDATE TO {quote_literal(e.version)}"]
                    ),
                    severity="warning",
                )
            )
        if e.schema_name != a.schema_name:
            out.append(
                ctx.changed(
                    "extension",
                    "schema",
                    (e.name,),
                    expected=e.schema_name,
                    actual=a.schema_name,
                    message=f"Extension {e.name} is installed in schema {a.schema_name}; expected {e.schema_name}.",
                    fix=ddl.script(
                        [f"ALTER EXTENSION {quote_ident(e.name)} SET SCHEMA {quote_ident(e.schema_name)}"]
                    ),
                )
            )
    return out
