"""`drift inspect`: what is in this database, in a screenful, or all of it as one JSON document.

The text summary is for a person at a terminal (database, schemas with object counts, the largest
tables, how old the statistics are, what this role could not see); `--json` writes the `Snapshot`
that `drift diff` can read back in place of a live database (`drift diff --from snapshot.json --to DSN`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drift.cli.app import app
from drift.cli.common import (
    ConfigOption,
    DsnOption,
    ExcludeSchemaOption,
    JsonOption,
    LockTimeoutOption,
    OutOption,
    SchemaOption,
    StatementTimeoutOption,
)

if TYPE_CHECKING:
    from drift.model import Schema, Snapshot

LARGEST_TABLES = 10


@app.command("inspect")
def inspect(
    dsn: DsnOption = None,
    schema: SchemaOption = None,
    exclude_schema: ExcludeSchemaOption = None,
    json_output: JsonOption = False,
    out: OutOption = None,
    no_stats: Annotated[
        bool, typer.Option("--no-stats", help="Structure only: skip usage statistics and sizes.")
    ] = False,
    exact_sizes: Annotated[
        bool,
        typer.Option(
            "--exact-sizes",
            help="Measure every table and index (slower; waits up to --lock-timeout behind a "
            "migration holding one) instead of the server's page counts as of the last "
            "VACUUM/ANALYZE.",
        ),
    ] = False,
    statement_timeout: StatementTimeoutOption = None,
    lock_timeout: LockTimeoutOption = None,
    config: ConfigOption = None,
) -> None:
    """Summarise the database (schemas, object counts, largest tables), or write it all as JSON.

    Reads catalogs and statistics only, in a read-only session: never a row of your data.
    """
    from drift.catalog import reflect
    from drift.cli.exiting import keep_until_exit
    from drift.cli.progress import progress_reporter
    from drift.config import load_config

    cfg = load_config(
        config,
        dsn=dsn,
        schemas=schema,
        exclude_schemas=exclude_schema,
        statement_timeout=statement_timeout,
        lock_timeout=lock_timeout,
    )
    with progress_reporter() as progress:
        snapshot = reflect(
            cfg.dsn,
            schemas=cfg.schemas,
            exclude_schemas=cfg.exclude_schemas,
            statement_timeout=cfg.statement_timeout,
            lock_timeout=cfg.lock_timeout,
            with_stats=not no_stats,
            progress=progress,
            exact_sizes=exact_sizes,
        )
    keep_until_exit(snapshot)
    if json_output:
        from drift.model.fast_json import dump_json

        # UTF-8 bytes (26 MB on 5,000 tables; pydantic's own bytes, written faster: see
        # fast_json.py), never decoded and encoded again (nor copied to append the newline).
        _write(dump_json(snapshot), out, end=b"\n")
    else:
        _write(summary_text(snapshot, color=out is None and sys.stdout.isatty()), out)


def _write(data: str | bytes, out: Path | None, end: bytes = b"") -> None:
    """`data` then `end` to `out` (stdout when None)."""
    if out is None:
        buffer = getattr(sys.stdout, "buffer", None)
        if isinstance(data, bytes) and buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.write(end)
            buffer.flush()
        else:
            sys.stdout.write(data if isinstance(data, str) else data.decode())
            sys.stdout.write(end.decode())
            sys.stdout.flush()
        return
    from drift.errors import InputError

    try:
        with out.open("wb") as file:
            file.write(data if isinstance(data, bytes) else data.encode())
            file.write(end)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from None


# --- the text summary ---------------------------------------------------------------------------


def human_bytes(n: int | None) -> str:
    if n is None:
        return "?"
    size = float(n)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def _count(n: int | None) -> str:
    return "-" if n is None else f"{n:,}"


def _age(since: datetime, now: datetime) -> str:
    seconds = max(0.0, (now - since).total_seconds())
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


_KIND_NOUNS = {
    "table": "table",
    "partitioned_table": "partitioned table",
    "foreign_table": "foreign table",
    "view": "view",
    "materialized_view": "materialized view",
}


def _plural(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    if noun == "index":
        return f"{n:,} indexes"
    if noun == "object from extensions":
        return f"{n:,} objects from extensions"
    return f"{n:,} {noun}s"


def schema_counts(schema: Schema) -> dict[str, int]:
    """Objects of a schema by kind (singular nouns); extension-owned objects counted apart."""
    counts: dict[str, int] = {}

    def add(kind: str, extension: str | None, n: int = 1) -> None:
        key = "object from extensions" if extension else kind
        counts[key] = counts.get(key, 0) + n

    for t in schema.tables:
        add("partition" if t.partition_of else _KIND_NOUNS[t.kind], t.extension)
        if t.indexes:
            add("index", t.extension, len(t.indexes))
    for s in schema.sequences:
        add("sequence", s.extension)
    for e in schema.enums:
        add("enum", e.extension)
    for d in schema.domains:
        add("domain", d.extension)
    for f in schema.functions:
        add("procedure" if f.kind == "procedure" else "function", f.extension)
    return counts


def summary_lines(snapshot: Snapshot) -> Iterable[tuple[str, str]]:
    """(style, text) lines of the summary; style is a rich style name or ''."""
    cat, stats = snapshot.catalog, snapshot.stats
    size = f", {human_bytes(stats.database_bytes)}" if stats.database_bytes is not None else ""
    yield "bold", f"database {cat.database} (PostgreSQL {cat.server_version}{size})"
    tables = sum(1 for _, t in cat.iter_tables() if not t.extension)
    yield (
        "",
        (
            f"{_plural(len(cat.schemas), 'schema')}, {tables:,} tables and views, "
            f"{_plural(len(cat.extensions), 'extension')}"
        ),
    )
    if cat.extensions:
        names = ", ".join(f"{e.name} {e.version or ''}".strip() for e in cat.extensions)
        yield "dim", f"extensions: {names}"
    yield "", ""
    yield "bold", "schemas"
    for s in cat.schemas:
        counts = schema_counts(s)
        detail = ", ".join(_plural(n, kind) for kind, n in counts.items()) or "empty"
        yield "", f"  {s.name}: {detail}"
    if stats.collected_at is None:
        yield "dim", "\n(statistics not read: --no-stats)"
        return
    largest = sorted(
        (t for t in stats.tables if t.total_bytes is not None),
        key=lambda t: (-(t.total_bytes or 0), t.schema_name, t.table),
    )[:LARGEST_TABLES]
    if largest:
        yield "", ""
        yield "bold", "largest tables"
        width = max(len(f"{t.schema_name}.{t.table}") for t in largest)
        yield (
            "dim",
            f"  {'table':<{width}}  {'size':>9}  {'rows (est.)':>12}  {'seq scans':>10}  {'idx scans':>10}",
        )
        for t in largest:
            name = f"{t.schema_name}.{t.table}"
            yield (
                "",
                (
                    f"  {name:<{width}}  {human_bytes(t.total_bytes):>9}  {_count(t.n_live_tup):>12}  "
                    f"{_count(t.seq_scan):>10}  {_count(t.idx_scan):>10}"
                ),
            )
    yield "", ""
    now = stats.collected_at
    if stats.stats_reset is not None:
        yield (
            "",
            f"statistics since {stats.stats_reset:%Y-%m-%d %H:%M} UTC ({_age(stats.stats_reset, now)} old)",
        )
    else:
        yield "", "statistics never reset: counted since the cluster was created"
    if stats.postmaster_start is not None:
        yield (
            "dim",
            f"server up since {stats.postmaster_start:%Y-%m-%d %H:%M} UTC ({_age(stats.postmaster_start, now)})",
        )
    for note in stats.hidden:
        yield "yellow", f"hidden: {note}"


def summary_text(snapshot: Snapshot, *, color: bool) -> str:
    lines = list(summary_lines(snapshot))
    if not color:
        return "\n".join(text for _, text in lines) + "\n"
    from rich.console import Console
    from rich.text import Text

    console = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    with console.capture() as capture:
        for style, text in lines:
            console.print(Text(text, style=style or ""))
    return capture.get()
