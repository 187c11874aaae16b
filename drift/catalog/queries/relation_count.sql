-- Whether the chosen schemas hold at least %(enough)s relations (SECOND_SESSION_MIN_RELATIONS):
-- decides whether a second session is worth its connection (see reflect.py). Counting stops there.
SELECT count(*)
FROM (SELECT FROM pg_catalog.pg_class WHERE relnamespace = ANY (%(schema_oids)s::oid[]) LIMIT %(enough)s) AS c
