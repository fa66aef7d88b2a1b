import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isConfitureError, type DaemonConfig } from '@confiture/domain';
import type pg from 'pg';
import { DAEMON_CONFIG } from './config/tokens';
import { ApiAuditLog } from './control/api-audit-log';
import { ControlDatabase } from './control/control-database';
import { CANCEL_CHANNEL } from './jobs/commands/handlers/cancel-job.handler';
import { JobLeases } from './jobs/job-leases';
import { JobQueue, type ScheduleTick } from './queue/job-queue';
import { scheduleJob } from './schedules/schedules.controller';

/**
 * Start and stop of a replica: the control schema, pg-boss, the schedules, the job workers and the
 * cancel channel; and on SIGTERM, no new work, running syncs handed back, pg-boss stopped.
 */
@Injectable()
export class DaemonLifecycle implements OnApplicationBootstrap {
  private readonly logger = new Logger('Daemon');
  private listener?: pg.Client;

  constructor(
    @Inject(DAEMON_CONFIG) private readonly config: DaemonConfig,
    private readonly control: ControlDatabase,
    private readonly audit: ApiAuditLog,
    private readonly queue: JobQueue,
    private readonly leases: JobLeases,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.control.migrate();
    await this.audit.prepare();
    await this.queue.start();
    this.listener = await this.control.dedicatedClient('confiture-daemon cancel listener');
    this.listener.on('notification', (message) => {
      if (message.channel === CANCEL_CHANNEL && message.payload)
        this.leases.interrupt(message.payload);
    });
    await this.listener.query(`LISTEN ${CANCEL_CHANNEL}`);
    await this.queue.workJobs((jobId) => this.leases.onLease(jobId));
    await this.queue.schedule(this.config.schedules, (tick) => this.onTick(tick));
  }

  /** A cron tick: the job it starts is named after the tick, so a repeated tick starts none. */
  private async onTick(tick: ScheduleTick): Promise<void> {
    const schedule = this.config.schedules.find((s) => s.name === tick.schedule);
    if (!schedule) return;
    try {
      await this.commands.execute(scheduleJob(tick.id, schedule, `schedule ${schedule.name}`));
      this.logger.log({ job: tick.id, schedule: schedule.name }, 'schedule tick started a job');
    } catch (error) {
      if (isConfitureError(error) && error.code === 'CONFLICT') return;
      throw error;
    }
  }

  /** SIGTERM: stop taking work, hand running jobs back, stop pg-boss. */
  async shutdown(): Promise<void> {
    this.logger.log({ held: this.leases.held() }, 'stopping: handing running jobs back');
    await this.leases.handBack();
    await this.queue.stop(this.config.shutdown.grace_seconds * 1000);
    await this.listener?.end().catch(() => undefined);
  }
}
