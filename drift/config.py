"""drift's settings: `[tool.drift]` in pyproject.toml or a drift.toml, DRIFT_* variables, then flags.

Precedence, lowest first: built-in defaults, the config file, environment variables, command-line
flags. Every key is validated by pydantic; an unknown key names the closest valid one, and every
problem is one line naming the file, so a typo never silently changes what CI checks.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drift.errors import ConfigError

Severity = Literal["error", "warning", "info"]

CONFIG_FILES = ("drift.toml", "pyproject.toml")


class IgnoreEntry(BaseModel):
    """Accepted drift: findings whose dotted path matches `path` (a glob) and, if given, `rule`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(description="Glob over the dotted path, e.g. 'public.legacy_*' or 'audit.*.*'.")
    rule: str | None = Field(default=None, description="Rule id or glob, e.g. 'column.default'.")
    reason: str = Field(description="Why this drift is accepted (shown in --verbose output).")

    def matches(self, dotted_path: str, rule: str) -> bool:
        if not fnmatch.fnmatchcase(dotted_path, self.path):
            return False
        return self.rule is None or fnmatch.fnmatchcase(rule, self.rule)


class DriftConfig(BaseModel):
    """Everything a command can be told. Every field is also a flag or a DRIFT_* variable."""

    model_config = ConfigDict(extra="forbid")

    dsn: str | None = None
    expected: Path | None = None
    expected_migrations: Path | None = None
    orm: str | None = None
    scratch_dsn: str | None = Field(
        default=None,
        description="Server for the migrations' scratch database (default: a throwaway one).",
    )
    schemas: list[str] = Field(default_factory=list)
    exclude_schemas: list[str] = Field(default_factory=list)
    fail_on: Severity = "error"
    advice: bool = True
    statement_timeout: float = Field(default=30.0, ge=0, description="Seconds; 0 means no limit.")
    lock_timeout: float = Field(default=2.0, ge=0, description="Seconds; 0 means wait forever.")
    severity: dict[str, Severity] = Field(
        default_factory=dict, description="Rule id (or glob) -> severity override."
    )
    ignore: list[IgnoreEntry] = Field(default_factory=list)
    rules: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Advice rule id -> {enabled, severity, thresholds...}."
    )
    unexpected: Literal["error", "warn", "ignore"] | None = Field(
        default=None, description="Policy for undeclared objects when the expected files say none."
    )
    source: str | None = Field(default=None, exclude=True, description="Where the config came from.")
    expected_explicit: bool = Field(default=False, exclude=True)

    def severity_for(self, rule: str, default: Severity) -> Severity:
        if rule in self.severity:
            return self.severity[rule]
        for pattern, level in self.severity.items():
            if fnmatch.fnmatchcase(rule, pattern):
                return level
        return default

    def ignored_by(self, dotted_path: str, rule: str) -> IgnoreEntry | None:
        for entry in self.ignore:
            if entry.matches(dotted_path, rule):
                return entry
        return None


_ENV_KEYS: dict[str, str] = {
    "DRIFT_DSN": "dsn",
    "DRIFT_EXPECTED": "expected",
    "DRIFT_EXPECTED_MIGRATIONS": "expected_migrations",
    "DRIFT_ORM": "orm",
    "DRIFT_SCRATCH_DSN": "scratch_dsn",
    "DRIFT_SCHEMAS": "schemas",
    "DRIFT_EXCLUDE_SCHEMAS": "exclude_schemas",
    "DRIFT_FAIL_ON": "fail_on",
    "DRIFT_STATEMENT_TIMEOUT": "statement_timeout",
    "DRIFT_LOCK_TIMEOUT": "lock_timeout",
}
_LIST_KEYS = {"schemas", "exclude_schemas"}


def find_config_file(start: Path | None = None) -> Path | None:
    """drift.toml, else a pyproject.toml that has a [tool.drift] table, in the current directory."""
    base = start or Path.cwd()
    drift_toml = base / "drift.toml"
    if drift_toml.is_file():
        return drift_toml
    pyproject = base / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError):
            return None
        if isinstance(data.get("tool"), dict) and "drift" in data["tool"]:
            return pyproject
    return None


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        section = tool.get("drift", {}) if isinstance(tool, dict) else {}
        return dict(section) if isinstance(section, dict) else {}
    return data


def _describe_error(exc: ValidationError, where: str) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        key = str(err["loc"][-1])
        fields = list(DriftConfig.model_fields)
        if len(err["loc"]) > 1 and err["loc"][0] == "ignore":
            fields = list(IgnoreEntry.model_fields)
        close = difflib.get_close_matches(key, fields, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (valid keys: {', '.join(fields)})"
        return f"{where}: unknown key '{loc}'{hint}"
    return f"{where}: '{loc}': {err['msg']}"


def load_config(path: Path | None = None, /, **overrides: Any) -> DriftConfig:
    """Build the effective config. `overrides` are flag values; None means 'not given'."""
    file_path = path if path is not None else find_config_file()
    data: dict[str, Any] = {}
    if file_path is not None:
        data.update(_read_file(file_path))
        where = str(file_path) + (" [tool.drift]" if file_path.name == "pyproject.toml" else "")
        # Paths in a config file are relative to the file, not to wherever drift was started.
        for key in ("expected", "expected_migrations"):
            if isinstance(data.get(key), str):
                data[key] = str((file_path.parent / data[key]).resolve())
        if "expected" in data:
            data["expected_explicit"] = True
    else:
        where = "configuration"
    env_data = _from_env(os.environ)
    data.update(env_data)
    if "expected" in env_data:
        data["expected_explicit"] = True
    for key, value in overrides.items():
        if value is None or (key in _LIST_KEYS and not value):
            continue
        data[key] = list(value) if key in _LIST_KEYS else value
        if key == "expected":
            data["expected_explicit"] = True
    data["source"] = str(file_path) if file_path else None
    try:
        return DriftConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe_error(exc, where)) from None


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for var, key in _ENV_KEYS.items():
        value = environ.get(var)
        if value is None or value == "":
            continue
        if key in _LIST_KEYS:
            out[key] = [part.strip() for part in value.split(",") if part.strip()]
        else:
            out[key] = value
    # DATABASE_URL comes after DRIFT_DSN, but as an environment variable it still beats a file.
    if "dsn" not in out and environ.get("DATABASE_URL", "").strip():
        out["dsn"] = environ["DATABASE_URL"].strip()
    return out
