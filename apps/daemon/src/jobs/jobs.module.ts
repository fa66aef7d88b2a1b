import { Module } from '@nestjs/common';
import { ApproveJobHandler } from './commands/handlers/approve-job.handler';
import { CancelJobHandler } from './commands/handlers/cancel-job.handler';
import { EnqueueJobHandler } from './commands/handlers/enqueue-job.handler';
import { FinishCancelHandler } from './commands/handlers/finish-cancel.handler';
import { RequestApprovalHandler } from './commands/handlers/request-approval.handler';
import { RequestJobHandler } from './commands/handlers/request-job.handler';
import { RequestRollbackHandler } from './commands/handlers/request-rollback.handler';
import { RollBackJobHandler } from './commands/handlers/roll-back-job.handler';
import { RunAnonymizationHandler } from './commands/handlers/run-anonymization.handler';
import { StartDryRunHandler } from './commands/handlers/start-dry-run.handler';
import { ValidateJobHandler } from './commands/handlers/validate-job.handler';
import { JobEvents } from './job-events.service';
import { JobInterrupts } from './job-interrupts';
import { JobLeases } from './job-leases';
import { JobsController } from './jobs.controller';
import { GetJobEventsHandler, GetJobHandler, GetJobsHandler } from './queries/job-queries';
import { JobSagas } from './sagas/job.sagas';
import { SyncRunner } from './sync-runner';

const commandHandlers = [
  RequestJobHandler,
  EnqueueJobHandler,
  StartDryRunHandler,
  ValidateJobHandler,
  RequestApprovalHandler,
  ApproveJobHandler,
  RunAnonymizationHandler,
  CancelJobHandler,
  FinishCancelHandler,
  RequestRollbackHandler,
  RollBackJobHandler,
];
const queryHandlers = [GetJobsHandler, GetJobHandler, GetJobEventsHandler];

/** The jobs feature: commands, events, sagas and queries of the lifecycle, and its API. */
@Module({
  controllers: [JobsController],
  providers: [
    ...commandHandlers,
    ...queryHandlers,
    JobSagas,
    JobEvents,
    JobInterrupts,
    JobLeases,
    SyncRunner,
  ],
  exports: [JobLeases],
})
export class JobsModule {}
