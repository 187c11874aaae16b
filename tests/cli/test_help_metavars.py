"""`drift <command> --help` names what each option takes (URL, GLOB, FILE...), and a flag shows
nothing: typer's panels would print '--json <bool>' or '--schema <list[str]>'."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

COMMANDS = ["", "inspect", "init", "check", "report", "tui", "demo", "diff", "migrations verify"]
TYPE_LABEL = re.compile(r"<[a-z][a-z_\[\]|, ]*>")


@pytest.mark.parametrize("command", COMMANDS, ids=[c or "drift" for c in COMMANDS])
def test_help_shows_no_python_type_labels(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "drift", *command.split(), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    labelled = [line for line in done.stdout.splitlines() if TYPE_LABEL.search(line)]
    # A positional argument's type column is typer's own; options (and -h/--help) are drift's.
    assert all("│ *" in line for line in labelled), labelled


def test_value_options_name_what_they_take() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "drift", "check", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"},
    )
    text = done.stdout
    for option, metavar in [
        ("--dsn", "URL"),
        ("--schema", "GLOB"),
        ("--expected", "DIR"),
        ("--orm", "MODULE:ATTR"),
        ("--format", "FORMAT"),
        ("--fail-on", "SEVERITY"),
        ("--fix-sql", "FILE"),
        ("--statement-timeout", "SECONDS"),
    ]:
        assert re.search(rf"{re.escape(option)}\s.*{re.escape(metavar)}", text), (option, metavar)
    assert not re.search(r"--json\s+<", text) and not re.search(r"--verbose\s.*<bool>", text)
