import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequiresRole } from '../auth/roles.decorator';
import { MetricsService } from './metrics.service';

/** Prometheus metrics (text exposition format). */
@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @RequiresRole('viewer')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Jobs by status, rows, durations, queue depth.' })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
