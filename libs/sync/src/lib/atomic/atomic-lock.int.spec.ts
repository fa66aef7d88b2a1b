import {
  ConfitureError,
  resolveConnection,
  resolveProfile,
  type ConnectionConfig,
} from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';
import { useDatabasePair } from '../../test-support/database-pair';
import { runSync } from '../run/run-sync';
import { runAtomicSync } from './atomic-sync';

describe('two atomic refreshes of one target', () => {
  const db = useDatabasePair();

  beforeEach(async () => {
    await db.source.query(`
      CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL);
      INSERT INTO customers SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 100) g;`);
  });
  afterEach(async () => {
    const admin = new pg.Client({ connectionString: db.targetDb.serverUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`${db.targetDb.name}\\_cf\\_%`],
      );
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  });

  const refresh = (sync: (building: ConnectionConfig) => Promise<unknown>) =>
    runAtomicSync({
      target: resolveConnection(db.targetDb.url),
      key: 'cli:one-build-per-target',
      carryRecords: async () => ({}),
      graceSeconds: 0,
      sync,
    });
  const syncInto = (building: ConnectionConfig) =>
    runSync({
      source: resolveConnection(db.sourceDb.url),
      target: building,
      profile: resolveProfile(
        {
          global: { seed_env_var: 'TEST_SEED' },
          tables: { customers: [{ column: 'email', strategy: 'email' }] },
        },
        { catalog: strategyCatalog, name: 'atomic-lock' },
      ),
      env: { TEST_SEED: 'a-test-seed-of-some-length' },
      workers: 1,
      transformThreads: 0,
      confirmOverwrite: async () => true,
    });

  it('refuses the second at once while the first builds, and the first swaps in', async () => {
    // The swap ends the sessions on the target, this test's own among them.
    db.target.on('error', () => undefined);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let building!: () => void;
    const isBuilding = new Promise<void>((resolve) => (building = resolve));
    const first = refresh(async (into) => {
      building();
      await released;
      return syncInto(into);
    });
    await isBuilding;

    const error = (await refresh(syncInto).catch((e: unknown) => e)) as ConfitureError;
    expect(error).toBeInstanceOf(ConfitureError);
    expect(error.code).toBe('SYNC_REFUSED');
    expect(error.message).toMatch(
      /^another atomic refresh of .* is running \(held by .* pid \d+, server pid \d+.*\); nothing was changed$/,
    );

    release();
    const outcome = await first;
    expect(outcome.alreadySwapped).toBe(false);
    const { rows } = await db.target
      .query(`SELECT count(*)::int AS n FROM customers`)
      .catch(async () => {
        // The swap replaced the database under the test's session: read it on a new one.
        const fresh = new pg.Client({ connectionString: db.targetDb.url });
        await fresh.connect();
        try {
          return await fresh.query(`SELECT count(*)::int AS n FROM customers`);
        } finally {
          await fresh.end();
        }
      });
    expect(rows[0].n).toBe(100);
  });
});
