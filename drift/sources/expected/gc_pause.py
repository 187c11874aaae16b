"""Pause the cyclic garbage collector while building a large, acyclic tree of objects.

Loading or writing a 5,000-table schema creates about a million short-lived containers; each few
hundred allocations trigger a collection that scans everything built so far, which was most of the
time spent. Nothing built here has reference cycles, so reference counting frees it all anyway.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
