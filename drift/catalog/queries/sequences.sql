-- Sequences of the chosen schemas with their owning column (pg_depend 'a': OWNED BY, serial) or
-- identity column (pg_depend 'i'; such sequences belong to their table, `Table.identity_sequences`,
-- and are not listed as objects).
SELECT c.oid,
       c.relnamespace,
       c.relname,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart,
       s.seqincrement,
       s.seqmin,
       s.seqmax,
       s.seqcache,
       s.seqcycle,
       own.deptype::text AS owner_deptype,
       oc.relname AS owner_table,
       oa.attname AS owner_column,
       own.refobjid AS owner_relid,
       d.description,
       x.extname
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
LEFT JOIN pg_catalog.pg_depend own
       ON own.classid = 'pg_catalog.pg_class'::regclass AND own.objid = c.oid
      AND own.refclassid = 'pg_catalog.pg_class'::regclass AND own.refobjsubid > 0
      AND own.deptype IN ('a', 'i')
LEFT JOIN pg_catalog.pg_class oc ON oc.oid = own.refobjid
LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = own.refobjid AND oa.attnum = own.refobjsubid
LEFT JOIN pg_catalog.pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_catalog.pg_depend dep
       ON dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'e'
LEFT JOIN pg_catalog.pg_extension x ON x.oid = dep.refobjid
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
