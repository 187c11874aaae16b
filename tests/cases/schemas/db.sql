CREATE SCHEMA app;
CREATE TABLE app.users (id int PRIMARY KEY, invoice_id int);
CREATE SCHEMA scratch;                                                -- unexpected, with objects
CREATE TABLE scratch.tmp (x int);
