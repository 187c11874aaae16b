"""`drift report`: formats to files, history between runs, and many targets with one unreachable."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg

from tests.cli.conftest import DriftRunner, assert_one_line_error


def _schema(conn: psycopg.Connection) -> None:
    conn.execute(
        b"CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL);"
        b"CREATE TABLE invoices (id serial PRIMARY KEY, account_id int REFERENCES accounts(id), total numeric)"
    )


def test_markdown_and_html_reports(
    pg_dsn: str, pg_conn: psycopg.Connection, drift_cli: DriftRunner, tmp_path: Path
) -> None:
    _schema(pg_conn)
    md = drift_cli("report", "--dsn", pg_dsn, "--format", "markdown", "--out", str(tmp_path / "r.md"))
    assert md.code == 0, md.err
    text = (tmp_path / "r.md").read_text()
    assert "fk-without-index" in text and "invoices" in text
    html = drift_cli("report", "--dsn", pg_dsn, "--format", "html", "--out", str(tmp_path / "r.html"))
    assert html.code == 0, html.err
    page = (tmp_path / "r.html").read_text()
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "<svg" in page and 'src="http' not in page and 'href="http' not in page


def test_history_lists_what_changed_since_the_last_run(
    pg_dsn: str, pg_conn: psycopg.Connection, drift_cli: DriftRunner, tmp_path: Path
) -> None:
    _schema(pg_conn)
    history = tmp_path / "history"
    first = drift_cli("report", "--dsn", pg_dsn, "--history", str(history), "--format", "json")
    assert first.code == 0, first.err
    pg_conn.execute(b"ALTER TABLE accounts ADD COLUMN region text; CREATE INDEX ON invoices (account_id)")
    second = drift_cli("report", "--dsn", pg_dsn, "--history", str(history), "--format", "markdown")
    assert second.code == 0, second.err
    assert "region" in second.out
    assert "since the last run" in second.out.lower() or "since the previous run" in second.out.lower()
    # The unindexed foreign key was fixed between the runs.
    assert "invoices" in second.out
    assert len([p for p in history.iterdir() if p.is_dir()]) == 2


def test_targets_one_unreachable(
    pg_dsn: str, pg_conn: psycopg.Connection, drift_cli: DriftRunner, tmp_path: Path
) -> None:
    _schema(pg_conn)
    targets = tmp_path / "targets.toml"
    targets.write_text(
        '[[target]]\nname = "main"\ndsn_env = "MAIN_DSN"\n\n'
        '[[target]]\nname = "gone"\ndsn = "postgresql://nobody:pw@127.0.0.1:1/none"\n',
        encoding="utf-8",
    )
    out = tmp_path / "reports"
    result = drift_cli(
        "report", "--targets", str(targets), "--format", "json", "--out", str(out), env={"MAIN_DSN": pg_dsn}
    )
    assert result.code == 2, result.err  # one target could not be checked
    index = (out / "index.md").read_text()
    assert "| [main](main.json) |" in index
    assert "gone" in index and "unreachable" in index
    assert "pw@" not in index
    report = json.loads((out / "main.json").read_text())
    assert report["target"]["database"] == pg_dsn.rsplit("/", 1)[1]
    assert not (out / "gone.json").exists()


def test_report_bad_targets_file(drift_cli: DriftRunner, tmp_path: Path) -> None:
    bad = tmp_path / "targets.toml"
    bad.write_text('[[target]]\nname = "x"\ndsn = "postgresql://a/b"\ncolour = "red"\n', encoding="utf-8")
    assert_one_line_error(drift_cli("report", "--targets", str(bad)), "targets.toml")
    assert_one_line_error(drift_cli("report", "--targets", str(tmp_path / "missing.toml")), "not found")
