import { resolveConnection, resolveProfile, type Profile } from '@confiture/domain';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import { strategyCatalog } from '@confiture/strategies';
import { runSync } from '@confiture/sync';
import pg from 'pg';
import { verifyTarget } from './verify-target';

const SOURCE = `
  CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, note text, status text);
  CREATE TABLE logins (id int PRIMARY KEY, user_id int REFERENCES users, ip inet);
  INSERT INTO users SELECT g, 'u' || g || '@gmail.com', 'likes tea', 'active' FROM generate_series(1, 25) g;
  INSERT INTO logins SELECT g, g, ('81.2.69.' || g)::inet FROM generate_series(1, 25) g;`;

describe('verifyTarget', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let source: pg.Client;
  let target: pg.Client;
  let profile: Profile;

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'confiture_src' });
    targetDb = await createTestDatabase({ prefix: 'confiture_dst' });
    source = new pg.Client({ connectionString: sourceDb.url });
    target = new pg.Client({ connectionString: targetDb.url });
    await Promise.all([source.connect(), target.connect()]);
    await source.query(SOURCE);
    profile = resolveProfile(
      {
        global: { seed: 'a-literal-seed-for-tests' },
        tables: {
          users: [
            { column: 'email', strategy: 'email' },
            { column: 'note', strategy: 'text_scrub' },
          ],
          logins: [{ column: 'ip', strategy: 'redact', replacement: '0.0.0.0' }],
        },
      },
      { catalog: strategyCatalog },
    );
    await runSync({
      source: resolveConnection(sourceDb.url),
      target: resolveConnection(targetDb.url),
      profile,
      transformThreads: 0,
    });
  });
  afterEach(async () => {
    await Promise.all([source.end(), target.end()]);
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
  });

  it('passes on a freshly synced target', async () => {
    const report = await verifyTarget({ source, target, profile });
    expect(report.passed).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['last-sync', 'passed'],
      ['row-counts', 'passed'],
      ['no-source-values', 'passed'],
      ['foreign-keys', 'passed'],
      ['pii-pattern-scan', 'passed'],
    ]);
  });

  it('reports a leak planted in the target by hand, with row keys and no value', async () => {
    await target.query(`
      UPDATE users SET note = 'reach me at jane.doe@gmail.com' WHERE id = 4;
      UPDATE users SET email = 'u7@gmail.com' WHERE id = 7;
      UPDATE logins SET ip = '81.2.69.9' WHERE id = 9;`);
    const report = await verifyTarget({ source, target, profile });
    expect(report.passed).toBe(false);
    expect(report.leaked).toBe(true);
    const failed = report.checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => [c.name, c.table, c.column, c.count])).toEqual([
      ['no-source-values', 'public.logins', 'ip', 1],
      ['no-source-values', 'public.users', 'email', 1],
      ['no-source-values', undefined, undefined, undefined],
      ['pii-pattern-scan', 'public.logins', 'ip', 1],
      ['pii-pattern-scan', 'public.users', 'email', 1],
      ['pii-pattern-scan', 'public.users', 'note', 1],
      ['pii-pattern-scan', undefined, undefined, undefined],
    ]);
    expect(failed.map((c) => c.detail)).toEqual([
      '1 distinct source value(s) of public.logins.ip (redact) appear in the target',
      '1 distinct source value(s) of public.users.email (email) appear in the target',
      '0 of 2 anonymized columns contain none of their source values',
      '1 row(s) of public.logins.ip still hold ip_address (1); e.g. rows id=9',
      '1 row(s) of public.users.email still hold email (1); e.g. rows id=7',
      '1 row(s) of public.users.note still hold email (1); e.g. rows id=4',
      '1 of 4 text, JSON, array and inet columns hold no email, phone, national id, card, IBAN, IP address or person name in free text (0 declared safe)',
    ]);
    expect(JSON.stringify(report)).not.toMatch(/jane|u7@|81\.2\.69\.9/);
  });

  it('fails row counts when the target holds more rows than the source', async () => {
    await target.query(`INSERT INTO users VALUES (99, 'user_x@anon.local', NULL, 'active')`);
    const report = await verifyTarget({ source, target, profile });
    expect(report.leaked).toBe(false);
    expect(
      report.checks.find((c) => c.table === 'public.users' && c.name === 'row-counts'),
    ).toMatchObject({
      status: 'failed',
      count: 1,
      detail: 'public.users: the source has 25 rows now, the target 26',
    });
  });

  it('fails the last-sync check when the last sync into the target failed its verification', async () => {
    const leaking = resolveProfile(
      {
        global: { seed: 'a-literal-seed-for-tests', fail_on_pii_leak: true },
        tables: {
          users: [{ column: 'email', strategy: 'redact', replacement: 'u7@gmail.com' }],
          logins: [{ column: 'ip', strategy: 'redact', replacement: '0.0.0.0' }],
        },
      },
      { catalog: strategyCatalog },
    );
    await expect(
      runSync({
        source: resolveConnection(sourceDb.url),
        target: resolveConnection(targetDb.url),
        profile: leaking,
        transformThreads: 0,
        confirmOverwrite: async () => true,
      }),
    ).rejects.toMatchObject({ code: 'VERIFICATION_FAILED' });
    // The leaking rows are gone, so what is left may look clean: the record says otherwise.
    const report = await verifyTarget({ source, target, profile });
    expect(report.passed).toBe(false);
    expect(report.checks[0]).toMatchObject({
      name: 'last-sync',
      status: 'failed',
      detail: expect.stringMatching(
        /^the last sync into the target \(run [0-9a-f-]{36}, started .*\) failed at phase verify: verification failed: .*; the target is not a good copy$/,
      ),
    });
  });
});
