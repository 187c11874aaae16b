-- The text of each expression key (indkey = 0) of the chosen relations' indexes, one row per key.
-- pg_get_indexdef(oid, n, true) with n > 0 prints the bare expression, without opclass or ordering.
SELECT i.indexrelid,
       k.n,
       pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true) AS expression
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnatts::int) AS k(n)
WHERE i.indexprs IS NOT NULL
  AND c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND (i.indkey::int2[])[k.n - 1] = 0
