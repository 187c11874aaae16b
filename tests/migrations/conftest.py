"""Fixtures for the migrations tests: migration directories on disk and the CLI in a subprocess.

The CLI runs in a subprocess (not in-process) where a throwaway scratch server is involved, so a
test can check that no postgres process and no server directory outlived the command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

RENEXUS_DIR = Path("examples/renexus/migrations")


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


RunCli = Callable[..., CliResult]


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run `python -m drift ARGS` with TMPDIR inside tmp_path (so throwaway servers land there)."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DRIFT_", "DATABASE_URL"))}
        env.update(TMPDIR=str(tmp), NO_COLOR="1", COLUMNS="200")
        proc = subprocess.run(
            [sys.executable, "-m", "drift", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd or tmp_path,
            timeout=180,
            check=False,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(scope="session")
def renexus_dir() -> Path:
    """The Renexus migrations directory in shared/ (skips when shared/ is absent)."""
    configured = os.environ.get("DRIFT_SHARED_DIR")
    shared = Path(configured) if configured else Path(__file__).resolve().parents[2].parent / "shared"
    directory = shared / RENEXUS_DIR
    if not directory.is_dir():
        pytest.skip(f"Renexus migrations not found at {directory} (set DRIFT_SHARED_DIR)")
    return directory
