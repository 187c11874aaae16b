"""Ctrl-C and SIGTERM during `drift demo`: unwind, clean up, then one error line.

Why this exists: the demo owns a server and temp files, so an interrupt must run every `with`
block's cleanup before the process ends. Python does that for Ctrl-C (KeyboardInterrupt) but SIGTERM
kills the process outright by default; here SIGTERM raises like Ctrl-C does. And typer turns an
escaping KeyboardInterrupt into a silent exit 130, so once cleanup is done the interrupt becomes a
`DriftError`, which the CLI prints as `drift: error: interrupted` (exit 2).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from drift.errors import DriftError


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived; a KeyboardInterrupt so that code already careful about Ctrl-C handles it."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextmanager
def interrupts_as_errors() -> Iterator[None]:
    """Within the block SIGTERM raises `Terminated`; an interrupt leaving it is a `DriftError`."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.getsignal(signal.SIGTERM)
        if previous is not signal.SIG_IGN and previous is not None:
            signal.signal(signal.SIGTERM, _raise_terminated)
        else:
            previous = None
    try:
        yield
    except Terminated:
        raise DriftError("terminated") from None
    except KeyboardInterrupt:
        raise DriftError("interrupted") from None
    finally:
        # Put the old handler back unless someone (drift.pgserver's cleanup) has since wrapped ours.
        if previous is not None and signal.getsignal(signal.SIGTERM) is _raise_terminated:
            signal.signal(signal.SIGTERM, previous)
