-- The sequences of the chosen schemas whose positions this role may read (SELECT or USAGE), for a
-- session that reads positions beside the reflection (sequence_positions.py). No lock taken.
SELECT c.oid
FROM pg_catalog.pg_class c
WHERE c.relnamespace = ANY (%(schema_oids)s::oid[])
  AND c.relkind = 'S'
  -- CASE: the planner may test the privilege before the relkind, and it fails on a non-sequence.
  AND CASE WHEN c.relkind = 'S' THEN pg_catalog.has_sequence_privilege(c.oid, 'SELECT, USAGE') END
ORDER BY c.oid
