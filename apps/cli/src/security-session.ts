import { Flags } from '@oclif/core';
import {
  ConfitureError,
  loadProfile,
  resolveConnection,
  SECRET_VARIABLES,
  type ConnectionConfig,
  type Secret,
} from '@confiture/domain';
import {
  AuditKey,
  createKeyProvider,
  type ChainVerification,
  type KeyProvider,
} from '@confiture/security';
import { strategyCatalog } from '@confiture/strategies';
import { openConnection } from '@confiture/sync';
import { resolve } from 'node:path';
import type pg from 'pg';

/** `--env`: the database whose `confiture` schema holds the vault, lineage and audit log. */
export const targetEnvFlag = Flags.string({
  summary: 'Target database: environment name (db/environments/<name>.yaml) or postgresql:// URL.',
  required: true,
});

/** `--profile`: where `security.kms` is read from (default: the local provider). */
export const kmsProfileFlag = Flags.string({
  summary:
    'Profile whose security.kms names the key provider (default: local, CONFITURE_MASTER_KEY).',
});

/** What the security commands need from their command: where they run, and what to hide. */
export interface SessionContext {
  cwd: string;
  keepSecret: (...values: (Secret | string | undefined)[]) => void;
}

/**
 * Connects to `ref`, runs `work`, and closes the connection. `readOnly` opens a session whose
 * transactions cannot write (verification and listing never need to).
 */
export async function withTargetDatabase<T>(
  ref: string,
  context: SessionContext,
  options: { readOnly: boolean },
  work: (client: pg.Client, connection: ConnectionConfig) => Promise<T>,
): Promise<T> {
  context.keepSecret(...SECRET_VARIABLES.map((name) => process.env[name]));
  const connection = resolveConnection(ref, { cwd: context.cwd, env: process.env });
  context.keepSecret(connection.password);
  const client = await openConnection(connection, {
    role: options.readOnly ? 'source' : 'target',
    applicationName: 'confiture security',
  });
  try {
    return await work(client, connection);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The audit key from CONFITURE_AUDIT_KEY (registered as a secret first). */
export function auditKeyFromEnvironment(context: SessionContext): AuditKey {
  context.keepSecret(process.env['CONFITURE_AUDIT_KEY']);
  return AuditKey.fromEnv(process.env);
}

/** The key provider the profile's `security.kms` names, or the local one. */
export function keyProviderFor(profile: string | undefined, context: SessionContext): KeyProvider {
  context.keepSecret(...SECRET_VARIABLES.map((name) => process.env[name]));
  if (!profile) return createKeyProvider(undefined, { env: process.env, cwd: context.cwd });
  const file = resolve(context.cwd, profile);
  const loaded = loadProfile(file, { catalog: strategyCatalog });
  return createKeyProvider(loaded.security?.kms, { env: process.env, cwd: context.cwd, file });
}

/** One line for a verified chain: `✔ confiture.lineage: 12 entries, chain intact (head 12 1a2b3c4d5e6f)`. */
export function describeChain(result: ChainVerification): string {
  if (result.ok) {
    return `✔ confiture.${result.ledger}: ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}, chain intact (head ${result.head.sequence} ${result.head.entryHash.slice(0, 12)})`;
  }
  const problem = result.firstProblem;
  return `✖ confiture.${result.ledger}: entry ${problem?.sequence} ${problem?.kind}: ${problem?.message}`;
}

/** INTEGRITY_FAILED naming the first problem of a chain. */
export function chainError(result: ChainVerification): ConfitureError {
  const problem = result.firstProblem;
  return new ConfitureError(
    'INTEGRITY_FAILED',
    `confiture.${result.ledger}: entry ${problem?.sequence} ${problem?.kind}: ${problem?.message}`,
    {
      hint:
        problem?.kind === 'bad-signature'
          ? 'Check that CONFITURE_AUDIT_KEY is the key the syncs signed with; if it is, the log was forged.'
          : 'The log was changed outside Confiture: keep this output, and compare with a backup or an exported head.',
    },
  );
}
