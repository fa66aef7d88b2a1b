import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '../../event-store';
import { JobEvents } from '../../job-events.service';
import { SyncRunner } from '../../sync-runner';
import { RollBackJobCommand } from '../job-commands';

/**
 * ROLLED_BACK: after a failed atomic job (its new copy was dropped before any swap: the target was
 * never touched), or on request for a completed one (the previous copy is swapped back).
 */
@CommandHandler(RollBackJobCommand)
export class RollBackJobHandler implements ICommandHandler<RollBackJobCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly events: JobEvents,
    private readonly runner: SyncRunner,
  ) {}

  async execute({ jobId }: RollBackJobCommand): Promise<void> {
    const view = await this.store.require(jobId);
    if (view.status === 'FAILED') {
      // runAtomicSync dropped the new copy when the sync failed; make sure it is gone.
      await this.runner.dropBuild(view).catch(() => undefined);
      await this.events.append(jobId, { type: 'RolledBack', how: 'new-copy-dropped' });
      return;
    }
    const events = await this.store.events(jobId);
    const request = [...events].reverse().find((e) => e.data.type === 'RollbackRequested');
    const by = request?.data.type === 'RollbackRequested' ? request.data.by : undefined;
    try {
      await this.runner.rollback(view);
      await this.events.append(jobId, {
        type: 'RolledBack',
        how: 'previous-copy-swapped-back',
        ...(by ? { by } : {}),
      });
    } catch (error) {
      await this.events.append(jobId, {
        type: 'RollbackFailed',
        error: this.events.errorOf(error),
      });
    }
  }
}
