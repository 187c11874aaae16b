"""Running PostgreSQL as an unprivileged OS user when drift itself runs as root.

Why this exists: PostgreSQL refuses to start as root, and CI containers and fresh machines often
run everything as root. There we run `initdb` and `postgres` as a system user (`drift-pg`, created
on first use, or the one named in `$DRIFT_PG_USER`) and make sure it can reach the binaries and the
cluster directory.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drift.pgserver.base import PgServerError

USER_ENV = "DRIFT_PG_USER"
DEFAULT_OS_USER = "drift-pg"


@dataclass(frozen=True)
class OsUser:
    name: str
    uid: int
    gid: int

    def popen_kwargs(self) -> dict[str, Any]:
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


def os_user_for_server() -> OsUser | None:
    """None when we can run postgres ourselves; else the user to run it as (created if needed)."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get(USER_ENV, DEFAULT_OS_USER)
    detail = ""
    for attempt in range(10):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return OsUser(name, entry.pw_uid, entry.pw_gid)
        # Parallel test workers may race here; useradd fails on a held /etc/passwd lock.
        try:
            result = subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
        except FileNotFoundError:
            detail = "useradd not found"
            break
        if result.returncode != 0:
            detail = result.stderr.strip()
            time.sleep(0.05 * (attempt + 1))
    raise PgServerError(
        f"PostgreSQL cannot run as root and user {name} could not be created ({detail}); "
        f"create an unprivileged user and name it in {USER_ENV}"
    )


def make_traversable(path: Path) -> None:
    """Let other users walk down to `path` (adds o+x only to directories that lack it)."""
    for directory in [path, *path.parents]:
        mode = directory.stat().st_mode
        if not mode & stat.S_IXOTH:
            directory.chmod(mode | stat.S_IXOTH)
