DO $$BEGIN CREATE ROLE golden_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$;
DO $$BEGIN CREATE ROLE golden_writer NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$;
CREATE TABLE accounts (id int PRIMARY KEY, name text, balance numeric);
CREATE INDEX accounts_name_idx ON accounts (name);
CREATE SEQUENCE account_no;
GRANT SELECT, DELETE ON accounts TO golden_reader;                    -- DELETE unexpected
GRANT SELECT, INSERT ON accounts TO golden_writer;                    -- UPDATE missing, no grant option
GRANT SELECT ON accounts TO PUBLIC;                                   -- unexpected
COMMENT ON TABLE accounts IS 'Accounts';                              -- changed
COMMENT ON COLUMN accounts.name IS 'Display name';                    -- unexpected
COMMENT ON SEQUENCE account_no IS 'Public account numbers';
