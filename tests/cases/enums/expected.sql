CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');         -- labels added in the database's gaps
CREATE TYPE status AS ENUM ('new', 'active', 'closed');              -- reordered in the database
CREATE TYPE color AS ENUM ('red', 'green');                          -- missing
CREATE TABLE tickets (id int PRIMARY KEY, status status NOT NULL DEFAULT 'new', feeling mood, tags status[]);
