-- Sequence positions, computed the way the pg_sequences view computes last_value (joining that
-- view by name costs seconds on thousands of sequences): NULL when the sequence was never used or
-- when this role has neither SELECT nor USAGE on it (told apart by `visible`). Identity sequences
-- are included: running out of one is as fatal as running out of a serial's.
SELECT n.nspname,
       c.relname,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       CASE WHEN pg_catalog.has_sequence_privilege(c.oid, 'SELECT, USAGE')
            THEN pg_catalog.pg_sequence_last_value(c.oid::regclass) END AS last_value,
       s.seqmin,
       s.seqmax,
       s.seqincrement,
       pg_catalog.has_sequence_privilege(c.oid, 'SELECT, USAGE') AS visible
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
