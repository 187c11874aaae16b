"""What each format must guarantee beyond its golden file: validity, counts, escaping, no network."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
from report_samples import (
    ODD_TABLE,
    SCRIPT_INDEX,
    clean_report,
    sample_context,
    sample_findings,
    sample_report,
)

from drift.errors import ConfigError
from drift.model import Finding, Report
from drift.report import FORMATS, RENDERERS, ReportContext, render
from drift.report.sarif import FINGERPRINT_KEY

HERE = Path(__file__).parent
SARIF_SCHEMA = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ANSI = re.compile(r"\x1b\[")


@pytest.fixture(autouse=True)
def _in_empty_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample's sources are relative paths (`expected_schema`): resolve them in an empty
    directory, never in the repository, which has an `expected_schema/` of its own."""
    monkeypatch.chdir(tmp_path)


def _sarif(report: Report, context: ReportContext | None = None) -> dict:  # type: ignore[type-arg]
    doc = json.loads(render(report, "sarif", context=context))
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(doc)
    return doc  # type: ignore[no-any-return]


# --- registry ----------------------------------------------------------------------------------


def test_registry_lists_the_six_formats() -> None:
    assert set(FORMATS) == {"text", "json", "markdown", "html", "sarif", "junit"}
    assert {r.extension for r in RENDERERS.values()} >= {"md", "html", "json", "sarif", "xml"}


def test_unknown_format_is_a_config_error_naming_the_choices() -> None:
    with pytest.raises(ConfigError, match="choose from text, json"):
        render(sample_report(), "pdf")


def test_json_path_imports_neither_jinja_nor_rich() -> None:
    code = (
        "import sys, report_samples\n"
        "from drift.report import render\n"
        "render(report_samples.sample_report(), 'json')\n"
        "print(sorted(m for m in ('jinja2', 'rich', 'textual') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=HERE, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# --- sarif ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["sample", "sample+context", "clean"])
def test_sarif_validates_against_the_official_schema(which: str) -> None:
    report = clean_report() if which == "clean" else sample_report()
    context = sample_context(report) if which == "sample+context" else None
    doc = _sarif(report, context)
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1


def test_sarif_results_rules_levels_and_fingerprints() -> None:
    report = sample_report()
    run = _sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules) == len({f.rule for f in report.findings})
    assert len(run["results"]) == len(report.findings)
    for f, result in zip(report.findings, run["results"], strict=True):
        assert result["ruleId"] == f.rule
        assert rules[result["ruleIndex"]]["id"] == f.rule
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity]
        assert result["partialFingerprints"] == {FINGERPRINT_KEY: f.id}
        logical = result["locations"][0]["logicalLocations"][0]
        assert logical["fullyQualifiedName"] == f.dotted_path
        assert result["message"]["text"].startswith(f.message)
    assert {r["defaultConfiguration"]["level"] for r in rules} <= {"error", "warning", "note"}
    by_id = {r["id"]: r for r in rules}
    assert by_id["fk-without-index"]["help"]["text"].endswith(
        "docs/rules/fk-without-index.md in the drift documentation."
    )
    assert "docs/drift-rules.md" in by_id["column.type"]["help"]["text"]


def test_sarif_physical_location_from_the_declaring_file() -> None:
    report = sample_report()
    run = _sarif(report, sample_context(report))["runs"][0]
    for f, result in zip(report.findings, run["results"], strict=True):
        physical = result["locations"][0].get("physicalLocation")
        if f.object_type == "extension":
            assert physical is None  # no file declares an extension in the sample
            continue
        assert physical is not None, f.dotted_path
        artifact = physical["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert artifact["uri"] == f"expected_schema/{f.path[0]}.yaml"


def test_sarif_finds_the_expected_schema_file_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "expected_schema" / "public").mkdir(parents=True)
    (tmp_path / "expected_schema" / "public.yaml").write_text("tables: {}\n")
    (tmp_path / "expected_schema" / "public" / "users.yaml").write_text("columns: {}\n")
    (tmp_path / "expected_schema" / "_database.yaml").write_text("extensions: {}\n")
    monkeypatch.chdir(tmp_path)
    report = sample_report()
    uris = {
        (f.dotted_path, f.against): r["locations"][0]
        .get("physicalLocation", {})
        .get("artifactLocation", {})
        .get("uri")
        for f, r in zip(report.findings, _sarif(report)["runs"][0]["results"], strict=True)
    }
    assert uris["public.users.email", "expected"] == "expected_schema/public/users.yaml"
    assert uris["public.users.email", "orm"] is None  # the ORM source is a module, not a file
    assert uris["public.orders.orders_user_id_fkey", None] == "expected_schema/public.yaml"  # advice
    assert uris["billing.invoice_no_seq", "orm"] is None
    assert uris["pg_trgm", "expected"] == "expected_schema/_database.yaml"


def test_sarif_help_uri_is_absolute_when_a_docs_url_is_given() -> None:
    context = ReportContext(
        docs_base_url="https://example.org/drift/blob/main/", sarif_fallback_uri="drift.toml"
    )
    run = _sarif(sample_report(), context)["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        uri = urlparse(rule["helpUri"])
        assert uri.scheme == "https" and uri.path.endswith(".md")
    # The fallback file gives every result the physical location GitHub code scanning requires.
    assert all("physicalLocation" in r["locations"][0] for r in run["results"])


def test_sarif_uris_are_percent_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    context = ReportContext(source_files={"public": "expected schema/pub lic#1.yaml"})
    run = _sarif(sample_report(), context)["runs"][0]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]
        if "physicalLocation" in r["locations"][0]
    }
    assert uris == {"expected%20schema/pub%20lic%231.yaml"}


# --- junit ----------------------------------------------------------------------------------------


def test_junit_parses_and_counts() -> None:
    report = sample_report()
    root = ET.fromstring(render(report, "junit"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"drift", "advice"}
    for category, suite in suites.items():
        expected = [f for f in report.findings if f.category == category]
        cases = suite.findall("testcase")
        assert (
            len(cases) == len(expected) == int(suite.get("tests", "-1")) == int(suite.get("failures", "-1"))
        )
        for case, f in zip(cases, expected, strict=True):
            failure = case.find("failure")
            assert failure is not None
            assert failure.get("type") == f"{f.severity}:{f.rule}"
            if f.fix:
                assert (failure.text or "").rstrip().endswith(f.fix.rstrip())
    assert int(root.get("failures", "-1")) == len(report.findings)


def test_junit_clean_report_has_passing_cases() -> None:
    root = ET.fromstring(render(clean_report(), "junit"))
    names = [c.get("name") for c in root.iter("testcase")]
    assert names == ["no drift", "no health advice"]
    assert not list(root.iter("failure"))
    assert root.get("failures") == "0" and root.get("tests") == "2"


def test_junit_survives_characters_xml_cannot_hold() -> None:
    nasty = sample_findings()[0].model_copy(
        update={"path": ("public", "t\x00\x1b\ud800\ufffe", "c"), "id": "x"}
    )
    text = render(sample_report([nasty]), "junit")
    case = ET.fromstring(text).find("testsuite/testcase")
    assert case is not None
    assert "\\x00" in (case.get("name") or "") and "\\x1b" in (case.get("name") or "")


# --- html -----------------------------------------------------------------------------------------


def _html() -> str:
    report = sample_report()
    return render(report, "html", context=sample_context(report))


def test_html_loads_nothing_from_the_network() -> None:
    html = _html()
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<script|<link|<iframe|<img|<object|@import|url\(|\bsrc=", html, re.I)
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and "<style>" in html


def test_html_escapes_object_names() -> None:
    html = _html()
    assert SCRIPT_INDEX not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "weird&lt;tbl&gt;" in html
    assert "Order &#34;Items&#34;" in html
    assert "bell\\x07log" in html and "\x07" not in html


def test_html_has_the_nightly_sections_and_is_responsive() -> None:
    html = _html()
    for section in ('id="health"', 'id="drift"', 'id="advice"', 'id="usage"', 'id="changes"'):
        assert section in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media (max-width:" in html
    assert html.count("<svg") == 2  # sizes and scans


def test_html_links_rule_docs_only_with_a_docs_url() -> None:
    report = sample_report()
    context = sample_context(report).model_copy(update={"docs_base_url": "https://example.org/d"})
    html = render(report, "html", context=context)
    assert '<a href="https://example.org/d/docs/rules/fk-without-index.md">' in html
    assert not re.search(r"<script|<link|\bsrc=", html, re.I)


def test_html_without_context_renders_findings_only() -> None:
    html = render(sample_report(), "html")
    assert 'id="usage"' not in html and 'id="health"' not in html and 'id="changes"' not in html


# --- text -----------------------------------------------------------------------------------------


def test_text_has_no_ansi_codes_without_color() -> None:
    text = render(sample_report(), "text", verbose=True)
    assert not ANSI.search(text)
    assert "\x07" not in text and "bell\\x07log" in text


def test_text_with_color_is_styled_and_says_the_same() -> None:
    colored = render(sample_report(), "text", color=True, width=200)
    assert ANSI.search(colored)
    plain = ANSI.sub("", re.sub(r"\x1b\[[0-9;]*m", "", colored))
    assert "6 errors, 6 warnings, 2 info" in plain
    assert "a|b`tick`[bold]" in plain  # rich markup in a name is printed, not interpreted


def test_text_groups_by_table_and_shows_three_way_values() -> None:
    text = render(sample_report(), "text")
    users = text.index("  public.users\n")
    assert text.index("database  character varying(100)", users) < text.index("model     text", users)
    assert "expected  character varying(255)" in text
    assert f"  public.{ODD_TABLE}\n" in text
    assert text.rstrip().endswith("6 errors, 6 warnings, 2 info (9 drift, 5 advice)")


def test_text_verbose_shows_fix_sql() -> None:
    assert "fix:" not in render(sample_report(), "text")
    verbose = render(sample_report(), "text", verbose=True)
    assert "fix: CREATE INDEX CONCURRENTLY orders_user_id_idx ON public.orders (user_id);" in verbose
    assert "fix (model): ALTER TABLE public.users ALTER COLUMN email TYPE text;" in verbose


def test_text_clean() -> None:
    assert render(clean_report(), "text").rstrip().endswith("✓ no drift and no advice")


# --- markdown -------------------------------------------------------------------------------------


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_tables_keep_their_shape_with_odd_names() -> None:
    report = sample_report()
    md = render(report, "markdown", context=sample_context(report))
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            width = line.count("|") - 1
            j = i + 1
            while j < len(lines) and lines[j].startswith("| "):
                assert len(_cells(lines[j])) == width, lines[j]
                j += 1
    assert "SELECT from public.a\\|b\\`tick\\`\\[bold\\]" in md  # escaped in free text
    assert "`public.weird<tbl>.<script>alert(1)</script>`" in md  # literal in a code span


def test_markdown_sections() -> None:
    report = sample_report()
    md = render(report, "markdown", context=sample_context(report))
    for heading in (
        "# drift report: `shop`",
        "## Health score: 6.9 / 10 (fair)",
        "## Drift findings (9 findings, 8 differences)",  # one row holds the expected+model pair
        "## Advice findings (5)",
        "### Largest tables",
        "### Largest indexes",
        "## What changed since the last run (2026-03-13 02:30 UTC)",
    ):
        assert heading in md
    assert "| **Statistics** | since the reset on 2026-02-12 02:30 UTC (30.0 days) |" in md


# --- json -----------------------------------------------------------------------------------------


def test_json_is_the_report_model_and_round_trips() -> None:
    report = sample_report()
    text = render(report, "json")
    assert text == report.model_dump_json(indent=2) + "\n"
    assert Report.model_validate_json(text) == report


def test_json_validates_against_the_published_schema() -> None:
    schema = json.loads((HERE.parents[1] / "docs" / "schema" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    for report in (sample_report(), clean_report()):
        jsonschema.Draft202012Validator(schema).validate(json.loads(render(report, "json")))


def test_markdown_caps_long_lists_for_pr_comments(monkeypatch: pytest.MonkeyPatch) -> None:
    import drift.report.markdown as markdown

    monkeypatch.setattr(markdown, "MAX_TABLE_ROWS", 2)
    md = render(sample_report(), "markdown")
    assert "_... and 7 more, left out to keep this readable: see the JSON or HTML report._" in md
    assert "_... and 2 more, left out" in md  # of the 4 advice errors and warnings; the info table has 1
    assert md.count("| 🔴 error |") + md.count("| 🟠 warning |") + md.count("| 🔵 info |") == 5


def test_markdown_advice_reads_as_one_line_per_finding_with_details_folded() -> None:
    report = sample_report(_paragraph_findings())
    md = render(report, "markdown")
    row = next(line for line in md.splitlines() if "fk-without-index](" in line)
    assert row.endswith("| (user\\_id) has no valid index leading with its columns |")
    assert "<details><summary>Why, and the fix SQL</summary>" in md
    assert "(fk-without-index): Every DELETE on public.users cascades" in md
    info = md.index("<details><summary>1 info finding: worth knowing, not urgent</summary>")
    assert md.index("is timestamp without time zone |") > info  # info findings are folded away


def test_markdown_lists_a_fix_both_sources_call_for_once() -> None:
    md = render(sample_report(), "markdown")
    fix_sql = md[md.index("<details><summary>Fix SQL</summary>") :]
    fix_sql = fix_sql[: fix_sql.index("</details>")]
    assert fix_sql.count("ALTER TABLE public.users ALTER COLUMN email TYPE") == 2  # two different fixes
    report = sample_report([*_paragraph_findings(), *_twin_drift()])
    fix_sql = render(report, "markdown").split("<details><summary>Fix SQL</summary>")[1]
    assert fix_sql.count("SET NOT NULL;") == 1
    assert "(column.nullable, for the expected schema and the model)" in fix_sql


def test_html_cards_show_the_headline_and_fold_info_findings() -> None:
    html = render(sample_report(_paragraph_findings()), "html")
    assert '<div class="message">(user_id) has no valid index leading with its columns</div>' in html
    assert "<summary>Why, and the fix SQL</summary>" in html
    assert '<p class="why">Every DELETE on public.users cascades' in html
    folded = html.index('<details class="more"><summary>1 info finding: worth knowing, not urgent</summary>')
    assert html.index("is timestamp without time zone</div>") > folded


def test_html_tables_never_break_names_letter_by_letter() -> None:
    html = render(sample_report(), "html")
    css_cells = re.search(r"th, td \{[^}]*\}", html)
    assert css_cells is not None and "overflow-wrap: break-word" in css_cells.group(0)
    assert "td:first-child code { white-space: nowrap; }" in html


def _paragraph_findings() -> list[Finding]:
    def advice(rule: str, severity: str, object_type: str, path: tuple[str, ...], message: str) -> Finding:
        return Finding.model_validate(
            {"category": "advice", "rule": rule, "severity": severity, "object_type": object_type,
             "path": path, "message": message, "fix": "SELECT 1;"}
        )  # fmt: skip

    return [
        advice(
            "fk-without-index",
            "warning",
            "foreign_key",
            ("public", "content", "content_user_id_users_id_fk"),
            "Foreign key content_user_id_users_id_fk on public.content (user_id) has no valid index leading "
            "with its columns: every DELETE on public.users cascades into a sequential scan of public.content.",
        ),
        advice(
            "timestamp-without-timezone",
            "info",
            "column",
            ("public", "content", "created_at"),
            "Column public.content.created_at is timestamp without time zone: it stores a wall-clock time.",
        ),
    ]


def _twin_drift() -> list[Finding]:
    return [
        Finding.model_validate(
            {
                "category": "drift",
                "rule": "column.nullable",
                "severity": "error",
                "object_type": "column",
                "change": "changed",
                "attribute": "nullable",
                "path": ("public", "content", "title"),
                "against": against,
                "expected": False,
                "actual": True,
                "message": "Column public.content.title allows NULL.",
                "fix": "ALTER TABLE public.content ALTER COLUMN title SET NOT NULL;",
            }
        )
        for against in ("expected", "orm")
    ]


def test_junit_values_read_like_sql_not_python() -> None:
    xml = render(sample_report(), "junit")
    assert "actual: None" not in xml and "'character varying" not in xml
    assert "expected: character varying(255)\ndatabase: character varying(100)" in xml
    assert 'expected: {"data_type": "bigint"}\ndatabase: (absent)' in xml


def test_what_changed_since_last_night_comes_right_after_the_score() -> None:
    report = sample_report()
    for fmt in ("markdown", "html"):
        out = render(report, fmt, context=sample_context(report))
        changed = out.index("What changed since the last run")
        assert out.index("Health score") < changed < out.index("Drift findings")
        assert "looks like it holds a token in plain text" in out[changed:]
