-- Per-index usage counters (the pg_stat_get_* functions pg_stat_user_indexes is defined with) and
-- size: {{index_size}}, i.e. pg_total_relation_size of the index (all its forks, what
-- pg_indexes_size sums), or by default relpages as of the last VACUUM / ANALYZE / CREATE INDEX
-- (the exact size only where the table was never vacuumed or analyzed).
SELECT n.nspname,
       c.relname,
       ic.relname AS index_name,
       pg_catalog.pg_stat_get_numscans(i.indexrelid) AS idx_scan,
       pg_catalog.pg_stat_get_tuples_returned(i.indexrelid) AS idx_tup_read,
       {{index_size}} AS size_bytes
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'm')
