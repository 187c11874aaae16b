"""Fixtures for the migrations tests: migration directories on disk and the CLI in a subprocess.

The CLI runs in a subprocess (not in-process) where a throwaway scratch server is involved, so a
test can check (in `server_tmp`) that no postgres process and no server directory outlived it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
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
def server_tmp() -> Iterator[Path]:
    """A short private directory under /tmp for throwaway servers a test starts.

    Not pytest's tmp_path: a Unix socket path must stay under 108 bytes (tmp_path under xdist is
    too deep), and pytest resets /tmp/pytest-of-<user> to 0700 whenever another session starts,
    which locks the server's unprivileged OS user out of its directory.
    """
    directory = Path(tempfile.mkdtemp(prefix="dmt-", dir="/tmp"))
    directory.chmod(0o755)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def run_cli(tmp_path: Path, server_tmp: Path) -> RunCli:
    """Run `python -m drift ARGS` in tmp_path, with TMPDIR=server_tmp (throwaway servers land there)."""

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "DRIFT_", "DATABASE_URL"))}
        env.update(TMPDIR=str(server_tmp), NO_COLOR="1", COLUMNS="200")
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
