-- Role names by oid (owners, grantees, policy roles). pg_roles is readable by every role.
SELECT r.oid, r.rolname
FROM pg_catalog.pg_roles r
