-- A few rows for tricky-schema.sql and schema-edge-cases.sql, to check behaviour after a copy.
INSERT INTO app."Accounts" ("Email", "order", full_name, tags, profile, avatar, nickname)
VALUES ('ann@example.com', 1, 'Ann', '{a,b}', '{"k": 1}', '\x0102', 'Annie'),
       ('bob@example.com', 2, 'Bob', NULL, NULL, NULL, NULL);
INSERT INTO app.invoices (account_id, amount) VALUES (1, 10), (1, 2.5), (2, 7);
INSERT INTO app.employees VALUES (1, NULL, 'boss'), (2, 1, 'worker');
INSERT INTO reporting.categories VALUES (1, NULL, 'root'), (2, 1, 'child'), (3, NULL, 'other root');
INSERT INTO "Sales.EU"."order" (sku, ship_to, price_band, label, "quoted""name", qty)
VALUES ('ABC-1', ROW('Main St', 'Paris', '75001'), '[1,10)', 'Mixed', 'x', 2);
INSERT INTO "Sales.EU"."order" (qty) VALUES (1);
INSERT INTO "Sales.EU"."line.items" VALUES (1, 1, 9.5), (1, 2, 0.5);
INSERT INTO reporting.products (sku, category_id, price, name) VALUES ('ABC-1', 1, 9.99, 'widget');
INSERT INTO reporting.stock VALUES ('ABC-1', 3);
INSERT INTO reporting.measurements (region, taken_at, value)
VALUES ('eu', '2024-05-01 12:00+00', 1), ('uk', '2031-01-01 00:00+00', NULL), ('us', '2024-05-01 12:00+00', 2);
INSERT INTO reporting.bookings VALUES (1, '[2024-01-01,2024-01-02)');
INSERT INTO reporting.notes VALUES (1, 'hello');
INSERT INTO reporting.pinned_notes (id, body) VALUES (2, 'pinned hello');
REFRESH MATERIALIZED VIEW reporting.a_root_counts;
REFRESH MATERIALIZED VIEW reporting.a_summary;
