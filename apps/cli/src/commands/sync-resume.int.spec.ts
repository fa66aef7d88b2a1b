import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { runCli, startCli, type CliRun } from '../test-support/run-cli';

const SEED = 'cli-test-seed-3f9a1c77d2';
const OTHER_SEED = '9c41e07b2d5a8f36c1e4a7b90d2f5e83';
const AUDIT_KEY = 'cli-test-audit-key-5b2e8c1f0a9d4e7b6c3a';
const ENV = { CONFITURE_SEED: SEED, CONFITURE_AUDIT_KEY: AUDIT_KEY };
const PROFILE = `
global: { seed_env_var: CONFITURE_SEED }
tables:
  order_items:
    - { column: email, strategy: email }
`;
const ROWS = 400_000;

describe('confiture sync, one at a time, and --resume of a run that changed', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let source: pg.Client;
  let target: pg.Client;
  let cwd: string;
  const runs: CliRun[] = [];
  const sync = async (env: Record<string, string>, ...args: string[]) => {
    const run = await runCli(['sync', '--from', 'source', '--to', 'target', ...args], env, { cwd });
    runs.push(run);
    return run;
  };
  const count = async (sql: string) => Number((await target.query(sql)).rows[0].n);
  const errorLine = (run: CliRun) => run.stderr.split('\n').find((line) => line.startsWith('✖'));
  const lastRun = async () =>
    (await target.query(`SELECT run_id::text, status, phase FROM confiture.sync_runs`)).rows;

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'cli_src' });
    targetDb = await createTestDatabase({ prefix: 'cli_dst' });
    source = new pg.Client({ connectionString: sourceDb.url });
    target = new pg.Client({ connectionString: targetDb.url });
    await Promise.all([source.connect(), target.connect()]);
    await source.query(`
      CREATE TABLE order_items (id bigint PRIMARY KEY, quantity integer NOT NULL, email text NOT NULL);
      INSERT INTO order_items SELECT g, 3, 'buyer' || g || '@example.com' FROM generate_series(1, ${ROWS}) g;
      ANALYZE order_items;`);
    cwd = mkdtempSync(join(tmpdir(), 'confiture-cli-resume-'));
    mkdirSync(join(cwd, 'db', 'environments'), { recursive: true });
    writeFileSync(join(cwd, 'db', 'environments', 'source.yaml'), `url: ${sourceDb.url}\n`);
    writeFileSync(join(cwd, 'db', 'environments', 'target.yaml'), `url: ${targetDb.url}\n`);
    writeFileSync(join(cwd, 'anonymization_config.yaml'), PROFILE);
  });
  afterEach(async () => {
    await Promise.all([source.end(), target.end()]);
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
  });
  afterAll(() => {
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n');
    expect(everything).not.toContain(SEED);
    expect(everything).not.toContain(OTHER_SEED);
    expect(everything).not.toContain(AUDIT_KEY);
  });

  it('refuses a second sync while one runs, then, after a kill -9, a resume under another seed or a changed schema', async () => {
    // The first sync is held after its first chunk: the target table is locked until it is killed.
    const child = startCli(
      ['sync', '--from', 'source', '--to', 'target', '--yes', '--workers', '1'].concat([
        '--chunk-rows',
        '25000',
      ]),
      ENV,
      { cwd },
    );
    let output = '';
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const holder = new pg.Client({ connectionString: targetDb.url });
    await holder.connect();
    try {
      await new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(async () => {
          const chunks = await target
            .query(`SELECT count(*) AS n FROM confiture.sync_chunks`)
            .then((r) => Number(r.rows[0].n))
            .catch(() => 0);
          if (chunks >= 1) {
            clearInterval(poll);
            await holder.query('BEGIN; LOCK TABLE order_items IN ACCESS EXCLUSIVE MODE');
            resolve();
          } else if (Date.now() - started > 90_000 || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`the first sync ended before its first chunk:\n${output}`));
          }
        }, 50);
      });
      const [first] = await lastRun();

      const second = await sync(ENV, '--yes');
      expect(second.code).toBe(2);
      expect(errorLine(second)).toMatch(
        new RegExp(
          `^✖ another sync is running into .*run ${first.run_id} started .*nothing was changed$`,
        ),
      );
      expect((await lastRun()).map((r) => r.run_id)).toEqual([first.run_id]);

      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
    expect((await lastRun())[0]).toMatchObject({ status: 'running', phase: 'data' });
    const copied = await count(`SELECT count(*) AS n FROM order_items`);
    expect(copied).toBeLessThan(ROWS);

    // Another seed: refused, naming neither.
    const otherSeed = await sync({ ...ENV, CONFITURE_SEED: OTHER_SEED }, '--resume');
    expect(otherSeed.code).toBe(2);
    expect(errorLine(otherSeed)).toMatch(
      /^✖ the seeds differ from the ones the sync being resumed/,
    );
    expect((await lastRun())[0]).toMatchObject({ status: 'failed', phase: 'data' });

    // A column's type changed, then a column added: refused, saying which, writing nothing.
    await source.query(`ALTER TABLE order_items ALTER COLUMN quantity TYPE real`);
    const retyped = await sync(ENV, '--resume');
    expect(retyped.code).toBe(2);
    expect(errorLine(retyped)).toContain(
      'public.order_items: column quantity is real, was integer',
    );
    expect(retyped.stderr).toMatch(/fresh sync without --resume/);
    await source.query(`
      ALTER TABLE order_items ALTER COLUMN quantity TYPE integer;
      ALTER TABLE order_items ADD COLUMN discount integer;`);
    const widened = await sync(ENV, '--resume');
    expect(widened.code).toBe(2);
    expect(errorLine(widened)).toContain('public.order_items: column discount (integer) was added');
    expect(widened.stderr).not.toMatch(/Unhandled 'error' event|\n\s+at /);
    expect(await count(`SELECT count(*) AS n FROM order_items`)).toBe(copied);
    expect((await lastRun())[0]).toMatchObject({ status: 'failed' });

    // The source as it was: the same seed resumes, and every row is there once.
    await source.query(`ALTER TABLE order_items DROP COLUMN discount`);
    const resumed = await sync(ENV, '--resume', '--json');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({
      resumed: true,
      verification: { passed: true },
    });
    expect(await count(`SELECT count(DISTINCT id) AS n FROM order_items`)).toBe(ROWS);
    expect(await count(`SELECT count(*) AS n FROM order_items WHERE quantity <> 3`)).toBe(0);
  }, 300_000);
});
