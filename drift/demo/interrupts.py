"""Ctrl-C, SIGTERM and SIGHUP during `drift demo`: unwind, clean up, then one error line.

Why this exists: the demo owns a server and temp files, so an interrupt must run every `with`
block's cleanup before the process ends. Python does that for Ctrl-C (KeyboardInterrupt), but
SIGTERM (a supervisor, `kill`) and SIGHUP (the terminal window closed) kill the process outright by
default; here they raise like Ctrl-C does. While the TUI runs, a signal must not raise in the middle
of its event loop (Textual would wait for a keypress to finish shutting down); it asks the app to
quit instead, and raises once the app is gone. And typer turns an escaping KeyboardInterrupt into a
silent exit 130, so once cleanup is done the interrupt becomes a `DriftError`, which the CLI prints
as `drift: error: interrupted` (exit 2).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from drift.errors import DriftError

_ENDING = (signal.SIGTERM, signal.SIGHUP)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived; a KeyboardInterrupt so that code careful about Ctrl-C handles it."""


def _interrupt_for(signum: int) -> KeyboardInterrupt:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated()


def _die_by(signum: int) -> None:
    """End the process the way `signum` would have by default (no traceback, the usual status)."""
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


@contextmanager
def _handlers(handler: Callable[[int, FrameType | None], Any], signals: tuple[int, ...]) -> Iterator[None]:
    """`handler` for `signals` within the block (main thread only; ignored signals stay ignored)."""
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in signals:
            current = signal.getsignal(sig)
            if current is not None and current is not signal.SIG_IGN:
                previous[sig] = current
                signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            # Unless someone (drift.pgserver's cleanup) has since wrapped ours, put the old one back.
            if signal.getsignal(sig) is handler:
                signal.signal(sig, old)


@contextmanager
def interrupts_as_errors() -> Iterator[None]:
    """Within the block SIGTERM and SIGHUP raise `Terminated`; an interrupt leaving it is a `DriftError`.

    Once the block is over (the handler may live on inside drift.pgserver's SIGTERM hook), they end
    the process as they would have by default.
    """
    active = True

    def raise_terminated(signum: int, frame: FrameType | None) -> None:
        if not active:
            _die_by(signum)
        raise Terminated

    try:
        with _handlers(raise_terminated, _ENDING):
            yield
    except Terminated:
        raise DriftError("terminated") from None
    except KeyboardInterrupt:
        raise DriftError("interrupted") from None
    finally:
        active = False


@contextmanager
def signals_quit_the_app(quit_app: Callable[[], None]) -> Iterator[None]:
    """While an asyncio app (the TUI) runs in the block, SIGINT, SIGTERM and SIGHUP run `quit_app`
    in its event loop; after the block the first such signal raises as usual."""
    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # the app is not running (yet, or any more): unwind at once
            raise _interrupt_for(signum) from None
        received.append(signum)
        loop.call_soon_threadsafe(quit_app)

    with _handlers(on_signal, (signal.SIGINT, *_ENDING)):
        yield
    if received:
        raise _interrupt_for(received[0])
