import { ConfitureError, resolveConnection, resolveProfile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import { useDatabasePair } from '../../test-support/database-pair';
import { runSync } from '../run/run-sync';
import { readLatestRun } from '../run/state-store';
import type { SyncOptions } from '../run/sync-options';

describe('a sync whose verification fails', () => {
  const db = useDatabasePair();

  beforeEach(async () => {
    await db.source.query(`
      CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL);
      CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, amount int);
      CREATE TABLE products (id int PRIMARY KEY, title text);
      INSERT INTO customers SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 50) g;
      INSERT INTO orders SELECT g, g, g FROM generate_series(1, 50) g;
      INSERT INTO products SELECT g, 'product ' || g FROM generate_series(1, 20) g;`);
  });

  /** A profile whose replacement happens to be one of the real values: a leak verification finds. */
  const leaking = (failOnPiiLeak: boolean) =>
    resolveProfile(
      {
        global: { seed_env_var: 'TEST_SEED', fail_on_pii_leak: failOnPiiLeak },
        tables: {
          customers: [{ column: 'email', strategy: 'redact', replacement: 'user7@example.com' }],
        },
      },
      { catalog: strategyCatalog, name: 'leaking' },
    );
  const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
    source: resolveConnection(db.sourceDb.url),
    target: resolveConnection(db.targetDb.url),
    profile: leaking(true),
    env: { TEST_SEED: 'a-test-seed-of-some-length' },
    workers: 1,
    transformThreads: 0,
    confirmOverwrite: async () => true,
    ...overrides,
  });
  const counts = async () =>
    (
      await db.target.query(`SELECT (SELECT count(*)::int FROM customers) AS customers,
                                    (SELECT count(*)::int FROM orders) AS orders,
                                    (SELECT count(*)::int FROM products) AS products`)
    ).rows[0];

  it('is marked failed at verify, its leaking tables emptied, and is not resumed', async () => {
    const error = (await runSync(options()).catch((e: unknown) => e)) as ConfitureError;
    expect(error).toBeInstanceOf(ConfitureError);
    expect(error.code).toBe('VERIFICATION_FAILED');
    expect(error.details[0]!.location).toEqual({ table: 'public.customers', column: 'email' });
    expect(error.hint).toMatch(/^The run is marked failed: the target is not a good copy\./);
    expect(error.hint).toContain('(public.customers, public.orders emptied)');
    expect(error.hint).toMatch(/start a fresh sync \(not --resume\)/);
    expect(error.hint).not.toMatch(/run again with --resume/);
    expect(JSON.stringify(error.toJSON())).not.toContain('user7');

    // What every reader of the target sees: a failed run, and no leaked row left.
    expect(await readLatestRun(db.target)).toMatchObject({
      status: 'failed',
      phase: 'verify',
      error: expect.stringMatching(/^verification failed: /),
    });
    // The table that leaked and the one referencing it are empty; the others are kept.
    expect(await counts()).toEqual({ customers: 0, orders: 0, products: 20 });

    const resumed = (await runSync(options({ resume: true })).catch(
      (e: unknown) => e,
    )) as ConfitureError;
    expect(resumed.code).toBe('SYNC_REFUSED');
    expect(resumed.message).toMatch(/^the sync being resumed failed its verification/);
    expect(resumed.hint).toMatch(/fresh sync without --resume/);
    // Without --yes, the overwrite refusal does not suggest --resume for it either.
    const unconfirmed = (await runSync(options({ confirmOverwrite: async () => false })).catch(
      (e: unknown) => e,
    )) as ConfitureError;
    expect(unconfirmed.code).toBe('SYNC_REFUSED');
    expect(unconfirmed.hint).toMatch(/failed its verification .*add --yes to start over/);

    // Fixed, a fresh sync makes a good copy.
    const fixed = resolveProfile(
      {
        global: { seed_env_var: 'TEST_SEED' },
        tables: { customers: [{ column: 'email', strategy: 'email' }] },
      },
      { catalog: strategyCatalog, name: 'fixed' },
    );
    const report = await runSync(options({ profile: fixed }));
    expect(report.verification?.passed).toBe(true);
    expect(await readLatestRun(db.target)).toMatchObject({ status: 'completed', phase: 'done' });
    expect(await counts()).toEqual({ customers: 50, orders: 50, products: 20 });
  });

  it('completes, rows kept, when the profile accepts leaks (fail_on_pii_leak: false)', async () => {
    const report = await runSync(options({ profile: leaking(false) }));
    expect(report.verification?.passed).toBe(false);
    expect(await readLatestRun(db.target)).toMatchObject({ status: 'completed', phase: 'done' });
    expect(await counts()).toEqual({ customers: 50, orders: 50, products: 20 });
  });
});
