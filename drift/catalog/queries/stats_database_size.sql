-- The database's size on disk (needs CONNECT on it, or pg_read_all_stats).
SELECT pg_catalog.pg_database_size(pg_catalog.current_database()) AS database_bytes
