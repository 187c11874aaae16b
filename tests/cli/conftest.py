"""Run the real `drift` command line in a subprocess: exit codes, stdout and stderr as a user sees them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


DriftRunner = Callable[..., CliResult]


@pytest.fixture
def drift_cli(tmp_path: Path) -> DriftRunner:
    """`drift_cli("check", "--dsn", dsn, cwd=..., env={...})` -> CliResult (cwd defaults to tmp_path)."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> CliResult:
        base = {k: v for k, v in os.environ.items() if not k.startswith("DRIFT_") and k != "DATABASE_URL"}
        proc = subprocess.run(
            [sys.executable, "-m", "drift", *args],
            cwd=cwd or tmp_path,
            env={**base, **(env or {})},
            capture_output=True,
            text=True,
            timeout=180,
            stdin=subprocess.DEVNULL,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


def assert_one_line_error(result: CliResult, *fragments: str) -> None:
    """Exit 2, exactly one line on stderr starting with 'drift: error:', no traceback."""
    assert result.code == 2, (result.code, result.out, result.err)
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    assert lines[0].startswith("drift: error: "), lines[0]
    assert "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
