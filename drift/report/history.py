"""The report history: each run's snapshot and report stored in a directory, and what changed since.

Layout (`drift report --history DIR`)::

    DIR/2026-01-02T03-04-05Z/snapshot.json   the `drift inspect --json` document of that run
    DIR/2026-01-02T03-04-05Z/report.json     the JSON report of that run (the documented contract)

Run directories are named after the report's `generated_at` in UTC, so they sort by time; a second
run in the same second gets a `.01`, `.02`... suffix. Files are written to a temporary name and
renamed, so a run killed half-way never leaves a half-written run behind for the next night.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from drift.errors import InputError
from drift.model import Report, Snapshot
from drift.report.changes import ChangesSinceLastRun, diff_findings, diff_objects

SNAPSHOT_FILE = "snapshot.json"
REPORT_FILE = "report.json"
_RUN_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(\.\d{2,})?$")


@dataclass(frozen=True)
class StoredRun:
    """One run directory in the history (files not read yet)."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    def load_report(self) -> Report:
        return Report.model_validate_json((self.path / REPORT_FILE).read_bytes())

    def load_snapshot(self) -> Snapshot:
        return Snapshot.model_validate_json((self.path / SNAPSHOT_FILE).read_bytes())


def run_name(generated_at: datetime) -> str:
    """The directory name of a run: its UTC time, sortable, safe on every file system."""
    when = generated_at if generated_at.tzinfo else generated_at.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")


def list_runs(history_dir: Path) -> list[StoredRun]:
    """The complete stored runs, oldest first. Missing directory: no runs."""
    if not history_dir.is_dir():
        return []
    runs = [
        StoredRun(p)
        for p in history_dir.iterdir()
        if p.is_dir()
        and _RUN_NAME.match(p.name)
        and (p / REPORT_FILE).is_file()
        and (p / SNAPSHOT_FILE).is_file()
    ]
    return sorted(runs, key=lambda r: _sort_key(r.name))


def _sort_key(name: str) -> tuple[str, int]:
    base, _, suffix = name.partition(".")
    return (base, int(suffix) if suffix else 0)


def save_run(history_dir: Path, snapshot: Snapshot, report: Report) -> Path:
    """Store this run's snapshot and report under `history_dir`; return the run directory."""
    try:
        history_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the history directory {history_dir}: {exc.strerror}") from exc
    base = run_name(report.generated_at)
    target = history_dir / base
    n = 0
    while target.exists():
        n += 1
        target = history_dir / f"{base}.{n:02d}"
    staging = history_dir / f".{target.name}.tmp-{os.getpid()}"
    try:
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir()
        (staging / SNAPSHOT_FILE).write_text(snapshot.model_dump_json(), encoding="utf-8")
        (staging / REPORT_FILE).write_text(report.model_dump_json(indent=2), encoding="utf-8")
        staging.rename(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(f"cannot write the run to the history directory {history_dir}: {exc}") from exc
    return target


def prune_runs(history_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` runs; return what was deleted."""
    if keep < 1:
        raise InputError("the history must keep at least one run")
    runs = list_runs(history_dir)
    doomed = [r.path for r in runs[:-keep]]
    for path in doomed:
        shutil.rmtree(path)
    return doomed


def _previous_runs(history_dir: Path, report: Report) -> Iterator[StoredRun]:
    """Stored runs older than `report`, newest first (a run already saved for `report` is skipped)."""
    current = run_name(report.generated_at)
    for run in reversed(list_runs(history_dir)):
        # Names have one-second resolution: a run in the same second may still be an earlier one,
        # so the exact times are compared once the run is loaded.
        if _sort_key(run.name)[0] > current:
            continue
        yield run


def changes_since_last_run(
    history_dir: Path, snapshot: Snapshot, report: Report
) -> ChangesSinceLastRun | None:
    """Objects added, dropped or altered and findings appeared or fixed since the previous run.

    None when the history holds no earlier run (the first night). A stored run that cannot be read
    (hand-edited, from an incompatible drift) is skipped with a note rather than failing the report.
    """
    notes: list[str] = []
    for run in _previous_runs(history_dir, report):
        try:
            previous_report = run.load_report()
            previous_snapshot = run.load_snapshot()
        except (OSError, ValidationError, ValueError) as exc:
            notes.append(f"skipped the unreadable stored run {run.name} ({type(exc).__name__})")
            continue
        if previous_report.generated_at >= report.generated_at:
            continue  # this report's own stored run, or a later one
        appeared, fixed = diff_findings(previous_report, report)
        return ChangesSinceLastRun(
            previous_run=run.name,
            previous_generated_at=previous_report.generated_at,
            objects=diff_objects(previous_snapshot.catalog, snapshot.catalog),
            appeared=appeared,
            fixed=fixed,
            notes=tuple(notes),
        )
    return None
