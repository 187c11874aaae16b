-- Last values of a batch of sequences, computed the way the pg_sequences view computes them (NULL:
-- never used). Run as one autocommit statement per batch: pg_sequence_last_value() takes a lock on
-- each sequence that lasts until the transaction ends, and tens of thousands of them in one
-- transaction would fill the server's shared lock table for every session. A sequence dropped since
-- its oid was read is skipped (the relkind test reads the statement's own catalog snapshot).
SELECT c.oid,
       pg_catalog.pg_sequence_last_value(c.oid::regclass)
FROM unnest(%(oids)s::oid[]) AS u(oid)
JOIN pg_catalog.pg_class c ON c.oid = u.oid
WHERE c.relkind = 'S'
  AND NOT c.oid = ANY (%(skip)s::oid[])
