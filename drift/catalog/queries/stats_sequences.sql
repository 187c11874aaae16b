-- The sequences whose positions the usage statistics report: identity sequences included, running
-- out of one is as fatal as running out of a serial's. Their last values are read afterwards, outside
-- this transaction (sequence_positions.sql): pg_sequence_last_value() locks each sequence until the
-- transaction ends. `visible`: this role has SELECT or USAGE on it, else its position stays unknown.
SELECT c.oid,
       n.nspname,
       c.relname,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       s.seqmin,
       s.seqmax,
       s.seqincrement,
       pg_catalog.has_sequence_privilege(c.oid, 'SELECT, USAGE') AS visible
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
