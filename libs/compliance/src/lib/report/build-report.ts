import { randomUUID } from 'node:crypto';
import { getCatalog } from '../catalog-registry';
import type { ComplianceConfig } from '../compliance-config';
import { describeDeadlineRule } from '../deadline-rule';
import type { RegulationId } from '../regulation-id';
import { combineOutcomes, evaluateEvidence } from '../requirement-status';
import {
  complianceReportSchema,
  type ComplianceEvidence,
  type ComplianceReport,
} from './report-schema';

/** What every report says about itself. */
export const REPORT_DISCLAIMER =
  'This report is evidence, not legal advice: it states what the records of this database show (signed audit log, lineage, token access log, PII audits, breach register) and what compliance.yaml declares. A requirement is met only when that evidence shows it; it says nothing about systems the records do not cover.';

/**
 * Builds a regulation's report from evidence and the controller's declarations: each requirement
 * with the outcome of each of its evidence kinds, a status, remediation hints, the coverage
 * figure, and the catalog's rights and breach rules. Pure: the same inputs give the same report.
 */
export function buildReport(
  regulation: RegulationId,
  evidence: ComplianceEvidence,
  config: ComplianceConfig | undefined,
  options: { now?: Date; id?: string } = {},
): ComplianceReport {
  const catalog = getCatalog(regulation);
  const requirements = catalog.requirements.map((requirement) => {
    const outcomes = requirement.evidence.map((kind) => evaluateEvidence(kind, evidence, config));
    return {
      id: requirement.id,
      reference: requirement.reference,
      title: requirement.title,
      theme: requirement.theme,
      status: combineOutcomes(outcomes),
      evidence: outcomes,
      remediation: [...new Set(outcomes.flatMap((o) => (o.remediation ? [o.remediation] : [])))],
      source: requirement.source,
    };
  });
  const count = (status: string) => requirements.filter((r) => r.status === status).length;
  const applicable = requirements.length - count('not_applicable');
  const declared = config?.applicable_regulations;
  const dpo = config?.dpo;
  return complianceReportSchema.parse({
    kind: 'confiture-compliance-report',
    version: 1,
    id: options.id ?? randomUUID(),
    generatedAt: (options.now ?? new Date()).toISOString(),
    regulation: {
      id: catalog.id,
      name: catalog.name,
      shortName: catalog.shortName,
      jurisdiction: catalog.jurisdiction,
      authority: catalog.authority,
      recordTitle: catalog.recordTitle,
      ...(declared ? { declaredApplicable: declared.includes(regulation) } : {}),
    },
    config: { present: config !== undefined, ...(config?.file ? { file: config.file } : {}) },
    record: {
      ...(config ? { controller: `${config.controller.name} (${config.controller.contact})` } : {}),
      ...(dpo
        ? {
            dpo: 'required' in dpo ? `not required: ${dpo.reason}` : `${dpo.name} (${dpo.contact})`,
          }
        : {}),
      purposes: (config?.purposes ?? []).map((p) =>
        p.legal_basis ? `${p.name}: ${p.legal_basis}` : p.name,
      ),
      dataSubjects: config?.data_subjects ?? [],
      dataCategories: config?.data_categories ?? [],
      recipients: declaredList(config?.recipients, (r) =>
        [r.name, r.role, r.country].filter(Boolean).join(', '),
      ),
      transfers: declaredList(
        config?.transfers,
        (t) => `${t.to}: ${t.mechanism ?? 'no mechanism declared'}`,
      ),
      ...(config?.retention
        ? {
            retention: [config.retention.copy, config.retention.records].filter(Boolean).join('; '),
          }
        : {}),
      securityMeasures: securityMeasures(evidence),
    },
    summary: {
      met: count('met'),
      partial: count('partial'),
      unmet: count('unmet'),
      notApplicable: count('not_applicable'),
      coveragePercent: applicable === 0 ? 0 : Math.floor((100 * count('met')) / applicable),
    },
    requirements,
    rights: catalog.rights.map((right) => ({
      right: right.right,
      reference: right.reference,
      deadline: { rule: describeDeadlineRule(right.deadline), source: right.deadline.source },
      ...(right.extension
        ? {
            extension: {
              rule: describeDeadlineRule(right.extension.by),
              source: right.extension.by.source,
              condition: right.extension.condition,
            },
          }
        : {}),
    })),
    breachRules: catalog.breach.map((rule) => ({
      recipient: rule.recipient,
      to: rule.to,
      deadline: { rule: describeDeadlineRule(rule.deadline), source: rule.deadline.source },
      runsFrom: rule.runsFromWording,
      threshold: rule.threshold.wording,
    })),
    evidence,
    notes: [
      ...catalog.notes,
      ...(declared && !declared.includes(regulation)
        ? [`compliance.yaml does not list ${catalog.shortName} among applicable_regulations.`]
        : []),
    ],
    disclaimer: REPORT_DISCLAIMER,
  });
}

/** A declared list as text: an empty declaration says "none", an absent one stays empty. */
function declaredList<T>(items: readonly T[] | undefined, text: (item: T) => string): string[] {
  if (!items) return [];
  return items.length === 0 ? ['none (declared)'] : items.map(text);
}

/** The technical measures the records show, in words (for Art. 30(1)(g)-style records). */
function securityMeasures(evidence: ComplianceEvidence): string[] {
  const strategies = [...new Set(evidence.columns.map((c) => c.strategy))].sort();
  const measures = [
    `${evidence.columns.length} column(s) anonymized on copy by the last sync (strategies: ${strategies.join(', ') || 'none'})`,
    `post-sync verification: ${evidence.lastSync.verification.state}`,
    `signed, hash-chained audit log and lineage (HMAC-SHA256): ${evidence.chains.auditLog.ok && evidence.chains.lineage.ok ? 'verified' : 'DO NOT VERIFY'}`,
  ];
  if (evidence.columns.some((c) => c.reversible)) {
    measures.push(
      'reversible columns: originals encrypted (AES-256-GCM) or FPE keys held by a key provider; every reversal signed in the token access log',
    );
  }
  return measures;
}
