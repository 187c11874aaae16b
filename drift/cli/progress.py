"""Progress on stderr for long work: a spinner with the current step on a terminal, silence elsewhere.

CI logs and pipes get nothing (the result is on stdout), a DBA at a terminal sees what drift is doing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_reporter(enabled: bool | None = None) -> Iterator[Callable[[str], None]]:
    """Yield a callback taking one-line status messages; shows them on stderr if it is a TTY."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield lambda _msg: None
        return
    from rich.console import Console

    console = Console(stderr=True)
    with console.status("starting…") as status:

        def update(message: str) -> None:
            status.update(message)

        yield update
