CREATE TABLE orders (id int PRIMARY KEY, total numeric, status text, placed_at date);
CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';             -- same, spelled otherwise
CREATE VIEW big_orders AS SELECT id, total, status FROM orders WHERE total > 1000;          -- changed (wider: replace)
CREATE VIEW order_ids AS SELECT id FROM orders;                                            -- changed (narrower: rebuild)
CREATE VIEW recent AS SELECT id FROM orders WHERE placed_at > current_date - 7;            -- missing
CREATE MATERIALIZED VIEW daily AS SELECT placed_at, sum(total) AS total FROM orders GROUP BY placed_at;
CREATE UNIQUE INDEX daily_day ON daily (placed_at);
