import { Module } from '@nestjs/common';
import { SchedulesController } from './schedules.controller';

/** The configured cron schedules. */
@Module({ controllers: [SchedulesController] })
export class SchedulesModule {}
