"""`python -m drift` is the `drift` command."""

from drift.cli import run

run()
