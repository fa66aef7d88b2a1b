import {
  ConfitureError,
  resolveConnection,
  resolveProfile,
  type SyncReport,
} from '@confiture/domain';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';
import { runSync } from '../run/run-sync';

const env = { TEST_SEED: 'a-test-seed-of-some-length' };
/** The sync's sample predicate on `id` (docs/profile.md: a hash of the key under the rate). */
const sampled = (rate: number) =>
  `(hashtextextended(id::text, 0) & 9223372036854775807)::float8 / 9223372036854775807 < ${rate}`;

const SCHEMA = `
  CREATE TABLE companies (id int PRIMARY KEY, name text NOT NULL);
  CREATE TABLE users (id int PRIMARY KEY, company_id int REFERENCES companies, email text NOT NULL);
  CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users, total int);
  CREATE TABLE products (region text, sku int, name text, PRIMARY KEY (region, sku));
  CREATE TABLE order_items (
    id int PRIMARY KEY,
    order_id int NOT NULL REFERENCES orders,
    region text,
    sku int,
    FOREIGN KEY (region, sku) REFERENCES products (region, sku));
  CREATE TABLE a (id int PRIMARY KEY, b_id int);
  CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);
  CREATE TABLE employees (id int PRIMARY KEY, manager_id int REFERENCES employees, email text);
  INSERT INTO companies SELECT g, 'company ' || g FROM generate_series(1, 10) g;
  INSERT INTO users SELECT g, g % 10 + 1, 'user' || g || '@corp.example' FROM generate_series(1, 200) g;
  INSERT INTO orders SELECT g, (g * 7) % 200 + 1, g FROM generate_series(1, 500) g;
  INSERT INTO products SELECT r, s, r || s FROM unnest(ARRAY['eu', 'us', 'ap']) r, generate_series(0, 49) s;
  INSERT INTO order_items
    SELECT g, (g * 13) % 500 + 1, CASE WHEN g % 5 = 0 THEN NULL ELSE (ARRAY['eu', 'us'])[g % 2 + 1] END, g % 50
      FROM generate_series(1, 2000) g;
  INSERT INTO a SELECT g, g % 20 + 1 FROM generate_series(1, 20) g;
  INSERT INTO b SELECT g, (g + 2) % 20 + 1 FROM generate_series(1, 20) g;
  ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;
  INSERT INTO employees SELECT g, CASE WHEN g = 1 THEN NULL ELSE g / 2 END, 'e' || g || '@corp.example'
    FROM generate_series(1, 100) g;`;

/** Hand-written closure: rows each table's filter/sample keeps, plus every row they reference. */
const EXPECTED = `
  WITH RECURSIVE seeds(tbl, k) AS (
      SELECT 'order_items', id::text FROM order_items WHERE ${sampled(0.05)}
      UNION SELECT 'orders', id::text FROM orders WHERE id <= 5
      UNION SELECT 'users', id::text FROM users WHERE id % 50 = 0
      UNION SELECT 'companies', id::text FROM companies WHERE id = 1
      UNION SELECT 'a', id::text FROM a WHERE id = 1
      UNION SELECT 'employees', id::text FROM employees WHERE id > 95),
    kept(tbl, k) AS (
      SELECT tbl, k FROM seeds
      UNION
      SELECT x.tbl, x.k FROM kept, LATERAL (
        SELECT 'orders', i.order_id::text FROM order_items i WHERE kept.tbl = 'order_items' AND i.id::text = kept.k
        UNION ALL SELECT 'products', i.region || '/' || i.sku FROM order_items i
          WHERE kept.tbl = 'order_items' AND i.id::text = kept.k AND i.region IS NOT NULL AND i.sku IS NOT NULL
        UNION ALL SELECT 'users', o.user_id::text FROM orders o WHERE kept.tbl = 'orders' AND o.id::text = kept.k
        UNION ALL SELECT 'companies', u.company_id::text FROM users u
          WHERE kept.tbl = 'users' AND u.id::text = kept.k AND u.company_id IS NOT NULL
        UNION ALL SELECT 'b', a.b_id::text FROM a WHERE kept.tbl = 'a' AND a.id::text = kept.k AND a.b_id IS NOT NULL
        UNION ALL SELECT 'a', b.a_id::text FROM b WHERE kept.tbl = 'b' AND b.id::text = kept.k AND b.a_id IS NOT NULL
        UNION ALL SELECT 'employees', e.manager_id::text FROM employees e
          WHERE kept.tbl = 'employees' AND e.id::text = kept.k AND e.manager_id IS NOT NULL
      ) x(tbl, k))
  SELECT tbl, array_agg(k ORDER BY k) AS keys, count(*) FILTER (WHERE (tbl, k) IN (SELECT * FROM seeds))::int AS seeded
    FROM kept GROUP BY tbl`;

/** Key sets of the target, in the same text form as EXPECTED. */
const ACTUAL = `
  SELECT 'order_items' AS tbl, array_agg(id::text ORDER BY id::text) AS keys FROM order_items
  UNION ALL SELECT 'orders', array_agg(id::text ORDER BY id::text) FROM orders
  UNION ALL SELECT 'users', array_agg(id::text ORDER BY id::text) FROM users
  UNION ALL SELECT 'companies', array_agg(id::text ORDER BY id::text) FROM companies
  UNION ALL SELECT 'products', array_agg(region || '/' || sku ORDER BY region || '/' || sku) FROM products
  UNION ALL SELECT 'a', array_agg(id::text ORDER BY id::text) FROM a
  UNION ALL SELECT 'b', array_agg(id::text ORDER BY id::text) FROM b
  UNION ALL SELECT 'employees', array_agg(id::text ORDER BY id::text) FROM employees`;

describe('on_orphans: include_parents', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let source: pg.Client;
  let target: pg.Client;

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'confiture_src' });
    targetDb = await createTestDatabase({ prefix: 'confiture_dst' });
    source = new pg.Client({ connectionString: sourceDb.url });
    target = new pg.Client({ connectionString: targetDb.url });
    await Promise.all([source.connect(), target.connect()]);
  });
  afterEach(async () => {
    await Promise.all([source.end(), target.end()]);
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
  });

  const sync = (document: unknown) =>
    runSync({
      source: resolveConnection(sourceDb.url),
      target: resolveConnection(targetDb.url),
      profile: resolveProfile(document, { catalog: strategyCatalog, name: 'test-profile' }),
      env,
      workers: 2,
      transformThreads: 0,
      chunkRows: 300,
    });
  const table = (report: SyncReport, name: string) => {
    const found = report.tables.find((t) => t.table === `public.${name}`);
    if (!found) throw new Error(`no ${name} in the report`);
    return found;
  };

  it('pulls the referenced rows in, transitively, through chains, cycles, self-references and composite keys', async () => {
    await source.query(SCHEMA);
    const report = await sync({
      global: { seed_env_var: 'TEST_SEED', on_orphans: 'include_parents' },
      tables: {
        order_items: { sample_rate: 0.05 },
        orders: { filter: 'id <= 5' },
        users: {
          filter: 'id % 50 = 0',
          anonymization: [{ column: 'email', strategy: 'email' }],
        },
        companies: { filter: 'id = 1' },
        products: { filter: 'false' },
        a: { filter: 'id = 1' },
        b: { filter: 'false' },
        employees: { filter: 'id > 95' },
      },
    });
    const expected = new Map(
      (await source.query<{ tbl: string; keys: string[]; seeded: number }>(EXPECTED)).rows.map(
        (r) => [r.tbl, r],
      ),
    );
    const actual = (await target.query<{ tbl: string; keys: string[] | null }>(ACTUAL)).rows;
    expect(actual.length).toBe(8);
    for (const row of actual) {
      const want = expected.get(row.tbl);
      expect({ table: row.tbl, keys: row.keys ?? [] }).toEqual({
        table: row.tbl,
        keys: want?.keys ?? [],
      });
      // Every table but the seeded-only sample gained the rows its children referenced.
      const report_ = table(report, row.tbl);
      expect({ table: row.tbl, gained: report_.parentsIncluded }).toEqual({
        table: row.tbl,
        gained: (want?.keys.length ?? 0) - (want?.seeded ?? 0),
      });
      expect(report_.orphansDropped).toBe(0);
      expect(report_.rows).toBe(want?.keys.length ?? 0);
    }
    // The closure is not trivial: each kind of edge added rows.
    for (const name of ['orders', 'users', 'companies', 'products', 'a', 'b', 'employees'])
      expect({ name, gained: table(report, name).parentsIncluded > 0 }).toEqual({
        name,
        gained: true,
      });
    expect(table(report, 'employees').rows).toBeGreaterThan(5 + 3);
    expect(report.verification?.passed).toBe(true);
    // The target created and validated every foreign key.
    const fks = await target.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND convalidated
          AND connamespace = 'public'::regnamespace`,
    );
    expect(fks.rows[0]!.n).toBe(7);
    // Pulled-in users were anonymized like every other user.
    const emails = await target.query<{ id: number; email: string }>(
      'SELECT id, email FROM users ORDER BY id',
    );
    expect(emails.rows.some((r) => r.id % 50 !== 0)).toBe(true);
    for (const row of emails.rows) {
      expect(row.email).not.toBe(`user${row.id}@corp.example`);
      expect(row.email).toMatch(/@/);
    }
  });

  it('does not fill an excluded table: rows referencing it are dropped and counted', async () => {
    await source.query(`
      CREATE TABLE tags (id int PRIMARY KEY);
      CREATE TABLE notes (id int PRIMARY KEY, tag_id int REFERENCES tags, parent_id int REFERENCES notes);
      INSERT INTO tags SELECT g FROM generate_series(1, 10) g;
      INSERT INTO notes SELECT g, CASE WHEN g % 2 = 0 THEN g % 10 + 1 END, NULLIF(g - 1, 0)
        FROM generate_series(1, 20) g;`);
    const report = await sync({
      global: { seed_env_var: 'TEST_SEED', on_orphans: 'include_parents' },
      tables: { notes: { filter: 'id IN (3, 9)' } },
      exclude_tables: ['tags'],
    });
    // Notes 3 and 9 pull in 8..1; the even ones reference tags, which stays empty, so they go, and
    // the odd ones whose parent went with them: only note 1 survives (its parent chain ends there).
    const notes = await target.query<{ id: number }>('SELECT id FROM notes ORDER BY id');
    expect(notes.rows.map((r) => r.id)).toEqual([1]);
    expect(table(report, 'notes').parentsIncluded).toBe(7);
    expect(table(report, 'notes').orphansDropped).toBe(8);
    expect(table(report, 'tags').parentsIncluded).toBe(0);
    expect((await target.query('SELECT 1 FROM tags')).rowCount).toBe(0);
  });

  it('refuses, before writing, a foreign key whose key column a strategy rewrites', async () => {
    await source.query(`
      CREATE TABLE accounts (email text PRIMARY KEY);
      CREATE TABLE logins (id int PRIMARY KEY, email text REFERENCES accounts);`);
    const refused = (await sync({
      global: { seed_env_var: 'TEST_SEED', on_orphans: 'include_parents' },
      tables: {
        accounts: {
          filter: "email LIKE 'a%'",
          anonymization: [{ column: 'email', strategy: 'email' }],
        },
        logins: { sample_rate: 0.5, on_orphans: 'include_parents' },
      },
    }).catch((e: unknown) => e)) as ConfitureError;
    expect(refused).toBeInstanceOf(ConfitureError);
    expect(refused.code).toBe('PLAN_INVALID');
    expect(refused.message).toMatch(
      /include_parents cannot follow foreign key .* of public.logins/,
    );
    const schemas = await target.query(
      `SELECT 1 FROM pg_namespace WHERE nspname IN ('public', 'confiture') AND EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = pg_namespace.oid)`,
    );
    expect(schemas.rowCount).toBe(0);
  });
});
