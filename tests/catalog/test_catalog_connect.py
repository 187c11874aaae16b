"""DSN handling (no server needed) and connection failures: one line, exit 2, never the password."""

from __future__ import annotations

import socket

import pytest

from drift.catalog.connect import connect, mask_dsn, resolve_dsn, scrub
from drift.errors import ConnectError


@pytest.mark.parametrize(
    ("dsn", "masked"),
    [
        ("postgresql://app:s3cr3t@db.example.com:5432/prod", "postgresql://app:***@db.example.com:5432/prod"),
        ("postgres://app@db/prod", "postgres://app@db/prod"),
        ("postgresql://app:p%40ss@db/prod?sslmode=require", "postgresql://app:***@db/prod?sslmode=require"),
        ("postgresql://app:p@ss:w/rd@db/prod", "postgresql://app:***@db/prod"),
        ("postgresql://app:pw@h1:5432,h2:5433/prod", "postgresql://app:***@h1:5432,h2:5433/prod"),
        ("postgresql:///prod?user=app&password=hunter2&sslmode=verify-full",
         "postgresql:///prod?user=app&password=***&sslmode=verify-full"),
        ("postgresql://db/prod?sslpassword=k3y", "postgresql://db/prod?sslpassword=***"),
        ("host=db user=app password=s3cr3t dbname=prod", "host=db user=app password=*** dbname=prod"),
        ("host=db password = 'it\\'s a \\\\ secret' dbname=prod", "host=db password = *** dbname=prod"),
        ("host=db password='a b c' dbname=prod", "host=db password=*** dbname=prod"),
        ("host=db dbname=prod", "host=db dbname=prod"),
        ("", ""),
    ],
)  # fmt: skip
def test_mask_dsn(dsn: str, masked: str) -> None:
    assert mask_dsn(dsn) == masked


def test_resolve_dsn_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DRIFT_DSN", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert resolve_dsn(None) == ""
    monkeypatch.setenv("DATABASE_URL", "postgresql:///from_database_url")
    assert resolve_dsn(None) == "postgresql:///from_database_url"
    monkeypatch.setenv("DRIFT_DSN", "postgresql:///from_drift_dsn")
    assert resolve_dsn(None) == "postgresql:///from_drift_dsn"
    assert resolve_dsn("postgresql:///from_flag") == "postgresql:///from_flag"


def test_scrub_removes_passwords_libpq_might_echo() -> None:
    dsn = "postgresql://app:sec ret1@db/prod"
    assert scrub('unexpected spaces found in "sec ret1"', dsn) == 'unexpected spaces found in "***"'


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("dsn", "fragment"),
    [
        ("postgres:/app:hunter22@db/prod", "invalid connection string"),
        ("host=db password=hunter22 oops", "invalid connection string"),
        ("host=db password=hunter22 passwrd=x", 'invalid connection option "passwrd"'),
        ("postgresql://app:hunter22 x@db/prod", "invalid connection string"),
        ("postgresql://app:hunter22@db/prod?bogus=1", 'invalid URI query parameter: "bogus"'),
    ],
)
def test_malformed_dsn(dsn: str, fragment: str) -> None:
    with pytest.raises(ConnectError) as caught:
        connect(dsn)
    message = str(caught.value)
    assert fragment in message
    assert "hunter22" not in message
    assert "\n" not in message


def test_server_down() -> None:
    port = _closed_port()
    with pytest.raises(ConnectError) as caught:
        connect(f"postgresql://app:hunter22@127.0.0.1:{port}/prod")
    message = str(caught.value)
    assert message == (
        f"cannot connect to 127.0.0.1:{port}/prod: connection refused: is the server running and "
        "accepting TCP/IP connections on that host and port?"
    )


def test_unknown_host() -> None:
    with pytest.raises(ConnectError) as caught:
        connect("postgresql://app:hunter22@no-such-host.invalid/prod")
    message = str(caught.value)
    assert "unknown host" in message and "hunter22" not in message


@pytest.mark.parametrize("password", ["Hunter@22xyz", "pw@x", "a@b@longer-tail"])
def test_an_unencoded_at_in_the_password_never_shows_its_tail(password: str) -> None:
    # libpq ends the user info at the first '@', so the rest of the password becomes the start of
    # the host name, which its message and drift's target would both print.
    port = _closed_port()
    with pytest.raises(ConnectError) as caught:
        connect(f"postgresql://app:{password}@127.0.0.1:{port}/prod?connect_timeout=3")
    message = str(caught.value)
    for piece in password.split("@"):
        assert f"{piece}@" not in message and f"{piece}:" not in message, message
    assert message.startswith(f"cannot connect to ***@127.0.0.1:{port}/prod: ")
    assert message.endswith("(an '@' in the user name or password of a URL must be written %40)")
    assert "\n" not in message
