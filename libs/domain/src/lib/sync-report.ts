import type { SyncPhase } from './sync-phase';
import type { VerificationResult } from './verification';

/** Progress of a sync, for a terminal display or logs. Never carries data values or secrets. */
export type SyncEvent =
  | { type: 'phase-started'; phase: SyncPhase; detail?: string }
  | { type: 'phase-finished'; phase: SyncPhase; durationMs: number; detail?: string }
  | {
      type: 'table-started';
      table: string;
      estimatedRows: number;
      chunks: number;
      anonymized: number;
    }
  | { type: 'rows-copied'; table: string; rows: number; totalRows: number }
  | { type: 'table-finished'; table: string; rows: number; durationMs: number }
  | { type: 'step'; description: string }
  | { type: 'warning'; message: string };

/** One anonymized column in the report. */
export interface ColumnReport {
  column: string;
  strategy: string;
  type: string;
}

/** One table in the report. */
export interface TableReport {
  table: string;
  kind: 'table' | 'partition';
  /** Rows written to the target (after orphan removal). */
  rows: number;
  /** Rows read from the source for this sync (before orphan removal). */
  copiedRows: number;
  chunks: number;
  excluded: boolean;
  excludedBy?: 'profile' | 'tables-flag';
  filtered: boolean;
  sampleRate?: number;
  orphansDropped: number;
  /** Rows added because copied rows referenced them (`on_orphans: include_parents`). */
  parentsIncluded: number;
  anonymized: ColumnReport[];
  durationMs: number;
}

/** A before/after example of a rule, shown by `--dry-run`. */
export interface RuleSample {
  table: string;
  column: string;
  strategy: string;
  type: string;
  samples: { before: string | null; after: string | null }[];
  /** Why no sample could be shown (no rows, or the strategy runs in SQL). */
  note?: string;
}

/** The machine-readable record of a sync (`--json`). */
export interface SyncReport {
  runId?: string;
  status: 'completed' | 'dry-run' | 'failed';
  resumed: boolean;
  source: string;
  target: string;
  profile: { name: string; version?: string; sha256: string; file?: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  source_database: { sizeBytes: number; tables: number; serverVersion: number };
  tables: TableReport[];
  /** `bytesRead`: COPY bytes read from the source by this run (a resumed run: since it resumed). */
  totals: { tables: number; rows: number; anonymizedColumns: number; bytesRead: number };
  phases: Partial<Record<SyncPhase, number>>;
  samples?: RuleSample[];
  verification?: VerificationResult;
  warnings: string[];
  /** Identifier of the signed audit entry, when one was written. */
  auditEntry?: string;
}
