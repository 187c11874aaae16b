-- Per-key details of the chosen relations' indexes, one row per key that has any: the text of an
-- expression key (indkey = 0; pg_get_indexdef(oid, n, true) with n > 0 prints the bare expression,
-- without opclass or ordering), and the options of a key's operator class (`siglen = 100`),
-- spelled as pg_get_indexdef spells them (`siglen='100'`: a value quoted unless an identifier).
SELECT i.indexrelid,
       k.n,
       pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true) AS expression,
       NULL::text AS options
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnatts::int) AS k(n)
WHERE i.indexprs IS NOT NULL
  AND c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND (i.indkey::int2[])[k.n - 1] = 0
UNION ALL
SELECT a.attrelid,
       a.attnum::int,
       NULL,
       (SELECT pg_catalog.string_agg(
                   pg_catalog.quote_ident(pg_catalog.split_part(o.opt, '=', 1)) || '=' ||
                   CASE WHEN pg_catalog.quote_ident(o.value) = o.value THEN o.value
                        ELSE '''' || pg_catalog.replace(o.value, '''', '''''') || '''' END,
                   ', ' ORDER BY o.ord)
        FROM pg_catalog.unnest(a.attoptions) WITH ORDINALITY AS u(opt, ord)
        CROSS JOIN LATERAL (SELECT u.opt, u.ord,
                                   pg_catalog.substr(u.opt, pg_catalog.strpos(u.opt, '=') + 1) AS value) AS o)
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_index i ON i.indexrelid = a.attrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
WHERE a.attoptions IS NOT NULL
  AND c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
