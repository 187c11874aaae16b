"""`ExistingServer`: a PostgreSQL someone else runs, behind the same interface as a throwaway one.

Why this exists: the test suite can run against a system PostgreSQL (another major version, or a
server CI provides) given only a superuser DSN; the fixtures then use it exactly like the server
drift starts itself.
"""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict

from drift.pgserver.base import PgServer, postgres_url


class ExistingServer(PgServer):
    """A server someone else runs, described by a superuser DSN (URL or key=value)."""

    def __init__(self, superuser_dsn: str) -> None:
        params = {k: str(v) for k, v in conninfo_to_dict(superuser_dsn).items() if v is not None}
        self._host = params.pop("host", "")
        self._port = int(params.pop("port", "5432"))
        self._superuser = params.pop("user", "postgres")
        self._password = params.pop("password", None)
        params.pop("dbname", None)
        self._extra = params
        with psycopg.connect(self.dsn(), connect_timeout=10) as conn:
            self._version = conn.info.server_version // 10000

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        return self._port

    @property
    def superuser(self) -> str:
        return self._superuser

    @property
    def password(self) -> str | None:
        return self._password

    @property
    def version(self) -> int:
        return self._version

    def dsn(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        user = user or self._superuser
        if password is None and user == self._superuser:
            password = self._password
        return postgres_url(self._host, self._port, dbname, user, password, self._extra)
