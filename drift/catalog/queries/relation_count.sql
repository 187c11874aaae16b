-- How many relations the chosen schemas hold: decides whether a second session is worth its
-- connection (see reflect.py).
SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = ANY (%(schema_oids)s::oid[])
