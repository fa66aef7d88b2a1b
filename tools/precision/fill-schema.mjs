#!/usr/bin/env node
// @ts-check
/**
 * node tools/precision/fill-schema.mjs <schema.sql> [--url URL] [--rows N]
 *
 * Loads a schema file (a `pg_dump --schema-only` or a Rails `db/structure.sql`) into a new
 * database and fills every table with random values of each column's type: no personal data,
 * only what real applications hold besides it (words, counts, amounts, JSON with decimals, dates,
 * UUIDs, documentation-range IP addresses). Constraints are respected as far as practical: NOT
 * NULL, UNIQUE, foreign keys (values taken from the referenced rows, tables filled parents first),
 * CHECK lists (`status IN (...)`), enum labels, varchar lengths, numeric precision, partition
 * bounds (rows go to each LIST or RANGE partition with a key it accepts). A row that still breaks
 * a constraint is tried again, then given up; the summary says how many rows each table got.
 *
 * The server is DATABASE_URL/PG* when reachable, else an embedded PostgreSQL 18 (`--url` names
 * one). The database is kept and its URL printed. Used by scan-precision.mjs; see its README.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);

/** Words for text values: none is a name, a place or anything personal. */
const WORDS = [
  'alpha',
  'bravo',
  'copper',
  'delta',
  'ember',
  'fjord',
  'garnet',
  'harbor',
  'indigo',
  'jasper',
  'kelp',
  'lumen',
  'meadow',
  'nickel',
  'onyx',
  'pebble',
  'quartz',
  'ripple',
  'slate',
  'tundra',
  'umber',
  'velvet',
  'willow',
  'xenon',
  'yarrow',
  'zephyr',
  'draft',
  'active',
  'pending',
  'sync',
  'invoice',
  'plan',
  'usage',
  'metric',
  'event',
  'batch',
  'report',
  'widget',
  'module',
  'cache',
];
const WORD = `(ARRAY[${WORDS.map((w) => `'${w}'`).join(', ')}])[1 + floor(random() * ${WORDS.length})::int]`;
const PHRASE = `${WORD} || ' ' || ${WORD} || CASE WHEN random() < 0.5 THEN ' ' || (random() * 1000)::int ELSE '' END`;

/**
 * Loads `file` into the database at `url` with psql (the dump may hold psql meta-commands, and
 * statements for extensions the server lacks: those fail, the rest loads); returns psql's errors.
 * @param {string} file
 * @param {string} url
 */
function loadErrors(file, url) {
  const out = execFileSync(
    'sh',
    [
      '-c',
      'psql -q -X -v ON_ERROR_STOP=0 -d "$1" -f "$2" 2>&1 >/dev/null | grep ERROR || true',
      'sh',
      url,
      file,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return out.split('\n').filter(Boolean);
}

/**
 * A random-value SQL expression for a column, or undefined when there is none for its type.
 * @param {{ type: string, typname: string, category: string, typtype: string, labels: string[] | null,
 *   length: number | null, precision: number | null, scale: number | null, element: any,
 *   base: any, allowed: string[] | null, unique: boolean }} column
 * @returns {string | undefined}
 */
function randomValue(column) {
  if (column.allowed && column.allowed.length > 0) {
    const list = column.allowed.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
    return `((ARRAY[${list}])[1 + floor(random() * ${column.allowed.length})::int])::${column.type}`;
  }
  if (column.element) {
    const inner = randomValue({ ...column.element, allowed: null, unique: false });
    return inner ? `ARRAY[${inner}, ${inner}]::${column.type}` : undefined;
  }
  if (column.base) {
    const inner = randomValue({ ...column.base, allowed: null, unique: column.unique });
    return inner ? `(${inner})::${column.type}` : undefined;
  }
  if (column.typtype === 'e' && column.labels) {
    return `((enum_range(NULL::${column.type}))[1 + floor(random() * ${column.labels.length})::int])`;
  }
  const unique = column.unique ? ` + g` : '';
  switch (column.typname) {
    case 'int2':
      return `((random() * 30000)::int${unique})::smallint`;
    case 'int4':
      return column.unique ? `(g + (random() * 1000)::int * 100000)` : `(random() * 100000)::int`;
    case 'int8':
      return column.unique
        ? `(g + (random() * 1000)::bigint * 100000)`
        : `(random() * 10000000)::bigint`;
    case 'numeric': {
      const scale = column.scale ?? 4;
      const whole = column.precision !== null ? Math.min(column.precision - scale, 9) : 6;
      return `round((random() * ${10 ** Math.max(whole, 0)} - 0.5)::numeric, ${scale})`;
    }
    case 'float4':
    case 'float8':
      return `(random() * 1000)::${column.type}`;
    case 'bool':
      return `random() < 0.5`;
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'citext':
    case 'name': {
      const text = column.unique ? `(${PHRASE}) || ' ' || g` : `(${PHRASE})`;
      return column.length
        ? `left(${text}, ${column.length})::${column.type}`
        : `(${text})::${column.type}`;
    }
    case 'uuid':
      return 'gen_random_uuid()';
    case 'date':
      return `date '2020-01-01' + (random() * 1500)::int`;
    case 'timestamp':
    case 'timestamptz':
      return `(timestamp '2020-01-01' + random() * interval '1500 days')::${column.type}`;
    case 'time':
    case 'timetz':
      return `(time '00:00' + random() * interval '23 hours')::${column.type}`;
    case 'interval':
      return `random() * interval '30 days'`;
    case 'json':
    case 'jsonb':
      return `json_build_object('amount', random() * 1000, 'rate', random(), 'count', (random() * 100)::int,
        'code', md5(random()::text), 'label', ${WORD}, 'tags', json_build_array(${WORD}, ${WORD}),
        'nested', json_build_object('ratio', random(), 'at', now()::text))::${column.type}`;
    case 'bytea':
      return `decode(md5(random()::text), 'hex')`;
    case 'inet':
    case 'cidr':
      return `('192.0.2.' || (random() * 254)::int)::${column.type}`;
    case 'tsvector':
      return `to_tsvector('simple', ${PHRASE})`;
    case 'money':
      return `(random() * 100)::numeric::money`;
    case 'point':
      return `point(random(), random())`;
    case 'xml':
      return `xmlelement(name item, ${WORD})`;
    case 'hstore':
      return `hstore(${WORD}, ${WORD})`;
    default:
      return undefined;
  }
}

/**
 * Fills every table of the database `client` is connected to with `rows` random rows.
 * @param {import('pg').ClientBase} client
 * @param {{ rows?: number, log?: (line: string) => void }} [options]
 * @returns {Promise<{ tables: number, filled: number, rows: number, empty: string[] }>}
 */
export async function fillDatabase(client, options = {}) {
  const rows = options.rows ?? 100;
  const log = options.log ?? (() => undefined);
  await client.query('SELECT setseed(0.42)');
  const userSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'confiture')
    AND n.nspname NOT LIKE 'pg\\_%'`;
  const tables = (
    await client.query(
      `SELECT c.oid::int AS oid, format('%I.%I', n.nspname, c.relname) AS name,
              c.relkind::text AS relkind, c.relispartition AS partition,
              pg_partition_root(c.oid)::int AS root,
              pg_get_expr(c.relpartbound, c.oid) AS bound,
              (SELECT pt.partstrat::text FROM pg_inherits i JOIN pg_partitioned_table pt ON pt.partrelid = i.inhparent
                WHERE i.inhrelid = c.oid) AS parent_strategy,
              (SELECT array_agg(a.attname::text ORDER BY k.ord)
                 FROM pg_inherits i JOIN pg_partitioned_table pt ON pt.partrelid = i.inhparent,
                      unnest(pt.partattrs) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = c.oid
                WHERE i.inhrelid = c.oid AND a.attnum = k.attnum
                  AND a.attname = (SELECT pa.attname FROM pg_attribute pa
                                    WHERE pa.attrelid = i.inhparent AND pa.attnum = k.attnum)) AS key_columns,
              (SELECT pt.partstrat::text FROM pg_partitioned_table pt WHERE pt.partrelid = c.oid) AS strategy
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND ${userSchemas}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                            AND d.objid = c.oid AND d.deptype = 'e')`,
    )
  ).rows;
  const columns = (
    await client.query(
      `SELECT a.attrelid::int AS relid, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
              t.typname::text AS typname, t.typcategory::text AS category, t.typtype::text AS typtype,
              a.attnotnull AS not_null, a.attidentity <> '' OR a.attgenerated <> '' AS automatic,
              ad.adbin IS NOT NULL AS has_default,
              COALESCE(pg_get_expr(ad.adbin, ad.adrelid), '') LIKE 'nextval(%' AS serial,
              CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4 THEN a.atttypmod - 4 END AS length,
              CASE WHEN t.typname = 'numeric' AND a.atttypmod > 4 THEN ((a.atttypmod - 4) >> 16) & 65535 END AS precision,
              CASE WHEN t.typname = 'numeric' AND a.atttypmod > 4 THEN (a.atttypmod - 4) & 65535 END AS scale,
              (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = a.atttypid) AS labels,
              CASE WHEN t.typcategory = 'A' THEN json_build_object('type', format_type(t.typelem, NULL),
                   'typname', et.typname, 'category', et.typcategory, 'typtype', et.typtype,
                   'labels', (SELECT array_agg(e.enumlabel::text) FROM pg_enum e WHERE e.enumtypid = t.typelem),
                   'length', NULL, 'precision', NULL, 'scale', NULL) END AS element,
              CASE WHEN t.typtype = 'd' THEN json_build_object('type', format_type(t.typbasetype, t.typtypmod),
                   'typname', bt.typname, 'category', bt.typcategory, 'typtype', bt.typtype, 'labels', NULL,
                   'length', CASE WHEN bt.typname IN ('varchar', 'bpchar') AND t.typtypmod > 4 THEN t.typtypmod - 4 END,
                   'precision', NULL, 'scale', NULL) END AS base,
              EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = a.attrelid AND x.indisunique
                        AND a.attnum = ANY (x.indkey)) AS unique
         FROM pg_attribute a
         JOIN pg_type t ON t.oid = a.atttypid
         LEFT JOIN pg_type et ON et.oid = t.typelem
         LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
         LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum`,
    )
  ).rows;
  const checks = (
    await client.query(
      `SELECT con.conrelid::int AS relid, a.attname AS column, pg_get_constraintdef(con.oid) AS definition
         FROM pg_constraint con
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
        WHERE con.contype = 'c' AND array_length(con.conkey, 1) = 1`,
    )
  ).rows;
  const foreignKeys = (
    await client.query(
      `SELECT con.conrelid::int AS relid, con.confrelid::int AS refid,
              array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
              array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o) AS ref_columns,
              format('%I.%I', rn.nspname, rc.relname) AS ref_name
         FROM pg_constraint con
         JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
        WHERE con.contype = 'f' AND con.conparentid = 0`,
    )
  ).rows;

  // A column's CHECK that lists its values (`status IN ('a', 'b')`, `= ANY (ARRAY[...])`).
  const allowedOf = new Map();
  for (const check of checks) {
    const list =
      /= ANY \(\(?ARRAY\[(.*?)\]/.exec(check.definition) ??
      / IN \((.*?)\)\)/.exec(check.definition);
    if (!list) continue;
    const values = [...list[1].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
    if (values.length > 0) allowedOf.set(`${check.relid}:${check.column}`, values);
  }
  const byTable = new Map();
  for (const column of columns) {
    if (!byTable.has(column.relid)) byTable.set(column.relid, []);
    byTable.get(column.relid).push(column);
  }
  const keysOf = new Map();
  for (const fk of foreignKeys) {
    if (!keysOf.has(fk.relid)) keysOf.set(fk.relid, []);
    keysOf.get(fk.relid).push(fk);
  }

  // A partition's foreign keys are its root's (its own copies are not read).
  const foreignKeysOf = (table) => [
    ...(keysOf.get(table.oid) ?? []),
    ...(table.root && table.root !== table.oid ? (keysOf.get(table.root) ?? []) : []),
  ];
  // Which tables receive rows: leaves, but the root of a hash-partitioned tree (it routes them).
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const targets = tables.filter((t) =>
    t.relkind === 'p'
      ? t.strategy === 'h' && !t.partition
      : !(t.partition && t.parent_strategy === 'h'),
  );
  // Parents first (foreign keys), cycles broken where they are found.
  const order = [];
  const state = new Map();
  const visit = (table) => {
    if (state.get(table.oid) === 'done' || state.get(table.oid) === 'visiting') return;
    state.set(table.oid, 'visiting');
    for (const fk of foreignKeysOf(table)) {
      const parent = byOid.get(fk.refid);
      if (parent && parent.oid !== table.oid) {
        for (const t of targets) if (t.oid === parent.oid || t.root === parent.oid) visit(t);
      }
    }
    state.set(table.oid, 'done');
    order.push(table);
  };
  for (const t of targets) visit(t);

  let total = 0;
  const empty = [];
  for (const table of order) {
    const expressions = [];
    const names = [];
    let impossible = false;
    for (const column of byTable.get(table.oid) ?? []) {
      if (column.automatic || column.serial) continue;
      const fk = foreignKeysOf(table).find((k) => k.columns.includes(column.name));
      let expression;
      if (fk && (fk.refid === table.oid || fk.refid === table.root)) {
        expression = column.not_null ? undefined : 'NULL';
      } else if (fk) {
        const i = fk.columns.indexOf(column.name);
        // One referenced row per inserted row and key (`g` ties the subquery to the row).
        expression = `(SELECT r.${quote(fk.ref_columns[i])} FROM ${fk.ref_name} r
                        WHERE g IS NOT NULL ORDER BY md5(r::text || g || ${quoteLiteral(fk.columns.join(','))}) LIMIT 1)`;
      } else {
        const key = partitionKeyValue(table, column.name);
        expression =
          key ??
          randomValue({
            ...column,
            allowed: allowedOf.get(`${table.oid}:${column.name}`) ?? null,
            element: column.element,
            base: column.base,
          });
      }
      if (expression === undefined) {
        if (column.has_default) continue;
        if (!column.not_null) continue;
        impossible = true;
        break;
      }
      names.push(quote(column.name));
      // Nullable columns are NULL now and then: real rows are, and CHECKs like `a IS NULL OR ...`
      // need it.
      expressions.push(
        column.not_null || expression === 'NULL'
          ? expression
          : `CASE WHEN random() < 0.2 THEN NULL ELSE ${expression} END`,
      );
    }
    if (impossible) {
      empty.push(`${table.name} (a NOT NULL column of a type without random values)`);
      continue;
    }
    const insert = (count) =>
      names.length === 0
        ? `INSERT INTO ${table.name} SELECT FROM generate_series(1, ${count}) g`
        : `INSERT INTO ${table.name} (${names.join(', ')}) SELECT ${expressions.join(', ')} FROM generate_series(1, ${count}) g
           ON CONFLICT DO NOTHING`;
    let inserted = 0;
    let lastError = '';
    await client.query('SAVEPOINT fill');
    try {
      inserted = (await client.query(insert(rows))).rowCount ?? 0;
      await client.query('RELEASE SAVEPOINT fill');
    } catch (error) {
      lastError = String(/** @type {Error} */ (error).message);
      await client.query('ROLLBACK TO SAVEPOINT fill');
      // Row by row: a row that breaks a constraint is tried again with other random values.
      for (let attempt = 0; attempt < rows * 3 && inserted < rows; attempt++) {
        try {
          inserted += (await client.query(insert(1))).rowCount ?? 0;
          await client.query('RELEASE SAVEPOINT fill');
        } catch (error) {
          lastError = String(/** @type {Error} */ (error).message);
          await client.query('ROLLBACK TO SAVEPOINT fill');
        }
        await client.query('SAVEPOINT fill');
      }
      await client.query('RELEASE SAVEPOINT fill');
    }
    total += inserted;
    if (inserted === 0) empty.push(`${table.name} (every row broke a constraint: ${lastError})`);
    log(`${table.name}: ${inserted} rows`);
  }
  return { tables: order.length, filled: order.length - empty.length, rows: total, empty };
}

/** The partition key value a row of partition `table` must have, as SQL, for LIST and RANGE bounds. */
function partitionKeyValue(table, column) {
  if (!table.partition || !table.bound || !table.key_columns) return undefined;
  const position = table.key_columns.indexOf(column);
  if (position < 0) return undefined;
  const list = /^FOR VALUES IN \((.*)\)$/.exec(table.bound);
  if (list && position === 0) return firstLiteral(list[1]);
  const range = /^FOR VALUES FROM \((.*?)\) TO \((.*?)\)$/.exec(table.bound);
  if (range) {
    const from = splitValues(range[1])[position];
    if (from && from !== 'MINVALUE') return from;
    const to = splitValues(range[2])[position];
    return to && to !== 'MAXVALUE' ? `(${to}) - 1` : undefined;
  }
  return undefined;
}

/** @param {string} values */
function firstLiteral(values) {
  return splitValues(values)[0];
}

/** Splits `'a', 'b,c', 3` at the top-level commas. @param {string} values */
function splitValues(values) {
  const out = [];
  let current = '';
  let quoted = false;
  for (const ch of values) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** @param {string} name */
function quote(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

/** @param {string} value */
function quoteLiteral(value) {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A new database on the test server with `file` loaded and filled.
 * @param {string} file
 * @param {{ serverUrl?: string, rows?: number, prefix?: string, log?: (line: string) => void }} options
 */
export async function filledDatabase(file, options = {}) {
  const { createTestDatabase } = require('@confiture/pg-harness');
  const pg = require('pg');
  const db = await createTestDatabase({
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    prefix: options.prefix ?? 'confiture_fill',
  });
  const errors = loadErrors(file, db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const result = await fillDatabase(client, { rows: options.rows ?? 100, log: options.log });
    await client.query('COMMIT');
    return { db, loadErrors: errors, ...result };
  } finally {
    await client.end();
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { url: { type: 'string' }, rows: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help || positionals.length !== 1) {
    console.log(
      'usage: node tools/precision/fill-schema.mjs <schema.sql> [--url SERVER_URL] [--rows N]',
    );
    process.exit(values.help ? 0 : 2);
  }
  const { acquireServer, redactUrl } = require('@confiture/pg-harness');
  const server = values.url
    ? { url: values.url, stop: async () => undefined }
    : await acquireServer();
  const filled = await filledDatabase(positionals[0], {
    serverUrl: server.url,
    rows: values.rows ? Number(values.rows) : 100,
  });
  console.log(`loaded with ${filled.loadErrors.length} failed statement(s)`);
  for (const line of filled.loadErrors) console.log(`  ${line}`);
  console.log(
    `${filled.filled} of ${filled.tables} tables filled, ${filled.rows} rows; database ${redactUrl(filled.db.url)}`,
  );
  for (const line of filled.empty) console.log(`  empty: ${line}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
