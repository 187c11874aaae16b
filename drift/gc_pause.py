"""Pause the cyclic garbage collector while building a large, acyclic tree of objects.

Reflecting or loading a 5,000-table schema creates about a million containers; every few hundred
allocations trigger a collection that scans everything built so far, which was most of the time
spent. Nothing built here has reference cycles, so reference counting frees it all anyway. On the
way out, what is alive is frozen (moved to the permanent generation, which later collections skip):
the catalog lives for the rest of the command, and rescanning its objects in every later
collection cost drift inspect about a quarter of its CPU time (docs/speed.md).
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
        gc.freeze()
        if was_enabled:
            gc.enable()
