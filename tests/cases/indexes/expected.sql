CREATE TABLE events (id int PRIMARY KEY, kind text, at timestamptz, payload jsonb, email text);
CREATE INDEX events_kind_idx ON events (kind);                                  -- missing
CREATE INDEX events_at_idx ON events (at DESC);                                 -- renamed
CREATE INDEX events_recent_idx ON events (at) WHERE kind = 'click';             -- changed predicate
CREATE INDEX events_email_lower_idx ON events (lower(email));                   -- same, spelled differently
CREATE UNIQUE INDEX events_kind_at_key ON events (kind, at) INCLUDE (id);       -- same
CREATE INDEX events_payload_idx ON events USING gin (payload);                  -- method changed
