import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTestDatabase, type ConnectedTestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { runCli, type CliRun } from '../test-support/run-cli';

describe('confiture audit-pii', () => {
  let db: ConnectedTestDatabase;
  let client: pg.Client;
  let dir: string;
  const runs: CliRun[] = [];
  const audit = async (...args: string[]) => {
    const run = await runCli(['audit-pii', '--env', db.url, ...args], {});
    runs.push(run);
    return run;
  };

  beforeEach(async () => {
    db = await connectTestDatabase();
    client = db.client;
    await client.query(`
      CREATE TABLE customers (
        id serial PRIMARY KEY, courriel text, status text, amount numeric(10, 2), created_at timestamptz DEFAULT now(),
        notes text, misc text, extra jsonb, aliases text[], seen_from inet);
      INSERT INTO customers (courriel, status, amount, notes, misc, extra, aliases, seen_from)
      SELECT 'client' || g || '@orange.fr', 'active', g * 2.5,
             CASE WHEN g % 3 = 0 THEN 'Rappeler au 06 12 34 56 78' ELSE 'RAS' END,
             CASE WHEN g % 2 = 0 THEN '123-45-6789' ELSE 'n/a' END,
             jsonb_build_object('order', jsonb_build_object('delivery', jsonb_build_object('contact', 'p' || g || '@mail.com'))),
             ARRAY['a' || g || '@corp.com'], ('81.2.69.' || g)::inet
        FROM generate_series(1, 20) g;`);
    dir = mkdtempSync(join(tmpdir(), 'confiture-audit-'));
  });
  afterEach(async () => {
    await db.drop();
  });
  afterAll(() => {
    // Never a sampled value, never the password.
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n');
    expect(everything).not.toMatch(/orange\.fr|6789|06 12 34|81\.2\.69|mail\.com|corp\.com/);
  });

  it('writes nothing to the audited database unless --record is given', async () => {
    const run = await audit();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Audit not stored: not asked to record it \(--record\)\.$/m);
    const schema = await client.query(`SELECT to_regnamespace('confiture') AS oid`);
    expect(schema.rows[0].oid).toBeNull();
  });

  it('prints each PII column with its kind, evidence and confidence, and stores the audit', async () => {
    const run = await audit('--record');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PII audit of ');
    expect(run.stdout).toContain(': 1 tables, 10 columns, 6 PII');
    expect(run.stdout).toMatch(
      /public\.customers\.courriel {2}email address {2}0\.\d\d\n {6}· column name contains "courriel" \(email address\)\n {6}· 20 of 20 sampled values are email addresses/,
    );
    expect(run.stdout).toMatch(/public\.customers\.misc {2}national id \/ SSN/);
    expect(run.stdout).toMatch(/public\.customers\.extra {2}JSON containing PII \(email address\)/);
    expect(run.stdout).toMatch(/public\.customers\.seen_from {2}IP address {2}0\.95/);
    expect(run.stdout).not.toMatch(/customers\.(status|amount|created_at|id) /);
    expect(run.stdout).toMatch(/Audit stored in confiture\.pii_audits \(#1\)\.$/m);
  });

  it('exits 4 when the profile leaves PII columns without a rule, naming the coverage of each', async () => {
    const profile = join(dir, 'profile.yaml');
    writeFileSync(
      profile,
      `tables:\n  customers:\n    - { column: courriel, strategy: email }\n    - { column: notes, strategy: preserve }\nexclude_tables: []\n`,
    );
    const run = await audit('--profile', profile);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(/courriel .*✔ email \(tables\.customers\[0\]\)/);
    expect(run.stdout).toMatch(/notes .*✔ declared safe \(preserve, tables\.customers\[1\]\)/);
    expect(run.stdout).toMatch(/misc .*✖ no rule/);
    expect(run.stderr).toMatch(/✖ 4 PII column\(s\) have no rule in .*profile\.yaml/);
  });

  it('with --json prints one document, and --warn-on-new-columns lists what changed since the last audit', async () => {
    expect((await audit('--json', '--warn-on-new-columns', '--record')).code).toBe(0);
    await client.query(
      'ALTER TABLE customers ADD COLUMN backup_email text, ALTER COLUMN status TYPE varchar(20)',
    );
    const run = await audit('--json', '--warn-on-new-columns', '--record');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    expect(report.changes).toMatchObject({
      baseline: false,
      added: [{ table: 'public.customers', column: 'backup_email', pii: true, kind: 'email' }],
      typeChanged: [{ column: 'status', previousType: 'text', type: 'character varying(20)' }],
    });
    expect(report.store).toEqual({ stored: true, id: 2 });
    const human = await audit('--warn-on-new-columns');
    expect(human.stdout).toMatch(/Changes since the audit of .*:\n {2}none/);
  });

  it('says so when the connection is read-only', async () => {
    await client.query(`ALTER DATABASE "${db.name}" SET default_transaction_read_only = on`);
    const run = await audit('--record');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Audit not stored: the connection is read-only, so this audit was not stored\.$/m,
    );
  });

  it('exits 3 with a clear message when the database cannot be reached', async () => {
    const run = await runCli(['audit-pii', '--env', 'postgresql://nobody@127.0.0.1:1/none'], {});
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/connection refused at 127\.0\.0\.1:1/);
  });
});
