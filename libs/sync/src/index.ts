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
  type PlanOptions,
  type PlannedColumn,
  type SamplePlan,
  type SyncPlan,
  type TablePlan,
} from './lib/plan';
export {
  runSync,
  type AfterLoadContext,
  type BeforeWriteContext,
  type SyncHooks,
  type SyncOptions,
  type TargetState,
} from './lib/run-sync';
export { SharedSnapshot } from './lib/snapshot';
export { chunkSelect } from './lib/source-select';
export { StateStore, type RecordedPhase, type RunRecord } from './lib/state-store';
export {
  checkNoSourceValues,
  countRows,
  countSourceValuesInTarget,
  countUnchangedValues,
  foreignKeyStatus,
  type LeakCheckColumn,
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
