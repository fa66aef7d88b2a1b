import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EventStore } from '../jobs/event-store';
import { JOB_STATUSES } from '../jobs/models/job-status';
import { JobQueue } from '../queue/job-queue';

/**
 * Prometheus metrics (prom-client): jobs by status and queue depth read from the control database at
 * each scrape (the same on every replica), rows and durations counted by the replica that ran them.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  /** Rows copied into targets by this replica. */
  readonly rows: Counter;
  /** Durations of the syncs this replica finished, by outcome. */
  readonly durations: Histogram;

  constructor(store: EventStore, queue: JobQueue) {
    collectDefaultMetrics({ register: this.registry, prefix: 'confiture_daemon_' });
    new Gauge({
      name: 'confiture_jobs',
      help: 'Jobs by status (all replicas).',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const counts = await store.countByStatus();
        for (const status of JOB_STATUSES) this.set({ status }, counts[status] ?? 0);
      },
    });
    new Gauge({
      name: 'confiture_queue_depth',
      help: 'Job leases waiting in the queue (created or retry).',
      registers: [this.registry],
      async collect() {
        this.set(await queue.depth());
      },
    });
    this.rows = new Counter({
      name: 'confiture_rows_copied_total',
      help: 'Rows copied into targets by this replica.',
      registers: [this.registry],
    });
    this.durations = new Histogram({
      name: 'confiture_sync_duration_seconds',
      help: 'Durations of the syncs this replica ran to an end, by outcome.',
      labelNames: ['outcome', 'mode'],
      buckets: [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 12 * 3600],
      registers: [this.registry],
    });
  }
}
