"""Every command in README.md's shell blocks runs, so the README stays true.

Commands that need a terminal or install things are covered elsewhere; `COVERED_ELSEWHERE` names
where, and a test checks those places exist. Everything else runs here against the Renexus example
with the README's placeholders (hosts, DSN variables, model paths) replaced by the test's own.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"

# command prefix -> the test (or CI step) that runs it
COVERED_ELSEWHERE = {
    "bash scripts/install.sh": ".ci/run (installs with scripts/install.sh test,dev on a fresh clone)",
    "bash .ci/run": ".ci/run (CI runs it on a fresh clone)",
    "drift tui": "tests/tui (the app driven by a pilot against a real database)",
}


def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = re.split(r"\s{2,}#", line)[0].strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def _covered(command: str) -> str | None:
    for prefix, where in COVERED_ELSEWHERE.items():
        if command.startswith(prefix):
            return where
    return None


def test_readme_has_the_two_commands() -> None:
    commands = readme_commands()
    assert commands[0] == "bash scripts/install.sh && .venv/bin/drift demo"
    assert commands[1] == "bash .ci/run"
    assert (REPO / "scripts" / "install.sh").is_file() and (REPO / ".ci" / "run").is_file()
    assert "bash scripts/install.sh test,dev" in (REPO / ".ci" / "run").read_text()
    assert (REPO / "tests" / "tui").is_dir() and (REPO / "tests" / "cli" / "test_demo_cmd.py").is_file()


RUNNABLE = [c for c in readme_commands() if _covered(c) is None]


@pytest.mark.parametrize("command", RUNNABLE)
def test_readme_command_runs(command: str, renexus_dsn: str, tmp_path: Path) -> None:
    dsn = renexus_dsn
    (tmp_path / "targets.toml").write_text(f'[[target]]\nname = "renexus"\ndsn = "{dsn}"\n', encoding="utf-8")
    line = (
        command.replace('"$DATABASE_URL"', shlex.quote(dsn))
        .replace('"$PROD_DSN"', shlex.quote(dsn))
        .replace("postgresql://me@db.internal/app", shlex.quote(dsn))
        .replace("app.models:Base", "drift.examples.renexus_models:Base")
    )
    python_drift = f"{shlex.quote(sys.executable)} -m drift"
    line = re.sub(r"(^|&& |\| )drift ", lambda m: m.group(1) + python_drift + " ", line)
    env = {"PATH": "/usr/bin:/bin", "DRIFT_DSN": dsn, "HOME": str(tmp_path)}
    proc = subprocess.run(
        ["bash", "-c", line],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    # 0 clean, 1 findings; never 2 (an error) for a README example.
    assert proc.returncode in (0, 1), (line, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
