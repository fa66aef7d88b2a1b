import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, withDatabaseName, type TestDatabase } from '@confiture/pg-harness';
import { atomicDatabaseNames } from '@confiture/sync';
import pg from 'pg';
import {
  api,
  sha256,
  sql,
  startDaemonProcess,
  waitFor,
  waitForStatus,
  type DaemonProcess,
} from '../test-support/daemon-process';

const TOKEN = 'replica-test-operator-token-5e1c';
const ENV = {
  CONFITURE_SEED: 'replica-test-seed-0a9b8c7d6e',
  CONFITURE_AUDIT_KEY: 'replica-test-audit-key-4f3e2d1c0b9a8f7e',
};
const ROWS = 120_000;
/** jobs.lease_seconds + maintenance_seconds + polling_seconds of the test configuration. */
const LEASE = 6;
const FAILOVER_BOUND_MS = (LEASE + 2 + 1) * 1000;

describe('three daemon replicas on one control database', () => {
  const dbs: Record<string, TestDatabase> = {};
  const replicas: DaemonProcess[] = [];
  let env: Record<string, string>;
  let configFile: string;
  let dir: string;

  beforeAll(async () => {
    for (const name of ['control', 'source', 'ticked', 'killed', 'stopped', 'cancelled', 'stuck']) {
      dbs[name] = await createTestDatabase({ prefix: `replicas_${name}` });
    }
    await sql(
      dbs['source']!.url,
      `CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, city text);
       INSERT INTO customers SELECT g, 'user' || g || '@example.com', 'city ' || (g % 11)
         FROM generate_series(1, ${ROWS}) g;
       ANALYZE customers;`,
    );
    dir = mkdtempSync(join(tmpdir(), 'confiture-replicas-'));
    writeFileSync(
      join(dir, 'good.yaml'),
      'global: { seed_env_var: CONFITURE_SEED }\ntables:\n  customers:\n    - { column: email, strategy: email }\n',
    );
    configFile = join(dir, 'daemon.yaml');
    writeFileSync(
      configFile,
      [
        'control: ${CONTROL_URL}',
        'listen: { host: 127.0.0.1, port: 0 }',
        `auth: { tokens: [ { name: ops, role: operator, sha256: "${sha256(TOKEN)}" } ] }`,
        'environments:',
        ...['source', 'ticked', 'killed', 'stopped', 'cancelled', 'stuck'].map(
          (n) => `  ${n}: "${dbs[n]!.url}"`,
        ),
        'profiles: { good: good.yaml }',
        `jobs: { lease_seconds: ${LEASE}, maintenance_seconds: 2, polling_seconds: 1, workers: 1, chunk_rows: 4000 }`,
        'shutdown: { grace_seconds: 1 }',
        'schedules:',
        '  - { name: every-minute, cron: "* * * * *", from: source, to: ticked, profile: good }',
      ].join('\n'),
    );
    env = { ...ENV, CONTROL_URL: dbs['control']!.url };
    for (let i = 0; i < 3; i++)
      replicas.push(await startDaemonProcess(['--config', configFile], env));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    for (const db of Object.values(dbs)) await db.drop();
  });

  const live = () =>
    replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
  const url = () => live()[0]!.url;
  const events = async (id: string) =>
    (await api(url(), 'GET', `/jobs/${id}/events`, TOKEN)).body as {
      type: string;
      recordedAt: string;
      data: { replica?: string; resume?: boolean };
    }[];
  const chunks = async (db: TestDatabase) => {
    const [table] = await sql(db.url, `SELECT to_regclass('confiture.sync_chunks') AS t`);
    if (!table!.t) return 0;
    return Number((await sql(db.url, `SELECT count(*) AS n FROM confiture.sync_chunks`))[0]!.n);
  };
  /** Holds an exclusive lock on the target's table: the sync's next chunk waits for it. */
  const blockTarget = async (db: TestDatabase, url = db.url) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE customers IN ACCESS EXCLUSIVE MODE');
    return async () => {
      await client.query('COMMIT');
      await client.end();
    };
  };
  const replicaOf = (name: string) =>
    live().find((r) => name.split('/')[1] === String(r.child.pid));
  /** The pid of the sync process `replica` started for the sync of job `id` (from its log). */
  const syncProcessOf = (replica: DaemonProcess, id: string) =>
    replica
      .logs()
      .find((l) => l['msg'] === 'sync process started' && l['job'] === id && l['task'] === 'run')?.[
      'syncPid'
    ] as number | undefined;
  /** Whether process `pid` still runs (a zombie left to be reaped runs no more). */
  const running = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  /** The nice values of the threads of process `pid` (field 19 of each /proc/<pid>/task/<tid>/stat). */
  const niceOf = (pid: number) =>
    new Set(
      readdirSync(`/proc/${pid}/task`).map((tid) => {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      }),
    );
  const exactlyOnce = async (db: TestDatabase) => {
    const [target] = await sql(
      db.url,
      `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM customers`,
    );
    expect(target).toEqual({ n: ROWS, ids: ROWS });
  };

  it('starts replicas launched at the same moment on a fresh control database (no deadlock creating the queue)', async () => {
    const fresh = await createTestDatabase({ prefix: 'replicas_fresh_control' });
    // The same configuration without its schedule: these replicas must start no job.
    const unscheduled = join(dir, 'daemon-unscheduled.yaml');
    writeFileSync(
      unscheduled,
      readFileSync(configFile, 'utf8').replace(/\nschedules:[\s\S]*$/, '\n'),
    );
    const together: DaemonProcess[] = [];
    try {
      together.push(
        ...(await Promise.all(
          [0, 1, 2].map(() =>
            startDaemonProcess(['--config', unscheduled], { ...env, CONTROL_URL: fresh.url }),
          ),
        )),
      );
      for (const replica of together) {
        expect((await api(replica.url, 'GET', '/health/ready')).status).toBe(200);
      }
    } finally {
      await Promise.all(together.map((r) => r.stop('SIGKILL')));
      await fresh.drop();
    }
  });

  it('starts exactly one job per schedule tick', async () => {
    const ticked = await waitFor(
      'a schedule tick',
      async () => {
        const { body } = await api(url(), 'GET', '/jobs', TOKEN);
        const jobs = body.filter((j: { schedule?: string }) => j.schedule === 'every-minute');
        return jobs.length > 0 ? jobs : undefined;
      },
      120_000,
    );
    // Each replica checks the schedules every 10 s: a second job for the same tick would be here by now.
    await new Promise((r) => setTimeout(r, 25_000));
    const { body } = await api(url(), 'GET', '/jobs?limit=1000', TOKEN);
    const jobs = body.filter((j: { schedule?: string }) => j.schedule === 'every-minute');
    const minutes = jobs.map((j: { createdAt: string }) => j.createdAt.slice(0, 16));
    expect(new Set(minutes).size).toBe(minutes.length);
    expect(jobs.length).toBeGreaterThanOrEqual(ticked.length);
    await waitForStatus(url(), TOKEN, jobs[jobs.length - 1].id, ['COMPLETED'], 120_000);
  });

  it('runs a job on one replica only (in a sync process), and after kill -9 of that replica its sync process exits and another finishes it with resume, every row once', async () => {
    const target = dbs['killed']!;
    const created = await api(url(), 'POST', '/jobs', TOKEN, {
      from: 'source',
      to: 'killed',
      profile: 'good',
    });
    expect(created.status).toBe(202);
    const id = created.body.id as string;
    await waitFor(
      'two committed chunks',
      async () => ((await chunks(target)) >= 2 ? true : undefined),
      120_000,
    );
    const release = await blockTarget(target);
    // More than two leases pass while the sync waits: the other replicas wait on its lock, none runs it.
    await new Promise((r) => setTimeout(r, 2.5 * LEASE * 1000));
    let history = await events(id);
    const started = history.filter((e) => e.type === 'AnonymizationStarted');
    expect(started).toHaveLength(1);
    const owner = replicaOf(started[0]!.data.replica!);
    expect(owner).toBeDefined();
    const syncPid = syncProcessOf(owner!, id);
    expect(syncPid).toEqual(expect.any(Number));
    expect(running(syncPid!)).toBe(true);
    expect([...niceOf(syncPid!)]).toEqual([10]);
    const committed = await chunks(target);
    const killedAt = Date.now();
    owner!.child.kill('SIGKILL');
    await owner!.exited;
    // The orphaned sync process exits by itself, before the lock it waits for is released.
    await waitFor(
      'the sync process to exit',
      async () => (running(syncPid!) ? undefined : true),
      3000,
    );
    await release();
    const done = await waitForStatus(url(), TOKEN, id, ['COMPLETED', 'FAILED'], 180_000);
    expect(done).toMatchObject({ status: 'COMPLETED', attempts: 2 });
    history = await events(id);
    const takeover = history.filter((e) => e.type === 'AnonymizationStarted')[1]!;
    expect(takeover.data.resume).toBe(true);
    expect(takeover.data.replica).not.toBe(started[0]!.data.replica);
    expect(Date.parse(takeover.recordedAt) - killedAt).toBeLessThan(FAILOVER_BOUND_MS);
    expect(done.report).toMatchObject({ resumed: true, verification: { passed: true } });
    expect(await chunks(target)).toBeGreaterThan(committed);
    await exactlyOnce(target);
  });

  it('on SIGTERM stops taking work, hands the running job back, and another replica finishes it', async () => {
    const target = dbs['stopped']!;
    const created = await api(url(), 'POST', '/jobs', TOKEN, {
      from: 'source',
      to: 'stopped',
      profile: 'good',
    });
    const id = created.body.id as string;
    await waitFor(
      'two committed chunks',
      async () => ((await chunks(target)) >= 2 ? true : undefined),
      120_000,
    );
    const release = await blockTarget(target);
    const history = await events(id);
    const owner = replicaOf(history.find((e) => e.type === 'AnonymizationStarted')!.data.replica!)!;
    const before = await chunks(target);
    owner.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await release();
    expect(await owner.exited).toBe(0);
    const done = await waitForStatus(url(), TOKEN, id, ['COMPLETED', 'FAILED'], 180_000);
    expect(done.status).toBe('COMPLETED');
    const types = (await events(id)).map((e) => e.type);
    expect(types).toContain('AnonymizationHandedBack');
    expect(types.filter((t) => t === 'AnonymizationStarted')).toHaveLength(2);
    expect(owner.stdout()).toContain('handing running jobs back');
    expect(await chunks(target)).toBeGreaterThan(before);
    await exactlyOnce(target);
  });

  it('cancels a running atomic job: its new copy is dropped and the job ends ROLLED_BACK', async () => {
    const target = dbs['cancelled']!;
    await sql(target.url, `CREATE TABLE old_copy_marker (x int)`);
    const created = await api(url(), 'POST', '/jobs', TOKEN, {
      from: 'source',
      to: 'cancelled',
      profile: 'good',
      mode: 'atomic',
    });
    const id = created.body.id as string;
    const building = atomicDatabaseNames(target.name, id).building;
    const buildingDb = { ...target, url: withDatabaseName(target.url, building) };
    await waitFor(
      'two committed chunks in the new copy',
      async () => ((await chunks(buildingDb).catch(() => 0)) >= 2 ? true : undefined),
      120_000,
    );
    const release = await blockTarget(buildingDb, buildingDb.url);
    const cancel = await api(url(), 'POST', `/jobs/${id}/cancel`, TOKEN);
    expect(cancel.status).toBe(202);
    await release();
    const done = await waitForStatus(
      url(),
      TOKEN,
      id,
      ['ROLLED_BACK', 'COMPLETED', 'FAILED'],
      120_000,
    );
    expect(done.status).toBe('ROLLED_BACK');
    expect((await events(id)).map((e) => e.type).slice(-2)).toEqual([
      'CancelRequested',
      'RolledBack',
    ]);
    const left = await sql(
      target.serverUrl,
      `SELECT datname FROM pg_database WHERE datname = '${building}'`,
    );
    expect(left).toEqual([]);
    expect(
      await sql(
        target.url,
        `SELECT to_regclass('old_copy_marker') AS m, to_regclass('customers') AS c`,
      ),
    ).toEqual([{ m: 'old_copy_marker', c: null }]);
  });

  it('kills a cancelled sync process that does not stop in time (blocked on a lock), drops its new copy, and ends ROLLED_BACK', async () => {
    const target = dbs['stuck']!;
    const created = await api(url(), 'POST', '/jobs', TOKEN, {
      from: 'source',
      to: 'stuck',
      profile: 'good',
      mode: 'atomic',
    });
    const id = created.body.id as string;
    const building = atomicDatabaseNames(target.name, id).building;
    const buildingDb = { ...target, url: withDatabaseName(target.url, building) };
    await waitFor(
      'two committed chunks in the new copy',
      async () => ((await chunks(buildingDb).catch(() => 0)) >= 2 ? true : undefined),
      120_000,
    );
    // Held until the job ends: the sync process sees no event after the cancel, so it is killed.
    const locker = new pg.Client({ connectionString: buildingDb.url });
    locker.on('error', () => undefined); // the drop of the new copy ends this session
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE customers IN ACCESS EXCLUSIVE MODE');
    const owner = live().find((r) => syncProcessOf(r, id) !== undefined)!;
    const syncPid = syncProcessOf(owner, id)!;
    // Let the batches in flight drain into the blocked chunk: no sync event follows the cancel.
    await new Promise((r) => setTimeout(r, 1000));
    const cancelledAt = Date.now();
    expect((await api(url(), 'POST', `/jobs/${id}/cancel`, TOKEN)).status).toBe(202);
    const done = await waitForStatus(
      url(),
      TOKEN,
      id,
      ['ROLLED_BACK', 'COMPLETED', 'FAILED'],
      60_000,
    );
    expect(done.status).toBe('ROLLED_BACK');
    expect(Date.now() - cancelledAt).toBeLessThan(20_000);
    expect(running(syncPid)).toBe(false);
    expect(owner.stdout()).toContain('sync process did not stop: killed');
    await locker.end().catch(() => undefined);
    const left = await sql(
      target.serverUrl,
      `SELECT datname FROM pg_database WHERE datname = '${building}'`,
    );
    expect(left).toEqual([]);
  });
});
