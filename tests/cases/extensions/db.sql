CREATE EXTENSION citext;
CREATE EXTENSION hstore VERSION '1.6';                                -- older version
CREATE EXTENSION btree_gist;                                          -- unexpected (its objects are not listed)
CREATE TABLE users (id int PRIMARY KEY, email citext NOT NULL);
