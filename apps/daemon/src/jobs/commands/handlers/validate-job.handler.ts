import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '../../event-store';
import { JobEvents } from '../../job-events.service';
import { SyncRunner } from '../../sync-runner';
import { ValidateJobCommand } from '../job-commands';

/** VALIDATION: the profile the dry run planned, the recorder's keys, the atomic privileges. */
@CommandHandler(ValidateJobCommand)
export class ValidateJobHandler implements ICommandHandler<ValidateJobCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly events: JobEvents,
    private readonly runner: SyncRunner,
  ) {}

  async execute({ jobId }: ValidateJobCommand): Promise<void> {
    const view = await this.store.require(jobId);
    if (view.cancelRequested) return this.cancelled(jobId);
    try {
      const checks = await this.runner.validate(view);
      await this.events.append(jobId, { type: 'ValidationPassed', checks });
    } catch (error) {
      await this.events.failStep(jobId, 'ValidationFailed', 'VALIDATION', error);
    }
  }

  private async cancelled(jobId: string): Promise<void> {
    await this.events.append(jobId, { type: 'JobCancelled', by: 'cancel request' });
  }
}
