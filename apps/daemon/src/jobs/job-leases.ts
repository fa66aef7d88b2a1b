import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { DaemonConfig } from '@confiture/domain';
import type pg from 'pg';
import { DAEMON_CONFIG } from '../config/tokens';
import { ControlDatabase } from '../control/control-database';
import { JobQueue, leaseMarginSeconds } from '../queue/job-queue';
import { EventStore } from './event-store';
import { JobEvents } from './job-events.service';
import { JobInterrupts } from './job-interrupts';
import { nextCommand } from './job-resume';

/** Thrown to pg-boss to end a lease without finishing the job: pg-boss retries it at once. */
export class LeaseRenewed extends Error {
  constructor(jobId: string, why: string) {
    super(`lease on job ${jobId} given back: ${why}`);
    this.name = 'LeaseRenewed';
  }
}

interface LocalRun {
  done: Promise<void>;
  settle: () => void;
}

/** PostgreSQL notices a dead peer on the lock connection after about 10 + 3 × 5 s without an answer. */
const KEEPALIVE =
  'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3';

/**
 * Who works on a job: the replica whose session holds the job's advisory lock on the control
 * database, taken by the holder of a pg-boss lease. A lease holder that finds the lock taken waits
 * for it (a blocking lock wait, bounded by the lease) and gives the lease back; so while a long sync
 * runs, one other replica is usually waiting on its lock and takes over the moment PostgreSQL ends
 * the dead owner's session. No replica ever runs a job whose lock it does not hold.
 */
@Injectable()
export class JobLeases {
  private readonly logger = new Logger('JobLeases');
  private readonly running = new Map<string, LocalRun>();
  private stopping = false;

  constructor(
    @Inject(DAEMON_CONFIG) private readonly config: DaemonConfig,
    private readonly control: ControlDatabase,
    private readonly queue: JobQueue,
    private readonly store: EventStore,
    events: JobEvents,
    private readonly commandBus: CommandBus,
    private readonly interrupts: JobInterrupts,
  ) {
    events.onSettled((jobId) => this.running.get(jobId)?.settle());
  }

  /** Whether this replica holds job `jobId` now. */
  holds(jobId: string): boolean {
    return this.running.has(jobId);
  }

  /** Jobs this replica holds. */
  held(): string[] {
    return [...this.running.keys()];
  }

  /** The pg-boss handler of a lease on `jobId`. */
  async onLease(jobId: string): Promise<void> {
    const lease = this.config.jobs.lease_seconds;
    const until = Date.now() + (lease - leaseMarginSeconds(lease)) * 1000;
    const local = this.running.get(jobId);
    if (local) return this.waitWithin(jobId, local.done, until);
    if (this.stopping) throw new LeaseRenewed(jobId, 'this replica is stopping');
    const lock = await this.control.dedicatedClient(`confiture-daemon job ${jobId}`);
    try {
      await lock.query(KEEPALIVE).catch(() => undefined);
      await lock.query(`SET lock_timeout = ${Math.max(1, until - Date.now())}`);
      await lock.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [
        `confiture-daemon.job:${jobId}`,
      ]);
      await lock.query('SET lock_timeout = 0');
    } catch (error) {
      await lock.end().catch(() => undefined);
      if ((error as { code?: string }).code === '55P03') {
        throw new LeaseRenewed(jobId, 'another replica holds it');
      }
      throw error;
    }
    if (this.running.has(jobId) || this.stopping) {
      await lock.end().catch(() => undefined);
      throw new LeaseRenewed(jobId, 'taken meanwhile');
    }
    const run = this.drive(jobId, lock);
    return this.waitWithin(jobId, run, until);
  }

  /** Starts working on `jobId` under `lock`; resolves when the job rests, then frees the lock. */
  private drive(jobId: string, lock: pg.Client): Promise<void> {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const done = (async () => {
      try {
        const view = await this.store.view(jobId);
        const command = view && nextCommand(view);
        if (!command) return;
        this.logger.log({ job: jobId, command: command.constructor.name }, 'working on job');
        await this.commandBus.execute(command);
        await settled;
      } catch (error) {
        this.logger.error(
          { job: jobId, err: { message: (error as Error).message } },
          'job step failed',
        );
      } finally {
        this.running.delete(jobId);
        this.interrupts.clear(jobId);
        await lock.end().catch(() => undefined);
      }
    })();
    this.running.set(jobId, { done, settle });
    return done;
  }

  private async waitWithin(jobId: string, done: Promise<void>, until: number): Promise<void> {
    const timer = sleep(Math.max(0, until - Date.now())).then(() => 'lease' as const);
    const outcome = await Promise.race([done.then(() => 'done' as const), timer]);
    if (outcome === 'lease') throw new LeaseRenewed(jobId, 'still running here');
  }

  /**
   * SIGTERM: take no new lease; ask each running sync to stop after its chunks in flight, and wait
   * for them to hand their jobs back (with a new lease in the queue) or to finish.
   */
  async handBack(): Promise<void> {
    this.stopping = true;
    await this.queue.stopWorking();
    for (const jobId of this.running.keys()) this.interrupts.request(jobId, 'handover');
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Asks the sync of `jobId` to stop if it runs here (a cancel noticed through NOTIFY). */
  interrupt(jobId: string): void {
    if (this.running.has(jobId)) this.interrupts.request(jobId, 'cancel');
  }
}
