-- A schema with the awkward cases a sync must get right (issue 4, "Done when").
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('happy', 'sad', 'neutral');
CREATE DOMAIN app.email_address AS text CHECK (VALUE LIKE '%@%');
CREATE SEQUENCE app.invoice_seq START 1000;

-- Mixed-case quoted names, a reserved-word column, a UNIQUE email, identity, generated column.
CREATE TABLE app."Accounts" (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "Email" app.email_address NOT NULL UNIQUE,
  "order" integer NOT NULL DEFAULT 0,
  full_name varchar(80),
  phone text,
  mood app.mood DEFAULT 'neutral',
  tags text[],
  profile jsonb,
  avatar bytea,
  login_ip inet,
  nickname citext,
  name_upper text GENERATED ALWAYS AS (upper(full_name)) STORED,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE app."Accounts" IS 'Customer accounts';
COMMENT ON COLUMN app."Accounts"."Email" IS 'primary e-mail';

-- A self-referencing foreign key.
CREATE TABLE app.employees (
  id integer PRIMARY KEY,
  manager_id integer REFERENCES app.employees (id),
  name text NOT NULL
);

-- A composite primary key and a foreign key to a mixed-case table.
CREATE TABLE app.account_roles (
  account_id bigint NOT NULL REFERENCES app."Accounts" (id) ON DELETE CASCADE,
  role text NOT NULL,
  granted_at date NOT NULL DEFAULT current_date,
  PRIMARY KEY (account_id, role)
);

-- A partitioned table with two partitions.
CREATE TABLE app.events (
  id bigint NOT NULL,
  occurred_on date NOT NULL,
  account_id bigint REFERENCES app."Accounts" (id),
  payload jsonb,
  PRIMARY KEY (id, occurred_on)
) PARTITION BY RANGE (occurred_on);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

-- No primary key at all.
CREATE TABLE public.audit_trail (
  at timestamptz NOT NULL DEFAULT now(),
  actor text,
  note text
);

-- A view, a function and a trigger.
CREATE FUNCTION app.touch_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TABLE app.invoices (
  number integer PRIMARY KEY DEFAULT nextval('app.invoice_seq'),
  account_id bigint NOT NULL REFERENCES app."Accounts" (id),
  amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
  updated_at timestamptz
);
CREATE TRIGGER invoices_touch BEFORE UPDATE ON app.invoices FOR EACH ROW EXECUTE FUNCTION app.touch_invoice();
CREATE VIEW app.account_totals AS
  SELECT a.id, a."Email", coalesce(sum(i.amount), 0) AS total
    FROM app."Accounts" a LEFT JOIN app.invoices i ON i.account_id = a.id
   GROUP BY a.id, a."Email";
CREATE INDEX invoices_account_idx ON app.invoices (account_id);
