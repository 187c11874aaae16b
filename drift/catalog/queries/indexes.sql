-- Indexes of the chosen relations, from raw pg_index columns: the key list is assembled
-- client-side (column names, opclasses, DESC / NULLS FIRST); only partial-index predicates are
-- rendered here and expression keys in index_expressions.sql. Never pg_get_indexdef(oid).
SELECT i.indexrelid,
       i.indrelid,
       ic.relname,
       i.indnkeyatts,
       i.indisunique,
       {{indnullsnotdistinct}} AS nulls_not_distinct,
       i.indisvalid,
       i.indisready,
       i.indkey::int2[] AS indkey,
       i.indoption::int2[] AS indoption,
       i.indclass::oid[] AS indclass,
       i.indcollation::oid[] AS indcollation,
       am.amname,
       ts.spcname,
       CASE WHEN i.indpred IS NOT NULL THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid) END AS predicate,
       d.description,
       -- The options of a key's operator class (`tsvector_ops (siglen = 100)`), as 'n:options' with
       -- the options spelled as pg_get_indexdef spells them (siglen='100': a value quoted unless it
       -- is an identifier). Only methods whose built-in and contrib opclasses take options: a btree
       -- or hash index costs nothing here.
       CASE WHEN am.amname NOT IN ('btree', 'hash') THEN ARRAY(
           SELECT a.attnum || ':' || (
                      SELECT pg_catalog.string_agg(
                                 pg_catalog.quote_ident(pg_catalog.split_part(o.opt, '=', 1)) || '=' ||
                                 CASE WHEN pg_catalog.quote_ident(o.value) = o.value THEN o.value
                                      ELSE '''' || pg_catalog.replace(o.value, '''', '''''') || '''' END,
                                 ', ' ORDER BY o.ord)
                      FROM (SELECT u.opt, u.ord,
                                   pg_catalog.substr(u.opt, pg_catalog.strpos(u.opt, '=') + 1) AS value
                            FROM pg_catalog.unnest(a.attoptions) WITH ORDINALITY AS u(opt, ord)) AS o)
           FROM pg_catalog.pg_attribute a
           WHERE a.attrelid = i.indexrelid AND a.attnum > 0 AND a.attoptions IS NOT NULL
           ORDER BY a.attnum)
       END AS key_options
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = ic.reltablespace
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = i.indexrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
