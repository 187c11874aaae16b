DO $$BEGIN CREATE ROLE golden_app NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$;
CREATE TABLE docs (id int PRIMARY KEY, owner_id int NOT NULL, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_owner ON docs FOR ALL TO golden_app, PUBLIC
    USING (true)
    WITH CHECK (owner_id = current_setting('app.user_id')::int);
CREATE POLICY docs_deny_delete ON docs AS PERMISSIVE FOR DELETE USING (false);
CREATE POLICY docs_debug ON docs FOR SELECT USING (true);                     -- unexpected
CREATE TABLE notes (id int PRIMARY KEY);
