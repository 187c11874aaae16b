-- The sequences whose positions the usage statistics report: identity sequences included, running
-- out of one is as fatal as running out of a serial's. `visible`: this role has SELECT or USAGE on
-- it, else its position stays unknown. `last_value` (NULL: never used) is read here where it can
-- be without keeping a lock (`in_snapshot`): PostgreSQL 18+, whose pg_get_sequence_data() wants
-- SELECT. Otherwise pg_sequence_last_value() would lock each sequence until the transaction ends,
-- so those positions are read after it, a batch at a time (sequence_positions.sql).
SELECT c.oid,
       n.nspname,
       c.relname,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       s.seqmin,
       s.seqmax,
       s.seqincrement,
       pg_catalog.has_sequence_privilege(c.oid, 'SELECT, USAGE') AS visible,
       {{sequence_data_readable}} AS in_snapshot,
       {{sequence_last_value}} AS last_value
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
