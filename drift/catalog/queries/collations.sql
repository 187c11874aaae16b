-- Collation names by oid, for columns and index keys that use a non-default collation.
SELECT c.oid, n.nspname, c.collname
FROM pg_catalog.pg_collation c
JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
