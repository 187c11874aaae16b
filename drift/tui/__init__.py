"""The terminal UI (`drift tui`): the only part of drift that imports textual.

Use `DriftApp(loader).run()`, where `loader(progress)` runs the check and returns a CheckResult.
"""

from drift.tui.app import DriftApp
from drift.tui.loading import CheckResultLike, Loader, Progress

__all__ = ["CheckResultLike", "DriftApp", "Loader", "Progress"]
