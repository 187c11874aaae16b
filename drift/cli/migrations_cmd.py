"""`drift migrations verify DIR`: do the migrations apply, twice, and do the downs undo the ups?"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from drift.cli.app import app
from drift.cli.common import JsonOption

migrations_app = typer.Typer(help="Check a migrations directory on a scratch database.", no_args_is_help=True)
app.add_typer(migrations_app, name="migrations")

ScratchOption = Annotated[
    str | None,
    typer.Option(
        "--scratch-dsn",
        metavar="URL",
        help="A server where drift may create and drop a scratch database "
        "(default: a throwaway server drift starts itself).",
        show_default=False,
    ),
]


@migrations_app.command(
    "verify", epilog="Exit codes: 0 all good, 1 a file fails or a down does not undo its up, 2 error."
)
def verify(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="The migrations directory.")],
    scratch_dsn: ScratchOption = None,
    json_output: JsonOption = False,
) -> int:
    """Apply every migration in order from an empty database, then again; check the downs.

    Reports the first file that fails (file:line, statement, server error), whether a second
    application fails or changes the schema (not idempotent: reported, not fatal), whether each
    down migration restores the schema its up started from, and which migrations have no down.
    Layouts: plain .sql files (drizzle-kit too), NAME.up.sql/NAME.down.sql, dbmate, Flyway,
    one directory per migration (diesel, Prisma). See docs/migrations.md.
    """
    from drift.cli.progress import progress_reporter
    from drift.sources.migrations_verify import render_text, verify_migrations

    with progress_reporter() as progress:
        result = verify_migrations(directory, scratch_dsn=scratch_dsn, progress=progress)
    if json_output:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(render_text(result))
    return 0 if result.ok else 1
