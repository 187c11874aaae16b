"""The console script builds typer's parser for the invoked command only; help, the default (no
command) and a mistyped command still see every command."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.cli.conftest import CliResult

ALL = ["check", "demo", "diff", "init", "inspect", "migrations", "report", "tui"]

# Which command modules a process has imported after drift.cli.commands.register(<args>).
PROBE = (
    "import sys\n"
    "from drift.cli.commands import register\n"
    "register(sys.argv[1:])\n"
    "print(' '.join(sorted(m[len('drift.cli.'):-len('_cmd')] for m in sys.modules\n"
    "    if m.startswith('drift.cli.') and m.endswith('_cmd'))))\n"
)


def registered(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.split()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["inspect", "--json", "--dsn", "postgresql://h/db"], ["inspect"]),
        (["--debug", "check", "--expected", "x"], ["check"]),
        (["migrations", "verify"], ["migrations"]),
        ([], ALL),
        (["--help"], ALL),
        (["inspekt"], ALL),
        (["--version"], ALL),
    ],
)
def test_only_the_invoked_command_is_imported(args: list[str], expected: list[str]) -> None:
    assert registered(*args) == expected


def run_drift(*args: str) -> CliResult:
    done = subprocess.run(
        [sys.executable, "-m", "drift", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


def test_root_help_lists_every_command() -> None:
    result = run_drift("--help")
    assert result.code == 0, result.err
    for name in ALL:
        assert f" {name} " in result.out, name


def test_a_mistyped_command_is_told_the_right_one() -> None:
    result = run_drift("inspekt")
    assert result.code == 2
    assert "inspect" in result.err


def main_in_one_process(*calls: list[str]) -> str:
    """The output of several `main(args)` calls made one after the other in one fresh process
    (each must exit 0), as in-process callers (tests, library use) make them."""
    code = (
        "import sys\n"
        "from drift.cli.app import main\n"
        f"for args in {calls!r}:\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, (args, exc.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env={"COLUMNS": "120"}
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_main_registers_each_command_it_is_asked_for_in_one_process() -> None:
    # Each call registers what it needs on top of what earlier calls registered.
    out = main_in_one_process(["inspect", "--help"], ["init", "--help"], ["diff", "--help"])
    assert "drift inspect" in out
    assert "drift init" in out
    assert "drift diff" in out


def test_root_help_keeps_its_order_whatever_was_registered_first() -> None:
    # main(['diff', '--help']) registers diff alone; the root help asked for next must still list
    # the commands in drift's order, not with diff first.
    out = main_in_one_process(["diff", "--help"], ["--help"])
    root_help = out.split("Usage: drift [OPTIONS] COMMAND")[-1]
    listed = [m.group(1) for m in re.finditer(r"^│ (\w+) ", root_help, re.MULTILINE)]
    assert listed == ["inspect", "init", "check", "report", "tui", "demo", "diff", "migrations"]
