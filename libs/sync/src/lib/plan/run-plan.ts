import type { Profile } from '@confiture/domain';
import type pg from 'pg';
import { findTable, type DatabaseCatalog } from '../catalog';
import { needsSingleChunk } from '../data/source-select';
import type { SchemaStatement } from '../schema';
import { DEFAULT_CHUNK_ROWS, planChunks, type ChunkRange } from './chunks';
import type { SyncPlan } from './plan';

/** What the run record keeps so that `--resume` repeats exactly the same work. */
export interface RunPlan {
  /** Every copied table and its chunks (key ranges), in plan order. */
  tables: { schema: string; name: string; chunks: ChunkRange[] }[];
  /** The post-data statements, each a step recorded when done. */
  postData: SchemaStatement[];
}

/** The source schema cut where the data goes in: pre-data before the load, post-data after. */
export interface SchemaSections {
  preData: SchemaStatement[];
  postData: SchemaStatement[];
}

// Built before loading when disable_indexes is false. Indexes of materialized views stay after
// the refresh, and partition index attachments after the indexes they attach.
const INDEX_KINDS = new Set(['primary-key', 'unique', 'index', 'exclusion']);

/**
 * Splits the source schema into its sections. With `performance.disable_indexes: false`, the keys
 * and indexes of tables move to pre-data: they are built before loading.
 */
export function schemaSections(
  statements: readonly SchemaStatement[],
  profile: Profile,
  catalog: DatabaseCatalog,
): SchemaSections {
  const early = (statement: SchemaStatement) =>
    !profile.performance.disable_indexes &&
    statement.phase === 'post-data' &&
    INDEX_KINDS.has(statement.kind) &&
    statement.table !== undefined &&
    findTable(catalog, statement.table) !== undefined;
  return {
    preData: statements.filter((s) => s.phase === 'pre-data' || early(s)),
    postData: statements.filter((s) => s.phase === 'post-data' && !early(s)),
  };
}

/**
 * Plans a fresh run: the key-range chunks of every copied table (read in the source's snapshot),
 * and the post-data steps.
 */
export async function planRun(
  source: pg.ClientBase,
  plan: SyncPlan,
  postData: SchemaStatement[],
  chunkRows = DEFAULT_CHUNK_ROWS,
): Promise<RunPlan> {
  const tables: RunPlan['tables'] = [];
  for (const table of plan.tables) {
    if (table.excluded) continue;
    const chunks = needsSingleChunk(table)
      ? [{ index: 0 }]
      : await planChunks(source, table.name, table.chunkKey, table.estimatedRows, chunkRows);
    tables.push({ schema: table.name.schema, name: table.name.name, chunks });
  }
  return { tables, postData };
}
