-- Table privileges granted to roles other than the table's owner (the owner's own privileges,
-- implicit or listed in relacl, are left out, so a table nobody was granted anything on has none).
-- Grantee oid 0 is PUBLIC.
SELECT c.oid,
       a.grantee,
       a.privilege_type,
       a.is_grantable
FROM pg_catalog.pg_class c
CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) AS a
WHERE c.relacl IS NOT NULL
  AND c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND a.grantee <> c.relowner
