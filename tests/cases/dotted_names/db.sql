-- The 2025 partition and the parent's index are missing, the serial column lost its sequence,
-- and the child no longer inherits.
CREATE SCHEMA "My.App";
CREATE TABLE "My.App".events (id int, day date NOT NULL) PARTITION BY RANGE (day);
CREATE TABLE "My.App"."events.2024" PARTITION OF "My.App".events
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE "My.App"."a.b" (id int NOT NULL PRIMARY KEY, x int);
CREATE TABLE "My.App".parent (p int);
CREATE TABLE "My.App".child (p int, c int);
