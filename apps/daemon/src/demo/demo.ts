import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDaemonConfig } from '@confiture/domain';
import { createShop, SHOP_PROFILE } from '@confiture/dataset';
import { acquireServer, createTestDatabase, withDatabaseName } from '@confiture/pg-harness';
import pg from 'pg';
import { runtimeSettings } from '../config/runtime-settings';
import { startDaemon } from '../daemon';
import { tokenSha256 } from '../auth/token-verifier';

/** Customers of the demo shop (orders ×3, order items ×6 ...). */
const DEMO_USERS = 5_000;

/**
 * `npm run daemon:demo`: PostgreSQL (DATABASE_URL when it answers, else an embedded one) holding the
 * control database, a generated shop as the source and a target; a schedule every minute refreshing
 * the target atomically; the API URL and a one-time admin token printed; Ctrl-C stops everything and
 * removes what it made.
 */
export async function runDemo(): Promise<void> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say('▸ starting PostgreSQL');
  const server = await acquireServer({ log: (line) => say(`  ${line}`) });
  const control = await createTestDatabase({
    serverUrl: server.url,
    prefix: 'daemon_demo_control',
  });
  const source = await createTestDatabase({ serverUrl: server.url, prefix: 'shop_production' });
  const target = await createTestDatabase({ serverUrl: server.url, prefix: 'shop_staging' });
  const dir = mkdtempSync(join(tmpdir(), 'confiture-daemon-demo-'));
  try {
    const client = new pg.Client({ connectionString: source.url });
    await client.connect();
    try {
      await createShop(client, { users: DEMO_USERS, onStep: (step) => say(`▸ ${step}`) });
    } finally {
      await client.end();
    }
    const token = randomBytes(24).toString('base64url');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CONFITURE_SEED: process.env['CONFITURE_SEED'] || randomBytes(32).toString('hex'),
      CONFITURE_AUDIT_KEY: process.env['CONFITURE_AUDIT_KEY'] || randomBytes(32).toString('hex'),
      DEMO_CONTROL_URL: control.url,
      DEMO_SOURCE_URL: source.url,
      DEMO_TARGET_URL: target.url,
    };
    const file = join(dir, 'daemon.yaml');
    writeFileSync(
      file,
      [
        '# Written by confiture-daemon --demo; see docs/daemon.md.',
        'control: ${DEMO_CONTROL_URL}',
        `listen: { host: 127.0.0.1, port: ${Number(process.env['CONFITURE_DAEMON_PORT'] ?? 0)} }`,
        `auth: { tokens: [ { name: demo-admin, role: admin, sha256: "${tokenSha256(token)}" } ] }`,
        'environments: { production: "${DEMO_SOURCE_URL}", staging: "${DEMO_TARGET_URL}" }',
        `profiles: { shop: "${SHOP_PROFILE}" }`,
        'atomic: { grace_seconds: 5 }',
        'schedules:',
        '  - { name: every-minute, cron: "* * * * *", from: production, to: staging, profile: shop, mode: atomic }',
      ].join('\n'),
    );
    const daemon = await startDaemon(loadDaemonConfig(file, env), runtimeSettings(env));
    say('');
    say(`confiture-daemon is running at ${daemon.url}`);
    say(`One-time admin token (shown once, not stored): ${token}`);
    say(`  curl -H 'Authorization: Bearer ${token}' ${daemon.url}/jobs`);
    say(
      `  curl -X POST -H 'Authorization: Bearer ${token}' ${daemon.url}/schedules/every-minute/run`,
    );
    say(`  curl -H 'Authorization: Bearer ${token}' ${daemon.url}/openapi.json   (the API)`);
    say(
      `  curl -H 'Authorization: Bearer ${token}' '${daemon.url}/compliance/reports/gdpr?env=staging&format=md'   (after a refresh)`,
    );
    say('The schedule "every-minute" refreshes staging from production atomically. Ctrl-C stops.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    say('▸ stopping');
    await daemon.stop();
  } finally {
    const admin = new pg.Client({ connectionString: withDatabaseName(server.url, 'postgres') });
    await admin.connect().catch(() => undefined);
    await admin
      .query(`DROP DATABASE IF EXISTS "${target.name}_cf_previous" WITH (FORCE)`)
      .catch(() => undefined);
    await admin.end().catch(() => undefined);
    for (const db of [target, source, control]) await db.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}
