import type { ApprovalMode, SyncMode } from '@confiture/domain';

/**
 * Every fact of a job's life, as stored in the control database's event table. Data holds names,
 * counts and messages only: never a data value, a sample, a password or a token.
 */
export type JobEventData =
  | {
      type: 'JobRequested';
      from: string;
      to: string;
      profile: string;
      approval: ApprovalMode;
      mode: SyncMode;
      requestedBy: string;
      schedule?: string;
    }
  | { type: 'DryRunStarted'; replica: string }
  | {
      type: 'DryRunPassed';
      profileSha256: string;
      tables: number;
      piiColumns: number;
      warnings: string[];
    }
  | { type: 'DryRunFailed'; error: JobError }
  | { type: 'ValidationPassed'; checks: string[] }
  | { type: 'ValidationFailed'; error: JobError }
  | { type: 'ApprovalRequested' }
  | { type: 'JobApproved'; by: string }
  | { type: 'AnonymizationStarted'; replica: string; resume: boolean }
  | { type: 'AnonymizationHandedBack'; replica: string; reason: string }
  | { type: 'AnonymizationCompleted'; report: StoredReport; swap?: Record<string, unknown> }
  | { type: 'AnonymizationFailed'; error: JobError; targetTouched: boolean }
  | { type: 'JobFailed'; phase: string; error: JobError; pendingRollback: boolean }
  | { type: 'CancelRequested'; by: string }
  | { type: 'JobCancelled'; by: string; note?: string }
  | { type: 'RollbackRequested'; by: string }
  | { type: 'RolledBack'; how: 'new-copy-dropped' | 'previous-copy-swapped-back'; by?: string }
  | { type: 'RollbackFailed'; error: JobError };

/** The type names of {@link JobEventData}. */
export type JobEventType = JobEventData['type'];

/** An error as stored: a ConfitureError's code, message, location and hint (never a secret). */
export interface JobError {
  code: string;
  message: string;
  hint?: string;
  path?: string;
  table?: string;
  column?: string;
}

/** A sync report as stored: the report without the dry-run samples (which hold source values). */
export type StoredReport = Record<string, unknown>;

/** A stored event: its place in the log and in its job's history. */
export interface JobEventRecord {
  sequence: number;
  jobId: string;
  version: number;
  type: JobEventType;
  recordedAt: string;
  data: JobEventData;
}
