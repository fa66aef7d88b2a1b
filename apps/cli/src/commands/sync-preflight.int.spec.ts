import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { runCli } from '../test-support/run-cli';

const ENV = {
  CONFITURE_SEED: 'cli-preflight-seed-8d1e5a',
  CONFITURE_AUDIT_KEY: 'cli-preflight-audit-key-4c7b1f9e2a6d3b8c',
};
/** Values planted in the source that a default dry run must not print. */
const PLANTED = {
  email: 'margaux.lefebvre@example.org',
  card: '4556 7375 8689 9855',
  iban: 'FR7630006000011234567890189',
};
const PROFILE = `
global: { seed_env_var: CONFITURE_SEED }
tables:
  customers:
    - { column: email, strategy: email }
    - { column: card, strategy: redact, replacement: '0000 0000 0000 0000' }
    - { column: iban, strategy: hash }
`;

describe('confiture sync pre-flight', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let source: pg.Client;
  let target: pg.Client;
  let cwd: string;
  const roles: string[] = [];

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'cli_pre_src' });
    targetDb = await createTestDatabase({ prefix: 'cli_pre_dst' });
    source = new pg.Client({ connectionString: sourceDb.url });
    target = new pg.Client({ connectionString: targetDb.url });
    await Promise.all([source.connect(), target.connect()]);
    await source.query(`
      CREATE TABLE customers (id serial PRIMARY KEY, email text, card text, iban text);
      INSERT INTO customers (email, card, iban)
        VALUES ('${PLANTED.email}', '${PLANTED.card}', '${PLANTED.iban}');`);
    await target.query('CREATE TABLE keep_me (id int)');
    cwd = mkdtempSync(join(tmpdir(), 'confiture-cli-preflight-'));
    mkdirSync(join(cwd, 'db', 'environments'), { recursive: true });
    writeFileSync(join(cwd, 'db', 'environments', 'source.yaml'), `url: ${sourceDb.url}\n`);
    writeFileSync(join(cwd, 'db', 'environments', 'target.yaml'), `url: ${targetDb.url}\n`);
    writeFileSync(join(cwd, 'anonymization_config.yaml'), PROFILE);
  });
  afterEach(async () => {
    await Promise.all([source.end(), target.end()]);
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
    const admin = new pg.Client({ connectionString: sourceDb.serverUrl });
    await admin.connect();
    for (const role of roles.splice(0)) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  const sync = (...args: string[]) => runCli(['sync', ...args], ENV, { cwd });
  const untouched = async () =>
    (
      await target.query(
        `SELECT to_regclass('public.keep_me') IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'confiture') AS ok`,
      )
    ).rows[0].ok;

  it('masks the source values of the --dry-run sample, in text and --json, unless --show-values', async () => {
    const text = await sync('--from', 'source', '--to', 'target', '--dry-run');
    const json = await sync('--from', 'source', '--to', 'target', '--dry-run', '--json');
    expect([text.code, json.code]).toEqual([0, 0]);
    for (const run of [text, json]) {
      for (const value of Object.values(PLANTED))
        expect(run.stdout + run.stderr).not.toContain(value);
      expect(run.stdout + run.stderr).not.toContain('8689');
    }
    expect(text.stdout).toContain('m***************@e******.org');
    expect(text.stdout).toContain('**** **** **** 9855');
    const samples = JSON.parse(json.stdout).samples as Array<{
      column: string;
      samples: Array<{ before: string }>;
    }>;
    expect(Object.fromEntries(samples.map((s) => [s.column, s.samples[0]!.before]))).toEqual({
      email: 'm***************@e******.org',
      card: '**** **** **** 9855',
      iban: 'F' + '*'.repeat(22) + '0189',
    });

    const shown = await sync('--from', 'source', '--to', 'target', '--dry-run', '--show-values');
    const shownJson = await sync(
      '--from',
      'source',
      '--to',
      'target',
      '--dry-run',
      '--show-values',
      '--json',
    );
    expect([shown.code, shownJson.code]).toEqual([0, 0]);
    for (const value of Object.values(PLANTED)) {
      expect(shown.stdout).toContain(value);
      expect(shownJson.stdout).toContain(value);
    }
    const help = await runCli(['sync', '--help'], ENV, { cwd });
    expect(help.stdout).toMatch(/--show-values\s+With --dry-run, print raw source values/);
    expect(await untouched()).toBe(true);
  });

  it('refuses with exit 2, before touching the target, a filter with ";" or one the source cannot plan, naming the YAML path', async () => {
    const withFilter = (filter: string) =>
      writeFileSync(
        join(cwd, 'anonymization_config.yaml'),
        `
global: { seed_env_var: CONFITURE_SEED }
tables:
  customers:
    anonymization:
      - { column: email, strategy: email }
    filter: ${JSON.stringify(filter)}
`,
      );
    withFilter('true; SELECT pg_sleep(60)');
    const semicolon = await sync('--from', 'source', '--to', 'target', '--yes');
    expect(semicolon.code).toBe(2);
    expect(semicolon.stderr).toContain(
      'tables.customers.filter: not a valid SQL expression (syntax error at or near ";")',
    );
    withFilter('nosuch > 0');
    const unplanned = await sync('--from', 'source', '--to', 'target', '--yes');
    expect(unplanned.code).toBe(2);
    expect(unplanned.stderr).toContain(
      'tables.customers.filter public.customers: the filter of public.customers does not plan on the source: column "nosuch" does not exist',
    );
    expect(await untouched()).toBe(true);
  });

  it('refuses with exit 2, before touching the target, a source role without SELECT on a sequence, with the GRANT', async () => {
    const role = `confiture_cli_reader_${randomBytes(4).toString('hex')}`;
    roles.push(role);
    await source.query(`CREATE ROLE ${role} LOGIN PASSWORD 'least-privilege-test'`);
    await source.query(`GRANT SELECT ON customers TO ${role}`);
    const from = new URL(sourceDb.url);
    from.username = role;
    from.password = 'least-privilege-test';
    const run = await sync('--from', from.toString(), '--to', 'target', '--yes');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '✖ the source role lacks 1 privilege the sync needs; nothing was written',
    );
    expect(run.stderr).toContain(
      `• source: SELECT on sequence public.customers_id_seq (its position is copied) — GRANT SELECT ON SEQUENCE "public"."customers_id_seq" TO "${role}";`,
    );
    expect(run.stderr).not.toContain('least-privilege-test');
    expect(await untouched()).toBe(true);

    const json = await sync('--from', from.toString(), '--to', 'target', '--yes', '--json');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      code: 'SYNC_REFUSED',
      details: [{ message: expect.stringContaining('GRANT SELECT ON SEQUENCE') }],
    });
    expect(await untouched()).toBe(true);
  });
});
