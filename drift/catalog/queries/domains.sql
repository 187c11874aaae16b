-- Domains of the chosen schemas. CHECK bodies are pg_get_expr(conbin) (the text inside CHECK (...));
-- NOT NULL domain constraints (contype 'n', PostgreSQL 17+) are the nullable flag, not checks.
SELECT t.oid,
       t.typnamespace,
       t.typname,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
       t.typnotnull,
       pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS default_expr,
       CASE WHEN t.typcollation <> bt.typcollation THEN t.typcollation END AS collation,
       -- A subquery, not GROUP BY: before PostgreSQL 14 system catalogs have no primary key to
       -- group by, and typdefaultbin (pg_node_tree) cannot be grouped at all.
       ARRAY(SELECT pg_catalog.pg_get_expr(co.conbin, 0)
             FROM pg_catalog.pg_constraint co
             WHERE co.contypid = t.oid AND co.contype = 'c') AS checks,
       d.description,
       x.extname
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_type'::regclass AND d.objsubid = 0
LEFT JOIN pg_catalog.pg_depend dep
       ON dep.classid = 'pg_catalog.pg_type'::regclass AND dep.objid = t.oid AND dep.deptype = 'e'
LEFT JOIN pg_catalog.pg_extension x ON x.oid = dep.refobjid
WHERE t.typtype = 'd'
  AND t.typnamespace = ANY (%(schema_oids)s::oid[])
