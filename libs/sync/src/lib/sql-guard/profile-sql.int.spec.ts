import { ConfitureError, resolveConnection, resolveProfile, type Profile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import { useDatabasePair } from '../../test-support/database-pair';
import { runSync } from '../run/run-sync';

const profileOf = (tables: Record<string, unknown>): Profile =>
  resolveProfile({ tables }, { catalog: strategyCatalog, name: 'hostile' });

/**
 * Issue 14.13: profile SQL (filters, custom expressions) runs in the source's read-only snapshot,
 * which is no sandbox. Each hostile profile must be refused before anything is written or run.
 */
describe('profile SQL is refused before it runs when it is not one side-effect-free expression', () => {
  const db = useDatabasePair();

  beforeEach(async () => {
    await db.source.query(`
      CREATE TABLE users (id int PRIMARY KEY, full_name text, date_of_birth date);
      CREATE TABLE products (id int PRIMARY KEY, name text, card text);
      INSERT INTO users SELECT g, 'Person ' || g, date '1980-01-01' + g FROM generate_series(1, 50) g;
      INSERT INTO products SELECT g, 'Product ' || g, '4111111111111111' FROM generate_series(1, 20) g;
      CREATE FUNCTION touch_me(int) RETURNS int LANGUAGE sql VOLATILE AS 'SELECT $1';
      CREATE FUNCTION safe_mask(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT '****' || right($1, 4)$$;`);
  });

  const sync = (profile: Profile) =>
    runSync({
      source: resolveConnection(db.sourceDb.url),
      target: resolveConnection(db.targetDb.url),
      profile,
      env: {},
      confirmOverwrite: async () => true,
    });
  const refusal = async (profile: Profile) => {
    const error = await sync(profile).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfitureError);
    // Nothing was written: the target has no schema of the source's and no bookkeeping.
    const written = await db.target.query(
      `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname IN ('confiture') OR
              (nspname = 'public' AND EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = 'public'::regnamespace))`,
    );
    expect(written.rows[0].n).toBe(0);
    return error as ConfitureError;
  };

  it('refuses the UNION injection that copied raw names into products', async () => {
    const error = await refusal(
      profileOf({
        products: {
          filter:
            'true) UNION ALL SELECT id, full_name, date_of_birth::text FROM users WHERE (true',
        },
      }),
    );
    expect(error.code).toBe('PLAN_INVALID');
    expect(error.message).toMatch(/^escapes its expression into a UNION/);
    expect(error.location.path).toBe('tables.products.filter');
    expect(error.message).not.toContain('full_name');
  });

  it.each([
    ["lo_import('/etc/passwd') > 0", 'function lo_import: VOLATILE'],
    ['pg_terminate_backend(pg_backend_pid())', 'function pg_terminate_backend: VOLATILE'],
    ['pg_sleep(30) IS NULL', 'function pg_sleep: VOLATILE'],
    ["length(pg_read_file('/etc/hostname')) > 0", 'function pg_read_file: VOLATILE'],
    [
      "length(table_to_xml('users', true, false, '')::text) > 0",
      'function table_to_xml: reads whole tables by name',
    ],
    ['touch_me(id) > 0', 'function touch_me: VOLATILE'],
    ['no_such_function(id) > 0', 'function no_such_function: no such function on the source'],
  ])('refuses the filter %s, which would have run on the source', async (filter, message) => {
    const before = await db.source.query(`SELECT count(*)::int AS n FROM pg_largeobject_metadata`);
    const error = await refusal(profileOf({ products: { filter } }));
    expect(error.message).toContain(message);
    expect(error.message).toContain('calls what may not run on the source');
    expect(error.location.path).toBe('tables.products.filter');
    const after = await db.source.query(`SELECT count(*)::int AS n FROM pg_largeobject_metadata`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses a custom expression with a subquery or a volatile function, naming the rule', async () => {
    const subquery = await refusal(
      profileOf({
        products: [
          {
            column: 'name',
            strategy: 'custom',
            expression: '(SELECT full_name FROM users WHERE id = 1) || {column}',
          },
        ],
      }),
    );
    expect(subquery.message).toBe('holds a subquery: a value may use only its own row');
    const volatile = await refusal(
      profileOf({
        products: [{ column: 'card', strategy: 'custom', function: 'pg_cancel_backend' }],
      }),
    );
    expect(volatile.message).toContain('function pg_cancel_backend: VOLATILE');
  });

  it('runs safe filters and custom functions, and counts a filtered table against the source', async () => {
    const report = await sync(
      profileOf({
        products: {
          filter: "t.id <= 10 AND lower(name) LIKE 'product%'",
          anonymization: [{ column: 'card', strategy: 'custom', function: 'safe_mask' }],
        },
        users: { filter: 'id IN (SELECT id FROM users WHERE id % 2 = 0)' },
      }),
    );
    expect(report.verification?.passed).toBe(true);
    const products = await db.target.query(
      `SELECT count(*)::int AS n, min(card) AS card FROM products`,
    );
    expect(products.rows[0]).toEqual({ n: 10, card: '****1111' });
    const users = await db.target.query(`SELECT count(*)::int AS n FROM users`);
    expect(users.rows[0].n).toBe(25);
  });
});
