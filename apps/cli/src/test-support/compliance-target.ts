import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadProfile, parseYamlSafely, resolveConnection, resolveProfile } from '@confiture/domain';
import { createShop, SHOP_PROFILE } from '@confiture/dataset';
import { auditPii, runGovernedSync } from '@confiture/governance';
import { createTestDatabase, type TestDatabase } from '@confiture/pg-harness';
import { createSecurityRecorder } from '@confiture/security';
import { strategyCatalog } from '@confiture/strategies';
import pg from 'pg';

/** A demo shop synced for real into a fresh target, with a PII audit of the target stored there. */
export interface SyncedShop {
  source: TestDatabase;
  target: TestDatabase;
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** Runs `work` on a client connected to `url`. */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Generates the demo shop, syncs it into a new target with the shipped profile as the CLI's sync
 * command does (`runGovernedSync` + `createSecurityRecorder`), then stores a PII audit of the
 * target. `withoutRule` drops one rule of the profile (a PII column left unmapped; the profile then
 * warns instead of failing so that the sync still runs and records what happened).
 */
export async function syncShop(
  options: { users?: number; withoutRule?: { table: string; column: string } } = {},
): Promise<SyncedShop> {
  const source = await createTestDatabase({ prefix: 'compliance_src' });
  const target = await createTestDatabase({ prefix: 'compliance_dst' });
  const env = {
    CONFITURE_SEED: randomBytes(32).toString('hex'),
    CONFITURE_AUDIT_KEY: randomBytes(32).toString('hex'),
    CONFITURE_MASTER_KEY: randomBytes(32).toString('hex'),
  };
  try {
    await withClient(source.url, (client) => createShop(client, { users: options.users ?? 120 }));
    const profile = options.withoutRule
      ? profileWithout(options.withoutRule)
      : loadProfile(SHOP_PROFILE, { catalog: strategyCatalog });
    const targetConnection = resolveConnection(target.url);
    const fullEnv = { ...process.env, ...env };
    await runGovernedSync({
      source: resolveConnection(source.url),
      target: targetConnection,
      profile,
      recorder: createSecurityRecorder({ profile, env: fullEnv }),
      env: fullEnv,
      confirmOverwrite: async () => true,
    }).catch((error: unknown) => {
      // A sync whose verification failed has recorded it: the report is built from that record.
      if ((error as { code?: string }).code !== 'VERIFICATION_FAILED') throw error;
    });
    await withClient(target.url, (client) => auditPii(client, { sampleRows: 50, store: true }));
  } catch (error) {
    await Promise.all([source.drop(), target.drop()]).catch(() => undefined);
    throw error;
  }
  return {
    source,
    target,
    env,
    drop: async () => {
      await Promise.all([source.drop(), target.drop()]);
    },
  };
}

function profileWithout(rule: { table: string; column: string }) {
  const document = parseYamlSafely(readFileSync(SHOP_PROFILE, 'utf8'), SHOP_PROFILE).value as {
    global: Record<string, unknown>;
    tables: Record<string, { anonymization?: { column: string }[] } | { column: string }[] | null>;
  };
  document.global['on_unmapped_pii'] = 'warn';
  document.global['fail_on_pii_leak'] = false;
  const table = document.tables[rule.table];
  const rules = Array.isArray(table) ? table : table?.anonymization;
  if (!rules) throw new Error(`no rules for ${rule.table}`);
  rules.splice(
    rules.findIndex((r) => r.column === rule.column),
    1,
  );
  return resolveProfile(document, { catalog: strategyCatalog, name: 'demo-shop-without-rule' });
}
