import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EventStore } from '../event-store';
import type { JobEventRecord } from '../events/job-events';
import type { JobStatus } from '../models/job-status';
import type { JobView } from '../models/job-view';

/** Jobs, newest first, optionally of one status. */
export class GetJobsQuery {
  constructor(
    readonly status?: JobStatus,
    readonly limit = 100,
  ) {}
}

/** One job (NOT_FOUND when there is none). */
export class GetJobQuery {
  constructor(readonly jobId: string) {}
}

/** The events of one job, oldest first. */
export class GetJobEventsQuery {
  constructor(readonly jobId: string) {}
}

/** Reads the jobs' projection. */
@QueryHandler(GetJobsQuery)
export class GetJobsHandler implements IQueryHandler<GetJobsQuery, JobView[]> {
  constructor(private readonly store: EventStore) {}

  execute({ status, limit }: GetJobsQuery): Promise<JobView[]> {
    return this.store.list({ ...(status ? { status } : {}), limit });
  }
}

/** Reads one job's projection. */
@QueryHandler(GetJobQuery)
export class GetJobHandler implements IQueryHandler<GetJobQuery, JobView> {
  constructor(private readonly store: EventStore) {}

  execute({ jobId }: GetJobQuery): Promise<JobView> {
    return this.store.require(jobId);
  }
}

/** Reads one job's events. */
@QueryHandler(GetJobEventsQuery)
export class GetJobEventsHandler implements IQueryHandler<GetJobEventsQuery, JobEventRecord[]> {
  constructor(private readonly store: EventStore) {}

  async execute({ jobId }: GetJobEventsQuery): Promise<JobEventRecord[]> {
    await this.store.require(jobId);
    return this.store.events(jobId);
  }
}
