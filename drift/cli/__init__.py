"""The `drift` command line. `main()` registers the commands it needs on `app` (commands.py).

Each command module registers itself on `app` when imported. Keep these imports cheap: heavy
dependencies are imported inside the command functions.
"""

from drift.cli.app import app, main, run

__all__ = ["app", "main", "run"]
