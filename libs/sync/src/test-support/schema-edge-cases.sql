-- Harder cases for the schema copy (libs/sync/src/lib/schema), on top of tricky-schema.sql.
-- Names are chosen so that alphabetical order is never a valid creation order.

CREATE SCHEMA "Sales.EU";
CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'Read models';

-- A collation of our own, ICU (case-insensitive) when the server has ICU, else libc.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i') THEN
    CREATE COLLATION reporting.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
  ELSE
    CREATE COLLATION reporting.case_insensitive (provider = libc, locale = 'C');
  END IF;
END $$;
COMMENT ON COLLATION reporting.case_insensitive IS 'for codes';

-- Types: composite (with a collation), range (with a subtype_diff function), enum with awkward labels.
CREATE FUNCTION reporting.numeric_diff(a numeric, b numeric) RETURNS float8
  LANGUAGE sql IMMUTABLE AS $$ SELECT (a - b)::float8 $$;
CREATE TYPE reporting.amount_range AS RANGE (subtype = numeric, subtype_diff = reporting.numeric_diff);
CREATE TYPE reporting.address AS (street text, city text COLLATE "C", zip varchar(10));
COMMENT ON TYPE reporting.address IS 'Postal address';
COMMENT ON COLUMN reporting.address.zip IS 'postal code';
CREATE TABLE reporting.typed_addresses OF reporting.address (zip WITH OPTIONS NOT NULL);
CREATE TYPE "Sales.EU"."Status" AS ENUM ('new', 'it''s done', 'back\slash', 'Ünïcödé');

-- A function used by a domain CHECK, a table CHECK and a column DEFAULT, created before them.
CREATE FUNCTION reporting.is_valid_sku(sku text) RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$ SELECT sku ~ '^[A-Z]{3}-[0-9]+$' $$;
CREATE SEQUENCE reporting.code_seq AS integer START 10 INCREMENT 5 MINVALUE 10 MAXVALUE 100000 CYCLE CACHE 3;
CREATE FUNCTION reporting.next_code() RETURNS text
  LANGUAGE sql AS $$ SELECT 'C-' || nextval('reporting.code_seq')::text $$;
CREATE DOMAIN reporting.sku AS text COLLATE "C" DEFAULT 'AAA-0' NOT NULL
  CONSTRAINT sku_format CHECK (reporting.is_valid_sku(VALUE));
COMMENT ON DOMAIN reporting.sku IS 'Stock keeping unit';
COMMENT ON CONSTRAINT sku_format ON DOMAIN reporting.sku IS 'three letters, a dash, digits';
CREATE DOMAIN reporting.positive_int AS integer;
ALTER DOMAIN reporting.positive_int ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID;

-- A reserved word as a table name in a schema with a dot; serial; every kind of column.
CREATE TABLE "Sales.EU"."order" (
  id serial PRIMARY KEY,
  code text NOT NULL DEFAULT reporting.next_code(),
  sku reporting.sku,
  ship_to reporting.address,
  price_band reporting.amount_range,
  status "Sales.EU"."Status" NOT NULL DEFAULT 'new',
  label text COLLATE reporting.case_insensitive,
  "quoted""name" text,
  qty integer NOT NULL CONSTRAINT positive_qty CHECK (qty > 0),
  CONSTRAINT sku_checked CHECK (sku IS NULL OR reporting.is_valid_sku(sku::text))
);
COMMENT ON CONSTRAINT positive_qty ON "Sales.EU"."order" IS 'no empty orders';
COMMENT ON COLUMN "Sales.EU"."order"."quoted""name" IS 'a "quoted" name';

-- A table named with a dot, one with a quote; a foreign key between them, deferrable.
CREATE TABLE "Sales.EU"."line.items" (
  order_id integer NOT NULL REFERENCES "Sales.EU"."order" (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  line smallint NOT NULL,
  amount numeric(10, 2) NOT NULL DEFAULT 0,
  PRIMARY KEY (order_id, line)
);
CREATE TABLE reporting."weird""name" (id integer PRIMARY KEY, "select" text, "Mixed Case" int);

-- A self-referencing deferrable foreign key with ON DELETE SET NULL; a unique constraint.
CREATE TABLE reporting.categories (
  id integer PRIMARY KEY,
  parent_id integer REFERENCES reporting.categories (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
  name text NOT NULL UNIQUE
);

-- A foreign key that references a unique index (not a constraint); a NOT VALID check and FK.
CREATE TABLE reporting.products (
  sku reporting.sku,
  category_id integer,
  price numeric(10, 2),
  name text
);
CREATE UNIQUE INDEX products_sku_idx ON reporting.products (sku);
CREATE INDEX products_lower_name_idx ON reporting.products (lower(name)) WHERE price IS NOT NULL;
COMMENT ON INDEX reporting.products_lower_name_idx IS 'search by name';
CREATE TABLE reporting.stock (
  sku reporting.sku REFERENCES reporting.products (sku) ON UPDATE CASCADE,
  quantity reporting.positive_int
);
ALTER TABLE reporting.products ADD CONSTRAINT price_positive CHECK (price > 0) NOT VALID;
ALTER TABLE reporting.products ADD CONSTRAINT products_category_fkey
  FOREIGN KEY (category_id) REFERENCES reporting.categories (id) NOT VALID;

-- Exclusion constraints: one on a core range opclass, one needing btree_gist when available.
CREATE TABLE reporting.bookings (
  room integer NOT NULL,
  during tstzrange NOT NULL,
  EXCLUDE USING gist (during WITH &&) WHERE (room < 0)
);
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gist') THEN
    CREATE EXTENSION IF NOT EXISTS btree_gist;
    ALTER TABLE reporting.bookings
      ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
  END IF;
END $$;

-- List partitions, sub-partitioned by range, default partitions at both levels, a hash-partitioned
-- table, identity with options on a partitioned table, a partition-specific default, and a
-- partition index that was attached under its own name.
CREATE TABLE reporting.measurements (
  id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 10),
  region text NOT NULL,
  taken_at timestamptz NOT NULL,
  value numeric DEFAULT 1 CHECK (value >= 0),
  PRIMARY KEY (id, region, taken_at)
) PARTITION BY LIST (region);
CREATE TABLE reporting.measurements_eu PARTITION OF reporting.measurements
  FOR VALUES IN ('eu', 'uk') PARTITION BY RANGE (taken_at);
CREATE TABLE reporting.measurements_eu_2024 PARTITION OF reporting.measurements_eu
  FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE TABLE reporting.measurements_eu_rest PARTITION OF reporting.measurements_eu DEFAULT;
CREATE TABLE reporting.measurements_other (
  id bigint NOT NULL,
  region text NOT NULL,
  taken_at timestamptz NOT NULL,
  value numeric DEFAULT 1 CONSTRAINT measurements_value_check CHECK (value >= 0)
);
ALTER TABLE reporting.measurements ATTACH PARTITION reporting.measurements_other DEFAULT;
ALTER TABLE reporting.measurements_eu_rest ALTER COLUMN value SET DEFAULT 0;
CREATE INDEX measurements_taken_idx ON ONLY reporting.measurements (taken_at);
CREATE INDEX measurements_eu_taken_idx ON ONLY reporting.measurements_eu (taken_at);
CREATE INDEX custom_eu_2024_taken ON reporting.measurements_eu_2024 (taken_at);
CREATE INDEX custom_eu_rest_taken ON reporting.measurements_eu_rest (taken_at);
CREATE INDEX custom_other_taken ON reporting.measurements_other (taken_at);
ALTER INDEX reporting.measurements_eu_taken_idx ATTACH PARTITION reporting.custom_eu_2024_taken;
ALTER INDEX reporting.measurements_eu_taken_idx ATTACH PARTITION reporting.custom_eu_rest_taken;
ALTER INDEX reporting.measurements_taken_idx ATTACH PARTITION reporting.measurements_eu_taken_idx;
ALTER INDEX reporting.measurements_taken_idx ATTACH PARTITION reporting.custom_other_taken;
CREATE TABLE reporting.sessions (id uuid NOT NULL, data jsonb) PARTITION BY HASH (id);
CREATE TABLE reporting.sessions_0 PARTITION OF reporting.sessions FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE reporting.sessions_1 PARTITION OF reporting.sessions FOR VALUES WITH (MODULUS 2, REMAINDER 1);

-- Inheritance: a child with a column of its own and another default for an inherited one.
CREATE TABLE reporting.notes (id integer PRIMARY KEY, body text NOT NULL DEFAULT '');
CREATE TABLE reporting.pinned_notes (pinned_at timestamptz NOT NULL DEFAULT now())
  INHERITS (reporting.notes);
ALTER TABLE reporting.pinned_notes ALTER COLUMN body SET DEFAULT 'pinned';

-- Names long enough for PostgreSQL to shorten the names it derives from them.
CREATE TABLE reporting.a_table_name_long_enough_to_be_cut_when_postgres_names_things (
  a_column_name_that_is_rather_long_too integer NOT NULL,
  "Ünïcödé_column_with_a_long_name_in_two_byte_characters" text NOT NULL
);

-- Unlogged table with storage parameters; extended statistics.
CREATE UNLOGGED TABLE reporting.cache (k text PRIMARY KEY, v jsonb)
  WITH (fillfactor = 70, autovacuum_enabled = off, toast.autovacuum_enabled = off);
CREATE STATISTICS reporting.products_stats (dependencies) ON category_id, price FROM reporting.products;

-- Functions that depend on tables: a SQL-standard body, a row-type result; a procedure; an aggregate.
CREATE FUNCTION reporting.category_count() RETURNS bigint
  LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM reporting.categories; END;
CREATE FUNCTION reporting.root_categories() RETURNS SETOF reporting.categories
  LANGUAGE sql STABLE AS $$ SELECT * FROM reporting.categories WHERE parent_id IS NULL $$;
COMMENT ON FUNCTION reporting.root_categories() IS 'top of the tree';
CREATE PROCEDURE reporting.purge_notes(older_than integer)
  LANGUAGE plpgsql AS $$ BEGIN DELETE FROM reporting.notes WHERE id < older_than; END $$;
COMMENT ON PROCEDURE reporting.purge_notes(integer) IS 'housekeeping';
CREATE AGGREGATE reporting.concat_all(text) (SFUNC = textcat, STYPE = text, INITCOND = '');
COMMENT ON AGGREGATE reporting.concat_all(text) IS 'joins text';

-- Views on views (names in reverse dependency order), a materialized view on a view, a view that
-- relies on a primary key (GROUP BY), options and a check option, and an unpopulated matview.
CREATE VIEW reporting.z_base AS SELECT id, parent_id, name FROM reporting.categories;
CREATE VIEW reporting.m_roots WITH (security_barrier = true) AS
  SELECT * FROM reporting.z_base WHERE parent_id IS NULL WITH CASCADED CHECK OPTION;
CREATE VIEW reporting.a_top AS SELECT id, name, reporting.category_count() AS total FROM reporting.m_roots;
COMMENT ON VIEW reporting.a_top IS 'roots and how many there are';
COMMENT ON COLUMN reporting.a_top.total IS 'all categories';
CREATE MATERIALIZED VIEW reporting.a_root_counts AS
  SELECT t.id, count(c.id) AS children
    FROM reporting.a_top t LEFT JOIN reporting.categories c ON c.parent_id = t.id
   GROUP BY t.id;
CREATE UNIQUE INDEX a_root_counts_id ON reporting.a_root_counts (id);
COMMENT ON MATERIALIZED VIEW reporting.a_root_counts IS 'children per root';
CREATE MATERIALIZED VIEW reporting.a_summary AS SELECT sum(children) AS children FROM reporting.a_root_counts;
CREATE MATERIALIZED VIEW reporting.never_filled AS SELECT 1 AS one WITH NO DATA;
CREATE VIEW reporting.b_by_key AS
  SELECT c.id, c.name, count(s.id) AS children
    FROM reporting.categories c LEFT JOIN reporting.categories s ON s.parent_id = c.id
   GROUP BY c.id;

-- Triggers: on a partitioned table (cloned to partitions), a disabled one, a constraint trigger,
-- a statement trigger with a transition table and a WHEN condition; a rule; row-level security.
CREATE FUNCTION reporting.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.value := coalesce(NEW.value, 0);
  RETURN NEW;
END $$;
CREATE FUNCTION reporting.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER measurements_touch BEFORE INSERT ON reporting.measurements
  FOR EACH ROW EXECUTE FUNCTION reporting.touch();
CREATE TRIGGER categories_disabled AFTER DELETE ON reporting.categories
  FOR EACH ROW EXECUTE FUNCTION reporting.noop();
ALTER TABLE reporting.categories DISABLE TRIGGER categories_disabled;
CREATE CONSTRAINT TRIGGER categories_check AFTER INSERT ON reporting.categories
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION reporting.noop();
CREATE TRIGGER products_audit AFTER UPDATE ON reporting.products
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION reporting.noop();
CREATE TRIGGER products_price AFTER UPDATE OF price ON reporting.products
  FOR EACH ROW WHEN (OLD.price IS DISTINCT FROM NEW.price) EXECUTE FUNCTION reporting.noop();
COMMENT ON TRIGGER measurements_touch ON reporting.measurements IS 'defaults the value';
CREATE RULE notes_keep AS ON DELETE TO reporting.pinned_notes DO INSTEAD NOTHING;
COMMENT ON RULE notes_keep ON reporting.pinned_notes IS 'pinned notes stay';
ALTER TABLE reporting.notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE reporting.notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_visible ON reporting.notes FOR SELECT USING (body <> 'secret');
CREATE POLICY notes_short ON reporting.notes AS RESTRICTIVE FOR UPDATE TO PUBLIC
  USING (true) WITH CHECK (length(body) < 1000);
COMMENT ON POLICY notes_visible ON reporting.notes IS 'hide secrets';
