"""Running the bulk queries inside one read-only REPEATABLE READ transaction.

One transaction gives every query the same snapshot, so a migration committing halfway through a
reflection cannot produce a picture that never existed (a foreign key to a table that is not
there). Optional parts (statistics) run under a savepoint so that a permission or lock failure there
costs only that part.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from types import TracebackType
from typing import Any, Self

import psycopg
from psycopg import errors, sql
from psycopg.pq import TransactionStatus

from drift.catalog.sql import QueryBuilder
from drift.errors import ConnectError, DriftError, PermissionError_

Progress = Callable[[str], None]
Rows = list[tuple[Any, ...]]


class CatalogReader:
    """Runs named queries (`queries/<name>.sql`) on `conn` and reports progress."""

    def __init__(
        self, conn: psycopg.Connection[Any], builder: QueryBuilder, progress: Progress | None = None
    ) -> None:
        self._conn = conn
        self._builder = builder
        self._progress = progress
        self._savepoints = 0

    @property
    def server_version(self) -> int:
        return self._builder.server_version

    def say(self, message: str) -> None:
        if self._progress is not None:
            self._progress(message)

    def cancel(self) -> None:
        """Ask the server to cancel the query running on the connection, if any."""
        with suppress(Exception):
            self._conn.cancel_safe(timeout=5.0)

    def rows(
        self,
        name: str,
        params: Mapping[str, Any] | None = None,
        *,
        label: str | None = None,
        **fragments: str,
    ) -> Rows:
        """All rows of query `name`, as tuples in the column order of its .sql file."""
        if label:
            self.say(f"reading {label}…")
        with self._conn.cursor(binary=True) as cur:
            cur.execute(self._builder.build(name, **fragments), params or {})
            result: Rows = cur.fetchall()
        if label:
            self.say(f"reading {label}… {len(result)}")
        return result

    def try_rows(
        self,
        name: str,
        params: Mapping[str, Any] | None = None,
        *,
        label: str | None = None,
        **fragments: str,
    ) -> Rows | psycopg.Error:
        """Like `rows`, but a permission or lock-timeout failure is returned (and rolled back to a
        savepoint) instead of aborting the whole reflection."""
        self._savepoints += 1
        savepoint = f"drift_{self._savepoints}".encode()
        self._conn.execute(b"SAVEPOINT " + savepoint)
        try:
            result = self.rows(name, params, label=label, **fragments)
        except (errors.InsufficientPrivilege, errors.LockNotAvailable) as exc:
            self._conn.execute(b"ROLLBACK TO SAVEPOINT " + savepoint)
            return exc
        self._conn.execute(b"RELEASE SAVEPOINT " + savepoint)
        return result


# Settings fixed for the transaction (SET LOCAL). The first four change how the server prints
# types, expressions and timestamps, so the same database reflects to the same text whoever
# connects: names in `public` unqualified, others schema-qualified; timestamps in UTC; ISO dates.
# No parallel workers: catalog scans gain little from them and a monitoring tool should not take
# CPUs from the application.
_RENDERING_SETTINGS = (
    b"SELECT pg_catalog.set_config('search_path', 'public', true),"
    b" pg_catalog.set_config('TimeZone', 'UTC', true),"
    b" pg_catalog.set_config('DateStyle', 'ISO, YMD', true),"
    b" pg_catalog.set_config('IntervalStyle', 'postgres', true),"
    b" pg_catalog.set_config('max_parallel_workers_per_gather', '0', true)"
)


QueryResult = Rows | psycopg.Error


class QueryAborted(Exception):
    """The result of a query that was skipped because the reflection was abandoned."""


class QueryQueue:
    """Runs submitted queries one after the other on a background thread.

    The server works on the next query while this process turns the previous rows into models (the
    thread waits on the socket without the GIL), so a reflection takes about as long as the larger
    of the two instead of their sum. Still one connection and one transaction: the queries run in
    submission order. After a failure the transaction is aborted, so every later query fails too.
    """

    def __init__(self, reader: CatalogReader) -> None:
        self._reader = reader
        self._jobs: queue.SimpleQueue[tuple[Future[QueryResult], Callable[[], QueryResult]] | None]
        self._jobs = queue.SimpleQueue()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="drift-catalog-queries", daemon=True)
        self._thread.start()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is not None:
            self.abort()
        self.close()

    def abort(self) -> None:
        """Skip the queued queries and cancel the running one (Ctrl-C, or a failure while the
        models were being built): nobody will read their rows."""
        if self._failure is None:
            self._failure = QueryAborted("reflection aborted")
        if self._thread.is_alive():
            self._reader.cancel()

    def close(self) -> None:
        """Wait for the queries already submitted (the connection must be idle afterwards)."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def submit(
        self, name: str, params: Mapping[str, Any] | None = None, *, optional: bool = False, **fragments: str
    ) -> Future[QueryResult]:
        """Queue query `name`. With `optional`, a permission or lock-timeout failure becomes the
        result (see `CatalogReader.try_rows`) instead of an exception."""
        future: Future[QueryResult] = Future()
        run = self._reader.try_rows if optional else self._reader.rows
        self._jobs.put((future, lambda: run(name, params, **fragments)))
        return future

    def take(self, future: Future[QueryResult], label: str | None = None) -> QueryResult:
        """The result of a submitted query, waiting for it (with progress when `label`)."""
        if label:
            self._reader.say(f"reading {label}…")
        result = future.result()
        if label and not isinstance(result, psycopg.Error):
            self._reader.say(f"reading {label}… {len(result)}")
        return result

    def take_rows(self, future: Future[QueryResult], label: str | None = None) -> Rows:
        """Like `take`, for a query submitted without `optional` (its failures are raised)."""
        result = self.take(future, label)
        assert not isinstance(result, psycopg.Error)
        return result

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, run = job
            if self._failure is not None:
                future.set_exception(self._failure)
                continue
            try:
                future.set_result(run())
            except BaseException as exc:
                self._failure = exc
                future.set_exception(exc)


class QueryRouter:
    """Sends each query to one of two sessions' queues (the second one, when there is one, runs
    the queries named in `second_session`), so the server works on two queries at once."""

    def __init__(
        self, primary: QueryQueue, secondary: QueryQueue | None, second_session: frozenset[str]
    ) -> None:
        self._primary = primary
        self._secondary = secondary
        self._second_session = second_session

    def submit(
        self, name: str, params: Mapping[str, Any] | None = None, *, optional: bool = False, **fragments: str
    ) -> Future[QueryResult]:
        target = self._primary
        if self._secondary is not None and name in self._second_session:
            target = self._secondary
        return target.submit(name, params, optional=optional, **fragments)

    def take(self, future: Future[QueryResult], label: str | None = None) -> QueryResult:
        return self._primary.take(future, label)

    def take_rows(self, future: Future[QueryResult], label: str | None = None) -> Rows:
        return self._primary.take_rows(future, label)


@contextmanager
def snapshot_transaction(conn: psycopg.Connection[Any], snapshot: str | None = None) -> Iterator[None]:
    """One `REPEATABLE READ READ ONLY` transaction on `conn`, rolled back at the end (it wrote
    nothing). `conn` must be idle; its autocommit setting is restored afterwards. With `snapshot`
    (from `pg_export_snapshot()` in another session's open transaction) it sees exactly what that
    transaction sees."""
    if _status(conn) != TransactionStatus.IDLE:
        raise DriftError("cannot reflect on a connection with a transaction in progress")
    autocommit = conn.autocommit
    conn.autocommit = True  # so that BEGIN below is ours, with our isolation level
    try:
        conn.execute(b"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            if snapshot is not None:  # must come before any query of the transaction
                conn.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
            conn.execute(_RENDERING_SETTINGS)
            yield
        finally:
            # It wrote nothing, so ROLLBACK = COMMIT; a failure here must not hide the real one.
            if not conn.closed and _status(conn) != TransactionStatus.UNKNOWN:
                with suppress(psycopg.Error):
                    conn.execute(b"ROLLBACK")
    finally:
        if not conn.closed and _status(conn) == TransactionStatus.IDLE:
            conn.autocommit = autocommit


def _status(conn: psycopg.Connection[Any]) -> TransactionStatus:
    return conn.info.transaction_status


def explain_query_failure(exc: psycopg.Error, settings: Mapping[str, str]) -> DriftError:
    """One actionable line for a failure while reading the catalog."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, errors.QueryCanceled):
        limit = settings.get("statement_timeout", "the limit")
        return DriftError(
            f"reading the catalog took longer than statement_timeout ({limit}) and was cancelled; "
            "raise --statement-timeout or narrow the schemas with --schema"
        )
    if isinstance(exc, errors.LockNotAvailable):
        limit = settings.get("lock_timeout", "the limit")
        return DriftError(
            f"another session held a lock drift needed for longer than lock_timeout ({limit}), "
            "probably a migration running now; retry, or raise --lock-timeout"
        )
    if isinstance(exc, errors.InsufficientPrivilege):
        return PermissionError_(f"permission denied while reading the catalog: {first}")
    if isinstance(exc, errors.IdleInTransactionSessionTimeout | errors.AdminShutdown):
        return ConnectError(f"the server ended the session while reading the catalog: {first}")
    if isinstance(exc, errors.OutOfMemory) and "shared memory" in first:
        # The lock table is full: too many objects locked in one transaction (--exact-sizes on a
        # huge catalog) or by the server's sessions together. Not a lost connection.
        return DriftError(
            "the server ran out of shared memory for locks while drift read the catalog "
            f"({first}); raise max_locks_per_transaction on the server, narrow the schemas with "
            "--schema, or leave out --exact-sizes"
        )
    if isinstance(exc, errors.OutOfMemory):
        return DriftError(f"the server ran out of memory while drift read the catalog: {first}")
    if isinstance(exc, psycopg.OperationalError):
        return ConnectError(f"lost the connection while reading the catalog: {first}")
    return DriftError(f"reading the catalog failed: {first}")
