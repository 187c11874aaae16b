"""The `drift` console script's quick exit: output complete, exit codes kept, atexit handlers run,
a reader that stops early (`| head`) costs no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from drift.cli.exiting import _status
from tests.cli.conftest import DriftRunner


def test_json_output_is_complete_and_code_kept(drift_cli: DriftRunner, pg_dsn: str, tmp_path: Path) -> None:
    result = drift_cli("inspect", "--dsn", pg_dsn, "--json")
    assert result.code == 0, result.err
    assert result.out.endswith("}\n")
    assert json.loads(result.out)["catalog"]["database"]
    out = tmp_path / "snapshot.json"
    assert drift_cli("inspect", "--dsn", pg_dsn, "--json", "--out", str(out)).code == 0
    written = out.read_text(encoding="utf-8")
    assert written.endswith("}\n")
    assert json.loads(written)["catalog"] == json.loads(result.out)["catalog"]


def test_a_reader_that_stops_early(pg_dsn: str) -> None:
    drift = subprocess.Popen(
        [sys.executable, "-m", "drift", "inspect", "--dsn", pg_dsn, "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert drift.stdout is not None and drift.stderr is not None
    drift.stdout.read(5)
    drift.stdout.close()  # like `| head -c 5`
    err = drift.stderr.read().decode()
    drift.wait(60)
    assert "Traceback" not in err and "Exception ignored" not in err, err


def test_atexit_handlers_run_before_the_quick_exit(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    script = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
        "from drift.cli.exiting import keep_until_exit, exit_now\n"
        "keep_until_exit([object() for _ in range(10)])\n"
        "print('output', end='')\n"
        "exit_now(3)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (3, "output")
    assert marker.read_text() == "yes"


def test_exit_status_follows_sys_exit() -> None:
    assert (_status(None), _status(0), _status(2)) == (0, 0, 2)
    assert _status("a message") == 1
