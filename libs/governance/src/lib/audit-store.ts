import { formatQualifiedName } from '@confiture/domain';
import type pg from 'pg';
import type { ColumnFinding } from './classify-column';
import type { PiiKind } from './pii-kind';

/** One column as an audit stores it: enough to notice new columns and type changes. */
export interface AuditedColumnSnapshot {
  table: string;
  column: string;
  type: string;
  pii: boolean;
  kind?: PiiKind;
}

/** A stored audit. */
export interface StoredAudit {
  id: number;
  auditedAt: string;
  columns: AuditedColumnSnapshot[];
}

/** Columns that appeared, changed type or disappeared since a previous audit. */
export interface ColumnChanges {
  added: AuditedColumnSnapshot[];
  typeChanged: (AuditedColumnSnapshot & { previousType: string })[];
  removed: AuditedColumnSnapshot[];
}

/** Whether the audit could be stored, and why not. */
export interface StoreOutcome {
  stored: boolean;
  id?: number;
  reason?: string;
}

const AUDIT_TABLE = 'confiture.pii_audits';

/** The snapshot of a detection's columns, sorted. */
export function snapshotOf(columns: readonly ColumnFinding[]): AuditedColumnSnapshot[] {
  return columns
    .map((c) => ({
      table: formatQualifiedName(c.table),
      column: c.column,
      type: c.type,
      pii: c.pii,
      ...(c.pii && c.kind ? { kind: c.kind } : {}),
    }))
    .sort((a, b) => a.table.localeCompare(b.table) || a.column.localeCompare(b.column));
}

/** Compares two snapshots: new columns, columns whose type changed, columns gone. */
export function compareSnapshots(
  previous: readonly AuditedColumnSnapshot[],
  current: readonly AuditedColumnSnapshot[],
): ColumnChanges {
  const key = (c: AuditedColumnSnapshot) => `${c.table}\u0000${c.column}`;
  const before = new Map(previous.map((c) => [key(c), c]));
  const now = new Set(current.map(key));
  const added: AuditedColumnSnapshot[] = [];
  const typeChanged: ColumnChanges['typeChanged'] = [];
  for (const column of current) {
    const old = before.get(key(column));
    if (!old) added.push(column);
    else if (old.type !== column.type) typeChanged.push({ ...column, previousType: old.type });
  }
  const removed = previous.filter((c) => !now.has(key(c)));
  return { added, typeChanged, removed };
}

/** The last audit stored in the database's `confiture` schema, or undefined when there is none. */
export async function readLastAudit(client: pg.ClientBase): Promise<StoredAudit | undefined> {
  try {
    const { rows } = await client.query<{
      id: string;
      audited_at: Date;
      columns: AuditedColumnSnapshot[];
    }>(`SELECT id::text, audited_at, columns FROM ${AUDIT_TABLE} ORDER BY id DESC LIMIT 1`);
    const row = rows[0];
    if (!row) return undefined;
    return { id: Number(row.id), auditedAt: row.audited_at.toISOString(), columns: row.columns };
  } catch (error) {
    // No confiture schema or no audit table yet: there is no previous audit.
    if (['42P01', '3F000'].includes((error as { code?: string }).code ?? '')) return undefined;
    throw error;
  }
}

/**
 * Appends an audit to `confiture.pii_audits` (created when missing). A read-only session or a
 * user without the rights is not an error: the outcome says why nothing was stored.
 */
export async function storeAudit(
  client: pg.ClientBase,
  database: string,
  columns: readonly AuditedColumnSnapshot[],
  summary: Record<string, unknown>,
): Promise<StoreOutcome> {
  try {
    await client.query('BEGIN');
    await client.query('CREATE SCHEMA IF NOT EXISTS confiture');
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${AUDIT_TABLE} (
         id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         audited_at timestamptz NOT NULL DEFAULT now(),
         database text NOT NULL,
         columns jsonb NOT NULL,
         summary jsonb NOT NULL
       )`,
    );
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO ${AUDIT_TABLE} (database, columns, summary) VALUES ($1, $2, $3) RETURNING id::text`,
      [database, JSON.stringify(columns), JSON.stringify(summary)],
    );
    await client.query('COMMIT');
    return { stored: true, id: Number(rows[0]!.id) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const code = (error as { code?: string }).code;
    if (code === '25006') {
      return { stored: false, reason: 'the connection is read-only, so this audit was not stored' };
    }
    if (code === '42501') {
      return {
        stored: false,
        reason: `the user may not write the confiture schema (${(error as Error).message}), so this audit was not stored`,
      };
    }
    throw error;
  }
}
