"""The server's child processes: the environment they get and how to kill one with its children.

Why this exists: `initdb` and `postgres` run in sessions of their own, so Ctrl-C in a terminal
reaches drift and not them, and drift decides when they stop. Stopping `initdb` early means killing
its whole process group (it runs a bootstrap backend of its own) and waiting until nothing of that
group runs any more, so nothing writes into the directory that is being removed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path


def subprocess_env() -> dict[str, str]:
    """Our environment without PG* variables (PGDATA, PGPORT, ... must not steer a private
    server), in the C locale and UTC."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", TZ="UTC")
    return env


def group_alive(pgid: int) -> bool:
    """Whether any process of group `pgid` still runs (zombies waiting to be reaped do not)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


def kill_session(process: subprocess.Popen[str], timeout: float = 5.0) -> None:
    """SIGKILL `process` (a session leader) and its whole group; return once they are all gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and group_alive(process.pid):
        time.sleep(0.01)
