"""Helpers for driving the TUI headless: loaders over hand-built results and a pilot runner.

There is no pytest-asyncio here: each test runs its async scenario with `asyncio.run`. (A module
with its own name, not conftest.py, so test files can import it whatever else is on sys.path.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator

from textual.pilot import Pilot

from drift.pipeline import CheckResult
from drift.tui import DriftApp, Progress

Scenario = Callable[[DriftApp, Pilot[None]], Awaitable[None]]


def static_loader(result: CheckResult) -> Callable[[Progress], CheckResult]:
    def load(progress: Progress) -> CheckResult:
        progress("reading the database catalog")
        return result

    return load


def sequence_loader(results: list[CheckResult]) -> Callable[[Progress], CheckResult]:
    """Returns the results in order, then keeps returning the last one."""
    it: Iterator[CheckResult] = iter(results)
    last: list[CheckResult] = []

    def load(progress: Progress) -> CheckResult:
        nxt = next(it, None)
        if nxt is not None:
            last[:] = [nxt]
        return last[0]

    return load


async def settle(app: DriftApp, pilot: Pilot[None]) -> None:
    """Wait until every load worker has finished and its result is on screen."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def drive(app: DriftApp, scenario: Scenario, size: tuple[int, int] = (100, 30)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            await scenario(app, pilot)

    asyncio.run(main())
