import { Global, Module } from '@nestjs/common';
import { EventStore } from '../jobs/event-store';
import { ApiAuditLog } from './api-audit-log';
import { ControlDatabase } from './control-database';

/** The control database: its pool, the job event table and the API audit log. */
@Global()
@Module({
  providers: [ControlDatabase, EventStore, ApiAuditLog],
  exports: [ControlDatabase, EventStore, ApiAuditLog],
})
export class ControlModule {}
