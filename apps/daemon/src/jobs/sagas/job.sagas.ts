import { Injectable } from '@nestjs/common';
import { ofType, Saga, type ICommand } from '@nestjs/cqrs';
import { filter, map, type Observable } from 'rxjs';
import type { IEvent } from '@nestjs/cqrs';
import {
  EnqueueJobCommand,
  RequestApprovalCommand,
  RollBackJobCommand,
  RunAnonymizationCommand,
  ValidateJobCommand,
} from '../commands/job-commands';
import {
  CancelRequested,
  DryRunPassed,
  JobApproved,
  JobFailed,
  JobRequested,
  RollbackRequested,
  ValidationPassed,
} from '../events/job-event.classes';

/**
 * The lifecycle as reactions: each event becomes the job's next command. Events a client causes
 * (a request, an approval, a cancel, a rollback) put a lease in the queue, for any replica; events of
 * the work itself lead to the next step on the replica that holds the job.
 */
@Injectable()
export class JobSagas {
  /** A new job, an approval, a cancel or a rollback request: some replica must act on it. */
  @Saga()
  leaseRequested = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(JobRequested, JobApproved, CancelRequested, RollbackRequested),
      map((event) => new EnqueueJobCommand(event.jobId)),
    );

  /** DRY_RUN → VALIDATION. */
  @Saga()
  dryRunPassed = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(DryRunPassed),
      map((event) => new ValidateJobCommand(event.jobId)),
    );

  /** VALIDATION → ANONYMIZATION, or AWAITING_APPROVAL under `approval: manual`. */
  @Saga()
  validationPassed = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(ValidationPassed),
      map((event) =>
        event.view.approval === 'manual'
          ? new RequestApprovalCommand(event.jobId)
          : new RunAnonymizationCommand(event.jobId),
      ),
    );

  /** FAILED → ROLLED_BACK for an atomic job: its new copy was dropped, the target untouched. */
  @Saga()
  jobFailed = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(JobFailed),
      filter((event) => event.view.pendingRollback),
      map((event) => new RollBackJobCommand(event.jobId)),
    );
}
