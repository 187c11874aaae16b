-- Domains of the chosen schemas. CHECK bodies are pg_get_expr(conbin) (the text inside CHECK (...));
-- NOT NULL domain constraints (contype 'n', PostgreSQL 17+) are the nullable flag, not checks.
SELECT t.oid,
       t.typnamespace,
       t.typname,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
       t.typnotnull,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_expr,
       CASE WHEN t.typcollation <> bt.typcollation THEN t.typcollation END AS collation,
       pg_catalog.array_agg(pg_catalog.pg_get_expr(co.conbin, 0)) FILTER (WHERE co.oid IS NOT NULL) AS checks,
       d.description,
       x.extname
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_constraint co ON co.contypid = t.oid AND co.contype = 'c'
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_type'::regclass AND d.objsubid = 0
LEFT JOIN pg_catalog.pg_depend dep
       ON dep.classid = 'pg_catalog.pg_type'::regclass AND dep.objid = t.oid AND dep.deptype = 'e'
LEFT JOIN pg_catalog.pg_extension x ON x.oid = dep.refobjid
WHERE t.typtype = 'd'
  AND t.typnamespace = ANY (%(schema_oids)s::oid[])
GROUP BY t.oid, bt.typcollation, d.description, x.extname
