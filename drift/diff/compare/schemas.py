"""Schemas: declared but absent (one finding, whose fix creates the schema and all its objects),
present but not declared, and a schema's own comment and owner."""

from __future__ import annotations

from drift.diff import create_objects, ddl
from drift.diff.compare.comments import compare_comment
from drift.diff.context import DiffContext
from drift.diff.matching import Matched, SchemaPair
from drift.diff.quoting import quote_ident
from drift.diff.registry import schema_comparator
from drift.model import Catalog, Finding, Schema

_PUBLIC_DEFAULT_COMMENT = "standard public schema"


def _has_user_objects(schema: Schema) -> bool:
    return any(
        o.extension is None
        for group in (schema.tables, schema.sequences, schema.enums, schema.domains, schema.functions)
        for o in group
    )


def _quiet_absence(schema: Schema, other: Catalog) -> bool:
    """`public` exists in every new database; a schema holding only an extension's objects is the
    extension's business (compared as the extension)."""
    if _has_user_objects(schema):
        return False
    if schema.name == "public" and schema.comment in (None, _PUBLIC_DEFAULT_COMMENT):
        return True
    if any(e.schema_name == schema.name for e in other.extensions):
        return True
    return any(t.extension for t in schema.tables) or any(f.extension for f in schema.functions)


def schema_presence(ctx: DiffContext, matched: Matched[Schema]) -> list[Finding]:
    findings: list[Finding] = []
    for schema in matched.missing:
        if _quiet_absence(schema, ctx.expected):
            continue
        count = sum(1 for t in schema.tables if t.extension is None)
        findings.append(
            ctx.missing(
                "schema",
                (schema.name,),
                expected=schema.name,
                message=f"Schema {schema.name} is missing from the database ({count} tables or views declared in it).",
                fix=ddl.script(create_objects.create_schema(schema)),
            )
        )
    for schema in matched.unexpected:
        if _quiet_absence(schema, ctx.actual):
            continue
        found = ctx.unexpected_(
            "schema",
            (schema.name,),
            schema=None,
            actual=schema.name,
            message=f"Schema {schema.name} exists in the database but is not declared.",
            fix=ddl.script([f"DROP SCHEMA {quote_ident(schema.name)} CASCADE"]),
        )
        if found:
            findings.append(found)
    return findings


def _comment(schema: Schema) -> str | None:
    """The comment every new database's `public` schema has is no comment at all."""
    if schema.name == "public" and schema.comment == _PUBLIC_DEFAULT_COMMENT:
        return None
    return schema.comment


@schema_comparator
def compare_schema_attributes(ctx: DiffContext, pair: SchemaPair) -> list[Finding]:
    exp, act = pair.expected, pair.actual
    findings = compare_comment(
        ctx,
        path=(pair.name,),
        schema=pair.name,
        what=f"Schema {pair.name}",
        kind_sql="SCHEMA",
        target_sql=quote_ident(pair.name),
        expected=_comment(exp),
        actual=_comment(act),
    )
    if ctx.compare_owner and exp.owner and act.owner and exp.owner != act.owner:
        findings.append(
            ctx.changed(
                "schema",
                "owner",
                (pair.name,),
                expected=exp.owner,
                actual=act.owner,
                message=f"Schema {pair.name} is owned by {act.owner}; expected {exp.owner}.",
                fix=ddl.script([f"ALTER SCHEMA {quote_ident(pair.name)} OWNER TO {quote_ident(exp.owner)}"]),
                severity="info",
            )
        )
    return findings
