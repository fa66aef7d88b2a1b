import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ControlDatabase } from '../../../control/control-database';
import { inStatus, JobEvents } from '../../job-events.service';
import type { JobView } from '../../models/job-view';
import { CancelJobCommand } from '../job-commands';

/** NOTIFY channel on the control database telling the replica running a job to stop it. */
export const CANCEL_CHANNEL = 'confiture_daemon_cancel';

/**
 * A client cancels a job that has not finished. The request is recorded and announced on the control
 * database (the replica running the job stops its sync); a lease holder then finishes the cancel.
 */
@CommandHandler(CancelJobCommand)
export class CancelJobHandler implements ICommandHandler<CancelJobCommand, JobView> {
  constructor(
    private readonly events: JobEvents,
    private readonly control: ControlDatabase,
  ) {}

  async execute({ jobId, by }: CancelJobCommand): Promise<JobView> {
    const view = await this.events.append(
      jobId,
      { type: 'CancelRequested', by },
      inStatus(
        'be cancelled',
        'PENDING',
        'DRY_RUN',
        'VALIDATION',
        'AWAITING_APPROVAL',
        'ANONYMIZATION',
      ),
    );
    await this.control.pool.query('SELECT pg_notify($1, $2)', [CANCEL_CHANNEL, jobId]);
    return view;
  }
}
