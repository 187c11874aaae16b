"""Migrations as the expected state: apply a migrations directory to a scratch database, reflect it.

Many teams' truth is their migrations directory. drift applies the files in order to a database
that exists only for this (on a throwaway server it starts itself, or on `--scratch-dsn`), reflects
the result with the same code as a live database, and drops the scratch database afterwards, even
when a file fails or the user presses Ctrl-C.

Statements are sent one at a time in autocommit, as `psql -f` does, so a file's own
`BEGIN`/`COMMIT`, `CREATE INDEX CONCURRENTLY` and `SET` behave as they do in production. Which files
count and in what order is `drift.sources.migration_layouts`.
"""

from __future__ import annotations

import re
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus

from drift.errors import DriftError, InputError
from drift.model import Catalog
from drift.sources.migration_layouts import Migration, SqlSource, list_migrations
from drift.sqlsplit import SqlSplitError, SqlStatement, split_statements

__all__ = [
    "Migration",
    "MigrationFailed",
    "SqlSource",
    "apply_sql",
    "catalog_from_migrations",
    "list_migrations",
    "scratch_database",
    "scratch_server",
    "without_bookkeeping",
]

Progress = Callable[[str], None]
_COPY_STDIN = re.compile(r"^\s*COPY\b.*\bFROM\s+STDIN\b", re.I | re.S)

# Hints for the errors a scratch server gives that production does not.
_HINTS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r'role ".*" does not exist'),
        "the scratch server has only its superuser: create the role in a migration, "
        "or use --scratch-dsn on a server that has it",
    ),
    (
        re.compile(r"extension .* is not available|could not open extension control file"),
        "the scratch server lacks this extension: use --scratch-dsn on a server that has it",
    ),
]


class MigrationFailed(InputError):
    """A migration statement failed; the message names file:line, the server error and the statement."""

    def __init__(self, path: Path, line: int | None, statement: str, error: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        first = " ".join(statement.split())
        if len(first) > 100:
            first = first[:97] + "..."
        hint = next((h for pattern, h in _HINTS if pattern.search(error)), None)
        message = f"{where}: {error}" + (f" (in: {first})" if first else "")
        super().__init__(message + (f"; hint: {hint}" if hint else ""))
        self.path = path
        self.line = line
        self.statement = statement
        self.error = error


def _statements(source: SqlSource) -> list[SqlStatement]:
    try:
        return split_statements(source.text, first_line=source.first_line)
    except SqlSplitError as exc:
        raise MigrationFailed(source.path, exc.line, "", exc.message) from None


def apply_sql(
    conn: psycopg.Connection[tuple[object, ...]], source: SqlSource, *, keep_going: bool = False
) -> list[MigrationFailed]:
    """Run one file's statements in order on an autocommit connection.

    Raises MigrationFailed (file:line of the failing statement) on the first error, or with
    `keep_going` collects the failures, leaves a failed transaction block, and goes on.
    """
    failures: list[MigrationFailed] = []
    for stmt in _statements(source):
        if _COPY_STDIN.match(stmt.text):
            failure = MigrationFailed(
                source.path, stmt.line, stmt.text, "COPY ... FROM STDIN data is not supported in migrations"
            )
        else:
            try:
                conn.execute(stmt.text.encode())  # bytes: run as written, no placeholder parsing
                continue
            except psycopg.Error as exc:
                failure = _failure(source, stmt, exc)
        if conn.info.transaction_status == TransactionStatus.INERROR:
            conn.execute(b"ROLLBACK")
        if not keep_going:
            raise failure
        failures.append(failure)
    return failures


def _failure(source: SqlSource, stmt: SqlStatement, exc: psycopg.Error) -> MigrationFailed:
    diag = exc.diag
    message = (diag.message_primary or str(exc).strip().splitlines()[0]).strip()
    position = diag.statement_position
    if position and position.isdigit():
        # The server counts characters (not bytes) from 1, in the text we sent.
        line = stmt.line + stmt.text[: int(position) - 1].count("\n")
    else:
        line = stmt.line + _line_naming(stmt.text, message)
    return MigrationFailed(source.path, line, stmt.text, message)


_QUOTED_NAME = re.compile(r'"([^"]+)"')


def _line_naming(statement: str, message: str) -> int:
    """Lines into `statement` of the first mention of the object the error names (0 if none):
    many errors (`relation "x" does not exist` in a REFERENCES clause) come without a position."""
    m = _QUOTED_NAME.search(message)
    if m is None:
        return 0
    name = re.escape(m.group(1))
    mention = re.search(rf'(?<![\w$"]){name}(?![\w$"])|"{name}"', statement, re.I)
    return statement.count("\n", 0, mention.start()) if mention else 0


def apply_migrations(
    conn: psycopg.Connection[tuple[object, ...]],
    migrations: list[Migration],
    progress: Progress | None = None,
) -> None:
    for m in migrations:
        if progress:
            progress(f"applying {m.up.path.name}")
        apply_sql(conn, m.up)


class ScratchServer:
    """A server where drift makes scratch databases; every one it made is dropped on close."""

    def __init__(self, admin: psycopg.Connection[tuple[object, ...]], admin_dsn: str) -> None:
        self._admin = admin
        self._admin_dsn = admin_dsn
        self.created: list[str] = []

    def new_database(self) -> str:
        """Create an empty database and return its DSN."""
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        from drift.catalog.connect import mask_dsn

        name = f"drift_scratch_{secrets.token_hex(4)}"
        try:
            self._admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as exc:
            raise DriftError(
                f"cannot create a scratch database on {mask_dsn(self._admin_dsn)}: "
                f"{(exc.diag.message_primary or str(exc)).strip()} (the role needs CREATEDB)"
            ) from None
        self.created.append(name)
        params = conninfo_to_dict(self._admin_dsn)
        params["dbname"] = name
        return make_conninfo("", **params)

    def drop_all(self) -> None:
        while self.created:
            name = self.created.pop()
            try:
                _drop_database(self._admin, name)
            except psycopg.Error as exc:
                print(f"drift: warning: could not drop scratch database {name}: {exc}", file=sys.stderr)


@contextmanager
def scratch_server(
    scratch_dsn: str | None = None, *, progress: Progress | None = None
) -> Iterator[ScratchServer]:
    """Where to make scratch databases: `scratch_dsn`'s server, or a throwaway one drift starts."""
    if scratch_dsn:
        with _admin_session(scratch_dsn) as scratch:
            yield scratch
        return
    from drift.pgserver import PgServerError, ThrowawayServer

    server: ThrowawayServer | None = None
    try:
        server = ThrowawayServer(on_progress=progress)
        server.start()
    except (PgServerError, OSError) as exc:
        if server is not None:
            server.stop()
        raise DriftError(
            f"cannot start a scratch PostgreSQL for the migrations ({_one_line(exc)}); "
            "pass --scratch-dsn with a server where drift may create a database"
        ) from None
    try:
        with _admin_session(server.dsn("postgres")) as scratch:
            yield scratch
    finally:
        server.stop()


def _one_line(exc: BaseException) -> str:
    """A multi-line error (a command's output, a log tail) as its first line plus the line that says
    what went wrong."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    cause = next((line for line in lines[1:] if re.search(r"\b(FATAL|ERROR|PANIC)\b|error:", line)), None)
    cause = cause or (lines[-1] if len(lines) > 1 else None)
    return f"{lines[0].rstrip(':')}: {cause}" if cause else lines[0]


@contextmanager
def _admin_session(admin_dsn: str) -> Iterator[ScratchServer]:
    from drift.catalog.connect import mask_dsn

    try:
        admin = psycopg.connect(admin_dsn, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DriftError(f"cannot connect to the scratch server {mask_dsn(admin_dsn)}: {detail}") from None
    with admin:
        scratch = ScratchServer(admin, admin_dsn)
        try:
            yield scratch
        finally:
            scratch.drop_all()


@contextmanager
def scratch_database(scratch_dsn: str | None = None, *, progress: Progress | None = None) -> Iterator[str]:
    """A new, empty database, dropped afterwards: on `scratch_dsn`'s server or on a throwaway one."""
    with scratch_server(scratch_dsn, progress=progress) as scratch:
        yield scratch.new_database()


def _drop_database(admin: psycopg.Connection[tuple[object, ...]], name: str) -> None:
    ident = sql.Identifier(name)
    if admin.info.server_version >= 130000:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        return
    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(ident))


def reflect_structure(dsn: str) -> Catalog:
    """The scratch database's catalog, without the names that differ from run to run."""
    from drift.catalog import reflect

    catalog: Catalog = reflect(dsn, with_stats=False).catalog
    return catalog.model_copy(update={"database": None, "server_version": None})


def catalog_from_migrations(
    directory: Path, *, scratch_dsn: str | None = None, progress: Progress | None = None
) -> Catalog:
    """The catalog the migrations in `directory` produce, applied in order to a scratch database.

    Raises MigrationFailed (an InputError: exit 2) naming file:line when a statement fails.
    """
    migrations = list_migrations(directory)
    with scratch_database(scratch_dsn, progress=progress) as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            apply_migrations(conn, migrations, progress)
        if progress:
            progress("reading the catalog the migrations produced")
        return reflect_structure(dsn)


# Tables migration tools keep their own bookkeeping in. The live database has them and a scratch
# database migrated by drift does not, so they are not drift.
BOOKKEEPING_TABLES = frozenset(
    {
        "schema_migrations",  # golang-migrate, dbmate, Rails, Supabase
        "ar_internal_metadata",  # Rails
        "flyway_schema_history",
        "_prisma_migrations",
        "__diesel_schema_migrations",
        "__drizzle_migrations",
        "alembic_version",
        "goose_db_version",
        "knex_migrations",
        "knex_migrations_lock",
        "pgmigrations",  # node-pg-migrate
        "django_migrations",
        "SequelizeMeta",
        "__EFMigrationsHistory",
    }
)
BOOKKEEPING_SCHEMAS = frozenset({"drizzle", "supabase_migrations"})


def without_bookkeeping(catalog: Catalog) -> Catalog:
    """`catalog` without migration tools' bookkeeping tables (and their sequences and schemas)."""
    schemas = []
    for schema in catalog.schemas:
        dropped = {t.name for t in schema.tables if t.name in BOOKKEEPING_TABLES}
        if not dropped:
            schemas.append(schema)
            continue
        tables = tuple(t for t in schema.tables if t.name not in dropped)
        sequences = tuple(
            s for s in schema.sequences if not (s.owned_by and s.owned_by.split(".", 1)[0] in dropped)
        )
        if schema.name in BOOKKEEPING_SCHEMAS and not tables and not sequences:
            continue
        schemas.append(schema.model_copy(update={"tables": tables, "sequences": sequences}))
    return catalog.model_copy(update={"schemas": tuple(schemas)})
