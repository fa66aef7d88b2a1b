import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { REGULATION_IDS, REPORT_FORMATS, type ReportFormat } from '@confiture/compliance';
import type { z } from 'zod';
import { RequiresRole } from '../auth/roles.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { reportParams, reportQuery } from './compliance-requests';
import {
  GetComplianceReportQuery,
  type RenderedReport,
} from './queries/get-compliance-report.query';

/** The Content-Type of each report format. */
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/** The compliance API: reports built from what a configured target's records show. */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance')
export class ComplianceController {
  constructor(private readonly queries: QueryBus) {}

  @Get('reports/:regulation')
  @RequiresRole('viewer')
  @ApiOperation({
    summary: "A regulation's compliance report for a configured environment (read-only).",
    description: `Regulations: ${REGULATION_IDS.join(', ')}. ?env= names an environment of the configuration; ?format= is json (default), md, html or pdf. Nothing is written to the target (docs/daemon.md).`,
  })
  // The HTML report is self-contained: no script, no request of its own.
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiParam({ name: 'regulation', enum: REGULATION_IDS })
  @ApiQuery({
    name: 'env',
    required: true,
    description: 'An environment name of the configuration (never a URL).',
    schema: { type: 'string' },
  })
  @ApiQuery({ name: 'format', required: false, enum: REPORT_FORMATS })
  @ApiProduces(...Object.values(REPORT_CONTENT_TYPES))
  async report(
    @Param(new ZodValidationPipe(reportParams, 'params')) params: z.output<typeof reportParams>,
    @Query(new ZodValidationPipe(reportQuery, 'query')) query: z.output<typeof reportQuery>,
  ): Promise<StreamableFile> {
    const rendered: RenderedReport = await this.queries.execute(
      new GetComplianceReportQuery(params.regulation, query.env, query.format),
    );
    const name = `${rendered.report.regulation.id}-${query.env}.${rendered.format}`;
    return new StreamableFile(rendered.bytes, {
      type: REPORT_CONTENT_TYPES[rendered.format],
      length: rendered.bytes.length,
      disposition: `${rendered.format === 'pdf' ? 'attachment' : 'inline'}; filename="${name}"`,
    });
  }
}
