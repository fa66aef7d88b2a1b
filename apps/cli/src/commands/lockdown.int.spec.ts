import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchUsers } from '@confiture/dataset';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import { lockDownSecuritySchema } from '@confiture/security';
import pg from 'pg';
import { runCli, type CliRun } from '../test-support/run-cli';

const PROFILE = `global: { seed_env_var: CONFITURE_SEED }
tables:
  users:
    - { column: email, strategy: email }
    - { column: full_name, strategy: name }
    - { column: phone, strategy: phone }
    - { column: ssn, strategy: tokenize }
`;

/**
 * The hardening docs/security.md recommends, with a real least-privilege role: the target database
 * belongs to the syncing role (it drops and recreates the target's schemas), the `confiture` schema
 * to a NOLOGIN owner after `lockDownSecuritySchema`.
 */
describe('syncs into a locked-down security schema', () => {
  const suffix = randomBytes(4).toString('hex');
  const writerRole = `confiture_sync_${suffix}`;
  const ownerRole = `confiture_owner_${suffix}`;
  const password = randomBytes(12).toString('hex');
  const env = {
    CONFITURE_SEED: randomBytes(32).toString('hex'),
    CONFITURE_AUDIT_KEY: randomBytes(32).toString('hex'),
    CONFITURE_MASTER_KEY: randomBytes(32).toString('hex'),
  };
  let source: TestDatabase;
  let target: TestDatabase;
  let admin: pg.Client;
  let writer: pg.Client;
  let writerUrl: string;
  const runs: CliRun[] = [];
  const cli = async (args: string[]) => {
    const cwd = mkdtempSync(join(tmpdir(), 'confiture-lockdown-'));
    writeFileSync(join(cwd, 'anonymization_config.yaml'), PROFILE);
    const run = await runCli(args, env, { cwd });
    runs.push(run);
    return run;
  };
  /** A sync that must succeed; its stderr shows in the failure message should it fail. */
  const sync = async () => {
    const run = await cli(['sync', '--from', source.url, '--to', writerUrl, '--yes']);
    if (run.code !== 0) throw new Error(`sync exited ${run.code}: ${run.stderr}`);
  };

  beforeAll(async () => {
    source = await createTestDatabase({ prefix: 'lockdown_src' });
    target = await createTestDatabase({ prefix: 'lockdown_dst' });
    const server = new pg.Client({ connectionString: target.serverUrl });
    await server.connect();
    try {
      await server.query(`CREATE ROLE ${writerRole} LOGIN PASSWORD '${password}'`);
      await server.query(`ALTER DATABASE "${target.name}" OWNER TO ${writerRole}`);
    } finally {
      await server.end();
    }
    const src = new pg.Client({ connectionString: source.url });
    await src.connect();
    await createBenchUsers(src, 300).finally(() => src.end());
    admin = new pg.Client({ connectionString: target.url });
    await admin.connect();
    const url = new URL(target.url);
    url.username = writerRole;
    url.password = password;
    writerUrl = url.toString();
  });
  afterAll(async () => {
    await writer?.end();
    await admin?.end();
    await Promise.all([source?.drop(), target?.drop()]);
    const server = new pg.Client({ connectionString: target.serverUrl });
    await server.connect();
    try {
      for (const role of [writerRole, ownerRole]) await server.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await server.end();
    }
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n');
    for (const secret of [...Object.values(env), password])
      expect(everything).not.toContain(secret);
  });

  it('keeps syncing after the lock-down, and the head moves only through the append path', async () => {
    await sync();

    const report = await lockDownSecuritySchema(admin, { writerRole, ownerRole });
    expect(report).toEqual({ ownerRole, writerRole, warnings: [] });
    const owner = await admin.query(
      `SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'confiture'`,
    );
    expect(owner.rows[0].owner).toBe(ownerRole);

    // The next sync wipes public, rewrites its bookkeeping, stores tokens and appends to the ledgers.
    await sync();

    const verified = await Promise.all([
      cli(['lineage', 'verify', '--env', writerUrl]),
      cli(['audit', 'verify', '--env', writerUrl]),
      cli(['audit', 'log', '--env', writerUrl]),
    ]);
    expect(verified.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(verified[1]?.stdout).toContain('✔ confiture.audit_log: 2 entries, chain intact');
    expect(verified[2]?.stdout).toMatch(/#2 .* succeeded by .*\n.*4 anonymized columns, verified;/);

    writer = new pg.Client({ connectionString: writerUrl });
    await writer.connect();
    const head = (
      await writer.query(
        `SELECT sequence, entry_hash FROM confiture.ledger_heads WHERE ledger = 'audit_log'`,
      )
    ).rows[0];
    expect(Number(head.sequence)).toBe(2);
    await expect(
      writer.query(`UPDATE confiture.ledger_heads SET sequence = 1 WHERE ledger = 'audit_log'`),
    ).rejects.toThrow(/permission denied for table ledger_heads/);
    await expect(
      writer.query(`DELETE FROM confiture.audit_log WHERE sequence = 2`),
    ).rejects.toThrow(/permission denied/);
    // Through the function: never backwards, never past the real end of the chain.
    await expect(
      writer.query(`SELECT confiture.advance_ledger_head('audit_log', 2, $1, 1, $1, 'x')`, [
        head.entry_hash,
      ]),
    ).rejects.toThrow(/only moves forward/);
    await expect(
      writer.query(`SELECT confiture.advance_ledger_head('audit_log', 2, $1, 3, $1, 'x')`, [
        head.entry_hash,
      ]),
    ).rejects.toThrow(/do not continue its chain/);
    await expect(
      writer.query(`SELECT confiture.advance_ledger_head('audit_log', 1, $1, 2, $1, 'x')`, [
        head.entry_hash,
      ]),
    ).rejects.toThrow(/moved to entry 2 meanwhile/);
    expect((await cli(['audit', 'verify', '--env', writerUrl])).code).toBe(0);
  });
});
