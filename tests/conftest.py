"""The shared test harness: one PostgreSQL server per test session, a fresh database per test.

Fixtures (none of them autouse, so `tests/unit/` never starts a server):

- `pg_server` (session): a running server with `dsn(dbname, user, password)`, `host`, `port`,
  `superuser`, `password`, `version` (major int), `create_database`/`drop_database`. A private
  `ThrowawayServer` (binaries from `$DRIFT_TEST_PG_BIN`, else `find_pg_bin()`), or the server of
  `$DRIFT_TEST_DSN` (a superuser URL) if set. Each pytest-xdist worker gets its own, except that
  with `$DRIFT_TEST_DSN` they all share that server (and its roles).
- `pg_dsn`: superuser URL of a fresh, empty database, dropped after the test.
- `pg_conn`: an autocommit psycopg connection to that database, for setup SQL.
- `make_role`: `make_role(name, password="pw", *, superuser=False) -> dsn` creates a LOGIN role
  and returns its URL to that database; dropped (with `DROP OWNED`) after the test, failed or not.
  Roles belong to the whole server, and with `$DRIFT_TEST_DSN` several xdist workers (or runs)
  share one: a test holds a server-wide lock on each name it passes until its role is dropped, so
  two tests that use the same fixed name take turns instead of failing on "already exists".
- `make_unique_role`: `make_unique_role(stem, *, login=False) -> name` creates a role named
  `<stem>_<8 hex digits>` (unique across workers and runs), dropped like `make_role`'s. Use it
  for roles that only need to exist (grantees, policy roles), and assert on the name it returns.
- `renexus_sql`: the Renexus drizzle migration text (skips if `shared/` cannot be found;
  `$DRIFT_SHARED_DIR` or `<repo>/../shared`).
- `renexus_dsn`: `pg_dsn` with that migration applied (the same database as `pg_dsn`/`pg_conn`).
"""

from __future__ import annotations

import contextlib
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
GOLDEN_CASES = Path(__file__).resolve().parent / "cases"


def pytest_configure(config: pytest.Config) -> None:
    # Deterministic time zone for the client side; the throwaway server already runs in UTC.
    # Ambient PG* variables (and ~/.pgpass) must not change which server or password a test uses.
    for name in [name for name in os.environ if name.startswith("PG")]:
        del os.environ[name]
    os.environ.update(TZ="UTC", PGTZ="UTC", PGPASSFILE=os.devnull)
    time.tzset()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On a `$DRIFT_TEST_DSN` server, drop the roles of the golden cases (tests/cases/*/*.sql
    create them if missing and leave them for the next case; the cases' databases are gone by now).

    Once per run, in the process that ran or handed out every test (not in an xdist worker). A role
    that another run on the same server still uses cannot be dropped, and is left to that run."""
    dsn = os.environ.get("DRIFT_TEST_DSN")
    if not dsn or hasattr(session.config, "workerinput"):
        return
    names = sorted(
        {
            name
            for path in GOLDEN_CASES.glob("*/*.sql")
            for name in re.findall(r"CREATE ROLE (\w+)", path.read_text())
        }
    )
    if not names:
        return
    # Best effort: a role still in use elsewhere stays, and an unreachable server was reported by
    # the tests already.
    with contextlib.suppress(psycopg.Error):
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            for name in names:
                with contextlib.suppress(psycopg.errors.DependentObjectsStillExist):
                    conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


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
def reference_dsn(pg_server: PgServer) -> Iterator[str]:
    """A second, empty database on the test server, next to `pg_dsn` (for comparing two)."""
    name = f"t_reference_{uuid.uuid4().hex[:8]}"
    pg_server.create_database(name)
    try:
        yield pg_server.dsn(name)
    finally:
        pg_server.drop_database(name)


@pytest.fixture
def pg_conn(pg_dsn: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        yield conn


MakeRole = Callable[..., str]

# The first key of the server-wide advisory locks that serialise tests using the same role name.
ROLE_LOCK_KEY = 0x64726966  # "drif"


def _drop_roles(dsn: str, names: list[str]) -> None:
    """Drop `names` (newest first) and what they own in the database of `dsn`; every one is tried,
    and the first failure is raised after the others were dropped."""
    failures: list[BaseException] = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name in reversed(names):
            role = sql.Identifier(name)
            try:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                    (name,),
                )
                conn.execute(sql.SQL("DROP OWNED BY {}").format(role))
                conn.execute(sql.SQL("DROP ROLE {}").format(role))
            except psycopg.Error as exc:
                failures.append(exc)
    if failures:
        raise failures[0]


@pytest.fixture
def make_role(pg_server: PgServer, pg_dsn: str) -> Iterator[MakeRole]:
    dbname = str(conninfo_to_dict(pg_dsn)["dbname"])
    created: list[str] = []
    # Advisory locks are per database: taken in the server's maintenance database they are
    # server-wide, like the roles they guard. Held by this session until the roles are dropped.
    locks: psycopg.Connection[tuple[object, ...]] | None = None

    def make(name: str, password: str = "pw", *, superuser: bool = False) -> str:
        nonlocal locks
        if locks is None:
            locks = psycopg.connect(pg_server.dsn(), autocommit=True, connect_timeout=10)
        locks.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", (ROLE_LOCK_KEY, name))
        kind = sql.SQL("SUPERUSER" if superuser else "NOSUPERUSER")
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN {} PASSWORD {}").format(
                    sql.Identifier(name), kind, sql.Literal(password)
                )
            )
        created.append(name)
        return pg_server.dsn(dbname, user=name, password=password)

    try:
        yield make
    finally:
        try:
            if created:
                _drop_roles(pg_dsn, created)
        finally:
            if locks is not None:
                locks.close()  # releases the names for the next test that uses them


@pytest.fixture
def make_unique_role(pg_dsn: str) -> Iterator[Callable[..., str]]:
    created: list[str] = []

    def make(stem: str, *, login: bool = False) -> str:
        name = f"{stem}_{uuid.uuid4().hex[:8]}"
        kind = sql.SQL("LOGIN" if login else "NOLOGIN")
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE ROLE {} {}").format(sql.Identifier(name), kind))
        created.append(name)
        return name

    try:
        yield make
    finally:
        if created:
            _drop_roles(pg_dsn, created)


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
