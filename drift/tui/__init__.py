"""The terminal UI (`drift tui`): the only part of drift that imports textual.

Use `run_tui(config)` opens it on a `DriftConfig`; `DriftApp(loader).run()` takes any loader
(`loader(progress)` returns a `drift.pipeline.CheckResult`), which is how the tests feed it.
"""

from drift.tui.app import DriftApp, run_tui
from drift.tui.loading import Loader, Progress, check_loader

__all__ = ["DriftApp", "Loader", "Progress", "check_loader", "run_tui"]
