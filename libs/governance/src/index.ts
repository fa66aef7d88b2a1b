// @confiture/governance: PII detection, the fail-closed PII gate, post-sync leak scans and the
// governance pipeline. See README.md.
export {
  auditPii,
  type AuditedColumn,
  type AuditPiiOptions,
  type PiiAuditReport,
} from './lib/audit-pii';
export {
  compareSnapshots,
  readLastAudit,
  snapshotOf,
  storeAudit,
  type AuditedColumnSnapshot,
  type ColumnChanges,
  type StoredAudit,
  type StoreOutcome,
} from './lib/audit-store';
export {
  classifyColumn,
  DEFAULT_PII_THRESHOLD,
  type ClassifyColumnInput,
  type ColumnFinding,
  type ColumnSample,
  type Evidence,
} from './lib/classify-column';
export { commentSignals, nameSignals, tokenize, type NameSignal } from './lib/column-names';
export {
  coverageOf,
  isExcluded,
  isUnmapped,
  ruleFor,
  type Coverage,
  type CoverageStatus,
} from './lib/coverage';
export {
  detectPii,
  piiColumns,
  type DetectPiiOptions,
  type PiiDetection,
  type SamplingProblem,
} from './lib/detect-pii';
export { DEFAULT_SAMPLE_LIMITS, type SampleLimits } from './lib/sample-columns';
export {
  leakChecks,
  scanForLeaks,
  type ColumnLeak,
  type LeakScanOptions,
  type LeakScanReport,
  type RowKey,
  type SkippedColumn,
} from './lib/leak-scan';
export {
  checkPiiCoverage,
  describeFinding,
  type CoveredFinding,
  type PiiGateOptions,
  type PiiGateResult,
} from './lib/pii-gate';
export {
  PII_KIND_LABELS,
  PII_KINDS,
  VALUE_KINDS,
  type PiiKind,
  type ValueKind,
} from './lib/pii-kind';
export { classifyValue, isPersonName } from './lib/classify-value';
export { LEAK_KINDS, scanPolicyFor, type ScanPolicy } from './lib/scan-policy';
export { SyntheticValues } from './lib/synthetic-values';
export { runGovernedSync, type GovernedSyncOptions } from './lib/governed-sync';
export {
  GovernancePipeline,
  isPipelineStop,
  PIPELINE_HOOK_POINTS,
  PIPELINE_PHASES,
  PipelineRun,
  type EnteredPhase,
  type PhaseReport,
  type PipelineContext,
  type PipelineHook,
  type PipelineOutcome,
  type PipelinePhase,
  type PipelineReport,
  type PipelineSessions,
  type PipelineValidator,
  type StepReport,
  type ValidationOutcome,
  type ValidationPhase,
} from './lib/pipeline';
export { pipelineFromProfile, type GovernanceRegistry } from './lib/profile-pipeline';
export {
  createGovernanceHooks,
  type GovernanceHookOptions,
  type GovernanceHooks,
  type GovernanceReport,
} from './lib/sync-hooks';
export {
  completenessValidator,
  customValidator,
  rangeValidator,
  typeValidator,
  type CompletenessOptions,
  type RangeOptions,
  type TypeOptions,
} from './lib/validators';
export {
  verifyTarget,
  type VerificationReport,
  type VerifyTargetOptions,
} from './lib/verify-target';
