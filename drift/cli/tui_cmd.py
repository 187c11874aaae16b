"""`drift tui` (and bare `drift` on a terminal): the interactive cockpit over the live database."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from drift.cli.app import app
from drift.cli.common import (
    ConfigOption,
    DsnOption,
    ExcludeSchemaOption,
    ExpectedMigrationsOption,
    ExpectedOption,
    LockTimeoutOption,
    OrmOption,
    SchemaOption,
    ScratchDsnOption,
    StatementTimeoutOption,
)


@app.command("tui")
def tui(
    dsn: DsnOption = None,
    expected: ExpectedOption = None,
    orm: OrmOption = None,
    expected_migrations: ExpectedMigrationsOption = None,
    scratch_dsn: ScratchDsnOption = None,
    schema: SchemaOption = None,
    exclude_schema: ExcludeSchemaOption = None,
    config: ConfigOption = None,
    statement_timeout: StatementTimeoutOption = None,
    lock_timeout: LockTimeoutOption = None,
    watch: Annotated[
        float | None,
        typer.Option(
            "--watch",
            min=1.0,
            metavar="SECONDS",
            help="Re-read the database every SECONDS and mark what changed since the last load.",
            show_default=False,
        ),
    ] = None,
) -> int:
    """Browse the live database, its drift and its health in a terminal UI (? lists the keys)."""
    from drift.config import load_config
    from drift.errors import DriftError

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise DriftError(
            "drift tui needs an interactive terminal; use `drift check` (or `drift check --json`) "
            "in scripts and CI"
        )
    cfg = load_config(
        config,
        dsn=dsn,
        expected=expected,
        orm=orm,
        expected_migrations=expected_migrations,
        scratch_dsn=scratch_dsn,
        schemas=schema,
        exclude_schemas=exclude_schema,
        statement_timeout=statement_timeout,
        lock_timeout=lock_timeout,
    )
    from drift.tui import run_tui

    run_tui(cfg, watch=watch)
    return 0
