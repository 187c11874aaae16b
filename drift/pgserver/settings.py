"""How a throwaway cluster is made and run: initdb's options and the server settings for tests.

Why this exists: these choices are shared by the server class and the template cache (initdb's
options are part of a template's identity), and a reader looking for "why is fsync off in the
tests" should find them in one short place.
"""

from __future__ import annotations

from collections.abc import Mapping

LOOPBACK = "127.0.0.1"

# Durability off, small memory, English messages, UTC: a server for tests, not for data.
# autovacuum is off so usage statistics only change when a test changes them.
TEST_SETTINGS: Mapping[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "16MB",
    "max_connections": "100",
    "track_counts": "on",
    "autovacuum": "off",
    "jit": "off",
    "log_min_messages": "warning",
    "lc_messages": "C",
    "TimeZone": "UTC",
    "log_timezone": "UTC",
}

# The options of every initdb run. With the superuser's name and the binaries they make the
# template cache's key: anything else that changed initdb's result would have to go there too.
INITDB_OPTIONS = (
    "--auth-local=trust", "--auth-host=scram-sha-256",
    "--encoding=UTF8", "--locale=C", "--no-sync",
)  # fmt: skip
# (No --no-instructions: PostgreSQL 13's initdb does not know it, and its output is captured.)
