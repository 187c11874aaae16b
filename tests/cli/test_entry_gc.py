"""The console script pauses the garbage collector while it imports (drift/entry.py) and turns it
back on before the command runs: a long session (the TUI) must not run without it."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import gc, sys
from drift.cli.app import app

@app.command("gc-probe")
def probe() -> None:
    print("collector", "on" if gc.isenabled() else "off")

sys.argv = ["drift", *sys.argv[1:]]
from drift.entry import run
run()
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)


def test_the_collector_is_on_when_a_command_runs() -> None:
    done = _run("gc-probe")
    assert (done.returncode, done.stdout.strip()) == (0, "collector on"), done.stderr


def test_the_collector_is_paused_during_the_imports() -> None:
    watch = "import gc, sys; sys.argv = ['drift', '--version']; gc.callbacks.append(lambda *a: print('collected'))"
    # drift.entry itself is imported first: compiling it (no .pyc in CI) may collect, before run().
    paused = subprocess.run(
        [sys.executable, "-c", f"import drift.entry; {watch}; drift.entry.run()"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert paused.returncode == 0 and paused.stdout.startswith("drift "), paused
    assert "collected" not in paused.stdout
    # The premise: the same imports with the collector on do collect.
    plain = subprocess.run(
        [sys.executable, "-c", f"{watch}; import drift.cli.app; drift.cli.app.run()"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "collected" in plain.stdout
