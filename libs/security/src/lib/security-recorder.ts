import {
  usesTokenize,
  type CapturedToken,
  type Profile,
  type SyncRecorder,
} from '@confiture/domain';
import type pg from 'pg';
import { currentActor } from './actor';
import { appendAuditEntry, listAuditEntries } from './audit-log';
import { AuditKey } from './audit-key';
import { createKeyProvider } from './create-key-provider';
import type { KeyProvider } from './key-provider';
import { appendLineage, hashStrategyOptions } from './lineage';
import { ensureSecuritySchema } from './security-store';
import { TokenVault } from './token-vault';

/** Options of {@link createSecurityRecorder}. */
export interface SecurityRecorderOptions {
  profile: Profile;
  /** Where CONFITURE_AUDIT_KEY, CONFITURE_MASTER_KEY and provider settings are read from. */
  env: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  /** On whose behalf the sync runs (daemon jobs), recorded beside the OS user. */
  principal?: string;
}

/**
 * What a sync records with `@confiture/security` in its target's `confiture` schema: originals of
 * tokenized values, encrypted in the token vault (on the vault session the sync hands over, a
 * connection of its own, committed before the chunk that uses them), then one
 * signed lineage entry per anonymized column and one signed audit entry per run. Reads the audit
 * key (and, when the profile tokenizes, the master key) at once, so a missing key stops the sync
 * before it writes anything.
 */
export function createSecurityRecorder(
  options: SecurityRecorderOptions,
): SyncRecorder<pg.ClientBase> {
  const auditKey = AuditKey.fromEnv(options.env);
  const tokenizes = options.profile.tables.some((t) => t.rules.some(usesTokenize));
  let keyProvider: KeyProvider | undefined;
  const provider = () =>
    (keyProvider ??= createKeyProvider(options.profile.security?.kms, {
      env: options.env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.profile.file ? { file: options.profile.file } : {}),
    }));
  if (tokenizes) provider();

  let vault: TokenVault | undefined;
  // One vault session for all workers: calls are queued so they never interleave.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    async prepare(target) {
      await ensureSecuritySchema(target);
    },

    storeTokens(session: pg.ClientBase, tokens: CapturedToken[]) {
      const run = queue.then(async () => {
        if (!vault) {
          vault = await TokenVault.open(session, {
            keyProvider: provider(),
            auditKey,
            migrate: false,
          });
        }
        await vault.storeTokens(tokens);
      });
      queue = run.catch(() => undefined);
      return run;
    },

    async record(target, report, anonymized) {
      if (!report.runId) return {};
      // Resumed after a crash between the record and the run's completion: the entry is there.
      const [existing] = await listAuditEntries(target, { runId: report.runId, limit: 1 });
      if (existing) return { auditEntry: String(existing.sequence) };
      const actor = currentActor();
      await appendLineage(
        target,
        anonymized.map(({ table, rule, rows }) => ({
          runId: report.runId!,
          table,
          column: rule.column,
          strategy: rule.type,
          optionsSha256: hashStrategyOptions(rule.options),
          rows,
        })),
        auditKey,
      );
      const entry = await appendAuditEntry(
        target,
        {
          runId: report.runId,
          osUser: actor.osUser,
          ...(options.principal ? { principal: options.principal } : {}),
          host: actor.host,
          source: report.source,
          target: report.target,
          profile: {
            name: report.profile.name,
            ...(report.profile.version ? { version: report.profile.version } : {}),
            sha256: report.profile.sha256,
          },
          tables: report.tables.map((t) => t.table),
          rowsPerTable: Object.fromEntries(report.tables.map((t) => [t.table, t.rows])),
          strategies: Object.fromEntries(
            anonymized.map(({ table, rule }) => [`${table}.${rule.column}`, rule.type]),
          ),
          verification: JSON.parse(
            JSON.stringify(report.verification ?? { skipped: true }),
          ) as Record<string, unknown>,
          startedAt: report.startedAt,
          finishedAt: new Date().toISOString(),
          status:
            report.verification === undefined || report.verification.passed
              ? 'succeeded'
              : 'failed',
        },
        auditKey,
      );
      return { auditEntry: String(entry.sequence) };
    },

    async close() {
      await queue;
      await vault?.close().catch(() => undefined);
      await keyProvider?.close().catch(() => undefined);
    },
  };
}
