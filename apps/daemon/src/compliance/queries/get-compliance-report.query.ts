import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  buildComplianceReport,
  isRegulationId,
  REGULATION_IDS,
  renderComplianceReport,
  type ComplianceReport,
  type RegulationId,
  type ReportFormat,
} from '@confiture/compliance';
import { ConfitureError, daemonConnection, type DaemonConfig } from '@confiture/domain';
import { AuditKey } from '@confiture/security';
import { openConnection } from '@confiture/sync';
import type { RuntimeSettings } from '../../config/runtime-settings';
import { DAEMON_CONFIG, RUNTIME } from '../../config/tokens';
import { SecretValues } from '../../logging/secret-values';
import { COMPLIANCE_FACTS, type ComplianceFacts } from '../compliance-facts';

/** A regulation's report for a configured environment, in one format. */
export class GetComplianceReportQuery {
  constructor(
    readonly regulation: string,
    readonly env: string,
    readonly format: ReportFormat,
  ) {}
}

/** A rendered report. */
export interface RenderedReport {
  report: ComplianceReport;
  format: ReportFormat;
  bytes: Buffer;
}

/**
 * Builds the report with the library functions `confiture compliance report` uses
 * (`buildComplianceReport`, `renderComplianceReport`), over a read-only session: unlike the CLI,
 * it signs nothing into the target's audit log (a GET changes nothing). The regulation and the
 * environment are checked against the seven and the configuration before anything is connected.
 */
@QueryHandler(GetComplianceReportQuery)
export class GetComplianceReportHandler implements IQueryHandler<
  GetComplianceReportQuery,
  RenderedReport
> {
  constructor(
    @Inject(DAEMON_CONFIG) private readonly config: DaemonConfig,
    @Inject(RUNTIME) private readonly runtime: RuntimeSettings,
    @Inject(COMPLIANCE_FACTS) private readonly facts: ComplianceFacts,
    private readonly secrets: SecretValues,
  ) {}

  async execute({ regulation, env, format }: GetComplianceReportQuery): Promise<RenderedReport> {
    const id = this.checkNames(regulation, env);
    const connection = daemonConnection(this.config, env, this.runtime.env);
    this.secrets.add(connection.password);
    const auditKey = AuditKey.fromEnv(this.runtime.env);
    const client = await openConnection(connection, {
      role: 'source',
      applicationName: 'confiture-daemon compliance',
    });
    try {
      const report = await buildComplianceReport(client, {
        regulation: id,
        auditKey,
        ...(this.facts.config ? { config: this.facts.config } : {}),
      });
      return { report, format, bytes: await renderComplianceReport(report, format) };
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** The regulation id, or NOT_FOUND naming each unknown name (both when both are unknown). */
  private checkNames(regulation: string, env: string): RegulationId {
    const id = regulation.trim().toLowerCase();
    const problems: ConfitureError[] = [];
    if (!isRegulationId(id)) {
      problems.push(
        new ConfitureError(
          'NOT_FOUND',
          `unknown regulation "${regulation}"; known: ${REGULATION_IDS.join(', ')}`,
          { path: 'params.regulation', hint: `Name one of ${REGULATION_IDS.join(', ')}.` },
        ),
      );
    }
    if (!Object.prototype.hasOwnProperty.call(this.config.environments, env)) {
      problems.push(
        new ConfitureError('NOT_FOUND', `environment "${env}" is not configured`, {
          path: 'query.env',
          hint: `Name one of the configured environments: ${Object.keys(this.config.environments).join(', ') || '(none)'}.`,
        }),
      );
    }
    if (problems.length === 1) throw problems[0]!;
    if (problems.length > 1) {
      throw new ConfitureError(
        'NOT_FOUND',
        `the request names ${problems.length} things the daemon does not know`,
        { details: problems },
      );
    }
    return id as RegulationId;
  }
}
