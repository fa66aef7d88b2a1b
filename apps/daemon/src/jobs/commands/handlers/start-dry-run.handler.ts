import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RuntimeSettings } from '../../../config/runtime-settings';
import { RUNTIME } from '../../../config/tokens';
import { EventStore } from '../../event-store';
import { JobEvents } from '../../job-events.service';
import { SyncRunner } from '../../sync-runner';
import { StartDryRunCommand } from '../job-commands';

/** DRY_RUN: the sync's own pre-flight with `dryRun` (plan, PII gate, hooks); nothing is written. */
@CommandHandler(StartDryRunCommand)
export class StartDryRunHandler implements ICommandHandler<StartDryRunCommand> {
  constructor(
    @Inject(RUNTIME) private readonly runtime: RuntimeSettings,
    private readonly store: EventStore,
    private readonly events: JobEvents,
    private readonly runner: SyncRunner,
  ) {}

  async execute({ jobId }: StartDryRunCommand): Promise<void> {
    let view = await this.store.require(jobId);
    if (view.status === 'PENDING') {
      view = await this.events.append(jobId, {
        type: 'DryRunStarted',
        replica: this.runtime.replica,
      });
    }
    try {
      const summary = await this.runner.dryRunSummary(view);
      await this.events.append(jobId, { type: 'DryRunPassed', ...summary });
    } catch (error) {
      await this.events.failStep(jobId, 'DryRunFailed', 'DRY_RUN', error);
    }
  }
}
