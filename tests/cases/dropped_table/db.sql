DO $$BEGIN CREATE ROLE golden_reader NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at = now(); RETURN NEW; END$$;
CREATE TABLE accounts (id int PRIMARY KEY);
