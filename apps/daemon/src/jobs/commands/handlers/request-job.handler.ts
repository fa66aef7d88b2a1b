import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConfitureError, type DaemonConfig } from '@confiture/domain';
import { DAEMON_CONFIG } from '../../../config/tokens';
import { JobEvents } from '../../job-events.service';
import type { JobView } from '../../models/job-view';
import { RequestJobCommand } from '../job-commands';

/**
 * Records a job. Its environments and profile must be names the configuration holds (checked
 * here, before any event: nothing is connected or read for a name it does not hold).
 */
@CommandHandler(RequestJobCommand)
export class RequestJobHandler implements ICommandHandler<RequestJobCommand, JobView> {
  constructor(
    @Inject(DAEMON_CONFIG) private readonly config: DaemonConfig,
    private readonly events: JobEvents,
  ) {}

  async execute({ jobId, request, by, schedule }: RequestJobCommand): Promise<JobView> {
    const has = (record: Record<string, string>, name: string) =>
      Object.prototype.hasOwnProperty.call(record, name);
    const problems: ConfitureError[] = [];
    for (const field of ['from', 'to'] as const) {
      if (!has(this.config.environments, request[field])) {
        problems.push(
          new ConfitureError(
            'ENVIRONMENT_NOT_FOUND',
            `environment "${request[field]}" is not configured`,
            {
              path: `body.${field}`,
              hint: `Name one of the configured environments: ${Object.keys(this.config.environments).join(', ')}.`,
            },
          ),
        );
      }
    }
    if (!has(this.config.profiles, request.profile)) {
      problems.push(
        new ConfitureError('NOT_FOUND', `profile "${request.profile}" is not configured`, {
          path: 'body.profile',
          hint: `Name one of the configured profiles: ${Object.keys(this.config.profiles).join(', ')}.`,
        }),
      );
    }
    if (problems.length === 1) throw problems[0]!;
    if (problems.length > 1) {
      throw new ConfitureError(
        'ENVIRONMENT_NOT_FOUND',
        `the request names ${problems.length} things the configuration does not hold`,
        {
          details: problems,
        },
      );
    }
    return this.events.append(
      jobId,
      { type: 'JobRequested', ...request, requestedBy: by, ...(schedule ? { schedule } : {}) },
      (view) => {
        if (view) throw new ConfitureError('CONFLICT', `job ${jobId} exists already`);
      },
    );
  }
}
