-- One object (at least) of every kind pg_dump dumps (its DumpableObjectType list, pg_dump.h), each
-- marked with the kind it stands for. every-object-kind.int.spec.ts copies this database with the
-- sync and compares `pg_dump --schema-only` of both sides: an object kind that the schema copy
-- neither copies nor lists as skipped fails that test. Runs on PostgreSQL 15 and 18, as a superuser.

-- DO_NAMESPACE (and public's comment removed: the target must not keep "standard public schema")
CREATE SCHEMA kinds;
COMMENT ON SCHEMA kinds IS 'one of each';
COMMENT ON SCHEMA public IS NULL;

-- DO_EXTENSION (and its FDW, which the extension creates)
CREATE EXTENSION citext WITH SCHEMA kinds;
CREATE EXTENSION postgres_fdw;

-- DO_COLLATION
CREATE COLLATION kinds.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- DO_TYPE: enum, domain, composite, range; DO_SHELL_TYPE with a base type, and a lone shell type
CREATE TYPE kinds.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN kinds.positive AS integer CHECK (VALUE > 0);
CREATE TYPE kinds.pair AS (a integer, b text);
CREATE TYPE kinds.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TYPE kinds.shell_only;
CREATE TYPE kinds.int4alias;
CREATE FUNCTION kinds.int4alias_in(cstring) RETURNS kinds.int4alias
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'int4in';
CREATE FUNCTION kinds.int4alias_out(kinds.int4alias) RETURNS cstring
  LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'int4out';
CREATE TYPE kinds.int4alias (
  INPUT = kinds.int4alias_in, OUTPUT = kinds.int4alias_out,
  INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4, STORAGE = plain, CATEGORY = 'N',
  DEFAULT = '7'
);
COMMENT ON TYPE kinds.int4alias IS 'a base type in internal functions';

-- DO_FUNC, DO_AGG (plain and ordered-set)
CREATE FUNCTION kinds.add(a integer, b integer) RETURNS integer
  LANGUAGE sql IMMUTABLE RETURN a + b;
CREATE PROCEDURE kinds.noop() LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE AGGREGATE kinds.total(integer) (SFUNC = kinds.add, STYPE = integer, INITCOND = '0');
CREATE FUNCTION kinds.pick_final(state internal, fraction float8, value anyelement)
  RETURNS anyelement LANGUAGE internal IMMUTABLE AS 'percentile_disc_final';
CREATE AGGREGATE kinds.pick(float8 ORDER BY anyelement) (
  SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = kinds.pick_final,
  FINALFUNC_EXTRA
);

-- DO_OPERATOR
CREATE FUNCTION kinds.shorter(a text, b text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT RETURN length(a) < length(b);
CREATE OPERATOR kinds.~<< (LEFTARG = text, RIGHTARG = text, FUNCTION = kinds.shorter,
  RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
COMMENT ON OPERATOR kinds.~<< (text, text) IS 'shorter than';

-- DO_OPFAMILY, DO_OPCLASS: a btree order on integers by absolute value, one loose family member
CREATE FUNCTION kinds.abs_lt(integer, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT RETURN abs($1) < abs($2);
CREATE FUNCTION kinds.abs_le(integer, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT RETURN abs($1) <= abs($2);
CREATE FUNCTION kinds.abs_eq(integer, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT RETURN abs($1) = abs($2);
CREATE FUNCTION kinds.abs_ge(integer, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT RETURN abs($1) >= abs($2);
CREATE FUNCTION kinds.abs_gt(integer, integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT RETURN abs($1) > abs($2);
CREATE FUNCTION kinds.abs_cmp(integer, integer) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT RETURN btint4cmp(abs($1), abs($2));
CREATE OPERATOR kinds.|<| (LEFTARG = integer, RIGHTARG = integer, FUNCTION = kinds.abs_lt);
CREATE OPERATOR kinds.|<=| (LEFTARG = integer, RIGHTARG = integer, FUNCTION = kinds.abs_le);
CREATE OPERATOR kinds.|=| (LEFTARG = integer, RIGHTARG = integer, FUNCTION = kinds.abs_eq,
  COMMUTATOR = OPERATOR(kinds.|=|));
CREATE OPERATOR kinds.|>=| (LEFTARG = integer, RIGHTARG = integer, FUNCTION = kinds.abs_ge);
CREATE OPERATOR kinds.|>| (LEFTARG = integer, RIGHTARG = integer, FUNCTION = kinds.abs_gt);
CREATE OPERATOR FAMILY kinds.abs_ops USING btree;
CREATE OPERATOR CLASS kinds.abs_int4_ops FOR TYPE integer USING btree FAMILY kinds.abs_ops AS
  OPERATOR 1 kinds.|<|, OPERATOR 2 kinds.|<=|, OPERATOR 3 kinds.|=|, OPERATOR 4 kinds.|>=|,
  OPERATOR 5 kinds.|>|, FUNCTION 1 kinds.abs_cmp(integer, integer);
CREATE FUNCTION kinds.abs_cmp84(bigint, integer) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT RETURN btint8cmp(abs($1), abs($2)::bigint);
ALTER OPERATOR FAMILY kinds.abs_ops USING btree ADD
  FUNCTION 1 (bigint, integer) kinds.abs_cmp84(bigint, integer);
COMMENT ON OPERATOR CLASS kinds.abs_int4_ops USING btree IS 'by absolute value';
COMMENT ON OPERATOR FAMILY kinds.abs_ops USING btree IS 'absolute values';

-- DO_ACCESS_METHOD
CREATE ACCESS METHOD kinds_heap TYPE TABLE HANDLER heap_tableam_handler;
COMMENT ON ACCESS METHOD kinds_heap IS 'heap under another name';

-- DO_CONVERSION
CREATE CONVERSION kinds.latin1_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;

-- DO_CAST: with a function, without one (binary coercible), with inout
CREATE TYPE kinds.bytea_b64 AS (data bytea);
CREATE FUNCTION kinds.b64_json(kinds.bytea_b64) RETURNS json
  LANGUAGE sql IMMUTABLE RETURN to_json(encode(($1).data, 'base64'));
CREATE CAST (kinds.bytea_b64 AS json) WITH FUNCTION kinds.b64_json(kinds.bytea_b64);
CREATE DOMAIN kinds.code AS text;
CREATE CAST (kinds.mood AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (kinds.int4alias AS integer) WITHOUT FUNCTION AS IMPLICIT;
COMMENT ON CAST (kinds.mood AS text) IS 'enum label';

-- DO_PROCLANG (outside any extension) and DO_TRANSFORM
CREATE LANGUAGE kinds_plsql HANDLER plpgsql_call_handler VALIDATOR plpgsql_validator;
CREATE FUNCTION kinds.mood_from_sql(internal) RETURNS internal
  LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE FUNCTION kinds.mood_to_sql(internal) RETURNS kinds.mood
  LANGUAGE internal IMMUTABLE STRICT AS 'enum_recv';
CREATE TRANSFORM FOR kinds.mood LANGUAGE kinds_plsql (
  FROM SQL WITH FUNCTION kinds.mood_from_sql(internal),
  TO SQL WITH FUNCTION kinds.mood_to_sql(internal)
);

-- DO_TSPARSER, DO_TSTEMPLATE, DO_TSDICT, DO_TSCONFIG
CREATE TEXT SEARCH PARSER kinds.words (
  START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype,
  HEADLINE = prsd_headline
);
CREATE TEXT SEARCH TEMPLATE kinds.plain (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH DICTIONARY kinds.simple_dict (TEMPLATE = kinds.plain, stopwords = 'english');
CREATE TEXT SEARCH CONFIGURATION kinds.search (PARSER = kinds.words);
ALTER TEXT SEARCH CONFIGURATION kinds.search
  ADD MAPPING FOR asciiword, word WITH kinds.simple_dict, english_stem;
COMMENT ON TEXT SEARCH CONFIGURATION kinds.search IS 'words';

-- DO_FDW, DO_FOREIGN_SERVER (a user mapping with a password, never copied)
CREATE FOREIGN DATA WRAPPER kinds_fdw OPTIONS (debug 'true');
CREATE SERVER kinds_server FOREIGN DATA WRAPPER kinds_fdw OPTIONS (region 'eu');
CREATE SERVER kinds_pg TYPE 'postgresql' VERSION '15' FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host 'replica.invalid', dbname 'shop');
CREATE USER MAPPING FOR PUBLIC SERVER kinds_pg OPTIONS (user 'reader', password 'hunter2-secret');
COMMENT ON SERVER kinds_pg IS 'the replica';

-- DO_TABLE: a plain table with per-column settings, a typed table, a table in another access
-- method, a foreign table; DO_ATTRDEF; DO_CONSTRAINT; DO_FK_CONSTRAINT
CREATE TABLE kinds.items (
  id integer PRIMARY KEY,
  label text COLLATE kinds.ci NOT NULL DEFAULT 'x',
  body text,
  score kinds.positive,
  mood kinds.mood,
  CONSTRAINT label_short CHECK (length(label) < 100)
);
ALTER TABLE kinds.items ALTER COLUMN label SET STATISTICS 1000;
ALTER TABLE kinds.items ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE kinds.items ALTER COLUMN body SET COMPRESSION pglz;
ALTER TABLE kinds.items ALTER COLUMN score SET (n_distinct = 100);
CREATE TABLE kinds.item_links (
  item_id integer REFERENCES kinds.items ON DELETE CASCADE,
  url text
);
ALTER TABLE kinds.item_links REPLICA IDENTITY FULL;
CREATE TABLE kinds.pairs OF kinds.pair (a WITH OPTIONS PRIMARY KEY);
CREATE TABLE kinds.in_other_am (id integer) USING kinds_heap;
CREATE FOREIGN TABLE kinds.remote_items (
  id integer OPTIONS (column_name 'item_id') NOT NULL,
  label text
) SERVER kinds_pg OPTIONS (schema_name 'public', table_name 'items');
COMMENT ON FOREIGN TABLE kinds.remote_items IS 'definition only';

-- DO_TABLE_ATTACH, DO_INDEX, DO_INDEX_ATTACH (an index CLUSTERed on, with a statistics target)
CREATE TABLE kinds.events (at date NOT NULL, kind text) PARTITION BY LIST (kind);
CREATE TABLE kinds.events_a PARTITION OF kinds.events FOR VALUES IN ('a');
CREATE INDEX events_at ON kinds.events (at);
CREATE INDEX items_lower_label ON kinds.items (lower(label), id);
ALTER INDEX kinds.items_lower_label ALTER COLUMN 1 SET STATISTICS 3000;
ALTER TABLE kinds.items CLUSTER ON items_lower_label;
CREATE INDEX items_abs ON kinds.items (id kinds.abs_int4_ops);

-- DO_STATSEXT
CREATE STATISTICS kinds.items_stats (ndistinct) ON id, mood FROM kinds.items;
ALTER STATISTICS kinds.items_stats SET STATISTICS 500;

-- Views: a column default (ALTER VIEW ... SET DEFAULT); DO_RULE (and a disabled one);
-- DO_REFRESH_MATVIEW (populated, and a WITH NO DATA one that stays unpopulated)
CREATE VIEW kinds.item_view AS SELECT id, label FROM kinds.items;
ALTER VIEW kinds.item_view ALTER COLUMN label SET DEFAULT 'from the view';
CREATE RULE item_links_log AS ON INSERT TO kinds.item_links DO ALSO NOTIFY item_links;
CREATE RULE item_links_quiet AS ON UPDATE TO kinds.item_links DO ALSO NOTIFY item_links;
ALTER TABLE kinds.item_links DISABLE RULE item_links_quiet;
CREATE MATERIALIZED VIEW kinds.item_counts AS SELECT count(*) AS n FROM kinds.items;
CREATE MATERIALIZED VIEW kinds.item_counts_later AS SELECT count(*) AS n FROM kinds.items
  WITH NO DATA;
CREATE MATERIALIZED VIEW kinds.item_ids USING kinds_heap AS SELECT id FROM kinds.items WITH NO DATA;

-- DO_TRIGGER; DO_POLICY
CREATE FUNCTION kinds.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER items_touch BEFORE UPDATE ON kinds.items FOR EACH ROW EXECUTE FUNCTION kinds.touch();
ALTER TABLE kinds.items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_mine ON kinds.items USING (label <> 'secret');

-- DO_DEFAULT_ACL: not dumped with --no-acl, nor copied
ALTER DEFAULT PRIVILEGES IN SCHEMA kinds GRANT SELECT ON TABLES TO PUBLIC;

-- Skipped, and listed: DO_EVENT_TRIGGER, DO_PUBLICATION (+ _REL, _TABLE_IN_SCHEMA),
-- DO_SUBSCRIPTION, the user mapping above, DO_LARGE_OBJECT
CREATE FUNCTION kinds.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER kinds_ddl ON ddl_command_end EXECUTE FUNCTION kinds.on_ddl();
CREATE PUBLICATION kinds_items FOR TABLE kinds.items;
CREATE PUBLICATION kinds_all_in_schema FOR TABLES IN SCHEMA kinds;
CREATE SUBSCRIPTION kinds_sub CONNECTION 'host=replica.invalid dbname=shop password=hunter2-secret'
  PUBLICATION kinds_items WITH (connect = false, enabled = false, create_slot = false, slot_name = NONE);
SELECT lo_create(0) IS NOT NULL AS large_object;

INSERT INTO kinds.items (id, label, body, score, mood) VALUES (1, 'one', 'first', 1, 'ok');
REFRESH MATERIALIZED VIEW kinds.item_counts;
