"""Helpers shared by the ORM-source tests (imported by name: tests/orm is on sys.path)."""

from __future__ import annotations

from collections.abc import Callable

from drift.model import Catalog, Table


def without_identity_sequences(table: Table) -> Table:
    """`table` with its identity columns' sequence options left out: a model does not give them."""
    return table.model_copy(update={"identity_sequences": ()}) if table.identity_sequences else table


def sqlalchemy_url(dsn: str) -> str:
    """A libpq URL as a SQLAlchemy URL for the psycopg 3 driver."""
    return "postgresql+psycopg://" + dsn.split("://", 1)[1]


def comparable(actual: Catalog, expected: Catalog) -> Catalog:
    """The part of `actual` a model can declare, shaped like `catalog_from_metadata` output."""
    schemas = []
    for schema in actual.schemas:
        if expected.get_schema(schema.name) is None:
            continue
        tables = tuple(
            without_identity_sequences(t).model_copy(update={"owner": None, "privileges": ()})
            for t in schema.tables
        )
        schemas.append(schema.model_copy(update={"owner": None, "comment": None, "tables": tables}))
    return Catalog(schemas=tuple(schemas))


CreateAll = Callable[..., Catalog]
