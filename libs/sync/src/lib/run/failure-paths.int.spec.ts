import { resolveConnection, resolveProfile, type Profile } from '@confiture/domain';
import { strategyCatalog } from '@confiture/strategies';
import { useDatabasePair } from '../../test-support/database-pair';
import { runSync } from './run-sync';
import type { SyncOptions } from './sync-options';

const emptyProfile = (): Profile =>
  resolveProfile({ global: {} }, { catalog: strategyCatalog, name: 'test-profile' });

describe('runSync on what real schemas hold', () => {
  const db = useDatabasePair();
  const options = (overrides: Partial<SyncOptions> = {}): SyncOptions => ({
    source: resolveConnection(db.sourceDb.url),
    target: resolveConnection(db.targetDb.url),
    profile: emptyProfile(),
    workers: 2,
    transformThreads: 0,
    ...overrides,
  });
  const count = async (sql: string) =>
    (await db.target.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;

  it('copies tables with no columns, rows included, and verification agrees', async () => {
    await db.source.query(`
      CREATE TABLE t0 ();
      INSERT INTO t0 DEFAULT VALUES; INSERT INTO t0 DEFAULT VALUES; INSERT INTO t0 DEFAULT VALUES;
      CREATE SCHEMA other;
      CREATE TABLE other."Empty" ();
      CREATE TABLE t1 (id int PRIMARY KEY);
      INSERT INTO t1 SELECT generate_series(1, 5);`);
    const report = await runSync(options());
    expect(report.status).toBe('completed');
    expect(report.verification?.passed).toBe(true);
    expect(await count('t0')).toBe(3);
    expect(await count('other."Empty"')).toBe(0);
    expect(await count('t1')).toBe(5);
    expect(report.tables.find((t) => t.table === 'public.t0')?.rows).toBe(3);
  });
});
