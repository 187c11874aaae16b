-- Sequences another session holds in a mode that blocks pg_sequence_last_value() (ALTER SEQUENCE,
-- DROP, LOCK): their positions are skipped rather than waited for. Read once, before the batches.
SELECT l.relation
FROM pg_catalog.pg_locks l
WHERE l.locktype = 'relation'
  AND l.granted
  AND l.pid <> pg_catalog.pg_backend_pid()
  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d
                    WHERE d.datname = pg_catalog.current_database())
  AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
  AND l.relation = ANY (%(oids)s::oid[])
