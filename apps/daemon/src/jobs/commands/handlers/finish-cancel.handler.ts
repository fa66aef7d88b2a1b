import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '../../event-store';
import { JobEvents } from '../../job-events.service';
import { SyncRunner } from '../../sync-runner';
import { FinishCancelCommand } from '../job-commands';

/**
 * Ends a cancelled job that no sync is running for: an atomic job whose sync had begun has its new
 * copy dropped (ROLLED_BACK, the target untouched); any other ends CANCELLED.
 */
@CommandHandler(FinishCancelCommand)
export class FinishCancelHandler implements ICommandHandler<FinishCancelCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly events: JobEvents,
    private readonly runner: SyncRunner,
  ) {}

  async execute({ jobId }: FinishCancelCommand): Promise<void> {
    const view = await this.store.require(jobId);
    const events = await this.store.events(jobId);
    const by = [...events].reverse().find((e) => e.data.type === 'CancelRequested');
    const who = by?.data.type === 'CancelRequested' ? by.data.by : 'unknown';
    if (view.mode === 'atomic' && view.attempts > 0) {
      await this.runner.dropBuild(view).catch(() => undefined);
      await this.events.append(jobId, { type: 'RolledBack', how: 'new-copy-dropped', by: who });
      return;
    }
    await this.events.append(jobId, {
      type: 'JobCancelled',
      by: who,
      ...(view.attempts > 0
        ? { note: 'the in-place sync had begun: the target is incomplete' }
        : {}),
    });
  }
}
