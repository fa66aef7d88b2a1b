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
  const grantorRole = `confiture_grantor_${suffix}`;
  const reverserRole = `confiture_reverser_${suffix}`;
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
  const urlAs = (role: string) => {
    const url = new URL(target.url);
    url.username = role;
    url.password = password;
    return url.toString();
  };
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
      for (const role of [writerRole, grantorRole, reverserRole]) {
        await server.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      }
      await server.query(`ALTER DATABASE "${target.name}" OWNER TO ${writerRole}`);
    } finally {
      await server.end();
    }
    const src = new pg.Client({ connectionString: source.url });
    await src.connect();
    await createBenchUsers(src, 300).finally(() => src.end());
    admin = new pg.Client({ connectionString: target.url });
    await admin.connect();
    writerUrl = urlAs(writerRole);
    // The first sync creates the schema as the syncing role; then an administrator locks it down.
    await sync();
    const report = await lockDownSecuritySchema(admin, {
      writerRole,
      ownerRole,
      grantorRoles: [grantorRole],
      reverserRoles: [reverserRole],
    });
    expect(report).toEqual({ ownerRole, writerRole, warnings: [] });
  });
  afterAll(async () => {
    await writer?.end();
    await admin?.end();
    await Promise.all([source?.drop(), target?.drop()]);
    const server = new pg.Client({ connectionString: target.serverUrl });
    await server.connect();
    try {
      for (const role of [writerRole, grantorRole, reverserRole, ownerRole]) {
        await server.query(`DROP ROLE IF EXISTS ${role}`);
      }
    } finally {
      await server.end();
    }
    const everything = runs.map((r) => r.stdout + r.stderr).join('\n');
    for (const secret of [...Object.values(env), password])
      expect(everything).not.toContain(secret);
  });

  it('keeps syncing after the lock-down, and the head moves only through the append path', async () => {
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

  it('lets a grantor role only grant and a reverser role only reverse', async () => {
    const token = (await admin.query(`SELECT token FROM confiture.tokens ORDER BY token LIMIT 1`))
      .rows[0].token as string;
    const keyFile = join(mkdtempSync(join(tmpdir(), 'confiture-lockdown-key-')), 'dpo.pem');
    const keygen = await cli(['tokens', 'keygen', keyFile]);
    const given = await runCli(
      [
        'tokens',
        'grant',
        'dpo',
        '--level',
        'UNRESTRICTED',
        '--public-key',
        keygen.stdout.trim(),
        '--env',
        urlAs(grantorRole),
      ],
      { CONFITURE_AUDIT_KEY: env.CONFITURE_AUDIT_KEY },
    );
    runs.push(given);
    expect([given.code, given.stderr]).toEqual([0, '']);
    const reversed = await runCli(
      [
        'tokens',
        'reverse',
        token,
        '--as',
        'dpo',
        '--key-file',
        keyFile,
        '--env',
        urlAs(reverserRole),
      ],
      { CONFITURE_MASTER_KEY: env.CONFITURE_MASTER_KEY },
    );
    runs.push(reversed);
    expect(reversed.code).toBe(0);
    expect(reversed.stdout).toMatch(/^\d{3}-\d{2}-\d{4}\n$/);
    expect((await cli(['audit', 'verify', '--env', writerUrl])).code).toBe(0);

    for (const [role, sql] of [
      [reverserRole, `INSERT INTO confiture.token_grants SELECT * FROM confiture.token_grants`],
      [reverserRole, `UPDATE confiture.ledger_heads SET sequence = 0`],
      [grantorRole, `SELECT count(*) FROM confiture.tokens`],
      [
        grantorRole,
        `INSERT INTO confiture.token_access_log SELECT * FROM confiture.token_access_log`,
      ],
      [writerRole, `INSERT INTO confiture.token_grants SELECT * FROM confiture.token_grants`],
    ] as const) {
      const client = new pg.Client({ connectionString: urlAs(role) });
      await client.connect();
      try {
        await expect(client.query(sql)).rejects.toThrow(/permission denied/);
      } finally {
        await client.end();
      }
    }
  });
});
