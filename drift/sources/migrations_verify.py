"""`drift migrations verify`: the hand audit's "migration integrity" section, computed.

- Every file must apply in order from an empty database (the first failure is reported with file,
  line, statement and the server's error).
- Applying the whole set a second time tells whether it is idempotent: every statement that fails
  the second time is listed, and so is any change the second pass makes to the schema without
  failing (an unnamed `CREATE INDEX` silently makes a second index).
- Each down migration must bring the schema back to the state before its up migration (compared
  catalog to catalog with the differ), and its up must apply again after it.
- Migrations without a down are listed.

A down that does not restore the schema leaves the database in a state no later migration was
written for, so the forward run continues on a fresh scratch database rebuilt from the ups alone.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
from pydantic import BaseModel, computed_field

from drift.model import Catalog
from drift.sources.migrations import (
    Migration,
    MigrationFailed,
    Progress,
    ScratchServer,
    apply_migrations,
    apply_sql,
    list_migrations,
    reflect_structure,
    scratch_server,
)

MAX_LISTED = 20


class ApplyFailure(BaseModel):
    file: str
    line: int | None
    statement: str
    error: str

    @classmethod
    def of(cls, exc: MigrationFailed) -> ApplyFailure:
        return cls(
            file=str(exc.path), line=exc.line, statement=" ".join(exc.statement.split()), error=exc.error
        )

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


class DownCheck(BaseModel):
    migration: str
    down_file: str
    restores_schema: bool
    differences: list[str] = []
    failure: ApplyFailure | None = None
    reapply_failure: ApplyFailure | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return self.restores_schema and self.failure is None and self.reapply_failure is None


class VerifyResult(BaseModel):
    directory: str
    migrations: list[str]
    applied: list[str] = []
    failure: ApplyFailure | None = None
    idempotent: bool | None = None
    idempotency_failures: list[ApplyFailure] = []
    idempotency_differences: list[str] = []
    down_checks: list[DownCheck] = []
    without_down: list[str] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return self.failure is None and all(d.ok for d in self.down_checks)


def _differences(before: Catalog, after: Catalog, *, appeared: str, vanished: str) -> list[str]:
    """How `after` differs from `before`, in words for this check (the differ speaks of a database
    against its declaration)."""
    from drift.diff import diff_catalogs

    out = []
    for f in diff_catalogs(before, after, against="before", default_unexpected="error"):
        what = f"{f.object_type.replace('_', ' ').capitalize()} {'.'.join(f.path)}"
        if f.change == "unexpected":
            out.append(f"{what} {appeared}.")
        elif f.change == "missing":
            out.append(f"{what} {vanished}.")
        else:
            out.append(f.message)
    return out


class _Run:
    """One verification: a forward database on a scratch server, rebuilt when a down spoils it."""

    def __init__(self, scratch: ScratchServer, migrations: list[Migration], say: Progress) -> None:
        self.scratch = scratch
        self.migrations = migrations
        self.say = say
        self.dsn = scratch.new_database()
        self.conn = psycopg.connect(self.dsn, autocommit=True)

    def close(self) -> None:
        self.conn.close()

    def rebuild(self, upto: int) -> None:
        """A fresh database with the ups of migrations[:upto] applied."""
        self.say("rebuilding the scratch database after a down migration that did not restore it")
        self.conn.close()
        self.dsn = self.scratch.new_database()
        self.conn = psycopg.connect(self.dsn, autocommit=True)
        apply_migrations(self.conn, self.migrations[:upto])

    def check_down(self, index: int, before: Catalog) -> DownCheck:
        m = self.migrations[index]
        assert m.down is not None
        self.say(f"checking the down migration of {m.name}")
        check = DownCheck(migration=m.name, down_file=str(m.down.path), restores_schema=False)
        try:
            apply_sql(self.conn, m.down)
        except MigrationFailed as exc:
            check.failure = ApplyFailure.of(exc)
        if check.failure is None:
            check.differences = _differences(
                before, reflect_structure(self.dsn), appeared="is left behind", vanished="is gone"
            )
            check.restores_schema = not check.differences
        if check.restores_schema:
            try:
                apply_sql(self.conn, m.up)
                return check
            except MigrationFailed as exc:
                check.reapply_failure = ApplyFailure.of(exc)
        self.rebuild(index + 1)
        return check

    def second_pass(self, result: VerifyResult) -> None:
        self.say("applying every migration a second time (idempotency)")
        first = reflect_structure(self.dsn)
        failures: list[MigrationFailed] = []
        for m in self.migrations:
            failures += apply_sql(self.conn, m.up, keep_going=True)
        result.idempotency_failures = [ApplyFailure.of(f) for f in failures]
        result.idempotency_differences = _differences(
            first, reflect_structure(self.dsn), appeared="is added again", vanished="is removed"
        )
        result.idempotent = not failures and not result.idempotency_differences


def verify_migrations(
    directory: Path, *, scratch_dsn: str | None = None, progress: Progress | None = None
) -> VerifyResult:
    """Verify `directory` on scratch databases (a throwaway server unless `scratch_dsn` is given)."""
    migrations = list_migrations(directory)
    result = VerifyResult(
        directory=str(directory),
        migrations=[m.name for m in migrations],
        without_down=[m.name for m in migrations if m.down is None],
    )
    say = progress or (lambda _m: None)
    with scratch_server(scratch_dsn, progress=progress) as scratch:
        run = _Run(scratch, migrations, say)
        try:
            for index, m in enumerate(migrations):
                before = reflect_structure(run.dsn) if m.down is not None else None
                say(f"applying {m.up.path.name}")
                try:
                    apply_sql(run.conn, m.up)
                except MigrationFailed as exc:
                    result.failure = ApplyFailure.of(exc)
                    return result
                result.applied.append(m.name)
                if before is not None:
                    result.down_checks.append(run.check_down(index, before))
            run.second_pass(result)
        finally:
            run.close()
    return result


def render_text(result: VerifyResult) -> str:
    lines = [f"Migrations in {result.directory}: {len(result.migrations)}"]
    if result.failure is not None:
        f = result.failure
        lines.append(f"  FAILED  {f.where}: {f.error}")
        lines.append(f"          statement: {_short(f.statement)}")
        lines.append(f"          applied cleanly before it: {', '.join(result.applied) or 'none'}")
    else:
        lines.append(f"  ok      all {len(result.applied)} apply cleanly, in order, from an empty database")
    if result.idempotent is True:
        lines.append("  ok      applying them a second time succeeds and changes nothing (idempotent)")
    elif result.idempotent is False:
        lines.append("  note    not idempotent: applying them a second time")
        for a in result.idempotency_failures[:MAX_LISTED]:
            lines.append(f"            fails at {a.where}: {a.error}")
        for change in result.idempotency_differences[:MAX_LISTED]:
            lines.append(f"            changes the schema: {change}")
        total = len(result.idempotency_failures) + len(result.idempotency_differences)
        shown = min(len(result.idempotency_failures), MAX_LISTED) + min(
            len(result.idempotency_differences), MAX_LISTED
        )
        if total > shown:
            lines.append(f"            ... and {total - shown} more (see --json)")
    for d in result.down_checks:
        if d.ok:
            lines.append(f"  ok      {d.migration}: the down migration restores the schema")
            continue
        if d.failure is not None:
            lines.append(
                f"  FAILED  {d.migration}: the down migration fails at {d.failure.where}: {d.failure.error}"
            )
        elif not d.restores_schema:
            lines.append(f"  FAILED  {d.migration}: the down migration does not restore the schema:")
            lines += [f"            {diff}" for diff in d.differences[:MAX_LISTED]]
        if d.reapply_failure is not None:
            r = d.reapply_failure
            lines.append(
                f"  FAILED  {d.migration}: the up does not apply again after the down: {r.where}: {r.error}"
            )
    if result.without_down:
        lines.append(f"  note    no down migration: {', '.join(result.without_down)}")
    verdict = "ok" if result.ok else "FAILED"
    lines.append(verdict)
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
