import type { IEvent } from '@nestjs/cqrs';
import type { JobEventRecord, JobEventType } from './job-events';
import type { JobView } from '../models/job-view';

/** A job event as published on the EventBus: the stored record and the job's view after it. */
export abstract class JobEvent implements IEvent {
  constructor(
    readonly record: JobEventRecord,
    readonly view: JobView,
  ) {}

  get jobId(): string {
    return this.record.jobId;
  }
}

/** A job was asked for (by an API client or a schedule tick). */
export class JobRequested extends JobEvent {}
/** The dry run (the sync's pre-flight with `dryRun`) began. */
export class DryRunStarted extends JobEvent {}
/** The dry run planned the sync without error. */
export class DryRunPassed extends JobEvent {}
/** The dry run refused the sync. */
export class DryRunFailed extends JobEvent {}
/** Keys, privileges and the target's state allow the sync. */
export class ValidationPassed extends JobEvent {}
/** Validation refused the sync. */
export class ValidationFailed extends JobEvent {}
/** The job waits for an operator's approval. */
export class ApprovalRequested extends JobEvent {}
/** An operator approved the job. */
export class JobApproved extends JobEvent {}
/** A replica started (or resumed) the sync. */
export class AnonymizationStarted extends JobEvent {}
/** A stopping replica handed the sync back to the queue after its last chunk. */
export class AnonymizationHandedBack extends JobEvent {}
/** The sync finished and verified (and, atomically, was swapped in). */
export class AnonymizationCompleted extends JobEvent {}
/** The sync failed. */
export class AnonymizationFailed extends JobEvent {}
/** The job failed. */
export class JobFailed extends JobEvent {}
/** A client asked to cancel the job. */
export class CancelRequested extends JobEvent {}
/** The job was cancelled. */
export class JobCancelled extends JobEvent {}
/** A client asked to swap the previous copy back. */
export class RollbackRequested extends JobEvent {}
/** The target is as it was before the job (new copy dropped, or previous copy swapped back). */
export class RolledBack extends JobEvent {}
/** Swapping the previous copy back failed; the job stays COMPLETED. */
export class RollbackFailed extends JobEvent {}

const CLASSES: Record<JobEventType, new (record: JobEventRecord, view: JobView) => JobEvent> = {
  JobRequested,
  DryRunStarted,
  DryRunPassed,
  DryRunFailed,
  ValidationPassed,
  ValidationFailed,
  ApprovalRequested,
  JobApproved,
  AnonymizationStarted,
  AnonymizationHandedBack,
  AnonymizationCompleted,
  AnonymizationFailed,
  JobFailed,
  CancelRequested,
  JobCancelled,
  RollbackRequested,
  RolledBack,
  RollbackFailed,
};

/** The EventBus event of a stored record. */
export function jobEventOf(record: JobEventRecord, view: JobView): JobEvent {
  return new CLASSES[record.type](record, view);
}
