"""Sequence positions on PostgreSQL 13-17, read after the snapshot transaction in short statements.

(PostgreSQL 18's `pg_get_sequence_data()` keeps no lock: there, stats_sequences.sql reads the
positions inside the snapshot, and this module only reads those of sequences on which the role has
USAGE but not the SELECT that function wants.)

Why this exists: `pg_sequence_last_value()` (what the `pg_sequences` view uses) locks the sequence
until the transaction ends. Read inside the reflection's one long transaction, a database with tens
of thousands of sequences would hold that many locks at once and fill the server's shared lock table
("out of shared memory", for every session on the server, not only drift's). A sequence's position is
not transactional anyway, so reading it outside the snapshot loses nothing: each batch of
`BATCH_SIZE` sequences is one autocommit statement whose locks go when it ends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import errors

from drift.catalog.sql import QueryBuilder

# Locks held at once by one batch. The server's lock table has room for max_locks_per_transaction
# (64 by default) times max_connections (100) locks in all, shared by every session.
BATCH_SIZE = 200

# What costs a batch its positions rather than the whole reflection: a lock taken after
# sequence_locks.sql looked, a privilege revoked meanwhile, a sequence dropped between the
# statement's relkind test and its lock ("could not open relation", XX000), a statement timeout.
_BATCH_FAILURES = (
    errors.LockNotAvailable,
    errors.InsufficientPrivilege,
    errors.QueryCanceled,
    errors.InternalError_,
)


@dataclass
class Positions:
    """Last values by sequence oid (None: never used); what could not be read, said in `notes`."""

    values: dict[int, int | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Every sequence whose position was asked for, read or not (locked, failed).
    attempted: set[int] = field(default_factory=set)

    def update(self, other: Positions) -> None:
        self.values.update(other.values)
        self.notes.extend(other.notes)
        self.attempted.update(other.attempted)


def start_reading_positions(
    open_session: Callable[[], psycopg.Connection[Any]], builder: QueryBuilder, schema_oids: list[int]
) -> Future[Positions | None]:
    """Read the positions of the sequences in `schema_oids` on a session of its own, in a thread,
    while the reflection runs (a large catalog before PostgreSQL 18: the batches would otherwise
    add their time after it). The result is None when that session cannot be had or fails; the
    reflection then reads them itself afterwards."""
    future: Future[Positions | None] = Future()

    def run() -> None:
        try:
            with open_session() as conn:
                conn.autocommit = True
                oids = [row[0] for row in _rows(conn, builder, "sequence_oids", {"schema_oids": schema_oids})]
                future.set_result(read_positions(conn, builder, oids))
        except Exception:
            future.set_result(None)

    threading.Thread(target=run, name="drift-sequence-positions", daemon=True).start()
    return future


def read_positions(
    conn: psycopg.Connection[Any],
    builder: QueryBuilder,
    oids: Sequence[int],
    say: Callable[[str], None] | None = None,
) -> Positions:
    """The last values of the sequences `oids`, in autocommit statements of BATCH_SIZE sequences on
    `conn` (which must be idle; its autocommit setting is restored). A sequence another session
    holds locked (ALTER SEQUENCE) is skipped, not waited for; a batch that fails all the same (lock
    timeout, a permission revoked meanwhile) costs only its own positions. A lost connection raises."""
    positions = Positions(attempted=set(oids))
    if not oids:
        return positions
    if say is not None:
        say("reading sequence positions…")
    autocommit = conn.autocommit
    conn.autocommit = True
    try:
        locked = [row[0] for row in _rows(conn, builder, "sequence_locks", {"oids": list(oids)})]
        failed: list[str] = []
        unread = 0
        for start in range(0, len(oids), BATCH_SIZE):
            batch = list(oids[start : start + BATCH_SIZE])
            try:
                rows = _rows(conn, builder, "sequence_positions", {"oids": batch, "skip": locked})
            except _BATCH_FAILURES as exc:
                unread += len(batch)
                failed.append(_first_line(exc))
                continue
            positions.values.update(rows)
    finally:
        if not conn.closed and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            conn.autocommit = autocommit
    if locked:
        many = len(locked) > 1
        positions.notes.append(
            f"The last value of {len(locked)} sequence{'s' if many else ''} was not read: another "
            f"session held {'them' if many else 'it'} locked (ALTER SEQUENCE or DROP in progress)."
        )
    if unread:
        positions.notes.append(f"The last value of {unread} sequences was not read: {failed[0]}.")
    if say is not None:
        say(f"reading sequence positions… {len(positions.values)}")
    return positions


def _rows(
    conn: psycopg.Connection[Any], builder: QueryBuilder, name: str, params: dict[str, Any]
) -> list[tuple[Any, ...]]:
    with conn.cursor(binary=True) as cur:
        cur.execute(builder.build(name), params)
        return cur.fetchall()


def _first_line(exc: psycopg.Error) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
