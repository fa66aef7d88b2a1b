import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfitureError, type DaemonConfig, type DaemonSchedule } from '@confiture/domain';
import type { z } from 'zod';
import { CurrentCaller } from '../auth/caller.decorator';
import { RequiresRole } from '../auth/roles.decorator';
import type { Caller } from '../auth/token-verifier';
import { DAEMON_CONFIG } from '../config/tokens';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { RequestJobCommand } from '../jobs/commands/job-commands';
import { emptyBody, scheduleParams } from '../jobs/job-requests';
import type { JobView } from '../jobs/models/job-view';

/** The configured schedules, and running one now. */
@ApiTags('schedules')
@ApiBearerAuth()
@Controller('schedules')
export class SchedulesController {
  constructor(
    @Inject(DAEMON_CONFIG) private readonly config: DaemonConfig,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'The schedules of the configuration.' })
  list(): DaemonSchedule[] {
    return this.config.schedules;
  }

  @Post(':name/run')
  @HttpCode(202)
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Start a job of this schedule now (as its cron tick would).' })
  run(
    @Param(new ZodValidationPipe(scheduleParams, 'params')) params: z.output<typeof scheduleParams>,
    @Body(new ZodValidationPipe(emptyBody, 'body')) _body: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<JobView> {
    const schedule = this.config.schedules.find((s) => s.name === params.name);
    if (!schedule) {
      throw new ConfitureError('NOT_FOUND', `schedule "${params.name}" is not configured`, {
        path: 'params.name',
        hint: 'GET /schedules lists the configured schedules.',
      });
    }
    return this.commands.execute(scheduleJob(randomUUID(), schedule, `token ${caller.name}`));
  }
}

/** The job a schedule starts (by a tick, or by POST /schedules/{name}/run). */
export function scheduleJob(
  jobId: string,
  schedule: DaemonSchedule,
  by: string,
): RequestJobCommand {
  const { from, to, profile, approval, mode } = schedule;
  return new RequestJobCommand(jobId, { from, to, profile, approval, mode }, by, schedule.name);
}
