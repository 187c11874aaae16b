CREATE TABLE events (id int PRIMARY KEY, kind text, at timestamptz, payload jsonb, email text);
CREATE INDEX idx_events_at ON events (at DESC);
CREATE INDEX events_recent_idx ON events (at) WHERE kind = 'view';
CREATE INDEX events_email_lower_idx ON events (LOWER( "email" ));
CREATE UNIQUE INDEX events_kind_at_key ON events (kind, at) INCLUDE (id);
CREATE INDEX events_payload_idx ON events USING btree ((payload ->> 'k'));
CREATE INDEX events_junk_idx ON events (id, kind);                              -- unexpected
