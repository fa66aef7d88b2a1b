export {
  ConfitureError,
  ERROR_CODES,
  formatLocation,
  isConfitureError,
  type ConfitureErrorOptions,
  type ErrorCode,
  type ErrorLocation,
} from './lib/confiture-error';
export {
  APPROVAL_MODES,
  DAEMON_ROLES,
  daemonConfigSchema,
  daemonConnection,
  daemonControlConnection,
  JOB_ISOLATIONS,
  loadDaemonConfig,
  parseDaemonConfig,
  SYNC_MODES,
  type ApprovalMode,
  type DaemonConfig,
  type DaemonConfigDocument,
  type DaemonRole,
  type DaemonSchedule,
  type DaemonToken,
  type JobIsolation,
  type SyncMode,
} from './lib/daemon-config';
export {
  environmentDocumentSchema,
  isConnectionUrl,
  loadEnvironmentFile,
  resolveConnection,
  type ConnectionConfig,
  type EnvironmentDocument,
  type ResolveConnectionOptions,
} from './lib/environment';
export { interpolateEnv, type InterpolationContext } from './lib/interpolate-env';
export {
  loadProfile,
  parseProfile,
  resolveProfile,
  type LoadProfileOptions,
  type Profile,
  type ResolvedRule,
  type TableProfile,
} from './lib/load-profile';
export {
  envVarName,
  globalSettingsSchema,
  KEY_PROVIDER_NAMES,
  nestedRuleSchema,
  orphanPolicy,
  performanceSettingsSchema,
  profileDocumentSchema,
  RULE_BASE_KEYS,
  ruleSchema,
  securitySettingsSchema,
  seedValue,
  strategyDefinitionSchema,
  tableSettingsSchema,
  type KeyProviderName,
  type OrphanPolicy,
  type ParsedProfileDocument,
  type PerformanceSettings,
  type ProfileDocument,
  type RuleDocument,
  type SecuritySettings,
} from './lib/profile-schema';
export { nestedRules, profileRules, rulesWithin, usesTokenize } from './lib/nested-rules';
export { summarizeProfile, type ProfileSummary } from './lib/profile-summary';
export { SYNC_PHASES, type SyncPhase } from './lib/sync-phase';
export type { CapturedToken, RecordedColumn, SyncRecorder } from './lib/sync-recorder';
export type {
  ColumnReport,
  RuleSample,
  SyncEvent,
  SyncReport,
  TableReport,
} from './lib/sync-report';
export type { VerificationCheck, VerificationResult } from './lib/verification';
export {
  formatQualifiedName,
  parseQualifiedName,
  quoteIdent,
  quoteLiteral,
  quoteQualified,
  sameName,
  type QualifiedName,
} from './lib/qualified-name';
export {
  formatYamlPath,
  MAX_CONFIG_BYTES,
  MAX_YAML_ALIASES,
  parseYamlSafely,
  readYamlFile,
  type ParsedYaml,
  type YamlPath,
} from './lib/safe-yaml';
export {
  MIN_REDACTED_SECRET_LENGTH,
  redactConnectionString,
  redactSecrets,
  Secret,
} from './lib/secret';
export {
  SECRET_ENVIRONMENT_VARIABLES,
  secretEnvironmentValues,
  secretVariableNames,
  type SecretSourceProfile,
} from './lib/secret-sources';
export { literalSeedWarnings, looksLikeProduction } from './lib/seed-safety';
export {
  effectiveSeedSource,
  profileSeedSources,
  readSeed,
  type SeedSource,
  type SeedSourcesOf,
} from './lib/seed-source';
export {
  MIN_SEED_BITS,
  MIN_SEED_DISTINCT_CHARACTERS,
  seedStrength,
  type SeedStrength,
} from './lib/seed-strength';
export type { NestedRuleRef, StrategyCatalog } from './lib/strategy-catalog';
export { combineErrors, issuesToErrors, strictObject, type IssueContext } from './lib/zod-issues';
