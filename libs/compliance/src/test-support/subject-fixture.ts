/**
 * A schema for subject-rights tests: a 3-level FK graph with a composite key, a self-reference, a
 * cycle, ON DELETE CASCADE / RESTRICT / SET NULL, an also_match table, and subjects 1 and 2 sharing
 * a parent (org), a child (a transfer between them) and an e-mail domain.
 */
export const SUBJECT_SCHEMA = `
  CREATE SCHEMA app; CREATE SCHEMA billing;
  CREATE TABLE app.orgs (id int PRIMARY KEY, name text);
  CREATE TABLE app."Accounts" (
    id int PRIMARY KEY, "Email" text UNIQUE, org_id int REFERENCES app.orgs,
    referred_by int REFERENCES app."Accounts" ON DELETE SET NULL);
  CREATE TABLE app.orders (id int PRIMARY KEY,
    account_id int NOT NULL REFERENCES app."Accounts" ON DELETE CASCADE, note text, meta jsonb);
  CREATE TABLE app.order_lines (order_id int REFERENCES app.orders ON DELETE CASCADE,
    line_no int, sku text, PRIMARY KEY (order_id, line_no));
  CREATE TABLE app.line_notes (id serial PRIMARY KEY, order_id int, line_no int, body text,
    FOREIGN KEY (order_id, line_no) REFERENCES app.order_lines ON DELETE CASCADE);
  CREATE TABLE app.comments (id int PRIMARY KEY,
    account_id int REFERENCES app."Accounts" ON DELETE SET NULL,
    parent_id int REFERENCES app.comments ON DELETE CASCADE, body text);
  CREATE TABLE app.profiles (id int PRIMARY KEY,
    account_id int REFERENCES app."Accounts" ON DELETE CASCADE, main_address_id int);
  CREATE TABLE app.addresses (id int PRIMARY KEY,
    profile_id int REFERENCES app.profiles ON DELETE CASCADE, city text);
  ALTER TABLE app.profiles ADD FOREIGN KEY (main_address_id) REFERENCES app.addresses
    DEFERRABLE INITIALLY DEFERRED;
  CREATE TABLE app.transfers (id int PRIMARY KEY,
    from_account int REFERENCES app."Accounts" ON DELETE SET NULL,
    to_account int REFERENCES app."Accounts" ON DELETE SET NULL, amount numeric(10,2));
  CREATE TABLE billing.invoices (id int PRIMARY KEY,
    account_id int REFERENCES app."Accounts" ON DELETE RESTRICT, amount numeric(10,2));
  CREATE TABLE app.audit_events (id int PRIMARY KEY, actor_email text, action text);

  INSERT INTO app.orgs VALUES (1, 'Shared Org');
  INSERT INTO app."Accounts" VALUES
    (1, 'alice@example.com', 1, NULL), (2, 'bob@example.com', 1, 1), (3, 'carol@other.example', NULL, 2);
  INSERT INTO app.orders VALUES (10, 1, 'a1', '{"gift": true}'), (11, 1, 'a2', NULL), (20, 2, 'b1', '{}');
  INSERT INTO app.order_lines VALUES (10, 1, 'sku-a'), (10, 2, 'sku-b'), (11, 1, 'sku-c'), (20, 1, 'sku-a');
  INSERT INTO app.line_notes (order_id, line_no, body) VALUES
    (10, 2, 'wrap it'), (20, 1, 'bob note'), (11, 1, 'c, "quoted"');
  INSERT INTO app.comments VALUES
    (100, 1, NULL, 'alice top'), (101, 1, 100, 'alice reply'), (200, 2, NULL, 'bob top'), (201, 2, 200, 'bob reply');
  INSERT INTO app.profiles VALUES (1, 1, NULL), (2, 2, NULL);
  INSERT INTO app.addresses VALUES (1, 1, 'Lyon'), (2, 2, 'Nantes'), (3, 1, 'Paris');
  UPDATE app.profiles SET main_address_id = id;
  INSERT INTO app.transfers VALUES (1, 1, 2, 5.00), (2, 2, 3, 7.50);
  INSERT INTO billing.invoices VALUES (1, 1, 99.90), (2, 2, 10.00);
  INSERT INTO app.audit_events VALUES
    (1, 'alice@example.com', 'login'), (2, 'bob@example.com', 'login'),
    (3, 'example.com', 'probe'), (4, 'ALICE@example.com', 'login');`;

/** The subjects: section matching {@link SUBJECT_SCHEMA}. */
export const SUBJECTS_YAML = `controller: { name: Acme, contact: privacy@acme.example }
subjects:
  root: app.Accounts
  identifiers: [id, Email]
  also_match:
    - { table: app.audit_events, column: actor_email, matches: Email }
  erasure:
    default: delete
    tables:
      billing.invoices: { action: anonymize }
`;
