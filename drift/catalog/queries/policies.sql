-- Row-level security policies of the chosen relations; role oids are resolved client-side
-- (0 means PUBLIC).
SELECT p.polrelid,
       p.polname,
       p.polcmd::text AS command,
       p.polpermissive,
       p.polroles::oid[] AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
FROM pg_catalog.pg_policy p
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
