"""Imports the command modules; each registers its command on `app` when imported.

Add a name here when you add a command module (drift/cli/<name>_cmd.py). `main()` calls `register`
with its arguments: `drift inspect ...` needs only inspect_cmd (building typer's parser for the other
seven commands as well cost 13 ms of every run), while `--help`, the TUI default and a mistyped
command get them all.
"""

import contextlib
import importlib
from collections.abc import Sequence

_MODULES = ("inspect", "init", "check", "report", "tui", "demo", "diff", "migrations")


def register(args: Sequence[str]) -> None:
    """Import the module of the command that the command line `args` invokes, or every command
    module when they name none. Importing one twice does nothing."""
    # The root options are flags (--debug, --version, --help), so the first word is the command.
    invoked = next((arg for arg in args if not arg.startswith("-")), None)
    for name in (invoked,) if invoked in _MODULES else _MODULES:
        # A command module that is not written yet is simply absent; a broken one must fail loudly.
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(f"drift.cli.{name}_cmd")
    _in_order()


def _in_order() -> None:
    """Typer lists commands in the order they were registered, which here depends on what earlier
    `main()` calls in the same process asked for: keep the order of `_MODULES` instead."""
    from drift.cli.app import app

    rank = {name: i for i, name in enumerate(_MODULES)}
    app.registered_commands.sort(key=lambda command: rank.get(command.name or "", len(rank)))
    app.registered_groups.sort(key=lambda group: rank.get(group.name or "", len(rank)))
