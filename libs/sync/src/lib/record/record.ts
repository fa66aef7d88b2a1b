import {
  formatQualifiedName,
  type RecordedColumn,
  type SyncRecorder,
  type SyncReport,
  type TableReport,
} from '@confiture/domain';
import type pg from 'pg';
import type { SyncPlan } from '../plan/plan';
import type { StateStore } from '../run/state-store';

/** What the record phase needs. */
export interface RecordInput {
  target: pg.ClientBase;
  store: StateStore;
  runId: string;
  plan: SyncPlan;
  /** The report as recorded (its verification included). */
  report: SyncReport;
  recorder?: SyncRecorder<pg.ClientBase>;
  /** The verification failed: the run is recorded, but not marked complete. */
  failedVerification?: boolean;
}

/**
 * The record phase: the recorder's lineage and signed audit entry, then the run is marked
 * complete (unless its verification failed). A crash in between is resumed at verify, and the
 * recorder does not record a run twice.
 */
export async function recordRun(input: RecordInput): Promise<{ auditEntry?: string }> {
  const recorded = await input.recorder?.record(
    input.target,
    input.report,
    recordedColumns(input.plan, input.report.tables),
  );
  if (!input.failedVerification) await input.store.complete(input.runId);
  return recorded?.auditEntry ? { auditEntry: recorded.auditEntry } : {};
}

/** The anonymized columns of the copied tables, with their rules and rows, for lineage. */
export function recordedColumns(plan: SyncPlan, tables: readonly TableReport[]): RecordedColumn[] {
  const rows = new Map(tables.map((t) => [t.table, t.rows]));
  return plan.tables.flatMap((table) => {
    const label = formatQualifiedName(table.name);
    if (table.excluded) return [];
    return table.columns.flatMap((c) =>
      c.rule && c.rule.type !== 'preserve'
        ? [{ table: label, rule: c.rule, rows: rows.get(label) ?? 0 }]
        : [],
    );
  });
}
