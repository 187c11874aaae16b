"""The demo tests run the real `drift` command line, like tests/cli/ does."""

from tests.cli.conftest import drift_cli

__all__ = ["drift_cli"]
