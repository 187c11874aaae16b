"""`drift demo` that cannot start its server says why in one line, and leaves nothing behind."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.cli.conftest import CliResult, DriftRunner, assert_one_line_error


def assert_one_error_after_progress(result: CliResult, *fragments: str) -> None:
    """Like `assert_one_line_error`, after setting aside the demo's progress lines."""
    progress = [line for line in result.err.splitlines() if line.startswith("drift demo: ")]
    assert progress == ["drift demo: initialising cluster…"], result.err
    rest = "".join(line + "\n" for line in result.err.splitlines() if not line.startswith("drift demo: "))
    assert_one_line_error(CliResult(result.code, result.out, rest), *fragments)


def test_no_binaries_is_a_one_line_error(drift_cli: DriftRunner, tmp_path: Path) -> None:
    result = drift_cli("demo", env={"DRIFT_PG_BIN": str(tmp_path)})
    assert_one_line_error(
        result, "cannot start the demo's PostgreSQL", "no runnable initdb and postgres", "DRIFT_PG_BIN"
    )


def _fake_bin_dir(path: Path, initdb: str) -> Path:
    path.mkdir()
    for name, body in (("initdb", initdb), ("postgres", "exit 1")):
        script = path / name
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def test_a_failing_initdb_is_a_one_line_error_with_its_reason(drift_cli: DriftRunner, tmp_path: Path) -> None:
    bin_dir = _fake_bin_dir(
        tmp_path / "bin",
        'echo "The files belonging to this database system will be owned by user x."\n'
        'echo "initdb: error: could not create directory: No space left on device" >&2\n'
        "exit 1",
    )
    work = tmp_path / "work"
    work.mkdir()
    result = drift_cli("demo", env={"DRIFT_PG_BIN": str(bin_dir), "TMPDIR": str(work)})
    assert_one_error_after_progress(result, "initdb", "failed", "No space left on device")
    assert list(work.iterdir()) == []
