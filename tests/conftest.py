"""The shared test harness: one PostgreSQL server per test session, a fresh database per test.

Fixtures (none of them autouse, so `tests/unit/` never starts a server):

- `pg_server` (session): a running server with `dsn(dbname, user, password)`, `host`, `port`,
  `superuser`, `password`, `version` (major int), `create_database`/`drop_database`. A private
  `ThrowawayServer` (binaries from `$DRIFT_TEST_PG_BIN`, else `find_pg_bin()`), or the server of
  `$DRIFT_TEST_DSN` (a superuser URL) if set. Each pytest-xdist worker gets its own.
- `pg_dsn`: superuser URL of a fresh, empty database, dropped after the test.
- `pg_conn`: an autocommit psycopg connection to that database, for setup SQL.
- `make_role`: `make_role(name, password="pw", *, superuser=False) -> dsn` creates a LOGIN role
  and returns its URL to that database; dropped (with `DROP OWNED`) after the test.
- `renexus_sql`: the Renexus drizzle migration text (skips if `shared/` cannot be found;
  `$DRIFT_SHARED_DIR` or `<repo>/../shared`).
- `renexus_dsn`: `pg_dsn` with that migration applied (the same database as `pg_dsn`/`pg_conn`).
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from pytest_postgresql.janitor import DatabaseJanitor

from drift.pgserver import ExistingServer, PgServer, ThrowawayServer

RENEXUS_MIGRATION = Path("examples/renexus/migrations/0000_nice_forgotten_one.sql")
STATEMENT_BREAKPOINT = "--> statement-breakpoint"


def pytest_configure(config: pytest.Config) -> None:
    # Deterministic time zone for the client side; the throwaway server already runs in UTC.
    # Ambient PG* variables (and ~/.pgpass) must not change which server or password a test uses.
    for name in [name for name in os.environ if name.startswith("PG")]:
        del os.environ[name]
    os.environ.update(TZ="UTC", PGTZ="UTC", PGPASSFILE=os.devnull)
    time.tzset()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    external = os.environ.get("DRIFT_TEST_DSN")
    if external:
        yield ExistingServer(external)
        return
    with ThrowawayServer(os.environ.get("DRIFT_TEST_PG_BIN") or None) as server:
        yield server


def _database_name(request: pytest.FixtureRequest) -> str:
    # Readable in pg_stat_activity, unique across xdist workers sharing a DRIFT_TEST_DSN server.
    stem = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower()).strip("_")[:40]
    return f"t_{stem}_{uuid.uuid4().hex[:8]}"


@pytest.fixture
def pg_dsn(pg_server: PgServer, request: pytest.FixtureRequest) -> Iterator[str]:
    name = _database_name(request)
    janitor = DatabaseJanitor(
        user=pg_server.superuser,
        password=pg_server.password,
        host=pg_server.host,
        port=pg_server.port,
        dbname=name,
        connection_timeout=10,
    )
    with janitor:
        yield pg_server.dsn(name)


@pytest.fixture
def pg_conn(pg_dsn: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        yield conn


MakeRole = Callable[..., str]


@pytest.fixture
def make_role(pg_server: PgServer, pg_dsn: str) -> Iterator[MakeRole]:
    dbname = str(conninfo_to_dict(pg_dsn)["dbname"])
    created: list[str] = []

    def make(name: str, password: str = "pw", *, superuser: bool = False) -> str:
        kind = sql.SQL("SUPERUSER" if superuser else "NOSUPERUSER")
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN {} PASSWORD {}").format(
                    sql.Identifier(name), kind, sql.Literal(password)
                )
            )
        created.append(name)
        return pg_server.dsn(dbname, user=name, password=password)

    yield make
    if created:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            for name in reversed(created):
                role = sql.Identifier(name)
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                    (name,),
                )
                conn.execute(sql.SQL("DROP OWNED BY {}").format(role))
                conn.execute(sql.SQL("DROP ROLE {}").format(role))


def shared_dir() -> Path | None:
    """`$DRIFT_SHARED_DIR`, else the `shared/` folder beside the repository, if it exists."""
    configured = os.environ.get("DRIFT_SHARED_DIR")
    if configured:
        candidate = Path(configured)
    else:
        candidate = Path(__file__).resolve().parents[1].parent / "shared"
    return candidate if candidate.is_dir() else None


def split_statements(migration: str) -> list[str]:
    """Split a drizzle-kit migration on its `--> statement-breakpoint` markers."""
    parts = (part.strip() for part in migration.split(STATEMENT_BREAKPOINT))
    return [part for part in parts if part]


@pytest.fixture(scope="session")
def renexus_sql() -> str:
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared/ not found: set DRIFT_SHARED_DIR or put shared/ beside the repo")
    path = shared / RENEXUS_MIGRATION
    if not path.is_file():
        pytest.skip(f"Renexus migration not found at {path}")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def renexus_dsn(pg_dsn: str, renexus_sql: str) -> str:
    with psycopg.connect(pg_dsn) as conn, conn.transaction():
        for statement in split_statements(renexus_sql):
            conn.execute(statement.encode())  # bytes: run as written, no %-placeholder parsing
    return pg_dsn
