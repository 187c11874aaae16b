"""The typer application and `main()`, which turns every failure into one line and exit code 2.

Commands live in one module each under drift/cli/ and import their heavy dependencies inside the
command function, so `drift --help` stays fast and the JSON paths never import textual.
"""

from __future__ import annotations

import functools
import gc
import sys
import traceback
from collections.abc import Callable
from typing import Any

import typer

from drift import __version__
from drift.cli.common import STATE, ExitCode
from drift.errors import DriftError

app = typer.Typer(
    name="drift",
    help="drift tells you how your live PostgreSQL database differs from what you think it is: "
    "the expected schema in your repo, your SQLAlchemy models, or another database. "
    "It reads catalogs and statistics only, in a read-only session, never a row of your data.",
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"drift {__version__}")
        raise typer.Exit(0)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    STATE.debug = debug
    if ctx.invoked_subcommand is None:
        _resume_gc()
        if sys.stdin.isatty() and sys.stdout.isatty() and "tui" in _commands():
            ctx.invoke(_commands()["tui"])
        else:
            typer.echo(ctx.get_help())


def _commands() -> dict[str, Any]:
    group = typer.main.get_group(app)
    return dict(group.commands)


def error_line(message: str) -> None:
    """Print one error line on stderr (red on a terminal)."""
    prefix = "drift: error: "
    if sys.stderr.isatty():
        prefix = "\x1b[31mdrift: error:\x1b[0m "
    print(prefix + message.strip().splitlines()[0] if message.strip() else prefix, file=sys.stderr)


_RESUME_GC = False


def resume_gc_on_start() -> None:
    """The collector was paused for the imports (drift/entry.py): turn it back on when the
    command starts, once its arguments are parsed."""
    global _RESUME_GC
    _RESUME_GC = True


def _resume_gc() -> None:
    global _RESUME_GC
    if _RESUME_GC:
        _RESUME_GC = False
        gc.enable()


def _resuming_gc(callback: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(callback)
    def run_command(*args: Any, **kwargs: Any) -> Any:
        _resume_gc()
        return callback(*args, **kwargs)

    return run_command


def _quiet_flags(command: Any) -> None:
    """typer's help panels print a flag's type ('--json <bool>') as if it took a value; a flag
    shows no metavar in drift's help (value options name theirs: URL, GLOB, FILE...)."""
    for param in getattr(command, "params", ()):
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    # The help option (-h/--help) is made by the command when help is asked for, not a param yet.
    make_help_option = getattr(command, "get_help_option", None)
    if make_help_option is not None:

        def quiet_help_option(ctx: Any) -> Any:
            option = make_help_option(ctx)
            if option is not None and option.metavar is None:
                option.metavar = ""
            return option

        command.get_help_option = quiet_help_option
    for sub in getattr(command, "commands", {}).values():
        _quiet_flags(sub)


def run() -> None:
    """The `drift` console script: `main()`, then a quick exit (see exiting.py)."""
    from drift.cli.exiting import exit_now

    try:
        main()
    except SystemExit as exc:
        exit_now(exc.code)
    exit_now(0)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point. Returns (and exits with) 0, 1 or 2."""
    from drift.cli.commands import register

    register(sys.argv[1:] if argv is None else argv)
    command = typer.main.get_command(app)
    _quiet_flags(command)
    for sub in getattr(command, "commands", {}).values():
        if sub.callback is not None:
            sub.callback = _resuming_gc(sub.callback)
    code: int
    try:
        rv = command.main(args=argv, prog_name="drift", standalone_mode=False)
    except KeyboardInterrupt:
        error_line("interrupted")
        code = ExitCode.ERROR
    except DriftError as exc:
        if STATE.debug:
            traceback.print_exc()
        error_line(str(exc))
        code = ExitCode.ERROR
    except BrokenPipeError:
        code = ExitCode.OK
    except Exception as exc:
        # typer vendors its own click, so recognise its exceptions by shape, not by class.
        kind = type(exc).__name__
        if kind == "Exit":
            exit_code = int(getattr(exc, "exit_code", 0))
            if exit_code == 130:  # typer's own translation of Ctrl-C
                error_line("interrupted")
                sys.exit(ExitCode.ERROR)
            sys.exit(exit_code)
        if kind == "Abort":
            error_line("interrupted")
            sys.exit(ExitCode.ERROR)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            # A usage error (unknown option, bad value): one line like every other error, with
            # where to look instead of click's usage block.
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "drift"
            error_line(f"{exc.format_message().rstrip('.')} (see '{where} --help')")
            sys.exit(ExitCode.ERROR)
        if STATE.debug:
            traceback.print_exc()
        error_line(f"unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        code = ExitCode.ERROR
    else:
        code = rv if isinstance(rv, int) else ExitCode.OK
        if code == 130:  # typer turns Ctrl-C into Exit(130) itself
            error_line("interrupted")
            code = ExitCode.ERROR
    sys.exit(int(code))
