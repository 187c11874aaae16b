"""Many databases in one nightly job: a targets file, checked concurrently, one failure isolated.

Shards, tenants and services are checked in a bounded thread pool (the work is waiting on servers,
so threads are enough); an unreachable or misconfigured target becomes a row saying so, never an
exception that stops the others.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drift.config import DriftConfig
from drift.errors import ConfigError, DriftError


class TargetSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    dsn: str | None = None
    dsn_env: str | None = Field(default=None, description="Environment variable holding the DSN.")
    expected: Path | None = None
    orm: str | None = None
    schemas: list[str] = Field(default_factory=list)
    exclude_schemas: list[str] = Field(default_factory=list)


class TargetsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    target: list[TargetSpec]


class TargetOutcome(BaseModel):
    """What happened to one target: a result, or the one-line error that stopped it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    name: str
    result: Any = None  # drift.pipeline.CheckResult; Any keeps this module import-light
    error: str | None = None


def load_targets(path: Path) -> list[TargetSpec]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: targets file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    try:
        parsed = TargetsFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{path}: '{loc}': {err['msg']}") from None
    names = [t.name for t in parsed.target]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"{path}: target names must be unique; repeated: {', '.join(dupes)}")
    base = path.parent
    return [
        t.model_copy(update={"expected": (base / t.expected) if t.expected else None}) for t in parsed.target
    ]


def target_config(spec: TargetSpec, defaults: DriftConfig) -> DriftConfig:
    dsn = spec.dsn
    if spec.dsn_env:
        dsn = os.environ.get(spec.dsn_env)
        if not dsn:
            raise ConfigError(f"target '{spec.name}': environment variable {spec.dsn_env} is not set")
    if not dsn:
        raise ConfigError(f"target '{spec.name}': give 'dsn' or 'dsn_env'")
    update: dict[str, Any] = {"dsn": dsn}
    if spec.expected is not None:
        update["expected"] = spec.expected
    if spec.orm is not None:
        update["orm"] = spec.orm
    if spec.schemas:
        update["schemas"] = spec.schemas
    if spec.exclude_schemas:
        update["exclude_schemas"] = spec.exclude_schemas
    return defaults.model_copy(update=update)


def run_targets(
    specs: list[TargetSpec],
    defaults: DriftConfig,
    *,
    jobs: int = 4,
    on_done: Callable[[TargetOutcome], None] | None = None,
) -> list[TargetOutcome]:
    """Check every target with at most `jobs` at once; outcomes in the order of the file."""
    from drift.pipeline import run_check

    def one(spec: TargetSpec) -> TargetOutcome:
        try:
            outcome = TargetOutcome(name=spec.name, result=run_check(target_config(spec, defaults)))
        except DriftError as exc:
            outcome = TargetOutcome(name=spec.name, error=str(exc).splitlines()[0])
        except Exception as exc:  # one broken target must never stop the others
            outcome = TargetOutcome(name=spec.name, error=f"unexpected {type(exc).__name__}: {exc}")
        if on_done is not None:
            on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, specs))


def summary_markdown(outcomes: list[TargetOutcome], links: dict[str, str] | None = None) -> str:
    """The aggregated report's first section: one row per target."""
    lines = [
        "# drift: nightly report across targets",
        "",
        "| target | status | errors | warnings | info | health |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for o in outcomes:
        name = f"[{o.name}]({links[o.name]})" if links and o.name in links else o.name
        if o.error is not None:
            lines.append(f"| {name} | unreachable: {o.error.replace('|', '/')} | | | | |")
            continue
        s = o.result.report.summary
        health = o.result.health or {}
        score = health.get("score", "")
        status = "drift" if s.error else ("clean" if not s.warning else "warnings")
        lines.append(f"| {name} | {status} | {s.error} | {s.warning} | {s.info} | {score} |")
    return "\n".join(lines) + "\n"
