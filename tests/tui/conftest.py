"""Fixtures for the TUI tests: the hand-built result, an app over it, a scratch working directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import static_loader
from tui_sample import make_result

from drift.pipeline import CheckResult
from drift.tui import DriftApp


@pytest.fixture
def result() -> CheckResult:
    return make_result()


@pytest.fixture
def app(result: CheckResult) -> DriftApp:
    return DriftApp(static_loader(result))


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path
