-- Rows for tricky-schema.sql: enough to make chunks, with awkward values.
INSERT INTO app."Accounts" ("Email", "order", full_name, phone, mood, tags, profile, avatar, login_ip, nickname, created_at)
SELECT 'user' || g || '@example.com', g % 10, 'Person ' || g, '+1-555-' || lpad((g % 10000)::text, 4, '0'),
       (ARRAY['happy', 'sad', 'neutral'])[1 + g % 3]::app.mood,
       ARRAY['t' || g, 'tab' || chr(9) || 'x', NULL],
       jsonb_build_object('email', 'user' || g || '@example.com', 'age', g % 90, 'nested', jsonb_build_object('phone', '555-0' || g)),
       decode(md5(g::text), 'hex'), ('10.0.' || (g % 250) || '.' || (g % 200))::inet, 'Nick' || g,
       timestamptz '2024-01-01' + g * interval '1 hour'
  FROM generate_series(1, 3000) g;
INSERT INTO app.employees VALUES (1, NULL, 'Boss');
INSERT INTO app.employees SELECT g, (g - 1) / 3 + 1, 'Employee ' || g FROM generate_series(2, 200) g;
INSERT INTO app.account_roles SELECT g, r, date '2024-01-01' + g FROM generate_series(1, 3000) g, unnest(ARRAY['reader', 'writer']) r WHERE g % 2 = 0 OR r = 'reader';
INSERT INTO app.events SELECT g, date '2024-06-01' + (g % 400), 1 + g % 3000, jsonb_build_object('kind', 'login', 'ip', '10.1.1.' || (g % 255)) FROM generate_series(1, 5000) g;
INSERT INTO public.audit_trail (at, actor, note) SELECT timestamptz '2024-01-01' + g * interval '1 min', 'user' || g || '@example.com', E'line one\nline two \\ back' FROM generate_series(1, 500) g;
INSERT INTO app.invoices (account_id, amount) SELECT 1 + g % 3000, (g % 1000) / 10.0 FROM generate_series(1, 4000) g;
ANALYZE;
