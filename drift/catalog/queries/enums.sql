-- Enum types of the chosen schemas with their labels in sort order (none yet: an empty array).
SELECT t.oid,
       t.typnamespace,
       t.typname,
       coalesce(pg_catalog.array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
                    FILTER (WHERE e.enumlabel IS NOT NULL), '{}') AS labels,
       d.description,
       x.extname
FROM pg_catalog.pg_type t
LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_type'::regclass AND d.objsubid = 0
LEFT JOIN pg_catalog.pg_depend dep
       ON dep.classid = 'pg_catalog.pg_type'::regclass AND dep.objid = t.oid AND dep.deptype = 'e'
LEFT JOIN pg_catalog.pg_extension x ON x.oid = dep.refobjid
WHERE t.typtype = 'e'
  AND t.typnamespace = ANY (%(schema_oids)s::oid[])
-- Every selected column is listed: system catalogs have primary keys (which would make t.oid enough)
-- only from PostgreSQL 14.
GROUP BY t.oid, t.typnamespace, t.typname, d.description, x.extname
