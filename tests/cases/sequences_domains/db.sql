CREATE SEQUENCE invoice_no AS bigint START WITH 1000 INCREMENT BY 1;
CREATE SEQUENCE ticket_no AS integer INCREMENT BY 1;
CREATE SEQUENCE legacy_no;                                                -- unexpected
CREATE DOMAIN email AS text CHECK (VALUE ~~ '%@%.%');
CREATE DOMAIN positive_int AS int4 CHECK ((VALUE > 0));
CREATE DOMAIN old_code AS text;                                           -- unexpected
CREATE TABLE contacts (id int PRIMARY KEY, address email, n positive_int);
INSERT INTO contacts VALUES (1, 'a@b.c', 1);
