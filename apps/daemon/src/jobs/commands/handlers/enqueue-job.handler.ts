import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JobQueue } from '../../../queue/job-queue';
import { EnqueueJobCommand } from '../job-commands';

/** Puts a lease on the job in pg-boss: some replica takes it and works on the job. */
@CommandHandler(EnqueueJobCommand)
export class EnqueueJobHandler implements ICommandHandler<EnqueueJobCommand> {
  constructor(private readonly queue: JobQueue) {}

  async execute({ jobId }: EnqueueJobCommand): Promise<void> {
    await this.queue.enqueue(jobId);
  }
}
