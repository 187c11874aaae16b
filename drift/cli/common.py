"""Pieces every command shares: exit codes, option declarations and the global --debug switch."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


class GlobalState:
    debug: bool = False


STATE = GlobalState()

DsnOption = Annotated[
    str | None,
    typer.Option(
        "--dsn",
        metavar="URL",
        help="Database to read: a postgresql:// URL or a libpq 'key=value' string. "
        "Defaults to $DRIFT_DSN, then $DATABASE_URL, then libpq's own PG* variables.",
        show_default=False,
    ),
]
SchemaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--schema",
        "-n",
        metavar="GLOB",
        help="Only these schemas (repeatable; globs such as 'app_*' work).",
        show_default=False,
    ),
]
ExcludeSchemaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude-schema",
        "-N",
        metavar="GLOB",
        help="Leave out these schemas (repeatable; globs work).",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Config file (drift.toml, or a pyproject.toml with \\[tool.drift]). "
        "Default: ./drift.toml, else ./pyproject.toml.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Write one JSON document to stdout.")]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", metavar="FILE", help="Write to this file instead of stdout.", show_default=False
    ),
]
ExpectedOption = Annotated[
    Path | None,
    typer.Option(
        "--expected",
        "-e",
        metavar="DIR",
        help="Expected-schema directory (default: ./expected_schema when it exists).",
        show_default=False,
    ),
]
OrmOption = Annotated[
    str | None,
    typer.Option(
        "--orm",
        metavar="MODULE:ATTR",
        help="SQLAlchemy models to compare with: 'package.module:Base' or 'path/models.py:metadata'.",
        show_default=False,
    ),
]
ExpectedMigrationsOption = Annotated[
    Path | None,
    typer.Option(
        "--expected-migrations",
        metavar="DIR",
        help="A migrations directory: the expected state is what these .sql files produce.",
        show_default=False,
    ),
]
FailOnOption = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        metavar="SEVERITY",
        help="Lowest severity that makes the exit code 1: error (default), warning or info.",
        show_default=False,
    ),
]
NoAdviceOption = Annotated[
    bool, typer.Option("--no-advice", help="Leave the health rules out; drift findings only.")
]
StatementTimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--statement-timeout",
        min=0,
        metavar="SECONDS",
        help="Seconds a catalog query may run (default 30; 0: no limit).",
        show_default=False,
    ),
]
LockTimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--lock-timeout",
        min=0,
        metavar="SECONDS",
        help="Seconds to wait for a lock a migration holds (default 2; 0: forever).",
        show_default=False,
    ),
]
ScratchDsnOption = Annotated[
    str | None,
    typer.Option(
        "--scratch-dsn",
        metavar="URL",
        help="With --expected-migrations: a server where drift may create and drop a scratch "
        "database (default: a throwaway server drift starts itself).",
        show_default=False,
    ),
]
