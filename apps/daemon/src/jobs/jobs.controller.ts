import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentCaller } from '../auth/caller.decorator';
import { RequiresRole } from '../auth/roles.decorator';
import type { Caller } from '../auth/token-verifier';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import {
  ApproveJobCommand,
  CancelJobCommand,
  RequestJobCommand,
  RequestRollbackCommand,
} from './commands/job-commands';
import type { JobEventRecord } from './events/job-events';
import { createJobBody, emptyBody, jobIdParams, listJobsQuery } from './job-requests';
import type { JobView } from './models/job-view';
import { GetJobEventsQuery, GetJobQuery, GetJobsQuery } from './queries/job-queries';

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;

/** The jobs API: thin handlers that send a command or a query. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({
    summary: 'Request a sync between configured environments with a configured profile.',
  })
  @ApiBody({ schema: jsonSchema(createJobBody) })
  create(
    @Body(new ZodValidationPipe(createJobBody, 'body')) body: z.output<typeof createJobBody>,
    @CurrentCaller() caller: Caller,
  ): Promise<JobView> {
    return this.commands.execute(new RequestJobCommand(randomUUID(), body, `token ${caller.name}`));
  }

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Jobs, newest first; ?status= filters by status.' })
  list(
    @Query(new ZodValidationPipe(listJobsQuery, 'query')) query: z.output<typeof listJobsQuery>,
  ): Promise<JobView[]> {
    return this.queries.execute(new GetJobsQuery(query.status, query.limit));
  }

  @Get(':id')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'One job: its status and, when done, its sync report.' })
  get(
    @Param(new ZodValidationPipe(jobIdParams, 'params')) params: z.output<typeof jobIdParams>,
  ): Promise<JobView> {
    return this.queries.execute(new GetJobQuery(params.id));
  }

  @Get(':id/events')
  @RequiresRole('viewer')
  @ApiOperation({ summary: "The job's events, oldest first." })
  events(
    @Param(new ZodValidationPipe(jobIdParams, 'params')) params: z.output<typeof jobIdParams>,
  ): Promise<JobEventRecord[]> {
    return this.queries.execute(new GetJobEventsQuery(params.id));
  }

  @Post(':id/approve')
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Approve a job in AWAITING_APPROVAL.' })
  approve(
    @Param(new ZodValidationPipe(jobIdParams, 'params')) params: z.output<typeof jobIdParams>,
    @Body(new ZodValidationPipe(emptyBody, 'body')) _body: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<JobView> {
    return this.commands.execute(new ApproveJobCommand(params.id, `token ${caller.name}`));
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Cancel a job that has not finished (an atomic build is dropped).' })
  cancel(
    @Param(new ZodValidationPipe(jobIdParams, 'params')) params: z.output<typeof jobIdParams>,
    @Body(new ZodValidationPipe(emptyBody, 'body')) _body: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<JobView> {
    return this.commands.execute(new CancelJobCommand(params.id, `token ${caller.name}`));
  }

  @Post(':id/rollback')
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Swap the previous copy of a completed atomic job back in.' })
  rollback(
    @Param(new ZodValidationPipe(jobIdParams, 'params')) params: z.output<typeof jobIdParams>,
    @Body(new ZodValidationPipe(emptyBody, 'body')) _body: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<JobView> {
    return this.commands.execute(new RequestRollbackCommand(params.id, `token ${caller.name}`));
  }
}
