import type { PiiKind } from '../lib/pii-kind';

/**
 * A labelled test database for PII detection: five schemas in English, German, French, Spanish
 * and Italian, PII in awkward places (a `notes` column, a jsonb key two levels down, a `text[]`,
 * a column named `misc`, an `inet` column) and ordinary columns that must not be flagged. Every
 * table has 40 rows. The labels below are the truth detection is measured against.
 */
export const LABELLED_SCHEMA_SQL = String.raw`
CREATE OR REPLACE FUNCTION pick(items text[], i int) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT items[1 + (i % array_length(items, 1))] $$;

CREATE SCHEMA shop;
CREATE TABLE shop.customers (
  id serial PRIMARY KEY,
  first_name text,
  last_name text,
  email text,
  phone text,
  date_of_birth date,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL,
  loyalty_points int NOT NULL DEFAULT 0,
  notes text,
  last_login_ip inet,
  preferences jsonb,
  tags text[],
  misc text,
  email_verified boolean,
  country char(2),
  extra jsonb,
  aliases text[],
  ref_code text
);
COMMENT ON COLUMN shop.customers.ref_code IS 'referral code printed on flyers';
INSERT INTO shop.customers (first_name, last_name, email, phone, date_of_birth, status, loyalty_points,
  notes, last_login_ip, preferences, tags, misc, email_verified, country, extra, aliases, ref_code)
SELECT pick('{Marie,Jean,Anna,Carlos,Giulia,Thomas,Sofia,Lukas}', g),
       pick('{Curie,Dupont,Schmidt,García,Rossi,Martin,Silva,Weber}', g),
       pick('{marie.curie@gmail.com,jdupont@orange.fr,anna.schmidt@web.de,carlos.g@yahoo.es,giulia.rossi@libero.it,tmartin@outlook.com,sofia.silva@sapo.pt,lukas.weber@gmx.de}', g),
       pick('{+33 6 12 34 56 78,(415) 555-0132,+49 30 1234567,+34 612 345 678,+39 347 123 4567,06 98 76 54 32,+351 912 345 678,030 7654321}', g),
       date '1960-01-01' + (g * 397) % 15000,
       pick('{active,inactive,pending,banned}', g),
       g * 10,
       pick(ARRAY['Prefers morning delivery', 'Call +33 6 12 34 56 78 before delivery', NULL, 'VIP customer',
                  'Wrote from marie.c@gmail.com about a refund', 'Allergic to peanuts', 'Paid by card 4398 2597 9190 7482',
                  'Gate code 4411'], g),
       ('192.168.' || (g % 250) || '.' || (g * 7 % 250))::inet,
       jsonb_build_object('newsletter', g % 2 = 0, 'theme', pick('{dark,light}', g), 'language', pick('{fr,de,en}', g)),
       ARRAY[pick('{vip,new,returning,wholesale}', g), pick('{eu,us,latam}', g)],
       pick(ARRAY['ana.silva@mail.pt', '+351 912 345 678', '123-45-6789', 'n/a', 'lukas@web.de', '(212) 555-0187',
                  'jose@correo.es', '+44 20 7946 0958'], g),
       g % 3 = 0,
       pick('{FR,DE,ES,IT,PT,US}', g),
       jsonb_build_object('plan', pick('{free,pro,team}', g), 'shipping',
         jsonb_build_object('to', pick('{Marie Curie,Jean Dupont,Anna Schmidt,Carlos García}', g),
                            'reach', pick('{+33 6 12 34 56 78,+49 30 1234567,+34 612 345 678,(415) 555-0132}', g))),
       ARRAY[pick('{marie@curie.fr,jd@orange.fr,anna@web.de,cg@yahoo.es}', g), pick('{m.c@free.fr,jean@laposte.net,as@gmx.de,carlos@hotmail.es}', g)],
       'REF-' || lpad(g::text, 5, '0')
  FROM generate_series(1, 40) g;

CREATE TABLE shop.products (
  id serial PRIMARY KEY,
  sku text NOT NULL,
  name text NOT NULL,
  description text,
  price numeric(10, 2) NOT NULL,
  category text,
  stock int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  barcode text,
  weight_kg numeric(6, 3),
  color text,
  is_active boolean,
  attributes jsonb,
  image_url text,
  version text
);
INSERT INTO shop.products (sku, name, description, price, category, stock, barcode, weight_kg, color,
  is_active, attributes, image_url, version)
SELECT 'SKU-' || lpad(g::text, 6, '0') || '-' || pick('{S,M,L,XL}', g),
       pick('{Wireless Mouse,Oak Desk,Ruby Red Mug,Victoria Sponge Cake,USB-C Cable 2m,Desk Lamp,Stainless Steel Water Bottle 750ml,Linen Shirt}', g),
       pick(ARRAY['Ergonomic mouse with 2.4 GHz receiver and 18 months battery life.',
                  'Solid oak, 140 x 70 cm, ships flat-packed in 2 boxes.',
                  'Dishwasher safe, 350 ml.', 'Classic recipe, serves 8.',
                  'Braided cable, 60 W power delivery, 480 Mbit/s.', 'LED lamp, 3 colour temperatures, 1200 lm.',
                  'Keeps drinks cold for 24 hours.', '100% linen, machine wash at 30 degrees.'], g),
       (g * 3.7)::numeric(10, 2),
       pick('{electronics,furniture,kitchen,bakery,clothing}', g),
       g * 13 % 500,
       '400' || lpad((g * 7919)::text, 10, '0'),
       (g * 0.137)::numeric(6, 3),
       pick('{red,blue,green,black,white,oak}', g),
       g % 5 <> 0,
       jsonb_build_object('size', pick('{S,M,L,XL}', g), 'material', pick('{cotton,linen,oak,steel}', g)),
       'https://cdn.shop.test/img/' || g || '.png',
       pick('{1.2.3,1.4.0,2.0.1,0.9.12}', g)
  FROM generate_series(1, 40) g;

CREATE TABLE shop.orders (
  id bigserial PRIMARY KEY,
  customer_id int NOT NULL REFERENCES shop.customers,
  order_number text NOT NULL,
  amount numeric(12, 2) NOT NULL,
  currency char(3) NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  shipped_at timestamptz,
  shipping_address text,
  billing jsonb,
  tracking_number text,
  coupon_code text,
  client_ip inet,
  total_items int,
  metadata jsonb
);
INSERT INTO shop.orders (customer_id, order_number, amount, currency, status, shipped_at, shipping_address,
  billing, tracking_number, coupon_code, client_ip, total_items, metadata)
SELECT 1 + g % 40,
       'ORD-2024-' || lpad(g::text, 6, '0'),
       (g * 12.5)::numeric(12, 2),
       pick('{EUR,USD,GBP}', g),
       pick('{paid,shipped,cancelled,refunded}', g),
       now() - g * interval '1 day',
       pick(ARRAY['12 rue de la Paix, 75002 Paris', 'Hauptstraße 5, 10115 Berlin', '1600 Pennsylvania Avenue NW, Washington',
                  'Calle Mayor 3, 28013 Madrid', 'Via Roma 12, 00184 Roma', '42 Main Street, Springfield',
                  '8 avenue Victor Hugo, 69002 Lyon', 'Kerkstraat 12, 1017 Amsterdam'], g),
       jsonb_build_object('method', 'card', 'card', jsonb_build_object(
         'number', pick('{4398259791907482,4337887623286016,4290404796669724,5189693504925896}', g),
         'holder', pick('{Marie Curie,Jean Dupont,Anna Schmidt,Carlos García}', g))),
       '1Z' || upper(substr(md5(g::text), 1, 16)),
       pick('{SPRING2024,WELCOME10,BLACKFRIDAY,NONE}', g),
       ('10.' || (g % 200) || '.' || (g * 3 % 250) || '.7')::inet,
       1 + g % 6,
       jsonb_build_object('source', pick('{web,ios,android}', g), 'campaign', pick('{spring,summer,none}', g))
  FROM generate_series(1, 40) g;

CREATE TABLE shop.events (
  id bigserial PRIMARY KEY,
  event_type text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  session_id uuid,
  user_agent text,
  duration_ms int,
  request_path text,
  http_status int,
  payload jsonb
);
INSERT INTO shop.events (event_type, session_id, user_agent, duration_ms, request_path, http_status, payload)
SELECT pick('{page_view,add_to_cart,checkout,login}', g),
       md5(g::text)::uuid,
       pick('{Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0,Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)}', g),
       g * 37,
       '/api/orders/' || g || '/items',
       pick('{200,201,404,500}', g)::int,
       jsonb_build_object('page', '/checkout', 'items', g % 5, 'elapsed', g * 1.5)
  FROM generate_series(1, 40) g;

CREATE SCHEMA kunden;
CREATE TABLE kunden.kunden (
  kundennummer int PRIMARY KEY,
  vorname text, nachname text, geburtsdatum date, strasse text, plz text, ort text,
  telefonnummer text, bemerkung text, iban text,
  erstellt_am timestamptz NOT NULL DEFAULT now(), kundenstatus text, umsatz numeric(12, 2)
);
INSERT INTO kunden.kunden
SELECT 10000 + g,
       pick('{Lukas,Anna,Jonas,Lea,Stefan,Katrin}', g), pick('{Müller,Schmidt,Schneider,Fischer,Weber,Wagner}', g),
       date '1950-01-01' + (g * 541) % 20000,
       pick('{Hauptstraße 5,Lindenweg 12,Bahnhofstraße 1,Schillerplatz 3}', g),
       lpad((10115 + g * 97)::text, 5, '0'),
       pick('{Berlin,München,Hamburg,Köln}', g),
       pick('{+49 30 1234567,+49 89 7654321,040 1234567,0221 9876543}', g),
       pick(ARRAY['Stammkunde', 'Rückruf unter +49 30 1234567 erbeten', NULL, 'Lieferung an Lindenweg 12 statt Hauptstraße 5', 'Zahlt per Rechnung'], g),
       pick('{DE89370400440532013000,NL91ABNA0417164300,BE68539007547034,CH9300762011623852957}', g),
       now(), pick('{aktiv,gesperrt}', g), (g * 99.5)::numeric(12, 2)
  FROM generate_series(1, 40) g;

CREATE SCHEMA clients;
CREATE TABLE clients.clients (
  id serial PRIMARY KEY,
  prenom text, nom text, courriel text, telephone text, date_de_naissance date, adresse text,
  code_postal text, ville text, numero_securite_sociale text, commentaire text,
  montant numeric(12, 2), statut text, reference text, cree_le timestamptz DEFAULT now()
);
INSERT INTO clients.clients (prenom, nom, courriel, telephone, date_de_naissance, adresse, code_postal, ville,
  numero_securite_sociale, commentaire, montant, statut, reference)
SELECT pick('{Camille,Louis,Chloé,Hugo,Léa,Pierre}', g), pick('{Martin,Bernard,Dubois,Thomas,Robert,Richard}', g),
       pick('{camille.martin@free.fr,louis.b@orange.fr,chloe.d@laposte.net,hugo.thomas@sfr.fr}', g),
       pick('{06 12 34 56 78,01 45 67 89 10,+33 7 81 23 45 67,04 78 12 34 56}', g),
       date '1945-06-01' + (g * 613) % 25000,
       pick('{12 rue de la Paix,8 avenue Victor Hugo,3 boulevard Voltaire,27 place Bellecour}', g),
       pick('{75002,69002,13001,33000}', g),
       pick('{Paris,Lyon,Marseille,Bordeaux}', g),
       pick('{1 85 05 78 006 084 91,2 92 03 75 120 123 71,1 76 02 69 388 007 14,2 01 10 99 350 221 03}', g),
       pick(ARRAY['Client fidèle', 'Rappeler au 06 12 34 56 78', NULL, 'Envoyer la facture à louis.b@orange.fr', 'RAS'], g),
       (g * 45.2)::numeric(12, 2), pick('{actif,inactif}', g), 'CMD-2024-' || lpad(g::text, 4, '0')
  FROM generate_series(1, 40) g;

CREATE SCHEMA clinica;
CREATE TABLE clinica.pacientes (
  id serial PRIMARY KEY,
  nombre text, apellidos text, correo_electronico text, telefono text, fecha_nacimiento date, dni text,
  direccion text, observaciones text, fecha_alta date, diagnostico_codigo text, importe numeric(10, 2),
  activo boolean
);
INSERT INTO clinica.pacientes (nombre, apellidos, correo_electronico, telefono, fecha_nacimiento, dni, direccion,
  observaciones, fecha_alta, diagnostico_codigo, importe, activo)
SELECT pick('{José,María,Javier,Lucía,Pablo,Carmen}', g), pick('{García López,Fernández Ruiz,Martínez Díaz}', g),
       pick('{jose.garcia@gmail.com,maria.f@hotmail.es,javier.m@yahoo.es}', g),
       pick('{+34 612 345 678,+34 699 876 543,91 123 45 67}', g),
       date '1940-01-01' + (g * 733) % 28000,
       lpad((12345678 + g * 1111)::text, 8, '0') || pick('{Z,X,T,R}', g),
       pick('{Calle Mayor 3,Avenida de la Constitución 21,Paseo del Prado 8}', g),
       pick(ARRAY['Alergia a la penicilina', 'Contactar con su hija en el +34 699 876 543', NULL, 'Control en 6 meses'], g),
       date '2024-01-01' + g,
       pick('{J45.909,E11.9,I10,M54.5}', g),
       (g * 60)::numeric(10, 2),
       g % 4 <> 0
  FROM generate_series(1, 40) g;

CREATE SCHEMA app;
CREATE TABLE app.utenti (
  id serial PRIMARY KEY,
  nome text, cognome text, codice_fiscale text, indirizzo text, cellulare text, data_di_nascita date,
  stato text, creato_il timestamptz DEFAULT now(), punteggio int
);
INSERT INTO app.utenti (nome, cognome, codice_fiscale, indirizzo, cellulare, data_di_nascita, stato, punteggio)
SELECT pick('{Giulia,Marco,Francesca,Luca,Chiara,Matteo}', g), pick('{Rossi,Russo,Ferrari,Esposito,Bianchi}', g),
       pick('{RSSMRA80A01H501U,BNCLCU75C12F205X,FRRFNC90D45L219K}', g),
       pick('{Via Roma 12,Corso Italia 45,Piazza Navona 3}', g),
       pick('{+39 347 123 4567,+39 333 765 4321,+39 320 111 2233}', g),
       date '1955-01-01' + (g * 487) % 22000,
       pick('{attivo,sospeso}', g), g * 3
  FROM generate_series(1, 40) g;
-- Harder cases, added after the first measurement.
ALTER TABLE shop.customers ADD COLUMN username text, ADD COLUMN birth_year int, ADD COLUMN avatar_url text,
  ADD COLUMN signup_source text, ADD COLUMN ip_allowlist_enabled boolean, ADD COLUMN mobile_app_version text,
  ADD COLUMN tax_rate numeric(5, 2), ADD COLUMN address_verified boolean, ADD COLUMN email_opt_in boolean;
UPDATE shop.customers SET username = lower(left(first_name, 1) || last_name) || id,
  birth_year = extract(year FROM date_of_birth)::int, avatar_url = 'https://cdn.shop.test/avatars/' || id || '.jpg',
  signup_source = pick('{web,ios,android,store}', id), ip_allowlist_enabled = id % 7 = 0,
  mobile_app_version = pick('{5.2.1,5.3.0,6.0.2}', id), tax_rate = 20.00, address_verified = id % 2 = 0,
  email_opt_in = id % 3 = 0;
ALTER TABLE shop.products ADD COLUMN legacy_id bigint;
UPDATE shop.products SET legacy_id = 4000000000000000 + id::bigint * 7919 * 104729;
ALTER TABLE shop.orders ADD COLUMN gift_message text, ADD COLUMN payment_ref text;
UPDATE shop.orders SET gift_message = pick(ARRAY['Happy birthday Marie! Love, Jean', NULL, 'Joyeux Noël Camille', 'For Lukas, with love'], id::int),
  payment_ref = 'pi_' || substr(md5(id::text), 1, 24);
ALTER TABLE shop.events ADD COLUMN referrer text, ADD COLUMN device_id uuid;
UPDATE shop.events SET referrer = pick(ARRAY['https://www.google.com/search?q=oak+desk', 'https://news.example.net/deals', NULL], id::int),
  device_id = md5('device' || id)::uuid;
ALTER TABLE kunden.kunden ADD COLUMN ansprechpartner text;
UPDATE kunden.kunden SET ansprechpartner = pick('{Herr Müller,Frau Schneider,Herr Dr. Weber}', kundennummer);
ALTER TABLE clients.clients ADD COLUMN numero_tva text;
UPDATE clients.clients SET numero_tva = pick('{FR40303265045,FR23334175221,FR84323140391}', id);
ALTER TABLE clinica.pacientes ADD COLUMN contacto_emergencia text;
UPDATE clinica.pacientes SET contacto_emergencia = pick('{Ana (hija) +34 699 876 543,Luis +34 612 000 111,Marta 91 123 45 67}', id);
ANALYZE;
`;

/** The truth: the kind of every PII column (`schema.table.column`); every other column is not PII. */
export const LABELLED_PII: Record<string, PiiKind> = {
  'shop.customers.first_name': 'person_name',
  'shop.customers.last_name': 'person_name',
  'shop.customers.email': 'email',
  'shop.customers.phone': 'phone',
  'shop.customers.date_of_birth': 'date_of_birth',
  'shop.customers.notes': 'free_text',
  'shop.customers.last_login_ip': 'ip_address',
  'shop.customers.misc': 'free_text',
  'shop.customers.extra': 'json',
  'shop.customers.aliases': 'array',
  'shop.orders.shipping_address': 'postal_address',
  'shop.orders.billing': 'json',
  'shop.orders.client_ip': 'ip_address',
  'kunden.kunden.vorname': 'person_name',
  'kunden.kunden.nachname': 'person_name',
  'kunden.kunden.geburtsdatum': 'date_of_birth',
  'kunden.kunden.strasse': 'postal_address',
  'kunden.kunden.plz': 'postal_address',
  'kunden.kunden.telefonnummer': 'phone',
  'kunden.kunden.bemerkung': 'free_text',
  'kunden.kunden.iban': 'iban',
  'clients.clients.prenom': 'person_name',
  'clients.clients.nom': 'person_name',
  'clients.clients.courriel': 'email',
  'clients.clients.telephone': 'phone',
  'clients.clients.date_de_naissance': 'date_of_birth',
  'clients.clients.adresse': 'postal_address',
  'clients.clients.code_postal': 'postal_address',
  'clients.clients.numero_securite_sociale': 'national_id',
  'clients.clients.commentaire': 'free_text',
  'clinica.pacientes.nombre': 'person_name',
  'clinica.pacientes.apellidos': 'person_name',
  'clinica.pacientes.correo_electronico': 'email',
  'clinica.pacientes.telefono': 'phone',
  'clinica.pacientes.fecha_nacimiento': 'date_of_birth',
  'clinica.pacientes.dni': 'national_id',
  'clinica.pacientes.direccion': 'postal_address',
  'clinica.pacientes.observaciones': 'free_text',
  'app.utenti.nome': 'person_name',
  'app.utenti.cognome': 'person_name',
  'app.utenti.codice_fiscale': 'national_id',
  'app.utenti.indirizzo': 'postal_address',
  'app.utenti.cellulare': 'phone',
  'app.utenti.data_di_nascita': 'date_of_birth',
  'shop.customers.username': 'person_name',
  'shop.customers.birth_year': 'date_of_birth',
  'shop.orders.gift_message': 'free_text',
  'kunden.kunden.ansprechpartner': 'person_name',
  'clinica.pacientes.contacto_emergencia': 'free_text',
};
