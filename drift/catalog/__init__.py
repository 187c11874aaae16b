"""Live PostgreSQL -> `Snapshot` (structure + usage statistics), read-only and in bulk.

Public API: `reflect(dsn, ...)` connects and reflects; `reflect_connection(conn, ...)` does the same
on an open connection. Connection helpers (`resolve_dsn`, `mask_dsn`, `connect`) are in
`drift.catalog.connect`. How objects are rendered is documented in docs/catalog.md.
"""

from drift.catalog.reflect import reflect, reflect_connection

__all__ = ["reflect", "reflect_connection"]
