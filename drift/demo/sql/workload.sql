-- A little application traffic, so the usage figures in the demo are not all zero:
-- index scans by primary key, sequential scans on the unindexed foreign keys, dead tuples.
SET enable_seqscan = off;
SELECT count(*) FROM users WHERE id = 'u00042';
SELECT count(*) FROM content WHERE id BETWEEN 100 AND 200;
SELECT count(*) FROM sessions WHERE expire < timestamp '2026-01-02';
RESET enable_seqscan;
SELECT count(*) FROM content WHERE user_id = 'u00007';
SELECT count(*) FROM content WHERE project_id = 12;
SELECT count(*) FROM content_metrics WHERE content_id = 99;
SELECT count(*) FROM social_posts WHERE status = 'draft';
SELECT count(*) FROM projects WHERE user_id = 'u00100';
UPDATE content SET updated_at = timestamp '2026-04-01' WHERE id % 5 = 0;
DELETE FROM ai_generation_tasks WHERE status = 'failed';
