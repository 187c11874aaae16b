"""Small factories for hand-built catalogs, so each differ test states only what it is about."""

from __future__ import annotations

from typing import Any

from drift.diff import diff_catalogs
from drift.model import Catalog, Column, Finding, Schema, Table


def col(name: str, type_: str = "integer", position: int = 0, **kw: Any) -> Column:
    return Column(name=name, type=type_, position=position, **kw)


def table(name: str, *columns: Column | str, **kw: Any) -> Table:
    cols = tuple(
        (c if isinstance(c, Column) else col(c)).model_copy(update={"position": i + 1})
        for i, c in enumerate(columns)
    )
    return Table(name=name, columns=cols, **kw)


def catalog(*tables: Table, schema: str = "public", **schema_kw: Any) -> Catalog:
    return Catalog(schemas=(Schema(name=schema, tables=tables, **schema_kw),))


def diff(expected: Catalog, actual: Catalog, **kw: Any) -> list[Finding]:
    return diff_catalogs(expected, actual, **kw)


def rules(findings: list[Finding]) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.rule, f.path) for f in findings]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [(f.rule, f.path, f.message) for f in findings]
    return findings[0]
