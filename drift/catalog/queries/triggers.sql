-- User triggers of the chosen relations (internal ones, e.g. for foreign keys, are left out).
SELECT t.tgrelid,
       t.tgname,
       pg_catalog.pg_get_triggerdef(t.oid) AS definition,
       t.tgenabled::text AS enabled
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
WHERE NOT t.tgisinternal
  AND c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
