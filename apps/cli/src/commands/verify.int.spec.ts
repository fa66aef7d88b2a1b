import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { runCli } from '../test-support/run-cli';

const SCHEMA = `CREATE TABLE users (id int PRIMARY KEY, email text, notes text, status text);`;

describe('confiture verify', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let target: pg.Client;
  let profile: string;
  const verify = (...extra: string[]) =>
    runCli(
      ['verify', '--from', sourceDb.url, '--to', targetDb.url, '--profile', profile, ...extra],
      {},
    );

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'confiture_src' });
    targetDb = await createTestDatabase({ prefix: 'confiture_dst' });
    const source = new pg.Client({ connectionString: sourceDb.url });
    target = new pg.Client({ connectionString: targetDb.url });
    await Promise.all([source.connect(), target.connect()]);
    await source.query(`${SCHEMA}
      INSERT INTO users SELECT g, 'u' || g || '@gmail.com', 'likes tea', 'active' FROM generate_series(1, 10) g;`);
    await source.end();
    // A target loaded by hand, as a sync would have left it.
    await target.query(`${SCHEMA}
      INSERT INTO users SELECT g, 'user_' || lpad(to_hex(g), 24, '0') || '@anon.local', 'likes tea', 'active'
        FROM generate_series(1, 10) g;`);
    const dir = mkdtempSync(join(tmpdir(), 'confiture-verify-'));
    profile = join(dir, 'profile.yaml');
    writeFileSync(
      profile,
      `global: { seed: 7 }\ntables:\n  users:\n    - { column: email, strategy: email }\n    - { column: notes, strategy: text_scrub }\n`,
    );
  });
  afterEach(async () => {
    await target.end();
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
  });

  it('exits 0 when the target holds no PII', async () => {
    const run = await verify();
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /✔ pii-pattern-scan: 3 of 3 text, JSON, array and inet columns hold no email/,
    );
    expect(run.stdout).toMatch(/All checks passed\.$/m);
  });

  it('resolves --from, --to and --profile under --cwd, and says what is missing there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confiture-verify-cwd-'));
    mkdirSync(join(dir, 'db', 'environments'), { recursive: true });
    writeFileSync(join(dir, 'db', 'environments', 'prod.yaml'), `url: ${sourceDb.url}\n`);
    writeFileSync(join(dir, 'db', 'environments', 'stage.yaml'), `url: ${targetDb.url}\n`);
    copyFileSync(profile, join(dir, 'profile.yaml'));
    const args = ['verify', '--cwd', dir, '--from', 'prod', '--to', 'stage'];
    const run = await runCli([...args, '--profile', 'profile.yaml'], {}, { cwd: tmpdir() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/All checks passed\.$/m);
    const missing = await runCli([...args, '--profile', 'none.yaml'], {}, { cwd: tmpdir() });
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(
      `✖ ${join(dir, 'none.yaml')}: file not found: ${join(dir, 'none.yaml')}`,
    );
  });

  it('reports a leak planted by hand with row keys, never the value, and exits 4', async () => {
    await target.query(`UPDATE users SET notes = 'call Jane on +44 20 7946 0958' WHERE id = 6`);
    const run = await verify();
    expect(run.code).toBe(4);
    expect(run.stdout).toContain(
      '✖ pii-pattern-scan: 1 row(s) of public.users.notes still hold person_name (1), phone (1); e.g. rows id=6',
    );
    expect(run.stderr).toMatch(/✖ verification failed: 2 check\(s\) did not pass/);
    expect(run.stdout + run.stderr).not.toContain('7946');
  });

  it('with --json prints the report as one document and still exits 4', async () => {
    await target.query(`UPDATE users SET email = 'u3@gmail.com' WHERE id = 3`);
    const run = await verify('--json');
    expect(run.code).toBe(4);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ passed: false, leaked: true, failOnPiiLeak: true });
    expect(
      report.checks
        .filter((c: { status: string }) => c.status === 'failed')
        .map((c: { name: string }) => c.name),
    ).toEqual(['no-source-values', 'no-source-values', 'pii-pattern-scan', 'pii-pattern-scan']);
  });

  it('exits 0 with a warning on a leak when fail_on_pii_leak is false', async () => {
    writeFileSync(
      profile,
      `global: { seed: 7, fail_on_pii_leak: false }\ntables:\n  users:\n    - { column: email, strategy: email }\n    - { column: notes, strategy: text_scrub }\n`,
    );
    await target.query(`UPDATE users SET notes = 'mail jane@corp.com' WHERE id = 2`);
    const run = await verify();
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/PII leaks found, but global\.fail_on_pii_leak is false/);
  });
});
