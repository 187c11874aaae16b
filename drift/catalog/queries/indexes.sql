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
       d.description
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = ic.reltablespace
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = i.indexrelid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
