-- Functions, procedures, aggregates and window functions of the chosen schemas. The body is prosrc,
-- or the SQL-standard body (BEGIN ATOMIC / RETURN, PostgreSQL 14+) when there is one; aggregates
-- have no body of their own.
SELECT p.pronamespace,
       p.proname,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments,
       p.prokind::text AS prokind,
       CASE WHEN p.prokind <> 'p' THEN pg_catalog.pg_get_function_result(p.oid) END AS result,
       l.lanname,
       p.provolatile::text AS volatility,
       p.prosecdef,
       p.proisstrict,
       p.proparallel::text AS parallel,
       p.proconfig,
       CASE
           WHEN p.prokind = 'a' THEN ''
           {{sql_body}}
           ELSE p.prosrc
       END AS body,
       d.description,
       x.extname
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_catalog.pg_proc'::regclass AND d.objsubid = 0
LEFT JOIN pg_catalog.pg_depend dep
       ON dep.classid = 'pg_catalog.pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'e'
LEFT JOIN pg_catalog.pg_extension x ON x.oid = dep.refobjid
WHERE p.pronamespace = ANY (%(schema_oids)s::oid[])
