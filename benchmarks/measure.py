"""Timing a command as its own process: wall time, CPU time and peak memory (from wait4).

Each tool runs as a separate process, the way a user runs it, so interpreter start-up and imports
count for drift just as connection set-up counts for pg_dump. Peak memory is the process's maximum
resident set size as the kernel reports it in `wait4`'s rusage (ru_maxrss, kilobytes on Linux).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg

# Variables that would change what drift reads or where it connects.
_DRIFT_ENV = ("DRIFT_", "DATABASE_URL")


class CommandFailed(RuntimeError):
    """A timed command exited with a code it should not have; the message ends with its stderr."""


@dataclass(frozen=True)
class Timing:
    seconds: float
    cpu_seconds: float
    max_rss_mb: float


@dataclass
class Samples:
    """Several runs of one command; figures are medians (peak memory: the largest)."""

    runs: list[Timing]

    @property
    def seconds(self) -> float:
        return statistics.median(t.seconds for t in self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(t.cpu_seconds for t in self.runs)

    @property
    def max_rss_mb(self) -> float:
        return max(t.max_rss_mb for t in self.runs)

    @property
    def spread(self) -> float:
        """(max - min) / median of the wall times: above ~0.2 the machine was busy."""
        times = [t.seconds for t in self.runs]
        return (max(times) - min(times)) / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "seconds": round(self.seconds, 4),
            "cpu_seconds": round(self.cpu_seconds, 4),
            "max_rss_mb": round(self.max_rss_mb, 1),
            "runs": [round(t.seconds, 4) for t in self.runs],
        }


# Compiled bytecode is cached here, outside the source tree, whatever PYTHONDONTWRITEBYTECODE says:
# an installed drift has its .pyc files, so recompiling every module on every run would charge drift
# for something users never pay. (The warm-up run fills it.)
PYCACHE = Path(tempfile.gettempdir()) / "drift-bench-pycache"


def clean_env() -> dict[str, str]:
    """This environment without DRIFT_* and DATABASE_URL (only the flags given count), with
    bytecode caching on (see PYCACHE)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DRIFT_ENV)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def run(cmd: Sequence[str], *, cwd: Path | None = None, ok_codes: tuple[int, ...] = (0,)) -> Timing:
    """Run `cmd` to completion (output discarded, stderr kept for the error message)."""
    # stderr goes to a file, not a pipe: nobody reads a pipe while we wait, and a full one would
    # block the child.
    with tempfile.TemporaryFile() as err_file:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdout=subprocess.DEVNULL, stderr=err_file, cwd=cwd, env=clean_env()
        )
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok_codes:
            err_file.seek(0)
            err = err_file.read().decode(errors="replace")[-4000:]
            shown = " ".join(c if len(c) < 200 else c[:60] + "..." for c in cmd)
            raise CommandFailed(
                mask_passwords(f"benchmark command failed (exit {proc.returncode}): {shown}\n{err}")
            )
    return Timing(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


_URL_PASSWORD = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s'\"]*:)[^\s'\"]*@")


def mask_passwords(text: str) -> str:
    """`text` with the password of every URL in it replaced by `***` (commands and their stderr
    are printed when one fails)."""
    return _URL_PASSWORD.sub(lambda m: m["head"] + "***@", text)


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


# --- pg_dump of the server's major version ------------------------------------------------------


def server_major(dsn: str) -> tuple[int, str]:
    with psycopg.connect(dsn) as conn:
        num = conn.info.server_version
        version = conn.execute("SHOW server_version").fetchone()
    return num // 10000, str(version[0] if version else num)


def tool_major(binary: str) -> int | None:
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else None


def find_pg_dump(major: int, preferred: Path | None = None) -> tuple[str, int]:
    """A pg_dump of the server's major version (an older one refuses a newer server, a newer one
    may dump differently): the server's own bin dir first, then drift's choice of binaries, then
    Debian's layout, then PATH. Falls back to the newest available with a warning."""
    from drift.pgserver import PgServerError, find_pg_bin

    candidates: list[Path] = []
    if preferred is not None:
        candidates.append(preferred / "pg_dump")
    try:
        candidates.append(find_pg_bin() / "pg_dump")
    except PgServerError:
        pass
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/pg_dump"))
    on_path = shutil.which("pg_dump")
    if on_path:
        candidates.append(Path(on_path))
    found = [(str(c), m) for c in candidates if c.exists() and (m := tool_major(str(c))) is not None]
    for path, m in found:
        if m == major:
            return path, m
    newer = sorted((m, p) for p, m in found if m > major)
    if newer:
        m, path = newer[-1]
        print(f"warning: no pg_dump {major}; using {path} (version {m})", file=sys.stderr)
        return path, m
    raise SystemExit(
        f"no pg_dump of version {major} or later found (tried {', '.join(map(str, candidates))})"
    )
