"""Imports every command module so that each registers itself on the app.

Add a line here when you add a command module (drift/cli/<command>.py).
"""

import contextlib
import importlib

_MODULES = ("inspect", "init", "check", "report", "tui", "demo", "diff", "migrations")

for _name in _MODULES:
    # A command module that is not written yet is simply absent; a broken one must fail loudly.
    with contextlib.suppress(ModuleNotFoundError):
        importlib.import_module(f"drift.cli.{_name}_cmd")
