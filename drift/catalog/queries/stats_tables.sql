-- Per-table usage counters (since stats_reset), size and freeze age.
-- The counters are read with the pg_stat_get_* functions pg_stat_user_tables is defined with,
-- called directly: joining the view (which aggregates over pg_index) to a filtered pg_class makes
-- the planner choose a nested loop that grows with the square of the table count. Its idx_scan is
-- the sum of the table's index scans, added up client-side from stats_indexes.sql.
-- table_bytes is {{table_size}}: either pg_table_size (heap + TOAST + maps), or by default the
-- same from relpages as of the last VACUUM / ANALYZE / CREATE INDEX (no lock, no file access;
-- pg_table_size only for tables never vacuumed or analyzed). The total with indexes is summed
-- client-side, because pg_total_relation_size re-opens every index.
SELECT n.nspname,
       c.relname,
       pg_catalog.pg_stat_get_numscans(c.oid) AS seq_scan,
       pg_catalog.pg_stat_get_tuples_returned(c.oid) AS seq_tup_read,
       pg_catalog.pg_stat_get_live_tuples(c.oid) AS n_live_tup,
       pg_catalog.pg_stat_get_dead_tuples(c.oid) AS n_dead_tup,
       pg_catalog.pg_stat_get_mod_since_analyze(c.oid) AS n_mod_since_analyze,
       pg_catalog.pg_stat_get_last_vacuum_time(c.oid) AS last_vacuum,
       pg_catalog.pg_stat_get_last_autovacuum_time(c.oid) AS last_autovacuum,
       pg_catalog.pg_stat_get_last_analyze_time(c.oid) AS last_analyze,
       pg_catalog.pg_stat_get_last_autoanalyze_time(c.oid) AS last_autoanalyze,
       {{table_size}} AS table_bytes,
       CASE WHEN c.relkind IN ('r', 'm') THEN age(c.relfrozenxid) END AS xid_age
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class toast ON toast.oid = c.reltoastrelid
LEFT JOIN pg_catalog.pg_index ti ON ti.indrelid = c.reltoastrelid
LEFT JOIN pg_catalog.pg_class toast_index ON toast_index.oid = ti.indexrelid
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'm')
