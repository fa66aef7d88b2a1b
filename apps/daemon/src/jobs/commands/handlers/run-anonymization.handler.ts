import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DaemonConfig } from '@confiture/domain';
import type { SyncEvent } from '@confiture/domain';
import type { RuntimeSettings } from '../../../config/runtime-settings';
import { DAEMON_CONFIG, RUNTIME } from '../../../config/tokens';
import { MetricsService } from '../../../metrics/metrics.service';
import { JobQueue } from '../../../queue/job-queue';
import { EventStore } from '../../event-store';
import { JobEvents } from '../../job-events.service';
import { JobInterrupts } from '../../job-interrupts';
import { SyncRunner } from '../../sync-runner';
import { RunAnonymizationCommand } from '../job-commands';

/**
 * ANONYMIZATION: the sync itself, through the same library functions as `confiture sync` (with
 * `--atomic` for `mode: atomic`), resumed when the job was begun before. A stop request is thrown
 * into the sync through its event callback: a hand-over keeps what is committed (and an atomic
 * build) for the next lease holder; a cancel ends the job.
 */
@CommandHandler(RunAnonymizationCommand)
export class RunAnonymizationHandler implements ICommandHandler<RunAnonymizationCommand> {
  private readonly logger = new Logger('RunAnonymization');

  constructor(
    @Inject(DAEMON_CONFIG) private readonly config: DaemonConfig,
    @Inject(RUNTIME) private readonly runtime: RuntimeSettings,
    private readonly store: EventStore,
    private readonly events: JobEvents,
    private readonly runner: SyncRunner,
    private readonly interrupts: JobInterrupts,
    private readonly queue: JobQueue,
    private readonly metrics: MetricsService,
  ) {}

  async execute({ jobId }: RunAnonymizationCommand): Promise<void> {
    const before = await this.store.require(jobId);
    const view = await this.events.append(jobId, {
      type: 'AnonymizationStarted',
      replica: this.runtime.replica,
      resume: before.attempts > 0,
    });
    const started = Date.now();
    const graceMs = this.config.shutdown.grace_seconds * 1000;
    const onEvent = (event: SyncEvent) => {
      if (event.type === 'rows-copied') this.metrics.rows.inc(event.rows);
      if (event.type === 'table-finished' || event.type === 'phase-finished') {
        this.logger.log({ job: jobId, event }, 'sync progress');
      }
    };
    try {
      const outcome = await this.runner.run(view, {
        onEvent,
        stops: this.interrupts.forJob(jobId, graceMs),
      });
      this.metrics.durations.observe(
        { outcome: 'completed', mode: view.mode },
        (Date.now() - started) / 1000,
      );
      await this.events.append(jobId, {
        type: 'AnonymizationCompleted',
        report: outcome.report ?? {
          note: 'the new copy was swapped in by an earlier attempt of this job',
        },
        ...(outcome.swap ? { swap: { ...outcome.swap } } : {}),
      });
    } catch (error) {
      const reason = this.interrupts.reasonFor(jobId);
      if (reason === 'handover') {
        // Another lease first, then the event that frees this replica's lock.
        await this.queue.enqueue(jobId);
        await this.events.append(jobId, {
          type: 'AnonymizationHandedBack',
          replica: this.runtime.replica,
          reason: 'the replica is stopping',
        });
        return;
      }
      if (reason === 'cancel') {
        const latest = await this.store.require(jobId);
        const by = latest.cancelRequested ? 'cancel request' : 'unknown';
        if (view.mode === 'atomic') {
          await this.events.append(jobId, { type: 'RolledBack', how: 'new-copy-dropped', by });
        } else {
          await this.events.append(jobId, {
            type: 'JobCancelled',
            by,
            note: 'the in-place sync was stopped: the target is incomplete',
          });
        }
        return;
      }
      this.metrics.durations.observe(
        { outcome: 'failed', mode: view.mode },
        (Date.now() - started) / 1000,
      );
      const stored = this.events.errorOf(error);
      await this.events.append(jobId, {
        type: 'AnonymizationFailed',
        error: stored,
        targetTouched: view.mode !== 'atomic',
      });
      await this.events.append(jobId, {
        type: 'JobFailed',
        phase: 'ANONYMIZATION',
        error: stored,
        pendingRollback: view.mode === 'atomic',
      });
    }
  }
}
