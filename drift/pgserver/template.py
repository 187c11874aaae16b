"""A cache of freshly initialised clusters, one per PostgreSQL build, copied for each new server.

Why this exists: `initdb` is the slowest step of starting a throwaway server (about a second, more
on a busy machine), and its result depends only on the binaries and a few options. Copying the
data directory it produced once is two to three times faster, which `drift demo`, the test suite
and every migrations check feel.

The rules that keep it safe to share (xdist workers, several shells):
- A template is written under a temporary name and renamed into place; a reader sees a complete
  template or none. If two processes race, one rename wins and the other copy is discarded.
- A template is never modified after the rename, only copied.
- The name is derived from the binaries (`postgres --version`, their path, size and mtime) and the
  initdb options, so new binaries get a new template.
- The template holds no real password: the server's superuser password is set after it starts.
- Anything that goes wrong here means "no template": the caller runs initdb as before.

`$DRIFT_PG_CACHE` names another directory, or turns the cache off (`off`, `0`, `no`, `false`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from drift.pgserver.osuser import OsUser

CACHE_ENV = "DRIFT_PG_CACHE"
_OFF = {"off", "0", "no", "false"}
_FORMAT = 1  # bump when the layout of a template changes
_STALE_SECONDS = 3600  # a half-written template older than this belonged to a killed process


def cache_root() -> Path | None:
    """Where templates live, or None when the cache is off."""
    setting = os.environ.get(CACHE_ENV, "").strip()
    if setting.lower() in _OFF:
        return None
    if setting:
        return Path(setting).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "drift" / "pg-templates"


@functools.lru_cache(maxsize=8)
def _binaries_identity(bin_dir: str, stamp: tuple[tuple[int, int], ...]) -> tuple[str, str]:
    """(version string, hash) of the binaries; `stamp` (size, mtime) is part of the cache key."""
    result = subprocess.run(
        [str(Path(bin_dir) / "postgres"), "--version"],
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL, timeout=30,
    )  # fmt: skip
    version = result.stdout.strip()
    digest = hashlib.sha256(json.dumps([bin_dir, stamp, version]).encode()).hexdigest()
    return version, digest


class TemplateCache:
    """The template for one set of binaries and initdb options (it may not exist yet)."""

    def __init__(self, root: Path, name: str) -> None:
        self.root = root
        self.path = root / name

    @classmethod
    def for_binaries(cls, bin_dir: Path, initdb_options: Sequence[str]) -> TemplateCache | None:
        """The cache entry for these binaries and options; None when the cache is off or unusable."""
        root = cache_root()
        if root is None:
            return None
        try:
            real = os.path.realpath(bin_dir)
            stamp = tuple(
                (st.st_size, st.st_mtime_ns)
                for st in (os.stat(Path(real) / n) for n in ("postgres", "initdb"))
            )
            version, digest = _binaries_identity(real, stamp)
        except (OSError, subprocess.SubprocessError):
            return None
        match = re.search(r"(\d+(?:\.\d+)*)", version)
        if not version or match is None:
            return None
        options = hashlib.sha256(json.dumps([_FORMAT, digest, list(initdb_options)]).encode()).hexdigest()
        return cls(root, f"pg-{match.group(1)}-{options[:16]}")

    def exists(self) -> bool:
        return (self.path / "data" / "PG_VERSION").is_file()

    def copy_to(self, data_dir: Path, os_user: OsUser | None) -> bool:
        """Copy the template to `data_dir` (which must not exist), owned by `os_user` if given.

        False, with nothing left at `data_dir`, when there is no template or the copy failed.
        """
        source = self.path / "data"
        if not self.exists():
            return False
        try:
            shutil.copytree(source, data_dir, symlinks=True)
            if os_user is not None:
                for directory, _dirs, files in os.walk(data_dir):
                    os.chown(directory, os_user.uid, os_user.gid)
                    for name in files:
                        os.chown(os.path.join(directory, name), os_user.uid, os_user.gid)
        except BaseException as error:
            shutil.rmtree(data_dir, ignore_errors=True)
            if isinstance(error, (OSError, shutil.Error)):
                return False
            raise
        return True

    def store(self, data_dir: Path) -> None:
        """Keep a copy of the freshly initialised `data_dir` (best effort; errors are ignored)."""
        if self.path.exists():
            return
        partial = self.root / f".{self.path.name}.partial-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._remove_stale_partials()
            partial.mkdir(mode=0o700)
            shutil.copytree(data_dir, partial / "data", symlinks=True)
            os.rename(partial, self.path)  # atomic; fails if another process got there first
        except OSError:
            pass
        finally:
            shutil.rmtree(partial, ignore_errors=True)

    def discard(self) -> None:
        """Remove this template (it proved unusable); a reader copying it at the time fails its
        copy and runs initdb instead."""
        doomed = self.root / f".{self.path.name}.partial-{os.getpid()}-{secrets.token_hex(4)}"
        with contextlib.suppress(OSError):
            os.rename(self.path, doomed)  # gone from its name at once
        shutil.rmtree(doomed, ignore_errors=True)

    def _remove_stale_partials(self) -> None:
        now = time.time()
        for entry in self.root.glob(".*.partial-*"):
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > _STALE_SECONDS:
                    shutil.rmtree(entry, ignore_errors=True)
