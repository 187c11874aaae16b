CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, code text,
    CONSTRAINT customers_email_key UNIQUE (email));                           -- unexpected unique
CREATE TABLE products (
    id int CONSTRAINT products_pk PRIMARY KEY,                                   -- renamed PK
    price numeric NOT NULL,
    sku text,
    CONSTRAINT price_range CHECK ((((price > (0)::numeric)) AND (price < (100000)::numeric))),  -- renamed
    CONSTRAINT products_sku_key UNIQUE (sku)
);
CREATE TABLE orders (
    id int PRIMARY KEY,
    customer_id int,
    product_id int,
    qty int,
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),  -- on_delete
    CONSTRAINT fk_orders_products FOREIGN KEY (product_id) REFERENCES products (id),   -- renamed
    CONSTRAINT orders_qty_check CHECK (qty >= 0)                                       -- expression
);
CREATE TABLE audit (id int, at timestamptz);
CREATE TABLE lines (order_id int, n int);
INSERT INTO customers VALUES (1, 'a@x', null);
INSERT INTO orders VALUES (1, 1, null, 1);
INSERT INTO lines VALUES (1, 1);
ALTER TABLE lines ADD CONSTRAINT lines_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
