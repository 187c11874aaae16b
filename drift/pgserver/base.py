"""What every PostgreSQL server drift's tests and tools use looks like: the `PgServer` interface.

Why this exists: fixtures, the demo and the migrations' scratch databases do not care whether the
server is a throwaway one drift started or one somebody else runs; they need its address, a login
and a way to make and drop databases. That contract, its error type and the URL builder both kinds
of server share live here, apart from the machinery that starts a server.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from urllib.parse import quote, urlencode

import psycopg
from psycopg import sql


class PgServerError(RuntimeError):
    """A PostgreSQL server could not be found, started or reached."""


def postgres_url(
    host: str,
    port: int,
    dbname: str,
    user: str,
    password: str | None,
    query: Mapping[str, str] | None = None,
) -> str:
    """A `postgresql://` URL with every part quoted; a socket directory goes in `?host=`."""
    auth = quote(user, safe="")
    if password is not None:
        auth += ":" + quote(password, safe="")
    params = dict(query or {})
    if host.startswith("/"):  # a socket directory cannot go in the authority part
        params["host"] = host
        host = ""
    suffix = f"?{urlencode(params)}" if params else ""
    return f"postgresql://{auth}@{host}:{port}/{quote(dbname, safe='')}{suffix}"


class PgServer(ABC):
    """What tests and tools need from any PostgreSQL server: where it is and how to log in."""

    @property
    @abstractmethod
    def host(self) -> str: ...

    @property
    @abstractmethod
    def port(self) -> int: ...

    @property
    @abstractmethod
    def superuser(self) -> str: ...

    @property
    @abstractmethod
    def password(self) -> str | None: ...

    @property
    @abstractmethod
    def version(self) -> int:
        """The major version, e.g. 18."""

    @abstractmethod
    def dsn(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        """A `postgresql://` URL. `user` defaults to the superuser; `password` defaults to the
        superuser's password when connecting as the superuser, else none."""

    def create_database(self, name: str, *, template: str | None = None) -> None:
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with psycopg.connect(self.dsn(), autocommit=True, connect_timeout=10) as conn:
            conn.execute(query)

    def drop_database(self, name: str) -> None:
        """Drop `name` if it exists, disconnecting its sessions first."""
        force = sql.SQL(" WITH (FORCE)") if self.version >= 13 else sql.SQL("")
        query = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)) + force
        with psycopg.connect(self.dsn(), autocommit=True, connect_timeout=10) as conn:
            conn.execute(query)
