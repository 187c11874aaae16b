"""`drift migrations verify`: the hand audit's "migration integrity" section, computed.

Every file must apply in order from an empty database; applying the set twice tells whether it is
idempotent; each down migration must bring the schema back to the state before its up migration
(compared catalog to catalog with the differ); migrations without a down are listed.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
from pydantic import BaseModel

from drift.model import Catalog
from drift.sources.migrations import (
    MigrationFailed,
    Progress,
    apply_sql,
    list_migrations,
    scratch_database,
)


class ApplyFailure(BaseModel):
    file: str
    line: int | None
    statement: str
    error: str


class DownCheck(BaseModel):
    migration: str
    restores_schema: bool
    differences: list[str] = []
    error: str | None = None


class VerifyResult(BaseModel):
    directory: str
    migrations: list[str]
    applied: list[str]
    failure: ApplyFailure | None = None
    idempotent: bool | None = None
    idempotency_error: str | None = None
    down_checks: list[DownCheck] = []
    without_down: list[str] = []

    @property
    def ok(self) -> bool:
        return self.failure is None and all(d.restores_schema for d in self.down_checks)


def _failure(exc: MigrationFailed) -> ApplyFailure:
    return ApplyFailure(
        file=str(exc.path), line=exc.line, statement=" ".join(exc.statement.split()), error=exc.error
    )


def _reflect(dsn: str) -> Catalog:
    from drift.catalog import reflect

    catalog: Catalog = reflect(dsn, with_stats=False).catalog
    return catalog


def _difference_messages(before: Catalog, after: Catalog) -> list[str]:
    from drift.diff import diff_catalogs

    return [f.message for f in diff_catalogs(before, after, against="before up", default_unexpected="error")]


def verify_migrations(
    directory: Path, *, scratch_dsn: str | None = None, progress: Progress | None = None
) -> VerifyResult:
    migrations = list_migrations(directory)
    result = VerifyResult(
        directory=str(directory),
        migrations=[m.name for m in migrations],
        applied=[],
        without_down=[m.name for m in migrations if m.down_sql is None],
    )
    say = progress or (lambda _m: None)
    with scratch_database(scratch_dsn, progress=progress) as dsn:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for m in migrations:
                before = _reflect(dsn) if m.down_sql is not None else None
                say(f"applying {m.up_path.name}")
                try:
                    apply_sql(conn, m.up_path, m.up_sql)
                except MigrationFailed as exc:
                    result.failure = _failure(exc)
                    return result
                result.applied.append(m.name)
                if before is not None and m.down_sql is not None and m.down_path is not None:
                    say(f"checking the down migration of {m.name}")
                    result.down_checks.append(_check_down(conn, dsn, m.down_path, m.down_sql, before, m.name))
                    apply_sql(conn, m.up_path, m.up_sql)  # forward again for the next files
            say("applying every migration a second time (idempotency)")
            try:
                for m in migrations:
                    apply_sql(conn, m.up_path, m.up_sql)
                result.idempotent = True
            except MigrationFailed as exc:
                result.idempotent = False
                result.idempotency_error = str(exc)
    return result


def _check_down(
    conn: psycopg.Connection, dsn: str, path: Path, down_sql: str, before: Catalog, name: str
) -> DownCheck:
    try:
        apply_sql(conn, path, down_sql)
    except MigrationFailed as exc:
        return DownCheck(migration=name, restores_schema=False, error=str(exc))
    differences = _difference_messages(before, _reflect(dsn))
    return DownCheck(migration=name, restores_schema=not differences, differences=differences)


def render_text(result: VerifyResult) -> str:
    lines = [f"Migrations in {result.directory}: {len(result.migrations)} file(s)"]
    if result.failure is not None:
        f = result.failure
        where = f"{f.file}:{f.line}" if f.line else f.file
        lines.append(f"  FAILED  {where}: {f.error}")
        lines.append(f"          statement: {f.statement[:200]}")
        lines.append(f"  applied cleanly before it: {', '.join(result.applied) or 'none'}")
    else:
        lines.append(f"  ok      all {len(result.applied)} apply cleanly, in order, from an empty database")
    if result.idempotent is True:
        lines.append("  ok      applying them a second time succeeds (idempotent)")
    elif result.idempotent is False:
        lines.append(f"  note    not idempotent: {result.idempotency_error}")
    for d in result.down_checks:
        if d.restores_schema:
            lines.append(f"  ok      {d.migration}: down migration restores the schema")
        else:
            detail = d.error or "; ".join(d.differences[:5])
            lines.append(f"  FAILED  {d.migration}: down migration does not restore the schema: {detail}")
    if result.without_down:
        lines.append(f"  note    no down migration: {', '.join(result.without_down)}")
    return "\n".join(lines) + "\n"
