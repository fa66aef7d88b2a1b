import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator';
import { ControlDatabase } from '../control/control-database';
import { JobQueue } from '../queue/job-queue';

/** Liveness and readiness (terminus), without a token. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly control: ControlDatabase,
    private readonly queue: JobQueue,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'The process answers.' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'The control database and the queue answer.' })
  ready() {
    return this.health.check([
      async () => {
        const check = this.indicators.check('control');
        try {
          await this.control.pool.query('SELECT 1');
          return check.up();
        } catch (error) {
          return check.down({ message: (error as Error).message });
        }
      },
      async () => {
        const check = this.indicators.check('queue');
        try {
          return (await this.queue.ready()) ? check.up() : check.down({ message: 'not started' });
        } catch (error) {
          return check.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
