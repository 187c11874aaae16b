-- The drift the demo shows: what a hotfix at 3 a.m. and a forgotten migration leave behind.
-- 1. A hotfix column nobody put in the models or the expected schema.
ALTER TABLE content ADD COLUMN hotfix_retry_count integer DEFAULT 0;
-- 2. An index dropped by hand "to speed up a bulk load" and never recreated.
DROP INDEX "IDX_session_expire";
-- 3. A default changed in production only.
ALTER TABLE projects ALTER COLUMN status SET DEFAULT 'draft';
-- 4. A foreign key dropped during an incident.
ALTER TABLE content_metrics DROP CONSTRAINT content_metrics_content_id_content_id_fk;
-- 5. A column widened by hand.
ALTER TABLE users ALTER COLUMN first_name TYPE varchar(120);
