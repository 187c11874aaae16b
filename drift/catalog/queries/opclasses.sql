-- Operator classes by oid; an index key shows its opclass only when it is not a default one.
SELECT o.oid, o.opcname, o.opcdefault
FROM pg_catalog.pg_opclass o
