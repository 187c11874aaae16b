"""Making sure a throwaway server never outlives the process that started it.

Why this exists: a test run, the demo or a migrations check can end by returning, by Ctrl-C, by
SIGTERM from CI, or by SIGKILL. The first three stop the servers through `atexit` and a SIGTERM
handler; the last one leaves nothing to run in our process, so each server gets a small watchdog
process that notices our death (its stdin pipe closes without the word "done") and removes the
orphaned postmaster and its directory.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Protocol

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


class Stoppable(Protocol):
    def stop(self) -> None: ...


_live: set[Stoppable] = set()
_hooks_installed = False


def register(server: Stoppable) -> None:
    """From now on, `server.stop()` runs at exit and on SIGTERM (until `unregister`).

    Call `install_hooks()` first, outside `signals_deferred()`: the SIGTERM hook wraps the handler
    it finds, and inside that block it would find the temporary one.
    """
    _live.add(server)


def unregister(server: Stoppable) -> None:
    _live.discard(server)


def _stop_all_servers() -> None:
    for server in list(_live):
        with contextlib.suppress(Exception):
            server.stop()


def install_hooks() -> None:
    """Stop the registered servers at exit and on SIGTERM (once per process)."""
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
        if callable(previous):
            # The program's own handler first: if it raises (to unwind, like Ctrl-C), every
            # `with` block stops its server in order and atexit catches the rest; stopping them
            # here, under code that is still using them, would only add noise.
            previous(signum, frame)
            _stop_all_servers()
            return
        _stop_all_servers()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, on_sigterm)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the block runs, then deliver them to the usual handlers.

    For the few steps that must not be cut in half: creating a directory and registering it for
    removal, starting a postmaster and its watchdog, stopping a server. Ctrl-C during a stop then
    interrupts after the server is gone, not while it is half stopped. Off the main thread (where
    Python runs no signal handlers) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    # A handler not installed from Python (None) cannot be put back; ignored signals stay ignored.
    deferred = {sig: h for sig, h in previous.items() if h is not None and h is not signal.SIG_IGN}

    def hold(signum: int, frame: FrameType | None) -> None:
        held.append(signum)

    for sig in deferred:
        signal.signal(sig, hold)
    try:
        yield
    finally:
        for sig, handler in deferred.items():
            if signal.getsignal(sig) is hold:  # a handler installed within the block stays
                signal.signal(sig, handler)
        for signum in dict.fromkeys(held):
            signal.raise_signal(signum)


def start_watchdog(postmaster_pid: int, root: Path) -> subprocess.Popen[bytes]:
    """A process that kills `postmaster_pid` and removes `root` if we die without `dismiss_watchdog`."""
    return subprocess.Popen(
        [sys.executable, "-I", "-c", _WATCHDOG, str(postmaster_pid), str(root)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def dismiss_watchdog(watchdog: subprocess.Popen[bytes]) -> None:
    """Tell the watchdog the server was stopped properly, and reap it."""
    if watchdog.stdin is not None:
        with contextlib.suppress(OSError):
            watchdog.stdin.write(b"done")
            watchdog.stdin.close()
    with contextlib.suppress(subprocess.TimeoutExpired):
        watchdog.wait(5)
