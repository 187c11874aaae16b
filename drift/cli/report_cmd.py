"""`drift report`: the nightly drift and health report, for one database or many."""

from __future__ import annotations

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
    LockTimeoutOption,
    NoAdviceOption,
    OrmOption,
    OutOption,
    SchemaOption,
    ScratchDsnOption,
    StatementTimeoutOption,
)

REPORT_FORMATS = ("markdown", "html", "json", "sarif", "junit", "text")


@app.command(
    "report",
    epilog="Exit codes follow 'drift check': 0 clean, 1 findings at or above --fail-on, 2 error. "
    "With --targets, 2 when any target could not be checked.",
)
def report(
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
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help=f"One of: {', '.join(REPORT_FORMATS)}.")
    ] = "markdown",
    out: OutOption = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            metavar="DIR",
            help="Directory keeping each run's snapshot and findings; the report then lists what "
            "changed since the previous run.",
        ),
    ] = None,
    targets: Annotated[
        Path | None,
        typer.Option(
            "--targets",
            metavar="FILE",
            help="TOML file of many databases ([[target]] name, dsn or dsn_env, expected, orm, "
            "schemas): checked concurrently; writes one aggregated report plus one per target.",
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N", help="Targets checked at once.")] = 4,
    fail_on: FailOnOption = None,
    no_advice: NoAdviceOption = False,
) -> int:
    """Write the nightly drift and health report (Markdown, HTML, JSON, SARIF or JUnit)."""
    from drift.cli.exiting import keep_until_exit
    from drift.cli.progress import progress_reporter
    from drift.config import load_config
    from drift.errors import ConfigError
    from drift.pipeline import exit_code_for, run_check

    if fmt not in REPORT_FORMATS:
        raise ConfigError(f"unknown --format '{fmt}' (choose from {', '.join(REPORT_FORMATS)})")
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
    if targets is not None:
        return _report_targets(targets, cfg, fmt, out, jobs)
    with progress_reporter() as progress:
        result = run_check(cfg, progress=progress)
    keep_until_exit(result)
    _write(result, fmt, out, history)
    return exit_code_for(result.report, cfg.fail_on)


def _write(result: object, fmt: str, out: Path | None, history: Path | None) -> None:
    from drift.pipeline import CheckResult
    from drift.report import render

    assert isinstance(result, CheckResult)
    changes = None
    if history is not None:
        from drift.report.history import changes_since_last_run, save_run

        changes = changes_since_last_run(history, result.snapshot, result.report)
        save_run(history, result.snapshot, result.report)
    context = result.report_context(changes)
    text = render(result.report, fmt, context=context)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")


def _report_targets(path: Path, cfg: object, fmt: str, out: Path | None, jobs: int) -> int:
    from drift.config import DriftConfig
    from drift.pipeline import exit_code_for
    from drift.report import RENDERERS
    from drift.targets import TargetOutcome, load_targets, run_targets, summary_markdown

    assert isinstance(cfg, DriftConfig)
    specs = load_targets(path)
    out_dir = out if out is not None else Path("drift-reports")
    out_dir.mkdir(parents=True, exist_ok=True)

    def done(o: TargetOutcome) -> None:
        state = "failed: " + o.error if o.error else "checked"
        print(f"drift report: {o.name}: {state}", file=sys.stderr, flush=True)

    outcomes = run_targets(specs, cfg, jobs=jobs, on_done=done)
    ext = RENDERERS[fmt].extension
    links: dict[str, str] = {}
    for o in outcomes:
        if o.result is not None:
            name = f"{o.name}.{ext}"
            _write(o.result, fmt, out_dir / name, None)
            links[o.name] = name
    (out_dir / "index.md").write_text(summary_markdown(outcomes, links), encoding="utf-8")
    print(f"drift report: wrote {out_dir / 'index.md'} and {len(links)} target reports", file=sys.stderr)
    if any(o.error for o in outcomes):
        return 2
    return max((exit_code_for(o.result.report, cfg.fail_on) for o in outcomes), default=0)
