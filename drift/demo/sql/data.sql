-- Demo data for the Renexus example: enough rows that sizes, scans and dead tuples mean something.
-- Generated, never real people. Deterministic (no random()) so the demo looks the same every time.
INSERT INTO users (id, email, password, first_name, last_name, profile_image_url, is_active)
SELECT 'u' || lpad(g::text, 5, '0'), 'user' || g || '@example.com',
       '$2b$12$' || md5(g::text), 'First' || g, 'Last' || g,
       CASE WHEN g % 3 = 0 THEN 'https://img.example.com/' || g || '.png' END, g % 17 <> 0
FROM generate_series(1, 600) AS g;

INSERT INTO sessions (sid, sess, expire)
SELECT 's' || g, jsonb_build_object('user', 'u' || lpad((g % 600 + 1)::text, 5, '0')),
       timestamp '2026-01-01' + (g || ' minutes')::interval
FROM generate_series(1, 3000) AS g;

INSERT INTO projects (user_id, name, description, type, platform, tags, is_public, status)
SELECT 'u' || lpad((g % 600 + 1)::text, 5, '0'), 'Project ' || g, 'A demo project',
       (ARRAY['series', 'campaign', 'one-off'])[g % 3 + 1],
       (ARRAY['youtube', 'tiktok', 'instagram', 'linkedin'])[g % 4 + 1],
       ARRAY['demo', 'tag' || (g % 10)], g % 5 = 0,
       (ARRAY['active', 'completed', 'archived'])[g % 3 + 1]
FROM generate_series(1, 2400) AS g;

INSERT INTO content (user_id, project_id, title, description, platform, content_type, status,
                     scheduled_at, tags, ai_generated)
SELECT 'u' || lpad((g % 600 + 1)::text, 5, '0'), g % 2400 + 1, 'Content ' || g, 'Body ' || g,
       (ARRAY['youtube', 'tiktok', 'instagram', 'linkedin'])[g % 4 + 1],
       (ARRAY['video', 'short', 'post', 'story'])[g % 4 + 1],
       (ARRAY['draft', 'scheduled', 'published', 'failed'])[g % 4 + 1],
       timestamp '2026-02-01' + (g || ' hours')::interval, ARRAY['t' || (g % 7)], g % 3 = 0
FROM generate_series(1, 12000) AS g;

INSERT INTO social_accounts (user_id, platform, account_id, account_name, access_token,
                             refresh_token, token_expiry)
SELECT 'u' || lpad((g % 600 + 1)::text, 5, '0'),
       (ARRAY['youtube', 'tiktok', 'instagram', 'linkedin'])[g % 4 + 1],
       'acct' || g, 'Account ' || g, 'demo-access-' || md5(g::text), 'demo-refresh-' || md5(g::text),
       timestamp '2026-06-01' + (g || ' hours')::interval
FROM generate_series(1, 900) AS g;

INSERT INTO social_posts (user_id, project_id, title, caption, hashtags, content_type, status)
SELECT 'u' || lpad((g % 600 + 1)::text, 5, '0'), g % 2400 + 1, 'Post ' || g, 'Caption ' || g,
       ARRAY['#demo'], (ARRAY['video', 'image', 'text'])[g % 3 + 1],
       (ARRAY['draft', 'scheduled', 'published'])[g % 3 + 1]
FROM generate_series(1, 6000) AS g;

INSERT INTO ai_generation_tasks (user_id, task_type, prompt, result, status, completed_at)
SELECT 'u' || lpad((g % 600 + 1)::text, 5, '0'), (ARRAY['script', 'caption', 'ideas'])[g % 3 + 1],
       'Prompt ' || g, 'Result ' || g, (ARRAY['pending', 'running', 'done', 'failed'])[g % 4 + 1],
       CASE WHEN g % 4 = 2 THEN timestamp '2026-03-01' + (g || ' minutes')::interval END
FROM generate_series(1, 4000) AS g;

INSERT INTO content_metrics (content_id, platform, views, likes, comments, shares, engagement_rate,
                             revenue)
SELECT g % 12000 + 1, (ARRAY['youtube', 'tiktok', 'instagram', 'linkedin'])[g % 4 + 1],
       g * 7 % 100000, g * 3 % 5000, g % 300, g % 120, (g % 1000) / 100.0, (g % 5000) / 10.0
FROM generate_series(1, 24000) AS g;
