// @confiture/sync: the PostgreSQL engine of Confiture. Its public API is what the CLI, governance,
// the daemon and compliance use; everything else stays inside. See README.md.

// Running a sync, and taking part in one.
export { runSync } from './lib/run/run-sync';
export type { SyncOptions } from './lib/run/sync-options';
export type {
  CheckHook,
  CleanupHook,
  HookContext,
  HookPoint,
  HookResult,
  PhaseHook,
  PlannedSync,
  SyncHook,
  SyncOutcome,
  SyncStart,
} from './lib/run/hooks';
export type { TargetState } from './lib/preflight/target-state';
export type { PlannedColumn, SamplePlan, SyncPlan, TablePlan } from './lib/plan/plan';
// What a target records of its runs (status, phase reached, failure).
export { readLatestRun, type RecordedPhase, type RunRecord } from './lib/run/state-store';

// Connections: one clear error for every way connecting fails; source sessions read-only.
export {
  connectionError,
  openConnection,
  pgClientConfig,
  stopCopyOut,
  type ConnectionRole,
  type OpenConnectionOptions,
} from './lib/connection';
export { CopyOutStream } from './lib/data/copy-out';
export { inSavepoint } from './lib/savepoint';

// The catalog, the plan and the checks governance's detection and `confiture verify` build on.
export {
  notExtensionMemberCondition,
  readCatalog,
  userSchemaCondition,
  type CatalogColumn,
  type CatalogForeignKey,
  type CatalogTable,
  type DatabaseCatalog,
} from './lib/catalog';
export {
  collectReferencingRows,
  rowAddressCondition,
  type ReferencingRowsOptions,
  type RowAddress,
  type RowSeed,
  type RowSet,
} from './lib/graph/referencing-rows';
export { planSync, type PlanOptions } from './lib/plan/plan';
export { checkNoSourceValues } from './lib/verify/no-source-values';
export { checkRowCounts, type RowCountOptions, type SourceReading } from './lib/verify/row-counts';
export { checkForeignKeys } from './lib/verify/foreign-keys';

// Schema copy: recreate the source schema in the target without pg_dump (docs/schema-copy.md).
export {
  applySchema,
  copySequenceValues,
  dropUserSchemas,
  readSchema,
  readSkippedObjects,
  type ApplySchemaOptions,
  type SchemaObjectKind,
  type SchemaPhase,
  type SchemaStatement,
  type SkippedObject,
} from './lib/schema';
// Atomic refresh: build the new copy beside the target, swap names only after verification.
export { atomicDatabaseNames, type AtomicDatabaseNames } from './lib/atomic/atomic-names';
export {
  missingAtomicPrivileges,
  type MissingPrivilege,
  type OpenConnectionPolicy,
} from './lib/atomic/atomic-privileges';
export {
  checkAtomicPrivileges,
  dropAtomicBuild,
  rollbackAtomicSync,
  runAtomicSync,
  type AtomicRollbackOptions,
  type AtomicSwapReport,
  type AtomicSwapSettings,
  type AtomicSyncOptions,
  type AtomicSyncResult,
  type CarriedRecords,
} from './lib/atomic/atomic-sync';
export { hasUnfinishedSync } from './lib/atomic/unfinished-run';
