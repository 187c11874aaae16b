"""SARIF 2.1.0, so drift findings show up in GitHub code scanning and other SARIF viewers.

One run; the driver lists every rule that fired (id, short description, help, default level); each
result carries its rule, level, message, a logical location (the object's dotted path) and, when the
declaring file is known, a physical location: the line that declares the object in an
expected-schema file (declaring_line.py). `partialFingerprints` carry the finding's stable id,
so code scanning follows one finding from night to night instead of opening a new alert each run.
"""

from __future__ import annotations

import json
from typing import Any

from drift.model import Finding, Report
from drift.report.context import RenderOptions
from drift.report.declaring_line import declaring_line
from drift.report.formatting import doc_path, iso_utc, object_word
from drift.report.source_files import artifact_uri, declaring_file

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "driftFindingId/v1"
TAGS = {"drift": ("database", "schema-drift"), "advice": ("database", "health")}

# Short descriptions of the health rules (the full rationale is docs/rules/<id>.md).
ADVICE_SUMMARIES = {
    "fk-without-index": "Foreign key without an index on its referencing columns",
    "unused-index": "Index not used since the statistics were reset",
    "duplicate-index": "Index duplicating, or a prefix of, another index",
    "invalid-index": "Index left invalid by a failed concurrent build",
    "no-primary-key": "Table without a primary key",
    "invalid-constraint": "Constraint left NOT VALID",
    "sequence-exhaustion": "Sequence close to the end of its type's range",
    "plaintext-secret": "Column that seems to hold secrets in plain text",
    "status-without-check": "Status-like text column without a CHECK constraint or enum type",
    "timestamp-without-timezone": "timestamp column without time zone",
    "seq-scan-heavy": "Large table read mostly by sequential scans",
    "vacuum-stale": "Table with many dead tuples, stale vacuum/analyze or old transaction IDs",
    "fk-type-mismatch": "Foreign-key column narrower than the key it references",
    "rls-disabled-with-policies": "Row-level security policies on a table with row-level security off",
    "public-table-grant": "Table or view granting privileges to PUBLIC",
}
_CHANGE_PHRASE = {
    "missing": "expected but absent from the database",
    "unexpected": "in the database but not expected",
}


def rule_description(f: Finding) -> str:
    """One sentence naming what the rule checks, for the rule list."""
    if f.rule in ADVICE_SUMMARIES:
        return ADVICE_SUMMARIES[f.rule]
    if f.category == "advice":
        return f"Health rule {f.rule}"
    head, _, tail = f.rule.rpartition(".")
    subject = object_word(head.split(".")[-1] if head else f.object_type)
    phrase = _CHANGE_PHRASE.get(tail) or f"{tail.replace('_', ' ')} differs from the expected state"
    return f"{subject[:1].upper()}{subject[1:]} {phrase}"


def _rules(
    findings: tuple[Finding, ...], options: RenderOptions
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: f.rule):
        if f.rule in index:
            # The most severe level seen is the level the rule was configured to report at.
            rule = rules[index[f.rule]]
            if _rank(LEVEL[f.severity]) > _rank(rule["defaultConfiguration"]["level"]):
                rule["defaultConfiguration"]["level"] = LEVEL[f.severity]
            continue
        doc = doc_path(f.rule, f.category)
        description = rule_description(f)
        rule = {
            "id": f.rule,
            "name": _pascal(f.rule),
            "shortDescription": {"text": description},
            "help": {
                "text": f"{description}. See {doc} in the drift documentation.",
                "markdown": f"{description}. See [{doc}]({doc}).",
            },
            "defaultConfiguration": {"level": LEVEL[f.severity]},
            "properties": {"category": f.category, "tags": list(TAGS[f.category])},
        }
        base = options.context.docs_base_url
        if base:
            rule["helpUri"] = base.rstrip("/") + "/" + doc
        index[f.rule] = len(rules)
        rules.append(rule)
    return rules, index


def _rank(level: str) -> int:
    return {"note": 0, "warning": 1, "error": 2}[level]


def _pascal(rule: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in rule.replace("-", ".").split(".") if part)


def _message(f: Finding) -> str:
    text = f.message
    if f.fix:
        text += f"\nFix:\n{f.fix}"
    return text


def _location(f: Finding, report: Report, options: RenderOptions) -> dict[str, Any]:
    logical: dict[str, Any] = {
        "name": f.path[-1] if f.path else f.object_type,
        "fullyQualifiedName": f.dotted_path or f.object_type,
        "kind": f.object_type,
    }
    location: dict[str, Any] = {"logicalLocations": [logical]}
    file = declaring_file(f, report, options.context.source_files)
    uri, relative = (None, True)
    line = 1
    if file is not None:
        uri, relative = artifact_uri(file)
        if file.endswith((".yaml", ".yml")):
            line = declaring_line(file, f.path)
    elif options.context.sarif_fallback_uri:
        uri, relative = artifact_uri(options.context.sarif_fallback_uri)
    if uri is not None:
        artifact: dict[str, Any] = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        location["physicalLocation"] = {"artifactLocation": artifact, "region": {"startLine": line}}
    return location


def _result(f: Finding, rule_index: int, report: Report, options: RenderOptions) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "category": f.category,
        "objectType": f.object_type,
        "path": list(f.path),
    }
    for key, value in (
        ("change", f.change),
        ("attribute", f.attribute),
        ("against", f.against),
        ("expected", f.expected),
        ("actual", f.actual),
        ("fix", f.fix),
        ("evidence", f.evidence),
    ):
        if value is not None:
            properties[key] = value
    return {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": _message(f)},
        "locations": [_location(f, report, options)],
        "partialFingerprints": {FINGERPRINT_KEY: f.id},
        "properties": properties,
    }


def sarif_document(report: Report, options: RenderOptions) -> dict[str, Any]:
    """The SARIF log as a dict (validated against the official schema in the tests)."""
    rules, index = _rules(report.findings, options)
    database = report.target.database or "database"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "rules": rules,
            }
        },
        "automationDetails": {"id": f"drift/{database}/"},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule], report, options) for f in report.findings],
        "invocations": [
            {
                "executionSuccessful": True,
                "endTimeUtc": iso_utc(report.generated_at),
            }
        ],
        "properties": {
            "database": report.target.database,
            "serverVersion": report.target.server_version,
            "sources": [s.model_dump(mode="json") for s in report.sources],
            "summary": report.summary.model_dump(mode="json"),
        },
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(report: Report, options: RenderOptions) -> str:
    return json.dumps(sarif_document(report, options), indent=2, ensure_ascii=False) + "\n"
