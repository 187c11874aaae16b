-- Database-wide figures: when the statistics were last reset, server start, size, wraparound age.
-- now() is the transaction start, i.e. the moment of the whole snapshot.
SELECT now() AS collected_at,
       pg_catalog.pg_postmaster_start_time() AS postmaster_start,
       s.stats_reset,
       age(db.datfrozenxid) AS xid_age,
       pg_catalog.current_setting('track_counts')::bool AS track_counts
FROM pg_catalog.pg_database db
LEFT JOIN pg_catalog.pg_stat_database s ON s.datid = db.oid
WHERE db.datname = pg_catalog.current_database()
