import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { DaemonConfig } from '@confiture/domain';
import type { Logger as PinoLogger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import { ComplianceModule } from './compliance/compliance.module';
import { DaemonConfigModule } from './config/config.module';
import type { RuntimeSettings } from './config/runtime-settings';
import { ControlModule } from './control/control.module';
import { DaemonLifecycle } from './daemon-lifecycle';
import { HealthModule } from './health/health.module';
import { AuditInterceptor } from './http/audit.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { JobsModule } from './jobs/jobs.module';
import type { SecretValues } from './logging/secret-values';
import { MetricsModule } from './metrics/metrics.module';
import { QueueModule } from './queue/queue.module';
import { SchedulesModule } from './schedules/schedules.module';

/** What the application module is built from. */
export interface AppOptions {
  config: DaemonConfig;
  runtime: RuntimeSettings;
  secrets: SecretValues;
  logger: PinoLogger;
}

/** The daemon: one module per feature, the guard, the problem-details filter and the audit interceptor. */
@Module({})
export class AppModule {
  /** The module for one configuration. */
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DaemonConfigModule.forRoot(options.config, options.runtime, options.secrets),
        CqrsModule.forRoot(),
        ControlModule,
        QueueModule,
        MetricsModule,
        JobsModule,
        SchedulesModule,
        HealthModule,
        ComplianceModule.forRoot(options.config),
      ],
      providers: [
        DaemonLifecycle,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
    };
  }
}
