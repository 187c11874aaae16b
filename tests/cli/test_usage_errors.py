"""A mistake on the command line (unknown option or command, bad value, missing argument) is one
line on stderr and exit code 2, like every other error, and says where the help is."""

from __future__ import annotations

import pytest

from tests.cli.conftest import DriftRunner, assert_one_line_error


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
def test_a_usage_error_is_one_line_and_exit_2(
    drift_cli: DriftRunner, args: list[str], says: str, help_of: str
) -> None:
    result = drift_cli(*args)
    assert_one_line_error(result, says, f"(see '{help_of} --help')")
    assert result.out == ""
    assert result.err.rstrip("\n").endswith(f"(see '{help_of} --help')"), result.err
