-- Per-table usage counters (since stats_reset) and sizes. Sizes come from {{sizes}}: the size
-- functions take an ACCESS SHARE lock per relation, so when a migration holds a table's lock
-- past lock_timeout the query is re-run with sizes left NULL.
SELECT n.nspname,
       c.relname,
       s.seq_scan,
       s.seq_tup_read,
       s.idx_scan,
       s.n_live_tup,
       s.n_dead_tup,
       s.n_mod_since_analyze,
       s.last_vacuum,
       s.last_autovacuum,
       s.last_analyze,
       s.last_autoanalyze,
       {{sizes}},
       CASE WHEN c.relkind IN ('r', 'm') THEN age(c.relfrozenxid) END AS xid_age
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'm')
