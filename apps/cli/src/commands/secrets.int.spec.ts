import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, withDatabaseName, type TestDatabase } from '@confiture/pg-harness';
import pg from 'pg';
import { runCli } from '../test-support/run-cli';

/** Secrets that every command must keep out of its output, whatever goes wrong. */
describe('secrets in the output of confiture', () => {
  const secret = (name: string) => `${name}-${randomBytes(8).toString('hex')}`;
  const env = {
    CONFITURE_SEED: randomBytes(32).toString('hex'),
    CONFITURE_AUDIT_KEY: randomBytes(32).toString('hex'),
    VAULT_TOKEN: secret('hvs'),
    AWS_SECRET_ACCESS_KEY: secret('aws'),
    AZURE_CLIENT_SECRET: secret('azure'),
  };
  let target: TestDatabase;
  let cwd: string;

  beforeAll(async () => {
    target = await createTestDatabase({ prefix: 'cli_secrets' });
    cwd = mkdtempSync(join(tmpdir(), 'confiture-cli-secrets-'));
    writeFileSync(
      join(cwd, 'anonymization_config.yaml'),
      'global: { seed_env_var: CONFITURE_SEED }\ntables:\n  users:\n    - { column: email, strategy: email }\n',
    );
  });
  afterAll(async () => {
    await target.drop();
  });

  it.each(['VAULT_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'AZURE_CLIENT_SECRET'] as const)(
    'confiture sync redacts %s from an error that contains its value',
    async (variable) => {
      // A source database named like the secret: the connection error quotes the name.
      const from = withDatabaseName(target.url, env[variable]);
      for (const json of [false, true]) {
        const run = await runCli(
          ['sync', '--from', from, '--to', target.url, '--yes', ...(json ? ['--json'] : [])],
          env,
          { cwd },
        );
        expect(run.code).toBe(3);
        const output = run.stdout + run.stderr;
        expect(output).toMatch(/database \\?"\*\*\*\\?" does not exist/);
        for (const value of Object.values(env)) expect(output).not.toContain(value);
      }
    },
  );

  it('says a too-short audit key is too short (exit 2), without mangling the message', async () => {
    const run = await runCli(['audit', 'verify', '--env', target.url], {
      CONFITURE_AUDIT_KEY: 'short',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '✖ CONFITURE_AUDIT_KEY is too short: an audit key has at least 32 characters',
    );
    const sync = await runCli(
      ['sync', '--from', target.url, '--to', target.url, '--yes'],
      {
        ...env,
        CONFITURE_AUDIT_KEY: 'tooshort-0123456789',
      },
      { cwd },
    );
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain('CONFITURE_AUDIT_KEY is too short');
    expect(sync.stderr).not.toContain('tooshort-0123456789');
  });

  it('refuses a weak seed before writing anything (exit 2), naming the variable', async () => {
    const source = await createTestDatabase({ prefix: 'cli_secrets_src' });
    const client = new pg.Client({ connectionString: source.url });
    await client.connect();
    try {
      await client.query(
        "CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users VALUES (1, 'ann@example.com')",
      );
      const run = await runCli(
        ['sync', '--from', source.url, '--to', target.url, '--yes'],
        { ...env, CONFITURE_SEED: 'nothex' },
        { cwd },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('environment variable CONFITURE_SEED is too weak to be a seed');
      expect(run.stderr).not.toContain('nothex');
      const targetClient = new pg.Client({ connectionString: target.url });
      await targetClient.connect();
      const written = await targetClient.query(
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('public', 'confiture')`,
      );
      await targetClient.end();
      expect(written.rows[0].n).toBe(0);
    } finally {
      await client.end();
      await source.drop();
    }
  });
});
