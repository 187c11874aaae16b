"""A mistake on the command line (unknown option or command, bad value, missing argument) is one
line on stderr and exit code 2, like every other error, and says where the help is."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("args", "says", "help_of"),
    [
        (["inspect", "--bogus"], "No such option: --bogus", "drift inspect"),
        (["inspect", "--statement-timeout", "-1"], "'--statement-timeout'", "drift inspect"),
        (["migrations", "verify"], "Missing argument 'DIR'", "drift migrations verify"),
        (["inspekt"], "Did you mean 'inspect'?", "drift"),
        # click reports a missing option value from the root command's context.
        (["check", "--format"], "'--format' requires an argument", "drift"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(args: list[str], says: str, help_of: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "drift", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("drift: error: ") and says in lines[0], lines[0]
    assert lines[0].endswith(f"(see '{help_of} --help')"), lines[0]
