import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConfitureError } from '@confiture/domain';
import { inStatus, JobEvents } from '../../job-events.service';
import type { JobView } from '../../models/job-view';
import { ApproveJobCommand } from '../job-commands';

/** An operator approves a job in AWAITING_APPROVAL (CONFLICT in any other state). */
@CommandHandler(ApproveJobCommand)
export class ApproveJobHandler implements ICommandHandler<ApproveJobCommand, JobView> {
  constructor(private readonly events: JobEvents) {}

  execute({ jobId, by }: ApproveJobCommand): Promise<JobView> {
    return this.events.append(jobId, { type: 'JobApproved', by }, (view) => {
      inStatus('be approved', 'AWAITING_APPROVAL')(view);
      if (view?.cancelRequested) {
        throw new ConfitureError(
          'CONFLICT',
          `job ${jobId} is being cancelled: it cannot be approved`,
        );
      }
    });
  }
}
