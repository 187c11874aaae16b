-- Sequence positions from pg_sequences, whose last_value is NULL when the sequence was never used
-- or when this role has neither SELECT nor USAGE on it (told apart by `visible`). Identity
-- sequences are included: running out of one is as fatal as running out of a serial's.
SELECT n.nspname,
       c.relname,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       ps.last_value,
       s.seqmin,
       s.seqmax,
       s.seqincrement,
       pg_catalog.has_sequence_privilege(c.oid, 'SELECT, USAGE') AS visible
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_sequences ps ON ps.schemaname = n.nspname AND ps.sequencename = c.relname
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
