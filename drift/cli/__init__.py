"""The `drift` command line. Importing this package registers every command on `app`."""

# Each command module registers itself on `app` when imported. Keep these imports cheap: heavy
# dependencies are imported inside the command functions.
from drift.cli import commands as _commands  # noqa: F401
from drift.cli.app import app, main, run

__all__ = ["app", "main", "run"]
