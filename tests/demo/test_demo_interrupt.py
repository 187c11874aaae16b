"""`drift demo` interrupted at any moment leaves nothing behind: no server, no files, one error line.

Each test runs the real command in a subprocess with its own $TMPDIR, waits for a progress line on
stderr (or the first report output) to know where the demo is, sends SIGINT or SIGTERM, and then
checks the exit code, stderr, the processes on the machine and the temp dir.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from drift.pgserver import PgServerError, find_pg_bin

pytestmark = pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs Linux /proc")

STDOUT = "<first report output>"


@pytest.fixture(autouse=True)
def _needs_binaries() -> None:
    try:
        find_pg_bin()
    except PgServerError as error:
        pytest.skip(str(error))


@pytest.fixture(scope="module", autouse=True)
def _warm_template_cache() -> None:
    """Make sure the default template cache (the one the demos use) has this build's cluster."""
    from unittest import mock

    from drift.pgserver import ThrowawayServer

    with mock.patch.dict(os.environ), contextlib.suppress(PgServerError):  # no binaries: tests skip
        os.environ.pop("DRIFT_PG_CACHE", None)
        ThrowawayServer().start().stop()


@pytest.fixture
def demo_tmp() -> Iterator[Path]:
    """A short private $TMPDIR for one demo run (short: the server's socket lives under it)."""
    import shutil
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="dt-", dir="/tmp"))
    yield path
    _kill_leftovers(path)
    shutil.rmtree(path, ignore_errors=True)


@dataclass
class DemoRun:
    """A `python -m drift demo` child and what it has printed so far (read by two threads)."""

    process: subprocess.Popen[str]
    err: list[str] = field(default_factory=list)
    out: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, marker: str, timeout: float = 60.0) -> bool:
        """True once `marker` is in a stderr line (or, for STDOUT, once the report starts)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not self._seen(marker):
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    return self._seen(marker)
                self.changed.wait(min(left, 0.1))
        return True

    def _seen(self, marker: str) -> bool:
        if marker == STDOUT:
            return bool(self.out)
        return any(marker in line for line in self.err)


def _pump(stream: object, lines: list[str], changed: threading.Condition) -> None:
    assert hasattr(stream, "readline")
    for line in iter(stream.readline, ""):
        with changed:
            lines.append(line)
            changed.notify_all()


def start_demo(tmp: Path, *, cache: bool = True) -> DemoRun:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRIFT_", "PG")) and k != "DATABASE_URL"}
    env["TMPDIR"] = str(tmp)
    if not cache:  # so that initdb itself runs
        env["DRIFT_PG_CACHE"] = "off"
    process = subprocess.Popen(
        [sys.executable, "-m", "drift", "demo"],
        cwd=tmp, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,  # its own process group, as a terminal job would be
    )  # fmt: skip
    run = DemoRun(process)
    for stream, lines in ((process.stdout, run.out), (process.stderr, run.err)):
        threading.Thread(target=_pump, args=(stream, lines, run.changed), daemon=True).start()
    return run


def _processes_using(path: Path) -> list[tuple[int, str]]:
    """Processes whose working directory or command line is inside `path` (postgres chdirs into
    its data directory, so the postmaster and every backend show up)."""
    found: list[tuple[int, str]] = []
    prefix = str(path)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
        except OSError:
            cwd = ""
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cwd.startswith(prefix) or prefix in cmdline:
            found.append((int(entry.name), cmdline.strip() or cwd))
    return found


def _kill_leftovers(path: Path) -> None:
    for pid, _ in _processes_using(path):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _port_of(err: str) -> int | None:
    match = re.search(r"127\.0\.0\.1:(\d+)", err)
    return int(match.group(1)) if match else None


def assert_nothing_left(run: DemoRun, tmp: Path) -> None:
    # A leaked server lives on; give an honest shutdown a moment, no more.
    deadline = time.monotonic() + 5
    while _processes_using(tmp) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_using(tmp) == [], "".join(run.err)
    leftovers = sorted(p.name for p in tmp.iterdir())
    assert leftovers == [], (leftovers, "".join(run.err))
    port = _port_of("".join(run.err))
    if port is not None:
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open"


def assert_interrupted(run: DemoRun, sig: signal.Signals) -> None:
    """Exit 2 (or 128 + the signal) with one `drift: error:` line and nothing but progress besides.

    A signal that arrives once the demo has finished and cleaned up, while the interpreter shuts
    down, ends the process the default way (status -signal, i.e. 128 + signal in a shell): fine,
    as long as the report is complete and no traceback was printed.
    """
    err = "".join(run.err)
    assert "Traceback" not in err, err
    others = [
        line for line in run.err if line.strip() and not line.startswith(("drift: error:", "drift demo:"))
    ]
    assert others == [], err
    errors = [line for line in run.err if line.startswith("drift: error:")]
    if run.process.returncode == -sig and not errors:
        assert run.err[-1].startswith("drift demo: stopping PostgreSQL"), err
        assert "Health score" in "".join(run.out), "killed before the report was complete"
        return
    # -sig: the group-wide signal can also reach the interpreter after drift has cleaned up and
    # printed its line (it ends then by the signal's default action); the cleanup checks still apply.
    assert run.process.returncode in (2, 128 + sig, -sig), (run.process.returncode, err)
    assert len(errors) == 1, err
    assert errors[0].strip() in ("drift: error: interrupted", "drift: error: terminated"), err


MOMENTS = [
    pytest.param("initialising cluster…", 0.3, False, id="initdb"),
    pytest.param("initialising cluster (a copy", 0.0, True, id="cluster-copy"),
    pytest.param("starting PostgreSQL", 0.0, True, id="server-start"),
    pytest.param("loading the Renexus", 0.3, True, id="loading-data"),
    pytest.param("checking it", 0.2, True, id="check"),
    pytest.param(STDOUT, 0.0, True, id="report"),
]


def interrupt_at(
    tmp: Path, marker: str, delay: float, sig: signal.Signals, *, group: bool, cache: bool = True
) -> DemoRun:
    run = start_demo(tmp, cache=cache)
    try:
        assert run.wait_for(marker), ("never saw", marker, "".join(run.err))
        time.sleep(delay)
        if run.process.poll() is None:
            if group:  # what Ctrl-C in a terminal does: the whole foreground job gets it
                os.killpg(run.process.pid, sig)
            else:  # what `kill` or a supervisor does
                run.process.send_signal(sig)
        run.process.wait(60)
    finally:
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()
    time.sleep(0.1)  # let the reader threads drain the pipes
    return run


@pytest.mark.slow
@pytest.mark.parametrize(("marker", "delay", "cache"), MOMENTS)
def test_ctrl_c_leaves_nothing_running(demo_tmp: Path, marker: str, delay: float, cache: bool) -> None:
    run = interrupt_at(demo_tmp, marker, delay, signal.SIGINT, group=True, cache=cache)
    if run.process.returncode == 0 and marker == STDOUT:
        pytest.skip("the demo finished before the signal arrived")
    assert_interrupted(run, signal.SIGINT)
    assert_nothing_left(run, demo_tmp)


@pytest.mark.slow
@pytest.mark.parametrize(("marker", "delay", "cache"), MOMENTS)
def test_sigterm_leaves_nothing_running(demo_tmp: Path, marker: str, delay: float, cache: bool) -> None:
    run = interrupt_at(demo_tmp, marker, delay, signal.SIGTERM, group=False, cache=cache)
    if run.process.returncode == 0 and marker == STDOUT:
        pytest.skip("the demo finished before the signal arrived")
    assert_interrupted(run, signal.SIGTERM)
    assert_nothing_left(run, demo_tmp)


@pytest.mark.slow
@pytest.mark.parametrize(("marker", "delay", "cache"), [MOMENTS[0], MOMENTS[3]])
def test_sighup_leaves_nothing_running(demo_tmp: Path, marker: str, delay: float, cache: bool) -> None:
    """The terminal window was closed."""
    run = interrupt_at(demo_tmp, marker, delay, signal.SIGHUP, group=True, cache=cache)
    assert_interrupted(run, signal.SIGHUP)
    assert_nothing_left(run, demo_tmp)


def test_a_finished_demo_leaves_nothing_running(demo_tmp: Path) -> None:
    run = start_demo(demo_tmp)
    run.process.wait(120)
    time.sleep(0.1)
    assert run.process.returncode == 0, "".join(run.err)
    assert "".join(run.out).startswith("drift: renexus")
    assert_nothing_left(run, demo_tmp)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_while_the_tui_is_open_quits_it_and_cleans_up(demo_tmp: Path, sig: signal.Signals) -> None:
    import pty
    import select

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRIFT_", "PG")) and k != "DATABASE_URL"}
    env.update(TMPDIR=str(demo_tmp), TERM="xterm-256color", COLUMNS="120", LINES="40")
    pid, fd = pty.fork()
    if pid == 0:  # the child: drift on a terminal
        os.chdir(demo_tmp)
        os.execvpe(sys.executable, [sys.executable, "-m", "drift", "demo"], env)
    screen = bytearray()

    def read_for(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    screen.extend(os.read(fd, 65536))
                except OSError:  # the child has closed the terminal
                    time.sleep(max(0.0, deadline - time.monotonic()))
                    return

    def exited() -> int | None:
        done, status = os.waitpid(pid, os.WNOHANG)
        return os.waitstatus_to_exitcode(status) if done else None

    code: int | None = None
    try:
        deadline = time.monotonic() + 60
        while b"Quit" not in screen and time.monotonic() < deadline:  # the footer: the app is up
            read_for(0.2)
        assert b"Quit" in screen, screen[-2000:]
        read_for(1.0)
        os.kill(pid, sig)
        for _ in range(100):
            read_for(0.1)
            if (code := exited()) is not None:
                break
        else:
            # Textual sometimes finishes quitting only on the next input (a plain `q` shows the
            # same); the point here is what happens once it has quit.
            os.write(fd, b"q")
            for _ in range(100):
                read_for(0.1)
                if (code := exited()) is not None:
                    break
    finally:
        if code is None and exited() is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    text = re.sub(r"\x1b\[[0-9;?<>=]*[A-Za-z]", "", screen.decode(errors="replace"))
    assert code == 2, (code, text[-1500:])
    assert "Traceback" not in text, text[-3000:]
    tail = text[text.rfind("drift demo: stopping PostgreSQL") :].splitlines()
    assert [line for line in tail if line.startswith("drift: error: ")] == [
        "drift: error: interrupted" if sig == signal.SIGINT else "drift: error: terminated"
    ], tail
    assert _processes_using(demo_tmp) == []
    assert sorted(p.name for p in demo_tmp.iterdir()) == []
