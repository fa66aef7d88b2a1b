import type { ApprovalMode, SyncMode } from '@confiture/domain';
import type { JobError, JobEventRecord, StoredReport } from '../events/job-events';
import type { JobStatus } from './job-status';

/** A job as the API shows it: the projection of its events. */
export interface JobView {
  id: string;
  status: JobStatus;
  from: string;
  to: string;
  profile: string;
  approval: ApprovalMode;
  mode: SyncMode;
  requestedBy: string;
  schedule?: string;
  createdAt: string;
  updatedAt: string;
  /** Events applied (the job's version). */
  version: number;
  approvedBy?: string;
  cancelRequested: boolean;
  rollbackRequested: boolean;
  /** A failed atomic job whose new copy is still to be recorded as dropped. */
  pendingRollback: boolean;
  /** Times the anonymization started (a takeover or hand-back adds one). */
  attempts: number;
  /** The replica that last started the anonymization. */
  replica?: string;
  profileSha256?: string;
  error?: JobError;
  report?: StoredReport;
  swap?: Record<string, unknown>;
}

/**
 * Folds a job's events, oldest first, into its view: the only place where the lifecycle's
 * transitions are spelled out. Rebuilding the read model is replaying this over the event table.
 */
export function projectJob(events: readonly JobEventRecord[]): JobView | undefined {
  let view: JobView | undefined;
  for (const event of events) view = applyEvent(view, event);
  return view;
}

/** `view` after one more event. */
export function applyEvent(view: JobView | undefined, event: JobEventRecord): JobView {
  const data = event.data;
  if (data.type === 'JobRequested') {
    return {
      id: event.jobId,
      status: 'PENDING',
      from: data.from,
      to: data.to,
      profile: data.profile,
      approval: data.approval,
      mode: data.mode,
      requestedBy: data.requestedBy,
      ...(data.schedule ? { schedule: data.schedule } : {}),
      createdAt: event.recordedAt,
      updatedAt: event.recordedAt,
      version: event.version,
      cancelRequested: false,
      rollbackRequested: false,
      pendingRollback: false,
      attempts: 0,
    };
  }
  if (!view)
    throw new Error(
      `event ${event.sequence} (${data.type}) of job ${event.jobId} comes before JobRequested`,
    );
  const next: JobView = { ...view, updatedAt: event.recordedAt, version: event.version };
  switch (data.type) {
    case 'DryRunStarted':
      return { ...next, status: 'DRY_RUN' };
    case 'DryRunPassed':
      return { ...next, status: 'VALIDATION', profileSha256: data.profileSha256 };
    case 'ValidationPassed':
      return {
        ...next,
        status: next.approval === 'manual' ? 'AWAITING_APPROVAL' : 'ANONYMIZATION',
      };
    case 'ApprovalRequested':
      return { ...next, status: 'AWAITING_APPROVAL' };
    case 'JobApproved':
      return { ...next, status: 'ANONYMIZATION', approvedBy: data.by };
    case 'AnonymizationStarted':
      return {
        ...next,
        status: 'ANONYMIZATION',
        attempts: next.attempts + 1,
        replica: data.replica,
      };
    case 'AnonymizationHandedBack':
      return next;
    case 'AnonymizationCompleted':
      return {
        ...next,
        status: 'COMPLETED',
        report: data.report,
        ...(data.swap ? { swap: data.swap } : {}),
      };
    case 'DryRunFailed':
    case 'ValidationFailed':
    case 'AnonymizationFailed':
      return { ...next, error: data.error };
    case 'JobFailed':
      return {
        ...next,
        status: 'FAILED',
        error: data.error,
        pendingRollback: data.pendingRollback,
      };
    case 'CancelRequested':
      return { ...next, cancelRequested: true };
    case 'JobCancelled':
      return { ...next, status: 'CANCELLED' };
    case 'RollbackRequested':
      return { ...next, rollbackRequested: true };
    case 'RolledBack':
      return { ...next, status: 'ROLLED_BACK', rollbackRequested: false, pendingRollback: false };
    case 'RollbackFailed':
      return { ...next, rollbackRequested: false, error: data.error };
  }
}
