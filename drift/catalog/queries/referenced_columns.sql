-- Names of tables outside the chosen schemas that foreign keys point to, and of their columns.
-- Run only when such a foreign key exists; %(oids)s are the referenced tables' oids.
SELECT c.oid, n.nspname, c.relname, a.attnum, a.attname
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.oid = ANY (%(oids)s::oid[])
