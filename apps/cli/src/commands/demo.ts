import { randomBytes } from 'node:crypto';
import { Flags } from '@oclif/core';
import { loadProfile, resolveConnection, type SyncReport } from '@confiture/domain';
import { createShop, SHOP_PROFILE } from '@confiture/dataset';
import { createTestDatabase, startEmbeddedPostgres } from '@confiture/pg-harness';
import { parseHmacBackend, strategyCatalog } from '@confiture/strategies';
import { runGovernedSync, type GovernanceReport } from '@confiture/governance';
import { createSecurityRecorder } from '@confiture/security';
import pg from 'pg';
import { BaseCommand } from '../base-command';
import { formatCount, formatDuration, renderReport, SyncProgress } from '../sync-progress';

export default class Demo extends BaseCommand<typeof Demo> {
  static override summary =
    'Run the main job on a generated shop: embedded PostgreSQL, PII in, none out.';

  static override description = `Starts an embedded PostgreSQL, generates an e-commerce database with personal data in the
usual places and in awkward ones (free text, JSON two levels down, arrays), syncs it into a second
database with the shipped profile (tools/dataset/profiles/shop.yaml), verifies it, and shows a
before/after sample. Nothing outside a temporary directory is touched; everything is removed at
the end unless --keep.

The seed and the audit key come from CONFITURE_SEED and CONFITURE_AUDIT_KEY when set, else random\nones for this run.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --rows 1000000 --keep',
  ];

  static override flags = {
    rows: Flags.integer({
      summary: 'Number of customers (orders ×3, order items ×6 ...).',
      default: 100_000,
      min: 1,
    }),
    keep: Flags.boolean({
      summary: 'Keep PostgreSQL running after the demo and print how to connect (Ctrl-C stops it).',
    }),
    'server-url': Flags.string({
      summary:
        'Use this PostgreSQL server (a postgresql:// URL of a maintenance database) instead of an embedded one.',
    }),
    threads: Flags.integer({
      summary: 'Worker threads for anonymization (default: CPU cores − 2, at most 4).',
      min: 0,
      max: 64,
    }),
  };

  async run(): Promise<SyncReport & { governance: GovernanceReport }> {
    const { flags } = this;
    const started = Date.now();
    let stopServer: (() => Promise<void>) | undefined;
    let serverUrl = flags['server-url'];
    if (!serverUrl) {
      this.note('▸ starting embedded PostgreSQL');
      const server = await startEmbeddedPostgres();
      this.note(`  PostgreSQL ${server.version} on port ${server.port}`);
      serverUrl = server.url;
      stopServer = server.stop;
    }
    // A server of the user's is a secret to keep; the embedded one's throwaway password is printed
    // by --keep so that the databases can be explored.
    if (flags['server-url']) this.keepSecret(new URL(serverUrl).password || undefined);
    const source = await createTestDatabase({ serverUrl, prefix: 'shop_production' });
    const target = await createTestDatabase({ serverUrl, prefix: 'shop_staging' });
    // The demo's own keys when none are set: a seed for the strategies, a key for the audit log.
    const env = {
      ...process.env,
      CONFITURE_SEED: process.env['CONFITURE_SEED'] || randomBytes(32).toString('hex'),
      CONFITURE_AUDIT_KEY: process.env['CONFITURE_AUDIT_KEY'] || randomBytes(32).toString('hex'),
    };
    this.keepSecret(env.CONFITURE_SEED, env.CONFITURE_AUDIT_KEY);
    try {
      const client = new pg.Client({ connectionString: source.url });
      await client.connect();
      try {
        const generation = Date.now();
        await createShop(client, { users: flags.rows, onStep: (step) => this.note(`▸ ${step}`) });
        const { rows } = await client.query<{ n: string }>(
          `SELECT sum(n_live_tup)::text AS n FROM pg_stat_user_tables`,
        );
        this.note(
          `  ${formatCount(Number(rows[0]!.n))} rows generated in ${formatDuration(Date.now() - generation)}`,
        );
      } finally {
        await client.end();
      }
      const progress = new SyncProgress();
      const targetConnection = resolveConnection(target.url);
      const profile = loadProfile(SHOP_PROFILE, { catalog: strategyCatalog });
      const { report, governance } = await runGovernedSync({
        source: resolveConnection(source.url),
        target: targetConnection,
        profile,
        recorder: createSecurityRecorder({ profile, env }),
        env,
        hmacBackend: parseHmacBackend(process.env['CONFITURE_HMAC']),
        ...(flags.threads !== undefined ? { transformThreads: flags.threads } : {}),
        confirmOverwrite: async () => true,
        ...(this.jsonEnabled() ? {} : { onEvent: progress.handle }),
      }).finally(() => progress.stop());
      if (!this.jsonEnabled()) {
        this.log(renderReport(report, governance));
        this.log('');
        this.log(await beforeAfter(source.url, target.url));
        this.log(`Demo finished in ${formatDuration(Date.now() - started)}.`);
      }
      if (flags.keep) {
        this.note(`\nSource:  psql '${source.url}'\nTarget:  psql '${target.url}'`);
        this.note('PostgreSQL keeps running; press Ctrl-C to stop it and delete everything.');
        await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      }
      return { ...report, governance };
    } finally {
      await source.drop().catch(() => undefined);
      await target.drop().catch(() => undefined);
      await stopServer?.();
    }
  }
}

/** The first users of the source and the same rows in the target, side by side. */
async function beforeAfter(sourceUrl: string, targetUrl: string): Promise<string> {
  const query = `SELECT id, email, full_name, phone, ssn, date_of_birth::text AS born, left(notes, 60) AS notes
                   FROM users WHERE id IN (5, 10, 11) ORDER BY id`;
  const read = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(query)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const [before, after] = await Promise.all([read(sourceUrl), read(targetUrl)]);
  const lines = ['Before → after (users 5, 10, 11):'];
  for (const [i, row] of before.entries()) {
    lines.push(`  user ${String(row['id'])}`);
    for (const key of ['email', 'full_name', 'phone', 'ssn', 'born', 'notes']) {
      lines.push(
        `    ${key.padEnd(9)} ${String(row[key] ?? 'NULL')}  →  ${String(after[i]?.[key] ?? 'NULL')}`,
      );
    }
  }
  return lines.join('\n');
}
