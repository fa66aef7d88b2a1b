import { Module, type DynamicModule } from '@nestjs/common';
import type { DaemonConfig } from '@confiture/domain';
import { COMPLIANCE_FACTS, loadComplianceFacts } from './compliance-facts';
import { ComplianceController } from './compliance.controller';
import { GetComplianceReportHandler } from './queries/get-compliance-report.query';

/** The compliance feature: `GET /compliance/reports/{regulation}`. */
@Module({})
export class ComplianceModule {
  /** Reads compliance.yaml of `config` now, so that a bad one stops the start. */
  static forRoot(config: DaemonConfig): DynamicModule {
    return {
      module: ComplianceModule,
      controllers: [ComplianceController],
      providers: [
        { provide: COMPLIANCE_FACTS, useValue: loadComplianceFacts(config) },
        GetComplianceReportHandler,
      ],
    };
  }
}
