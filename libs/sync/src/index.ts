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
} from './lib/catalog';
export {
  connectionError,
  openConnection,
  pgClientConfig,
  stopCopyOut,
  type ConnectionRole,
  type OpenConnectionOptions,
} from './lib/connection';
export { chunkCondition, DEFAULT_CHUNK_ROWS, planChunks, type ChunkRange } from './lib/plan/chunks';
export { CopyOutStream } from './lib/data/copy-out';
export {
  copyChunk,
  type BatchTransform,
  type ChunkCopy,
  type ChunkCopyResult,
} from './lib/data/copy-chunk';
export { dropOrphans, type OrphanCounts } from './lib/post-data/orphans';
export {
  columnInfo,
  planSync,
  type PlanOptions,
  type PlannedColumn,
  type SamplePlan,
  type SyncPlan,
  type TablePlan,
} from './lib/plan/plan';
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
export { SharedSnapshot } from './lib/preflight/snapshot';
export { chunkSelect } from './lib/data/source-select';
export { StateStore, type RecordedPhase, type RunRecord } from './lib/run/state-store';
export {
  checkNoSourceValues,
  countSourceValuesInTarget,
  countUnchangedValues,
  type LeakCheckColumn,
} from './lib/verify/no-source-values';
export {
  checkRowCounts,
  countRows,
  type RowCountOptions,
  type RowCountResult,
  type SourceReading,
} from './lib/verify/row-counts';
export { checkForeignKeys } from './lib/verify/foreign-keys';
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
