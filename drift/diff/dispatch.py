"""The dispatcher: match schemas and tables once, then run every registered comparator per pair.

Work is proportional to the number of objects: dictionaries keyed by name are built once per level,
and two tables that are equal as values (the common case for a clean database) are skipped without
running any comparator.
"""

from __future__ import annotations

import drift.diff.compare  # noqa: F401  (registers the comparators)
from drift.diff.compare.extensions import compare_extensions
from drift.diff.compare.schemas import schema_presence
from drift.diff.compare.tables import kind_changed, kinds_differ, table_presence
from drift.diff.context import DiffContext
from drift.diff.matching import SchemaPair, TablePair, match_by_key, tables_equal
from drift.diff.registry import SCHEMA_COMPARATORS, TABLE_COMPARATORS
from drift.model import Finding, Schema, Table


def _user_tables(schema: Schema) -> list[Table]:
    return [t for t in schema.tables if t.extension is None]


def run(ctx: DiffContext) -> list[Finding]:
    findings: list[Finding] = []
    schemas = match_by_key(ctx.expected.schemas, ctx.actual.schemas, lambda s: s.name)
    findings += schema_presence(ctx, schemas)
    findings += compare_extensions(ctx)
    for exp_schema, act_schema in schemas.common:
        pair = SchemaPair(exp_schema.name, exp_schema, act_schema)
        for schema_fn in SCHEMA_COMPARATORS:
            findings.extend(schema_fn(ctx, pair))
        tables = match_by_key(_user_tables(exp_schema), _user_tables(act_schema), lambda t: t.name)
        findings += table_presence(ctx, pair, tables)
        for exp_table, act_table in tables.common:
            if tables_equal(exp_table, act_table):
                continue
            table_pair = TablePair(pair.name, exp_table, act_table, exp_schema, act_schema)
            if kinds_differ(exp_table, act_table):
                findings.append(kind_changed(ctx, table_pair))
                continue
            for table_fn in TABLE_COMPARATORS:
                findings.extend(table_fn(ctx, table_pair))
    findings.sort(key=lambda f: (f.path, f.rule))
    return findings
