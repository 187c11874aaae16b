"""Fixtures for the ORM-source tests: run `create_all` on the test database and reflect it.

- `create_all(metadata, schemas=())`: creates the schemas, runs `metadata.create_all` on `pg_dsn`
  and returns the reflected `Catalog`.
- `reflect_db()`: the reflected `Catalog` of `pg_dsn` as it is now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import pytest
import sqlalchemy as sa
from orm_testing import CreateAll, sqlalchemy_url

from drift.catalog import reflect
from drift.model import Catalog


@pytest.fixture
def reflect_db(pg_dsn: str) -> Callable[[], Catalog]:
    def run() -> Catalog:
        return reflect(pg_dsn, with_stats=False).catalog

    return run


@pytest.fixture
def create_all(pg_dsn: str, reflect_db: Callable[[], Catalog]) -> Iterator[CreateAll]:
    engines: list[sa.Engine] = []

    def run(metadata: sa.MetaData, schemas: Sequence[str] = ()) -> Catalog:
        engine = sa.create_engine(sqlalchemy_url(pg_dsn))
        engines.append(engine)
        with engine.begin() as conn:
            for schema in schemas:
                conn.execute(sa.schema.CreateSchema(schema, if_not_exists=True))
        metadata.create_all(engine)
        engine.dispose()
        return reflect_db()

    yield run
    for engine in engines:
        engine.dispose()
