"""Per-rule settings from the config (`[tool.drift.rules.<id>]`): checked, then resolved.

A typo in a rule id or a threshold name must be an error, not a rule silently running with its
default, so everything unknown is rejected with the list of what is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from drift.advice.rule import Rule, Threshold
from drift.errors import ConfigError
from drift.model import Severity

_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool
    severity: Severity | None
    thresholds: Mapping[str, Threshold]


def resolve_settings(
    rules: Mapping[str, Rule], settings: Mapping[str, Mapping[str, Any]] | None
) -> dict[str, RuleSettings]:
    """Effective settings for every rule; raises ConfigError on anything unknown or mistyped."""
    given = dict(settings or {})
    unknown = sorted(set(given) - set(rules))
    if unknown:
        raise ConfigError(
            f"unknown health rule {', '.join(map(repr, unknown))} in the rules settings; "
            f"known rules: {', '.join(sorted(rules))}"
        )
    return {rule_id: _one(rule, given.get(rule_id) or {}) for rule_id, rule in rules.items()}


def _one(rule: Rule, values: Mapping[str, Any]) -> RuleSettings:
    if not isinstance(values, Mapping):
        raise ConfigError(f"settings for rule {rule.id} must be a table of keys, not {values!r}")
    enabled = values.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"rules.{rule.id}.enabled must be true or false, not {enabled!r}")
    severity = values.get("severity")
    if severity is not None and severity not in _SEVERITIES:
        raise ConfigError(
            f"rules.{rule.id}.severity must be one of {', '.join(_SEVERITIES)}, not {severity!r}"
        )
    thresholds: dict[str, Threshold] = {}
    for name, value in values.items():
        if name in ("enabled", "severity"):
            continue
        if name not in rule.thresholds:
            known = ", ".join(sorted(rule.thresholds)) or "none"
            raise ConfigError(
                f"rule {rule.id} has no setting {name!r}; its settings: enabled, severity, {known}"
            )
        thresholds[name] = _coerce(rule.id, name, value, rule.thresholds[name])
    return RuleSettings(enabled=enabled, severity=cast(Severity | None, severity), thresholds=thresholds)


def _coerce(rule_id: str, name: str, value: Any, default: Threshold) -> Threshold:
    where = f"rules.{rule_id}.{name}"
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{where} must be true or false, not {value!r}")
    if isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ConfigError(f"{where} must be a whole number, not {value!r}")
    if isinstance(default, float):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise ConfigError(f"{where} must be a number, not {value!r}")
    if isinstance(value, str):
        return value
    raise ConfigError(f"{where} must be a string, not {value!r}")
