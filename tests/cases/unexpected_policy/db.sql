CREATE SCHEMA app;
CREATE SCHEMA legacy;
CREATE TABLE app.users (id int PRIMARY KEY, extra text);              -- unexpected column: error in app
CREATE TABLE app.sessions (id int);                                   -- unexpected table: error in app
CREATE TABLE public.settings (k text PRIMARY KEY, v text);
CREATE TABLE public.cache (k text);                                   -- warning in public (default)
CREATE TABLE legacy.old_stuff (x int);                                -- ignored in legacy
CREATE INDEX old_stuff_x ON legacy.old_stuff (x);
