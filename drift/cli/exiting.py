"""Ending the `drift` process without taking the interpreter apart first.

Why this exists: after `drift inspect` or `drift check` has written its output, Python would free
every model object one by one (half a million of them on a 5,000-table catalog: 0.1-0.2 s, a tenth
of the command's run) and then tear down every module. Nobody waits for that but the user. So the
console script keeps the large results alive (`keep_until_exit`), flushes its output, runs the
`atexit` handlers (throwaway servers stop there) and leaves with `os._exit`. When other threads are
still running it exits the ordinary way, which waits for them.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

_KEPT: list[object] = []


def keep_until_exit(*objects: object) -> None:
    """Hold `objects` until the process ends, so that freeing them costs nothing (only the last
    call's objects are held: in-process callers such as tests do not accumulate them)."""
    _KEPT[:] = objects


def exit_now(code: object) -> NoReturn:
    """Flush stdout and stderr and end the process with `code` (as `sys.exit` would read it)."""
    status = _status(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`drift inspect | head`) or stream
            pass
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()
    os._exit(status)


def _status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message") semantics
    return 1
