-- Primary key, unique, foreign key, check and exclusion constraints of the chosen relations.
-- PK/unique/FK are built client-side from the raw key arrays (pg_get_constraintdef is the most
-- expensive function here); only CHECK bodies (pg_get_expr of conbin, i.e. exactly the text
-- pg_get_constraintdef puts inside CHECK (...)) and EXCLUDE definitions are rendered.
-- NOT NULL constraints (contype 'n', PostgreSQL 18) are column nullability, not listed here.
SELECT co.conrelid,
       co.conname,
       co.contype::text AS contype,
       co.conkey,
       co.confrelid,
       co.confkey,
       co.confupdtype::text AS confupdtype,
       co.confdeltype::text AS confdeltype,
       co.confmatchtype::text AS confmatchtype,
       co.condeferrable,
       co.condeferred,
       co.convalidated,
       co.connoinherit,
       co.conindid,
       CASE co.contype
           WHEN 'c' THEN pg_catalog.pg_get_expr(co.conbin, co.conrelid)
           WHEN 'x' THEN pg_catalog.pg_get_constraintdef(co.oid)
       END AS definition,
       {{conenforced}} AS conenforced,
       {{conperiod}} AS conperiod
FROM pg_catalog.pg_constraint co
JOIN pg_catalog.pg_class c ON c.oid = co.conrelid
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND co.contype IN ('p', 'u', 'f', 'c', 'x')
  -- A foreign key to a partitioned table gets a copy per partition of the referenced table, made by
  -- the server on the same referencing table (conparentid set, same conrelid): not declared by
  -- anyone, so left out, as pg_dump leaves it out. The copies on the partitions of a partitioned
  -- referencing table (their own conrelid) are kept.
  AND NOT (co.conparentid <> 0 AND EXISTS (
      SELECT 1 FROM pg_catalog.pg_constraint parent
      WHERE parent.oid = co.conparentid AND parent.conrelid = co.conrelid))
