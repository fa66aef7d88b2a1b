export {
  findTable,
  isUniqueColumn,
  readCatalog,
  SYSTEM_SCHEMAS,
  tableLabel,
  type CatalogColumn,
  type CatalogForeignKey,
  type CatalogTable,
  type DatabaseCatalog,
  type TypeCategory,
} from './lib/catalog';
export {
  connectionError,
  openConnection,
  pgClientConfig,
  stopCopyOut,
  type ConnectionRole,
  type OpenConnectionOptions,
} from './lib/connection';
export { chunkCondition, DEFAULT_CHUNK_ROWS, planChunks, type ChunkRange } from './lib/chunks';
export { CopyOutStream } from './lib/copy-out';
export {
  copyChunk,
  type BatchTransform,
  type ChunkCopy,
  type ChunkCopyResult,
} from './lib/copy-chunk';
export { dropOrphans, type OrphanCounts } from './lib/orphans';
export {
  columnInfo,
  planSync,
  usesTokenize,
  type PlanOptions,
  type PlannedColumn,
  type SamplePlan,
  type SyncPlan,
  type TablePlan,
} from './lib/plan';
export {
  runSync,
  type RecordedColumn,
  type AfterLoadContext,
  type BeforeWriteContext,
  type SyncHooks,
  type SyncOptions,
  type SyncRecorder,
  type TargetState,
} from './lib/run-sync';
export { createSecurityRecorder, type SecurityRecorderOptions } from './lib/security-recorder';
export { SharedSnapshot } from './lib/snapshot';
export { chunkSelect } from './lib/source-select';
export { StateStore, SYNC_PHASES, type RunRecord, type SyncPhase } from './lib/state-store';
export type {
  ColumnReport,
  ProgressPhase,
  RuleSample,
  SyncEvent,
  SyncReport,
  TableReport,
} from './lib/sync-report';
export {
  checkNoSourceValues,
  countRows,
  countSourceValuesInTarget,
  countUnchangedValues,
  foreignKeyStatus,
  type LeakCheckColumn,
  type VerificationCheck,
  type VerificationResult,
} from './lib/verify';
// Schema copy: recreate the source schema in the target without pg_dump.
export {
  applySchema,
  copySequenceValues,
  dropUserSchemas,
  readSchema,
  type ApplySchemaOptions,
  type SchemaObjectKind,
  type SchemaPhase,
  type SchemaStatement,
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
} from './lib/atomic/atomic-sync';
export { carryRecords, type CarriedRecords } from './lib/atomic/carry-records';
export { hasUnfinishedSync } from './lib/atomic/unfinished-run';
