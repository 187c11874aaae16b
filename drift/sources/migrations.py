"""Migrations as the expected state: apply a migrations directory to a scratch database, reflect it.

Many teams' truth is their migrations directory. drift applies the files in order to a database
that exists only for this (on a throwaway server it starts itself, or on `--scratch-dsn`), reflects
the result with the same code as a live database, and drops the scratch database afterwards, even
when a file fails.

Layouts understood: plain `*.sql` files (file-name order; drizzle-kit files are split on
`--> statement-breakpoint`), `NNNN_name.up.sql` / `NNNN_name.down.sql` pairs, and dbmate-style
files with `-- migrate:up` / `-- migrate:down` sections.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from drift.errors import DriftError, InputError
from drift.model import Catalog

Progress = Callable[[str], None]
BREAKPOINT = "--> statement-breakpoint"
_DBMATE_UP = re.compile(r"^--\s*migrate:up\b.*$", re.MULTILINE)
_DBMATE_DOWN = re.compile(r"^--\s*migrate:down\b.*$", re.MULTILINE)


@dataclass(frozen=True)
class Migration:
    name: str
    up_path: Path
    up_sql: str
    down_sql: str | None = None
    down_path: Path | None = None


class MigrationFailed(InputError):
    """A migration file did not apply; the message names the file, the line and the server error."""

    def __init__(self, path: Path, line: int | None, statement: str, error: str) -> None:
        where = f"{path}:{line}" if line else str(path)
        first = " ".join(statement.split())[:120]
        super().__init__(f"{where}: {error} (in: {first})")
        self.path = path
        self.line = line
        self.statement = statement
        self.error = error


def list_migrations(directory: Path) -> list[Migration]:
    """The migrations in `directory`, in the order they apply."""
    if not directory.is_dir():
        raise InputError(f"{directory}: migrations directory not found")
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix == ".sql")
    downs = {p.name[: -len(".down.sql")]: p for p in files if p.name.endswith(".down.sql")}
    out: list[Migration] = []
    for path in files:
        if path.name.endswith(".down.sql"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.name.endswith(".up.sql"):
            stem = path.name[: -len(".up.sql")]
            down = downs.get(stem)
            out.append(
                Migration(
                    name=stem,
                    up_path=path,
                    up_sql=text,
                    down_sql=down.read_text(encoding="utf-8") if down else None,
                    down_path=down,
                )
            )
        elif _DBMATE_UP.search(text):
            up, down_sql = _split_dbmate(text)
            out.append(Migration(name=path.stem, up_path=path, up_sql=up, down_sql=down_sql, down_path=path))
        else:
            out.append(Migration(name=path.stem, up_path=path, up_sql=text))
    if not out:
        raise InputError(f"{directory}: no .sql migration files found")
    return out


def _split_dbmate(text: str) -> tuple[str, str | None]:
    up_match = _DBMATE_UP.search(text)
    assert up_match is not None
    down_match = _DBMATE_DOWN.search(text, up_match.end())
    if down_match is None:
        return text[up_match.end() :], None
    # Keep the line count of the file so error lines still point at the right place.
    up = "\n" * text[: up_match.end()].count("\n") + text[up_match.end() : down_match.start()]
    down = text[down_match.end() :]
    return up, down if down.strip() else None


def statements(sql_text: str) -> list[tuple[int, str]]:
    """(first line, text) of each chunk to send: drizzle breakpoints split, otherwise whole files."""
    if BREAKPOINT not in sql_text:
        return [(1, sql_text)] if sql_text.strip() else []
    out: list[tuple[int, str]] = []
    line = 1
    for chunk in sql_text.split(BREAKPOINT):
        lead = chunk[: len(chunk) - len(chunk.lstrip())]
        start = line + lead.count("\n")
        if chunk.strip():
            out.append((start, chunk.strip()))
        line += chunk.count("\n")
    return out


def apply_sql(conn: psycopg.Connection, path: Path, sql_text: str) -> None:
    """Run one migration's SQL in autocommit; raise MigrationFailed with file:line on error."""
    for first_line, chunk in statements(sql_text):
        try:
            conn.execute(chunk.encode())
        except psycopg.Error as exc:
            diag = exc.diag
            line = first_line
            if diag.statement_position:
                offset = int(diag.statement_position) - 1
                line = first_line + chunk.encode()[:offset].decode(errors="ignore").count("\n")
            message = (diag.message_primary or str(exc)).strip()
            raise MigrationFailed(
                path, line, _statement_at(chunk, diag.statement_position), message
            ) from None


def _statement_at(chunk: str, position: str | None) -> str:
    """The statement around the server's error position (or the chunk's first statement)."""
    if not position:
        return chunk.split(";")[0]
    offset = int(position) - 1
    start = chunk.rfind(";", 0, offset) + 1
    end = chunk.find(";", offset)
    return chunk[start : end if end != -1 else len(chunk)]


@contextmanager
def scratch_database(scratch_dsn: str | None = None, *, progress: Progress | None = None) -> Iterator[str]:
    """A new, empty database that is dropped afterwards: on `scratch_dsn`'s server or a throwaway one."""
    if scratch_dsn:
        yield from _on_existing(scratch_dsn)
        return
    from drift.pgserver import PgServerError, ThrowawayServer

    try:
        server = ThrowawayServer(on_progress=progress)
        server.start()
    except PgServerError as exc:
        raise DriftError(f"cannot start a scratch PostgreSQL: {exc}") from None
    try:
        server.create_database("drift_scratch")
        yield server.dsn("drift_scratch")
    finally:
        server.stop()


def _on_existing(scratch_dsn: str) -> Iterator[str]:
    from drift.catalog.connect import mask_dsn
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = f"drift_scratch_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(scratch_dsn, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise DriftError(
            f"cannot connect to the scratch server {mask_dsn(scratch_dsn)}: {exc}".splitlines()[0]
        ) from None
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            params = conninfo_to_dict(scratch_dsn)
            params["dbname"] = name
            yield make_conninfo("", **params)
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def catalog_from_migrations(
    directory: Path, *, scratch_dsn: str | None = None, progress: Progress | None = None
) -> Catalog:
    """The catalog the migrations in `directory` produce, applied in order to a scratch database."""
    from drift.catalog import reflect

    migrations = list_migrations(directory)
    with scratch_database(scratch_dsn, progress=progress) as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for m in migrations:
                if progress:
                    progress(f"applying {m.up_path.name}")
                apply_sql(conn, m.up_path, m.up_sql)
        catalog: Catalog = reflect(dsn, with_stats=False).catalog
    return catalog.model_copy(update={"database": None, "server_version": None})
