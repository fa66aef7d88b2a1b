import { ConfitureError, resolveConnection, resolveProfile } from '@confiture/domain';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';
import { runSync } from '../run/run-sync';

const SCHEMA = `
  CREATE TYPE postal AS (street text, city text);
  CREATE TABLE users (id serial PRIMARY KEY, email text, region text, home postal);
  CREATE TABLE orders (id serial PRIMARY KEY, user_id int REFERENCES users (id), total numeric);
  INSERT INTO users (email, region, home)
    SELECT 'u' || g || '@example.com', 'r' || g % 3, ROW(g || ' Main St', 'Lyon'::text)::postal FROM generate_series(1, 10) g;
  INSERT INTO orders (user_id, total) SELECT 1 + g % 10, g FROM generate_series(1, 30) g;
`;

describe('pre-flight planning of the profile SQL', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let target: pg.Client;

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'confiture_psql_src' });
    targetDb = await createTestDatabase({ prefix: 'confiture_psql_dst' });
    const source = new pg.Client({ connectionString: sourceDb.url });
    await source.connect();
    await source.query(SCHEMA);
    await source.end();
    target = new pg.Client({ connectionString: targetDb.url });
    await target.connect();
    await target.query('CREATE TABLE keep_me (id int)');
  });
  afterEach(async () => {
    await target.end();
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
  });

  const sync = (tables: Record<string, unknown>) =>
    runSync({
      source: resolveConnection(sourceDb.url),
      target: resolveConnection(targetDb.url),
      profile: resolveProfile(
        { global: { seed_env_var: 'TEST_SEED' }, tables },
        { catalog: strategyCatalog, name: 'profile-sql' },
      ),
      env: { TEST_SEED: 'a-test-seed-of-some-length' },
      workers: 2,
      transformThreads: 0,
      confirmOverwrite: async () => true,
    });
  const untouched = async () =>
    (
      await target.query(
        `SELECT to_regclass('public.keep_me') IS NOT NULL AND to_regclass('public.users') IS NULL
            AND NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'confiture') AS ok`,
      )
    ).rows[0].ok;

  it('refuses, before writing, filters that do not plan (a missing column, a literal of the wrong type), a group_by naming a missing column and a redact a composite column cannot take', async () => {
    const error = (await sync({
      users: {
        anonymization: [
          { column: 'email', strategy: 'email' },
          { column: 'home', strategy: 'redact' },
        ],
        filter: "email = 'ceo@corp.example'::int",
      },
      orders: {
        anonymization: [{ column: 'total', strategy: 'aggregate', group_by: ['regionx'] }],
        filter: 'user_idx > 0',
      },
    }).catch((e: unknown) => e)) as ConfitureError;
    expect(error.code).toBe('PLAN_INVALID');
    expect(error.message).toBe("the profile's SQL does not plan on the source: 4 problems");
    expect(error.details.map((d) => [d.location.path, d.message])).toEqual([
      [
        'tables.orders.filter',
        'the filter of public.orders does not plan on the source: column "user_idx" does not exist',
      ],
      [
        'tables.orders.anonymization[0]',
        'the aggregate rule on public.orders.total does not plan on the source: column "regionx" does not exist',
      ],
      [
        'tables.users.filter',
        'the filter of public.users does not plan on the source: invalid input syntax for type integer: "…"',
      ],
      [
        'tables.users.anonymization[1]',
        'the redact rule on public.users.home writes "[REDACTED]", which is not a valid postal: malformed record literal: "[REDACTED]"',
      ],
    ]);
    expect(error.details.every((d) => d.location.table !== undefined)).toBe(true);
    expect(await untouched()).toBe(true);
  });

  it('syncs a valid filter, a group_by of real columns and a row literal for a composite column', async () => {
    const report = await sync({
      users: {
        anonymization: [
          { column: 'email', strategy: 'email' },
          { column: 'home', strategy: 'redact', replacement: '(,)' },
        ],
        filter: "region <> 'r0' AND email LIKE '%;%' IS NOT TRUE",
      },
      orders: {
        anonymization: [{ column: 'total', strategy: 'aggregate', group_by: ['user_id'] }],
      },
    });
    expect(report.status).toBe('completed');
    const homes = await target.query(`SELECT DISTINCT home::text AS h FROM users`);
    expect(homes.rows).toEqual([{ h: '(,)' }]);
  });
});
