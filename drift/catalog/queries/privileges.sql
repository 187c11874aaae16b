-- Privileges granted to roles other than the relation's owner (the owner's own privileges,
-- implicit or listed in the ACL, are left out, so a table nobody was granted anything on has none).
-- Grantee oid 0 is PUBLIC. attname is NULL for a table privilege (pg_class.relacl) and names the
-- column for a column privilege (pg_attribute.attacl of a live, non-system column).
SELECT c.oid,
       NULL::name AS attname,
       a.grantee,
       a.privilege_type,
       a.is_grantable
FROM pg_catalog.pg_class c
CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) AS a
WHERE c.relacl IS NOT NULL
  AND c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND a.grantee <> c.relowner
UNION ALL
SELECT c.oid,
       att.attname,
       a.grantee,
       a.privilege_type,
       a.is_grantable
FROM pg_catalog.pg_attribute att
JOIN pg_catalog.pg_class c ON c.oid = att.attrelid
CROSS JOIN LATERAL pg_catalog.aclexplode(att.attacl) AS a
WHERE att.attacl IS NOT NULL
  AND att.attnum > 0
  AND NOT att.attisdropped
  AND c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND a.grantee <> c.relowner
