-- Tables, partitioned tables, foreign tables, views and materialized views in the chosen schemas.
-- Only what must be rendered is rendered on the server: partition keys and bounds, view bodies.
-- never_vacuumed (no VACUUM or ANALYZE yet, so relpages knows nothing) is for the statistics.
SELECT c.oid,
       c.relnamespace,
       c.relname,
       c.relkind::text AS relkind,
       c.relowner,
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END AS view_definition,
       c.relrowsecurity,
       c.relforcerowsecurity,
       d.description,
       x.extname,
       c.reloptions,
       (c.relkind IN ('r', 'm') AND {{never_vacuumed}}) AS never_vacuumed
FROM pg_catalog.pg_class c
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_catalog.pg_depend dep
       ON dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e'
LEFT JOIN pg_catalog.pg_extension x ON x.oid = dep.refobjid
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
