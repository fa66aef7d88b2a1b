import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';

/** pg-boss on the control database. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class QueueModule {}
