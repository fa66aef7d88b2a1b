import { createHash } from 'node:crypto';
import { ConfitureError } from '@confiture/domain';
import type { ClientBase } from 'pg';
import { z } from 'zod';
import type { AuditKey } from './audit-key';
import { canonicalJson } from './canonical-json';
import {
  appendToLedger,
  auditKeyLedgerKeys,
  verifyLedger,
  type ChainVerification,
  type LedgerSpec,
} from './ledger';
import { LineageEntity, type LineageRow } from './security-entities';
import {
  ensureSecuritySchema,
  requireSecuritySchema,
  withSecurityDataSource,
} from './security-store';

/** How one column was anonymized in one run. */
export const lineageEntrySchema = z.strictObject({
  runId: z.uuid(),
  /** Schema-qualified table, e.g. `public.users`. */
  table: z.string().min(1),
  column: z.string().min(1),
  /** Strategy type, e.g. `email`. */
  strategy: z.string().min(1),
  /** {@link hashStrategyOptions} of the rule's options. */
  optionsSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
  rows: z.number().int().nonnegative(),
});

/** A lineage entry as the sync builds it. */
export type LineageEntryInput = z.input<typeof lineageEntrySchema>;

/** A lineage entry as stored, with its place in the chain. */
export type LineageEntry = LineageEntryInput & {
  sequence: number;
  recordedAt: string;
  entryHash: string;
};

/** The lineage's chain definition. */
export const LINEAGE_LEDGER: LedgerSpec<LineageRow> = {
  name: 'lineage',
  entity: LineageEntity,
  fields: ['runId', 'tableName', 'columnName', 'strategy', 'optionsSha256', 'rows'],
};

/** Option keys that hold key material, left out of the options hash. */
const SEED_KEYS = new Set(['seed', 'seed_env_var', 'key', 'key_id']);

/**
 * SHA-256 of a rule's options in canonical JSON, seed material left out: two runs with the same
 * hash treated the column the same way, and the hash reveals no seed.
 */
export function hashStrategyOptions(options: Record<string, unknown>): string {
  const kept = Object.fromEntries(Object.entries(options).filter(([k]) => !SEED_KEYS.has(k)));
  return createHash('sha256').update(canonicalJson(kept), 'utf8').digest('hex');
}

/**
 * Signs and appends one lineage entry per anonymized column to `confiture.lineage` (one
 * transaction), creating the security schema first if needed.
 */
export async function appendLineage(
  client: ClientBase,
  entries: readonly LineageEntryInput[],
  key: AuditKey,
): Promise<LineageEntry[]> {
  const parsed = entries.map((entry, index) => {
    const result = lineageEntrySchema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new ConfitureError(
        'INTERNAL',
        `invalid lineage entry ${index}: ${issue?.path.join('.') || 'entry'} ${issue?.message ?? ''}`.trim(),
      );
    }
    return result.data;
  });
  if (parsed.length === 0) return [];
  await ensureSecuritySchema(client);
  const rows = await withSecurityDataSource(client, (dataSource) =>
    appendToLedger(
      dataSource,
      LINEAGE_LEDGER,
      auditKeyLedgerKeys(key),
      parsed.map((e) => ({
        runId: e.runId,
        tableName: e.table,
        columnName: e.column,
        strategy: e.strategy,
        optionsSha256: e.optionsSha256,
        rows: e.rows,
      })),
    ),
  );
  return rows.map(toLineageEntry);
}

function toLineageEntry(row: LineageRow): LineageEntry {
  return {
    sequence: row.sequence,
    recordedAt: row.recordedAt.toISOString(),
    runId: row.runId,
    table: row.tableName,
    column: row.columnName,
    strategy: row.strategy,
    optionsSha256: row.optionsSha256,
    rows: row.rows,
    entryHash: row.entryHash,
  };
}

/** Verifies every entry of `confiture.lineage` against `key`. */
export async function verifyLineageChain(
  client: ClientBase,
  key: AuditKey,
): Promise<ChainVerification> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, (dataSource) =>
    verifyLedger(dataSource, LINEAGE_LEDGER, auditKeyLedgerKeys(key)),
  );
}

/** Lineage entries of one run (or of every run), in chain order. Reading needs no key. */
export async function listLineageEntries(
  client: ClientBase,
  options: { runId?: string } = {},
): Promise<LineageEntry[]> {
  await requireSecuritySchema(client);
  return withSecurityDataSource(client, async (dataSource) => {
    const query = dataSource
      .getRepository(LineageEntity)
      .createQueryBuilder('entry')
      .orderBy('entry.sequence', 'ASC');
    if (options.runId) query.where('entry.runId = :runId', { runId: options.runId });
    return (await query.getMany()).map(toLineageEntry);
  });
}
