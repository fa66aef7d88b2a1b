import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConfitureError } from '@confiture/domain';
import { inStatus, JobEvents } from '../../job-events.service';
import type { JobView } from '../../models/job-view';
import { RequestRollbackCommand } from '../job-commands';

/** A client asks to swap the previous copy of a COMPLETED atomic job back. */
@CommandHandler(RequestRollbackCommand)
export class RequestRollbackHandler implements ICommandHandler<RequestRollbackCommand, JobView> {
  constructor(private readonly events: JobEvents) {}

  execute({ jobId, by }: RequestRollbackCommand): Promise<JobView> {
    return this.events.append(jobId, { type: 'RollbackRequested', by }, (view) => {
      inStatus('be rolled back', 'COMPLETED')(view);
      if (view?.mode !== 'atomic') {
        throw new ConfitureError(
          'CONFLICT',
          `job ${jobId} synced in place: there is no previous copy to swap back`,
          {
            hint: 'Only jobs with mode: atomic keep the previous copy of their target.',
          },
        );
      }
      if (view.rollbackRequested)
        throw new ConfitureError('CONFLICT', `job ${jobId} is being rolled back already`);
    });
  }
}
