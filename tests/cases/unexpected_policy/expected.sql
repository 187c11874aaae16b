-- Only part of the database is declared: the app schema strictly, public loosely.
CREATE SCHEMA app;
CREATE SCHEMA legacy;
CREATE TABLE app.users (id int PRIMARY KEY);
CREATE TABLE public.settings (k text PRIMARY KEY, v text);
