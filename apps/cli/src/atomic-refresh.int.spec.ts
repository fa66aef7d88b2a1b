import { randomBytes } from 'node:crypto';
import {
  ConfitureError,
  resolveConnection,
  resolveProfile,
  type ConnectionConfig,
  type Profile,
} from '@confiture/domain';
import { createTestDatabase, withDatabaseName, type TestDatabase } from '@confiture/pg-harness';
import {
  AuditKey,
  carryRecords,
  createSecurityRecorder,
  verifyAuditChain,
  verifyLineageChain,
  verifyTokenAccessChain,
} from '@confiture/security';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';
import {
  atomicDatabaseNames,
  dropAtomicBuild,
  rollbackAtomicSync,
  runAtomicSync,
  runSync,
} from '@confiture/sync';

const env = {
  TEST_SEED: 'b3c1e0a94f27d865b3c1e0a94f27d865',
  CONFITURE_AUDIT_KEY: 'k'.repeat(40),
  CONFITURE_MASTER_KEY: 'ab'.repeat(32),
};

const profile: Profile = resolveProfile(
  {
    global: { seed_env_var: 'TEST_SEED' },
    tables: {
      'public.customers': [
        { column: 'email', strategy: 'email' },
        { column: 'phone', strategy: 'tokenize', prefix: 'tok_' },
      ],
    },
  },
  { catalog: strategyCatalog, name: 'atomic-test' },
);

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('runAtomicSync', () => {
  let sourceDb: TestDatabase;
  let targetDb: TestDatabase;
  let target: ConnectionConfig;
  const roles: string[] = [];

  beforeEach(async () => {
    sourceDb = await createTestDatabase({ prefix: 'confiture_atomic_src' });
    targetDb = await createTestDatabase({ prefix: 'confiture_atomic_dst' });
    target = resolveConnection(targetDb.url);
    await query(
      sourceDb.url,
      `CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, phone text);
       INSERT INTO customers SELECT g, 'user' || g || '@example.com', '+33 6 12 34 ' || lpad(g::text, 4, '0')
         FROM generate_series(1, 300) g;`,
    );
    // The target already holds a staging copy, made by an ordinary sync: one audit entry.
    await sync(target);
  });

  afterEach(async () => {
    {
      const left = await query<{ datname: string }>(
        targetDb.serverUrl,
        `SELECT datname FROM pg_database WHERE datname LIKE '${targetDb.name}\\_cf\\_%'`,
      );
      for (const { datname } of left) {
        await query(targetDb.serverUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
    await Promise.all([sourceDb.drop(), targetDb.drop()]);
    for (const role of roles.splice(0)) {
      await query(targetDb.serverUrl, `DROP ROLE IF EXISTS ${role}`);
    }
  });

  function sync(into: ConnectionConfig, resume = false) {
    return runSync({
      source: resolveConnection(sourceDb.url),
      target: into,
      profile,
      env,
      workers: 2,
      transformThreads: 0,
      chunkRows: 100,
      resume,
      confirmOverwrite: async () => true,
      recorder: createSecurityRecorder({ profile, env }),
    });
  }

  const databases = async () =>
    (
      await query<{ datname: string }>(
        targetDb.serverUrl,
        `SELECT datname FROM pg_database WHERE datname LIKE '${targetDb.name}%' ORDER BY 1`,
      )
    ).map((r) => r.datname);

  const chains = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const key = AuditKey.fromEnv(env);
      return {
        audit: await verifyAuditChain(client, key),
        lineage: await verifyLineageChain(client, key),
        tokens: await verifyTokenAccessChain(client, key),
      };
    } finally {
      await client.end();
    }
  };

  it('swaps a verified copy in, keeps the old target as the previous copy, and one chain across two refreshes', async () => {
    await query(targetDb.url, `CREATE TABLE marker_of_the_old_copy (x int)`);
    const names = atomicDatabaseNames(targetDb.name, 'job-1');
    const first = await runAtomicSync({
      target,
      carryRecords,
      key: 'job-1',
      sync: (b) => sync(b),
      graceSeconds: 1,
    });
    expect(first.alreadySwapped).toBe(false);
    expect(first.swap).toMatchObject({
      target: targetDb.name,
      previous: names.previous,
      building: names.building,
      resumed: false,
      terminatedSessions: 0,
    });
    // One head per chain: audit log, lineage, token grants, token access log.
    expect(first.swap!.carried).toMatchObject({ audit_log: 1, ledger_heads: 4 });
    expect(await databases()).toEqual([targetDb.name, names.previous].sort());
    // The new target has the fresh copy and not the old marker; the previous copy still has it.
    expect(await query(targetDb.url, `SELECT to_regclass('marker_of_the_old_copy') AS t`)).toEqual([
      { t: null },
    ]);
    const previousUrl = withDatabaseName(targetDb.url, names.previous);
    expect(await query(previousUrl, `SELECT to_regclass('marker_of_the_old_copy') AS t`)).toEqual([
      { t: 'marker_of_the_old_copy' },
    ]);
    expect(await query(targetDb.url, `SELECT count(*)::int AS n FROM customers`)).toEqual([
      { n: 300 },
    ]);

    const second = await runAtomicSync({
      target,
      carryRecords,
      key: 'job-2',
      sync: (b) => sync(b),
      graceSeconds: 1,
    });
    expect(second.swap!.carried).toMatchObject({ audit_log: 2 });
    const verified = await chains(targetDb.url);
    expect(verified.audit).toMatchObject({ ok: true, entries: 3 });
    expect(verified.lineage.ok).toBe(true);
    expect(verified.lineage.entries).toBeGreaterThanOrEqual(6);
    expect(verified.tokens.ok).toBe(true);
    // Tokens made by the three syncs are in the vault once each.
    expect(await query(targetDb.url, `SELECT count(*)::int AS n FROM confiture.tokens`)).toEqual([
      { n: 300 },
    ]);
    // A job resumed after its swap (a replica died before recording it) does nothing.
    const again = await runAtomicSync({
      target,
      carryRecords,
      key: 'job-2',
      resume: true,
      sync: () => Promise.reject(new Error('must not run')),
    });
    expect(again.alreadySwapped).toBe(true);
  });

  it('drops the new copy when the sync fails, leaving the target as it was', async () => {
    const before = await query(targetDb.url, `SELECT email FROM customers ORDER BY id`);
    const names = atomicDatabaseNames(targetDb.name, 'job-fail');
    const error = await runAtomicSync({
      target,
      carryRecords,
      key: 'job-fail',
      sync: async (building) => {
        expect(building.database).toBe(names.building);
        await sync(building);
        throw new ConfitureError(
          'VERIFICATION_FAILED',
          'verification failed: 1 check(s) did not pass',
        );
      },
    }).catch((e: unknown) => e);
    expect((error as ConfitureError).code).toBe('VERIFICATION_FAILED');
    expect(await databases()).toEqual([targetDb.name]);
    expect(await query(targetDb.url, `SELECT email FROM customers ORDER BY id`)).toEqual(before);
    expect((await chains(targetDb.url)).audit).toMatchObject({ ok: true, entries: 1 });
  });

  it('keeps a handed-over build and resumes into it under the same key', async () => {
    const names = atomicDatabaseNames(targetDb.name, 'job-resume');
    const interrupted = new Error('handed over');
    await expect(
      runAtomicSync({
        target,
        carryRecords,
        key: 'job-resume',
        keepBuildOnError: (e) => e === interrupted,
        sync: async (building) => {
          // A run that started and did not finish: its run record says so.
          await sync(building).then(() =>
            query(
              withDatabaseName(targetDb.url, names.building),
              `UPDATE confiture.sync_runs SET status = 'failed', phase = 'verify'`,
            ),
          );
          throw interrupted;
        },
      }),
    ).rejects.toBe(interrupted);
    expect(await databases()).toContain(names.building);
    const resumedWith: boolean[] = [];
    const result = await runAtomicSync({
      target,
      carryRecords,
      key: 'job-resume',
      resume: true,
      sync: (building, run) => {
        resumedWith.push(run.resume);
        return sync(building, run.resume);
      },
    });
    expect(resumedWith).toEqual([true]);
    expect(result.swap!.resumed).toBe(true);
    expect((await chains(targetDb.url)).audit).toMatchObject({ ok: true, entries: 2 });
  });

  it('swaps the previous copy back on rollback, and refuses a job whose copy is not the target', async () => {
    await query(targetDb.url, `CREATE TABLE marker_of_the_old_copy (x int)`);
    await runAtomicSync({ target, key: 'job-a', carryRecords, sync: (b) => sync(b) });
    await expect(rollbackAtomicSync({ target, swappedInBy: 'job-other' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const rolled = await rollbackAtomicSync({ target, swappedInBy: 'job-a', graceSeconds: 1 });
    expect(rolled.previous).toBe(atomicDatabaseNames(targetDb.name, 'x').previous);
    expect(await query(targetDb.url, `SELECT to_regclass('marker_of_the_old_copy') AS t`)).toEqual([
      { t: 'marker_of_the_old_copy' },
    ]);
    expect((await chains(targetDb.url)).audit).toMatchObject({ ok: true, entries: 1 });
  });

  it('refuses, naming each missing privilege and its fix, for a least-privilege role; then works and ends open sessions after the grace period', async () => {
    const suffix = randomBytes(4).toString('hex');
    const role = `confiture_atomic_${suffix}`;
    const other = `confiture_app_${suffix}`;
    roles.push(role, other);
    const password = randomBytes(12).toString('hex');
    await query(targetDb.serverUrl, `CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await query(targetDb.serverUrl, `CREATE ROLE ${other} LOGIN PASSWORD '${password}'`);
    const url = new URL(targetDb.url);
    url.username = role;
    url.password = password;
    const asRole = resolveConnection(url.toString());

    const refusal = (await runAtomicSync({
      target: asRole,
      carryRecords,
      key: 'job-p',
      sync: () => sync(asRole),
    }).catch((e: unknown) => e)) as ConfitureError;
    expect(refusal.code).toBe('SYNC_REFUSED');
    expect(refusal.message).toBe(
      `an atomic refresh of ${targetDb.name} needs CREATEDB, ownership of database ${targetDb.name} (owned by ${new URL(targetDb.url).username || 'postgres'}), pg_signal_backend (to end sessions still open at the swap)`,
    );
    expect(refusal.hint).toContain(`ALTER ROLE "${role}" CREATEDB;`);
    expect(refusal.hint).toContain(`ALTER DATABASE "${targetDb.name}" OWNER TO "${role}";`);
    expect(refusal.hint).toContain(`GRANT pg_signal_backend TO "${role}";`);
    expect(await databases()).toEqual([targetDb.name]);

    await query(
      targetDb.serverUrl,
      `ALTER ROLE ${role} CREATEDB; ALTER DATABASE ${targetDb.name} OWNER TO ${role}; GRANT pg_signal_backend TO ${role};`,
    );
    // The previous sync's records belong to the role that made them; this one reads them.
    await query(
      targetDb.url,
      `GRANT USAGE ON SCHEMA confiture TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA confiture TO ${role};`,
    );
    // A client of another role stays connected to the target through the swap.
    const otherUrl = new URL(targetDb.url);
    otherUrl.username = other;
    otherUrl.password = password;
    const client = new pg.Client({ connectionString: otherUrl.toString() });
    client.on('error', () => undefined);
    await client.connect();
    const result = await runAtomicSync({
      target: asRole,
      carryRecords,
      key: 'job-p',
      graceSeconds: 0.5,
      sync: (b) => sync(b),
    });
    expect(result.swap!.terminatedSessions).toBe(1);
    await expect(client.query('SELECT 1')).rejects.toThrow();
    await client.end().catch(() => undefined);
    expect(await query(targetDb.url, `SELECT count(*)::int AS n FROM customers`)).toEqual([
      { n: 300 },
    ]);
    expect(await dropAtomicBuild({ target: asRole, key: 'job-p' })).toBe(false);
  });

  it('with on_open_connections: fail, refuses the swap and drops the new copy', async () => {
    const client = new pg.Client({ connectionString: targetDb.url });
    await client.connect();
    try {
      const error = (await runAtomicSync({
        target,
        carryRecords,
        key: 'job-busy',
        graceSeconds: 0.3,
        onOpenConnections: 'fail',
        sync: (b) => sync(b),
      }).catch((e: unknown) => e)) as ConfitureError;
      expect(error.message).toBe(
        `1 session(s) still connected to ${targetDb.name} after 0.3 s; the swap was not made`,
      );
      expect(await databases()).toEqual([targetDb.name]);
      // The target accepts connections again.
      expect(await query(targetDb.url, `SELECT 1 AS one`)).toEqual([{ one: 1 }]);
      expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    } finally {
      await client.end();
    }
  });
});
