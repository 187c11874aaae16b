CREATE TABLE items (id int PRIMARY KEY, updated_at timestamptz, price numeric);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$SELECT a + b$$;
CREATE FUNCTION tax(amount numeric) RETURNS numeric LANGUAGE sql STABLE AS $$SELECT amount * 0.2$$;
CREATE FUNCTION greet(name text) RETURNS text LANGUAGE sql AS $$SELECT 'hello ' || name$$;  -- missing
CREATE PROCEDURE purge(days int) LANGUAGE sql AS $$DELETE FROM items WHERE updated_at < now() - make_interval(days => days)$$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();       -- changed
CREATE TRIGGER items_touch_insert BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION touch(); -- missing
CREATE TRIGGER items_audit AFTER DELETE ON items FOR EACH ROW EXECUTE FUNCTION touch();        -- disabled in db
