"""The text renderer in a terminal: headlines instead of paragraphs, rows wrapped to the width, and
three-way rows worded as sentences."""

from __future__ import annotations

import pytest
from report_samples import sample_context, sample_report

from drift.model import Finding
from drift.report import render
from drift.report.grouping import FindingRow, SideBySide
from drift.report.text import before_colon, first_sentence, headline, without_subject

FK_MESSAGE = (
    "Foreign key content_user_id_users_id_fk on public.content (user_id) references public.users but "
    "no valid index on public.content starts with (user_id): every DELETE on public.users cascades "
    "into a sequential scan of public.content, and joins on (user_id) cannot use an index."
)
TIMESTAMP_MESSAGE = (
    "Column public.content.created_at is timestamp without time zone: it stores a wall-clock time "
    "with no zone, so the same instant reads differently from sessions or servers in other time "
    "zones, and daylight-saving changes produce ambiguous or impossible values. timestamp with time "
    "zone stores the instant."
)
SEQUENCE_MESSAGE = (
    "Column public.content.id is integer and takes its values from public.content_id_seq: inserts "
    "start failing once it passes 2,147,483,647. 12,000 is taken so far (0.00%). bigint costs 4 "
    "more bytes per row and never runs out."
)


def _advice(rule: str, object_type: str, path: tuple[str, ...], message: str) -> Finding:
    return Finding.model_validate(
        {
            "category": "advice",
            "rule": rule,
            "severity": "warning",
            "object_type": object_type,
            "path": path,
            "message": message,
        }
    )


def _long_findings() -> list[Finding]:
    return [
        _advice(
            "fk-without-index",
            "foreign_key",
            ("public", "content", "content_user_id_users_id_fk"),
            FK_MESSAGE,
        ),
        _advice(
            "timestamp-without-timezone", "column", ("public", "content", "created_at"), TIMESTAMP_MESSAGE
        ),
        _advice("sequence-exhaustion", "column", ("public", "content", "id"), SEQUENCE_MESSAGE),
    ]


@pytest.mark.parametrize(
    ("message", "sentence"),
    [
        ("One. Two.", "One"),
        ("Ends without a stop", "Ends without a stop"),
        ("Passes 2,147,483,647. 12,000 is taken.", "Passes 2,147,483,647"),
        ("Use a hash, e.g. Argon2. Then rest.", "Use a hash, e.g. Argon2"),
        ("Column public.users.email is text. More.", "Column public.users.email is text"),
        ("It is 1.5 days old. More.", "It is 1.5 days old"),
    ],
)
def test_first_sentence(message: str, sentence: str) -> None:
    assert first_sentence(message) == sentence


@pytest.mark.parametrize(
    ("sentence", "head"),
    [
        ("Table public.t needs maintenance: 10 dead rows", "Table public.t needs maintenance"),
        ("Default 'a: b' differs from the model", "Default 'a: b' differs from the model"),
        ("Check (x IN ('a: b')) is NOT VALID: rows are unchecked", "Check (x IN ('a: b')) is NOT VALID"),
        ("short: x", "short: x"),  # too little before the colon to stand alone
    ],
)
def test_before_colon_keeps_brackets_and_quotes_whole(sentence: str, head: str) -> None:
    assert before_colon(sentence) == head


def test_without_subject_drops_the_object_the_label_already_names() -> None:
    fk, ts, _ = _long_findings()
    # 'on public.content' goes too: the group heading names the table.
    assert without_subject(FK_MESSAGE, fk).startswith("(user_id) references public.users")
    assert without_subject(TIMESTAMP_MESSAGE, ts).startswith("is timestamp without time zone:")
    other = _advice("x", "column", ("public", "users", "email"), "Column public.content.id is odd.")
    assert without_subject(other.message, other) == other.message  # a different object stays named


def test_headline_is_the_first_sentence_cut_before_its_explanation_when_too_long() -> None:
    fk, ts, seq = _long_findings()
    assert headline(FindingRow((ts,)), 60) == "is timestamp without time zone"
    assert headline(FindingRow((seq,)), 60) == "is integer and takes its values from public.content_id_seq"
    long_room = headline(FindingRow((seq,)), 500)
    assert long_room.endswith("inserts start failing once it passes 2,147,483,647")
    assert "12,000" not in long_room  # only the first sentence
    assert headline(FindingRow((fk,)), 60).endswith("no valid index on public.content starts with (user_id)")


@pytest.mark.parametrize("width", [80, 100, 120])
def test_text_rows_fit_the_width(width: int) -> None:
    report = sample_report(_long_findings())
    for verbose in (False, True):
        text = render(report, "text", width=width, verbose=verbose)
        long_lines = [line for line in text.splitlines() if len(line) > width and "fix" not in line]
        assert not long_lines, long_lines


def test_default_width_is_100_and_verbose_shows_the_whole_message() -> None:
    report = sample_report(_long_findings())
    text = render(report, "text")
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "daylight-saving" not in text and "12,000 is taken" not in text
    verbose = " ".join(render(report, "text", verbose=True).split())
    assert "daylight-saving changes produce ambiguous or impossible values." in verbose
    assert "12,000 is taken so far (0.00%)." in verbose


def test_markdown_and_html_keep_the_full_message() -> None:
    report = sample_report(_long_findings())
    assert "daylight-saving changes produce ambiguous" in render(report, "markdown")
    assert "daylight-saving changes produce ambiguous" in render(report, "html")


def _pair(change: str, attribute: str | None, database: str, expected: str, model: str) -> FindingRow:
    base = {
        "category": "drift",
        "rule": "column.type",
        "severity": "error",
        "object_type": "column",
        "change": change,
        "attribute": attribute,
        "path": ("public", "users", "email"),
        "message": "m",
    }
    exp = Finding.model_validate({**base, "against": "expected"})
    orm = Finding.model_validate({**base, "against": "orm"})
    return FindingRow((exp, orm), SideBySide(database, expected, model))


def test_three_way_rows_are_sentences() -> None:
    missing = _pair("missing", None, "(absent)", "x", "x").message
    assert missing == "absent from the database; the expected schema and the model both declare it"
    unexpected = _pair("unexpected", None, "x", "(absent)", "(absent)").message
    assert unexpected == "in the database; neither the expected schema nor the model declares it"
    agree = _pair("changed", "default", "'draft'", "'active'", "'active'").message
    assert agree == "default in the database differs from the expected schema and the model"
    differ = _pair("changed", "type", "varchar(100)", "varchar(255)", "text").message
    assert differ == "type differs between the database, the expected schema and the model"
    for row in (_pair("missing", None, "(absent)", "x", "x"), _pair("unexpected", None, "x", "-", "-")):
        assert not row.message.startswith(("missing", "unexpected"))


def test_text_with_a_catalog_states_the_inventory_and_rls() -> None:
    report = sample_report()
    text = render(report, "text", context=sample_context(report))
    assert "Schema: 3 tables, 8 columns, 1 foreign key (1 without an index)\n" in text
    assert (
        "Security: row-level security is enabled on 1 of 3 tables (forced on 1); 1 policy defined.\n" in text
    )
    assert "Schema:" not in render(report, "text")


def test_summary_mark_follows_the_worst_finding_not_a_cross_for_any_finding() -> None:
    fk, ts, _ = _long_findings()
    warning_only = render(sample_report([fk]), "text").splitlines()[-1]
    assert warning_only.startswith("! 0 errors, 1 warning")
    info = ts.model_copy(update={"severity": "info"})
    assert render(sample_report([info]), "text").splitlines()[-1].startswith("✓ 0 errors, 0 warnings, 1 info")
    assert render(sample_report(), "text").splitlines()[-1].startswith("✗ 6 errors")


@pytest.mark.parametrize("width", [80, 100])
def test_nightly_text_footer_has_statistics_age_and_score_by_area(width: int) -> None:
    report = sample_report()
    lines = render(report, "text", context=sample_context(report), width=width).splitlines()
    assert "Statistics: since the reset on 2026-02-12 02:30 UTC (30.0 days)" in lines
    score = next(i for i, line in enumerate(lines) if line.startswith("Health score: 6.9 / 10"))
    by_area = " ".join(lines[score : score + 3])
    assert "(integrity 9.0, indexing 8.0, security 9.0, maintenance 10.0)" in " ".join(by_area.split())
    assert all(len(line) <= width for line in lines[score : score + 3])
