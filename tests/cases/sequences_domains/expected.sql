CREATE SEQUENCE invoice_no AS bigint START WITH 1000 INCREMENT BY 1;
CREATE SEQUENCE ticket_no AS integer INCREMENT BY 10 CACHE 1;             -- increment differs
CREATE SEQUENCE batch_no;                                                 -- missing
CREATE DOMAIN email AS text NOT NULL CHECK (VALUE LIKE '%@%');            -- check/null differ
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);                  -- same
CREATE DOMAIN short_code AS varchar(8) DEFAULT 'none';                    -- missing
CREATE TABLE contacts (id int PRIMARY KEY, address email, n positive_int);
