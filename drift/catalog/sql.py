"""The bulk catalog queries: loaded from `queries/*.sql`, adapted to the server's major version.

Each `.sql` file is one query over one object kind with `%(name)s` parameters (bound arrays of schema
oids, never interpolated names). Version differences are `{{fragment}}` placeholders that
`QueryBuilder` fills in, so a file reads as plain SQL and the differences are listed in one place.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from drift.errors import DriftError

MIN_SERVER_VERSION = 130000  # PostgreSQL 13
SEQUENCE_DATA_VERSION = 180000  # pg_get_sequence_data()

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@cache
def load_query(name: str) -> str:
    """The text of `queries/<name>.sql`."""
    return (files("drift.catalog") / "queries" / f"{name}.sql").read_text(encoding="utf-8")


class QueryBuilder:
    """Renders queries for one server version (`server_version_num`, e.g. 150004)."""

    def __init__(self, server_version: int) -> None:
        if server_version < MIN_SERVER_VERSION:
            major = server_version // 10000
            minor = server_version // 100 % 100
            shown = f"{major}.{minor}" if major < 10 else str(major)
            raise DriftError(f"PostgreSQL {shown} is not supported: drift needs PostgreSQL 13 or later")
        self.server_version = server_version
        self.fragments: dict[str, str] = {
            # UNIQUE NULLS NOT DISTINCT: PostgreSQL 15+.
            "indnullsnotdistinct": "i.indnullsnotdistinct" if server_version >= 150000 else "false",
            # CHECK / FOREIGN KEY ... NOT ENFORCED: PostgreSQL 18+.
            "conenforced": "co.conenforced" if server_version >= 180000 else "true",
            # PRIMARY KEY / UNIQUE (..., x WITHOUT OVERLAPS), FOREIGN KEY (..., PERIOD x): 18+.
            "conperiod": "co.conperiod" if server_version >= 180000 else "false",
            # SQL-standard function bodies (BEGIN ATOMIC ... END, RETURN ...): PostgreSQL 14+.
            # reltuples is -1 until the first VACUUM / ANALYZE since PostgreSQL 14; before, 0 pages.
            "never_vacuumed": "c.reltuples < 0" if server_version >= 140000 else "c.relpages = 0",
            # A sequence's position without holding a lock on it: PostgreSQL 18+ (see
            # stats_sequences.sql and sequence_positions.py for earlier versions).
            "sequence_data_readable": (
                "pg_catalog.has_sequence_privilege(c.oid, 'SELECT')"
                if server_version >= SEQUENCE_DATA_VERSION
                else "false"
            ),
            "sequence_last_value": (
                "(SELECT CASE WHEN d.is_called THEN d.last_value END"
                " FROM pg_catalog.pg_get_sequence_data(c.oid) d)"
                if server_version >= SEQUENCE_DATA_VERSION
                else "NULL::int8"
            ),
            "sql_body": (
                "WHEN p.prosqlbody IS NOT NULL THEN pg_catalog.pg_get_function_sqlbody(p.oid)"
                if server_version >= 140000
                else ""
            ),
        }

    def build(self, name: str, **fragments: str) -> bytes:
        """The query `name` with its placeholders filled; bytes, as psycopg takes dynamic SQL."""
        values = {**self.fragments, **fragments}

        def fill(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in values:
                raise KeyError(f"query {name}.sql needs fragment {key!r}")
            return values[key]

        text = load_query(name)
        for _depth in range(3):  # fragments may contain placeholders themselves
            if "{{" not in text:
                break
            text = _PLACEHOLDER.sub(fill, text)
        return text.encode()
