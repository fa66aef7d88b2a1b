import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
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
  viewer: 'viewer-token-5e1c9a7b3d2f8e6a',
  operator: 'operator-token-2d4f6a8c0e1b3d5f',
};
const ENV = {
  CONFITURE_SEED: 'daemon-compliance-seed-4b8e2a6c',
  CONFITURE_AUDIT_KEY: 'daemon-compliance-audit-key-9f3d7b1e5a2c',
};
const EXAMPLE = join(__dirname, '..', '..', '..', '..', 'examples', 'compliance.yaml');

describe('confiture-daemon GET /compliance/reports/{regulation}', () => {
  const dbs: Record<string, TestDatabase> = {};
  let dir: string;
  let daemon: DaemonProcess;
  let trap: Server;
  let trapped = 0;
  let trapPort = 0;

  beforeAll(async () => {
    for (const name of ['control', 'source', 'staging', 'unsynced']) {
      dbs[name] = await createTestDatabase({ prefix: `daemon_compliance_${name}` });
    }
    await sql(
      dbs['source']!.url,
      `CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, city text);
       INSERT INTO customers SELECT g, 'user' || g || '@example.com', 'city ' || (g % 7)
         FROM generate_series(1, 200) g;`,
    );
    // A server that must never be connected to.
    trap = createServer((socket) => {
      trapped += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapPort = (trap.address() as { port: number }).port;

    dir = mkdtempSync(join(tmpdir(), 'confiture-daemon-compliance-'));
    writeFileSync(
      join(dir, 'good.yaml'),
      'global: { seed_env_var: CONFITURE_SEED }\ntables:\n  customers:\n    - { column: email, strategy: email }\n',
    );
    // Relative to the configuration file, as profiles are.
    mkdirSync(join(dir, 'legal'));
    copyFileSync(EXAMPLE, join(dir, 'legal', 'compliance.yaml'));
    writeFileSync(
      join(dir, 'daemon.yaml'),
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
        ...['source', 'staging', 'unsynced'].map((name) => `  ${name}: "${dbs[name]!.url}"`),
        'profiles: { good: good.yaml }',
        'compliance: legal/compliance.yaml',
        'jobs: { lease_seconds: 10, maintenance_seconds: 2, polling_seconds: 1 }',
      ].join('\n'),
    );
    daemon = await startDaemonProcess(['--config', join(dir, 'daemon.yaml')], {
      ...ENV,
      CONTROL_URL: dbs['control']!.url,
    });
    const job = await api(daemon.url, 'POST', '/jobs', TOKENS.operator, {
      from: 'source',
      to: 'staging',
      profile: 'good',
    });
    expect(job.status).toBe(202);
    await waitForStatus(daemon.url, TOKENS.viewer, job.body.id, ['COMPLETED']);
  });

  afterAll(async () => {
    await daemon?.stop();
    trap?.close();
    for (const db of Object.values(dbs)) await db.drop();
  });

  const report = (path: string, token: string | null = TOKENS.viewer) =>
    fetch(daemon.url + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const auditEntries = async () =>
    Number(
      (await sql(dbs['staging']!.url, 'SELECT count(*) AS n FROM confiture.audit_log'))[0]!['n'],
    );

  it('serves the JSON report of the synced target, naming each anonymized column, and signs nothing into it', async () => {
    const before = await auditEntries();
    const response = await report('/compliance/reports/gdpr?env=staging');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(body.regulation).toMatchObject({ id: 'gdpr' });
    expect(body.evidence.columns).toEqual([
      expect.objectContaining({
        table: 'public.customers',
        column: 'email',
        strategy: 'email',
        rows: 200,
        reversible: false,
        verification: 'passed',
      }),
    ]);
    // The controller facts come from the configured compliance.yaml.
    expect(JSON.stringify(body)).toContain('Acme Shop SAS');
    expect(body.summary.coveragePercent).toBeGreaterThan(0);
    // Read-only: the target's audit log did not grow (the CLI's `compliance report` signs into it).
    expect(await auditEntries()).toBe(before);
  });

  it('renders md, html and pdf with their content types', async () => {
    const md = await report('/compliance/reports/lgpd?env=staging&format=md');
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await md.text()).toMatch(/^# .*LGPD/m);
    const html = await report('/compliance/reports/gdpr?env=staging&format=html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await html.text();
    expect(page).toMatch(/^<!DOCTYPE html>/i);
    expect(page).toContain('customers');
    const pdf = await report('/compliance/reports/popia?env=staging&format=pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="popia-staging.pdf"');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('needs a token', async () => {
    const response = await report('/compliance/reports/gdpr?env=staging', null);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await report('/compliance/reports/gdpr?env=staging', 'nope')).status).toBe(401);
  });

  it('answers 404 for an unknown regulation, listing the seven, or an unconfigured environment, naming the field, connecting nowhere', async () => {
    const regulation = await api(
      daemon.url,
      'GET',
      '/compliance/reports/hipaa?env=staging',
      TOKENS.viewer,
    );
    expect(regulation.status).toBe(404);
    expect(regulation.body).toMatchObject({
      code: 'NOT_FOUND',
      path: 'params.regulation',
      detail:
        'unknown regulation "hipaa"; known: gdpr, ccpa, pipeda, lgpd, pipl, au-privacy, popia',
    });
    const env = await api(daemon.url, 'GET', '/compliance/reports/gdpr?env=laptop', TOKENS.viewer);
    expect(env.status).toBe(404);
    expect(env.body).toMatchObject({
      code: 'NOT_FOUND',
      path: 'query.env',
      detail: 'environment "laptop" is not configured',
    });
    expect(env.body.hint).toContain('source, staging, unsynced');
    const both = await api(
      daemon.url,
      'GET',
      '/compliance/reports/hipaa?env=laptop',
      TOKENS.viewer,
    );
    expect(both.status).toBe(404);
    expect(both.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'params.regulation',
      'query.env',
    ]);
    // A URL or a host is not a configured name: refused by the query's shape, before any I/O.
    const url = await api(
      daemon.url,
      'GET',
      `/compliance/reports/gdpr?env=${encodeURIComponent(`postgresql://x@127.0.0.1:${trapPort}/db`)}`,
      TOKENS.viewer,
    );
    expect(url.status).toBe(400);
    expect(url.body.path).toBe('query.env');
    const extra = await api(
      daemon.url,
      'GET',
      `/compliance/reports/gdpr?env=staging&host=127.0.0.1:${trapPort}`,
      TOKENS.viewer,
    );
    expect(extra.status).toBe(400);
    const format = await api(
      daemon.url,
      'GET',
      '/compliance/reports/gdpr?env=staging&format=docx',
      TOKENS.viewer,
    );
    expect(format.status).toBe(400);
    expect(format.body.path).toBe('query.format');
    const missing = await api(daemon.url, 'GET', '/compliance/reports/gdpr', TOKENS.viewer);
    expect(missing.status).toBe(400);
    expect(missing.body.path).toBe('query.env');
    expect(trapped).toBe(0);
  });

  it('says so when a configured target holds no sync record', async () => {
    const none = await api(
      daemon.url,
      'GET',
      '/compliance/reports/gdpr?env=unsynced',
      TOKENS.viewer,
    );
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('NOT_FOUND');
  });

  it('is in the OpenAPI document', async () => {
    const openapi = await api(daemon.url, 'GET', '/openapi.json', TOKENS.viewer);
    const operation = openapi.body.paths['/compliance/reports/{regulation}'].get;
    expect(
      operation.parameters.map((p: { name: string; in: string }) => `${p.in}.${p.name}`).sort(),
    ).toEqual(['path.regulation', 'query.env', 'query.format']);
    expect(operation.security).toEqual([{ bearer: [] }]);
  });

  it('refuses to start with a bad compliance.yaml, naming the file and the YAML path', async () => {
    writeFileSync(
      join(dir, 'legal', 'bad.yaml'),
      'controller: { name: Acme, contact: a@b.c }\nowner: me\n',
    );
    writeFileSync(
      join(dir, 'bad-daemon.yaml'),
      [
        'control: postgresql://x@127.0.0.1:1/none',
        'auth: { tokens: [{ name: v, role: viewer, sha256: "' + sha256('v') + '" }] }',
        'environments: {}',
        'profiles: {}',
        'compliance: legal/bad.yaml',
      ].join('\n'),
    );
    const run = await runDaemonCommand(['--config', join(dir, 'bad-daemon.yaml')], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(dir, 'legal', 'bad.yaml'));
    expect(run.stderr).toContain('unknown key "owner"');
  });
});
