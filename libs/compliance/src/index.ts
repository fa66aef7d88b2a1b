// @confiture/compliance: regulation catalogs, reports built from real runs, the cross-regulation
// matrix and breach notices. See README.md.
export {
  appendComplianceEvent,
  complianceEventOf,
  type ComplianceEventKind,
} from './lib/audit-events';
export {
  BREACH_CATEGORIES,
  incidentInputSchema,
  parseIncidentFlags,
  SEVERITIES,
  type IncidentInput,
  type Severity,
} from './lib/breach/breach-incident';
export {
  noticesFor,
  type DueNotice,
  type IncidentNotices,
  type Obligation,
} from './lib/breach/breach-notices';
export { BREACH_TABLES, ensureBreachRegister, hasBreachRegister } from './lib/breach/breach-schema';
export {
  getIncident,
  listIncidents,
  recordIncident,
  recordNotification,
  type IncidentRecord,
  type NotificationRecord,
} from './lib/breach/breach-store';
export {
  describeDeadline,
  renderNoticesHtml,
  renderNoticesMarkdown,
} from './lib/breach/render-notices';
export {
  allCatalogs,
  getCatalog,
  regulationsForRegion,
  validateCatalog,
} from './lib/catalog-registry';
export {
  breachNoticeRuleSchema,
  regulationCatalogSchema,
  requirementSchema,
  rightSchema,
  RIGHTS,
  THEMES,
  type BreachNoticeRule,
  type RegulationCatalog,
  type RegulationCatalogInput,
  type Requirement,
  type Right,
  type RightRule,
  type Theme,
} from './lib/catalog-schema';
export { CONFLICTS, conflictSchema, type Conflict } from './lib/catalogs/conflicts';
export {
  complianceConfigSchema,
  complianceConfigShape,
  loadComplianceConfig,
  parseComplianceConfig,
  type ComplianceConfig,
} from './lib/compliance-config';
export { deadlineRuleSchema, describeDeadlineRule, type DeadlineRule } from './lib/deadline-rule';
export { computeDeadline, isPast, type Deadline, type DeadlineOptions } from './lib/deadlines';
export { readComplianceEvidence } from './lib/evidence';
export { EVIDENCE_KINDS, type EvidenceKind } from './lib/evidence-kind';
export {
  buildMatrix,
  type MatrixCell,
  type MatrixTheme,
  type RegulationMatrix,
} from './lib/matrix';
export { MATRIX_SECTIONS, renderMatrixHtml, renderMatrixMarkdown } from './lib/matrix-render';
export {
  isRegulationId,
  parseRegulationId,
  parseRegulationList,
  REGULATION_IDS,
  type RegulationId,
} from './lib/regulation-id';
export {
  combineOutcomes,
  combineStatuses,
  ESSENTIAL_EVIDENCE,
  evaluateEvidence,
  EVIDENCE_RULES,
} from './lib/requirement-status';
export { buildReport, REPORT_DISCLAIMER } from './lib/report/build-report';
export {
  buildComplianceReport,
  findReportRecord,
  issueComplianceReport,
  renderComplianceReport,
  REPORT_FORMATS,
  type BuildComplianceReportOptions,
  type IssuedReport,
  type ReportFormat,
} from './lib/report/compliance-report';
export { renderReportHtml } from './lib/report/render-html';
export { renderReportMarkdown } from './lib/report/render-markdown';
export { renderReportPdf } from './lib/report/render-pdf';
export { REPORT_SECTIONS } from './lib/report/report-sections';
export {
  complianceEvidenceSchema,
  complianceReportSchema,
  REQUIREMENT_STATUSES,
  type ComplianceEvidence,
  type ComplianceReport,
  type EvidenceOutcome,
  type RequirementStatus,
} from './lib/report/report-schema';
export {
  EXPORT_FORMATS,
  exportSubjectRows,
  type AccessManifest,
  type ExportedFile,
  type ExportFormat,
  type ExportOptions,
} from './lib/subjects/subject-export';
export { parseSubjectExpression, type SubjectExpression } from './lib/subjects/subject-expression';
export {
  countSubjectRows,
  findSubjectRows,
  inSubjectSnapshot,
  type SubjectRowCount,
  type SubjectRows,
} from './lib/subjects/subject-rows';
export {
  ERASURE_ACTIONS,
  subjectsConfigSchema,
  type ErasureAction,
  type SubjectsConfig,
} from './lib/subjects/subjects-config';
