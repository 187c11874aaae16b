-- The schemas drift reports. System schemas (pg_catalog, pg_toast*, pg_temp*, pg_toast_temp*: every
-- name starting with pg_, which users cannot create) and information_schema are never reported.
-- %(include)s / %(exclude)s are arrays of anchored POSIX regexes built from --schema /
-- --exclude-schema globs; an empty include array means "every schema".
SELECT n.oid,
       n.nspname,
       n.nspowner,
       d.description
FROM pg_catalog.pg_namespace n
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = n.oid AND d.classoid = 'pg_catalog.pg_namespace'::regclass AND d.objsubid = 0
WHERE n.nspname !~ '^pg_'
  AND n.nspname <> 'information_schema'
  AND (cardinality(%(include)s::text[]) = 0 OR n.nspname ~ ANY (%(include)s::text[]))
  AND NOT (n.nspname ~ ANY (%(exclude)s::text[]))
