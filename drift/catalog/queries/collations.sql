-- Collation names by oid, for columns and index keys that use a non-default collation. `sql_name`
-- is how an index key spells it after COLLATE: a pg_catalog collation always in double quotes
-- ("C", "en_US"), any other schema-qualified and quoted as the server quotes names (app.mycoll,
-- public."Case Insensitive"), as pg_get_indexdef prints it.
SELECT c.oid,
       n.nspname,
       c.collname,
       CASE WHEN n.nspname = 'pg_catalog'
            THEN '"' || replace(c.collname, '"', '""') || '"'
            ELSE pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.collname)
       END AS sql_name
FROM pg_catalog.pg_collation c
JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace
