-- Every live column of the chosen relations. Types are rendered by format_type() (the spelling the
-- model promises); defaults and generation expressions by pg_get_expr(); collations are returned as
-- oids (resolved client-side): `collation` only when it differs from the type's own, `attcollation`
-- always (index keys show COLLATE only when it differs from the column's).
SELECT a.attrelid,
       a.attnum,
       a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull,
       -- A default cannot reference a column, so it is rendered without its relation (0): the server
       -- then does not open every table once per default. Generated columns need the relation.
       CASE WHEN a.atthasdef THEN pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END) END AS expression,
       a.attidentity::text AS identity,
       a.attgenerated::text AS generated,
       CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation END AS collation,
       d.description,
       a.attcollation
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = a.attrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = a.attnum
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND a.attnum > 0
  AND NOT a.attisdropped
