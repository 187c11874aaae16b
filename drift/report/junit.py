"""JUnit XML, for CI systems that show test results but not SARIF (GitLab, Jenkins, Azure, ...).

One test suite per category (drift, advice), one failed test case per finding with its message and
fix, and a passing case when a category is clean, so the CI page says "no drift" rather than nothing.
Built with xml.etree (which escapes), after removing the characters XML 1.0 cannot hold at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from drift.model import Finding, Report
from drift.report.context import RenderOptions
from drift.report.formatting import as_utc, format_value, object_label, visible

# XML 1.0 allows tab, newline, carriage return and the ranges below; everything else (NUL and the
# other C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot appear even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

CLEAN_CASE = {"drift": "no drift", "advice": "no health advice"}
SUITE_TITLE = {"drift": "drift", "advice": "advice"}


def xml_safe(value: str) -> str:
    """`value` with control characters escaped visibly and what XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", visible(value))


def _failure_text(f: Finding) -> str:
    lines = [f.message, "", f"rule: {f.rule}", f"object: {object_label(f)}", f"id: {f.id}"]
    if f.against:
        lines.append(f"against: {f.against}")
    if f.expected is not None or f.actual is not None:
        absent_expected = "(absent)" if f.change == "unexpected" else "(none)"
        absent_actual = "(absent)" if f.change == "missing" else "(none)"
        lines += [
            f"expected: {format_value(f.expected, absent=absent_expected)}",
            f"database: {format_value(f.actual, absent=absent_actual)}",
        ]
    if f.fix:
        lines += ["", "fix:", f.fix]
    return xml_safe("\n".join(lines))


def _case(suite: ET.Element, f: Finding) -> None:
    table = ".".join(f.path[:2]) or f.object_type
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": xml_safe(f"{f.category}.{table}"),
            "name": xml_safe(f"{f.rule}: {object_label(f)}"),
            "time": "0",
        },
    )
    failure = ET.SubElement(
        case, "failure", {"message": xml_safe(f.message), "type": f"{f.severity}:{f.rule}"}
    )
    failure.text = _failure_text(f)


def _suite(root: ET.Element, category: str, findings: list[Finding], report: Report) -> None:
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": SUITE_TITLE[category],
            "tests": str(max(1, len(findings))),
            "failures": str(len(findings)),
            "errors": "0",
            "skipped": "0",
            "time": "0",
            "timestamp": as_utc(report.generated_at).replace(tzinfo=None).isoformat(timespec="seconds"),
        },
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("database", report.target.database),
        ("server_version", report.target.server_version),
        ("drift_version", report.tool.version),
    ):
        if value:
            ET.SubElement(properties, "property", {"name": name, "value": xml_safe(value)})
    if not findings:
        ET.SubElement(
            suite,
            "testcase",
            {"classname": category, "name": CLEAN_CASE[category], "time": "0"},
        )
    for f in findings:
        _case(suite, f)


def render_junit(report: Report, options: RenderOptions) -> str:
    by_category = {c: [f for f in report.findings if f.category == c] for c in ("drift", "advice")}
    root = ET.Element(
        "testsuites",
        {
            "name": xml_safe(f"drift {report.target.database or ''}".strip()),
            "tests": str(sum(max(1, len(v)) for v in by_category.values())),
            "failures": str(len(report.findings)),
            "errors": "0",
            "time": "0",
        },
    )
    for category, findings in by_category.items():
        _suite(root, category, findings, report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
