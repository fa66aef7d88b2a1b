import { ConfitureError, resolveConnection, resolveProfile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import { useDatabasePair } from '../../test-support/database-pair';
import { runSync } from './run-sync';
import type { SyncOptions } from './sync-options';

const env = { TEST_SEED: 'a-test-seed-of-some-length' };

describe('the target lock', () => {
  const db = useDatabasePair();

  beforeEach(async () => {
    await db.source.query(`
      CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL);
      INSERT INTO customers SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 500) g;`);
  });

  const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
    source: resolveConnection(db.sourceDb.url),
    target: resolveConnection(db.targetDb.url),
    profile: resolveProfile(
      {
        global: { seed_env_var: 'TEST_SEED' },
        tables: { customers: [{ column: 'email', strategy: 'email' }] },
      },
      { catalog: strategyCatalog, name: 'lock-profile' },
    ),
    env,
    workers: 1,
    transformThreads: 0,
    confirmOverwrite: async () => true,
    ...overrides,
  });

  it('refuses a second sync into a target while one runs, naming it, and writes nothing', async () => {
    // The first sync waits after its schema phase until the second has been refused.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atSchema = new Promise<void>((resolve) => (reached = resolve));
    const first = runSync(
      options({
        hooks: [
          {
            name: 'hold the first sync',
            at: 'after:schema',
            run: async () => {
              reached();
              await released;
            },
          },
        ],
      }),
    );
    await atSchema;
    const [{ run_id: firstRun }] = (
      await db.target.query(`SELECT run_id::text FROM confiture.sync_runs`)
    ).rows;
    const before = (await db.target.query(`SELECT count(*)::int AS n FROM customers`)).rows[0].n;

    const started = Date.now();
    const error = (await runSync(options()).catch((e: unknown) => e)) as ConfitureError;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(ConfitureError);
    expect(error.code).toBe('SYNC_REFUSED');
    expect(error.message).toMatch(/^another sync is running into /);
    expect(error.message).toContain(`run ${firstRun}`);
    expect(error.message).toMatch(/held by .* pid \d+, server pid \d+/);
    // Nothing written: still one run, the first one's table as it was.
    expect(
      (await db.target.query(`SELECT run_id::text, status FROM confiture.sync_runs`)).rows,
    ).toEqual([{ run_id: firstRun, status: 'running' }]);
    expect((await db.target.query(`SELECT count(*)::int AS n FROM customers`)).rows[0].n).toBe(
      before,
    );

    release();
    const report = await first;
    expect(report.verification?.passed).toBe(true);
    expect((await db.target.query(`SELECT count(*)::int AS n FROM customers`)).rows[0].n).toBe(500);
    // Released at the end of the run: the next sync takes the lock.
    const next = await runSync(options());
    expect(next.status).toBe('completed');
  });

  it('lets a dry run read a target a sync is writing', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atData = new Promise<void>((resolve) => (reached = resolve));
    const first = runSync(
      options({
        hooks: [
          {
            name: 'hold',
            at: 'before:data',
            run: async () => {
              reached();
              await released;
            },
          },
        ],
      }),
    );
    await atData;
    const dry = await runSync(options({ dryRun: true }));
    expect(dry.status).toBe('dry-run');
    release();
    await first;
  });
});
