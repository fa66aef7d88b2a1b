SET synchronous_commit = off;
-- Fills the demo schema for :users users, entirely in SQL (one INSERT ... SELECT per table).
-- Deterministic: the same :users gives the same rows. Card numbers pass Luhn, IBANs pass mod-97,
-- SSNs follow the area/group/serial rules.
CREATE TEMP TABLE first_names (i int, name text);
INSERT INTO first_names SELECT ordinality - 1, n FROM unnest(ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth','William','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah','Carlos','Karen','Chen','Aisha','Olga','Hiroshi','Fatima','Luca','Ingrid','Mateo','Zoe','Amara']) WITH ORDINALITY n;
CREATE TEMP TABLE last_names (i int, name text);
INSERT INTO last_names SELECT ordinality - 1, n FROM unnest(ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez','Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Martin','Lee','Perez','Thompson','White','Harris','Sanchez','Clark','Ramirez','Lewis','Robinson']) WITH ORDINALITY n;
CREATE TEMP TABLE cities (i int, city text, state text, zip text);
INSERT INTO cities VALUES
  (0,'San Francisco','CA','94102'),(1,'New York','NY','10001'),(2,'Austin','TX','73301'),(3,'Seattle','WA','98101'),
  (4,'Chicago','IL','60601'),(5,'Boston','MA','02108'),(6,'Denver','CO','80202'),(7,'Miami','FL','33101'),
  (8,'Portland','OR','97201'),(9,'Atlanta','GA','30301');

-- Luhn check digit of a 15-digit body (unrolled so that PostgreSQL inlines it).
CREATE FUNCTION pg_temp.luhn_digit(body text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT ((10 - ((2 * substr(body, 1, 1)::int - CASE WHEN substr(body, 1, 1)::int >= 5 THEN 9 ELSE 0 END) + substr(body, 2, 1)::int + (2 * substr(body, 3, 1)::int - CASE WHEN substr(body, 3, 1)::int >= 5 THEN 9 ELSE 0 END) + substr(body, 4, 1)::int + (2 * substr(body, 5, 1)::int - CASE WHEN substr(body, 5, 1)::int >= 5 THEN 9 ELSE 0 END) + substr(body, 6, 1)::int + (2 * substr(body, 7, 1)::int - CASE WHEN substr(body, 7, 1)::int >= 5 THEN 9 ELSE 0 END) + substr(body, 8, 1)::int + (2 * substr(body, 9, 1)::int - CASE WHEN substr(body, 9, 1)::int >= 5 THEN 9 ELSE 0 END) + substr(body, 10, 1)::int + (2 * substr(body, 11, 1)::int - CASE WHEN substr(body, 11, 1)::int >= 5 THEN 9 ELSE 0 END) + substr(body, 12, 1)::int + (2 * substr(body, 13, 1)::int - CASE WHEN substr(body, 13, 1)::int >= 5 THEN 9 ELSE 0 END) + substr(body, 14, 1)::int + (2 * substr(body, 15, 1)::int - CASE WHEN substr(body, 15, 1)::int >= 5 THEN 9 ELSE 0 END)) % 10) % 10)::text
$$;
-- A German-format IBAN with a valid mod-97 checksum for an 18-digit BBAN.
CREATE FUNCTION pg_temp.iban_de(bban text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'DE' || lpad((98 - ((bban || '131400')::numeric % 97))::text, 2, '0') || bban
$$;

INSERT INTO users (id, email, full_name, phone, ssn, date_of_birth, preferences, notes, created_at)
SELECT g,
       lower(f.name || '.' || l.name || g) || '@' || (ARRAY['gmail.com','yahoo.com','example.org','fastmail.com'])[1 + g % 4],
       f.name || ' ' || l.name,
       CASE WHEN g % 10 = 0 THEN NULL ELSE '+1-' || (200 + g % 700) || '-' || lpad(((g * 7) % 1000)::text, 3, '0') || '-' || lpad(((g * 13) % 10000)::text, 4, '0') END,
       lpad((1 + g % 665)::text, 3, '0') || '-' || lpad((1 + g % 99)::text, 2, '0') || '-' || lpad((1 + g % 9999)::text, 4, '0'),
       date '1950-01-01' + (g * 37) % 20000,
       jsonb_build_object('newsletter', g % 2 = 0, 'language', (ARRAY['en','fr','de','es'])[1 + g % 4],
                          'contact', jsonb_build_object('backup_email', 'backup' || g || '@mailbox.org', 'sms', '+1-555-' || lpad((g % 10000)::text, 4, '0'))),
       CASE WHEN g % 5 = 0 THEN 'Called on ' || to_char(date '2024-01-01' + g % 365, 'YYYY-MM-DD') || ' from +1-415-555-' || lpad((g % 10000)::text, 4, '0') || '; prefers email ' || lower(f.name) || g || '@work.example' ELSE 'VIP customer since ' || (2015 + g % 9) END,
       timestamptz '2020-01-01' + (g * interval '17 minutes')
  FROM generate_series(1, :users) g
  JOIN first_names f ON f.i = g % 30
  JOIN last_names l ON l.i = (g / 30) % 30;

INSERT INTO addresses (user_id, kind, street, city, state, zip)
SELECT u, k, (100 + (u * 7) % 9900) || ' ' || (ARRAY['Main St','Oak Ave','Pine Rd','Maple Dr','Cedar Ln'])[1 + u % 5], c.city, c.state, c.zip
  FROM generate_series(1, :users) u
  CROSS JOIN unnest(ARRAY['shipping', 'billing']) k
  JOIN cities c ON c.i = u % 10
 WHERE k = 'shipping' OR u % 3 = 0;

INSERT INTO products (id, sku, name, category, price)
SELECT p, 'SKU-' || lpad(p::text, 6, '0'),
       (ARRAY['Organic','Classic','Deluxe','Mini','Family'])[1 + p % 5] || ' ' || (ARRAY['Strawberry Jam','Apricot Jam','Orange Marmalade','Fig Preserve','Cherry Jam','Honey'])[1 + p % 6],
       (ARRAY['jam','marmalade','preserve','honey'])[1 + p % 4], (2 + (p * 37) % 3000 / 100.0)
  FROM generate_series(1, 500) p;

-- Line i of order o: product 1 + (o*31 + i*17) % 500, quantity 1 + (o + i) % 4; orders have 1 + o % 3 lines.
CREATE FUNCTION pg_temp.unit_price(o bigint, line int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT 2 + ((o * 31 + line * 17) % 500 * 37) % 3000 / 100.0
$$;

INSERT INTO orders (id, user_id, status, total, shipping_address, customer_ip, created_at)
SELECT o, 1 + (o * 7919) % :users,
       (ARRAY['pending','paid','shipped','delivered','delivered','delivered','cancelled','refunded'])[1 + o % 8]::order_status,
       (SELECT sum((1 + (o + line) % 4) * pg_temp.unit_price(o, line)) FROM generate_series(1, 1 + (o % 3)::int) line),
       (100 + (o * 7) % 9900) || ' Main St, ' || c.city || ', ' || c.state || ' ' || c.zip,
       ('10.' || (o % 250) || '.' || ((o / 250) % 250) || '.' || (1 + o % 253))::inet,
       timestamptz '2022-01-01' + (o * interval '3 minutes')
  FROM generate_series(1::bigint, :users * 3) o
  JOIN cities c ON c.i = o % 10;

INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price)
SELECT o, line, 1 + (o * 31 + line * 17) % 500, 1 + (o + line) % 4, pg_temp.unit_price(o, line)
  FROM generate_series(1::bigint, :users * 3) o
  CROSS JOIN generate_series(1, 3) line
 WHERE line <= 1 + o % 3;

INSERT INTO payments (order_id, card_number, iban, amount, paid_at)
SELECT o.id,
       CASE WHEN o.id % 4 <> 0 THEN x.body || pg_temp.luhn_digit(x.body) END,
       CASE WHEN o.id % 4 = 0 THEN pg_temp.iban_de(lpad(((o.id * 104729) % 1000000000000000000)::text, 18, '0')) END,
       o.total, o.created_at + interval '5 minutes'
  FROM orders o
  CROSS JOIN LATERAL (SELECT '4' || lpad(((o.id * 982451653) % 1000000000000000)::text, 14, '0') AS body) x
 WHERE o.status <> 'pending';

INSERT INTO support_tickets (user_id, subject, body, metadata, cc_emails, created_at)
SELECT 1 + (t * 104723) % :users,
       (ARRAY['Where is my order?','Refund request','Change of address','Damaged jar','Account locked'])[1 + t % 5],
       'Hello, this is ' || f.name || ' ' || l.name || '. You can reach me at ' || lower(f.name) || '.' || lower(l.name) || t || '@gmail.com or +1-212-555-' || lpad((t % 10000)::text, 4, '0') ||
         CASE WHEN t % 7 = 0 THEN '. My card 4111 1111 1111 1111 was charged twice.' ELSE '. Order #' || t || ' never arrived.' END,
       jsonb_build_object('channel', (ARRAY['email','chat','phone'])[1 + t % 3], 'customer', jsonb_build_object('contact', jsonb_build_object('email', lower(l.name) || t || '@yahoo.com'), 'tier', 'gold')),
       CASE WHEN t % 3 = 0 THEN ARRAY['cc' || t || '@example.net', 'team@jam.example'] END,
       timestamptz '2023-01-01' + (t * interval '11 minutes')
  FROM generate_series(1::bigint, greatest(:users / 2, 1)) t
  JOIN first_names f ON f.i = t % 30
  JOIN last_names l ON l.i = (t / 30) % 30;

INSERT INTO audit_logs (actor_email, action, at)
SELECT 'admin' || (a % 5) || '@jam.example', (ARRAY['login','export','update_price','refund'])[1 + a % 4], timestamptz '2024-01-01' + a * interval '1 minute'
  FROM generate_series(1, greatest(:users / 10, 1)) a;

SELECT setval(pg_get_serial_sequence('users', 'id'), :users);
SELECT setval(pg_get_serial_sequence('orders', 'id'), :users * 3);
ANALYZE;
