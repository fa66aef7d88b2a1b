/** Where a job is in its lifecycle (docs/daemon.md, "Lifecycle"). */
export const JOB_STATUSES = [
  'PENDING',
  'DRY_RUN',
  'VALIDATION',
  'AWAITING_APPROVAL',
  'ANONYMIZATION',
  'COMPLETED',
  'FAILED',
  'ROLLED_BACK',
  'CANCELLED',
] as const;

/** One of {@link JOB_STATUSES}. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses a job never leaves by itself (ROLLED_BACK and COMPLETED may still be rolled back/forth on request). */
export const RESTING_STATUSES: ReadonlySet<JobStatus> = new Set([
  'AWAITING_APPROVAL',
  'COMPLETED',
  'FAILED',
  'ROLLED_BACK',
  'CANCELLED',
]);
