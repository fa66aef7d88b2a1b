-- What only PostgreSQL 18 has, for the schema copy between 18 servers (after schema-edge-cases.sql).

-- Virtual generated columns.
ALTER TABLE reporting.products
  ADD COLUMN price_cents bigint GENERATED ALWAYS AS ((price * 100)::bigint) VIRTUAL;

-- NOT NULL constraints with names of their own, NO INHERIT and NOT VALID ones.
CREATE TABLE reporting.named_not_null (
  a integer CONSTRAINT a_is_required NOT NULL,
  b integer,
  c integer NOT NULL NO INHERIT
);
ALTER TABLE reporting.named_not_null ADD CONSTRAINT b_checked_later NOT NULL b NOT VALID;

-- NOT ENFORCED constraints; a temporal primary key (WITHOUT OVERLAPS needs btree_gist).
CREATE TABLE reporting.prices (
  product integer NOT NULL,
  valid_during daterange NOT NULL,
  price numeric CONSTRAINT price_not_negative CHECK (price >= 0) NOT ENFORCED,
  PRIMARY KEY (product, valid_during WITHOUT OVERLAPS)
);
