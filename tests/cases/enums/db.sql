CREATE TYPE mood AS ENUM ('ok', 'happy');
CREATE TYPE status AS ENUM ('active', 'new', 'closed');
CREATE TYPE size AS ENUM ('s', 'm', 'l');                             -- unexpected
CREATE TABLE tickets (id int PRIMARY KEY, status status NOT NULL DEFAULT 'new', feeling mood, tags status[]);
INSERT INTO tickets VALUES (1, 'active', 'ok', '{new,closed}');
