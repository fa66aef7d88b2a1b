import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchUsers } from '@confiture/dataset';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import { AuditKey, LocalKeyProvider, PrincipalCredential, TokenVault } from '@confiture/security';
import pg from 'pg';
import { runCli, startCli, type CliRun } from '../test-support/run-cli';
import { tamperLedger } from '../test-support/security-cli';

const SEED = 'cli-test-seed-3f9a1c77d2';
const AUDIT_KEY = 'cli-test-audit-key-5b2e8c1f0a9d4e7b6c3a';
const ENV = { CONFITURE_SEED: SEED, CONFITURE_AUDIT_KEY: AUDIT_KEY };
const PROFILE = `
global: { seed_env_var: CONFITURE_SEED }
tables:
  users:
    - { column: email, strategy: email }
    - { column: full_name, strategy: name }
    - { column: phone, strategy: phone }
    - { column: ssn, strategy: redact, replacement: '***-**-****' }
`;

describe('confiture sync', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let target: pg.Client;
  let cwd: string;
  const runs: CliRun[] = [];
  const syncWith = async (env: Record<string, string>, ...args: string[]) => {
    const run = await runCli(['sync', '--from', 'source', '--to', 'target', ...args], env, { cwd });
    runs.push(run);
    return run;
  };
  const sync = (...args: string[]) => syncWith(ENV, ...args);
  const count = async (sql: string) => Number((await target.query(sql)).rows[0].n);
  const errorLine = (run: CliRun) => run.stderr.split('\n').find((line) => line.startsWith('✖'));
  const confitureSchemas = () =>
    count(`SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'confiture'`);

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'cli_src' });
    targetDb = await createTestDatabase({ prefix: 'cli_dst' });
    target = new pg.Client({ connectionString: targetDb.url });
    await target.connect();
    cwd = mkdtempSync(join(tmpdir(), 'confiture-cli-sync-'));
    mkdirSync(join(cwd, 'db', 'environments'), { recursive: true });
    // Environments as a user writes them: the URL (and any password) comes from the environment.
    writeFileSync(
      join(cwd, 'db', 'environments', 'source.yaml'),
      `url: ${sourceDb.url}\nreadonly: true\n`,
    );
    writeFileSync(join(cwd, 'db', 'environments', 'target.yaml'), `url: ${targetDb.url}\n`);
    writeFileSync(join(cwd, 'anonymization_config.yaml'), PROFILE);
  });
  afterEach(async () => {
    await target.end();
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
  });
  afterAll(() => {
    // No run, failed or not, printed the seed or a database password.
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n');
    expect(everything).not.toContain(SEED);
    expect(everything).not.toContain(AUDIT_KEY);
    const password = decodeURIComponent(new URL(sourceDb.url).password);
    if (password) expect(everything).not.toContain(password);
  });

  const seed = async (rows: number) => {
    const source = new pg.Client({ connectionString: sourceDb.url });
    await source.connect();
    try {
      await createBenchUsers(source, rows);
    } finally {
      await source.end();
    }
  };

  it('syncs with the default profile and prints one JSON report with --json', async () => {
    await seed(2_000);
    const run = await sync('--json', '--yes');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ status: 'completed', verification: { passed: true } });
    expect(report.tables).toEqual([
      expect.objectContaining({
        table: 'public.users',
        rows: 2000,
        anonymized: expect.arrayContaining([
          expect.objectContaining({ column: 'email', type: 'email' }),
        ]),
      }),
    ]);
    expect(await count(`SELECT count(*) AS n FROM users WHERE email LIKE '%@anon.local'`)).toBe(
      2000,
    );
  });

  it('keeps tokenized originals encrypted in the vault, reversible for a granted principal', async () => {
    // Moved here from the sync's own tests when the recorder moved to @confiture/security: the
    // CLI is where the sync and the recorder are put together.
    const keys = { ...ENV, CONFITURE_MASTER_KEY: 'ab'.repeat(32) };
    const source = new pg.Client({ connectionString: sourceDb.url });
    await source.connect();
    await source
      .query(
        `CREATE TABLE audit_trail (at timestamptz NOT NULL DEFAULT now(), actor text);
         INSERT INTO audit_trail (at, actor) SELECT timestamptz '2024-01-01' + g * interval '1 min', 'user' || g || '@example.com' FROM generate_series(1, 500) g;`,
      )
      .finally(() => source.end());
    writeFileSync(
      join(cwd, 'anonymization_config.yaml'),
      `global: { seed_env_var: CONFITURE_SEED }\ntables:\n  audit_trail:\n    - { column: actor, strategy: tokenize, prefix: tok_ }\n`,
    );
    const run = await syncWith(keys, '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.verification?.passed).toBe(true);
    expect(report.auditEntry).toBeDefined();
    const [row] = (await target.query(`SELECT actor FROM audit_trail ORDER BY at LIMIT 1`)).rows;
    expect(row.actor).toMatch(/^tok_/);
    expect(await count(`SELECT count(*) AS n FROM confiture.tokens`)).toBe(500);
    const vault = await TokenVault.open(target, {
      keyProvider: LocalKeyProvider.fromEnv(keys),
      auditKey: AuditKey.fromEnv(keys),
    });
    try {
      const { credential } = PrincipalCredential.generate();
      await vault.grant('dpo@example.com', 'REVERSE_WITH_REASON', {
        publicKey: credential.publicKey.text,
      });
      const reversal = await vault.reverse(row.actor, {
        as: 'dpo@example.com',
        credential,
        reason: 'subject access request #42',
      });
      expect(reversal).toMatchObject({ original: 'user1@example.com' });
    } finally {
      await vault.close();
    }
  });

  it("accepts the seeds' form <from>-to-<to> --anonymize, and asks for --anonymize", async () => {
    await seed(300);
    const run = await runCli(['sync', 'source-to-target', '--anonymize', '--yes'], ENV, { cwd });
    const bare = await runCli(['sync', 'source-to-target'], ENV, { cwd });
    runs.push(run, bare);
    expect(run.code).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM users WHERE email LIKE '%@anon.local'`)).toBe(
      300,
    );
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('the <from>-to-<to> form needs --anonymize');
  });

  it('leaves a signed audit entry and lineage that verify, and that fail verification once altered', async () => {
    await seed(500);
    expect((await sync('--yes')).code).toBe(0);
    const lineage = await runCli(['lineage', 'verify', '--env', targetDb.url], ENV);
    const audit = await runCli(['audit', 'verify', '--env', targetDb.url], ENV);
    const log = await runCli(['audit', 'log', '--env', targetDb.url, '--json'], ENV);
    runs.push(lineage, audit, log);
    expect([lineage.code, audit.code, log.code]).toEqual([0, 0, 0]);
    const entries = JSON.parse(log.stdout);
    expect(JSON.stringify(entries)).toContain('public.users.email');
    expect(await count(`SELECT count(*) AS n FROM confiture.lineage`)).toBe(4);

    await tamperLedger(
      target,
      'lineage',
      `UPDATE confiture.lineage SET strategy = 'preserve' WHERE sequence = 2`,
    );
    const tampered = await runCli(['lineage', 'verify', '--env', targetDb.url], ENV);
    runs.push(tampered);
    expect(tampered.code).toBe(5);
    expect(tampered.stdout + tampered.stderr).toMatch(/2/);
  });

  it('lists what the schema copy leaves out, and refuses it with --strict-schema (exit 2)', async () => {
    await seed(100);
    const source = new pg.Client({ connectionString: sourceDb.url });
    await source.connect();
    try {
      await source.query('CREATE PUBLICATION users_pub FOR TABLE users');
    } finally {
      await source.end();
    }
    const strict = await sync('--strict-schema', '--yes');
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('--strict-schema: the schema copy would leave out 1 object(s)');
    expect(strict.stderr).toContain('publication users_pub');
    expect(await count(`SELECT count(*) AS n FROM pg_namespace WHERE nspname = 'confiture'`)).toBe(
      0,
    );
    const run = await sync('--json', '--yes');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).warnings).toContainEqual(
      expect.stringMatching(/^schema: not copied: publication users_pub \(/),
    );
  });

  it('refreshes atomically with --atomic: the old target kept as the previous copy, one chain that verifies across two refreshes', async () => {
    await seed(400);
    // The test's own session would be ended at the swap after the grace period: close it.
    await target.end();
    const server = new pg.Client({ connectionString: targetDb.serverUrl });
    await server.connect();
    try {
      expect((await sync('--yes')).code).toBe(0);
      const first = await sync('--atomic', '--yes');
      const second = await sync('--atomic', '--yes', '--json');
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(JSON.parse(second.stdout)).toMatchObject({ status: 'completed' });
      const databases = await server.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1`,
        [`${targetDb.name}%`],
      );
      expect(databases.rows.map((r) => r.datname)).toEqual([
        targetDb.name,
        `${targetDb.name}_cf_previous`,
      ]);
      const audit = await runCli(['audit', 'verify', '--env', targetDb.url], ENV);
      const lineage = await runCli(['lineage', 'verify', '--env', targetDb.url], ENV);
      runs.push(audit, lineage);
      expect([audit.code, lineage.code]).toEqual([0, 0]);
      expect(audit.stdout).toContain('3 entries, chain intact');
    } finally {
      await server.query(`DROP DATABASE IF EXISTS "${targetDb.name}_cf_previous" WITH (FORCE)`);
      await server.end();
      target = new pg.Client({ connectionString: targetDb.url });
      await target.connect();
    }
  });

  it('takes the swap settings from --atomic-grace and --on-open-connections, and refuses bad ones before writing', async () => {
    await seed(200);
    const server = new pg.Client({ connectionString: targetDb.serverUrl });
    await server.connect();
    const beside = async () =>
      (
        await server.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1`,
          [`${targetDb.name}\\_cf\\_%`],
        )
      ).rows.map((r) => r.datname);
    // The test's session to the target stays open through every run below.
    target.on('error', () => undefined);
    try {
      const notDuration = await sync('--atomic', '--atomic-grace', '5x', '--yes');
      expect(notDuration.code).toBe(2);
      expect(errorLine(notDuration)).toBe('✖ --atomic-grace: "5x" is not a duration');
      expect(notDuration.stderr).toContain('hint: Give seconds (30, 30s)');
      const tooLong = await sync('--atomic', '--atomic-grace', '2h', '--yes');
      expect(tooLong.code).toBe(2);
      expect(errorLine(tooLong)).toBe('✖ --atomic-grace: 2h is longer than 3600 s');
      const policy = await sync('--atomic', '--on-open-connections', 'wait', '--yes');
      expect(policy.code).toBe(2);
      expect(policy.stderr).toContain('terminate, fail');
      const withoutAtomic = await sync('--atomic-grace', '1s', '--yes');
      expect(withoutAtomic.code).toBe(2);
      expect(withoutAtomic.stderr).toContain('--atomic');
      expect(await confitureSchemas()).toBe(0);

      // fail: after 1 s the session is still there, so the swap is refused and the copy dropped.
      const refused = await sync(
        '--atomic',
        '--atomic-grace',
        '1s',
        '--on-open-connections',
        'fail',
        '--yes',
      );
      expect(refused.code).toBe(2);
      expect(errorLine(refused)).toBe(
        `✖ 1 session(s) still connected to ${targetDb.name} after 1 s; the swap was not made`,
      );
      expect(refused.stderr).toContain('--on-open-connections terminate');
      expect(await beside()).toEqual([]);
      expect(await confitureSchemas()).toBe(0);

      // terminate (the default) after 1 s instead of the default 30 s.
      const started = Date.now();
      const swapped = await sync('--atomic', '--atomic-grace', '1s', '--yes', '--json');
      expect(swapped.code).toBe(0);
      expect(Date.now() - started).toBeLessThan(25_000);
      expect(JSON.parse(swapped.stdout)).toMatchObject({ status: 'completed' });
      await expect(target.query('SELECT 1')).rejects.toThrow();
      expect(await beside()).toEqual([`${targetDb.name}_cf_previous`]);
    } finally {
      await server.query(`DROP DATABASE IF EXISTS "${targetDb.name}_cf_previous" WITH (FORCE)`);
      await server.end();
      await target.end().catch(() => undefined);
      target = new pg.Client({ connectionString: targetDb.url });
      await target.connect();
    }
  });

  it('refuses a non-empty target without --yes when there is no terminal, and changes nothing', async () => {
    await seed(100);
    await target.query('CREATE TABLE precious (id int)');
    const run = await sync();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not empty \(1 tables\); nothing was changed/);
    expect(run.stderr).toContain('hint: Add --yes to overwrite it.');
    expect(await count(`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'precious'`)).toBe(1);
  });

  it('stops with exit code 2 on a value its strategy cannot take, naming the column, not the value', async () => {
    await seed(3000);
    const source = new pg.Client({ connectionString: sourceDb.url });
    await source.connect();
    await source
      .query(`UPDATE users SET phone = 'ask-the-front-desk' WHERE id = 2500`)
      .finally(() => source.end());
    const run = await sync('--yes');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('public.users.phone: phone strategy: the value has no digits');
    expect(run.stderr).toMatch(/is incomplete; run again with --resume/);
    expect(run.stdout + run.stderr).not.toContain('ask-the-front-desk');
  });

  it('says in one line when a database cannot be reached, and writes nothing', async () => {
    writeFileSync(
      join(cwd, 'db', 'environments', 'source.yaml'),
      'host: 127.0.0.1\nport: 1\ndatabase: prod\nuser: app\npassword: ${PROD_PASSWORD}\n',
    );
    const missing = await sync('--yes');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('environment variable PROD_PASSWORD is not set');
    const run = await syncWith({ ...ENV, PROD_PASSWORD: 'pw-9f8e7d6c' }, '--yes');
    expect(run.code).toBe(3);
    expect(errorLine(run)).toBe(
      '✖ source (app@127.0.0.1:1/prod): connection refused at 127.0.0.1:1',
    );
    expect(run.stderr).not.toContain('pw-9f8e7d6c');
    expect(await confitureSchemas()).toBe(0);
  });

  it('refuses an unknown CONFITURE_HMAC in one line with exit 2, before writing anything', async () => {
    await seed(100);
    const run = await syncWith({ ...ENV, CONFITURE_HMAC: 'fast' }, '--yes');
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe(
      '✖ CONFITURE_HMAC=fast is not a HMAC backend: use auto (the default), native, wasm or js',
    );
    expect(await confitureSchemas()).toBe(0);
  });

  it('refuses to copy a source with PII when there is no profile', async () => {
    await seed(200);
    const run = await runCli(
      ['sync', '--from', 'source', '--to', 'target', '--profile', join(cwd, 'none.yaml'), '--yes'],
      {},
      { cwd },
    );
    expect(run.code).toBe(2);
    const bare = await runCli(
      ['sync', '--from', sourceDb.url, '--to', targetDb.url, '--yes'],
      { CONFITURE_AUDIT_KEY: AUDIT_KEY },
      { cwd: tmpdir() },
    );
    runs.push(run, bare);
    expect(bare.code).toBe(4);
    expect(bare.stderr).toMatch(/PII columns have no anonymization rule.*public\.users\.email/);
  });

  it('with --allow-pii, reports the PII the scan finds as warnings without values, and exits 0; exit 4 when the profile sets fail_on_pii_leak', async () => {
    await seed(200);
    const source = new pg.Client({ connectionString: sourceDb.url });
    await source.connect();
    const [first] = (await source.query(`SELECT email FROM users ORDER BY id LIMIT 1`)).rows;
    await source.end();
    const declared = await runCli(
      ['sync', '--from', sourceDb.url, '--to', targetDb.url, '--yes', '--allow-pii'],
      { CONFITURE_AUDIT_KEY: AUDIT_KEY },
      { cwd: tmpdir() },
    );
    runs.push(declared);
    expect(declared.code).toBe(0);
    expect(declared.stderr).toMatch(
      /PII pattern scan \(a warning: --allow-pii declares the source free of PII\): \d+ row\(s\) of public\.users\.email still hold email/,
    );
    expect(declared.stdout + declared.stderr).not.toContain(first.email);
    writeFileSync(
      join(cwd, 'strict.yaml'),
      'global: { fail_on_pii_leak: true, on_unmapped_pii: warn }\n',
    );
    const strict = await sync('--profile', join(cwd, 'strict.yaml'), '--allow-pii', '--yes');
    expect(strict.code).toBe(4);
    expect(strict.stderr).toMatch(/verification failed/);
  });

  it('refuses at pre-flight (exit 2) a view the target could not create, naming it, and writes nothing', async () => {
    await seed(10);
    const source = new pg.Client({ connectionString: sourceDb.url });
    await source.connect();
    await source
      .query(`CREATE VIEW v AS SELECT id FROM users; CREATE OR REPLACE VIEW v AS SELECT * FROM v;`)
      .finally(() => source.end());
    const run = await sync('--yes');
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe('✖ a view of the source cannot be created on the target: public.v');
    expect(run.stderr).toMatch(/infinite recursion/);
    expect(await confitureSchemas()).toBe(0);
  });

  it('copies a table with no columns, rows included (exit 0)', async () => {
    await seed(10);
    const source = new pg.Client({ connectionString: sourceDb.url });
    await source.connect();
    await source
      .query(`CREATE TABLE t0 (); INSERT INTO t0 DEFAULT VALUES; INSERT INTO t0 DEFAULT VALUES;`)
      .finally(() => source.end());
    const run = await sync('--yes', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ verification: { passed: true } });
    expect(await count(`SELECT count(*) AS n FROM t0`)).toBe(2);
  });

  it('ends a sync whose target session is terminated mid-COPY with exit 1, one line naming the table and the run failed', async () => {
    await seed(300_000);
    const child = runCli(
      ['sync', '--from', 'source', '--to', 'target', '--yes', '--workers', '1'],
      ENV,
      {
        cwd,
      },
    );
    const admin = new pg.Client({ connectionString: targetDb.url });
    await admin.connect();
    let terminated = false;
    try {
      for (let tries = 0; tries < 3000 && !terminated; tries++) {
        const { rows } = await admin.query<{ done: boolean }>(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'confiture sync (target)'
              AND query LIKE 'COPY%' AND state = 'active'`,
        );
        terminated = rows.some((r) => r.done);
        if (!terminated) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await admin.end();
    }
    const run = await child;
    runs.push(run);
    expect(terminated).toBe(true);
    expect(run.code).toBe(1);
    expect(errorLine(run)).toMatch(
      /^✖ public\.users: copying public\.users \(chunk 1 of 1\) failed on the target: /,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const [record] = (await target.query(`SELECT status, error FROM confiture.sync_runs`)).rows;
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(/^copying public\.users \(chunk 1 of 1\) failed on the target: /);
  }, 120_000);

  it('finishes after a kill -9 in the middle of a table with --resume, every row exactly once', async () => {
    await seed(600_000);
    const child = startCli(
      // three chunks of 200,000 rows
      [
        'sync',
        '--from',
        'source',
        '--to',
        'target',
        '--yes',
        '--workers',
        '1',
        '--chunk-rows',
        '200000',
      ],
      ENV,
      { cwd },
    );
    let output = '';
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    const killed = await new Promise<boolean>((resolve) => {
      const started = Date.now();
      const poll = setInterval(async () => {
        const chunks = await target
          .query(`SELECT count(*) AS n FROM confiture.sync_chunks`)
          .then((r) => Number(r.rows[0].n))
          .catch(() => 0);
        if (chunks >= 1 || Date.now() - started > 90_000 || child.exitCode !== null) {
          clearInterval(poll);
          resolve(child.kill('SIGKILL'));
        }
      }, 100);
    });
    if (!killed) throw new Error(`the sync ended before it could be killed:\n${output}`);
    await new Promise((resolve) => child.once('exit', resolve));
    const [run] = (await target.query(`SELECT status, phase FROM confiture.sync_runs`)).rows;
    expect(run).toEqual({ status: 'running', phase: 'data' });
    expect(await count(`SELECT count(*) AS n FROM users`)).toBeLessThan(600_000);

    const resumed = await sync('--resume', '--json');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      resumed: true,
      verification: { passed: true },
    });
    expect(await count(`SELECT count(*) AS n FROM users`)).toBe(600_000);
    expect(await count(`SELECT count(DISTINCT id) AS n FROM users`)).toBe(600_000);
    expect(
      await count(`SELECT count(*) AS n FROM users WHERE email NOT LIKE 'user\\_%@anon.local'`),
    ).toBe(0);
  }, 300_000);
});
