"""`drift init`: write the expected schema of a live database, to commit and review like code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer

from drift.cli.app import app
from drift.cli.common import ConfigOption, DsnOption, ExcludeSchemaOption, SchemaOption

POLICIES = ("error", "warn", "ignore")


@app.command(
    "init",
    epilog="The files are sorted and stable: run 'drift init --force' again after an intended change "
    "and review the diff. Format: docs/expected-schema.md.",
)
def init(
    dsn: DsnOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="Directory to write (default: the configured expected path, else ./expected_schema).",
            show_default=False,
        ),
    ] = None,
    schema: SchemaOption = None,
    exclude_schema: ExcludeSchemaOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Write into a non-empty directory, replacing its expected-schema files."
        ),
    ] = False,
    unexpected: Annotated[
        str,
        typer.Option(
            "--unexpected",
            metavar="SEVERITY",
            help="What 'drift check' does with objects the files do not mention: error, warn or ignore.",
        ),
    ] = "warn",
    config: ConfigOption = None,
) -> int:
    """Write the expected schema (YAML, one file per schema) of a live database."""
    from drift.catalog import reflect
    from drift.cli.progress import progress_reporter
    from drift.config import load_config
    from drift.errors import ConfigError, InputError
    from drift.pipeline import DEFAULT_EXPECTED_DIR
    from drift.sources.expected import UnexpectedPolicy
    from drift.sources.expected.writer import clear_expected_dir, write_expected

    if unexpected not in POLICIES:
        raise ConfigError(f"unknown --unexpected '{unexpected}' (choose from {', '.join(POLICIES)})")
    cfg = load_config(config, dsn=dsn, schemas=schema, exclude_schemas=exclude_schema)
    out_dir = out if out is not None else (cfg.expected or DEFAULT_EXPECTED_DIR)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out '{out_dir}' is a file, not a directory")
    if out_dir.is_dir() and not force and any(not p.name.startswith(".") for p in out_dir.iterdir()):
        raise InputError(
            f"'{out_dir}' is not empty; use --force to replace its expected-schema files, or choose another --out"
        )
    with progress_reporter() as progress:
        snapshot = reflect(
            cfg.dsn,
            schemas=cfg.schemas,
            exclude_schemas=cfg.exclude_schemas,
            statement_timeout=cfg.statement_timeout,
            lock_timeout=cfg.lock_timeout,
            with_stats=False,
            progress=progress,
        )
    catalog = snapshot.catalog
    removed = clear_expected_dir(out_dir) if force else []
    policy = cast(UnexpectedPolicy, unexpected)
    if cfg.schemas or cfg.exclude_schemas:
        # The files describe part of the database: other schemas are not drift, the chosen ones are.
        written = write_expected(catalog, out_dir, unexpected=policy, default_unexpected="ignore")
    else:
        written = write_expected(catalog, out_dir, default_unexpected=policy)
    written_set = set(written)
    for path in removed:
        if path not in written_set:
            typer.echo(f"removed {path}")
    for path in written:
        typer.echo(f"wrote {path}")
    tables = catalog.table_count
    typer.echo(
        f"drift init: {len(catalog.schemas)} schema{'s' * (len(catalog.schemas) != 1)}, "
        f"{tables} table{'s' * (tables != 1)} and view{'s' * (tables != 1)} of database "
        f"'{catalog.database}' written to {out_dir}"
    )
    return 0
