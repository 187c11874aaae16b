"""`drift check`: the CI gate. Compares the live database with what it should be; exit 0, 1 or 2."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from drift.cli.app import app
from drift.cli.common import (
    ConfigOption,
    DsnOption,
    ExcludeSchemaOption,
    ExpectedMigrationsOption,
    ExpectedOption,
    FailOnOption,
    JsonOption,
    LockTimeoutOption,
    NoAdviceOption,
    OrmOption,
    OutOption,
    SchemaOption,
    ScratchDsnOption,
    StatementTimeoutOption,
)

FORMATS = ("text", "json", "markdown", "sarif", "junit", "html")


@app.command(
    "check",
    epilog="Exit codes: 0 nothing at or above --fail-on, 1 drift found, 2 error "
    "(bad input, connection, configuration).",
)
def check(
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
    json_output: JsonOption = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(FORMATS)} (default text; --json is --format json).",
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
    fail_on: FailOnOption = None,
    no_advice: NoAdviceOption = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the fix SQL under each finding.")
    ] = False,
    fix_sql: Annotated[
        Path | None,
        typer.Option(
            "--fix-sql",
            metavar="FILE",
            help="Also write one SQL script that brings the database to the expected state "
            "('-' for stdout). drift never runs it.",
            show_default=False,
        ),
    ] = None,
    allow_destructive: Annotated[
        bool,
        typer.Option(
            "--allow-destructive",
            help="In --fix-sql, leave DROP and other data-losing statements uncommented.",
        ),
    ] = False,
) -> int:
    """Compare the live database with the expected schema and/or ORM models; report drift."""
    from drift.cli.exiting import keep_until_exit
    from drift.cli.progress import progress_reporter
    from drift.config import load_config
    from drift.errors import ConfigError
    from drift.pipeline import exit_code_for, run_check

    output_format = "json" if json_output else (fmt or "text")
    if output_format not in FORMATS:
        raise ConfigError(f"unknown --format '{output_format}' (choose from {', '.join(FORMATS)})")
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
        fail_on=fail_on,
        advice=False if no_advice else None,
    )
    with progress_reporter() as progress:
        result = run_check(cfg, progress=progress)
    keep_until_exit(result)
    write_output(result.report, output_format, out, verbose=verbose, context_result=result)
    if fix_sql is not None:
        from drift.fix_script import fix_script

        # One target state: the expected files, else the migrations, else the models. Fixes
        # towards two sources at once could contradict each other.
        kinds = [s.kind for s in result.report.sources]
        primary = next((k for k in ("expected", "migrations", "orm") if k in kinds), None)
        script = fix_script(
            [f for f in result.report.findings if f.category == "drift" and f.against == primary],
            allow_destructive=allow_destructive,
        )
        if str(fix_sql) == "-":
            sys.stdout.write(script)
        else:
            fix_sql.write_text(script, encoding="utf-8")
    return exit_code_for(result.report, cfg.fail_on)


def write_output(
    report: object,
    output_format: str,
    out: Path | None,
    *,
    verbose: bool = False,
    context_result: object | None = None,
) -> None:
    """Render with the registry in drift.report and write to --out or stdout."""
    from drift.model import Report
    from drift.pipeline import CheckResult
    from drift.report import render

    assert isinstance(report, Report)
    context = context_result.report_context() if isinstance(context_result, CheckResult) else None
    on_terminal = out is None and sys.stdout.isatty()
    color = on_terminal and output_format == "text"
    # Wrap to the real terminal; files and pipes get the renderer's default width.
    width = shutil.get_terminal_size().columns if on_terminal else None
    text = render(report, output_format, context=context, color=color, width=width, verbose=verbose)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
