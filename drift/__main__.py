"""`python -m drift` is the `drift` command."""

from drift.entry import run

run()
