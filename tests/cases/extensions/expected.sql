CREATE EXTENSION citext;
CREATE EXTENSION pg_trgm;
CREATE EXTENSION hstore VERSION '1.7';
CREATE TABLE users (id int PRIMARY KEY, email citext NOT NULL);
CREATE INDEX users_email_trgm ON users USING gin ((email::text) gin_trgm_ops);
