CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE TABLE billing.invoices (id serial PRIMARY KEY, currency billing.currency NOT NULL, amount numeric);
CREATE VIEW billing.totals AS SELECT currency, sum(amount) AS total FROM billing.invoices GROUP BY currency;
COMMENT ON SCHEMA billing IS 'Invoicing';
CREATE SCHEMA app;
CREATE TABLE app.users (id int PRIMARY KEY, invoice_id int REFERENCES billing.invoices (id));
