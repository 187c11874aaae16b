CREATE TABLE events (id bigint NOT NULL, day date NOT NULL, kind text, PRIMARY KEY (id, day)) PARTITION BY RANGE (day);
CREATE INDEX events_kind_idx ON events (kind);                                            -- missing on the parent only
CREATE TABLE events_2024_01 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE events_2024_02 PARTITION OF events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');  -- detached in db
CREATE TABLE events_2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');  -- missing
CREATE TABLE events_2024_04 PARTITION OF events FOR VALUES FROM ('2024-04-01') TO ('2024-05-01');  -- other bound in db
CREATE TABLE metrics (at date NOT NULL, v int) PARTITION BY LIST (at);                    -- missing with its partitions
CREATE TABLE metrics_a PARTITION OF metrics FOR VALUES IN ('2024-01-01');
CREATE TABLE metrics_default PARTITION OF metrics DEFAULT;
