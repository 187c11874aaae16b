-- A table with every kind of member, dropped from the database: exactly one finding.
DO $$BEGIN CREATE ROLE golden_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at = now(); RETURN NEW; END$$;
CREATE TABLE accounts (id int PRIMARY KEY);
CREATE TABLE documents (
    id serial PRIMARY KEY,
    account_id int NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (length(title) > 0),
    slug text UNIQUE,
    body text,
    updated_at timestamptz
);
CREATE INDEX documents_account_idx ON documents (account_id, updated_at DESC);
CREATE TRIGGER documents_touch BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_by_account ON documents USING (account_id = current_setting('app.account')::int);
GRANT SELECT ON documents TO golden_reader;
COMMENT ON TABLE documents IS 'Customer documents';
COMMENT ON COLUMN documents.slug IS 'URL part';
