"""How the TUI asks for a check run: an injected *loader*.

The TUI never talks to PostgreSQL itself: whoever starts it passes a loader, a blocking callable
that runs the whole check (reflection, expected schema, ORM, rules; `drift.pipeline.run_check`)
and reports progress through the callback it is given. The app runs it in a thread worker, so
tests can pass a loader that returns a hand-built result instead.
"""

from __future__ import annotations

from collections.abc import Callable

from drift.config import DriftConfig
from drift.pipeline import CheckResult

Progress = Callable[[str], None]
Loader = Callable[[Progress], CheckResult]


def check_loader(config: DriftConfig) -> Loader:
    """The loader the CLI uses: one full `run_check` with `config` per (re)load."""

    def load(progress: Progress) -> CheckResult:
        from drift.pipeline import run_check

        return run_check(config, progress=progress)

    return load
