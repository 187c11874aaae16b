"""Only drift/tui imports Textual, and the command line does not load it unless the TUI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import drift

PACKAGE = Path(drift.__file__).parent
IMPORTS_TEXTUAL = re.compile(r"^\s*(from|import)\s+textual\b", re.MULTILINE)


def test_no_module_outside_drift_tui_imports_textual() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tui" not in path.relative_to(PACKAGE).parts[:1] and IMPORTS_TEXTUAL.search(path.read_text())
    ]
    assert offenders == []


def test_cli_and_pipeline_do_not_load_textual() -> None:
    code = "import sys, drift.cli, drift.pipeline, drift.report; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_drift_tui_off_a_terminal_suggests_check() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "drift", "tui"], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert out.returncode == 2
    assert "drift check" in out.stderr and "Traceback" not in out.stderr
