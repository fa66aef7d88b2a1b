import { ConfitureError, redactConnectionString } from '@confiture/domain';
import type { ClientBase } from 'pg';
import { z } from 'zod';
import type { AuditKey } from './audit-key';
import {
  appendToLedger,
  auditKeyLedgerKeys,
  verifyLedger,
  type ChainVerification,
  type LedgerSpec,
} from './ledger';
import { AuditLogEntity, type AuditLogRow } from './security-entities';
import {
  ensureSecuritySchema,
  requireSecuritySchema,
  withSecurityDataSource,
} from './security-store';

const timestamp = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v));

/** What a sync records about itself in the audit log. */
export const auditEntrySchema = z.strictObject({
  /** The run's id, shared with its lineage entries. */
  runId: z.uuid(),
  /** OS user that ran the sync. */
  osUser: z.string().min(1),
  /** The person or service on whose behalf it ran, when known (daemon jobs, `--as`). */
  principal: z.string().min(1).optional(),
  host: z.string().min(1),
  /** Labels of the source and target (e.g. `production (app@db1:5432/app)`), never a password. */
  source: z.string().min(1),
  target: z.string().min(1),
  profile: z.strictObject({
    name: z.string().min(1),
    version: z.string().min(1).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
  }),
  tables: z.array(z.string().min(1)),
  rowsPerTable: z.record(z.string(), z.number().int().nonnegative()),
  /** `table.column` → strategy type. */
  strategies: z.record(z.string(), z.string().min(1)),
  /** The post-sync verification report, as JSON. */
  verification: z.record(z.string(), z.unknown()),
  startedAt: timestamp,
  finishedAt: timestamp,
  status: z.enum(['succeeded', 'failed']),
});

/** An audit entry as the sync builds it. */
export type AuditEntryInput = z.input<typeof auditEntrySchema>;

/** An audit entry as stored, with its place in the chain. */
export interface AuditEntry {
  sequence: number;
  recordedAt: string;
  runId: string;
  osUser: string;
  principal?: string;
  host: string;
  source: string;
  target: string;
  profile: { name?: string; version?: string; sha256?: string };
  tables: string[];
  rowsPerTable: Record<string, number>;
  strategies: Record<string, string>;
  verification: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  status: string;
  entryHash: string;
  signature: string;
}

/** The audit log's chain definition. */
export const AUDIT_LEDGER: LedgerSpec<AuditLogRow> = {
  name: 'audit_log',
  entity: AuditLogEntity,
  fields: [
    'runId',
    'osUser',
    'principal',
    'host',
    'source',
    'target',
    'profileName',
    'profileVersion',
    'profileSha256',
    'tables',
    'rowsPerTable',
    'strategies',
    'verification',
    'startedAt',
    'finishedAt',
    'status',
  ],
};

/**
 * Signs and appends one sync to `confiture.audit_log` in the database `client` is connected to
 * (the target), creating the security schema first if needed. A connection string given as a label
 * loses its password before it is stored.
 */
export async function appendAuditEntry(
  client: ClientBase,
  entry: AuditEntryInput,
  key: AuditKey,
): Promise<AuditEntry> {
  const parsed = auditEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfitureError(
      'INTERNAL',
      `invalid audit entry: ${issue?.path.join('.') || 'entry'} ${issue?.message ?? ''}`.trim(),
    );
  }
  const e = parsed.data;
  await ensureSecuritySchema(client);
  const [row] = await withSecurityDataSource(client, (dataSource) =>
    appendToLedger(dataSource, AUDIT_LEDGER, auditKeyLedgerKeys(key), [
      {
        runId: e.runId,
        osUser: e.osUser,
        principal: e.principal ?? null,
        host: e.host,
        source: withoutCredentials(e.source),
        target: withoutCredentials(e.target),
        profileName: e.profile.name,
        profileVersion: e.profile.version ?? null,
        profileSha256: e.profile.sha256,
        tables: e.tables,
        rowsPerTable: e.rowsPerTable,
        strategies: e.strategies,
        verification: e.verification,
        startedAt: e.startedAt,
        finishedAt: e.finishedAt,
        status: e.status,
      },
    ]),
  );
  return toAuditEntry(row as AuditLogRow);
}

/** Verifies every entry of `confiture.audit_log` against `key`. */
export async function verifyAuditChain(
  client: ClientBase,
  key: AuditKey,
): Promise<ChainVerification> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, (dataSource) =>
    verifyLedger(dataSource, AUDIT_LEDGER, auditKeyLedgerKeys(key)),
  );
}

/** Options of {@link listAuditEntries}. */
export interface ListAuditEntriesOptions {
  /** At most this many entries, newest first; default 50. */
  limit?: number;
  /** Only the entry of this run. */
  runId?: string;
}

/** Audit entries, newest first. Reading needs no key; `audit verify` proves them. */
export async function listAuditEntries(
  client: ClientBase,
  options: ListAuditEntriesOptions = {},
): Promise<AuditEntry[]> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, async (dataSource) => {
    const query = dataSource
      .getRepository(AuditLogEntity)
      .createQueryBuilder('entry')
      .orderBy('entry.sequence', 'DESC')
      .limit(options.limit ?? 50);
    if (options.runId) query.where('entry.runId = :runId', { runId: options.runId });
    return (await query.getMany()).map(toAuditEntry);
  });
}

function toAuditEntry(row: AuditLogRow): AuditEntry {
  return {
    sequence: row.sequence,
    recordedAt: row.recordedAt.toISOString(),
    runId: row.runId,
    osUser: row.osUser,
    ...(row.principal ? { principal: row.principal } : {}),
    host: row.host,
    source: row.source,
    target: row.target,
    profile: {
      ...(row.profileName ? { name: row.profileName } : {}),
      ...(row.profileVersion ? { version: row.profileVersion } : {}),
      ...(row.profileSha256 ? { sha256: row.profileSha256 } : {}),
    },
    tables: row.tables,
    rowsPerTable: row.rowsPerTable,
    strategies: row.strategies,
    verification: row.verification,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt.toISOString(),
    status: row.status,
    entryHash: row.entryHash,
    signature: row.signature,
  };
}

/** A label with any connection-string password replaced by `***`. */
function withoutCredentials(label: string): string {
  return label.replace(/postgres(?:ql)?:\/\/[^\s)]+/gi, (url) => redactConnectionString(url));
}
