"""The `drift` console script and `python -m drift`: the garbage collector paused while the
command line and its libraries are imported.

Importing typer, pydantic and psycopg makes some hundred thousand objects that live as long as the
process; the cyclic collector would walk them again and again on the way (10-15 ms of a 1.2 s
`drift inspect`). `drift.cli.app.main` turns it back on when the command starts.
"""

from __future__ import annotations

import gc


def run() -> None:
    gc.disable()
    from drift.cli import run as run_cli
    from drift.cli.app import resume_gc_on_start

    resume_gc_on_start()
    run_cli()
