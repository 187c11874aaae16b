"""`drift diff`: two live databases (staging against production), or saved snapshots of them.

The reference plays the part the expected schema plays in `drift check`: findings say how the
checked database differs from it, with `against` naming the reference (password masked), in the
same formats and with the same exit codes. Either side may be a file written by
`drift inspect --json` (yesterday's production, a database on another network).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drift.cli.app import app
from drift.cli.common import ExcludeSchemaOption, JsonOption, OutOption, SchemaOption

if TYPE_CHECKING:
    from drift.model import Snapshot


def _is_snapshot_path(value: str) -> bool:
    if "://" in value or "=" in value:
        return False  # a URL or a libpq key=value string
    return value.endswith(".json") or Path(value).exists()


def load_side(value: str, schemas: list[str], exclude: list[str]) -> tuple[Snapshot, str, str]:
    """(snapshot, name for messages, source kind) for a DSN to reflect now or a snapshot file."""
    from drift.catalog import reflect
    from drift.catalog.connect import mask_dsn
    from drift.pipeline import filter_schemas

    if _is_snapshot_path(value):
        snapshot = read_snapshot(Path(value))
        catalog = filter_schemas(snapshot.catalog, schemas, exclude)
        return snapshot.model_copy(update={"catalog": catalog}), value, "snapshot"
    snapshot = reflect(value, schemas=schemas, exclude_schemas=exclude, with_stats=False)
    return snapshot, mask_dsn(value), "database"


def read_snapshot(path: Path) -> Snapshot:
    """A `drift inspect --json` file, or an InputError saying in one line what is wrong with it."""
    from pydantic import ValidationError

    from drift.errors import InputError
    from drift.model import Snapshot

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: snapshot file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the snapshot ({exc.strerror})") from None
    try:
        return Snapshot.model_validate_json(data)
    except ValidationError as exc:
        # A missing field says more about a wrong file than an unknown one does.
        err = sorted(exc.errors(), key=lambda e: e["type"] != "missing")[0]
        if err["type"] == "json_invalid":
            detail = f"not valid JSON: {err['msg']}"
        else:
            loc = ".".join(str(p) for p in err["loc"]) or "document"
            detail = f"{loc}: {err['msg']}"
        raise InputError(f"{path}: not a 'drift inspect --json' snapshot ({detail})") from None


@app.command(
    "diff",
    epilog="Exit codes: 0 no differences at or above --fail-on, 1 differences, 2 error. "
    "Either side may be a file written by 'drift inspect --json'.",
)
def diff(
    dsn: Annotated[
        list[str] | None,
        typer.Option(
            "--dsn",
            metavar="URL",
            help="Give twice: the database to check, then the reference it should match.",
            show_default=False,
        ),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="URL|FILE", help="The reference (DSN or snapshot file).", show_default=False
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="URL|FILE",
            help="The database checked against it (DSN or snapshot file).",
            show_default=False,
        ),
    ] = None,
    schema: SchemaOption = None,
    exclude_schema: ExcludeSchemaOption = None,
    json_output: JsonOption = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text, json, markdown, sarif, junit or html.",
            show_default=False,
        ),
    ] = None,
    out: OutOption = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", metavar="SEVERITY", help="error, warning or info.")
    ] = "error",
    unexpected: Annotated[
        str,
        typer.Option(
            "--unexpected",
            metavar="SEVERITY",
            help="Severity of objects only the checked database has: error, warn or ignore.",
        ),
    ] = "error",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the fix SQL under each finding.")
    ] = False,
    fix_sql: Annotated[
        Path | None,
        typer.Option(
            "--fix-sql",
            metavar="FILE",
            help="Also write one SQL script that makes the checked database match the reference "
            "('-' for stdout). drift never runs it.",
            show_default=False,
        ),
    ] = None,
    allow_destructive: Annotated[
        bool,
        typer.Option("--allow-destructive", help="In --fix-sql, leave data-losing statements uncommented."),
    ] = False,
) -> int:
    """Compare two databases: how does the checked one differ from the reference?"""
    from datetime import UTC, datetime

    from drift import __version__
    from drift.cli.check_cmd import FORMATS, write_output
    from drift.diff import diff_catalogs
    from drift.errors import ConfigError
    from drift.model import Report, SourceInfo, Target
    from drift.pipeline import exit_code_for

    if dsn and (from_ or to):
        raise ConfigError("use either --dsn twice or --from/--to, not both")
    if dsn:
        if len(dsn) != 2:
            raise ConfigError(f"--dsn must be given exactly twice for drift diff (got {len(dsn)})")
        checked, reference = dsn
    elif from_ and to:
        checked, reference = to, from_
    else:
        raise ConfigError(
            "give two databases: --dsn CHECKED --dsn REFERENCE, or --from REFERENCE --to CHECKED"
        )
    if fail_on not in ("error", "warning", "info"):
        raise ConfigError(f"unknown --fail-on '{fail_on}' (error, warning or info)")
    if unexpected not in ("error", "warn", "ignore"):
        raise ConfigError(f"unknown --unexpected '{unexpected}' (error, warn or ignore)")
    output_format = "json" if json_output else (fmt or "text")
    if output_format not in FORMATS:
        raise ConfigError(f"unknown --format '{output_format}' (choose from {', '.join(FORMATS)})")
    schemas, exclude = schema or [], exclude_schema or []
    actual, actual_name, _ = load_side(checked, schemas, exclude)
    expected, expected_name, expected_kind = load_side(reference, schemas, exclude)
    findings = diff_catalogs(
        expected.catalog,
        actual.catalog,
        against=expected_name,
        default_unexpected=unexpected,  # type: ignore[arg-type]
    )
    report = Report.build(
        tool_version=__version__,
        generated_at=datetime.now(UTC),
        target=Target(
            database=actual.catalog.database,
            server_version=actual.catalog.server_version,
            dsn=actual_name,
        ),
        sources=[SourceInfo(kind=expected_kind, location=expected_name)],
        findings=findings,
    )
    write_output(report, output_format, out, verbose=verbose)
    if fix_sql is not None:
        from drift.fix_script import fix_script

        script = fix_script(findings, allow_destructive=allow_destructive)
        if str(fix_sql) == "-":
            sys.stdout.write(script)
        else:
            fix_sql.write_text(script, encoding="utf-8")
    return exit_code_for(report, fail_on)
