import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { ConfitureError, isConfitureError } from '@confiture/domain';
import { EventStore, type TransitionGuard } from './event-store';
import type { JobError, JobEventData } from './events/job-events';
import { jobEventOf } from './events/job-event.classes';
import { RESTING_STATUSES, type JobStatus } from './models/job-status';
import type { JobView } from './models/job-view';
import { SecretValues } from '../logging/secret-values';

/** Waits for jobs driven by this replica to come to rest. */
type Settle = (jobId: string) => void;

/**
 * Appends job events (checked by a guard), then publishes them on the EventBus, where sagas turn
 * them into the next command. Tells the lease holder when its job comes to rest.
 */
@Injectable()
export class JobEvents {
  private settle: Settle = () => undefined;

  constructor(
    private readonly store: EventStore,
    private readonly eventBus: EventBus,
    private readonly secrets: SecretValues,
  ) {}

  /** Called with the id of each job whose new state needs no further step on this replica. */
  onSettled(settle: Settle): void {
    this.settle = settle;
  }

  /** Appends and publishes `data`; returns the job's new view. */
  async append(jobId: string, data: JobEventData, guard?: TransitionGuard): Promise<JobView> {
    const { event, view } = await this.store.append(jobId, data, guard);
    this.eventBus.publish(jobEventOf(event, view));
    if (isSettled(view, data)) this.settle(jobId);
    return view;
  }

  /** A step failed: its own event (`DryRunFailed`, `ValidationFailed`), then JobFailed. */
  async failStep(
    jobId: string,
    type: 'DryRunFailed' | 'ValidationFailed',
    phase: string,
    error: unknown,
  ): Promise<void> {
    const stored = this.errorOf(error);
    await this.append(jobId, { type, error: stored });
    await this.append(jobId, { type: 'JobFailed', phase, error: stored, pendingRollback: false });
  }

  /** An error as stored in an event: code, message (secrets redacted), location, hint. */
  errorOf(error: unknown): JobError {
    if (isConfitureError(error)) {
      const { path, table, column } = error.location;
      return {
        code: error.code,
        message: this.secrets.redact(error.message),
        ...(error.hint ? { hint: this.secrets.redact(error.hint) } : {}),
        ...(path ? { path } : {}),
        ...(table ? { table } : {}),
        ...(column ? { column } : {}),
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { code: 'INTERNAL', message: this.secrets.redact(message) };
  }
}

/** Whether a job needs no further step from the replica that appended `data`. */
export function isSettled(view: JobView, data: JobEventData): boolean {
  if (data.type === 'AnonymizationHandedBack') return true;
  if (data.type === 'JobFailed') return !data.pendingRollback;
  return (
    RESTING_STATUSES.has(view.status) &&
    data.type !== 'CancelRequested' &&
    data.type !== 'RollbackRequested'
  );
}

/** A guard: the job exists and is in one of `statuses`, else CONFLICT (or NOT_FOUND). */
export function inStatus(action: string, ...statuses: JobStatus[]): TransitionGuard {
  return (view) => {
    if (!view) throw new ConfitureError('NOT_FOUND', 'there is no such job');
    if (!statuses.includes(view.status)) {
      throw new ConfitureError(
        'CONFLICT',
        `job ${view.id} is ${view.status}: it cannot ${action}`,
        {
          hint: `Only a job that is ${statuses.join(' or ')} can ${action}.`,
        },
      );
    }
  };
}
