import { ConfitureError, resolveConnection, resolveProfile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import { useDatabasePair } from '../../test-support/database-pair';
import { runSync } from './run-sync';
import type { SyncOptions } from './sync-options';

const SEED = 'a-test-seed-of-some-length';
const OTHER_SEED = '7f3a9c2e51b84d06a1e93f5c72d8b4e0';

describe('resuming a sync that would not write what it began', () => {
  const db = useDatabasePair();

  beforeEach(async () => {
    await db.source.query(`
      CREATE TABLE order_items (id int PRIMARY KEY, quantity integer NOT NULL, email text);
      INSERT INTO order_items SELECT g, 3, 'buyer' || (g % 700) || '@example.com' FROM generate_series(1, 3000) g;
      CREATE TABLE customers (id int PRIMARY KEY, email text);
      INSERT INTO customers SELECT g, 'buyer' || g || '@example.com' FROM generate_series(0, 699) g;`);
  });

  const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
    source: resolveConnection(db.sourceDb.url),
    target: resolveConnection(db.targetDb.url),
    profile: resolveProfile(
      {
        global: { seed_env_var: 'TEST_SEED' },
        tables: {
          order_items: [{ column: 'email', strategy: 'email' }],
          customers: [{ column: 'email', strategy: 'email' }],
        },
      },
      { catalog: strategyCatalog, name: 'resume-profile' },
    ),
    env: { TEST_SEED: SEED },
    workers: 1,
    transformThreads: 0,
    chunkRows: 300,
    ...overrides,
  });
  const one = async (sql: string) => (await db.target.query(sql)).rows[0];
  /** What the target holds: rows of the copied tables and recorded chunks. */
  const written = async () =>
    one(`SELECT (SELECT count(*)::int FROM order_items) AS items,
                (SELECT count(*)::int FROM customers) AS customers,
                (SELECT count(*)::int FROM confiture.sync_chunks) AS chunks`);

  /** A sync that dies mid-data; its run is then left `running`, as after a `kill -9`. */
  const crashMidData = async () => {
    let batches = 0;
    const crashing = options({
      onEvent: (event) => {
        if (event.type === 'rows-copied' && ++batches === 3) throw new Error('simulated crash');
      },
    });
    await expect(runSync(crashing)).rejects.toThrow(/simulated crash/);
    await db.target.query(`UPDATE confiture.sync_runs SET status = 'running', error = NULL`);
    expect((await written()).chunks).toBeGreaterThan(0);
  };
  const refusal = async (overrides: Partial<SyncOptions> = {}) =>
    (await runSync(options({ resume: true, ...overrides })).catch(
      (e: unknown) => e,
    )) as ConfitureError;

  it('refuses, writing nothing, when a column still to copy changed type (integer → real)', async () => {
    await crashMidData();
    const before = await written();
    await db.source.query(`ALTER TABLE order_items ALTER COLUMN quantity TYPE real`);

    const error = await refusal();
    expect(error).toBeInstanceOf(ConfitureError);
    expect(error.code).toBe('SYNC_REFUSED');
    expect(error.message).toContain('public.order_items: column quantity is real, was integer');
    expect(error.location).toEqual({ table: 'public.order_items' });
    expect(error.hint).toMatch(/fresh sync without --resume/);
    expect(await written()).toEqual(before);
    expect(await one(`SELECT status, phase, error FROM confiture.sync_runs`)).toEqual({
      status: 'failed',
      phase: 'data',
      error: expect.stringMatching(/^resume refused: the source schema changed/),
    });

    // A fresh sync copies the new type as it is.
    const report = await runSync(options({ confirmOverwrite: async () => true }));
    expect(report.verification?.passed).toBe(true);
    expect(
      await one(`SELECT DISTINCT quantity, pg_typeof(quantity)::text AS type FROM order_items`),
    ).toEqual({
      quantity: 3,
      type: 'real',
    });
  });

  it('refuses a column added after the schema phase, and one made nullable', async () => {
    const stop = options({
      hooks: [
        {
          name: 'crash after the schema',
          at: 'after:schema',
          run: () => {
            throw new Error('simulated crash after the schema');
          },
        },
      ],
    });
    await expect(runSync(stop)).rejects.toThrow(/simulated crash/);
    await db.target.query(`UPDATE confiture.sync_runs SET status = 'running', error = NULL`);
    const before = await written();
    await db.source.query(`
      ALTER TABLE order_items ADD COLUMN note text DEFAULT 'n';
      ALTER TABLE order_items ALTER COLUMN quantity DROP NOT NULL;`);

    const error = await refusal();
    expect(error.code).toBe('SYNC_REFUSED');
    expect(error.message).toContain(
      'public.order_items: column note (text) was added, column quantity is nullable, was NOT NULL',
    );
    expect(error.message).not.toContain('customers');
    expect(await written()).toEqual(before);
    expect(await one(`SELECT status FROM confiture.sync_runs`)).toEqual({ status: 'failed' });
  });

  it('refuses another seed without naming either, and resumes with the same one', async () => {
    await crashMidData();
    const before = await written();

    const error = await refusal({ env: { TEST_SEED: OTHER_SEED } });
    expect(error.code).toBe('SYNC_REFUSED');
    expect(error.message).toMatch(/^the seeds differ from the ones the sync being resumed started/);
    const shown = JSON.stringify(error.toJSON());
    expect(shown).not.toContain(SEED);
    expect(shown).not.toContain(OTHER_SEED);
    expect(await written()).toEqual(before);
    // The recorded fingerprint is neither seed.
    const { plan } = await one(`SELECT plan::text AS plan FROM confiture.sync_runs`);
    expect(plan).not.toContain(SEED);
    expect(JSON.parse(plan).resumeGuard.keys).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);

    const report = await runSync(options({ resume: true }));
    expect(report).toMatchObject({ resumed: true, verification: { passed: true } });
    // One seed throughout: every order's email is its customer's.
    expect(
      await one(`SELECT count(*)::int AS unmatched FROM order_items o
                  WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.email = o.email)`),
    ).toEqual({ unmatched: 0 });
    expect(await one(`SELECT status, phase FROM confiture.sync_runs`)).toEqual({
      status: 'completed',
      phase: 'done',
    });
  });
});
