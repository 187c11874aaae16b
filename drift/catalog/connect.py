"""Opening a production-safe session, and saying in one line why one could not be opened.

drift connects to production databases, so the session it opens is read-only by default
(`default_transaction_read_only`), bounded in time (`statement_timeout`, `lock_timeout`,
`idle_in_transaction_session_timeout`) and labelled (`application_name`) so a DBA can see it in
`pg_stat_activity`. The settings are applied with one `set_config()` query after connecting rather
than as startup `options`, because connection poolers such as PgBouncer reject unknown startup
parameters, and because a DSN's own `options` (or `$PGOPTIONS`) must keep working.

Passwords never leave this module: every message is built from `mask_dsn()` and scrubbed of the
password, whatever libpq chose to echo.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from drift.errors import ConnectError

__all__ = ["ConnectError", "connect", "mask_dsn", "resolve_dsn"]

MASK = "***"
DEFAULT_CONNECT_TIMEOUT = 10
IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_URL_PASSWORD_PARAM = re.compile(r"(?P<key>[?&](?:ssl)?password=)[^&#]*", re.IGNORECASE)
# password=... in a key=value string: a single-quoted value (with \' escapes) or a bare word.
_KV_PASSWORD = re.compile(r"(?P<key>\b(?:ssl)?password\s*=\s*)(?:'(?:[^'\\]|\\.)*'|[^\s']+)", re.IGNORECASE)


def resolve_dsn(dsn: str | None) -> str:
    """`dsn` if given, else `$DRIFT_DSN`, else `$DATABASE_URL`, else "" (libpq then reads PGHOST,
    PGDATABASE, ..., ~/.pgpass and service files itself)."""
    for candidate in (dsn, os.environ.get("DRIFT_DSN"), os.environ.get("DATABASE_URL")):
        if candidate and candidate.strip():
            return candidate.strip()
    return ""


def mask_dsn(dsn: str) -> str:
    """The DSN with every password replaced by `***`: in a URL's user info, in `?password=` (and
    `sslpassword=`) query parameters, and in `password=` of a key=value string."""
    if not dsn:
        return dsn
    scheme = _URL_SCHEME.match(dsn)
    if scheme is None:
        return _KV_PASSWORD.sub(lambda m: m["key"] + MASK, dsn)
    rest = dsn[scheme.end() :]
    # The user info ends at the last '@' before the query string: an unencoded '@', ':' or '/'
    # in a password still gets masked whole (at worst a little too much is masked).
    before_query = re.split(r"[?#]", rest, maxsplit=1)[0]
    if "@" in before_query:
        userinfo, _, _ = before_query.rpartition("@")
        if ":" in userinfo:
            user = userinfo.split(":", 1)[0]
            rest = f"{user}:{MASK}" + rest[len(userinfo) :]
    return scheme.group(0) + _URL_PASSWORD_PARAM.sub(lambda m: m["key"] + MASK, rest)


def _url_userinfo(dsn: str) -> str:
    """A URL's user info as the user meant it: up to the last '@' before the query string (libpq
    stops at the first, so an unencoded '@' in a password puts the rest into the host name)."""
    scheme = _URL_SCHEME.match(dsn)
    if scheme is None:
        return ""
    return re.split(r"[?#]", dsn[scheme.end() :], maxsplit=1)[0].rpartition("@")[0]


def _passwords_in(dsn: str) -> Iterator[str]:
    """Every string in `dsn` that may be a password, to scrub from messages libpq echoes."""
    userinfo = _url_userinfo(dsn)
    if ":" in userinfo:
        password = userinfo.split(":", 1)[1]
        yield password
        # What libpq took for the password, and the pieces it took for the start of the host.
        yield from password.split("@")
    for m in re.finditer(r"[?&](?:ssl)?password=([^&#]*)", dsn, re.IGNORECASE):
        yield m.group(1)
    for m in re.finditer(r"\b(?:ssl)?password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']+)", dsn, re.IGNORECASE):
        yield m.group(1).strip("'")
    with_env = os.environ.get("PGPASSWORD")
    if with_env:
        yield with_env


def scrub(message: str, dsn: str) -> str:
    """`message` with any password from `dsn` (raw or URL-decoded) replaced by `***`."""
    from urllib.parse import unquote

    for secret in _passwords_in(dsn):
        for variant in {secret, unquote(secret)}:
            if not variant or variant == MASK:
                continue
            # A piece of a password with an unencoded '@' reaches libpq's messages as the start
            # of a host name ('unknown host "piece@db"'): masked whatever its length.
            message = message.replace(variant + "@", MASK + "@")
            # Otherwise libpq never echoes a password outside malformed-DSN errors (redacted
            # separately), so very short ones are left alone rather than garbling every message.
            if len(variant) >= 4:
                message = message.replace(variant, MASK)
    if dsn and dsn in message:
        message = message.replace(dsn, mask_dsn(dsn))
    return message


def describe_target(dsn: str) -> str:
    """A short, password-free name for the server: `host:port/dbname` where known."""
    try:
        params = conninfo_to_dict(dsn) if dsn else {}
    except psycopg.Error:
        return mask_dsn(dsn) or "the default database"
    host = str(params.get("host") or params.get("hostaddr") or os.environ.get("PGHOST") or "")
    if "@" in host:  # the tail of a password with an unencoded '@' (see _url_userinfo)
        host = f"{MASK}@{host.rpartition('@')[2]}"
    port = str(params.get("port") or os.environ.get("PGPORT") or "5432")
    dbname = str(params.get("dbname") or os.environ.get("PGDATABASE") or "")
    if not host or host.startswith("/"):  # libpq's default: the local Unix socket
        where = f"the local socket{' in ' + host if host else ''} (port {port})"
        return f"{where}, database {dbname}" if dbname else where
    return f"{host}:{port}/{dbname}" if dbname else f"{host}:{port}"


def _first_line(text: str) -> str:
    for line in text.strip().splitlines():
        line = line.strip()
        if line:
            return line
    return text.strip()


# (pattern in libpq's message, one-line explanation); the first match wins.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (
            r"password authentication failed for user \"([^\"]*)\"",
            'password authentication failed for user "{0}" (wrong password, or no such role)',
        ),
        (
            r"no password supplied",
            "the server wants a password and none was given (put it in the URL, $PGPASSWORD or ~/.pgpass)",
        ),
        (r"role \"([^\"]*)\" does not exist", 'role "{0}" does not exist'),
        (r"database \"([^\"]*)\" does not exist", 'database "{0}" does not exist'),
        (
            r"permission denied for database \"?([^\"\s]*)\"?",
            'permission denied for database "{0}" (the role lacks CONNECT on it)',
        ),
        (r"not permitted to log in", "the role is not permitted to log in"),
        (r"no pg_hba\.conf entry", "the server's pg_hba.conf does not allow this connection"),
        (r"could not translate host name \"([^\"]*)\"", 'unknown host "{0}"'),
        (r"failed to resolve host '([^']*)'", 'unknown host "{0}"'),
        (
            r"Name or service not known|nodename nor servname|Temporary failure in name resolution",
            "unknown host",
        ),
        (
            r"Connection refused",
            "connection refused: is the server running and accepting TCP/IP "
            "connections on that host and port?",
        ),
        (
            r"No such file or directory.*\n?.*Unix domain socket|Is the server running locally",
            "no server is listening on the local socket",
        ),
        (r"timeout expired|timed out", "timed out while connecting"),
        (r"too many connections|remaining connection slots", "the server has no free connection slots"),
        (
            r"the database system is (starting up|shutting down|in recovery mode)",
            "the database system is {0}",
        ),
    )
)


def explain_connect_failure(exc: BaseException, dsn: str) -> str:
    """One line: what failed, where, and why, never containing the password."""
    raw = str(exc)
    reason = None
    for pattern, template in _REASONS:
        found = pattern.search(raw)
        if found:
            reason = template.format(*found.groups()) if found.groups() else template
            break
    if reason is None:
        reason = re.sub(
            r"^(connection failed: )?connection to server "
            r"(at \"[^\"]*\"( \([^)]*\))?, port \d+|on socket \"[^\"]*\") failed: ",
            "",
            _first_line(raw),
        )
    if "@" in _url_userinfo(dsn):
        reason += " (an '@' in the user name or password of a URL must be written %40)"
    return scrub(f"cannot connect to {describe_target(dsn)}: {reason}", dsn)


def _redact_parse_error(message: str) -> str:
    """libpq quotes the offending piece of a malformed DSN, which may be (part of) a password:
    keep only quoted option names, replace every other quoted fragment with `…`."""
    keeps_name = re.search(r"invalid connection option|invalid URI query parameter", message)

    def redact(m: re.Match[str]) -> str:
        fragment = m.group(1)
        if fragment in ("=", "]") or (keeps_name and re.fullmatch(r"[A-Za-z_]+", fragment)):
            return m.group(0)
        return '"…"'

    return re.sub(r'"([^"]*)"', redact, message)


def milliseconds(seconds: float) -> str:
    """A timeout for the server: 0 disables it, and any positive value stays a limit (at least
    1 ms; rounding 0.0004 s down to 0 would have meant no limit at all)."""
    return f"{max(1, round(seconds * 1000)) if seconds > 0 else 0}ms"


def _session_settings(statement_timeout: float, lock_timeout: float) -> list[tuple[str, str]]:
    return [
        ("default_transaction_read_only", "on"),
        ("statement_timeout", milliseconds(statement_timeout)),
        ("lock_timeout", milliseconds(lock_timeout)),
        ("idle_in_transaction_session_timeout", f"{IDLE_IN_TRANSACTION_TIMEOUT_MS}ms"),
    ]


def connect(
    dsn: str | None,
    *,
    statement_timeout: float = 30.0,
    lock_timeout: float = 2.0,
    application_name: str = "drift",
) -> psycopg.Connection[tuple[object, ...]]:
    """A read-only, time-bounded session to `dsn` (resolved with `resolve_dsn`).

    Timeouts are in seconds (0 disables one). Every failure becomes a `ConnectError` whose message
    is one line without the password.
    """
    target = resolve_dsn(dsn)
    try:
        params = conninfo_to_dict(target) if target else {}
    except psycopg.ProgrammingError as exc:
        reason = scrub(_redact_parse_error(_first_line(str(exc))), target)
        raise ConnectError(
            f"invalid connection string: {reason} "
            "(use postgresql://user:password@host:port/dbname or 'host=... dbname=...')"
        ) from None
    extra: dict[str, str | int] = {"application_name": application_name}
    if "connect_timeout" not in params and not os.environ.get("PGCONNECT_TIMEOUT"):
        extra["connect_timeout"] = DEFAULT_CONNECT_TIMEOUT
    try:
        conn = psycopg.connect(make_conninfo(target, **extra), autocommit=True)
    except psycopg.Error as exc:
        raise ConnectError(explain_connect_failure(exc, target)) from None
    except OSError as exc:  # e.g. name resolution done in Python by some psycopg versions
        raise ConnectError(explain_connect_failure(exc, target)) from None
    try:
        settings = _session_settings(statement_timeout, lock_timeout)
        names = [name for name, _ in settings]
        values = [value for _, value in settings]
        conn.execute(
            "SELECT pg_catalog.set_config(name, value, false) FROM unnest(%s::text[], %s::text[]) "
            "AS s(name, value)",
            (names, values),
        )
    except psycopg.Error as exc:
        conn.close()
        where = describe_target(target)
        message = f"cannot configure the session on {where}: {_first_line(str(exc))}"
        raise ConnectError(scrub(message, target)) from None
    return conn
