-- Operator classes by oid; an index key shows its opclass only when it is not a default one (or
-- when it has options). Spelled as pg_get_indexdef spells it: a pg_catalog one by its name, any
-- other schema-qualified, both quoted only where needed (ops."My Ops").
SELECT o.oid,
       CASE WHEN n.nspname = 'pg_catalog'
            THEN pg_catalog.quote_ident(o.opcname)
            ELSE pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(o.opcname)
       END AS name,
       o.opcdefault
FROM pg_catalog.pg_opclass o
JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
