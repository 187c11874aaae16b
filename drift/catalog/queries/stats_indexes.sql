-- Per-index usage counters and sizes ({{size}}; NULL when re-run after a lock timeout).
SELECT n.nspname,
       c.relname,
       ic.relname AS index_name,
       s.idx_scan,
       s.idx_tup_read,
       {{size}} AS size_bytes
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_user_indexes s ON s.indexrelid = i.indexrelid
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'm')
