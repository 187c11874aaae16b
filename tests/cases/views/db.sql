CREATE TABLE orders (id int PRIMARY KEY, total numeric, status text, placed_at date);
CREATE VIEW open_orders AS select orders.id, orders.total from orders where (orders.status = 'open'::text);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 500;
CREATE VIEW order_ids AS SELECT id, status FROM orders;
CREATE VIEW old_report AS SELECT count(*) AS n FROM orders;                                -- unexpected
CREATE MATERIALIZED VIEW daily AS SELECT placed_at, sum(total) AS total, count(*) AS n FROM orders GROUP BY placed_at;
CREATE UNIQUE INDEX daily_day ON daily (placed_at);
