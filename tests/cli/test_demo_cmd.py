"""`drift demo` off a terminal: a throwaway server, the Renexus example with drift, a text report."""

from __future__ import annotations

import re
import socket

from tests.cli.conftest import DriftRunner


def test_demo_prints_the_drift_and_cleans_up(drift_cli: DriftRunner) -> None:
    result = drift_cli("demo")
    assert result.code == 0, result.err
    out = result.out
    # The five kinds of drift the demo introduces, each found.
    assert "hotfix_retry_count" in out
    assert "IDX_session_expire" in out
    assert "content_metrics_content_id_content_id_fk" in out
    assert "'draft'" in out  # the changed default
    assert "character varying(120)" in out
    # Health advice from the same run, and a score.
    assert "fk-without-index" in out or "no valid index" in out
    assert "Health score" in out
    # The server it started is gone.
    match = re.search(r"127\.0\.0\.1:(\d+)", result.err)
    assert match, result.err
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", int(match.group(1)))) != 0
