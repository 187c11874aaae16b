CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, code text);
CREATE TABLE products (
    id int CONSTRAINT products_pkey PRIMARY KEY,
    price numeric NOT NULL,
    sku text,
    CONSTRAINT products_price_check CHECK (price > 0 AND price < 100000),
    CONSTRAINT products_sku_key UNIQUE (sku)
);
CREATE TABLE orders (
    id int PRIMARY KEY,
    customer_id int,
    product_id int,
    qty int,
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE,
    CONSTRAINT orders_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT orders_qty_check CHECK (qty > 0)
);
CREATE TABLE audit (id int, at timestamptz);   -- primary key missing in the database
ALTER TABLE audit ADD CONSTRAINT audit_pkey PRIMARY KEY (id);
CREATE TABLE lines (order_id int REFERENCES orders (id), n int);
