import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import pg, { type ClientBase } from 'pg';
import { runCli, type CliRun } from './run-cli';

export { runCli, type CliRun };

/** Secrets for a test run of the security commands. */
export function securityTestEnv(): Record<string, string> {
  return {
    CONFITURE_AUDIT_KEY: randomBytes(32).toString('hex'),
    CONFITURE_MASTER_KEY: randomBytes(32).toString('hex'),
  };
}

/** Runs `sql` on a ledger table with its append-only triggers off, as a superuser attacker would. */
export async function tamperLedger(client: ClientBase, table: string, sql: string): Promise<void> {
  await client.query('BEGIN');
  await client.query(`ALTER TABLE confiture.${table} DISABLE TRIGGER USER`);
  await client.query(sql);
  for (const trigger of ['append_only', 'no_truncate']) {
    await client.query(`ALTER TABLE confiture.${table} ENABLE ALWAYS TRIGGER ${table}_${trigger}`);
  }
  await client.query('COMMIT');
}

/** A fresh target database per test, the CLI runner, and a check that no output leaked a secret. */
export interface SecurityCliHarness {
  env: Record<string, string>;
  readonly db: TestDatabase;
  readonly client: pg.Client;
  /** Runs `confiture ...args --env <test database>`, with `env` (overridable) and records the run. */
  cli(args: string[], env?: Record<string, string>): Promise<CliRun>;
}

/**
 * Registers beforeEach/afterEach/afterAll hooks: each test gets its own database, prepared by
 * `prepare`; after the suite, no output may contain the audit key, the master key or the
 * database password, nor any of `forbidden` in the output of a failed run.
 */
export function securityCliHarness(
  prepare: (client: pg.Client, env: Record<string, string>) => Promise<void>,
  options: { forbiddenInFailures?: string[] } = {},
): SecurityCliHarness {
  const env = securityTestEnv();
  const runs: CliRun[] = [];
  let db: TestDatabase | undefined;
  let client: pg.Client | undefined;
  beforeEach(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await prepare(client, env);
  });
  afterEach(async () => {
    await client?.end();
    await db?.drop();
  });
  afterAll(() => {
    const password = db ? decodeURIComponent(new URL(db.url).password) : '';
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n');
    for (const secret of [env['CONFITURE_AUDIT_KEY'], env['CONFITURE_MASTER_KEY'], password]) {
      if (secret) expect(everything).not.toContain(secret);
    }
    const failures = runs
      .filter((r) => r.code !== 0)
      .map((r) => r.stdout + r.stderr)
      .join('\n');
    for (const value of options.forbiddenInFailures ?? []) expect(failures).not.toContain(value);
  });
  return {
    env,
    get db() {
      if (!db) throw new Error('no test database outside a test');
      return db;
    },
    get client() {
      if (!client) throw new Error('no test database outside a test');
      return client;
    },
    async cli(args, runEnv = env) {
      const run = await runCli([...args, '--env', this.db.url], runEnv);
      runs.push(run);
      return run;
    },
  };
}
