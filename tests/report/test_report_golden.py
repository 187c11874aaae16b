"""Golden files: every format rendered from the fixed sample report, compared byte for byte.

Regenerate after an intended change with `DRIFT_UPDATE_GOLDEN=1 pytest tests/report/test_report_golden.py`
and review the diff of tests/report/golden/ like any other code change.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import pytest
from report_samples import clean_report, sample_context, sample_report

from drift.report import RENDERERS, render

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("DRIFT_UPDATE_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def _in_empty_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample's sources are relative paths (`expected_schema`): resolve them in an empty
    directory, never in the repository, which has an `expected_schema/` of its own."""
    monkeypatch.chdir(tmp_path)


# file name -> (format, with the nightly context?, render keyword arguments)
CASES: dict[str, tuple[str, bool, dict[str, Any]]] = {
    "text.txt": ("text", False, {}),
    "text-verbose.txt": ("text", True, {"verbose": True}),
    "text-clean.txt": ("text", False, {}),
    "report.json": ("json", False, {}),
    "report.md": ("markdown", True, {}),
    "report-bare.md": ("markdown", False, {}),
    "report.html": ("html", True, {}),
    "report.sarif": ("sarif", True, {}),
    "report.junit.xml": ("junit", False, {}),
    "report-clean.junit.xml": ("junit", False, {}),
}


def _render(name: str) -> str:
    fmt, with_context, kwargs = CASES[name]
    report = clean_report() if "clean" in name else sample_report()
    context = sample_context(report) if with_context else None
    return render(report, fmt, context=context, **kwargs)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    text = _render(name)
    path = GOLDEN / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"{path} is missing: run with DRIFT_UPDATE_GOLDEN=1 to create it")
        path.write_text(text, encoding="utf-8", newline="")
        return
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"golden/{name}",
                tofile="rendered",
            )
        )
        pytest.fail(f"{name} differs from its golden file (DRIFT_UPDATE_GOLDEN=1 to accept):\n{diff}")


def test_every_format_has_a_golden_file() -> None:
    assert {fmt for fmt, _, _ in CASES.values()} == set(RENDERERS)


def test_rendering_is_deterministic() -> None:
    for name in CASES:
        assert _render(name) == _render(name)
