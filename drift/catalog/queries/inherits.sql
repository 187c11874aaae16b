-- Parents of every chosen relation (partition parents and inheritance parents), named here because
-- a parent may live in a schema that is filtered out. Partitioned indexes are in pg_inherits too;
-- the relkind filter leaves them out.
SELECT i.inhrelid,
       pn.nspname AS parent_schema,
       p.relname AS parent_name,
       c.relispartition
FROM pg_catalog.pg_inherits i
JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
ORDER BY i.inhrelid, i.inhseqno
