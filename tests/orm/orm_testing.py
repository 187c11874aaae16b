"""Helpers shared by the ORM-source tests (imported by name: tests/orm is on sys.path)."""

from __future__ import annotations

from collections.abc import Callable

from drift.model import Catalog, Table


def identity_sequences_as_declared(table: Table, declared: Table | None) -> Table:
    """`table` with only the identity sequences `declared` gives (a model gives one only for an
    `Identity(...)` with options), named as the model names them, and its options only when the
    model gives them (postgresql_with)."""
    if declared is None or declared.options is None:
        table = table.model_copy(update={"options": None})
    if not table.identity_sequences:
        return table
    given = {s.owned_by: s for s in declared.identity_sequences} if declared is not None else {}
    kept = tuple(
        s.model_copy(update={"name": given[s.owned_by].name})
        for s in table.identity_sequences
        if s.owned_by in given
    )
    return table.model_copy(update={"identity_sequences": kept})


def sqlalchemy_url(dsn: str) -> str:
    """A libpq URL as a SQLAlchemy URL for the psycopg 3 driver."""
    return "postgresql+psycopg://" + dsn.split("://", 1)[1]


def comparable(actual: Catalog, expected: Catalog) -> Catalog:
    """The part of `actual` a model can declare, shaped like `catalog_from_metadata` output."""
    schemas = []
    for schema in actual.schemas:
        if expected.get_schema(schema.name) is None:
            continue
        declared = expected.get_schema(schema.name)
        tables = tuple(
            identity_sequences_as_declared(t, declared.get_table(t.name) if declared else None).model_copy(
                update={"owner": None, "privileges": ()}
            )
            for t in schema.tables
        )
        schemas.append(schema.model_copy(update={"owner": None, "comment": None, "tables": tables}))
    return Catalog(schemas=tuple(schemas))


CreateAll = Callable[..., Catalog]
