"""`drift diff`: two live databases (staging against production), or saved snapshots of them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drift.cli.app import app
from drift.cli.common import ExcludeSchemaOption, JsonOption, OutOption, SchemaOption


def load_side(value: str, schemas: list[str], exclude: list[str]) -> tuple[object, str]:
    """A snapshot file written by `drift inspect --json`, or a DSN to reflect now."""
    from pydantic import ValidationError

    from drift.catalog import reflect
    from drift.catalog.connect import mask_dsn
    from drift.errors import InputError
    from drift.model import Snapshot
    from drift.pipeline import filter_schemas

    path = Path(value)
    if value.endswith(".json") or (path.is_file() and "://" not in value and "=" not in value):
        try:
            snapshot = Snapshot.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            raise InputError(f"{value}: snapshot file not found") from None
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"])
            raise InputError(
                f"{value}: not a 'drift inspect --json' snapshot ({loc}: {err['msg']})"
            ) from None
        catalog = filter_schemas(snapshot.catalog, schemas, exclude)
        return snapshot.model_copy(update={"catalog": catalog}), str(path)
    return reflect(value, schemas=schemas, exclude_schemas=exclude, with_stats=False), mask_dsn(value)


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
            help="Give twice: the database to check, then the reference it should match.",
            show_default=False,
        ),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="The reference (DSN or snapshot file).", show_default=False),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="The database checked against it (DSN or snapshot file).", show_default=False
        ),
    ] = None,
    schema: SchemaOption = None,
    exclude_schema: ExcludeSchemaOption = None,
    json_output: JsonOption = False,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="text, json, markdown, sarif, junit or html."),
    ] = None,
    out: OutOption = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="error, warning or info.")] = "error",
) -> int:
    """Compare two databases: how does the checked one differ from the reference?"""
    from datetime import UTC, datetime

    from drift import __version__
    from drift.cli.check_cmd import FORMATS, write_output
    from drift.diff import diff_catalogs
    from drift.errors import ConfigError
    from drift.model import Report, Snapshot, SourceInfo, Target
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
        raise ConfigError("give two databases: --dsn CHECKED --dsn REFERENCE, or --from REF --to CHECKED")
    if fail_on not in ("error", "warning", "info"):
        raise ConfigError(f"unknown --fail-on '{fail_on}' (error, warning or info)")
    output_format = "json" if json_output else (fmt or "text")
    if output_format not in FORMATS:
        raise ConfigError(f"unknown --format '{output_format}' (choose from {', '.join(FORMATS)})")
    schemas, exclude = schema or [], exclude_schema or []
    actual, actual_name = load_side(checked, schemas, exclude)
    expected, expected_name = load_side(reference, schemas, exclude)
    assert isinstance(actual, Snapshot) and isinstance(expected, Snapshot)
    findings = diff_catalogs(expected.catalog, actual.catalog, against=expected_name)
    report = Report.build(
        tool_version=__version__,
        generated_at=datetime.now(UTC),
        target=Target(
            database=actual.catalog.database,
            server_version=actual.catalog.server_version,
            dsn=actual_name,
        ),
        sources=[SourceInfo(kind="database", location=expected_name)],
        findings=findings,
    )
    write_output(report, output_format, out)
    return exit_code_for(report, fail_on)
