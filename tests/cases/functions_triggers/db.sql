CREATE TABLE items (id int PRIMARY KEY, updated_at timestamptz, price numeric);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
begin
    new.updated_at := now();
    return new;
end
$$;
CREATE FUNCTION add(x int4, y int4) RETURNS int4 LANGUAGE sql IMMUTABLE AS $$select x + y$$;  -- body differs
CREATE FUNCTION tax(amount numeric) RETURNS numeric LANGUAGE sql VOLATILE AS $$SELECT amount * 0.2$$;  -- volatility
CREATE FUNCTION add(a bigint, b bigint) RETURNS bigint LANGUAGE sql AS $$SELECT a + b$$;        -- unexpected overload
CREATE PROCEDURE purge(days int) LANGUAGE sql AS $$DELETE FROM items WHERE updated_at < now() - make_interval(days => days)$$;
CREATE TRIGGER items_touch BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER items_audit AFTER DELETE ON items FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE items DISABLE TRIGGER items_audit;
CREATE TRIGGER items_extra AFTER INSERT ON items FOR EACH STATEMENT EXECUTE FUNCTION touch();   -- unexpected
