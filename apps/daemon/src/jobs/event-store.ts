import { Injectable } from '@nestjs/common';
import { ConfitureError } from '@confiture/domain';
import type pg from 'pg';
import { CONTROL_SCHEMA, ControlDatabase } from '../control/control-database';
import type { JobEventData, JobEventRecord } from './events/job-events';
import type { JobStatus } from './models/job-status';
import { applyEvent, projectJob, type JobView } from './models/job-view';

/** Checks a transition before its event is appended; throws (CONFLICT) to refuse it. */
export type TransitionGuard = (view: JobView | undefined) => void;

interface EventRow {
  sequence: string;
  job_id: string;
  version: number;
  type: string;
  recorded_at: Date;
  data: JobEventData;
}

/**
 * The event table of the control database and its projection, `jobs`. An append takes the job's
 * transaction-level advisory lock, checks the transition against the current view, writes the
 * event and the new view in one transaction: events of one job are totally ordered on every
 * replica, and the read model never disagrees with the log.
 */
@Injectable()
export class EventStore {
  constructor(private readonly control: ControlDatabase) {}

  /** Appends `data` to job `jobId` if `guard` allows it; returns the event and the new view. */
  async append(
    jobId: string,
    data: JobEventData,
    guard?: TransitionGuard,
  ): Promise<{ event: JobEventRecord; view: JobView }> {
    const client = await this.control.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('confiture_daemon.job:' || $1))`, [
        jobId,
      ]);
      const current = await this.viewWith(client, jobId);
      guard?.(current);
      const { rows } = await client.query<EventRow>(
        `INSERT INTO ${CONTROL_SCHEMA}.events (job_id, version, type, data)
         VALUES ($1, $2, $3, $4) RETURNING *`,
        [jobId, (current?.version ?? 0) + 1, data.type, JSON.stringify(data)],
      );
      const event = toRecord(rows[0]!);
      const view = applyEvent(current, event);
      await this.store(client, view);
      await client.query('COMMIT');
      return { event, view };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The job's view, or undefined. */
  async view(jobId: string): Promise<JobView | undefined> {
    return this.viewWith(this.control.pool, jobId);
  }

  /** The job's view; NOT_FOUND when there is no such job. */
  async require(jobId: string): Promise<JobView> {
    const view = await this.view(jobId);
    if (!view) {
      throw new ConfitureError('NOT_FOUND', `there is no job ${jobId}`, {
        hint: 'GET /jobs lists the jobs.',
      });
    }
    return view;
  }

  /** The job's events, oldest first. */
  async events(jobId: string): Promise<JobEventRecord[]> {
    const { rows } = await this.control.pool.query<EventRow>(
      `SELECT * FROM ${CONTROL_SCHEMA}.events WHERE job_id = $1 ORDER BY version`,
      [jobId],
    );
    return rows.map(toRecord);
  }

  /** Jobs, newest first, optionally of one status. */
  async list(options: { status?: JobStatus; limit: number }): Promise<JobView[]> {
    const { rows } = await this.control.pool.query<{ view: JobView }>(
      `SELECT view FROM ${CONTROL_SCHEMA}.jobs
        WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC LIMIT $2`,
      [options.status ?? null, options.limit],
    );
    return rows.map((r) => r.view);
  }

  /** Number of jobs by status. */
  async countByStatus(): Promise<Record<string, number>> {
    const { rows } = await this.control.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM ${CONTROL_SCHEMA}.jobs GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /**
   * Rebuilds the read model from the event table alone: every job's view is replayed from its
   * events, in one transaction. Returns the number of jobs.
   */
  async rebuild(): Promise<number> {
    const client = await this.control.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`LOCK TABLE ${CONTROL_SCHEMA}.events IN SHARE MODE`);
      await client.query(`DELETE FROM ${CONTROL_SCHEMA}.jobs`);
      const { rows } = await client.query<EventRow>(
        `SELECT * FROM ${CONTROL_SCHEMA}.events ORDER BY job_id, version`,
      );
      const byJob = new Map<string, JobEventRecord[]>();
      for (const row of rows) {
        const record = toRecord(row);
        byJob.set(record.jobId, [...(byJob.get(record.jobId) ?? []), record]);
      }
      for (const events of byJob.values()) {
        const view = projectJob(events);
        if (view) await this.store(client, view);
      }
      await client.query('COMMIT');
      return byJob.size;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async viewWith(
    client: pg.ClientBase | pg.Pool,
    jobId: string,
  ): Promise<JobView | undefined> {
    const { rows } = await client.query<{ view: JobView }>(
      `SELECT view FROM ${CONTROL_SCHEMA}.jobs WHERE job_id = $1`,
      [jobId],
    );
    return rows[0]?.view;
  }

  private async store(client: pg.ClientBase, view: JobView): Promise<void> {
    await client.query(
      `INSERT INTO ${CONTROL_SCHEMA}.jobs (job_id, status, created_at, updated_at, view)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (job_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, view = EXCLUDED.view`,
      [view.id, view.status, view.createdAt, view.updatedAt, JSON.stringify(view)],
    );
  }
}

function toRecord(row: EventRow): JobEventRecord {
  return {
    sequence: Number(row.sequence),
    jobId: row.job_id,
    version: row.version,
    type: row.data.type,
    recordedAt: row.recorded_at.toISOString(),
    data: row.data,
  };
}
