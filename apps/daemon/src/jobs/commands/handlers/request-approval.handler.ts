import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JobEvents } from '../../job-events.service';
import { RequestApprovalCommand } from '../job-commands';

/** `approval: manual`: the job rests in AWAITING_APPROVAL until an operator approves it. */
@CommandHandler(RequestApprovalCommand)
export class RequestApprovalHandler implements ICommandHandler<RequestApprovalCommand> {
  constructor(private readonly events: JobEvents) {}

  async execute({ jobId }: RequestApprovalCommand): Promise<void> {
    await this.events.append(jobId, { type: 'ApprovalRequested' });
  }
}
