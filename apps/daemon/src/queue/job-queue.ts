import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DaemonConfig, DaemonSchedule } from '@confiture/domain';
import PgBoss from 'pg-boss';
import { DAEMON_CONFIG } from '../config/tokens';
import { ControlDatabase, QUEUE_SCHEMA } from '../control/control-database';

/** The queue of job leases: one pg-boss job per piece of work on a daemon job. */
export const JOB_QUEUE = 'confiture-jobs';
/** Prefix of the queue a schedule's cron ticks go to (pg-boss keeps one schedule per queue). */
export const SCHEDULE_QUEUE_PREFIX = 'confiture-schedule-';
/** pg-boss workers per replica: one may wait on a job another replica runs while the other works. */
const WORKERS_PER_REPLICA = 2;

/** A schedule tick as a pg-boss job hands it over. */
export interface ScheduleTick {
  /** pg-boss's id of the tick: the same on every replica, so it names the job it starts. */
  id: string;
  schedule: string;
}

/**
 * pg-boss 10 on the control database: the job lease queue and the schedules' cron ticks.
 * A lease lasts `jobs.lease_seconds` (pg-boss `expireInSeconds`); its holder either works on the job
 * or waits for the job's advisory lock (see JobLeases), and gives the lease back before it expires,
 * which pg-boss turns into an immediate retry: the next lease. `retryLimit` bounds the renewals by
 * `jobs.max_run_hours`.
 */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger('JobQueue');
  private boss?: PgBoss;
  private started = false;

  constructor(
    @Inject(DAEMON_CONFIG) private readonly config: DaemonConfig,
    private readonly control: ControlDatabase,
  ) {}

  private get pgBoss(): PgBoss {
    if (!this.boss) throw new Error('the queue is not started yet');
    return this.boss;
  }

  /** Starts pg-boss (creating its schema on first use) and the lease queue. */
  async start(): Promise<void> {
    const { jobs } = this.config;
    await this.control.open();
    const boss = new PgBoss({
      ...this.control.clientConfig('confiture-daemon queue'),
      schema: QUEUE_SCHEMA,
      max: 4,
      maintenanceIntervalSeconds: jobs.maintenance_seconds,
      // Ticks are minute-level; check schedules often so a tick is sent soon after its minute starts.
      cronMonitorIntervalSeconds: 10,
      cronWorkerIntervalSeconds: 2,
    } as PgBoss.ConstructorOptions);
    boss.on('error', (error: Error) =>
      this.logger.warn({ err: { message: error.message } }, 'pg-boss error'),
    );
    this.boss = boss;
    // Replicas started together on a fresh control database deadlocked in pg-boss's
    // create_queue (both inserting the queue row and its partition): one at a time.
    await this.control.withLock('confiture_daemon.queue_start', async () => {
      await boss.start();
      this.started = true;
      await boss.createQueue(JOB_QUEUE, {
        name: JOB_QUEUE,
        policy: 'standard',
        ...this.leaseOptions,
      });
    });
  }

  /** The pg-boss options of a lease. */
  private get leaseOptions(): PgBoss.SendOptions {
    const { lease_seconds, max_run_hours } = this.config.jobs;
    return {
      expireInSeconds: lease_seconds,
      retryLimit:
        Math.ceil(
          (max_run_hours * 3600) / Math.max(1, lease_seconds - leaseMarginSeconds(lease_seconds)),
        ) + 10,
      retryDelay: 0,
      retryBackoff: false,
    };
  }

  /** Whether pg-boss is started and answers. */
  async ready(): Promise<boolean> {
    if (!this.started) return false;
    await this.pgBoss.getQueueSize(JOB_QUEUE);
    return true;
  }

  /** Asks for a lease on job `jobId` (duplicates are harmless: a lease re-reads the job's state). */
  async enqueue(jobId: string): Promise<void> {
    await this.pgBoss.send(JOB_QUEUE, { jobId }, this.leaseOptions);
  }

  /** Leases waiting to be taken (created or retry). */
  async depth(): Promise<number> {
    return this.pgBoss.getQueueSize(JOB_QUEUE);
  }

  /** Runs `handler` for each lease this replica takes. */
  async workJobs(handler: (jobId: string) => Promise<void>): Promise<void> {
    for (let i = 0; i < WORKERS_PER_REPLICA; i++) {
      await this.pgBoss.work<{ jobId: string }>(
        JOB_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: this.config.jobs.polling_seconds },
        async ([job]) => {
          if (job) await handler(job.data.jobId);
        },
      );
    }
  }

  /** Registers the configured schedules (and removes ours that the configuration no longer has). */
  async schedule(
    schedules: readonly DaemonSchedule[],
    onTick: (tick: ScheduleTick) => Promise<void>,
  ): Promise<void> {
    const wanted = new Set(schedules.map((s) => SCHEDULE_QUEUE_PREFIX + s.name));
    for (const existing of await this.pgBoss.getSchedules()) {
      if (existing.name.startsWith(SCHEDULE_QUEUE_PREFIX) && !wanted.has(existing.name)) {
        await this.pgBoss.unschedule(existing.name);
      }
    }
    for (const schedule of schedules) {
      const queue = SCHEDULE_QUEUE_PREFIX + schedule.name;
      await this.pgBoss.createQueue(queue, {
        name: queue,
        policy: 'standard',
        retryLimit: 3,
        retryDelay: 5,
      });
      await this.pgBoss.schedule(
        queue,
        schedule.cron,
        { schedule: schedule.name },
        { tz: schedule.timezone },
      );
      await this.pgBoss.work<{ schedule: string }>(
        queue,
        { batchSize: 1, pollingIntervalSeconds: this.config.jobs.polling_seconds },
        async ([job]) => {
          if (job) await onTick({ id: job.id, schedule: job.data.schedule });
        },
      );
    }
  }

  /** Stops taking leases and ticks (running handlers go on until they return). */
  async stopWorking(): Promise<void> {
    if (!this.started) return;
    await this.pgBoss.offWork(JOB_QUEUE);
    for (const schedule of this.config.schedules) {
      await this.pgBoss.offWork(SCHEDULE_QUEUE_PREFIX + schedule.name);
    }
  }

  /** Stops pg-boss; handlers still running after `timeoutMs` have their leases failed (retried). */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.pgBoss.stop({ graceful: true, wait: true, timeout: Math.max(1000, timeoutMs) });
  }
}

/** Seconds before a lease expires that its holder gives it back: pg-boss must not expire it first. */
export function leaseMarginSeconds(leaseSeconds: number): number {
  return Math.min(5, Math.max(1, Math.floor(leaseSeconds / 4)));
}
