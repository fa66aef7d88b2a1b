import { loadComplianceConfig, type ComplianceConfig } from '@confiture/compliance';
import type { DaemonConfig } from '@confiture/domain';

/** Injection token of the controller facts ({@link ComplianceFacts}). */
export const COMPLIANCE_FACTS = Symbol('COMPLIANCE_FACTS');

/** compliance.yaml as the daemon read it at start, or none when `compliance:` is not configured. */
export interface ComplianceFacts {
  config?: ComplianceConfig;
}

/**
 * Reads the `compliance:` file of the configuration once, at start: a bad compliance.yaml stops
 * the daemon with its file and YAML path, as a bad configuration does, instead of failing a request.
 */
export function loadComplianceFacts(config: Pick<DaemonConfig, 'compliance'>): ComplianceFacts {
  return config.compliance ? { config: loadComplianceConfig(config.compliance) } : {};
}
