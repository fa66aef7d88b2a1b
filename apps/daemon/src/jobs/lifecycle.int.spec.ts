import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, withDatabaseName, type TestDatabase } from '@confiture/pg-harness';
import { AuditKey, listAuditEntries, verifyAuditChain } from '@confiture/security';
import pg from 'pg';
import {
  api,
  runDaemonCommand,
  sha256,
  sql,
  startDaemonProcess,
  waitForStatus,
  type DaemonProcess,
} from '../test-support/daemon-process';

const TOKENS = {
  viewer: 'viewer-token-3b9f2c1d8e7a6b5c',
  operator: 'operator-token-9a8b7c6d5e4f3a2b',
  admin: 'admin-token-1f2e3d4c5b6a7980',
};
const ENV = {
  CONFITURE_SEED: 'daemon-test-seed-7c2d91e4a5',
  CONFITURE_AUDIT_KEY: 'daemon-test-audit-key-0d8e6f4a2c9b7e5d',
};
const ROWS = 400;
const NO_CREATEDB_ROLE = `confiture_nocreatedb_${randomBytes(4).toString('hex')}`;
const NO_CREATEDB_PASSWORD = randomBytes(12).toString('hex');

describe('confiture-daemon job lifecycle over HTTP', () => {
  const dbs: Record<string, TestDatabase> = {};
  let dir: string;
  let configFile: string;
  let daemon: DaemonProcess;
  let trap: Server;
  let trapped = 0;
  let trapPort = 0;
  /** Environment URLs other than the databases' own (a target reached as a less privileged role). */
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    for (const name of [
      'control',
      'source',
      'auto',
      'manual',
      'failing',
      'atomic',
      'cancel',
      'leaky',
      'unprivileged',
      'inplace',
    ]) {
      dbs[name] = await createTestDatabase({ prefix: `daemon_${name}` });
    }
    // An atomic target whose role owns it and may end sessions, but lacks CREATEDB.
    const unprivileged = dbs['unprivileged']!;
    await sql(
      unprivileged.serverUrl,
      `CREATE ROLE ${NO_CREATEDB_ROLE} LOGIN PASSWORD '${NO_CREATEDB_PASSWORD}' NOCREATEDB;
       ALTER DATABASE "${unprivileged.name}" OWNER TO ${NO_CREATEDB_ROLE};
       GRANT pg_signal_backend TO ${NO_CREATEDB_ROLE};`,
    );
    const asRole = new URL(unprivileged.url);
    asRole.username = NO_CREATEDB_ROLE;
    asRole.password = NO_CREATEDB_PASSWORD;
    urls['unprivileged'] = asRole.toString();
    await sql(
      dbs['source']!.url,
      `CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, city text);
       INSERT INTO customers SELECT g, 'user' || g || '@example.com', 'city ' || (g % 7)
         FROM generate_series(1, ${ROWS}) g;`,
    );
    // The atomic targets hold an older copy, recognisable by a table the new one will not have.
    for (const name of ['atomic', 'leaky', 'unprivileged']) {
      await sql(
        dbs[name]!.url,
        `CREATE TABLE old_copy_marker (x int); INSERT INTO old_copy_marker VALUES (1)`,
      );
    }
    // A server that must never be connected to: requests naming it are refused before any I/O.
    trap = createServer((socket) => {
      trapped += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapPort = (trap.address() as { port: number }).port;

    dir = mkdtempSync(join(tmpdir(), 'confiture-daemon-'));
    writeFileSync(
      join(dir, 'good.yaml'),
      'global: { seed_env_var: CONFITURE_SEED }\ntables:\n  customers:\n    - { column: email, strategy: email }\n',
    );
    writeFileSync(
      join(dir, 'unmapped.yaml'),
      'global: { seed_env_var: CONFITURE_SEED, on_unmapped_pii: fail }\n',
    );
    writeFileSync(
      join(dir, 'leaky.yaml'),
      'global: { seed_env_var: CONFITURE_SEED }\ntables:\n  customers:\n    - { column: email, strategy: redact, replacement: user1@example.com }\n',
    );
    const environments = Object.entries(dbs)
      .filter(([name]) => name !== 'control')
      .map(([name, db]) => `  ${name}: "${urls[name] ?? db.url}"`)
      .join('\n');
    configFile = join(dir, 'daemon.yaml');
    writeFileSync(
      configFile,
      [
        'control: ${CONTROL_URL}',
        'listen: { host: 127.0.0.1, port: 0 }',
        'auth:',
        '  tokens:',
        ...Object.entries(TOKENS).map(
          ([role, token]) =>
            `    - { name: ${role}-bot, role: ${role}, sha256: "${sha256(token)}" }`,
        ),
        'environments:',
        environments,
        'profiles: { good: good.yaml, unmapped: unmapped.yaml, leaky: leaky.yaml }',
        'jobs: { lease_seconds: 10, maintenance_seconds: 2, polling_seconds: 1 }',
        'atomic: { grace_seconds: 1 }',
        'schedules:',
        '  - { name: nightly, cron: "0 3 * * *", from: source, to: auto, profile: good }',
      ].join('\n'),
    );
    daemon = await startDaemonProcess(['--config', configFile], {
      ...ENV,
      CONTROL_URL: dbs['control']!.url,
    });
  });

  afterAll(async () => {
    await daemon?.stop();
    trap?.close();
    for (const name of ['atomic', 'leaky']) {
      const db = dbs[name];
      if (!db) continue;
      const left = await sql(
        db.serverUrl,
        `SELECT datname FROM pg_database WHERE datname LIKE '${db.name}\\_cf\\_%'`,
      );
      for (const { datname } of left)
        await sql(db.serverUrl, `DROP DATABASE "${datname}" WITH (FORCE)`);
    }
    for (const db of Object.values(dbs)) await db.drop();
    if (dbs['control'])
      await sql(dbs['control'].serverUrl, `DROP ROLE IF EXISTS ${NO_CREATEDB_ROLE}`);
  });

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    api(daemon.url, method, path, token, body);
  const request = (body: Record<string, unknown>) => call('POST', '/jobs', TOKENS.operator, body);
  const eventTypes = async (id: string) =>
    (await call('GET', `/jobs/${id}/events`, TOKENS.viewer)).body.map(
      (e: { type: string }) => e.type,
    );

  it('answers health without a token, and everything else only with one', async () => {
    expect((await call('GET', '/health/live')).status).toBe(200);
    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toEqual({ control: { status: 'up' }, queue: { status: 'up' } });
    const missing = await call('GET', '/jobs');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(missing.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', instance: '/jobs' });
    expect((await call('GET', '/jobs', 'not-a-token')).status).toBe(401);
    // The hash itself is not a token.
    expect((await call('GET', '/jobs', sha256(TOKENS.admin))).status).toBe(401);
    expect((await call('GET', '/metrics')).status).toBe(401);
    const denied = await call('POST', '/jobs', TOKENS.viewer, {
      from: 'source',
      to: 'auto',
      profile: 'good',
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      code: 'ACCESS_DENIED',
      detail: 'token "viewer-bot" is viewer; this call needs operator',
    });
  });

  it('runs an auto job through DRY_RUN and VALIDATION to COMPLETED, with its report and events', async () => {
    const created = await request({ from: 'source', to: 'auto', profile: 'good' });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      status: 'PENDING',
      from: 'source',
      to: 'auto',
      requestedBy: 'token operator-bot',
    });
    const done = await waitForStatus(daemon.url, TOKENS.viewer, created.body.id, [
      'COMPLETED',
      'FAILED',
    ]);
    expect(done).toMatchObject({ status: 'COMPLETED' });
    expect(done.report).toMatchObject({ status: 'completed', totals: { rows: ROWS } });
    expect(done.report.verification.passed).toBe(true);
    expect(await eventTypes(created.body.id)).toEqual([
      'JobRequested',
      'DryRunStarted',
      'DryRunPassed',
      'ValidationPassed',
      'AnonymizationStarted',
      'AnonymizationCompleted',
    ]);
    const rows = await sql(
      dbs['auto']!.url,
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE email LIKE '%@example.com')::int AS leaked FROM customers`,
    );
    expect(rows).toEqual([{ n: ROWS, leaked: 0 }]);
    // No event holds a source value.
    const events = JSON.stringify(
      (await call('GET', `/jobs/${created.body.id}/events`, TOKENS.viewer)).body,
    );
    expect(events).not.toContain('user1@example.com');
    const listed = await call('GET', '/jobs?status=COMPLETED', TOKENS.viewer);
    expect(listed.body.map((j: { id: string }) => j.id)).toContain(created.body.id);
  });

  it('waits in AWAITING_APPROVAL under approval: manual until an operator approves', async () => {
    const created = await request({
      from: 'source',
      to: 'manual',
      profile: 'good',
      approval: 'manual',
    });
    const waiting = await waitForStatus(daemon.url, TOKENS.viewer, created.body.id, [
      'AWAITING_APPROVAL',
      'FAILED',
    ]);
    expect(waiting.status).toBe('AWAITING_APPROVAL');
    expect(await sql(dbs['manual']!.url, `SELECT to_regclass('customers') AS t`)).toEqual([
      { t: null },
    ]);
    expect((await call('POST', `/jobs/${created.body.id}/approve`, TOKENS.viewer)).status).toBe(
      403,
    );
    const approved = await call('POST', `/jobs/${created.body.id}/approve`, TOKENS.operator);
    expect(approved.status).toBe(202);
    expect(approved.body).toMatchObject({
      status: 'ANONYMIZATION',
      approvedBy: 'token operator-bot',
    });
    const again = await call('POST', `/jobs/${created.body.id}/approve`, TOKENS.operator);
    expect(again.status).toBe(409);
    const done = await waitForStatus(daemon.url, TOKENS.viewer, created.body.id, [
      'COMPLETED',
      'FAILED',
    ]);
    expect(done.status).toBe('COMPLETED');
    expect(await eventTypes(created.body.id)).toContain('JobApproved');
  });

  it('fails in DRY_RUN when the profile leaves PII unmapped, writing nothing', async () => {
    const created = await request({ from: 'source', to: 'failing', profile: 'unmapped' });
    const failed = await waitForStatus(daemon.url, TOKENS.viewer, created.body.id, [
      'FAILED',
      'COMPLETED',
    ]);
    expect(failed.status).toBe('FAILED');
    expect(failed.error.code).toBe('PII_UNMAPPED');
    expect(await eventTypes(created.body.id)).toEqual([
      'JobRequested',
      'DryRunStarted',
      'DryRunFailed',
      'JobFailed',
    ]);
    expect(
      await sql(
        dbs['failing']!.url,
        `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'confiture'`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('ends ROLLED_BACK with the target unchanged when an atomic job fails verification', async () => {
    const created = await request({
      from: 'source',
      to: 'leaky',
      profile: 'leaky',
      mode: 'atomic',
    });
    const done = await waitForStatus(
      daemon.url,
      TOKENS.viewer,
      created.body.id,
      // Not FAILED: an atomic job passes through FAILED (JobFailed) on its way to ROLLED_BACK, and
      // a poll between the two events would see it.
      ['ROLLED_BACK', 'COMPLETED'],
      120_000,
    );
    expect(done).toMatchObject({ status: 'ROLLED_BACK' });
    expect(done.error.code).toBe('VERIFICATION_FAILED');
    expect(await eventTypes(created.body.id)).toEqual([
      'JobRequested',
      'DryRunStarted',
      'DryRunPassed',
      'ValidationPassed',
      'AnonymizationStarted',
      'AnonymizationFailed',
      'JobFailed',
      'RolledBack',
    ]);
    const leaky = dbs['leaky']!;
    expect(
      await sql(
        leaky.url,
        `SELECT to_regclass('customers') AS c, (SELECT count(*)::int FROM old_copy_marker) AS m`,
      ),
    ).toEqual([{ c: null, m: 1 }]);
    expect(
      await sql(
        leaky.serverUrl,
        `SELECT datname FROM pg_database WHERE datname LIKE '${leaky.name}\\_cf\\_%'`,
      ),
    ).toEqual([]);
  });

  it('fails an atomic job in VALIDATION, naming the fix, when the target role lacks CREATEDB; nothing written to the target', async () => {
    const created = await request({
      from: 'source',
      to: 'unprivileged',
      profile: 'good',
      mode: 'atomic',
    });
    expect(created.status).toBe(202);
    const done = await waitForStatus(daemon.url, TOKENS.viewer, created.body.id, [
      'FAILED',
      'ROLLED_BACK',
      'COMPLETED',
    ]);
    const target = dbs['unprivileged']!;
    expect(done).toMatchObject({ status: 'FAILED' });
    expect(done.error).toMatchObject({
      code: 'SYNC_REFUSED',
      message: `an atomic refresh of ${target.name} needs CREATEDB`,
    });
    expect(done.error.hint).toContain(`ALTER ROLE "${NO_CREATEDB_ROLE}" CREATEDB;`);
    expect(done.error.hint).toContain('Nothing was changed.');
    const events = await call('GET', `/jobs/${created.body.id}/events`, TOKENS.viewer);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual([
      'JobRequested',
      'DryRunStarted',
      'DryRunPassed',
      'ValidationFailed',
      'JobFailed',
    ]);
    expect(events.body[3].data.error.code).toBe('SYNC_REFUSED');
    // The target holds what it held, and no database was created beside it.
    expect(
      await sql(
        target.url,
        `SELECT to_regclass('customers') AS c, to_regnamespace('confiture') AS s,
                (SELECT count(*)::int FROM old_copy_marker) AS m`,
      ),
    ).toEqual([{ c: null, s: null, m: 1 }]);
    expect(
      await sql(
        target.serverUrl,
        `SELECT datname FROM pg_database WHERE datname LIKE '${target.name}\\_cf\\_%'`,
      ),
    ).toEqual([]);
  });

  it('swaps an atomic job in, and swaps the previous copy back on POST /jobs/{id}/rollback', async () => {
    const created = await request({
      from: 'source',
      to: 'atomic',
      profile: 'good',
      mode: 'atomic',
    });
    const done = await waitForStatus(
      daemon.url,
      TOKENS.viewer,
      created.body.id,
      ['COMPLETED', 'FAILED', 'ROLLED_BACK'],
      120_000,
    );
    expect(done.status).toBe('COMPLETED');
    expect(done.swap).toMatchObject({
      target: dbs['atomic']!.name,
      previous: `${dbs['atomic']!.name}_cf_previous`,
    });
    expect(
      await sql(
        dbs['atomic']!.url,
        `SELECT count(*)::int AS n, to_regclass('old_copy_marker') AS m FROM customers`,
      ),
    ).toEqual([{ n: ROWS, m: null }]);
    const rollback = await call('POST', `/jobs/${created.body.id}/rollback`, TOKENS.operator);
    expect(rollback.status).toBe(202);
    const rolled = await waitForStatus(
      daemon.url,
      TOKENS.viewer,
      created.body.id,
      ['ROLLED_BACK'],
      60_000,
    );
    expect(rolled.status).toBe('ROLLED_BACK');
    expect(await sql(dbs['atomic']!.url, `SELECT count(*)::int AS m FROM old_copy_marker`)).toEqual(
      [{ m: 1 }],
    );
    expect((await eventTypes(created.body.id)).slice(-2)).toEqual([
      'RollbackRequested',
      'RolledBack',
    ]);
    // An in-place job has no previous copy (its own job: tests do not depend on each other's).
    const inPlace = await request({ from: 'source', to: 'inplace', profile: 'good' });
    const inPlaceDone = await waitForStatus(
      daemon.url,
      TOKENS.viewer,
      inPlace.body.id,
      ['COMPLETED', 'FAILED'],
      120_000,
    );
    expect(inPlaceDone.status).toBe('COMPLETED');
    const refused = await call('POST', `/jobs/${inPlace.body.id}/rollback`, TOKENS.operator);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('synced in place');
  });

  it('cancels a job waiting for approval', async () => {
    const created = await request({
      from: 'source',
      to: 'cancel',
      profile: 'good',
      approval: 'manual',
    });
    await waitForStatus(daemon.url, TOKENS.viewer, created.body.id, ['AWAITING_APPROVAL']);
    const cancel = await call('POST', `/jobs/${created.body.id}/cancel`, TOKENS.operator);
    expect(cancel.status).toBe(202);
    const done = await waitForStatus(daemon.url, TOKENS.viewer, created.body.id, ['CANCELLED']);
    expect(done.cancelRequested).toBe(true);
    expect((await call('POST', `/jobs/${created.body.id}/cancel`, TOKENS.operator)).status).toBe(
      409,
    );
    expect(await sql(dbs['cancel']!.url, `SELECT to_regclass('customers') AS t`)).toEqual([
      { t: null },
    ]);
  });

  it('refuses requests naming an unconfigured environment or profile, a URL, or unknown fields, connecting to nothing', async () => {
    const before = (await call('GET', '/jobs', TOKENS.viewer)).body.length;
    const unknownEnv = await request({ from: 'laptop', to: 'auto', profile: 'good' });
    expect(unknownEnv.status).toBe(422);
    expect(unknownEnv.body).toMatchObject({ code: 'ENVIRONMENT_NOT_FOUND', path: 'body.from' });
    const unknownProfile = await request({
      from: 'source',
      to: 'auto',
      profile: '../../etc/passwd',
    });
    expect(unknownProfile.status).toBe(400);
    expect(unknownProfile.body.path).toBe('body.profile');
    const notConfigured = await request({ from: 'source', to: 'auto', profile: 'gdpr' });
    expect(notConfigured.status).toBe(404);
    expect(notConfigured.body).toMatchObject({
      path: 'body.profile',
      detail: 'profile "gdpr" is not configured',
    });
    const url = await request({
      from: `postgresql://x@127.0.0.1:${trapPort}/db`,
      to: 'auto',
      profile: 'good',
    });
    expect(url.status).toBe(400);
    expect(url.body.path).toBe('body.from');
    const extra = await request({
      from: 'source',
      to: 'auto',
      profile: 'good',
      host: `127.0.0.1:${trapPort}`,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.detail).toContain('unknown key "host"');
    const badId = await call('GET', '/jobs/not-a-uuid', TOKENS.viewer);
    expect(badId.status).toBe(400);
    expect(badId.body.path).toBe('params.id');
    const absent = await call('GET', '/jobs/00000000-0000-4000-8000-000000000000', TOKENS.viewer);
    expect(absent.status).toBe(404);
    expect(trapped).toBe(0);
    expect((await call('GET', '/jobs', TOKENS.viewer)).body.length).toBe(before);
  });

  it('lists schedules, runs one on request, and serves metrics and the OpenAPI document', async () => {
    const schedules = await call('GET', '/schedules', TOKENS.viewer);
    expect(schedules.body).toEqual([
      expect.objectContaining({
        name: 'nightly',
        cron: '0 3 * * *',
        timezone: 'UTC',
        approval: 'auto',
        mode: 'in_place',
      }),
    ]);
    const run = await call('POST', '/schedules/nightly/run', TOKENS.operator);
    expect(run.status).toBe(202);
    expect(run.body).toMatchObject({ schedule: 'nightly', status: 'PENDING' });
    await waitForStatus(daemon.url, TOKENS.viewer, run.body.id, ['COMPLETED']);
    expect((await call('POST', '/schedules/weekly/run', TOKENS.operator)).status).toBe(404);
    const metrics = await call('GET', '/metrics', TOKENS.viewer);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/confiture_jobs\{status="COMPLETED"\} [1-9]/);
    expect(metrics.body).toMatch(/confiture_queue_depth \d+/);
    expect(metrics.body).toMatch(/confiture_rows_copied_total [1-9]/);
    const openapi = await call('GET', '/openapi.json', TOKENS.viewer);
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/jobs',
        '/jobs/{id}',
        '/jobs/{id}/approve',
        '/schedules/{name}/run',
        '/health/ready',
        '/metrics',
        '/compliance/reports/{regulation}',
      ]),
    );
    expect((await call('GET', '/docs', TOKENS.viewer)).status).toBe(200);
    const yaml = await call('GET', '/openapi.yaml', TOKENS.viewer);
    expect(yaml.status).toBe(200);
    expect(yaml.body).toContain('/jobs/{id}/approve:');
  });

  it('serves the OpenAPI document and Swagger UI only with a token', async () => {
    // swagger-ui-init.js embeds the whole document, so the UI's files are gated too.
    for (const path of ['/openapi.json', '/openapi.yaml', '/docs', '/docs/swagger-ui-init.js']) {
      const missing = await call('GET', path);
      expect({ path, status: missing.status }).toEqual({ path, status: 401 });
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      expect(missing.body).toMatchObject({ code: 'UNAUTHENTICATED', instance: path });
      expect((await call('GET', path, 'not-a-token')).status).toBe(401);
      expect((await call('GET', path, TOKENS.viewer)).status).toBe(200);
    }
    // The path Swagger serves YAML at by default is not served at all.
    expect((await call('GET', '/docs-yaml', TOKENS.viewer)).status).toBe(404);
  });

  it('keeps every mutating call in the control database’s signed audit log, with the token’s name', async () => {
    const client = new pg.Client({ connectionString: dbs['control']!.url });
    await client.connect();
    try {
      const key = AuditKey.fromEnv(ENV);
      expect((await verifyAuditChain(client, key)).ok).toBe(true);
      const entries = await listAuditEntries(client);
      const calls = entries.map((e) => `${e.principal} ${e.target} ${e.status}`);
      expect(calls).toEqual(
        expect.arrayContaining([
          'api token operator-bot POST /jobs succeeded',
          'api token operator-bot POST /schedules/nightly/run succeeded',
          expect.stringMatching(/^api token operator-bot POST \/jobs\/[0-9a-f-]+\/approve failed$/),
        ]),
      );
      expect(calls.some((c) => c.startsWith('api token viewer-bot'))).toBe(false);
    } finally {
      await client.end();
    }
  });

  it('never logs a token or a secret, and logs JSON lines', async () => {
    const out = daemon.stdout() + daemon.stderr();
    for (const token of Object.values(TOKENS)) expect(out).not.toContain(token);
    expect(out).not.toContain(ENV.CONFITURE_AUDIT_KEY);
    expect(out).not.toContain(ENV.CONFITURE_SEED);
    const lines = daemon.stdout().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(
      daemon.logs().some((l) => (l['req'] as { url?: string } | undefined)?.url === '/jobs'),
    ).toBe(true);
  });

  it('rebuilds the jobs read model from the event table alone', async () => {
    const before = (await call('GET', '/jobs?limit=1000', TOKENS.viewer)).body;
    await sql(dbs['control']!.url, `DELETE FROM confiture_daemon.jobs`);
    expect((await call('GET', '/jobs', TOKENS.viewer)).body).toEqual([]);
    const rebuilt = await runDaemonCommand(['--config', configFile, '--rebuild-projections'], {
      ...ENV,
      CONTROL_URL: dbs['control']!.url,
    });
    expect(rebuilt.stdout).toBe(
      `rebuilt the read model of ${before.length} job(s) from their events\n`,
    );
    expect((await call('GET', '/jobs?limit=1000', TOKENS.viewer)).body).toEqual(before);
  });

  it('refuses a bad configuration at start, naming the file, the line and the YAML path', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      [
        'control: ${CONTROL_URL}',
        'auth:',
        '  tokens:',
        '    - { name: ci, role: superuser, sha256: "abc" }',
        'environments: { source: "postgresql://x@127.0.0.1/db" }',
        'profiles: {}',
        'schedules:',
        '  - { name: s, cron: "0 2 * * 1", from: source, to: staging, profile: p }',
      ].join('\n'),
    );
    const run = await runDaemonCommand(['--config', bad], {
      ...ENV,
      CONTROL_URL: withDatabaseName(dbs['control']!.url, 'x'),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}: invalid daemon configuration ${bad}: 2 problems`);
    expect(run.stderr).toContain(
      `${bad}:4:25 auth.tokens[0].role: "superuser" is not allowed; allowed: "viewer", "operator", "admin"`,
    );
    expect(run.stderr).toContain(
      `${bad}:4:44 auth.tokens[0].sha256: "abc": must be the SHA-256 of the token as 64 hex characters`,
    );
    writeFileSync(
      bad,
      readFileSync(bad, 'utf8')
        .replace('superuser', 'admin')
        .replace('"abc"', `"${'a'.repeat(64)}"`),
    );
    const second = await runDaemonCommand(['--config', bad], {
      ...ENV,
      CONTROL_URL: dbs['control']!.url,
    });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('schedules[0].to: environment "staging" is not configured');
    expect(second.stderr).toContain('schedules[0].profile: profile "p" is not configured');
    const missing = await runDaemonCommand(['--config', configFile], { ...ENV });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `${configFile}:1:10 control: environment variable CONTROL_URL is not set`,
    );
  });
});
