-- Names holding dots: "schema.table" and "table.column" references must split at the right dot.
CREATE SCHEMA "My.App";
CREATE TABLE "My.App".events (id int, day date NOT NULL) PARTITION BY RANGE (day);
CREATE TABLE "My.App"."events.2024" PARTITION OF "My.App".events
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE "My.App"."events.2025" PARTITION OF "My.App".events
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_day_idx ON "My.App".events (day);
CREATE TABLE "My.App"."a.b" (id serial PRIMARY KEY, x int);
CREATE TABLE "My.App".parent (p int);
CREATE TABLE "My.App".child (c int) INHERITS ("My.App".parent);
