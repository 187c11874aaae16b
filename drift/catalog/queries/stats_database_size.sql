-- The database's size: {{database_size}}, i.e. pg_database_size (every file of the database, needs
-- CONNECT on it) or, by default, the page counts of all its relations as of their last VACUUM /
-- ANALYZE / CREATE INDEX (no file access).
SELECT {{database_size}} AS database_bytes
