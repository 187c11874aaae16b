"""What the TUI needs from a check run, and how it asks for one.

The TUI never talks to PostgreSQL itself: the command injects a *loader*, a blocking callable that
runs the whole check (reflection, expected schema, ORM, rules) and reports progress through the
callback it is given. The app runs it in a thread worker, so tests can pass a loader that returns a
hand-built result, and the CLI passes one that calls `drift.pipeline.run_check`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from drift.model import Catalog, Report, Snapshot


class CheckResultLike(Protocol):
    """The fields of `drift.pipeline.CheckResult` the TUI reads (structural, so any match fits)."""

    @property
    def snapshot(self) -> Snapshot: ...

    @property
    def report(self) -> Report: ...

    @property
    def expected(self) -> Catalog | None: ...

    @property
    def orm(self) -> Catalog | None: ...


Progress = Callable[[str], None]
Loader = Callable[[Progress], CheckResultLike]
