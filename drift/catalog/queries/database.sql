-- The database drift is connected to, the server's version as it reports it, and the session's
-- time limits (quoted in error messages when one of them cuts a reflection short).
SELECT pg_catalog.current_database() AS database,
       pg_catalog.current_setting('server_version') AS server_version,
       pg_catalog.current_setting('statement_timeout') AS statement_timeout,
       pg_catalog.current_setting('lock_timeout') AS lock_timeout
